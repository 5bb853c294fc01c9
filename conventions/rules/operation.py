"""Bailleur, Opération and Cadastre steps (reference §2.4), and the Type I/II choice (reference §4.1)."""

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError

from conventions.enums import TypeConvention
from conventions.rules.base import Label, NotADate, NotANumber, RuleError, check_text, coerce, text, to_date, to_int
from conventions.rules.dates import check_date
from conventions.rules.foyer import check_nature_outre_mer
from programmes.enums import TypeOperation, Zone123, ZoneABC
from users.validators import validate_siret

CODE_POSTAL = re.compile(r"\d{5}")
# A parcel's surface with its units: hectares, ares, centiares (« 0 ha 12 a 40 ca ») or square metres.
_QUANTITE = r"\d+(?:[.,]\d+)?\s*"
SURFACE_CADASTRALE = re.compile(
    rf"(?:{_QUANTITE}ha\s*)?(?:{_QUANTITE}a\s*)?(?:{_QUANTITE}ca)?|{_QUANTITE}m(?:²|2)", re.IGNORECASE
)
# The SIAP's operation numbers are digits (20220600005); older ones carry letters, dots, dashes or slashes.
NUMERO_OPERATION = re.compile(r"[0-9A-Za-z][0-9A-Za-z./_-]*")


@dataclass
class BailleurData:
    """The Bailleur step (model Bailleur's field names)."""

    nom: Any = ""
    siret: Any = ""
    adresse: Any = ""
    code_postal: Any = ""
    ville: Any = ""
    signataire_nom: Any = ""
    signataire_fonction: Any = ""
    signataire_date_deliberation: Any = None


@dataclass
class OperationData:
    """The Opération step: the programme's fields plus the lot's nb_logements."""

    nom: Any = ""
    adresse: Any = ""
    code_postal: Any = ""
    ville: Any = ""
    nb_logements: Any = None
    type_operation: Any = None
    numero_operation: Any = ""
    zone_123: Any = ""
    zone_abc: Any = ""
    nature_logement: Any = None
    code_insee_departement: Any = ""


@dataclass
class ReferenceCadastraleData:
    section: Any = ""
    numero: Any = ""
    lieudit: Any = ""
    surface: Any = ""
    autre: Any = ""


def check_code_postal(value: Any, *, field: str = "code_postal", **where) -> list[RuleError]:
    value = text(value)
    if not value:
        return [RuleError("Le code postal est obligatoire.", field=field, code="obligatoire", **where)]
    if not CODE_POSTAL.fullmatch(value):
        return [RuleError("Le code postal doit comporter 5 chiffres.", field=field, code="code_postal", **where)]
    return []


def check_bailleur(item: Any) -> list[RuleError]:
    """The bailleur's identity and signatory, needed to draw up the convention."""
    data = coerce(BailleurData, item)
    errors = check_text(data.nom, field="nom", label=Label("Le nom du bailleur"))
    siret = text(data.siret)
    if not siret:
        errors.append(RuleError("Le SIRET est obligatoire.", field="siret", code="obligatoire"))
    else:
        try:
            validate_siret(siret)
        except ValidationError as exc:
            errors.append(RuleError(exc.messages[0], field="siret", code=exc.code or "siret"))
    errors += check_text(data.adresse, field="adresse", label=Label("L'adresse du bailleur", True))
    errors += check_code_postal(data.code_postal)
    errors += check_text(data.ville, field="ville", label=Label("La ville", True))
    errors += check_text(data.signataire_nom, field="signataire_nom", label=Label("Le nom du signataire"))
    errors += check_text(
        data.signataire_fonction, field="signataire_fonction", label=Label("La fonction du signataire", True)
    )
    try:
        date_deliberation = to_date(data.signataire_date_deliberation)
    except NotADate:
        errors.append(
            RuleError(
                "La date du mandat du signataire n'est pas une date valide.",
                field="signataire_date_deliberation",
                code="date",
            )
        )
    else:
        if date_deliberation is None:
            errors.append(
                RuleError(
                    "La date du mandat du signataire est obligatoire.",
                    field="signataire_date_deliberation",
                    code="obligatoire",
                )
            )
        else:
            errors += check_date("signataire_date_deliberation", date_deliberation)
    return errors


