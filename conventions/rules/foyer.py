"""Foyers and résidences (reference §13.2): the dwellings table (redevance maximale), the locaux collectifs,
the attribution and the variantes; and the outre-mer rule on the nature of an operation (§13.3).

Pure functions over plain data, like the other rule modules; every message names the field."""

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
    format_nombre,
    read,
    text,
    to_decimal,
    to_int,
)
from conventions.rules.logements import LOYER_MAX, SURFACE_MAX, _check_nombre, normalise_designation
from programmes.enums import DEPARTEMENTS_OUTRE_MER, NATURES_FOYER, NATURES_RESIDENCE, TypologieLogement

SURFACE_TOTALE_MAX = Decimal(100000)
REDEVANCE = Label("La redevance maximale", feminine=True)
SURFACE_HABITABLE = Label("La surface habitable", feminine=True)


@dataclass
class LogementFoyerData:
    """One row of the Logements step of a foyer or a résidence; `loyer` is the maximum redevance."""

    designation: Any = ""
    typologie: Any = ""
    surface_habitable: Any = None
    loyer: Any = None


def _subject(data, row: int | None) -> str:
    designation = text(data.designation)
    if designation:
        return f"Logement « {designation} »"
    return f"Logement n° {row + 1}" if row is not None else "Logement"


def parse_logement_foyer(item: Any, *, row: int | None = None) -> tuple[dict, list[RuleError]]:
    data = coerce(LogementFoyerData, item)
    where = {"row": row, "subject": _subject(data, row)}
    errors = check_text(data.designation, field="designation", label=Label("Le numéro du logement"), **where)
    typologie = text(data.typologie)
    if not typologie:
        errors.append(RuleError("Le type du logement est obligatoire.", field="typologie", code="obligatoire", **where))
    elif typologie not in TypologieLogement.values:
        errors.append(
            RuleError(
                f"Le type « {typologie} » n'existe pas (types possibles : {', '.join(TypologieLogement.labels)}).",
                field="typologie",
                code="choix",
                **where,
            )
        )
    values = {"typologie": typologie}
    values["surface_habitable"], field_errors = check_decimal(
        data.surface_habitable,
        field="surface_habitable",
        label=SURFACE_HABITABLE,
        maximum=SURFACE_MAX,
        unit="m²",
        **where,
    )
    errors += field_errors
    values["loyer"], field_errors = check_decimal(
        data.loyer, field="loyer", label=REDEVANCE, maximum=LOYER_MAX, unit="€", **where
    )
    errors += field_errors
    return values, errors


def check_logements_foyer(
    items: Iterable[Any],
    *,
    nb_logements: int | None = None,
    surface_habitable_totale: Any = None,
) -> list[RuleError]:
    """Errors of the dwellings of a foyer or a résidence: every row (numéro, type, surface habitable, redevance
    maximale), unique numbers, one redevance per typology, the lot's total surface ≥ the sum of the dwellings'
    (and required), the count against `nb_logements` (optional warning)."""
    items = list(items)
    errors = check_surface_habitable_totale(surface_habitable_totale)
    if not items:
        return [RuleError("La liste des logements ne peut pas être vide.", code="logements_vide"), *errors]
    parsed = []
    for row, item in enumerate(items):
        values, row_errors = parse_logement_foyer(item, row=row)
        parsed.append(values)
        errors += row_errors
    errors += _check_numeros_uniques(items)
    errors += _check_redevance_par_typologie(parsed)
    errors += _check_surface_totale(parsed, surface_habitable_totale)
    errors += [error.replace(optional=True) for error in _check_nombre(len(items), nb_logements)]
    return errors


def check_surface_habitable_totale(value: Any) -> list[RuleError]:
    return check_decimal(
        value,
        field="surface_habitable_totale",
        label=Label("La surface habitable totale", feminine=True),
        maximum=SURFACE_TOTALE_MAX,
        unit="m²",
    )[1]


def _check_numeros_uniques(items: list[Any]) -> list[RuleError]:
    datas = [coerce(LogementFoyerData, item) for item in items]
    counts = Counter(normalise_designation(d.designation) for d in datas)
    return [
        RuleError(
            f"Le numéro « {text(data.designation)} » est utilisé par {counts[key]} logements : chaque logement doit "
            "avoir son propre numéro.",
            field="designation",
            row=row,
            code="designation_doublon",
            subject=_subject(data, row),
        )
        for row, data in enumerate(datas)
        if (key := normalise_designation(data.designation)) and counts[key] > 1
    ]


