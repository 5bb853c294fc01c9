"""The articles of the convention templates, in our own French wording (see build_templates.py)."""

from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Pt

from conventions.documents.modeles import HLM, SEM, TYPE1, TYPE2
from conventions.documents.redacteur import Redacteur, ecrire, insecable, largeurs
from conventions.enums import TYPE2_OPTIONS

TITRES = {
    HLM: "pour des logements appartenant à un organisme d'habitations à loyer modéré",
    SEM: "pour des logements appartenant à une société d'économie mixte",
    TYPE1: "de type I, pour des logements appartenant à un bailleur qui n'est ni un organisme HLM ni une SEM",
    TYPE2: "de type II, pour des logements appartenant à un bailleur qui n'est ni un organisme HLM ni une SEM",
}


def en_tete(r: Redacteur):
    r.p("RÉPUBLIQUE FRANÇAISE", style="Sous-titre convention")
    r.p("CONVENTION OUVRANT DROIT À L'AIDE PERSONNALISÉE AU LOGEMENT", style="Titre convention")
    r.p(
        f"conclue entre l'État et le bailleur en application de l'article L. 831-1 du code de la construction "
        f"et de l'habitation, {TITRES[r.modele]}",
        style="Sous-titre convention",
    )
    r.p(
        "Convention {% if convention.numero %}n° {{ convention.numero }}{% else %}– numéro attribué à la "
        "validation{% endif %}",
        style="Sous-titre convention",
    )
    r.p(
        "Opération « {{ programme.nom }} » à {{ programme.ville }} ({{ programme.code_postal }})"
        "{% if programme.numero_operation %} – opération n° {{ programme.numero_operation }}{% endif %}",
        style="Sous-titre convention",
    )


def parties(r: Redacteur):
    r.rubrique("Entre les soussignés")
    r.justifie(
        "L'État, représenté par {% if administration.nom %}{{ administration.nom }}{% else %}le service "
        "instructeur{% endif %}, ci-après dénommé « l'administration »,"
    )
    r.p("d'une part,", align=WD_ALIGN_PARAGRAPH.RIGHT)
    r.justifie(
        "et {{ bailleur.nom }} ({{ bailleur.categorie }}){% if bailleur.capital_social %}, au capital de "
        "{{ bailleur.capital_social|montant }}{% endif %}, SIRET {{ bailleur.siret }}, dont le siège est situé "
        "{{ bailleur.adresse }}, {{ bailleur.code_postal }} {{ bailleur.ville }}, représenté par "
        "{{ bailleur.signataire_nom }}{% if bailleur.signataire_fonction %}, {{ bailleur.signataire_fonction }}"
        "{% endif %}{% if bailleur.signataire_date_deliberation %}, habilité à signer la présente convention "
        "depuis le {{ bailleur.signataire_date_deliberation|date_longue }}{% endif %}, ci-après dénommé "
        "« le bailleur »,"
    )
    r.p("d'autre part,", align=WD_ALIGN_PARAGRAPH.RIGHT)
    r.justifie(
        "Vu le code de la construction et de l'habitation, notamment ses articles L. 831-1 et suivants relatifs "
        "aux conventions ouvrant droit à l'aide personnalisée au logement ;"
    )
    if r.modele == SEM:
        r.justifie("Vu les statuts de la société d'économie mixte et l'objet social qu'ils lui assignent ;")
    r.justifie("Il est convenu ce qui suit.")


