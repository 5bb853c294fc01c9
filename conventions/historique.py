"""The history of the fields and table rows of a convention, read from the audit trail (django-simple-history,
`history` on each model): who set each value, when, and the previous values.

Keys are those of the comments (docs/architecture.md, glossary): `objet__champ` (a field), `objet__table` (a
whole table), `objet__ligne__uuid` (a row), `objet__champ__uuid` (a cell). Nothing here runs on the pages that
do not show a history: the step pages and the recap only link to it.
"""

import datetime
import uuid as uuid_lib
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils import timezone

from conventions.steps.objets import OBJETS, OBJETS_TABLEAUX
from core.nombres import nombre
from programmes.models import Logement
from programmes.querysets import filtre_tableau

LIGNE = "ligne"
TABLE = "table"
LIMITE = 500  # the most recent records read for one page


def affichage(model: type[models.Model], champ: str, value) -> str:
    """A stored value as the pages show it (choice labels, French numbers and dates, Oui/Non, « — »)."""
    if value is None or value == "":
        return "—"
    try:
        model_field = model._meta.get_field(champ)
    except FieldDoesNotExist:
        model_field = None
    if model_field is not None and model_field.choices:
        return str(dict(model_field.flatchoices).get(value, value))
    if isinstance(value, bool):
        return "Oui" if value else "Non"
    if isinstance(value, Decimal):
        return nombre(value)
    if isinstance(value, datetime.datetime):
        return f"{timezone.localtime(value):%d/%m/%Y %H:%M}"
    if isinstance(value, datetime.date):
        return f"{value:%d/%m/%Y}"
    return str(value)


def champ_label(model: type[models.Model], champ: str) -> str:
    try:
        return str(model._meta.get_field(champ).verbose_name)
    except FieldDoesNotExist:
        return champ


def records_of(convention, nom: str):
    """The history records of an objet of this convention (rows deleted since included), or None when the
    objet has no audit trail."""
    objet = OBJETS.get(nom)
    if objet is None or not hasattr(objet.model, "history"):
        return None
    history = objet.model.history
    lot_id, programme_id = convention.lot_id, convention.programme_id
    filters = {
        "bailleur": {"id": convention.programme.bailleur_id},
        "programme": {"id": programme_id},
        "lot": {"id": lot_id},
        "convention": {"id": convention.pk},
        "pret": {"convention_id": convention.pk},
        **{objet: {"lot_id": lot_id, **filtre_tableau(tableau)} for tableau, objet in OBJETS_TABLEAUX.items()},
        "annexe": {"logement_id__in": Logement.history.filter(lot_id=lot_id).values("id")},
        "logement_edd": {"programme_id": programme_id},
        "reference_cadastrale": {"programme_id": programme_id},
        "type_stationnement": {"lot_id": lot_id},
    }
    if nom not in filters:
        return None
    return history.filter(**filters[nom])


@dataclass
class Changement:
    champ: str
    label: str
    avant: str
    apres: str


@dataclass
class Evenement:
    """One creation, change or deletion of an object, with the fields it changed."""

    quand: datetime.datetime
    qui: str
    objet: str  # "Opération", "Logements"…
    ligne: str  # the row's name for a table row ("Logement A12"), "" for a single object
    nature: str  # "creation", "modification", "suppression"
    changements: list[Changement] = field(default_factory=list)

    @property
    def nature_label(self) -> str:
        return {"creation": "Ajout", "modification": "Modification", "suppression": "Suppression"}[self.nature]


def _qui(record) -> str:
    user = record.history_user
    if user is None:
        return "APiLos (traitement automatique ou reprise de données)"
    return user.get_full_name() or user.get_username()


def _ligne(nom: str, record) -> str:
    objet = OBJETS[nom]
    if not objet.colonnes:
        return ""
    premiere = objet.colonnes[0]
    return affichage(objet.model, premiere, getattr(record, premiere, "")) or str(record.uuid)