def _check_redevance_par_typologie(parsed: list[dict]) -> list[RuleError]:
    """Every dwelling of one typology has the same redevance maximale (not bypassable)."""
    par_type: dict[str, set[Decimal]] = {}
    for values in parsed:
        if values["typologie"] and values["loyer"] is not None:
            par_type.setdefault(values["typologie"], set()).add(values["loyer"].normalize())
    labels = dict(TypologieLogement.choices)
    return [
        RuleError(
            "La redevance maximale doit être la même pour tous les logements de type "
            f"{labels.get(typologie, typologie)} (valeurs saisies : {_euros(redevances)}).",
            field="loyer",
            code="redevance_par_typologie",
        )
        for typologie, redevances in par_type.items()
        if len(redevances) > 1
    ]


def _euros(values) -> str:
    return ", ".join(f"{format_nombre(v)} €" for v in sorted(values))


def _check_surface_totale(parsed: list[dict], surface_habitable_totale: Any) -> list[RuleError]:
    try:
        totale = to_decimal(surface_habitable_totale)
    except ValueError:
        return []
    somme = sum((v["surface_habitable"] for v in parsed if v["surface_habitable"] is not None), Decimal(0))
    if totale is None or totale >= somme:
        return []
    return [
        RuleError(
            f"La surface habitable totale ({format_nombre(totale)} m²) ne peut pas être inférieure à la somme des "
            f"surfaces habitables des logements ({format_nombre(somme)} m²).",
            field="surface_habitable_totale",
            code="surface_totale",
        )
    ]


# --- Locaux collectifs -------------------------------------------------------------------------------------


@dataclass
class LocauxCollectifsData:
    type_local: Any = ""
    surface_habitable: Any = None
    nombre: Any = None


def check_locaux_collectifs(items: Iterable[Any]) -> list[RuleError]:
    """Each row: type (required), surface habitable (required, < 10 000 m²), nombre (required whole number)."""
    errors = []
    for row, item in enumerate(items):
        data = coerce(LocauxCollectifsData, item)
        subject = f"Local « {text(data.type_local)} »" if text(data.type_local) else f"Local n° {row + 1}"
        where = {"row": row, "subject": subject}
        errors += check_text(data.type_local, field="type_local", label=Label("Le type de local"), **where)
        errors += check_decimal(
            data.surface_habitable,
            field="surface_habitable",
            label=SURFACE_HABITABLE,
            maximum=SURFACE_MAX,
            unit="m²",
            **where,
        )[1]
        try:
            nombre = to_int(data.nombre)
        except ValueError:
            errors.append(
                RuleError("Le nombre de locaux doit être un nombre entier.", field="nombre", code="nombre", **where)
            )
            continue
        if nombre is None:
            errors.append(
                RuleError("Le nombre de locaux est obligatoire.", field="nombre", code="obligatoire", **where)
            )
        elif nombre < 0:
            errors.append(
                RuleError("Le nombre de locaux ne peut pas être négatif.", field="nombre", code="negatif", **where)
            )
    return errors


def surface_locaux_collectifs(items: Iterable[Any]) -> Decimal:
    """Σ surface × nombre of the locaux collectifs (the document's total of the shared premises)."""
    total = Decimal(0)
    for item in items:
        data = coerce(LocauxCollectifsData, item)
        surface, nombre = to_decimal(data.surface_habitable), to_int(data.nombre)
        if surface is not None and nombre is not None:
            total += surface * nombre
    return total


# --- Attribution -------------------------------------------------------------------------------------------

ATTRIBUTION_COMMUNE_OBLIGATOIRE = {
    "attribution_reservation_prefectorale": "La part des réservations préfectorales est obligatoire.",
    "attribution_modalites_reservations": "Les modalités de gestion des réservations sont obligatoires.",
    "attribution_modalites_choix_personnes": "Les modalités de choix des personnes accueillies sont obligatoires.",
}
ETABLISSEMENTS = {
    "agees": ("autonomie", "ephad", "desorientees", "petite_unite", "autre"),
    "handicapes": ("foyer", "foyer_de_vie", "foyer_medicalise", "autre"),
}
INCLUSIF = {
    "attribution_inclusif_conditions_specifiques": "les conditions spécifiques d'accueil",
    "attribution_inclusif_conditions_admission": "les conditions d'admission",
    "attribution_inclusif_modalites_attribution": "les modalités d'attribution",
    "attribution_inclusif_partenariats": "les partenariats",
    "attribution_inclusif_activites": "les activités proposées",
}


def _attribution_commune(item: Any) -> list[RuleError]:
    errors = []
    for field, message in ATTRIBUTION_COMMUNE_OBLIGATOIRE.items():
        value = read(item, field)
        if value is None or text(value) == "":
            errors.append(RuleError(message, field=field, code="obligatoire"))
    part = read(item, "attribution_reservation_prefectorale")
    if part not in (None, "") and not 0 <= int(part) <= 100:  # the form gives an int
        errors.append(
            RuleError(
                "La part des réservations préfectorales est un pourcentage, entre 0 et 100.",
                field="attribution_reservation_prefectorale",
                code="pourcentage",
            )
        )
    return errors


