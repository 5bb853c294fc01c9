"""Article bodies of the ordinary-housing conventions (HLM, SEM, Type I, Type II), in our own French. Each
states what the reference (§14.1–14.4) says the regulatory article states, with the references it cites.
The plans (which article, which number, in which order) are in plans.py."""

from conventions.documents.redacteur import Redacteur
from conventions.documents.textes.communs import enchainer, si, texte
from conventions.enums import TYPE2_OPTIONS

CCH = "du code de la construction et de l'habitation"
HORS_CONVENTION = (
    "{% if locaux_hors_convention %}Ne relèvent pas de la présente convention : {{ locaux_hors_convention }}."
    "{% endif %}"
)


def objet(refs: str):
    return texte(
        "La présente convention a pour objet de fixer les droits et obligations de l'État et du bailleur, tels que "
        f"les prévoient les articles {refs} {CCH}, pour l'opération « {{{{ programme.nom }}}} » : "
        "{% for f in financements %}{{ f.nb_logements|entier }} logement{{ f.nb_logements|pluriel }} financé"
        "{{ f.nb_logements|pluriel }} en {{ f.libelle }}{% if not loop.last %}, {% endif %}{% endfor %}"
        "{% if programme.type_operation_phrase %}, réalisés{{ programme.type_operation_phrase }}{% endif %}, "
        "situés {{ adresse|sur_une_ligne }}, {{ programme.code_postal }} {{ programme.ville }}.",
        "Elle ouvre aux locataires de ces logements le droit à l'aide personnalisée au logement (APL) dans les "
        f"conditions prévues au 2° ou au 3° de l'article L. 831-1 {CCH}.",
        HORS_CONVENTION,
    )


def objet_type1(r: Redacteur):
    texte(
        "La présente convention, conclue en application de l'article L. 831-1 et des articles D. 331-3 et "
        f"D. 331-6 {CCH}, fixe les obligations du bailleur en contrepartie des aides dont il bénéficie pour "
        "l'opération « {{ programme.nom }} », située {{ adresse|sur_une_ligne }}, {{ programme.code_postal }} "
        "{{ programme.ville }}, qui comprend {{ lot.nb_logements|entier }} logement{{ lot.nb_logements|pluriel }}.",
        "1.1 Les logements construits, ou acquis en vue de leur location, au moyen d'un prêt aidé par l'État et "
        "bénéficiant du taux réduit de taxe sur la valeur ajoutée prévu à l'article 278 sexies du code général "
        "des impôts ;",
        "1.2 Les logements acquis et, le cas échéant, améliorés au moyen d'un prêt aidé par l'État ou d'une "
        "subvention.",
        "Les locataires de ces logements peuvent bénéficier de l'aide personnalisée au logement (APL).",
        HORS_CONVENTION,
    )(r)


def objet_type2(r: Redacteur):
    texte(
        "La présente convention, conclue en application de l'article L. 831-1 et des articles D. 323-1, D. 323-11, "
        f"D. 331-1, D. 331-3, D. 331-6 et D. 331-14 {CCH}, s'applique aux logements existants de l'opération "
        "« {{ programme.nom }} », située {{ adresse|sur_une_ligne }}, {{ programme.code_postal }} "
        "{{ programme.ville }}, soit {{ lot.nb_logements|entier }} logement{{ lot.nb_logements|pluriel }}, qui "
        "relèvent des catégories suivantes :",
    )(r)
    for numero, libelle in TYPE2_OPTIONS.items():
        r.si(f"type2_option{numero}")
        r.p(f"– {libelle} ;")
        r.fin()
    r.justifie(
        "Pour les logements appartenant à l'association foncière logement ou à ses filiales, la convention est "
        f"conclue dans les conditions de l'article L. 313-34 {CCH}."
    )
    r.justifie(HORS_CONVENTION)


prise_effet = texte(
    "La présente convention et, le cas échéant, ses avenants prennent effet à la date de leur signature par les "
    "parties."
)

prise_effet_et_expiration = texte(
    "La présente convention prend effet à la date de sa publication au fichier immobilier ou de son inscription "
    "au livre foncier. Ses avenants prennent effet dans les mêmes conditions.",
    "Elle expire le {{ convention.date_fin_conventionnement|date_longue_ou_blanc }}. Elle est ensuite renouvelée "
    "par tacite reconduction par périodes de trois ans, sauf dénonciation notifiée six mois au moins avant "
    "l'échéance.",
)

