"""Reference tables for the demo and volume data (conventions/demo.py): French places, names and wordings.

Every name here is invented or generic; only the geography (postal and INSEE codes) is real.
"""

# code INSEE du département → (nom, région INSEE, côtier (DDTM), [(ville, code postal, code INSEE commune,
# zone ABC, zone 1/2/3)])
DEPARTEMENTS = {
    "06": (
        "Alpes-Maritimes",
        "93",
        True,
        [("Nice", "06000", "06088", "A", "2"), ("Antibes", "06600", "06004", "A", "2")],
    ),
    "13": (
        "Bouches-du-Rhône",
        "93",
        True,
        [
            ("Marseille", "13003", "13203", "A", "2"),
            ("Marseille", "13013", "13213", "A", "2"),
            ("Aix-en-Provence", "13100", "13001", "A", "2"),
            ("Aubagne", "13400", "13005", "B1", "2"),
            ("Martigues", "13500", "13056", "B1", "2"),
        ],
    ),
    "14": (
        "Calvados",
        "28",
        True,
        [("Caen", "14000", "14118", "B1", "2"), ("Hérouville-Saint-Clair", "14200", "14327", "B1", "2")],
    ),
    "17": (
        "Charente-Maritime",
        "75",
        True,
        [("La Rochelle", "17000", "17300", "B1", "2"), ("Rochefort", "17300", "17299", "B2", "3")],
    ),
    "21": (
        "Côte-d'Or",
        "27",
        False,
        [("Dijon", "21000", "21231", "B1", "2"), ("Chenôve", "21300", "21166", "B1", "2")],
    ),
    "25": (
        "Doubs",
        "27",
        False,
        [("Besançon", "25000", "25056", "B1", "2"), ("Montbéliard", "25200", "25388", "B2", "3")],
    ),
    "29": ("Finistère", "53", True, [("Brest", "29200", "29019", "B1", "2"), ("Quimper", "29000", "29232", "B2", "3")]),
    "31": (
        "Haute-Garonne",
        "76",
        False,
        [
            ("Toulouse", "31200", "31555", "B1", "2"),
            ("Colomiers", "31770", "31149", "B1", "2"),
            ("Blagnac", "31700", "31069", "B1", "2"),
        ],
    ),
    "33": (
        "Gironde",
        "75",
        True,
        [
            ("Bordeaux", "33300", "33063", "B1", "2"),
            ("Mérignac", "33700", "33281", "B1", "2"),
            ("Pessac", "33600", "33318", "B1", "2"),
        ],
    ),
    "34": (
        "Hérault",
        "76",
        True,
        [
            ("Montpellier", "34070", "34172", "A", "2"),
            ("Béziers", "34500", "34032", "B1", "3"),
            ("Sète", "34200", "34301", "B1", "3"),
        ],
    ),
    "35": (
        "Ille-et-Vilaine",
        "53",
        True,
        [("Rennes", "35200", "35238", "B1", "2"), ("Saint-Malo", "35400", "35288", "B1", "3")],
    ),
    "37": (
        "Indre-et-Loire",
        "24",
        False,
        [("Tours", "37000", "37261", "B1", "2"), ("Joué-lès-Tours", "37300", "37122", "B1", "2")],
    ),
    "38": (
        "Isère",
        "84",
        False,
        [("Grenoble", "38100", "38185", "B1", "2"), ("Échirolles", "38130", "38151", "B1", "2")],
    ),
    "44": (
        "Loire-Atlantique",
        "52",
        True,
        [
            ("Nantes", "44300", "44109", "B1", "2"),
            ("Saint-Nazaire", "44600", "44184", "B1", "2"),
            ("Rezé", "44400", "44143", "B1", "2"),
        ],
    ),
    "45": (
        "Loiret",
        "24",
        False,
        [("Orléans", "45000", "45234", "B1", "2"), ("Fleury-les-Aubrais", "45400", "45147", "B1", "2")],
    ),
    "49": (
        "Maine-et-Loire",
        "52",
        False,
        [("Angers", "49000", "49007", "B1", "2"), ("Cholet", "49300", "49099", "B2", "3")],
    ),
    "51": (
        "Marne",
        "44",
        False,
        [("Reims", "51100", "51454", "B1", "2"), ("Châlons-en-Champagne", "51000", "51108", "B2", "3")],
    ),
    "54": (
        "Meurthe-et-Moselle",
        "44",
        False,
        [("Nancy", "54000", "54395", "B1", "2"), ("Vandœuvre-lès-Nancy", "54500", "54547", "B1", "2")],
    ),
    "59": (
        "Nord",
        "32",
        True,
        [
            ("Lille", "59000", "59350", "A", "2"),
            ("Roubaix", "59100", "59512", "B1", "2"),
            ("Tourcoing", "59200", "59599", "B1", "2"),
            ("Dunkerque", "59140", "59183", "B2", "3"),
        ],
    ),
    "63": (
        "Puy-de-Dôme",
        "84",
        False,
        [("Clermont-Ferrand", "63000", "63113", "B1", "2"), ("Riom", "63200", "63300", "B2", "3")],
    ),
    "67": (
        "Bas-Rhin",
        "44",
        False,
        [("Strasbourg", "67100", "67482", "B1", "2"), ("Schiltigheim", "67300", "67447", "B1", "2")],
    ),
    "69": (
        "Rhône",
        "84",
        False,
        [
            ("Lyon", "69008", "69388", "A", "2"),
            ("Villeurbanne", "69100", "69266", "A", "2"),
            ("Vénissieux", "69200", "69259", "A", "2"),
        ],
    ),
    "72": (
        "Sarthe",
        "52",
        False,
        [("Le Mans", "72000", "72181", "B2", "3"), ("Allonnes", "72700", "72003", "B2", "3")],
    ),
    "76": (
        "Seine-Maritime",
        "28",
        True,
        [("Rouen", "76000", "76540", "B1", "2"), ("Le Havre", "76600", "76351", "B1", "2")],
    ),
    "87": ("Haute-Vienne", "75", False, [("Limoges", "87000", "87085", "B2", "3")]),
    "92": (
        "Hauts-de-Seine",
        "11",
        False,
        [("Nanterre", "92000", "92050", "Abis", "1bis"), ("Gennevilliers", "92230", "92036", "A", "1bis")],
    ),
    "93": (
        "Seine-Saint-Denis",
        "11",
        False,
        [
            ("Saint-Denis", "93200", "93066", "A", "1bis"),
            ("Montreuil", "93100", "93048", "Abis", "1bis"),
            ("Aubervilliers", "93300", "93001", "A", "1bis"),
        ],
    ),
    "94": (
        "Val-de-Marne",
        "11",
        False,
        [("Créteil", "94000", "94028", "A", "1bis"), ("Vitry-sur-Seine", "94400", "94081", "A", "1bis")],
    ),
    "95": (
        "Val-d'Oise",
        "11",
        False,
        [("Argenteuil", "95100", "95018", "A", "1"), ("Cergy", "95000", "95127", "A", "1")],
    ),
}

