"""Foyer (logements-foyers: personnes âgées, handicapées, habitat inclusif) and Résidence (résidences sociales,
pensions de famille, résidences accueil, hébergement) models — reference §14.5 and §14.6, our own French.
Three parties: the State, the owner (bailleur) and the manager (gestionnaire)."""

from conventions.documents import modeles as m
from conventions.documents.redacteur import Redacteur
from conventions.documents.textes.annexe import designation, prets
from conventions.documents.textes.communs import Article, ecrire_articles, en_tete, enchainer, parties, si, signatures
from conventions.documents.textes.communs import texte as t

CCH = "du code de la construction et de l'habitation"


def objet(refs: str, quoi: str):
    return enchainer(
        t(
            f"La présente convention est conclue en application des articles {refs} {CCH}. Elle porte sur {quoi} "
            "« {{ programme.nom }} », située {{ adresse|sur_une_ligne }}, {{ programme.code_postal }} "
            "{{ programme.ville }}, comprenant {{ lot.nb_logements|entier }} logement{{ lot.nb_logements|pluriel }}."
        ),
        si(
            "attribution.famille",
            "Elle est destinée à l'accueil de la population suivante : {{ attribution.famille }}.",
        ),
        t("Elle ouvre aux résidents le droit à l'aide personnalisée au logement (APL)."),
    )


duree = t(
    "La présente convention prend effet à la date de sa signature. Elle expire le "
    "{{ convention.date_fin_conventionnement|date_longue_ou_blanc }} ; sa durée ne peut être inférieure à neuf ans "
    f"(article L. 353-2 {CCH}).",
    "Elle est renouvelée par tacite reconduction par périodes de trois ans, sauf dénonciation par l'une des "
    "parties six mois au moins avant l'échéance.",
)

maintenance = t(
    "Le propriétaire assure les grosses réparations et le renouvellement des équipements ; le gestionnaire assure "
    "l'entretien courant et les menues réparations. Leurs obligations respectives sont précisées dans le contrat "
    "qui les lie, tenu à la disposition de l'État.{% if outre_mer %} Outre-mer, le gestionnaire supporte les "
    "obligations du bailleur prévues par la convention-type.{% endif %}"
)


def _liste(r: Redacteur, boucle: str):
    r.tag(f"{{%p for libelle in {boucle} %}}")
    r.p("– {{ libelle }} ;")
    r.tag("{%p endfor %}")


def attribution_foyer(r: Redacteur):
    r.justifie(
        "Les logements sont attribués à titre de résidence principale et d'occupation permanente : "
        "{{ attribution.famille or '………' }}."
    )
    r.si("attribution.etablissements")
    r.justifie("Types d'établissement retenus :")
    _liste(r, "attribution.etablissements")
    r.fin()
    r.si("attribution.inclusif")
    for titre, cle in (
        ("Conditions spécifiques d'accueil", "conditions_specifiques"),
        ("Conditions d'admission dans l'habitat inclusif", "conditions_admission"),
        ("Modalités d'attribution", "modalites_attribution"),
        ("Partenariats concourant au projet de vie sociale", "partenariats"),
        ("Activités proposées à l'ensemble des résidents", "activites"),
    ):
        r.justifie(f"{titre} : {{{{ attribution.inclusif.{cle} }}}}")
    r.fin()
    _reservations(r)


def attribution_residence(r: Redacteur):
    r.justifie("La résidence sociale est conventionnée au titre de :")
    _liste(r, "attribution.residence_types")
    _reservations(r)


def _reservations(r: Redacteur):
    r.justifie(
        "Part des logements réservée au préfet : {% if attribution.reservation_prefectorale is not none %}"
        "{{ attribution.reservation_prefectorale }} %{% else %}………{% endif %}. Modalités de gestion des réservations : "
        "{{ attribution.modalites_reservations or '………' }}. Modalités de choix des personnes accueillies : "
        "{{ attribution.modalites_choix_personnes or '………' }}."
    )


contrat_occupation = t(
    "Chaque résident signe avec le gestionnaire un contrat d'occupation écrit, conforme aux articles L. 633-1 à "
    f"L. 633-5 {CCH}, qui précise la redevance, les prestations et le règlement intérieur."
)