def objet(r: Redacteur):
    r.titre_article("Objet de la convention")
    r.justifie(
        "La présente convention fixe les engagements réciproques de l'État et du bailleur pour les "
        "{{ lot.nb_logements|entier }} logement{{ lot.nb_logements|pluriel }} en habitat "
        "{{ lot.type_habitat_libelle|lower }} de l'opération « {{ programme.nom }} », financé"
        "{{ lot.nb_logements|pluriel }} en {{ lot.financement_libelle }}{% if programme.type_operation_phrase %}"
        " et réalisé{{ lot.nb_logements|pluriel }}{{ programme.type_operation_phrase }}{% endif %}, situé"
        "{{ lot.nb_logements|pluriel }} {{ programme.adresse|sur_une_ligne }}, {{ programme.code_postal }} "
        "{{ programme.ville }}."
    )
    r.justifie(
        "Pendant toute sa durée, les locataires de ces logements peuvent bénéficier de l'aide personnalisée au "
        "logement (APL) dans les conditions prévues par la réglementation."
    )
    r.tag("{%p if locaux_hors_convention %}")
    r.justifie("Ne relèvent pas de la présente convention : {{ locaux_hors_convention }}.")
    r.tag("{%p endif %}")


def propriete(r: Redacteur):
    r.titre_article("Désignation de l'immeuble et titre de propriété")
    r.champ_avec_images("Vendeur", "programme.vendeur", "vendeur_images")
    r.champ_avec_images("Acquéreur", "programme.acquereur", "acquereur_images")
    r.tag("{%p if programme.date_acte_notarie or programme.date_achat %}")
    r.p(
        "Date de l'acte : {{ (programme.date_acte_notarie or programme.date_achat)|date_longue }}"
        "{% if programme.date_achat and programme.date_acte_notarie %} (achat le "
        "{{ programme.date_achat|date_longue }}){% endif %}"
    )
    r.tag("{%p endif %}")
    r.champ_avec_images("Notaire", "programme.reference_notaire", "reference_notaire_images")
    r.champ_avec_images(
        "Publication de l'acte au fichier immobilier",
        "programme.reference_publication_acte",
        "reference_publication_acte_images",
    )
    r.champ_avec_images("Effet relatif", "programme.effet_relatif", "effet_relatif_images")
    r.tag("{%p if programme.permis_construire %}")
    r.p("Permis de construire : {{ programme.permis_construire }}")
    r.tag("{%p endif %}")
    r.tag("{%p if programme.date_achevement_compile %}")
    r.p(
        "Achèvement des travaux : {{ programme.date_achevement_compile|date_longue }}"
        "{% if not programme.date_achevement %} (date prévisionnelle){% endif %}"
    )
    r.tag("{%p endif %}")
    r.rubrique("Références cadastrales")
    r.tag("{%p if references_cadastrales %}")
    r.tableau(
        [("Section", 3), ("Numéro", 3), ("Lieu-dit", 6.4), ("Surface", 5)],
        "references_cadastrales",
        ["{{ ligne.section }}", "{{ ligne.numero }}", "{{ ligne.lieudit }}", "{{ ligne.surface }}"],
    )
    r.tag("{%p else %}")
    r.p("Aucune référence cadastrale n'a été renseignée.")
    r.tag("{%p endif %}")
    r.champ_avec_images("Précisions cadastrales", "programme.reference_cadastrale", "reference_cadastrale_images")


def edd(r: Redacteur):
    r.titre_article("État descriptif de division")
    r.tag(
        "{%p if not (lot.edd_volumetrique or programme.edd_volumetrique or lot.edd_classique or "
        "programme.edd_classique or logement_edds or edd_volumetrique_images or edd_classique_images) %}"
    )
    r.p("L'immeuble ne fait l'objet d'aucun état descriptif de division.")
    r.tag("{%p endif %}")
    r.champ_avec_images(
        "État descriptif de division volumétrique",
        "(lot.edd_volumetrique or programme.edd_volumetrique)",
        "edd_volumetrique_images",
    )
    r.tag("{%p if programme.mention_publication_edd_volumetrique %}")
    r.p("Publication : {{ programme.mention_publication_edd_volumetrique }}")
    r.tag("{%p endif %}")
    r.champ_avec_images(
        "État descriptif de division et règlement de copropriété",
        "(lot.edd_classique or programme.edd_classique)",
        "edd_classique_images",
    )
    r.tag("{%p if programme.mention_publication_edd_classique %}")
    r.p("Publication : {{ programme.mention_publication_edd_classique }}")
    r.tag("{%p endif %}")
    r.tag("{%p if logement_edds %}")
    r.rubrique("État descriptif de division simplifié")
    r.p(
        "{% if lot_num %}Les logements de la présente convention forment le groupe n° {{ lot_num }} "
        "({{ lot.financement_libelle }}).{% endif %}"
    )
    r.tableau(
        [("Groupe", 2), ("Désignation du logement", 7.4), ("Financement", 3.5), ("N° de lot", 4.5)],
        "logement_edds",
        ["{{ ligne.lot_num }}", "{{ ligne.designation }}", "{{ ligne.financement }}", "{{ ligne.numero_lot }}"],
    )
    r.tag("{%p endif %}")


