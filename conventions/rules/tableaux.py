"""The four dwelling tables of ordinary housing (reference §13.7), told apart by which fields are set:

- "su" (surface utile avec loyers): surface_corrigee empty, loyer set — the row rules of conventions.rules.logements;
- "su_sans_loyer": surface_corrigee empty, loyer empty — surfaces only, no rent rule;
- "corrigee" (surface corrigée avec loyers): loyer = surface corrigée × loyer par m² × coefficient (± 1 €);
- "corrigee_sans_loyer": surface corrigée, no rent.

The Logements step of an ordinary convention shows the four tables; its rows reach the rules as one list, each
row naming its table (key "tableau"; a stored dwelling is in the table its empty fields say). The table rules
apply across the four tables: unique designations, one loyer par m² for the lot, the coefficients' cap, the
count of dwellings, the EDD simplifié (decision: the reference's "formset rules across tables").
"""

from collections.abc import Iterable
from typing import Any

from conventions.rules.base import (
    Label,
    RuleError,
    check_decimal,
    check_text,
    coerce,
    read,
    text,
)
from conventions.rules.logements import (
    COEFFICIENT,
    COEFFICIENT_MAX,
    LOYER_MAX,
    LOYERS,
    SURFACE_MAX,
    SURFACES,
    LogementData,
    _check_designations_uniques,
    _check_loyer_m2_unique,
    _check_nombre,
    _check_plafond_coefficients,
    check_loyer,
    parse_logement,
)
from programmes.enums import (
    COLONNES_LOGEMENT,
    COLONNES_TABLEAU,
    TableauLogement,
    TypologieLogement,
    tableau_du_logement,
)

TABLEAUX = tuple(TableauLogement.values)
SURFACE_CORRIGEE = Label("La surface corrigée", feminine=True)
# How each field is named in a message (the labels of the rules of conventions.rules.logements).
LIBELLES_CHAMPS = {
    **{field: label.text for field, label in SURFACES.items()},
    "surface_corrigee": SURFACE_CORRIGEE.text,
    "loyer_par_metre_carre": "Le loyer par m²",
    "coefficient": COEFFICIENT.text,
    "loyer": LOYERS["loyer"].text,
}
# The surface a rent is computed on, per table with rents.
SURFACE_DU_LOYER = {TableauLogement.SU: "surface_utile", TableauLogement.CORRIGEE: "surface_corrigee"}


def tableau_of(item: Any) -> str:
    """Which of the four tables a stored or imported dwelling belongs to, by its empty fields."""
    return str(tableau_du_logement(surface_corrigee=read(item, "surface_corrigee"), loyer=read(item, "loyer")))


def tableau_de_ligne(item: Any) -> str:
    """The table a row names (key "tableau": a row on screen, an API row; a stored dwelling's is the one its
    empty fields say), else the one its empty fields say."""
    return text(read(item, "tableau")) or tableau_of(item)


def libelle_tableau(tableau: str) -> str:
    return TableauLogement(tableau).label


def _where(data: LogementData, row: int | None) -> dict:
    designation = text(data.designation)
    return {"row": row, "subject": f"Logement « {designation} »" if designation else f"Logement n° {(row or 0) + 1}"}