resiliation_contrat = t(
    "Le contrat ne peut être résilié par le gestionnaire que dans les cas et selon les préavis prévus par "
    f"l'article R. 633-3 {CCH} ; le résident peut le résilier à tout moment avec un préavis d'un mois."
)

impayes = t(
    "En cas d'impayé d'un résident bénéficiaire de l'APL, le gestionnaire le signale à l'organisme payeur dans "
    f"les conditions des articles L. 824-1, L. 824-2 et R. 824-4 {CCH}."
)

depot = t("Le dépôt de garantie ne peut excéder un mois de redevance, hors prestations.")

information = t(
    "Le gestionnaire informe chaque résident de l'existence de la convention, de ses droits à l'APL et des "
    "modifications apportées à la convention ; un exemplaire est tenu à sa disposition."
)

maxima = enchainer(
    t("La part de la redevance assimilable au loyer et aux charges ne peut excéder, par mois, les montants suivants :"),
    lambda r: (
        r.tag("{%p for ligne in redevances_par_type %}"),
        r.p("– {{ ligne.libelle }} : {{ ligne.redevance|montant }} ;"),
        r.tag("{%p endfor %}"),
    ),
    t("Ces maxima sont révisés au 1er janvier de chaque année en fonction de l'indice de référence des loyers."),
)

composition = t(
    "La part de la redevance prise en compte pour le calcul de l'APL comprend l'équivalent du loyer et des "
    f"charges locatives, dans les conditions de l'article R. 633-9 {CCH} ; elle figure distinctement sur la "
    "quittance."
)

prestations = t(
    "Prestations intégrées dans la redevance : {{ attribution.prestations_integrees or 'aucune' }}.",
    "Prestations facultatives : {{ attribution.prestations_facultatives or 'aucune' }}.",
)

paiement = t(
    "La redevance et les prestations sont payables mensuellement à terme échu ; la quittance distingue la "
    "redevance, les prestations et le montant de l'APL."
)

travaux = enchainer(
    t(
        "Lorsque des travaux imposent le départ temporaire des résidents, le gestionnaire assure leur relogement "
        "dans des conditions équivalentes."
    ),
    si(
        "variantes.variante_2",
        "Programme des travaux (variante 2) : {{ variantes.variante_2_travaux }}{% if variantes.nb_tranches %}, "
        "réalisé en {{ variantes.nb_tranches }} tranche{{ variantes.nb_tranches|pluriel }}{% endif %}"
        "{% if variantes.nb_annees %} sur {{ variantes.nb_annees }} an{{ variantes.nb_annees|pluriel }}{% endif %}.",
    ),
)

suivi = t(
    "Le gestionnaire adresse chaque année à l'État, avant le 15 novembre, un rapport sur l'occupation, les "
    "redevances pratiquées et l'exécution de la convention."
)

organismes_apl = t(
    "Le gestionnaire transmet aux organismes chargés du paiement de l'APL les informations nécessaires à la "
    "liquidation de l'aide et les informe de tout changement de situation des résidents."
)

resiliation_foyer = t(
    "En cas de manquement grave du bailleur ou du gestionnaire, l'État peut, après mise en demeure restée sans "
    "effet, résilier la convention à leurs torts."
)

resiliation_residence = t(
    "En cas de manquement grave, l'État peut, après mise en demeure restée sans effet, résilier la convention dans "
    f"les conditions de l'article D. 353-174 {CCH}."
)

sanctions = t(
    "Le non-respect de la convention expose le bailleur et le gestionnaire aux sanctions prévues par les articles "
    f"L. 353-2 et L. 342-14 {CCH}."
)

controle = t(
    "Le bailleur et le gestionnaire fournissent à l'État et à l'ANCOLS tout document utile au contrôle de la "
    "convention."
)

information_organismes = t(
    "L'État adresse un exemplaire de la convention et de ses avenants aux organismes chargés de la liquidation "
    "et du paiement de l'APL."
)

_COMMUN_DEBUT = [
    Article("2", "Durée de la convention", duree),
]