def financement(r: Redacteur):
    r.titre_article("Financement de l'opération")
    r.tag("{%p if prets_cdc %}")
    r.rubrique("Prêts de la Caisse des dépôts et consignations")
    r.tableau(
        [("Prêteur", 4.4), ("Numéro", 3.5), ("Date d'octroi", 3), ("Durée", 2.5), ("Montant", 4)],
        "prets_cdc",
        [
            "{{ ligne.preteur_libelle }}",
            "{{ ligne.numero }}",
            "{{ ligne.date_octroi|date_courte }}",
            "{% if ligne.duree %}{{ ligne.duree }} an{{ ligne.duree|pluriel }}{% endif %}",
            "{{ ligne.montant|montant }}",
        ],
        droite=(4,),
    )
    r.tag("{%p endif %}")
    r.tag("{%p if autres_prets %}")
    r.rubrique("Autres prêts et subventions")
    r.tableau(
        [("Prêteur", 4.4), ("Numéro", 3.5), ("Date d'octroi", 3), ("Durée", 2.5), ("Montant", 4)],
        "autres_prets",
        [
            "{{ ligne.preteur_libelle }}",
            "{{ ligne.numero }}",
            "{{ ligne.date_octroi|date_courte }}",
            "{% if ligne.duree %}{{ ligne.duree }} an{{ ligne.duree|pluriel }}{% endif %}",
            "{{ ligne.montant|montant }}",
        ],
        droite=(4,),
    )
    r.tag("{%p endif %}")
    r.tag("{%p if not prets_cdc and not autres_prets %}")
    r.p("Aucun prêt ni aucune subvention n'a été déclaré.")
    r.tag("{%p endif %}")
    r.p(
        "{% if prets_cdc or autres_prets %}Total des prêts et subventions : {{ prets_total|montant }}. "
        "{% endif %}Fonds propres du bailleur : {% if convention.fond_propre is not none %}"
        "{{ convention.fond_propre|montant }}{% else %}non renseignés{% endif %}."
    )


def duree(r: Redacteur):
    r.titre_article("Durée")
    r.justifie(
        "La présente convention prend effet à la date de sa signature par les deux parties. Elle expire le "
        "{% if convention.date_fin_conventionnement %}{{ convention.date_fin_conventionnement|date_longue }}"
        "{% else %}………………{% endif %}."
    )
    r.justifie(
        "Elle se renouvelle ensuite par tacite reconduction, par périodes de trois ans, à moins que l'une des "
        "parties n'y mette fin par lettre recommandée avec demande d'avis de réception envoyée au moins six mois "
        "avant l'échéance."
    )


