"""Dwellings of a lot (reference §1.6): each row, then the rules over the whole table of the lot."""

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from conventions.rules.base import (
    Label,
    RuleError,
    check_decimal,
    check_text,
    coerce,
    format_entier,
    format_euros,
    read,
    round_half_up,
)
from programmes.enums import TypologieLogement

SURFACE_MAX = Decimal(10000)
SURFACE_LOT_MAX = Decimal(100000)  # a surface of the whole lot
LOYER_MAX = Decimal(10000)
COEFFICIENT_MAX = Decimal(1000)
TOLERANCE_LOYER = Decimal(1)  # € per dwelling

SURFACES = {
    "surface_habitable": Label("La surface habitable", feminine=True),
    "surface_annexes": Label("La surface réelle des annexes", feminine=True),
    "surface_annexes_retenue": Label("La surface des annexes retenue dans la surface utile", feminine=True),
    "surface_utile": Label("La surface utile", feminine=True),
}
LOYERS = {
    "loyer_par_metre_carre": Label("Le loyer par m² de surface utile"),
    "loyer": Label("Le loyer maximum du logement"),
}
COEFFICIENT = Label("Le coefficient propre au logement")


@dataclass
class LogementData:
    """One row of the Logements step, with the model's field names (values may be raw: "65,5", 65.5…)."""

    designation: Any = ""
    typologie: Any = ""
    surface_habitable: Any = None
    surface_annexes: Any = None
    surface_annexes_retenue: Any = None
    surface_utile: Any = None
    loyer_par_metre_carre: Any = None
    coefficient: Any = None
    loyer: Any = None


def normalise_designation(value: Any) -> str:
    """Designations are compared without case and extra spaces ("Bât A 12" = "bât a  12")."""
    return " ".join(str(value or "").split()).casefold()


def loyer_attendu(*, surface_utile: Decimal, loyer_par_metre_carre: Decimal, coefficient: Decimal) -> Decimal:
    """SU × loyer/m² × coefficient, rounded half-up to the cent."""
    return round_half_up(surface_utile * loyer_par_metre_carre * coefficient)


def check_loyer(
    *,
    surface_utile: Decimal,
    loyer_par_metre_carre: Decimal,
    coefficient: Decimal,
    loyer: Decimal,
    surface: str = "surface utile",
    **where,
) -> list[RuleError]:
    """The rent equals S × loyer/m² × coefficient within 1 € (both rounded half-up to the cent); S is the surface
    utile, or the surface corrigée (`surface` names it in the message; its value is passed as `surface_utile`)."""
    attendu = loyer_attendu(
        surface_utile=surface_utile, loyer_par_metre_carre=loyer_par_metre_carre, coefficient=coefficient
    )
    if abs(round_half_up(loyer) - attendu) <= TOLERANCE_LOYER:
        return []
    return [
        RuleError(
            f"Le loyer maximum doit être égal à {surface} × loyer par m² × coefficient ; valeur attendue : "
            f"{format_euros(attendu)} (tolérance de {format_entier(TOLERANCE_LOYER)} €).",
            field="loyer",
            code="loyer_calcul",
            **where,
        )
    ]


def _subject(data: LogementData, row: int | None) -> str:
    designation = str(data.designation or "").strip()
    if designation:
        return f"Logement « {designation} »"
    return f"Logement n° {row + 1}" if row is not None else "Logement"


def parse_logement(item: Any, *, row: int | None = None) -> tuple[dict[str, Decimal | None], list[RuleError]]:
    """(the numeric values that are valid, as Decimals; the row's errors)."""
    data = coerce(LogementData, item)
    where = {"row": row, "subject": _subject(data, row)}
    errors = check_text(data.designation, field="designation", label=Label("La désignation", True), **where)
    typologie = str(data.typologie or "").strip()
    if not typologie:
        errors.append(RuleError("Le type du logement est obligatoire.", field="typologie", code="obligatoire", **where))
    elif typologie not in TypologieLogement.values:
        errors.append(
            RuleError(
                f"Le type « {typologie} » n'existe pas (types possibles : {', '.join(TypologieLogement.values)}).",
                field="typologie",
                code="choix",
                **where,
            )
        )
    values = {}
    for field, label in SURFACES.items():
        values[field], field_errors = check_decimal(
            getattr(data, field), field=field, label=label, maximum=SURFACE_MAX, unit="m²", **where
        )
        errors += field_errors
    for field, label in LOYERS.items():
        values[field], field_errors = check_decimal(
            getattr(data, field), field=field, label=label, maximum=LOYER_MAX, unit="€", **where
        )
        errors += field_errors
    values["coefficient"], field_errors = check_decimal(
        data.coefficient, field="coefficient", label=COEFFICIENT, maximum=COEFFICIENT_MAX, unit="", decimals=4, **where
    )
    errors += field_errors
    if None not in (values["surface_utile"], values["loyer_par_metre_carre"], values["coefficient"], values["loyer"]):
        errors += check_loyer(
            surface_utile=values["surface_utile"],
            loyer_par_metre_carre=values["loyer_par_metre_carre"],
            coefficient=values["coefficient"],
            loyer=values["loyer"],
            **where,
        )
    return values, errors