FOYER = [
    Article(
        "1er",
        "Objet de la convention",
        objet("L. 353-154 à L. 353-165 et L. 633-1 à L. 633-5", "le logement-foyer"),
    ),
    *_COMMUN_DEBUT,
    Article(
        "3",
        "Obligations respectives du propriétaire et du gestionnaire relatives à la maintenance et à l'entretien",
        maintenance,
    ),
    Article(
        "4",
        "Conditions d'attribution et d'occupation permanente du logement-foyer",
        attribution_foyer,
    ),
    Article("5", "Contrat d'occupation entre le résident et le gestionnaire", contrat_occupation),
    Article("6", "Résiliation du contrat entre le résident et le gestionnaire", resiliation_contrat),
    Article("7", "Dispositions spécifiques en cas d'impayés pour un bénéficiaire de l'APL", impayes),
    Article("8", "Dépôt de garantie", depot),
    Article("9", "Information des résidents", information),
    Article(
        "10",
        "Maxima applicables à la part de la redevance assimilable au loyer et aux charges",
        maxima,
    ),
    Article("11", "Composition de la part de redevance prise en compte pour l'APL", composition),
    Article("12", "Prestations", prestations),
    Article("13", "Modalités de paiement de la redevance et des prestations", paiement),
    Article("14", "Conditions d'exécution des travaux et relogement", travaux),
    Article("15", "Suivi de l'exécution de la convention", suivi),
    Article("16", "Obligations à l'égard des organismes chargés du paiement de l'APL", organismes_apl),
    Article("17", "Résiliation de la convention aux torts du bailleur", resiliation_foyer),
    Article("18", "Sanctions", sanctions),
    Article("19", "Contrôle", controle),
    Article("20", "Information des organismes chargés du paiement de l'APL", information_organismes),
]

RESIDENCE = [
    Article(
        "1er",
        "Objet de la convention",
        objet("L. 353-2, R. 353-165-1 et L. 365-4", "la résidence sociale"),
    ),
    *_COMMUN_DEBUT,
    Article(
        "3",
        "Obligations respectives du propriétaire et du gestionnaire relatives à la maintenance et à l'entretien",
        maintenance,
    ),
    Article("4", "Conditions d'attribution et d'occupation permanente de la résidence sociale", attribution_residence),
    Article("5", "Contrat d'occupation entre le résident et le gestionnaire", contrat_occupation),
    Article("6", "Résiliation du contrat entre le résident et le gestionnaire", resiliation_contrat),
    Article("7", "Dispositions spécifiques en cas d'impayés pour un bénéficiaire de l'APL", impayes),
    Article("8", "Dépôt de garantie", depot),
    Article("9", "Information des résidents", information),
    Article(
        "10",
        "Maxima applicables à la part de la redevance assimilable au loyer et aux charges",
        maxima,
    ),
    Article("11", "Composition de la part de redevance prise en compte pour l'APL", composition),
    Article("12", "Prestations", prestations),
    Article("13", "Modalités de paiement de la redevance et des prestations", paiement),
    Article("14", "Conditions d'exécution des travaux et relogement", travaux),
    Article("15", "Suivi de l'exécution de la convention", suivi),
    Article("16", "Obligations à l'égard des organismes chargés du paiement de l'APL", organismes_apl),
    Article("17", "Résiliation de la convention", resiliation_residence),
    Article("18", "Sanctions", sanctions),
    Article("19", "Contrôle", controle),
]

ARTICLES = {m.FOYER: FOYER, m.RESIDENCE: RESIDENCE}

REFERENCES = {
    m.FOYER: "{% if outre_mer %}ANNEXE I À L'ARTICLE R. 373-3 DU CODE DE LA CONSTRUCTION ET DE L'HABITATION"
    "{% else %}ANNEXE N° I AU III DE L'ARTICLE R. 353-159 DU CODE DE LA CONSTRUCTION ET DE L'HABITATION{% endif %}",
    m.RESIDENCE: "CONVENTION CONCLUE EN APPLICATION DE L'ARTICLE L. 353-2 DU CODE DE LA CONSTRUCTION ET DE "
    "L'HABITATION (ARTICLE R. 353-165-1)",
}
SOUS_TITRES = {
    m.FOYER: "Convention entre l'État, le propriétaire et le gestionnaire d'un logement-foyer",
    m.RESIDENCE: "Convention entre l'État, le propriétaire et le gestionnaire d'une résidence sociale",
}