def logements(r: Redacteur):
    r.titre_article("Logements conventionnés et loyers maximaux")
    r.justifie(
        "Le loyer mensuel maximum de chaque logement est le produit de sa surface utile, du loyer maximum au "
        "mètre carré de surface utile, fixé à {{ loyer_m2|montant }}, et du coefficient propre au logement. Les "
        "surfaces sont exprimées en mètres carrés et les loyers en euros par mois."
    )
    r.tableau(
        [
            ("Désignation", 3.1),
            ("Type", 1.3),
            ("Surface habitable", 1.8),
            ("Surface des annexes", 1.8),
            ("Annexes retenues", 1.8),
            ("Surface utile", 1.8),
            ("Loyer max. par m²", 1.8),
            ("Coeffi-cient", 1.6),
            ("Loyer maximum", 2.2),
        ],
        "logements",
        [
            "{{ ligne.designation }}",
            "{{ ligne.typologie_libelle }}",
            "{{ ligne.surface_habitable|nombre }}",
            "{{ ligne.surface_annexes|nombre }}",
            "{{ ligne.surface_annexes_retenue|nombre }}",
            "{{ ligne.surface_utile|nombre }}",
            "{{ ligne.loyer_par_metre_carre|nombre }}",
            "{{ ligne.coefficient|coefficient }}",
            "{{ ligne.loyer|nombre }}",
        ],
        total=[
            "Total : {{ logements|length }} logement{{ logements|length|pluriel }}",
            "",
            "{{ sh_totale|nombre }}",
            "{{ sa_totale|nombre }}",
            "{{ sar_totale|nombre }}",
            "{{ su_totale|nombre }}",
            "",
            "",
            "{{ loyer_total|nombre }}",
        ],
        droite=(2, 3, 4, 5, 6, 7, 8),
    )
    r.p(
        "Répartition par type : {% for t in typologies %}{{ t.nombre }} {{ t.libelle }}{% if not loop.last %}, "
        "{% endif %}{% else %}aucun logement saisi{% endfor %}."
    )
    r.tag("{%p if lot.loyer_derogatoire %}")
    r.justifie(
        "Par dérogation, le loyer maximum au mètre carré de surface utile est porté à "
        "{{ lot.loyer_derogatoire|montant }}."
    )
    r.tag("{%p endif %}")
    r.justifie(
        "Les loyers maximaux sont révisés chaque 1er janvier en fonction de la variation de l'indice de "
        "référence des loyers (IRL) du deuxième trimestre de l'année précédente. Les loyers pratiqués ne "
        "peuvent dépasser les loyers maximaux ainsi révisés."
    )


