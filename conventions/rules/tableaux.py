"""The four dwelling tables of ordinary housing (reference §13.7), told apart by which fields are set:

- "su" (surface utile avec loyers): surface_corrigee empty, loyer set — the rules of conventions.rules.logements;
- "su_sans_loyer": surface_corrigee empty, loyer empty — surfaces only, no rent rule;
- "corrigee" (surface corrigée avec loyers): loyer = surface corrigée × loyer par m² × coefficient (± 1 €);
- "corrigee_sans_loyer": surface corrigée, no rent.

Pure functions; the step forms of the three new tables are not built yet (see docs/architecture.md)."""

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
    text,
)
from conventions.rules.logements import (
    COEFFICIENT,
    COEFFICIENT_MAX,
    LOYER_MAX,
    SURFACE_MAX,
    SURFACES,
    TOLERANCE_LOYER,
    LogementData,
    check_logement,
)
from programmes.enums import TypologieLogement

TABLEAUX = ("su", "su_sans_loyer", "corrigee", "corrigee_sans_loyer")
SURFACE_CORRIGEE = Label("La surface corrigée", feminine=True)


def tableau_of(item: Any) -> str:
    """Which of the four tables a stored or imported dwelling belongs to."""
    corrigee = read(item, "surface_corrigee") not in (None, "")
    loyer = read(item, "loyer") not in (None, "")
    return ("corrigee" if corrigee else "su") + ("" if loyer else "_sans_loyer")


def check_logement_tableau(item: Any, *, tableau: str, row: int | None = None) -> list[RuleError]:
    """Errors of one row of `tableau` (one of TABLEAUX)."""
    if tableau not in TABLEAUX:
        raise ValueError(f"Tableau de logements inconnu : {tableau!r}")
    if tableau == "su":
        return check_logement(item, row=row)
    data = coerce(LogementData, item)
    designation = text(data.designation)
    where = {"row": row, "subject": f"Logement « {designation} »" if designation else f"Logement n° {(row or 0) + 1}"}
    errors = check_text(data.designation, field="designation", label=Label("La désignation", True), **where)
    typologie = text(data.typologie)
    if typologie not in TypologieLogement.values:
        message = "Le type du logement est obligatoire." if not typologie else f"Le type « {typologie} » n'existe pas."
        errors.append(RuleError(message, field="typologie", code="obligatoire" if not typologie else "choix", **where))
    surfaces = ["surface_habitable"]
    if tableau == "su_sans_loyer":
        surfaces += ["surface_annexes", "surface_annexes_retenue", "surface_utile"]
    for field in surfaces:
        errors += check_decimal(
            read(item, field), field=field, label=SURFACES[field], maximum=SURFACE_MAX, unit="m²", **where
        )[1]
    if tableau == "su_sans_loyer":
        return errors
    corrigee, field_errors = check_decimal(
        read(item, "surface_corrigee"),
        field="surface_corrigee",
        label=SURFACE_CORRIGEE,
        maximum=SURFACE_MAX,
        unit="m²",
        **where,
    )
    errors += field_errors
    if tableau == "corrigee_sans_loyer":
        return errors
    loyer_m2, e1 = check_decimal(
        data.loyer_par_metre_carre,
        field="loyer_par_metre_carre",
        label=Label("Le loyer par m² de surface corrigée"),
        maximum=LOYER_MAX,
        unit="€",
        **where,
    )
    coefficient, e2 = check_decimal(
        data.coefficient, field="coefficient", label=COEFFICIENT, maximum=COEFFICIENT_MAX, unit="", decimals=4, **where
    )
    loyer, e3 = check_decimal(
        data.loyer, field="loyer", label=Label("Le loyer maximum du logement"), maximum=LOYER_MAX, unit="€", **where
    )
    errors += e1 + e2 + e3
    if None not in (corrigee, loyer_m2, coefficient, loyer):
        attendu = round_half_up(corrigee * loyer_m2 * coefficient)
        if abs(round_half_up(loyer) - attendu) > TOLERANCE_LOYER:
            errors.append(
                RuleError(
                    "Le loyer maximum doit être égal à surface corrigée × loyer par m² × coefficient ; valeur "
                    f"attendue : {format_euros(attendu)} (tolérance de {format_entier(TOLERANCE_LOYER)} €).",
                    field="loyer",
                    code="loyer_calcul",
                    **where,
                )
            )
    return errors
