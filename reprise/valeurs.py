"""Translation of the source's stored values into ours (reference §17.3, §17.6): one place for every mapping."""

import datetime
import json
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from zoneinfo import ZoneInfo

from conventions.enums import CommentaireStatut, ConventionStatut, Preteur
from programmes.enums import (
    Financement,
    FinancementEDD,
    NatureLogement,
    TypeHabitat,
    TypeOperation,
    TypologieAnnexe,
    TypologieLogement,
    TypologieStationnement,
    Zone123,
    ZoneABC,
)
from users.enums import NATURE_PAR_SOUS_NATURE, EmailPreferences, SousNatureBailleur

PARIS = ZoneInfo("Europe/Paris")

# The source stores status LABELS (two "5." and two "7." prefixes: map, never sort by the string).
STATUTS = {
    "1. Projet": ConventionStatut.PROJET,
    "2. Instruction requise": ConventionStatut.INSTRUCTION,
    "3. Corrections requises": ConventionStatut.CORRECTIONS,
    "4. A signer": ConventionStatut.A_SIGNER,
    "5. Signée": ConventionStatut.SIGNEE,
    "5. Transmise": ConventionStatut.SIGNEE,  # 2022 vintage
    "5. Publication en cours": ConventionStatut.PUBLICATION_EN_COURS,
    "7. Publié": ConventionStatut.PUBLIEE,
    "7. Publiée": ConventionStatut.PUBLIEE,
    "6. Résiliée": ConventionStatut.RESILIEE,
    "7. Dénoncée": ConventionStatut.DENONCEE,
    "8. Annulée en suivi": ConventionStatut.ANNULEE,
}

# Values with no exact home today, mapped to the nearest one (reported as « importée avec changement »).
# The foyer/résidence/outre-mer work (branch `kinds`) adds the missing typologies and financements: remove the
# entries here when it lands, and a new run updates the rows (their fingerprint changes).
TYPOLOGIES_PROCHES = {"T1bis": "T1", "T1prime": "T1", "T6": "T5", "T7": "T5"}
FINANCEMENT_DEFAUT = Financement.SANS_FINANCEMENT

# A source nature (stored label) that names one sous-nature only: it fills an unknown sous-nature.
SOUS_NATURE_PAR_NATURE = {
    nature: sous_natures[0]
    for nature in set(NATURE_PAR_SOUS_NATURE.values())
    if len(sous_natures := [s for s, n in NATURE_PAR_SOUS_NATURE.items() if n == nature]) == 1
}

# Source columns with no home here (yet): listed in the report, never dropped silently.
COLONNES_SANS_PLACE = {
    "bailleurs_bailleur": ["operation_exceptionnelle"],
    "instructeurs_administration": ["code_dans_galion"],
    "programmes_programme": [
        "anah",
        "edd_stationnements",
        "numero_operation_pour_recherche",
    ],
    "conventions_convention": [
        "signataire_nom",
        "signataire_fonction",
        "signataire_date_deliberation",
        "signataire_bloc_signature",
        "identification_bailleur",
        "identification_bailleur_detail",
        "nom_fichier_publication_spf",
        "adresse",
        "fichier_override_cerfa",
        "donnees_validees (instantané au format de la source)",
    ],
    "programmes_logementedd": ["financement SANS_FINANCEMENT"],
    "programmes_repartitionsurface": ["(table entière)"],
    "conventions_piecejointe": ["description (les pièces jointes avec fichier sont reprises)"],
    "users_user": ["creator_id", "secondary_email"],
    "*_historical*": ["(tables d'audit django-simple-history, non reprises)"],
}


def texte(value) -> str:
    return "" if value is None else str(value)


_CODES: dict = {}


def codes(enum) -> frozenset:
    """The enum's codes (Django recomputes `.values` at each access: cached here, read per row)."""
    found = _CODES.get(enum)
    if found is None:
        found = _CODES[enum] = frozenset(enum.values)
    return found


def choix(value, enum, defaut=""):
    """(code, known): the value when it is one of the enum's codes, else `defaut`."""
    value = texte(value).strip()
    if value in codes(enum):
        return value, True
    return defaut, value == "" or value == defaut


def decimal(value, *, max_digits: int, places: int):
    """(Decimal or None, fits): rounded half-up to `places`; None when it does not fit the column."""
    if value is None or value == "":
        return None, True
    if isinstance(value, Decimal) and value.is_finite() and value.as_tuple().exponent == -places:
        # The common case: the source column already has our scale.
        if abs(value) < Decimal(10) ** (max_digits - places):
            return value, True
        return None, False
    try:
        result = Decimal(str(value)).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    except InvalidOperation:
        return None, False
    if abs(result) >= Decimal(10) ** (max_digits - places):
        return None, False
    return result, True


def minuit(value):
    """A date (the source's `valide_le`) as a datetime at midnight, Paris time."""
    if value is None:
        return None
    if isinstance(value, datetime.datetime):
        return value
    return datetime.datetime.combine(value, datetime.time(), tzinfo=PARIS)


def blob(value) -> tuple[str, list[dict]]:
    """A "text + files" column (reference §17.2): (text, [file entries]). Plain text (old rows) has no files.
    The `thumbnail` is never trusted (dropped)."""
    value = texte(value)
    if not value.strip().startswith("{"):
        return value, []
    try:
        data = json.loads(value)
    except ValueError:
        return value, []
    if not isinstance(data, dict):
        return value, []
    files = data.get("files") or {}
    entries = []
    if isinstance(files, dict):
        for key, entry in files.items():
            if isinstance(entry, dict):
                entry = {k: v for k, v in entry.items() if k != "thumbnail"}
                entry.setdefault("uuid", key)
                entries.append(entry)
    return texte(data.get("text")), entries


__all__ = ["CommentaireStatut", "Preteur"]

ENUMS = {
    "financement": Financement,
    "financement_edd": FinancementEDD,
    "nature_logement": NatureLogement,
    "type_habitat": TypeHabitat,
    "type_operation": TypeOperation,
    "typologie_annexe": TypologieAnnexe,
    "typologie_logement": TypologieLogement,
    "typologie_stationnement": TypologieStationnement,
    "zone_123": Zone123,
    "zone_abc": ZoneABC,
    "preferences_email": EmailPreferences,
    "sous_nature": SousNatureBailleur,
}
