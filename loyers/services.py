"""The rent revision calculator (« simulateur de loyer »), pure functions.

Rule (documented in docs/decisions.md): a revision takes effect on 1 January of its year; a rent known at
`date_initiale` is revised by every yearly index whose 1 January lies after `date_initiale` and on or before
`date_actualisation`. Each year's revised amount is rounded to the cent, half-up, as published amounts are;
the next year starts from that rounded amount."""

import datetime
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from loyers.models import IndiceEvolutionLoyer, TypeIndice
from programmes.enums import NatureLogement

CENT = Decimal("0.01")
MONTANT_MAX = Decimal("10000")

# Natures whose rents or redevances are revised (reference part 2 §15.1), and the index each one follows.
TYPE_PAR_NATURE = {
    NatureLogement.LOGEMENTSORDINAIRES: TypeIndice.LOYER,
    NatureLogement.RESISDENCESOCIALE: TypeIndice.REDEVANCE,
    NatureLogement.RESIDENCEDACCUEIL: TypeIndice.REDEVANCE,
    NatureLogement.AUTRE: TypeIndice.REDEVANCE,
}


class IndiceManquant(ValueError):
    def __init__(self, annees: list[int]):
        self.annees = annees
        liste = ", ".join(str(a) for a in annees)
        quand = "les années" if len(annees) > 1 else "l'année"
        super().__init__(f"Aucun indice n'est connu pour {quand} {liste}.")


@dataclass(frozen=True)
class EtapeRevision:
    annee: int
    evolution: Decimal
    departemental: bool
    avant: Decimal
    apres: Decimal


@dataclass(frozen=True)
class Revision:
    montant_initial: Decimal
    montant_revise: Decimal
    etapes: list[EtapeRevision]
    annee_validite: int


def arrondi(montant: Decimal) -> Decimal:
    return montant.quantize(CENT, rounding=ROUND_HALF_UP)


def annees_de_revision(*, date_initiale: datetime.date, date_actualisation: datetime.date) -> list[int]:
    """The years whose 1 January falls in ]date_initiale, date_actualisation]."""
    return list(range(date_initiale.year + 1, date_actualisation.year + 1))


def reviser(
    *,
    montant: Decimal,
    date_initiale: datetime.date,
    date_actualisation: datetime.date,
    indices: dict[int, tuple[Decimal, bool]],
) -> Revision:
    """Revise `montant` with `indices` ({année: (évolution en %, départemental)}). Raises IndiceManquant when
    a year in the period has no index, ValueError when the dates are in the wrong order."""
    if date_actualisation < date_initiale:
        raise ValueError("La date d'actualisation doit être postérieure à la date initiale.")
    annees = annees_de_revision(date_initiale=date_initiale, date_actualisation=date_actualisation)
    manquantes = [a for a in annees if a not in indices]
    if manquantes:
        raise IndiceManquant(manquantes)
    courant = arrondi(Decimal(montant))
    etapes = []
    for annee in annees:
        evolution, departemental = indices[annee]
        apres = arrondi(courant * (1 + evolution / 100))
        etapes.append(EtapeRevision(annee, evolution, departemental, courant, apres))
        courant = apres
    return Revision(arrondi(Decimal(montant)), courant, etapes, date_actualisation.year)


def indices_applicables(*, type_indice: str, departement_code: str | None) -> dict[int, tuple[Decimal, bool]]:
    """{année: (évolution, départemental)}: the national value, replaced by the département's where one exists."""
    rows = IndiceEvolutionLoyer.objects.filter(type_indice=type_indice).select_related("departement")
    national, local = {}, {}
    for row in rows:
        if row.departement_id is None:
            national[row.annee] = (row.evolution, False)
        elif departement_code and row.departement.code_insee == departement_code:
            local[row.annee] = (row.evolution, True)
    return national | local


def simuler(
    *,
    montant: Decimal,
    nature_logement: str,
    date_initiale: datetime.date,
    date_actualisation: datetime.date,
    departement_code: str | None = None,
) -> Revision:
    type_indice = TYPE_PAR_NATURE[NatureLogement(nature_logement)]
    indices = indices_applicables(type_indice=type_indice, departement_code=departement_code)
    return reviser(montant=montant, date_initiale=date_initiale, date_actualisation=date_actualisation, indices=indices)
