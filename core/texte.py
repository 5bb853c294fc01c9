"""Small French text helpers shared by forms, rules and exports."""


def minuscule_initiale(texte: str) -> str:
    """« EDD volumétrique » stays as is (an acronym keeps its capitals), « Date d'achat » → « date d'achat »."""
    if len(texte) > 1 and texte[1].isupper():
        return texte
    return texte[:1].lower() + texte[1:]