def attribution_type_of(item: Any) -> str:
    """The public of a foyer, read from its ticks (reference §13.2): "agees", "handicapes" or "inclusif"."""
    for public, names in ETABLISSEMENTS.items():
        if any(read(item, f"attribution_{public}_{name}") for name in names):
            return public
    return "inclusif"


def check_attribution_foyer(item: Any) -> list[RuleError]:
    """A foyer is for elderly people, disabled people or an habitat inclusif (the public is read from the
    ticks): an establishment of one public only ("autre" with its detail), or the five texts of the habitat
    inclusif; then the fields common to foyers and résidences."""
    errors = []
    publics = [
        public
        for public, names in ETABLISSEMENTS.items()
        if any(read(item, f"attribution_{public}_{name}") for name in names)
    ]
    if len(publics) > 1:
        errors.append(
            RuleError(
                "Un foyer accueille des personnes âgées ou des personnes handicapées : cochez les établissements "
                "d'un seul de ces publics.",
                field="attribution_handicapes_foyer",
                code="public_unique",
            )
        )
    for public in publics:
        prefix = f"attribution_{public}_"
        if read(item, f"{prefix}autre") and not text(read(item, f"{prefix}autre_detail")):
            errors.append(
                RuleError(
                    "Précisez l'autre type d'établissement coché.", field=f"{prefix}autre_detail", code="obligatoire"
                )
            )
    if not publics:
        missing = [field for field in INCLUSIF if not text(read(item, field))]
        if len(missing) == len(INCLUSIF):
            errors.append(
                RuleError(
                    "Cochez le type d'établissement (personnes âgées ou handicapées) ou, pour un habitat inclusif, "
                    "remplissez ses cinq rubriques.",
                    field="attribution_agees_autonomie",
                    code="public_obligatoire",
                )
            )
        else:
            errors += [
                RuleError(
                    f"Pour un habitat inclusif, {INCLUSIF[field]} sont obligatoires.", field=field, code="obligatoire"
                )
                for field in missing
            ]
    return errors + _attribution_commune(item)


RESIDENCE_TYPES = (
    "attribution_residence_sociale_ordinaire",
    "attribution_pension_de_famille",
    "attribution_residence_accueil",
)


def check_attribution_residence(item: Any) -> list[RuleError]:
    errors = []
    if not any(read(item, field) for field in RESIDENCE_TYPES):
        errors.append(
            RuleError(
                "Cochez au moins un type de résidence (résidence sociale ordinaire, pension de famille ou "
                "résidence accueil).",
                field=RESIDENCE_TYPES[0],
                code="obligatoire",
            )
        )
    return errors + _attribution_commune(item)


# --- Variantes ---------------------------------------------------------------------------------------------


def check_variantes(item: Any) -> list[RuleError]:
    """At least one variante; variante 2 needs the description of the works."""
    errors = []
    if not any(read(item, f"foyer_residence_variante_{n}") for n in (1, 2, 3)):
        errors.append(
            RuleError(
                "Sélectionnez au moins une variante.", field="foyer_residence_variante_1", code="variante_obligatoire"
            )
        )
    if read(item, "foyer_residence_variante_2") and not text(read(item, "foyer_residence_variante_2_travaux")):
        errors.append(
            RuleError(
                "La variante 2 est sélectionnée : décrivez le programme des travaux.",
                field="foyer_residence_variante_2_travaux",
                code="obligatoire",
            )
        )
    return errors


# --- Outre-mer ---------------------------------------------------------------------------------------------


def departement_of(*, code_insee_departement: str = "", code_postal: str = "") -> str:
    if code_insee_departement:
        return code_insee_departement
    code_postal = code_postal or ""
    return code_postal[:3] if code_postal[:2] in ("97", "98") else code_postal[:2]


def check_nature_outre_mer(
    *, nature_logement: str, code_postal: str = "", code_insee_departement: str = ""
) -> list[RuleError]:
    """An operation in a DROM (971–974, 976) may only be a foyer or a résidence."""
    departement = departement_of(code_insee_departement=code_insee_departement, code_postal=code_postal)
    if departement not in DEPARTEMENTS_OUTRE_MER or nature_logement in NATURES_FOYER | NATURES_RESIDENCE:
        return []
    return [
        RuleError(
            "La nature des logements doit être un foyer ou une résidence : une opération située outre-mer "
            f"(département {departement}) ne peut pas être conventionnée en logements ordinaires.",
            field="nature_logement",
            code="outre_mer_nature",
        )
    ]
