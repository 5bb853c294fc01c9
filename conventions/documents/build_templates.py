"""The document models, built from the Python texts of conventions/documents/textes/ — the single source of
truth (docs/decisions.md): no .docx is committed; each model is built in memory the first time a process
needs it (`template_bytes`, cached).

To look at a model in LibreOffice or Word (for review, not for editing):

    python -m conventions.documents.build_templates /tmp/modeles
"""

import functools
import io
import sys
from pathlib import Path

from conventions.documents import modeles as m
from conventions.documents.redacteur import Redacteur
from conventions.documents.textes import avenants, fiche_caf, foyers
from conventions.documents.textes import plans_ordinaires as plans
from conventions.documents.textes.annexe import annexe_operation
from conventions.documents.textes.communs import ecrire_articles, en_tete, parties, signatures

ORDINAIRES = {
    m.HLM: (
        plans.HLM,
        "ANNEXE I À L'ARTICLE D. 353-1 DU CODE DE LA CONSTRUCTION ET DE L'HABITATION",
        "Convention conclue entre l'État et un organisme d'habitations à loyer modéré en application des articles "
        "L. 353-1 et L. 831-1 (2° ou 3°) du code de la construction et de l'habitation",
    ),
    m.SEM: (
        plans.SEM,
        "ANNEXE À L'ARTICLE D. 353-59 DU CODE DE LA CONSTRUCTION ET DE L'HABITATION",
        "Convention conclue entre l'État et une société d'économie mixte en application des articles L. 353-1, "
        "L. 481-2 et L. 831-1 du code de la construction et de l'habitation",
    ),
    m.TYPE1: (
        plans.TYPE1,
        "ANNEXE I À L'ARTICLE D. 353-90 DU CODE DE LA CONSTRUCTION ET DE L'HABITATION",
        "Convention de type I conclue entre l'État et un bailleur autre qu'un organisme HLM ou une SEM, pour des "
        "logements construits ou acquis avec l'aide de l'État",
    ),
    m.TYPE2: (
        plans.TYPE2,
        "ANNEXE II À L'ARTICLE D. 353-90 DU CODE DE LA CONSTRUCTION ET DE L'HABITATION",
        "Convention de type II conclue entre l'État et un bailleur autre qu'un organisme HLM ou une SEM, pour des "
        "logements existants",
    ),
}

TITRE_CONVENTION = "CONVENTION OUVRANT DROIT À L'AIDE PERSONNALISÉE AU LOGEMENT"


def _ordinaire(modele: str) -> Redacteur:
    articles, reference, sous_titre = ORDINAIRES[modele]
    r = Redacteur(modele)
    en_tete(r, reference=reference, titre=TITRE_CONVENTION, sous_titre=sous_titre)
    parties(r)
    ecrire_articles(r, articles)
    signatures(r)
    annexe_operation(r)
    signatures(r, annexe=True)
    return r


def construire(modele: str) -> Redacteur:
    if modele in ORDINAIRES:
        return _ordinaire(modele)
    if modele in (m.FOYER, m.RESIDENCE):
        return foyers.construire(modele)
    if modele in (m.AVENANT, m.AVENANT_FOYER_RESIDENCE):
        return avenants.construire(modele)
    if modele in (m.SECONDE_VIE_HLM, m.SECONDE_VIE_FOYER):
        return avenants.construire_seconde_vie(modele)
    if modele == m.FICHE_CAF:
        return fiche_caf.construire()
    raise ValueError(f"Modèle inconnu : {modele}")


@functools.cache
def template_bytes(modele: str) -> bytes:
    """The .docx of a model (built once per process)."""
    flux = io.BytesIO()
    construire(modele).save(flux)
    return flux.getvalue()


def articles_of(modele: str):
    """The ordered articles of a model (for tests and the document check)."""
    if modele in ORDINAIRES:
        return ORDINAIRES[modele][0]
    if modele in (m.FOYER, m.RESIDENCE):
        return foyers.ARTICLES[modele]
    if modele in (m.SECONDE_VIE_HLM, m.SECONDE_VIE_FOYER):
        return avenants.ARTICLES_SECONDE_VIE[modele]
    return []


def main(dossier: Path) -> list[Path]:
    dossier.mkdir(parents=True, exist_ok=True)
    chemins = []
    for modele in m.MODELES:
        chemin = dossier / f"{modele}.docx"
        chemin.write_bytes(template_bytes(modele))
        chemins.append(chemin)
    return chemins


if __name__ == "__main__":
    for chemin in main(Path(sys.argv[1]) if len(sys.argv) > 1 else Path("modeles")):
        print(chemin)
