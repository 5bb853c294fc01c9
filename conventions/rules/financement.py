"""Financement step (reference §1.11, §2.4): loans and the end-of-convention year.

End-of-convention year, as decided for this service:
- the year is required and plausible (from 1977, the creation of the APL conventions, to Y + 100);
- PLS lot or operation "sans travaux": Y + 15 ≤ year ≤ Y + 40 (Y = current year, both bounds + 1 after June).
  Applied with or without loans: the reference applies the year rule only when a loan is declared, but these are
  precisely the conventions allowed to have no CDC loan, and the 15–40 years range does not depend on loans;
- otherwise: year ≥ the end of the longest CDC loan (date d'octroi + durée), and ≥ date d'octroi + 9 years for a
  shorter loan, + 1 when that end falls after June. Without a CDC loan carrying a date and a duration there is no
  lower bound from loans (and the convention is refused anyway: at least one CDC loan is required).
The stored date is 30 June of the chosen year (`date_fin_conventionnement`).

Foyers and résidences (reference §13.2): the stored date is 31 December; the PLS-like range has no 40-year cap
and no "+ 1 after June". Outre-mer (§13.3): year ≥ current year + 9 and ≥ the end of every loan.
"""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.utils import timezone

from conventions.enums import PRETEURS_CDC, Preteur
from conventions.rules.base import (
    Label,
    NotADate,
    NotANumber,
    RuleError,
    add_years,
    check_decimal,
    check_text,
    coerce,
    text,
    to_date,
    to_int,
)
from conventions.rules.dates import check_date
from programmes.enums import FINANCEMENTS_PLS, TypeOperation

MONTANT_MAX = Decimal(10) ** 12
DUREE_MAX = 99
DUREE_MINIMUM_CDC = 9
ANNEE_MIN_PLAUSIBLE = 1977
PLS_MIN, PLS_MAX = 15, 40
PRETEURS_CDC_VALUES = {p.value for p in PRETEURS_CDC}
REQUIS_CDC = {"date_octroi": "La date d'octroi", "duree": "La durée", "numero": "Le numéro du prêt"}


@dataclass
class PretData:
    """One loan row (model Pret's field names)."""

    preteur: Any = ""
    autre: Any = ""
    date_octroi: Any = None
    numero: Any = ""
    duree: Any = None
    montant: Any = None


def is_pret_cdc(item: Any) -> bool:
    return text(coerce(PretData, item).preteur) in PRETEURS_CDC_VALUES


def is_pls_ou_sans_travaux(*, financement: str | None, type_operation: str | None) -> bool:
    """PLS and the financements treated like it (PLS outre-mer, PALULOS…), or an operation sans travaux."""
    return financement in FINANCEMENTS_PLS or type_operation == TypeOperation.SANSTRAVAUX


def _subject(data: PretData, row: int | None) -> str:
    numero = text(data.numero)
    if numero:
        return f"Prêt n° {numero}"
    return f"Prêt (ligne {row + 1})" if row is not None else "Prêt"


def check_pret(item: Any, *, row: int | None = None) -> list[RuleError]:
    """Errors of one loan: montant required and ≥ 0; CDC (CDCF/CDCL) ⇒ date d'octroi, durée, numéro required;
    "Autre" ⇒ the lender's identity required."""
    data = coerce(PretData, item)
    where = {"row": row, "subject": _subject(data, row)}
    preteur = text(data.preteur)
    errors = []
    if not preteur:
        errors.append(RuleError("Le prêteur est obligatoire.", field="preteur", code="obligatoire", **where))
    elif preteur not in Preteur.values:
        errors.append(RuleError(f"Le prêteur « {preteur} » n'existe pas.", field="preteur", code="choix", **where))
    cdc = preteur in PRETEURS_CDC_VALUES
    _, montant_errors = check_decimal(
        data.montant, field="montant", label=Label("Le montant"), maximum=MONTANT_MAX, unit="€", **where
    )
    errors += montant_errors
    errors += check_text(data.numero, field="numero", label=Label("Le numéro du prêt"), required=False, **where)
    errors += check_text(data.autre, field="autre", label=Label("L'identité du prêteur"), required=False, **where)
    if preteur == Preteur.AUTRE and not text(data.autre):
        errors.append(
            RuleError(
                "L'identité du prêteur est obligatoire lorsque le prêteur est « Autre ».",
                field="autre",
                code="obligatoire",
                **where,
            )
        )
    if cdc:
        for field, label in REQUIS_CDC.items():
            if text(getattr(data, field)) == "":
                errors.append(
                    RuleError(
                        f"{label} est obligatoire pour un prêt de la Caisse des dépôts.",
                        field=field,
                        code="obligatoire",
                        **where,
                    )
                )
    errors += _check_date_octroi(data.date_octroi, **where)
    errors += _check_duree(data.duree, minimum=1 if cdc else 0, **where)
    return errors


def _check_date_octroi(value: Any, **where) -> list[RuleError]:
    return check_date("date_octroi", value, **where)


def _check_duree(value: Any, *, minimum: int, **where) -> list[RuleError]:
    try:
        duree = to_int(value)
    except NotANumber:
        return [RuleError("La durée doit être un nombre entier d'années.", field="duree", code="nombre", **where)]
    if duree is None:
        return []
    if not minimum <= duree <= DUREE_MAX:
        return [
            RuleError(
                f"La durée doit être comprise entre {minimum} et {DUREE_MAX} ans.", field="duree", code="duree", **where
            )
        ]
    return []