ARTICLES = {
    "Alpes-Maritimes": "des",
    "Bouches-du-Rhône": "des",
    "Hauts-de-Seine": "des",
    "Côte-d'Or": "de la",
    "Charente-Maritime": "de la",
    "Gironde": "de la",
    "Haute-Garonne": "de la",
    "Haute-Vienne": "de la",
    "Loire-Atlantique": "de la",
    "Marne": "de la",
    "Meurthe-et-Moselle": "de la",
    "Sarthe": "de la",
    "Seine-Maritime": "de la",
    "Seine-Saint-Denis": "de la",
    "Isère": "de l'",
    "Hérault": "de l'",
    "Ille-et-Vilaine": "d'",
    "Indre-et-Loire": "d'",
}


def du_departement(nom: str) -> str:
    """ "du Rhône", "des Bouches-du-Rhône", "de la Gironde", "de l'Isère", "d'Ille-et-Vilaine"."""
    article = ARTICLES.get(nom, "du")
    return f"{article}{nom}" if article.endswith("'") else f"{article} {nom}"


PRENOMS = [
    "Camille", "Claire", "Nathalie", "Isabelle", "Sophie", "Julie", "Céline", "Aurélie", "Émilie", "Sandrine",
    "Thomas", "Nicolas", "Julien", "Stéphane", "Laurent", "Olivier", "Sébastien", "Mathieu", "Philippe", "Karim",
    "Inès", "Yasmine", "Léa", "Manon", "Hugo", "Louis", "Antoine", "Mélanie", "Fatima", "Mamadou",
]  # fmt: skip
NOMS = [
    "Martin", "Bernard", "Dubois", "Thomas", "Robert", "Richard", "Petit", "Durand", "Leroy", "Moreau",
    "Simon", "Laurent", "Lefebvre", "Michel", "Garcia", "David", "Bertrand", "Roux", "Vincent", "Fournier",
    "Morel", "Girard", "André", "Lefèvre", "Mercier", "Dupont", "Lambert", "Bonnet", "François", "Martinez",
    "Benali", "Nguyen", "Diallo", "Rousseau", "Blanc", "Guerin", "Muller", "Henry", "Roussel", "Nicolas",
]  # fmt: skip

