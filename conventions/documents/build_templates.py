"""Builds the four convention templates (modeles/HLM.docx, SEM.docx, Type1.docx, Type2.docx).

    python -m conventions.documents.build_templates

The .docx files are committed: a non-developer may open and edit them in LibreOffice or Word (keep the
{{ … }} and {% … %} tags intact; see docs/documents.md). This script is the reproducible starting point:
re-running it overwrites manual edits, so either edit the script or the .docx files, not both.
"""

import sys
from pathlib import Path

from conventions.documents.modeles import DOSSIER_MODELES, HLM, SEM, TYPE1, TYPE2
from conventions.documents.redacteur import Redacteur
from conventions.documents.sections import (
    annexes,
    attribution,
    duree,
    edd,
    en_tete,
    financement,
    logements,
    objet,
    obligations,
    parties,
    propriete,
    signatures,
    type2_categories,
)


def construire(modele: str) -> Redacteur:
    r = Redacteur(modele)
    en_tete(r)
    parties(r)
    objet(r)
    if modele == TYPE2:
        type2_categories(r)
    propriete(r)
    edd(r)
    financement(r)
    duree(r)
    logements(r)
    annexes(r)
    attribution(r)
    obligations(r)
    signatures(r)
    return r


def main(dossier: Path = DOSSIER_MODELES) -> list[Path]:
    dossier.mkdir(parents=True, exist_ok=True)
    chemins = []
    for modele in (HLM, SEM, TYPE1, TYPE2):
        chemin = dossier / f"{modele}.docx"
        construire(modele).save(chemin)
        chemins.append(chemin)
    return chemins


if __name__ == "__main__":
    for chemin in main(Path(sys.argv[1]) if len(sys.argv) > 1 else DOSSIER_MODELES):
        print(chemin)
