"""The annex "Description de l'opération" of the ordinary-housing conventions (reference §14.1, also used by
the avenant blocks): 1° designation, 2° nature and financing, 3° composition with the dwelling tables and their
totals (all, then per financement), 4° origin of ownership, 5° administrative data and loans."""

from docx.enum.text import WD_ALIGN_PARAGRAPH

from conventions.documents.redacteur import Redacteur

COLONNES_LOGEMENTS = [
    ("Désignation", 3.1),
    ("Type", 1.3),
    ("Surface habitable (R. 111-2 / R. 156-1)", 1.9),
    ("Surface réelle des annexes", 1.8),
    ("Annexes retenues", 1.7),
    ("Surface utile", 1.8),
    ("Loyer max. par m² de SU", 1.8),
    ("Coeffi-cient", 1.6),
    ("Loyer maximum (col. 4 × 5 × 6)", 2.4),
]
CELLULES_LOGEMENTS = [
    "{{ ligne.designation }}",
    "{{ ligne.typologie_libelle }}",
    "{{ ligne.surface_habitable|nombre }}",
    "{{ ligne.surface_annexes|nombre }}",
    "{{ ligne.surface_annexes_retenue|nombre }}",
    "{{ ligne.surface_utile|nombre }}",
    "{{ ligne.loyer_par_metre_carre|nombre }}",
    "{{ ligne.coefficient|coefficient }}",
    "{{ ligne.loyer|nombre }}",
]


def total_logements(prefixe: str) -> list[str]:
    """The total row of a dwelling table; `prefixe` is "" (all dwellings), "f." (one financement) or
    "tableaux_logements.su." (the dwellings in surface utile with rents)."""
    return [
        f"Total : {{{{ {prefixe}nb_lignes }}}} logement{{{{ {prefixe}nb_lignes|pluriel }}}}",
        "",
        f"{{{{ {prefixe}sh_totale|nombre }}}}",
        f"{{{{ {prefixe}sa_totale|nombre }}}}",
        f"{{{{ {prefixe}sar_totale|nombre }}}}",
        f"{{{{ {prefixe}su_totale|nombre }}}}",
        "",
        "",
        f"{{{{ {prefixe}loyer_total|nombre }}}}",
    ]


def _total(prefixe: str, colonnes: list[str]) -> list[str]:
    """The total row of the tables 5 bis to 5 quater: `colonnes` = the context key summed under each column."""
    nombre = f"Total : {{{{ {prefixe}nb_lignes }}}} logement{{{{ {prefixe}nb_lignes|pluriel }}}}"
    return [nombre, *[f"{{{{ {prefixe}{cle}|nombre }}}}" if cle else "" for cle in colonnes[1:]]]


# The other dwelling tables of ordinary housing (reference §13.7): (number, title, key, columns, cells, totals).
SU = "tableaux_logements.su"
SU_SANS_LOYER = "tableaux_logements.su_sans_loyer"
CORRIGEE = "tableaux_logements.corrigee"
CORRIGEE_SANS_LOYER = "tableaux_logements.corrigee_sans_loyer"
AUTRES_TABLEAUX = [
    (
        "5 bis. Logements en surface utile, sans loyer :",
        SU_SANS_LOYER,
        [
            ("Désignation", 3.6),
            ("Type", 1.5),
            ("Surface habitable (R. 111-2 / R. 156-1)", 2.6),
            ("Surface réelle des annexes", 2.4),
            ("Annexes retenues", 2.4),
            ("Surface utile", 2.5),
        ],
        CELLULES_LOGEMENTS[:6],
        ["", "", "sh_totale", "sa_totale", "sar_totale", "su_totale"],
    ),
    (
        "5 ter. Logements en surface corrigée et loyers maximums :",
        CORRIGEE,
        [
            ("Désignation", 3.4),
            ("Type", 1.4),
            ("Surface habitable (R. 111-2 / R. 156-1)", 2.2),
            ("Surface corrigée", 2.2),
            ("Loyer max. par m² de surface corrigée", 2.4),
            ("Coeffi-cient", 1.7),
            ("Loyer maximum (col. 4 × 5 × 6)", 2.9),
        ],
        [*CELLULES_LOGEMENTS[:3], "{{ ligne.surface_corrigee|nombre }}", *CELLULES_LOGEMENTS[6:]],
        ["", "", "sh_totale", "sc_totale", "", "", "loyer_total"],
    ),
    (
        "5 quater. Logements en surface corrigée, sans loyer :",
        CORRIGEE_SANS_LOYER,
        [
            ("Désignation", 5.6),
            ("Type", 2.2),
            ("Surface habitable (R. 111-2 / R. 156-1)", 4.6),
            ("Surface corrigée", 4.6),
        ],
        [*CELLULES_LOGEMENTS[:3], "{{ ligne.surface_corrigee|nombre }}"],
        ["", "", "sh_totale", "sc_totale"],
    ),
]


