"""The ordered articles of the four ordinary-housing models (reference §14.1–14.4): number, title, body."""

from conventions.documents.textes import articles as a
from conventions.documents.textes.communs import Article

PARTIE_I = "I. – Dispositions générales"
PARTIE_II = "II. – Engagements du bailleur"
PARTIE_III = "III. – Rapports entre le bailleur et les locataires"
PARTIE_IV = "IV. – Résidences universitaires"
PARTIE_V = "V. – Dispositions finales"

HLM = [
    Article("1er", "Objet de la convention", a.objet("L. 353-1 à L. 353-17"), partie=PARTIE_I),
    Article("2", "Prise d'effet de la convention", a.prise_effet),
    Article("3", "Date d'expiration de la convention", a.expiration),
    Article("4", "Changement de propriétaire", a.changement_proprietaire),
    Article("5", "Régime des rapports locatifs applicables aux logements", a.regime_locatif()),
    Article("6", "Aide personnalisée au logement (APL)", a.apl),
    Article("7", "Mise en gérance des logements", a.mise_en_gerance, partie=PARTIE_II),
    Article(
        "8",
        "Maintien des logements à usage locatif et conditions d'occupation",
        a.maintien_usage_locatif("l'article R. 441-1 du code de la construction et de l'habitation"),
    ),
    Article("9", "Montants des loyers maximums et modalités de révision", a.loyers_maximums("L. 353-9-2")),
    Article("9 bis", "Dispositions particulières aux opérations d'acquisition", a.loyer_derogatoire),
    Article("9 ter", "Majoration du loyer maximum par arrêté préfectoral", a.majoration),
    Article("10", "Modalités de fixation et de révision du loyer pratiqué", a.loyer_pratique),
    Article("10 bis", "Dispositions particulières relatives aux loyers pratiqués", a.loyer_pratique_particulier),
    Article("11", "Établissement d'un bail conforme à la convention", a.bail_conforme, partie=PARTIE_III),
    Article("12", "Travaux", a.travaux),
    Article("13", "Information des locataires en cas de changement de propriétaire", a.info_changement_proprietaire),
    Article(
        "14", "Information des locataires en cas de modification ou de résiliation", a.info_modification_resiliation
    ),
    Article("15", "Maintien dans les lieux et congé donné par le locataire", a.maintien_dans_les_lieux),
    Article("16", "Modalités du paiement du loyer", a.paiement_loyer),
    Article("17", "Dépôt de garantie", a.depot_garantie),
    Article(
        "18",
        "Régime des rapports locatifs applicables aux logements d'une résidence universitaire",
        a.residence_universitaire,
        partie=PARTIE_IV,
    ),
    Article("19", "Renonciation au statut de résidence universitaire", a.renonciation),
    Article("20", "Obligations générales", a.obligations_generales, partie=PARTIE_V),
    Article("21", "Obligations en cas d'impayé", a.impayes()),
    Article("22", "Contrôle", a.controle),
    Article("23", "Révision de la convention", a.revision),
    Article("24", "Inexécution de la convention par le bailleur", a.inexecution),
    Article(
        "25",
        "Information des organismes chargés de la liquidation et du paiement des APL",
        a.information_organismes_apl,
    ),
]