def evenements(convention, nom: str, champs: list[str] | None = None, uuid=None) -> list[Evenement]:
    """The events of an objet of the convention, most recent first. `champs`: the fields followed (default:
    the columns of a table objet, else every field of the model); `uuid`: one row only."""
    records = records_of(convention, nom)
    if records is None:
        return []
    objet = OBJETS[nom]
    if uuid is not None:
        records = records.filter(uuid=uuid)
    if not champs:
        champs = list(objet.colonnes) or [
            f.name for f in objet.model.history.model._meta.fields if f.name in _model_fields(objet.model)
        ]
    records = list(records.select_related("history_user").order_by("-history_date", "-history_id")[:LIMITE])
    records.reverse()
    previous: dict = {}
    result = []
    for record in records:
        before = previous.get(record.id)
        previous[record.id] = record
        if record.history_type == "+" or before is None:
            nature = "creation"
            changes = [
                Changement(c, champ_label(objet.model, c), "—", affichage(objet.model, c, getattr(record, c)))
                for c in champs
            ]
        elif record.history_type == "-":
            nature, changes = "suppression", []
        else:
            nature = "modification"
            changes = [
                Changement(
                    c,
                    champ_label(objet.model, c),
                    affichage(objet.model, c, getattr(before, c)),
                    affichage(objet.model, c, getattr(record, c)),
                )
                for c in champs
                if getattr(before, c) != getattr(record, c)
            ]
            if not changes:
                continue
        if nature == "creation" and not objet.colonnes:
            changes = [c for c in changes if c.apres != "—"]
        result.append(Evenement(record.history_date, _qui(record), objet.label, _ligne(nom, record), nature, changes))
    result.reverse()
    return result


_IGNORES = {"id", "uuid", "cree_le", "mis_a_jour_le", "parent", "recherche"}


def _model_fields(model) -> set[str]:
    return {f.name for f in model._meta.concrete_fields if f.name not in _IGNORES and not f.is_relation}


@dataclass
class Cible:
    """What a history page shows: one field, one row, one table, or the objets of a step."""

    titre: str
    objets: list[tuple[str, list[str] | None, object]]  # (objet, fields followed or None, row uuid or None)


class CleInvalide(ValueError):
    pass


def cible_de_cle(kind, cle: str) -> Cible:
    """The target of a comment-style key, or CleInvalide with a French message."""
    parts = cle.split("__")
    nom = parts[0]
    if nom not in kind.objets or nom not in OBJETS or len(parts) not in (2, 3):
        raise CleInvalide("Ce champ n'existe pas dans cette convention.")
    objet = OBJETS[nom]
    champ = parts[1]
    row_uuid = None
    if len(parts) == 3:
        row_uuid = parts[2]
        try:
            row_uuid = uuid_lib.UUID(row_uuid)
        except ValueError as exc:
            raise CleInvalide("Cette ligne n'existe pas dans cette convention.") from exc
    if champ == TABLE:
        return Cible(f"Tableau « {objet.label} »", [(nom, None, None)])
    if champ == LIGNE:
        if row_uuid is None:
            raise CleInvalide("Cette ligne n'existe pas dans cette convention.")
        return Cible(f"Ligne du tableau « {objet.label} »", [(nom, None, row_uuid)])
    label = objet.champ_label(champ)
    if label is None:
        raise CleInvalide("Ce champ n'existe pas dans cette convention.")
    return Cible(f"{objet.label} – {label}", [(nom, [champ], row_uuid)])


def cible_d_etape(step) -> Cible:
    """Every objet of a step, with the fields the step shows."""
    champs: dict[str, list[str]] = {}
    for spec in step.form_class.specs:
        champs.setdefault(spec.objet, []).append(spec.champ)
    objets = [(nom, champs.get(nom), None) for nom in champs]
    objets += [(table.objet, None, None) for table in step.tables]
    return Cible(f"Étape « {step.title} »", objets)


def historique(convention, cible: Cible) -> list[Evenement]:
    """The events of a target, most recent first."""
    result = []
    for nom, champs, row_uuid in cible.objets:
        result += evenements(convention, nom, champs, row_uuid)
    result.sort(key=lambda e: e.quand, reverse=True)
    return result