def check_logement(item: Any, *, row: int | None = None) -> list[RuleError]:
    """Errors of one dwelling row: required fields, numbers (≥ 0, < 10 000, decimals), rent formula."""
    return parse_logement(item, row=row)[1]


def check_logements(
    items: Iterable[Any],
    *,
    nb_logements: int | None = None,
    financement: str | None = None,
    edd: Iterable[Any] | None = None,
) -> list[RuleError]:
    """Errors of the whole table of a lot: every row, then the table rules — not empty, unique designations,
    one loyer/m² for the lot, as many rows as `nb_logements` (when given), the coefficients' cap and, when
    `edd` (the programme's EDD rows) is not empty, each dwelling present once in it with `financement`."""
    items = list(items)
    if not items:
        return [RuleError("La liste des logements ne peut pas être vide.", code="logements_vide")]
    errors, parsed = [], []
    for row, item in enumerate(items):
        values, row_errors = parse_logement(item, row=row)
        parsed.append(values)
        errors += row_errors
    errors += _check_designations_uniques(items)
    errors += _check_loyer_m2_unique(parsed)
    errors += _check_nombre(len(items), nb_logements)
    errors += _check_plafond_coefficients(parsed)
    if edd is not None:
        from conventions.rules.edd import check_logements_in_edd

        errors += check_logements_in_edd(items, edd, financement=financement)
    return errors


def _check_designations_uniques(items: list[Any]) -> list[RuleError]:
    datas = [coerce(LogementData, item) for item in items]
    counts = Counter(normalise_designation(d.designation) for d in datas)
    errors = []
    for row, data in enumerate(datas):
        key = normalise_designation(data.designation)
        if key and counts[key] > 1:
            errors.append(
                RuleError(
                    f"La désignation « {str(data.designation).strip()} » est utilisée par {counts[key]} logements : "
                    "chaque logement du lot doit avoir sa propre désignation.",
                    field="designation",
                    row=row,
                    code="designation_doublon",
                    subject=_subject(data, row),
                )
            )
    return errors


def _check_loyer_m2_unique(parsed: list[dict], *, label: str = "Le loyer par m² de surface utile") -> list[RuleError]:
    valeurs = sorted({v["loyer_par_metre_carre"].normalize() for v in parsed if v["loyer_par_metre_carre"] is not None})
    if len(valeurs) <= 1:
        return []
    listed = ", ".join(format_euros(v) for v in valeurs)
    return [
        RuleError(
            f"{label} doit être le même pour tous les logements du lot (valeurs saisies : {listed}).",
            field="loyer_par_metre_carre",
            code="loyer_m2_different",
        )
    ]


def _check_nombre(count: int, nb_logements: int | None) -> list[RuleError]:
    if nb_logements is None or count == nb_logements:
        return []
    return [
        RuleError(
            f"Le lot doit compter {nb_logements} logement{'s' if nb_logements > 1 else ''} (nombre déclaré à "
            f"l'étape Opération) mais {count} logement{'s sont saisis' if count > 1 else ' est saisi'}.",
            code="nombre_logements",
        )
    ]


def _check_plafond_coefficients(parsed: list[dict], *, surface: str = "surface_utile") -> list[RuleError]:
    """Σ S × loyer/m² × coefficient ≤ Σ S × loyer/m² + 1 € per dwelling, S the surface the rent is computed on
    (`surface`: the surface utile, or the surface corrigée; over the rows whose values are valid)."""
    rows = [v for v in parsed if None not in (v.get(surface), v["loyer_par_metre_carre"], v["coefficient"])]
    if not rows:
        return []
    avec = round_half_up(sum((v[surface] * v["loyer_par_metre_carre"] * v["coefficient"] for v in rows), Decimal(0)))
    sans = round_half_up(sum((v[surface] * v["loyer_par_metre_carre"] for v in rows), Decimal(0)))
    tolerance = TOLERANCE_LOYER * len(rows)
    if avec <= sans + tolerance:
        return []
    return [
        RuleError(
            f"La somme des loyers après application des coefficients ({format_euros(avec)}) ne peut pas dépasser "
            f"la somme des loyers sans coefficient, soit {format_euros(sans)} (tolérance de {len(rows)} €, 1 € par "
            "logement).",
            field="coefficient",
            code="plafond_coefficients",
        )
    ]


def check_options_lot(item: Any) -> list[RuleError]:
    """The lot options of the Logements step (reference §13.7), both optional: the surface of the locaux
    collectifs résidentiels (m², < 100 000; printed in 3 ter of the annex) and the rent for the associations
    foncières and their subsidiaries (€ per m² of surface utile, < 10 000; printed in article 8 of a Type II
    convention) — never negative, two decimals at most."""
    surface = check_decimal(
        read(item, "surface_locaux_collectifs_residentiels"),
        field="surface_locaux_collectifs_residentiels",
        label=Label("La surface des locaux collectifs résidentiels", feminine=True),
        maximum=SURFACE_LOT_MAX,
        unit="m²",
        required=False,
    )[1]
    loyer = check_decimal(
        read(item, "loyer_associations_foncieres"),
        field="loyer_associations_foncieres",
        label=Label("Le loyer pour les associations foncières"),
        maximum=LOYER_MAX,
        unit="€",
        required=False,
    )[1]
    return surface + loyer