def check_prets(items: Iterable[Any], *, financement: str | None, type_operation: str | None) -> list[RuleError]:
    """Errors of the loans table: every row, then at least one CDC loan unless PLS or operation sans travaux."""
    items = list(items)
    errors = []
    for row, item in enumerate(items):
        errors += check_pret(item, row=row)
    if not is_pls_ou_sans_travaux(financement=financement, type_operation=type_operation) and not any(
        is_pret_cdc(item) for item in items
    ):
        errors.append(
            RuleError(
                "Au moins un prêt de la Caisse des dépôts (CDC pour le foncier ou CDC pour le logement) doit être "
                "déclaré, sauf pour un financement PLS ou une opération sans travaux.",
                field="preteur",
                code="pret_cdc_manquant",
            )
        )
    return errors


# --- End-of-convention year --------------------------------------------------------------------------------


def _apres_juin(day: datetime.date) -> int:
    return 1 if day.month > 6 else 0


def annee_fin_minimum_cdc(prets: Iterable[Any], *, apres_juin: bool = True, tous: bool = False) -> int | None:
    """The smallest end year the CDC loans allow (None when no CDC loan has a valid date and duration).
    `apres_juin`: a loan ending after June pushes the year by one (not for foyers and résidences); `tous`: every
    loan counts, whatever its lender (outre-mer)."""
    minimum = None
    for item in prets:
        data = coerce(PretData, item)
        if not tous and text(data.preteur) not in PRETEURS_CDC_VALUES:
            continue
        try:
            octroi, duree = to_date(data.date_octroi), to_int(data.duree)
        except (NotADate, NotANumber):
            continue
        if octroi is None or duree is None or duree < 0:
            continue
        fin = add_years(octroi, max(duree, DUREE_MINIMUM_CDC))
        annee = fin.year + (_apres_juin(fin) if apres_juin else 0)
        minimum = annee if minimum is None else max(minimum, annee)
    return minimum


def annee_fin_bornes(
    *,
    financement: str | None,
    type_operation: str | None,
    prets: Iterable[Any] = (),
    today: datetime.date | None = None,
    foyer_residence: bool = False,
    outre_mer: bool = False,
) -> tuple[int | None, int | None]:
    """(minimum, maximum) allowed for the end-of-convention year by the financing rules (None: no bound).
    The UI may use it to propose a default year; plausibility bounds are not included."""
    today = today or timezone.localdate()
    if outre_mer:
        prets_minimum = annee_fin_minimum_cdc(prets, apres_juin=False, tous=True)
        return max(today.year + DUREE_MINIMUM_CDC, prets_minimum or 0), None
    if is_pls_ou_sans_travaux(financement=financement, type_operation=type_operation):
        if foyer_residence:
            return today.year + PLS_MIN, None
        decalage = today.year + _apres_juin(today)
        return decalage + PLS_MIN, decalage + PLS_MAX
    return annee_fin_minimum_cdc(prets, apres_juin=not foyer_residence), None


def check_annee_fin_conventionnement(
    annee: Any,
    *,
    financement: str | None,
    type_operation: str | None,
    prets: Iterable[Any] = (),
    today: datetime.date | None = None,
    foyer_residence: bool = False,
    outre_mer: bool = False,
) -> list[RuleError]:
    today = today or timezone.localdate()
    where = {"field": "annee_fin_conventionnement"}
    try:
        annee = to_int(annee)
    except NotANumber:
        return [
            RuleError(
                "L'année de fin de conventionnement doit être une année, par exemple 2066.", code="nombre", **where
            )
        ]
    if annee is None:
        return [RuleError("L'année de fin de conventionnement est obligatoire.", code="obligatoire", **where)]
    if not ANNEE_MIN_PLAUSIBLE <= annee <= today.year + 100:
        return [
            RuleError(
                f"L'année de fin de conventionnement doit être comprise entre {ANNEE_MIN_PLAUSIBLE} et "
                f"{today.year + 100}.",
                code="annee_invalide",
                **where,
            )
        ]
    minimum, maximum = annee_fin_bornes(
        financement=financement,
        type_operation=type_operation,
        prets=prets,
        today=today,
        foyer_residence=foyer_residence,
        outre_mer=outre_mer,
    )
    if outre_mer:
        if annee < minimum:
            return [
                RuleError(
                    "Outre-mer, la convention dure au moins 9 ans et jusqu'à la fin de chaque prêt : l'année de fin "
                    f"de conventionnement ne peut pas être antérieure à {minimum}.",
                    code="annee_fin_min",
                    **where,
                )
            ]
        return []
    if is_pls_ou_sans_travaux(financement=financement, type_operation=type_operation):
        if annee < minimum:
            return [
                RuleError(
                    "Pour un financement PLS ou une opération sans travaux, la convention dure au moins 15 ans : "
                    f"l'année de fin de conventionnement ne peut pas être antérieure à {minimum}.",
                    code="annee_fin_min",
                    **where,
                )
            ]
        if maximum is not None and annee > maximum:
            return [
                RuleError(
                    "Pour un financement PLS ou une opération sans travaux, la convention dure au plus 40 ans : "
                    f"l'année de fin de conventionnement ne peut pas être postérieure à {maximum}.",
                    code="annee_fin_max",
                    **where,
                )
            ]
        return []
    if minimum is not None and annee < minimum:
        return [
            RuleError(
                "La convention doit durer au moins jusqu'à la fin du plus long prêt CDC (et au moins 9 ans après "
                f"l'octroi d'un prêt plus court) : l'année de fin de conventionnement ne peut pas être antérieure "
                f"à {minimum}.",
                code="annee_fin_min",
                **where,
            )
        ]
    return []


def date_fin_conventionnement(annee: int, *, foyer_residence: bool = False) -> datetime.date:
    """The date stored for an end-of-convention year: 30 June of that year, 31 December for a foyer or a
    résidence."""
    return datetime.date(int(annee), 12, 31) if foyer_residence else datetime.date(int(annee), 6, 30)