expiration = texte(
    "La présente convention expire le {{ convention.date_fin_conventionnement|date_longue_ou_blanc }}"
    "{% if nombre_annees_conventionnement %}, soit une durée de {{ nombre_annees_conventionnement }} ans"
    "{% endif %}.",
    "À son terme, elle est renouvelée par tacite reconduction par périodes de trois ans, sauf si l'une des parties "
    "la dénonce par acte notifié à l'autre au moins six mois avant l'échéance. La dénonciation n'a d'effet "
    "qu'à l'expiration de la période en cours ; elle est portée à la connaissance des locataires.",
)

changement_proprietaire = texte(
    "La présente convention est annexée à tout acte emportant transfert de propriété des logements. Le nouveau "
    "propriétaire est subrogé dans les droits et obligations du bailleur ; un avenant constatant ce changement "
    "est conclu et publié dans les conditions prévues à l'article relatif à l'information des organismes "
    "chargés de la liquidation et du paiement de l'APL."
)

mutations = texte(
    "En cas de mutation des logements, quelle qu'en soit la nature, la convention s'impose au nouveau "
    f"propriétaire dans les conditions de l'article L. 353-4 {CCH}. L'acte de mutation mentionne l'existence "
    "de la convention ; le bailleur informe l'État de la mutation dans le mois qui suit."
)


def regime_locatif(extra: str = ""):
    return texte(
        "Les rapports entre le bailleur et les locataires sont régis par la loi n° 89-462 du 6 juillet 1989 "
        "tendant à améliorer les rapports locatifs, sous réserve des dispositions de la présente convention et "
        f"des dérogations prévues par le code de la construction et de l'habitation{extra}."
    )


apl = texte(
    "Les locataires des logements peuvent bénéficier de l'aide personnalisée au logement à compter de la date "
    "d'effet de la convention, dans les conditions fixées par les articles R. 823-10 à R. 823-14, R. 831-2 et "
    f"R. 831-3 {CCH}."
)

mise_en_gerance = texte(
    "Lorsque le bailleur confie la gestion des logements à un tiers, il en informe sans délai le préfet ou le "
    "délégataire signataire. Le bailleur demeure seul responsable envers l'État du respect de la convention."
)


def maintien_usage_locatif(refs_plafonds: str, extra: str = ""):
    return enchainer(
        texte(
            "Les logements sont maintenus à usage locatif pendant toute la durée de la convention, sous réserve "
            f"des dispositions de l'article L. 443-10 {CCH} relatives aux logements réservés. Ils sont loués nus, "
            "à titre de résidence principale, à des ménages dont les ressources n'excèdent pas les plafonds "
            f"fixés en application de {refs_plafonds}{extra}."
        ),
        si(
            "lot.mixite",
            "Clause de mixité sociale. Sur les {{ mixite_nb_logements|entier }} logements financés en PLUS, "
            "{% if mixite_nb_logements < 10 %}{{ mixPLUSinf10_30pc }} au moins sont attribués à des ménages dont "
            "les ressources n'excèdent pas 60 % du plafond (4), et {{ mixPLUSinf10_10pc }} au plus peuvent "
            "l'être à des ménages dont les ressources dépassent le plafond dans la limite de 120 %"
            "{% else %}{{ mixPLUSsup10_30pc }} au moins sont attribués à des ménages dont les ressources "
            "n'excèdent pas 60 % du plafond (4), et {{ mixPLUS_10pc }} au plus peuvent l'être à des ménages "
            "dont les ressources dépassent le plafond dans la limite de 120 %{% endif %}.",
            "{{ lgts_mixite_sociale_negocies_display }}",
        ),
        texte(
            "Le bailleur peut louer des logements à des organismes qui les sous-louent dans les cas prévus aux "
            f"articles L. 442-8-1 et L. 442-8-4 {CCH}."
        ),
    )