def listes_logements(r: Redacteur):
    """5. The dwellings in surface utile with their rents (printed also when there is no dwelling at all), then
    each other table of ordinary housing that has dwellings (5 bis to 5 quater)."""
    r.si(f"{SU}.logements or not logements")
    r.p("5. Liste des logements conventionnés et loyers maximums :")
    r.tableau(
        COLONNES_LOGEMENTS,
        f"{SU}.logements",
        CELLULES_LOGEMENTS,
        total=total_logements(f"{SU}."),
        droite=(2, 3, 4, 5, 6, 7, 8),
    )
    r.fin()
    for titre, tableau, colonnes, cellules, totaux in AUTRES_TABLEAUX:
        r.si(f"{tableau}.logements")
        r.p(titre)
        r.tableau(
            colonnes,
            f"{tableau}.logements",
            cellules,
            total=_total(f"{tableau}.", totaux),
            droite=tuple(range(2, len(colonnes))),
        )
        r.fin()


def champ(r: Redacteur, titre: str, expression: str, images: str):
    r.champ_avec_images(titre, expression, images)


def designation(r: Redacteur):
    r.rubrique("1° Désignation du ou des immeubles")
    r.si("references_cadastrales")
    r.tableau(
        [("Section", 2.5), ("Numéro", 2.5), ("Lieu-dit", 5.4), ("Surface", 4), ("Autre", 3)],
        "references_cadastrales",
        [
            "{{ ligne.section }}",
            "{{ ligne.numero }}",
            "{{ ligne.lieudit }}",
            "{{ ligne.surface }}",
            "{{ ligne.autre }}",
        ],
    )
    r.sinon()
    r.p("Références cadastrales : voir le plan joint.")
    r.fin()
    champ(r, "Précisions cadastrales", "programme.reference_cadastrale", "reference_cadastrale_images")
    champ(r, "Effet relatif", "programme.effet_relatif", "effet_relatif_images")
    edd(r)


def edd(r: Redacteur):
    champ(
        r,
        "État descriptif de division volumétrique",
        "(lot.edd_volumetrique or programme.edd_volumetrique)",
        "edd_volumetrique_images",
    )
    r.si("programme.mention_publication_edd_volumetrique")
    r.p("Publication : {{ programme.mention_publication_edd_volumetrique }}")
    r.fin()
    champ(
        r,
        "État descriptif de division et règlement de copropriété",
        "(lot.edd_classique or programme.edd_classique)",
        "edd_classique_images",
    )
    r.si("programme.mention_publication_edd_classique")
    r.p("Publication : {{ programme.mention_publication_edd_classique }}")
    r.fin()
    r.si("logement_edds")
    r.rubrique("État descriptif de division simplifié")
    r.tableau(
        [("N° du lot (défini automatiquement)", 3.4), ("Financement", 3), ("Désignation", 6.5), ("N° de lot", 4.5)],
        "logement_edds",
        ["{{ ligne.lot_num }}", "{{ ligne.financement }}", "{{ ligne.designation }}", "{{ ligne.numero_lot }}"],
    )
    r.si("lot_num")
    r.p("La convention porte sur le lot n° {{ lot_num }}.")
    r.fin()
    r.fin()