SEM = [
    Article("1er", "Objet de la convention", a.objet("L. 353-1 à L. 353-21, L. 443-15-2 et L. 481-2"), partie=PARTIE_I),
    Article("2", "Prise d'effet de la convention", a.prise_effet),
    Article("3", "Date d'expiration de la convention", a.expiration),
    Article("4", "Changement de propriétaire", a.changement_proprietaire),
    Article("5", "Régime des rapports locatifs applicables aux logements", a.regime_locatif()),
    Article("6", "Aide personnalisée au logement (APL)", a.apl),
    Article(
        "7",
        "Maintien des logements à usage locatif et conditions d'occupation",
        a.maintien_usage_locatif(
            "l'article R. 441-1 du code de la construction et de l'habitation",
            ", dans les conditions des articles L. 353-20 et L. 353-21 de ce code",
        ),
        partie=PARTIE_II,
    ),
    Article(
        "8",
        "Montants des loyers maximums et modalités de révision",
        a.loyers_maximums("L. 353-9-2", " Les loyers sont fixés dans les limites de l'article D. 353-70 de ce code."),
    ),
    Article("8 bis", "Dispositions particulières aux opérations d'acquisition", a.loyer_derogatoire),
    Article("8 ter", "Majoration du loyer maximum par arrêté préfectoral", a.majoration),
    Article("9", "Modalités de fixation et de révision du loyer pratiqué", a.loyer_pratique),
    Article("9 bis", "Dispositions particulières relatives aux loyers pratiqués", a.loyer_pratique_particulier),
    Article("10", "Établissement d'un bail conforme à la convention", a.bail_conforme, partie=PARTIE_III),
    Article("11", "Travaux", a.travaux),
    Article("12", "Information des locataires en cas de changement de propriétaire", a.info_changement_proprietaire),
    Article(
        "13", "Information des locataires en cas de modification ou de résiliation", a.info_modification_resiliation
    ),
    Article("14", "Maintien dans les lieux et congé donné par le locataire", a.maintien_dans_les_lieux_sem),
    Article("15", "Modalités du paiement du loyer", a.paiement_loyer),
    Article("16", "Dépôt de garantie", a.depot_garantie),
    Article(
        "17",
        "Régime des rapports locatifs applicables aux logements d'une résidence universitaire",
        a.residence_universitaire,
        partie=PARTIE_IV,
    ),
    Article("18", "Renonciation au statut de résidence universitaire", a.renonciation),
    Article("19", "Obligations générales", a.obligations_generales, partie=PARTIE_V),
    Article("20", "Obligations en cas d'impayé", a.impayes(" et de l'article D. 823-15 de ce code")),
    Article("21", "Contrôle", a.controle),
    Article("22", "Révision de la convention", a.revision),
    Article("23", "Inexécution de la convention par le bailleur", a.inexecution),
    Article(
        "24",
        "Information des organismes chargés de la liquidation et du paiement des APL",
        a.information_organismes_apl,
    ),
]

_D331 = "l'article D. 331-12 du code de la construction et de l'habitation"

TYPE1 = [
    Article("1er", "Objet de la convention", a.objet_type1, partie=PARTIE_I),
    Article("2", "Prise d'effet et date d'expiration de la convention", a.prise_effet_et_expiration),
    Article("3", "Mutations des logements", a.mutations),
    Article("4", "Régime des rapports locatifs applicables aux logements", a.regime_locatif()),
    Article("5", "Aide personnalisée au logement (APL)", a.apl),
    Article("6", "Mise en gestion des logements", a.mise_en_gerance, partie=PARTIE_II),
    Article("7", "Maintien des logements à usage locatif et conditions d'occupation", a.maintien_usage_locatif(_D331)),
    Article("8", "Montants des loyers maximums et modalités de révision", a.loyers_maximums("L. 353-9-2")),
    Article("9", "Modalités de fixation et de révision du loyer pratiqué", a.loyer_pratique),
    Article("10", "Établissement d'un bail conforme à la convention", a.bail_conforme, partie=PARTIE_III),
    Article("11", "Information des locataires en cas de changement de propriétaire", a.info_changement_proprietaire),
    Article(
        "12", "Information des locataires en cas de modification ou de résiliation", a.info_modification_resiliation
    ),
    Article("13", "Durée du contrat de location et congé", a.duree_contrat),
    Article("14", "Modalités du paiement du loyer", a.paiement_loyer),
    Article("15", "Dépôt de garantie", a.depot_garantie),
    Article(
        "16",
        "Régime des rapports locatifs applicables aux logements d'une résidence universitaire",
        a.residence_universitaire,
        partie=PARTIE_IV,
    ),
    Article("17", "Renonciation au statut de résidence universitaire", a.renonciation),
    Article("18", "Obligations générales", a.obligations_generales, partie=PARTIE_V),
    Article("19", "Obligations en cas d'impayé", a.impayes()),
    Article("20", "Contrôle", a.controle),
    Article("21", "Inexécution de la convention par le bailleur", a.inexecution_type),
    Article("22", "Publication de la convention", a.publication),
    Article("23", "Révision de la convention", a.revision),
]