def loyers_maximums(ref_revision: str, extra: str = ""):
    return enchainer(
        texte(
            "Le loyer maximum, exprimé en euros par mètre carré de surface utile et par mois, est fixé à :",
        ),
        lambda r: (
            r.tag("{%p for f in financements %}"),
            r.p("– {{ f.libelle }} : {{ f.loyer_m2|montant }} par m² de surface utile ;"),
            r.tag("{%p endfor %}"),
        ),
        texte(
            "Le loyer maximum de chaque logement, qui figure dans l'annexe, est le produit de ce montant, de sa "
            "surface utile et du coefficient propre au logement.",
            "Ces loyers maximums sont révisés au 1er janvier de chaque année en fonction de l'indice de référence "
            f"des loyers, dans les conditions de l'article {ref_revision} {CCH}.{extra}",
        ),
    )


loyer_derogatoire = enchainer(
    texte(
        "Lorsque l'opération porte sur l'acquisition de logements, avec ou sans travaux, et que les loyers "
        "pratiqués avant la convention excèdent le loyer maximum, un loyer dérogatoire peut être fixé :"
    ),
    lambda r: (
        r.tag("{%p for f in financements %}"),
        r.p(
            "– {{ f.libelle }} : {% if f.loyer_derogatoire %}{{ f.loyer_derogatoire|montant }} par m² de surface "
            "utile{% else %}sans objet{% endif %} ;"
        ),
        r.tag("{%p endfor %}"),
    ),
)

majoration = texte(
    "Lorsqu'un arrêté préfectoral le prévoit en application du 5° de l'article D. 353-16 "
    f"{CCH}, le loyer maximum peut être majoré dans la limite de ……… € par mètre carré de surface utile."
)

loyer_pratique = texte(
    "Le loyer pratiqué, fixé dans le bail, ne peut excéder le loyer maximum défini à l'article précédent. Il est "
    f"révisé dans les conditions de l'article L. 353-9-3 {CCH}, sans pouvoir dépasser le loyer maximum révisé."
)

loyer_pratique_particulier = texte(
    "Pour les logements acquis, avec ou sans travaux, occupés à la date d'effet de la convention, le loyer "
    "pratiqué peut être maintenu à son niveau antérieur lorsqu'il dépasse le loyer maximum, jusqu'au départ du "
    "locataire ; il ne peut alors être révisé qu'en fonction de l'indice de référence des loyers."
)

bail_conforme = texte(
    "Le bail signé avec chaque locataire est conforme aux dispositions de la présente convention et en "
    "reproduit les clauses relatives au loyer et à sa révision. Un exemplaire de la convention est tenu à la "
    f"disposition des locataires, conformément à l'article D. 353-19 {CCH}."
)

bail_conforme_vacants = texte(
    "Les logements vacants à la date d'effet de la convention, ou qui le deviennent, sont loués par un bail "
    "conforme à la présente convention. Un exemplaire de la convention est tenu à la disposition des locataires "
    f"(article D. 353-19 {CCH})."
)

bail_en_cours = texte(
    "Le locataire titulaire d'un bail en cours à la date d'effet de la convention reçoit du bailleur une "
    "proposition de bail conforme. Il dispose d'un délai de six mois pour l'accepter ; à défaut, son bail se "
    f"poursuit dans les conditions de l'article L. 353-7 {CCH}, sans qu'il puisse bénéficier de l'APL."
)

occupants_bonne_foi = texte(
    "Les occupants de bonne foi, au sens de la loi n° 48-1360 du 1er septembre 1948, se voient proposer un bail "
    "conforme à la convention ; le bail prend effet à leur acceptation."
)

livre_trois_quatre = texte(
    "Pour les logements financés dans les conditions prévues aux livres III ou IV du code de la construction et "
    "de l'habitation, le bail conforme prend effet dès la date d'effet de la convention, sans proposition "
    "préalable."
)

loi_1948 = texte(
    "Les logements antérieurement soumis à la loi n° 48-1360 du 1er septembre 1948 cessent d'y être soumis à "
    "la date d'effet du bail conforme ; le loyer ne peut alors dépasser le loyer maximum de la convention."
)

travaux = texte(
    "Lorsque des travaux rendent nécessaire l'évacuation temporaire des lieux, le bailleur assure le relogement "
    "provisoire des locataires dans des conditions équivalentes, à ses frais, et leur garantit le retour dans "
    "leur logement à l'issue des travaux."
)

info_changement_proprietaire = texte(
    "En cas de transfert de propriété, le bailleur informe les locataires et le préfet, par écrit, de l'identité "
    "du nouveau propriétaire et de la reprise par celui-ci des obligations de la convention."
)