def nature(r: Redacteur):
    r.rubrique("2° Nature de l'opération et financement")
    r.justifie(
        "Opération{% if programme.type_operation_phrase %}{{ programme.type_operation_phrase }}{% endif %}, "
        "{% for f in financements %}{{ f.nb_logements|entier }} logement{{ f.nb_logements|pluriel }} "
        "{{ f.libelle }}{% if not loop.last %}, {% endif %}{% endfor %}, habitat {{ lot.type_habitat_libelle|lower }}"
        "{% if programme.anru %}, bénéficiant d'un financement de l'ANRU{% endif %}."
    )


def composition(r: Redacteur):
    r.rubrique("3° Composition de l'opération")
    r.p("A. Locaux conventionnés", style="Rubrique")
    r.p("1. Nombre de logements par type :")
    r.si("typologies")
    r.tableau(
        [("Type", 8), ("Nombre", 4)],
        "typologies",
        ["{{ ligne.libelle }}", "{{ ligne.nombre }}"],
        total=["Total", "{{ logements|length }}"],
        droite=(1,),
    )
    r.fin()
    r.si("lot.mixite")
    r.justifie(
        "Dont, au titre de la mixité sociale : {{ mixPLUS_30pc }} logement{{ mixPLUS_30pc|pluriel }} réservé"
        "{{ mixPLUS_30pc|pluriel }} aux ménages sous 60 % du plafond et {{ mixPLUS_10pc }} logement"
        "{{ mixPLUS_10pc|pluriel }} pouvant être loué{{ mixPLUS_10pc|pluriel }} au-delà du plafond."
    )
    r.fin()
    r.p("2. Surface habitable totale : {{ sh_totale|nombre }} m².")
    r.p(
        "3 bis. Annexes prises en compte dans la surface utile : {% if lot.annexes_incluses %}"
        "{{ lot.annexes_incluses|join(', ')|lower }}{% else %}aucune{% endif %}."
    )
    r.p(
        "3 ter. Surface des locaux collectifs résidentiels : {% if surface_locaux_collectifs_residentiels %}"
        "{{ surface_locaux_collectifs_residentiels|nombre }} m²{% else %}néant{% endif %}."
    )
    r.p("4. Surface utile totale : {{ su_totale|nombre }} m².")
    surface_corrigee_totale(r)
    listes_logements(r)
    # 5-b: one table per financement, only for a convention with several (a single one is table 5 itself).
    r.tag("{%p for f in financements if financements|length > 1 %}")
    r.p("5-b. Logements financés en {{ f.libelle }} :", style="Rubrique")
    r.tableau(
        COLONNES_LOGEMENTS,
        "f.logements",
        CELLULES_LOGEMENTS,
        total=total_logements("f."),
        droite=(2, 3, 4, 5, 6, 7, 8),
    )
    r.tag("{%p endfor %}")
    annexes_loyer(r)
    r.p("B. Locaux non conventionnés", style="Rubrique")
    r.p(
        "Locaux commerciaux : {{ programme.nb_locaux_commerciaux or 0 }} ; bureaux : {{ programme.nb_bureaux or 0 }}"
        "{% if programme.autres_locaux_hors_convention %} ; autres : {{ programme.autres_locaux_hors_convention }}"
        "{% endif %}."
    )


def surface_corrigee_totale(r: Redacteur):
    r.si("sc_totale")
    r.p("4 bis. Surface corrigée totale : {{ sc_totale|nombre }} m².")
    r.fin()