FONCTIONS_SIGNATAIRE = ["Directeur général", "Directrice générale", "Président", "Présidente du directoire"]

VOIES = [
    "rue Victor Hugo", "avenue Jean Jaurès", "rue de la République", "boulevard Gambetta", "rue Pasteur",
    "allée des Tilleuls", "rue du Moulin", "chemin des Vignes", "rue Jules Ferry", "avenue de la Libération",
    "rue Émile Zola", "rue des Écoles", "place de la Mairie", "rue du Général de Gaulle", "impasse des Lilas",
    "rue Louise Michel", "rue Simone Veil", "avenue du Maréchal Foch", "rue des Acacias", "quai de la Gare",
]  # fmt: skip

NOMS_RESIDENCE = [
    "Les Tilleuls", "Le Clos des Vignes", "Les Jardins de la Gare", "Le Parc Fleuri", "Les Terrasses du Canal",
    "L'Orée du Bois", "Les Hauts de Seine", "Le Carré Pasteur", "Les Balcons du Port", "Le Hameau des Saules",
    "Les Allées Jean Moulin", "Le Domaine des Pins", "Les Cèdres", "Le Verger", "Les Coteaux",
    "Cœur de Ville", "Les Ateliers", "La Filature", "Le Belvédère", "Les Lavandières",
    "L'Îlot Vert", "Le Square Simone Veil", "Les Platanes", "Les Rives", "Le Patio",
]  # fmt: skip
PREFIXES_RESIDENCE = ["Résidence", "Résidence", "Résidence", "Les logements", "Opération", "Îlot"]

LIEUDITS = ["Le Bourg", "Les Champs", "La Plaine", "Le Moulin", "Les Prés", "La Croix", "Le Village", "Les Vignes"]

# Invented bailleur name patterns per sous-nature (see users.enums.SousNatureBailleur).
BAILLEURS_MODELES = [
    ("OFFICE_PUBLIC_HLM", "{ville} Habitat"),
    ("OFFICE_PUBLIC_HLM", "Office public de l'habitat {du_dept}"),
    ("SA_HLM_ESH", "Logis {region}"),
    ("SA_HLM_ESH", "Les Toits {du_dept}"),
    ("SA_HLM_ESH", "Foyer {ville_de}"),
    ("COOPERATIVE_HLM_SCIC", "Coopérative Toit Commun {ville}"),
    ("SEM_EPL", "SEM Habitat {ville}"),
    ("ASSOCIATIONS", "Association Solidarité Logement {ville}"),
    ("FONDATION", "Fondation Logement solidaire {du_dept}"),
]

REGIONS = {
    "11": "Île-de-France",
    "24": "Centre-Val de Loire",
    "27": "Bourgogne-Franche-Comté",
    "28": "Normandie",
    "32": "Hauts-de-France",
    "44": "Grand Est",
    "52": "Pays de la Loire",
    "53": "Bretagne",
    "75": "Nouvelle-Aquitaine",
    "76": "Occitanie",
    "84": "Auvergne-Rhône-Alpes",
    "93": "Provence-Alpes-Côte d'Azur",
}

MESSAGES_SOUMISSION = [
    "",
    "",
    "Dossier complet, l'EDD sera transmis par le notaire.",
    "Bonjour, voici le projet de convention pour cette opération. Merci.",
    "Les loyers tiennent compte des coefficients validés en commission.",
]
MESSAGES_CORRECTIONS = [
    ("logement", "table", "Le loyer du T3 du rez-de-chaussée ne correspond pas à la surface utile déclarée."),
    ("programme", "adresse", "Merci de compléter l'adresse avec le numéro de voie."),
    ("pret", "table", "Le numéro du prêt CDC est incomplet."),
    ("programme", "date_achevement_previsible", "La date d'achèvement prévisible semble antérieure au permis."),
    ("convention", "date_fin_conventionnement", "La date de fin doit couvrir la durée du prêt CDC le plus long."),
]
MESSAGES_RENVOI = ["", "Corrections faites, merci.", "J'ai repris les loyers et complété l'adresse."]

# Managers of foyers and résidences (co-signatories of their conventions).
GESTIONNAIRES = [
    "Association Les Amandiers",
    "Association Habitat et Partage",
    "Fondation Accueil et Solidarité",
    "Association Le Relais du Port",
    "Union des foyers de jeunes travailleurs",
]