def tableau_redevances(r: Redacteur):
    r.tableau(
        [("Numéro", 4), ("Type", 2.5), ("Surface habitable", 4), ("Redevance maximale", 5)],
        "logements",
        [
            "{{ ligne.designation }}",
            "{{ ligne.typologie_libelle }}",
            "{{ ligne.surface_habitable|nombre }}",
            "{{ ligne.loyer|montant }}",
        ],
        total=["Total : {{ logements|length }}", "", "{{ sh_totale|nombre }}", "{{ loyer_total|montant }}"],
        droite=(2, 3),
    )


def composition_programme(r: Redacteur):
    r.rubrique("III. – Composition du programme")
    r.p("A. Locaux conventionnés", style="Rubrique")
    r.p(
        "Nombre total de logements : {{ lot.nb_logements|entier }} ; surface habitable totale : "
        "{{ (surface_habitable_totale or sh_totale)|nombre }} m²."
    )
    tableau_redevances(r)
    r.si("locaux_collectifs")
    r.p("Locaux collectifs :")
    r.tableau(
        [("Type de local", 8), ("Surface habitable", 4), ("Nombre", 3)],
        "locaux_collectifs",
        ["{{ ligne.type_local }}", "{{ ligne.surface_habitable|nombre }}", "{{ ligne.nombre }}"],
        total=["Total", "{{ lc_sh_totale|nombre }}", ""],
        droite=(1, 2),
    )
    r.p("Surface habitable totale, locaux collectifs compris : {{ res_sh_totale|nombre }} m².")
    r.fin()
    r.p("Garages et parkings : {{ nombre_garage or 0 }} ; dépendances : {{ foyer_residence_dependance or 'néant' }}.")
    r.p("B. Locaux auxquels la convention ne s'applique pas : {{ foyer_residence_locaux_hors_convention or 'néant' }}.")


def annexe(r: Redacteur):
    r.doc.add_page_break()
    r.titre_partie("Annexe – Descriptif du programme")
    r.rubrique("I. – Nom et adresse")
    r.p("« {{ programme.nom }} », {{ adresse|sur_une_ligne }}, {{ programme.code_postal }} {{ programme.ville }}.")
    r.si("agrement_intermediation.date")
    r.p(
        "Agrément du gestionnaire pour l'intermédiation locative (article L. 365-4) : délivré le "
        "{{ agrement_intermediation.date|date_longue }}{% if agrement_intermediation.ville %} à "
        "{{ agrement_intermediation.ville }}{% endif %}{% if agrement_intermediation.departement %} "
        "({{ agrement_intermediation.departement }}){% endif %}."
    )
    r.fin()
    r.rubrique("I bis. – Désignation")
    designation(r)
    r.rubrique(
        "II. – Nature du programme conventionné (article R. 832-21 du code de la construction et de l'habitation)"
    )
    for numero, description in (
        ("1", "programme existant dont la construction a été financée au titre du 1°"),
        ("2", "programme existant amélioré ou acquis-amélioré au titre du 2°"),
        ("3", "construction neuve au titre du 3°"),
    ):
        r.si(f"variantes.variante_{numero}")
        r.p(f"Variante {numero} : {description}.")
        r.fin()
    composition_programme(r)
    r.rubrique("IV. – Renseignements administratifs")
    r.p(
        "Vendeur : {{ programme.vendeur or '………' }} ; date de l'acte notarié : "
        "{{ programme.date_acte_notarie|date_longue_ou_blanc }} ; achèvement : "
        "{{ programme.date_achevement_compile|date_longue_ou_blanc }}."
    )
    r.p("C. Modalités de financement", style="Rubrique")
    prets(r)
    r.p("D. Historique des financements publics : {{ historique_financement_public or 'néant' }}.")


def construire(modele: str) -> Redacteur:
    r = Redacteur(modele)
    titre = "CONVENTION OUVRANT DROIT À L'AIDE PERSONNALISÉE AU LOGEMENT"
    en_tete(r, reference=REFERENCES[modele], titre=titre, sous_titre=SOUS_TITRES[modele])
    parties(r, gestionnaire=True)
    ecrire_articles(r, ARTICLES[modele])
    signatures(r, gestionnaire=True)
    annexe(r)
    signatures(r, gestionnaire=True, annexe=True)
    return r