def annexes_loyer(r: Redacteur):
    r.p("6. Annexes donnant lieu à un loyer accessoire :")
    r.p("{% if liste_des_annexes %}{{ liste_des_annexes }}.{% else %}aucune.{% endif %}")
    r.si("stationnements")
    r.tableau(
        [
            ("Type d'annexe définie à l'article D. 353-16, dernier alinéa du 2°", 8.4),
            ("Nombre", 3),
            ("Loyer maximum conventionné de l'annexe en euros par mois", 6),
        ],
        "stationnements",
        ["{{ ligne.typologie_libelle }}", "{{ ligne.nb_stationnements }}", "{{ ligne.loyer|montant }}"],
        droite=(1, 2),
    )
    r.fin()
    r.si("annexes")
    r.tableau(
        [
            ("Type d'annexe", 3),
            ("Désignation du logement", 4.4),
            ("Typologie", 1.8),
            ("Surface", 2.4),
            ("Loyer unitaire", 2.6),
            ("Loyer maximum", 3.2),
        ],
        "annexes",
        [
            "{{ ligne.typologie_libelle }}",
            "{{ ligne.logement_designation }}",
            "{{ ligne.logement_typologie }}",
            "{{ ligne.surface_hors_surface_retenue|nombre }}",
            "{{ ligne.loyer_par_metre_carre|nombre }}",
            "{{ ligne.loyer|nombre }}",
        ],
        droite=(3, 4, 5),
    )
    r.fin()


def origine(r: Redacteur):
    r.rubrique("4° Origine des propriétés")
    champ(r, "Vendeur", "programme.vendeur", "vendeur_images")
    champ(r, "Acquéreur", "programme.acquereur", "acquereur_images")
    r.p("Date de l'acte notarié : {{ programme.date_acte_notarie|date_longue_ou_blanc }}")
    champ(r, "Notaire", "programme.reference_notaire", "reference_notaire_images")
    champ(
        r,
        "Référence de publication de l'acte",
        "programme.reference_publication_acte",
        "reference_publication_acte_images",
    )


def renseignements(r: Redacteur):
    r.rubrique("5° Renseignements administratifs")
    r.p("5.1 Permis de construire : {{ programme.permis_construire or '………' }}")
    r.p(
        "5.2 Date d'achèvement des travaux : {{ programme.date_achevement_compile|date_longue_ou_blanc }}"
        "{% if programme.date_achevement_compile and not programme.date_achevement %} (prévisionnelle){% endif %}"
    )
    r.p("5.3 Date d'achat : {{ programme.date_achat|date_longue_ou_blanc }}")
    r.p("5.4 Financement de l'opération")
    prets(r)


def prets(r: Redacteur):
    colonnes = [("Numéro", 3.4), ("Date d'octroi", 2.8), ("Durée", 2.2), ("Montant", 3.5), ("Organisme", 5.5)]
    cellules = [
        "{{ ligne.numero }}",
        "{{ ligne.date_octroi|date_courte }}",
        "{% if ligne.duree %}{{ ligne.duree }} an{{ ligne.duree|pluriel }}{% endif %}",
        "{{ ligne.montant|montant }}",
        "{{ ligne.preteur_libelle }}",
    ]
    r.si("prets_cdc")
    r.p("Prêts de la Caisse des dépôts et consignations :")
    r.tableau(
        colonnes, "prets_cdc", cellules, total=["Total", "", "", "{{ prets_cdc_total|montant }}", ""], droite=(3,)
    )
    r.fin()
    r.si("autres_prets")
    r.p("Financement complémentaire :")
    r.tableau(
        colonnes, "autres_prets", cellules, total=["Total", "", "", "{{ autres_prets_total|montant }}", ""], droite=(3,)
    )
    r.fin()
    r.p(
        "Fonds propres : {% if convention.fond_propre is not none %}{{ convention.fond_propre|montant }}"
        "{% else %}………{% endif %}."
    )


def annexe_operation(r: Redacteur, titre: str = "Annexe – Description de l'opération"):
    r.doc.add_page_break()
    r.titre_partie(titre)
    designation(r)
    nature(r)
    composition(r)
    origine(r)
    renseignements(r)


def centre(r: Redacteur, texte: str):
    return r.p(texte, align=WD_ALIGN_PARAGRAPH.CENTER)