info_modification_resiliation = texte(
    "Le bailleur porte à la connaissance des locataires toute modification de la convention ainsi que sa "
    f"dénonciation ou sa résiliation, dans les conditions de l'article L. 353-6 {CCH}."
)

maintien_dans_les_lieux = texte(
    f"Le locataire bénéficie du droit au maintien dans les lieux prévu à l'article L. 353-15 {CCH}. Il peut donner "
    "congé à tout moment, dans les délais de préavis fixés par la loi n° 89-462 du 6 juillet 1989."
)

maintien_dans_les_lieux_sem = texte(
    "Le bail est conclu pour une durée de trois ans au moins. Le locataire bénéficie du droit au maintien dans "
    f"les lieux prévu à l'article L. 353-15 {CCH} et peut donner congé dans les délais de la loi n° 89-462 du "
    "6 juillet 1989."
)

duree_contrat = texte(
    "Le contrat de location est conclu pour une durée d'au moins trois ans. Le locataire peut donner congé à tout "
    "moment ; le bailleur ne peut le faire que dans les cas et conditions prévus par la loi n° 89-462 du "
    "6 juillet 1989."
)

paiement_loyer = texte(
    "Le loyer est payable mensuellement, à terme échu. La quittance ou le reçu remis au locataire distingue le "
    "loyer pratiqué, le loyer maximum applicable, les charges, le montant de l'APL et, le cas échéant, la "
    "réduction de loyer de solidarité."
)

depot_garantie = texte(
    "Le dépôt de garantie exigé à l'entrée dans les lieux ne peut excéder un mois de loyer en principal, hors "
    "charges. Il n'est ni révisable ni productif d'intérêts pendant la durée du bail."
)

residence_universitaire = texte(
    "Lorsque les logements constituent une résidence universitaire, les rapports locatifs sont régis par "
    f"l'article L. 631-12 {CCH} : les logements sont loués meublés à des étudiants, à des personnes de moins de "
    "trente ans en formation ou à des jeunes actifs, pour une durée d'un an au plus, renouvelable."
)

renonciation = texte(
    "Le bailleur peut renoncer au statut de résidence universitaire. La renonciation est définitive ; les "
    "logements sont alors régis par les dispositions de droit commun de la présente convention à compter du "
    "premier renouvellement des contrats en cours."
)

obligations_generales = texte(
    "Le bailleur recourt aux procédures dématérialisées de demande et de gestion de l'APL. Il informe "
    "l'organisme payeur de tout événement affectant le droit des locataires à l'aide (départ, changement de "
    "loyer, vacance) dans les délais réglementaires."
)


def impayes(extra: str = ""):
    return texte(
        "En cas d'impayé, le bailleur le signale à l'organisme chargé du paiement de l'APL dans les conditions "
        f"des articles L. 824-1 et R. 824-4 {CCH}{extra}, afin que soient mises en œuvre les mesures de "
        "maintien ou de suspension de l'aide."
    )


controle = texte(
    "Le bailleur fournit au préfet, au délégataire et à l'Agence nationale de contrôle du logement social "
    "(ANCOLS) tout renseignement et tout document nécessaires au contrôle du respect de la présente convention."
)

revision = texte(
    "Toute modification de la présente convention fait l'objet d'un avenant conclu entre les parties et publié "
    "dans les mêmes formes que la convention."
)

inexecution = texte(
    "En cas d'inexécution par le bailleur de ses obligations, il s'expose, après mise en demeure restée sans "
    "effet, aux sanctions prévues par l'article 284 du code général des impôts et par les articles L. 353-2 et "
    f"L. 342-14 {CCH}, ainsi qu'à la résiliation de la convention."
)

inexecution_type = texte(
    "En cas d'inexécution par le bailleur de ses obligations, l'État peut, après mise en demeure restée sans "
    "effet, résilier la convention et demander le remboursement des aides perçues ; les sanctions de l'article "
    f"284 du code général des impôts et de l'article L. 342-14 {CCH} s'appliquent."
)

information_organismes_apl = texte(
    "Le préfet, ou le délégataire, adresse un exemplaire de la présente convention et de ses avenants aux "
    "organismes chargés de la liquidation et du paiement de l'APL."
)

publication = texte(
    "La présente convention, ses avenants et l'acte qui y met fin sont publiés au fichier immobilier ou inscrits "
    "au livre foncier, à la diligence et aux frais du bailleur, qui en communique les références à l'État."
)