def parse_logement_tableau(item: Any, *, tableau: str, row: int | None = None) -> tuple[dict, list[RuleError]]:
    """(the values the rent rules read — "surface" the rent is computed on, loyer par m², coefficient — as
    Decimals when valid; the row's errors) for a row of `tableau`."""
    if tableau not in TABLEAUX:
        raise ValueError(f"Tableau de logements inconnu : {tableau!r}")
    if tableau == TableauLogement.SU:
        values, errors = parse_logement(item, row=row)
        return {**values, "surface": values["surface_utile"]}, errors
    data = coerce(LogementData, item)
    where = _where(data, row)
    errors = check_text(data.designation, field="designation", label=Label("La désignation", True), **where)
    typologie = text(data.typologie)
    if typologie not in TypologieLogement.values:
        message = "Le type du logement est obligatoire." if not typologie else f"Le type « {typologie} » n'existe pas."
        errors.append(RuleError(message, field="typologie", code="obligatoire" if not typologie else "choix", **where))
    surfaces = ["surface_habitable"]
    if tableau == TableauLogement.SU_SANS_LOYER:
        surfaces += ["surface_annexes", "surface_annexes_retenue", "surface_utile"]
    for field in surfaces:
        errors += check_decimal(
            read(item, field), field=field, label=SURFACES[field], maximum=SURFACE_MAX, unit="m²", **where
        )[1]
    values = {"surface": None, "loyer_par_metre_carre": None, "coefficient": None}
    if tableau == TableauLogement.SU_SANS_LOYER:
        return values, errors
    corrigee, field_errors = check_decimal(
        read(item, "surface_corrigee"),
        field="surface_corrigee",
        label=SURFACE_CORRIGEE,
        maximum=SURFACE_MAX,
        unit="m²",
        **where,
    )
    errors += field_errors
    if tableau == TableauLogement.CORRIGEE_SANS_LOYER:
        return values, errors
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
        errors += check_loyer(
            surface_utile=corrigee,
            loyer_par_metre_carre=loyer_m2,
            coefficient=coefficient,
            loyer=loyer,
            surface="surface corrigée",
            **where,
        )
    return {"surface": corrigee, "loyer_par_metre_carre": loyer_m2, "coefficient": coefficient}, errors


def check_logement_tableau(item: Any, *, tableau: str, row: int | None = None) -> list[RuleError]:
    """Errors of one row of `tableau` (one of TABLEAUX): its required fields, numbers and rent formula."""
    return parse_logement_tableau(item, tableau=tableau, row=row)[1]


def check_champs_du_tableau(item: Any, *, tableau: str, row: int | None = None) -> list[RuleError]:
    """A value given for a field the table does not have is refused rather than dropped (a row sent by a partner
    names its table: a rent in a "sans loyer" table would be lost)."""
    data = coerce(LogementData, item)
    colonnes = COLONNES_TABLEAU[tableau]
    return [
        RuleError(
            f"{LIBELLES_CHAMPS[field]} n'a pas sa place dans le tableau « {libelle_tableau(tableau)} » : "
            "laissez ce champ vide, ou indiquez un autre tableau.",
            field=field,
            code="hors_tableau",
            **_where(data, row),
        )
        for field in COLONNES_LOGEMENT
        if field not in colonnes and read(item, field) not in (None, "")
    ]


def check_logements_tableaux(
    items: Iterable[Any],
    *,
    nb_logements: int | None = None,
    financement: str | None = None,
    edd: Iterable[Any] | None = None,
) -> list[RuleError]:
    """Errors of the dwellings of an ordinary lot, its four tables together (each row in the table it names, or
    in the one its empty fields say): every row by the rules of its table, then across the tables — not empty,
    unique designations, one loyer par m² for the lot, as many rows as `nb_logements` (when given), the
    coefficients' cap (on the surface each rent is computed on) and, when `edd` is not empty, each dwelling
    present once in it with `financement`."""
    items = list(items)
    if not items:
        return [RuleError("La liste des logements ne peut pas être vide.", code="logements_vide")]
    errors, loyers = [], []
    tableaux_des_loyers = set()
    for row, item in enumerate(items):
        tableau = tableau_de_ligne(item)
        values, row_errors = parse_logement_tableau(item, tableau=tableau, row=row)
        errors += row_errors
        if tableau in SURFACE_DU_LOYER:
            loyers.append(values)
            tableaux_des_loyers.add(tableau)
    errors += _check_designations_uniques(items)
    errors += _check_loyer_m2_unique(loyers, label=_libelle_loyer_m2(tableaux_des_loyers))
    errors += _check_nombre(len(items), nb_logements)
    errors += _check_plafond_coefficients(loyers, surface="surface")
    if edd is not None:
        from conventions.rules.edd import check_logements_in_edd

        errors += check_logements_in_edd(items, edd, financement=financement)
    return errors


def _libelle_loyer_m2(tableaux: set[str]) -> str:
    if tableaux == {TableauLogement.CORRIGEE}:
        return "Le loyer par m² de surface corrigée"
    if tableaux == {TableauLogement.SU} or not tableaux:
        return "Le loyer par m² de surface utile"
    return "Le loyer par m² (de surface utile ou de surface corrigée)"