def check_operation(item: Any) -> list[RuleError]:
    """nom, adresse, code postal (5 digits), ville and number of dwellings (≥ 1) are required."""
    data = coerce(OperationData, item)
    errors = check_text(data.nom, field="nom", label=Label("Le nom de l'opération"))
    errors += check_text(data.adresse, field="adresse", label=Label("L'adresse de l'opération", True), max_length=5000)
    errors += check_code_postal(data.code_postal)
    errors += check_text(data.ville, field="ville", label=Label("La ville", True))
    try:
        nb_logements = to_int(data.nb_logements)
    except NotANumber:
        errors.append(
            RuleError("Le nombre de logements doit être un nombre entier.", field="nb_logements", code="nombre")
        )
    else:
        if nb_logements is None:
            errors.append(
                RuleError("Le nombre de logements est obligatoire.", field="nb_logements", code="obligatoire")
            )
        elif nb_logements < 1:
            errors.append(
                RuleError("Le nombre de logements doit être d'au moins 1.", field="nb_logements", code="nb_logements")
            )
    type_operation = text(data.type_operation)
    if type_operation and type_operation not in TypeOperation.values:
        errors.append(
            RuleError(f"Le type d'opération « {type_operation} » n'existe pas.", field="type_operation", code="choix")
        )
    if text(data.nature_logement):
        errors += check_nature_outre_mer(
            nature_logement=text(data.nature_logement),
            code_postal=text(data.code_postal),
            code_insee_departement=text(data.code_insee_departement),
        )
    return errors + check_numero_operation(data.numero_operation) + check_zones(data.zone_123, data.zone_abc)


def check_numero_operation(value: Any) -> list[RuleError]:
    """Optional; when given, one word of letters, digits, dots, dashes, slashes (no spaces), 255 characters at most."""
    numero = text(value)
    if not numero:
        return []
    if len(numero) > 255:
        return [
            RuleError(
                "Le numéro d'opération ne peut pas dépasser 255 caractères.", field="numero_operation", code="longueur"
            )
        ]
    if not NUMERO_OPERATION.fullmatch(numero):
        return [
            RuleError(
                "Le numéro d'opération ne peut contenir que des chiffres, des lettres, des points, des tirets ou des "
                "barres obliques, sans espace (par exemple 20220600005).",
                field="numero_operation",
                code="numero_operation",
            )
        ]
    return []


def check_zones(zone_123: Any, zone_abc: Any) -> list[RuleError]:
    """Both optional; each among its zoning's values (a 1/2/3 value in the A/B/C field is refused, and back)."""
    errors = []
    if (value := text(zone_123)) and value not in Zone123.values:
        errors.append(
            RuleError(f"La zone 1/2/3 « {value} » n'existe pas (01, 02, 03 ou 1bis).", field="zone_123", code="choix")
        )
    if (value := text(zone_abc)) and value not in ZoneABC.values:
        errors.append(
            RuleError(
                f"La zone A/B/C « {value} » n'existe pas (A, Abis, B1, B2, C ou DROM).", field="zone_abc", code="choix"
            )
        )
    return errors


def check_reference_cadastrale(item: Any, *, row: int | None = None) -> list[RuleError]:
    data = coerce(ReferenceCadastraleData, item)
    section, numero = text(data.section), text(data.numero)
    subject = f"Parcelle {section} {numero}".strip() if section or numero else f"Parcelle (ligne {(row or 0) + 1})"
    where = {"row": row, "subject": subject}
    errors = check_text(data.section, field="section", label=Label("La section", True), **where)
    errors += check_text(data.numero, field="numero", label=Label("Le numéro de parcelle"), **where)
    errors += check_text(data.lieudit, field="lieudit", label=Label("Le lieu-dit"), **where)
    errors += check_text(data.surface, field="surface", label=Label("La surface", True), **where)
    if text(data.surface) and not SURFACE_CADASTRALE.fullmatch(text(data.surface)):
        errors.append(
            RuleError(
                f"La surface « {text(data.surface)} » doit indiquer ses unités, par exemple « 0 ha 12 a 40 ca » ou "
                "« 1240 m² ».",
                field="surface",
                code="surface_unite",
                **where,
            )
        )
    errors += check_text(data.autre, field="autre", label=Label("Le champ « autre »"), required=False, **where)
    return errors


def check_references_cadastrales(items: Iterable[Any]) -> list[RuleError]:
    errors = []
    for row, item in enumerate(items):
        errors += check_reference_cadastrale(item, row=row)
    return errors


def check_type1and2(*, bailleur: Any, type1and2: Any) -> list[RuleError]:
    """A bailleur neither HLM nor SEM signs a Type I or Type II convention: the type must be chosen before
    validation (the document template depends on it)."""
    if not bailleur.is_type1and2():
        return []
    value = text(type1and2)
    if not value:
        return [
            RuleError(
                "Le bailleur n'est ni un organisme HLM ni une SEM : le type de convention (Type I ou Type II) doit "
                "être choisi avant la validation.",
                field="type1and2",
                code="type1and2_manquant",
            )
        ]
    if value not in TypeConvention.values:
        return [RuleError(f"Le type de convention « {value} » n'existe pas.", field="type1and2", code="choix")]
    return []