def annexes(r: Redacteur):
    r.titre_article("Annexes et stationnements")
    r.tag("{%p if lot.annexes_incluses %}")
    r.justifie("Sont pris en compte dans la surface utile des logements : {{ lot.annexes_incluses|join(', ')|lower }}.")
    r.tag("{%p endif %}")
    r.tag("{%p if annexes %}")
    r.rubrique("Annexes louées avec les logements")
    r.tableau(
        [
            ("Type d'annexe", 3),
            ("Logement", 4.4),
            ("Type", 1.8),
            ("Surface", 2.4),
            ("Loyer au m²", 2.6),
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
    r.tag("{%p endif %}")
    r.tag("{%p if stationnements %}")
    r.rubrique("Stationnements")
    r.tableau(
        [("Type de stationnement", 9.4), ("Nombre", 3), ("Loyer maximum mensuel", 5)],
        "stationnements",
        ["{{ ligne.typologie_libelle }}", "{{ ligne.nb_stationnements }}", "{{ ligne.loyer|montant }}"],
        droite=(1, 2),
    )
    r.tag("{%p endif %}")
    r.p(
        "{% if liste_des_annexes %}Au total : {{ liste_des_annexes }}.{% else %}Aucune annexe ni aucun "
        "stationnement n'est loué en plus des logements.{% endif %}"
    )


def attribution(r: Redacteur):
    r.titre_article("Attribution des logements")
    r.justifie(
        "Les logements sont attribués à des ménages dont les ressources ne dépassent pas les plafonds fixés "
        "pour le financement {{ lot.financement_libelle }}. Le bailleur tient à la disposition de "
        "l'administration la liste des attributions."
    )
    r.tag("{%p if lot.mixite %}")
    r.rubrique("Mixité sociale")
    r.justifie(
        "Sur les {{ lot.nb_logements }} logements, le bailleur en attribue au moins {% if lot.nb_logements < 10 %}"
        "{{ mixPLUSinf10_30pc }}{% else %}{{ mixPLUSsup10_30pc }}{% endif %} à des ménages dont les ressources ne "
        "dépassent pas 60 % des plafonds ; il peut en attribuer au plus {% if lot.nb_logements < 10 %}"
        "{{ mixPLUSinf10_10pc }}{% else %}{{ mixPLUS_10pc }}{% endif %} à des ménages dont les ressources "
        "dépassent les plafonds, dans la limite de 120 % de ceux-ci."
    )
    r.p("Nombre de logements dont les conditions de mixité ont été négociées : {{ lot.lgts_mixite_sociale_negocies }}.")
    r.tag("{%p endif %}")


def type2_categories(r: Redacteur):
    r.titre_article("Catégories de logements concernés")
    r.justifie("La présente convention de type II s'applique aux logements relevant des catégories suivantes :")
    for numero, libelle in TYPE2_OPTIONS.items():
        r.tag(f"{{%p if type2_option{numero} %}}")
        r.p(f"– {libelle} ;")
        r.tag("{%p endif %}")


def obligations(r: Redacteur):
    r.titre_article("Engagements du bailleur")
    engagements = [
        "louer les logements nus, à titre de résidence principale, par un bail conforme à la présente convention ;",
        "maintenir les logements et leurs annexes en bon état d'entretien et d'habitabilité ;",
        "informer chaque locataire de l'existence de la convention et de son droit à l'aide personnalisée au "
        "logement, et lui en remettre un extrait ;",
        "transmettre chaque année à l'administration les informations relatives à l'occupation des logements "
        "et aux loyers pratiqués ;",
    ]
    if r.modele == SEM:
        engagements.append(
            "tenir une comptabilité distincte pour les logements conventionnés, conformément à ses statuts ;"
        )
    if r.modele in (TYPE1, TYPE2):
        engagements.append(
            "faire publier la présente convention au service de la publicité foncière, à ses frais, et en "
            "communiquer les références à l'administration ;"
        )
    r.justifie("Pendant toute la durée de la convention, le bailleur s'engage à :")
    for texte in engagements:
        r.justifie(f"– {texte}")
    r.titre_article("Manquements et résiliation")
    r.justifie(
        "Si le bailleur ne respecte pas ses engagements, l'administration le met en demeure de s'y conformer. "
        "À défaut, elle peut appliquer les sanctions prévues par le code de la construction et de l'habitation "
        "et, le cas échéant, résilier la présente convention."
    )


def signatures(r: Redacteur):
    r.p("")
    fait_a = r.justifie(
        "Fait à {% if administration.ville_signature %}{{ administration.ville_signature }}{% else %}"
        "………………{% endif %}, le ………………, en {{ administration.nb_convention_exemplaires }} exemplaires "
        "originaux."
    )
    fait_a.paragraph_format.keep_with_next = True
    table = r.doc.add_table(rows=1, cols=2)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    insecable(table.rows[0])
    largeurs(table, [8.7, 8.7])
    gauche, droite = table.rows[0].cells
    ecrire(gauche, "Pour l'État,", "Normal")
    gauche.add_paragraph(
        "{% if administration.signataire_bloc_signature %}{{ administration.signataire_bloc_signature }}"
        "{% else %}{{ administration.nom }}{% endif %}"
    )
    ecrire(droite, "Pour le bailleur,", "Normal")
    for cellule in (gauche, droite):
        cellule.paragraphs[0].paragraph_format.keep_with_next = True
    droite.add_paragraph(
        "{% if bailleur.signataire_bloc_signature %}{{ bailleur.signataire_bloc_signature }}{% else %}"
        "{{ bailleur.signataire_nom }}{% if bailleur.signataire_fonction %}, {{ bailleur.signataire_fonction }}"
        "{% endif %}{% endif %}"
    )
    for cellule in (gauche, droite):
        cellule.add_paragraph("Signature et cachet :").runs[0].font.size = Pt(8)
        for _ in range(4):
            cellule.add_paragraph("")