TYPE2 = [
    Article("1er", "Objet de la convention", a.objet_type2, partie=PARTIE_I),
    Article("2", "Prise d'effet et date d'expiration de la convention", a.prise_effet_et_expiration),
    Article("3", "Mutations des logements", a.mutations),
    Article(
        "4",
        "Régime des rapports locatifs applicables aux logements",
        a.regime_locatif(
            " et, pour les logements de l'association foncière logement, par l'article L. 313-34 de ce code"
        ),
    ),
    Article("5", "Aide personnalisée au logement (APL)", a.apl),
    Article("6", "Mise en gestion des logements", a.mise_en_gerance, partie=PARTIE_II),
    Article("7", "Maintien des logements à usage locatif et conditions d'occupation", a.maintien_usage_locatif(_D331)),
    Article(
        "8",
        "Montants des loyers maximums et modalités de révision",
        a.loyers_maximums(
            "L. 353-9-2",
            " Pour les logements financés en PLS loués dans les conditions du b du 3° de l'article 7, le loyer "
            "maximum est majoré de 33 %.{% if loyer_max_associations_foncieres %} Pour les logements appartenant "
            "à l'association foncière logement ou à ses filiales (article L. 313-34 de ce code), le loyer maximum "
            "est fixé à {{ loyer_max_associations_foncieres|montant }} par m² de surface utile.{% endif %}",
        ),
    ),
    Article("8 bis", "Dispositions particulières aux opérations d'acquisition", a.loyer_derogatoire),
    Article("9", "Modalités de fixation et de révision du loyer pratiqué", a.loyer_pratique),
    Article("9 bis", "Dispositions particulières relatives aux loyers pratiqués", a.loyer_pratique_particulier),
    Article("10", "Établissement d'un bail conforme à la convention", a.bail_conforme_vacants, partie=PARTIE_III),
    Article(
        "11",
        "Prise d'effet du bail conforme pour un locataire titulaire d'un bail en cours",
        a.bail_en_cours,
    ),
    Article("12", "Prise d'effet du bail conforme pour les occupants de bonne foi", a.occupants_bonne_foi),
    Article(
        "13",
        "Prise d'effet du bail conforme pour les logements financés dans les conditions du livre III ou IV",
        a.livre_trois_quatre,
    ),
    Article("14", "Logements antérieurement soumis à la loi n° 48-1360 du 1er septembre 1948", a.loi_1948),
    Article("15", "Information des locataires en cas de changement de propriétaire", a.info_changement_proprietaire),
    Article(
        "16", "Information des locataires en cas de modification ou de résiliation", a.info_modification_resiliation
    ),
    Article("17", "Durée du contrat de location et congé", a.duree_contrat),
    Article("18", "Modalités du paiement du loyer", a.paiement_loyer),
    Article("19", "Dépôt de garantie", a.depot_garantie),
    Article(
        "20",
        "Régime des rapports locatifs applicables aux logements d'une résidence universitaire",
        a.residence_universitaire,
        partie=PARTIE_IV,
    ),
    Article("21", "Renonciation au statut de résidence universitaire", a.renonciation),
    Article("22", "Obligations générales", a.obligations_generales, partie=PARTIE_V),
    Article("23", "Obligations en cas d'impayé", a.impayes()),
    Article("24", "Contrôle", a.controle),
    Article("25", "Inexécution de la convention par le bailleur", a.inexecution_type),
    Article("26", "Publication de la convention", a.publication),
    Article("27", "Révision de la convention", a.revision),
]
