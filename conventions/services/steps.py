"""Saving the steps of a convention (reference §2.4). One service per step: keyword-only, domain objects and
already validated values in (the views validate with the step forms and conventions.rules first).

`values` dicts hold only the fields the user may change (the view drops locked ones). Tables use "replace"
semantics: the rows given are the whole table; existing rows whose uuid is absent are deleted, rows with a
known uuid are updated, the others are created — all inside one transaction, with bulk queries. Each created,
changed or deleted row gets its history record (django-simple-history: one bulk insert per batch of created or
changed rows, one insert per deleted row).
"""

import uuid as uuid_lib
from collections.abc import Iterable, Sequence

from django.db import models, transaction
from django.utils import timezone
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from conventions import rules
from conventions.models import Convention, Pret
from conventions.services import files as files_service
from conventions.steps.objets import colonnes
from programmes.enums import COLONNES_LOGEMENT, COLONNES_TABLEAU
from programmes.models import (
    Annexe,
    LocauxCollectifs,
    Logement,
    LogementEDD,
    Lot,
    Programme,
    ReferenceCadastrale,
    TypeStationnement,
)
from users.models import Bailleur

# The fields each table step writes, per model (uuid and the parent are handled by replace_rows).
REFERENCE_CADASTRALE_FIELDS = colonnes("reference_cadastrale")
LOGEMENT_EDD_FIELDS = colonnes("logement_edd")
PRET_FIELDS = colonnes("pret")
LOGEMENT_FIELDS = list(COLONNES_LOGEMENT)  # the four tables of ordinary housing
ANNEXE_FIELDS = colonnes("annexe")
STATIONNEMENT_FIELDS = colonnes("type_stationnement")
LOGEMENT_FOYER_FIELDS = colonnes("logement_foyer")
LOCAUX_COLLECTIFS_FIELDS = colonnes("locaux_collectifs")


def _set(obj: models.Model, values: dict) -> None:
    """Assign and save the fields whose value changes (nothing saved when none does: the audit trail records
    real changes only, and a step saved as shown writes nothing)."""
    changed = {name: value for name, value in values.items() if getattr(obj, name) != value}
    if not changed:
        return
    for name, value in changed.items():
        setattr(obj, name, value)
    obj.save(update_fields=[*changed, "mis_a_jour_le"])


def _uuid(value) -> str:
    if not value:
        return ""
    try:
        return str(uuid_lib.UUID(str(value)))
    except ValueError:
        return ""


def replace_rows(
    *,
    model: type[models.Model],
    existing: Iterable[models.Model],
    parent: dict,
    rows: Sequence[dict],
    fields: list[str],
    unique_field: str | None = None,
    order_field: str | None = None,
) -> dict[str, int]:
    """Make the table equal to `rows`. Returns counts {"created", "updated", "deleted"}.

    `unique_field` is unique per parent (Logement.designation): rows may swap values, so changed values go
    through a temporary unique value first. The caller holds the transaction."""
    existing = {str(obj.uuid): obj for obj in existing}
    now = timezone.now()
    to_create, to_update, kept = _sort_rows(model, existing, parent, rows, fields, order_field, now)
    deleted = [obj.pk for key, obj in existing.items() if key not in kept]
    if deleted:
        model.objects.filter(pk__in=deleted).delete()
    if to_update:
        if unique_field:
            _free_unique_values(model, to_update, unique_field)
        update_fields = [*fields, *([order_field] if order_field else []), "mis_a_jour_le"]
        bulk_update_with_history(to_update, model, update_fields, batch_size=500)
    if to_create:
        bulk_create_with_history(to_create, model, batch_size=500)
    return {"created": len(to_create), "updated": len(to_update), "deleted": len(deleted)}


def _sort_rows(model, existing: dict, parent: dict, rows, fields, order_field, now):
    """(objects to create, changed objects to update, uuids of the existing rows kept)."""
    kept: set[str] = set()
    to_update, to_create = [], []
    for position, row in enumerate(rows):
        values = {name: row[name] for name in fields if name in row}
        if order_field:
            values[order_field] = position
        obj = existing.get(_uuid(row.get("uuid")))
        if obj is None or str(obj.uuid) in kept:
            to_create.append(model(**parent, **values, mis_a_jour_le=now))
            continue
        kept.add(str(obj.uuid))
        if any(getattr(obj, name) != value for name, value in values.items()):
            for name, value in values.items():
                setattr(obj, name, value)
            obj.mis_a_jour_le = now
            to_update.append(obj)
    return to_create, to_update, kept


def _free_unique_values(model, objs, unique_field: str) -> None:
    """Give the changed rows a temporary unique value first, so that two rows may swap theirs in one save."""
    final = {obj.pk: getattr(obj, unique_field) for obj in objs}
    for obj in objs:
        setattr(obj, unique_field, f"~{obj.uuid}")
    model.objects.bulk_update(objs, [unique_field], batch_size=500)
    for obj in objs:
        setattr(obj, unique_field, final[obj.pk])


# --- Files of the text + files fields ----------------------------------------------------------------------


def apply_files(*, convention: Convention, changes: dict[str, dict], user=None) -> None:
    """`changes` = {"programme.vendeur": {"ajouter": [uploaded files], "supprimer": [uuids]}}."""
    for champ, change in changes.items():
        if change.get("supprimer"):
            files_service.detach_files(convention=convention, champ=champ, uuids=change["supprimer"])
        if change.get("ajouter"):
            files_service.attach_files(convention=convention, champ=champ, files=change["ajouter"], user=user)


# --- The steps ---------------------------------------------------------------------------------------------


def save_bailleur(*, bailleur: Bailleur, values: dict) -> Bailleur:
    with transaction.atomic():
        _set(bailleur, values)
    return bailleur


def save_operation(*, programme: Programme, lot: Lot, programme_values: dict, lot_values: dict) -> None:
    with transaction.atomic():
        _set(programme, programme_values)
        _set(lot, lot_values)


def save_cadastre(
    *,
    convention: Convention,
    programme_values: dict,
    rows: Sequence[dict] | None,
    files: dict | None = None,
    user=None,
) -> None:
    """`rows` None: the table is left as it is (the user may not change it)."""
    programme = convention.programme
    with transaction.atomic():
        _set(programme, programme_values)
        if rows is not None:
            replace_rows(
                model=ReferenceCadastrale,
                existing=programme.references_cadastrales.all(),
                parent={"programme": programme},
                rows=rows,
                fields=REFERENCE_CADASTRALE_FIELDS,
            )
        apply_files(convention=convention, changes=files or {}, user=user)


def save_edd(
    *,
    convention: Convention,
    programme_values: dict,
    lot_values: dict,
    rows: Sequence[dict] | None,
    files: dict | None = None,
    user=None,
) -> None:
    programme, lot = convention.programme, convention.lot
    with transaction.atomic():
        _set(programme, programme_values)
        _set(lot, lot_values)
        if rows is not None:
            replace_rows(
                model=LogementEDD,
                existing=programme.logements_edd.all(),
                parent={"programme": programme},
                rows=rows,
                fields=LOGEMENT_EDD_FIELDS,
            )
        apply_files(convention=convention, changes=files or {}, user=user)


def save_financement(*, convention: Convention, values: dict, rows: Sequence[dict] | None) -> None:
    """`values` may hold "annee_fin_conventionnement" (stored as 30 June of that year) and "fond_propre"."""
    values = dict(values)
    if "annee_fin_conventionnement" in values:
        annee = values.pop("annee_fin_conventionnement")
        values["date_fin_conventionnement"] = (
            rules.date_fin_conventionnement(annee, foyer_residence=convention.programme.is_foyer_ou_residence)
            if annee
            else None
        )
    with transaction.atomic():
        _set(convention, values)
        if rows is not None:
            replace_rows(
                model=Pret,
                existing=convention.prets.all(),
                parent={"convention": convention},
                rows=rows,
                fields=PRET_FIELDS,
            )


def save_logements(*, lot: Lot, lot_values: dict, rows: Sequence[dict] | None) -> None:
    """The dwellings of an ordinary lot: its four tables as one list (reference §13.7), each row in the table it
    names ("tableau"), else in the one its empty fields say. The fields a row's table does not have are emptied:
    a stored dwelling is in the table its empty fields say."""
    with transaction.atomic():
        _set(lot, lot_values)
        if rows is not None:
            replace_rows(
                model=Logement,
                existing=lot.logements.all(),
                parent={"lot": lot},
                rows=[_ligne_du_tableau(row) for row in rows],
                fields=LOGEMENT_FIELDS,
                unique_field="designation",
                order_field="import_order",
            )


def _ligne_du_tableau(row: dict) -> dict:
    colonnes = COLONNES_TABLEAU[rules.tableau_de_ligne(row)]
    return {**row, **{name: None for name in LOGEMENT_FIELDS if name not in colonnes}}


def save_logements_foyer(*, lot: Lot, lot_values: dict, rows: Sequence[dict] | None) -> None:
    """The dwellings of a foyer or a résidence (numéro, type, surface habitable, redevance maximale)."""
    with transaction.atomic():
        _set(lot, lot_values)
        if rows is not None:
            replace_rows(
                model=Logement,
                existing=lot.logements.all(),
                parent={"lot": lot},
                rows=rows,
                fields=LOGEMENT_FOYER_FIELDS,
                unique_field="designation",
                order_field="import_order",
            )


def save_collectif(*, lot: Lot, lot_values: dict, rows: Sequence[dict] | None) -> None:
    """Garages, dépendances, locaux hors convention and the table of the locaux collectifs."""
    with transaction.atomic():
        _set(lot, lot_values)
        if rows is not None:
            replace_rows(
                model=LocauxCollectifs,
                existing=lot.locaux_collectifs.all(),
                parent={"lot": lot},
                rows=rows,
                fields=LOCAUX_COLLECTIFS_FIELDS,
            )


def save_bailleur_et_gestionnaire(
    *, bailleur: Bailleur, convention: Convention, bailleur_values: dict, convention_values: dict
) -> None:
    """The Bailleur step of a foyer or a résidence: the bailleur, and the manager (fields of the convention)."""
    with transaction.atomic():
        _set(bailleur, bailleur_values)
        _set(convention, convention_values)


def save_convention(*, convention: Convention, values: dict) -> None:
    """Fields of the convention itself (Attribution, Variantes)."""
    with transaction.atomic():
        _set(convention, values)


def save_annexes(*, lot: Lot, lot_values: dict, rows: Sequence[dict] | None) -> None:
    """Rows reference their dwelling by "logement_designation" (validated by the caller: it exists in the lot)."""
    with transaction.atomic():
        _set(lot, lot_values)
        if rows is None:
            return
        logements = {lgt.designation: lgt for lgt in lot.logements.all()}
        prepared = []
        for row in rows:
            logement = logements.get(row.get("logement_designation"))
            if logement is None:
                raise ValueError(f"Logement inconnu dans ce lot : {row.get('logement_designation')!r}")
            prepared.append({**row, "logement": logement})
        replace_rows(
            model=Annexe,
            existing=Annexe.objects.filter(logement__lot=lot).select_related("logement"),
            parent={},
            rows=prepared,
            fields=["logement", *ANNEXE_FIELDS],
        )


def save_stationnements(*, lot: Lot, rows: Sequence[dict] | None) -> None:
    with transaction.atomic():
        if rows is not None:
            replace_rows(
                model=TypeStationnement,
                existing=lot.type_stationnements.all(),
                parent={"lot": lot},
                rows=rows,
                fields=STATIONNEMENT_FIELDS,
            )


def save_commentaires(*, convention: Convention, values: dict, files: dict | None = None, user=None) -> None:
    with transaction.atomic():
        _set(convention, values)
        apply_files(convention=convention, changes=files or {}, user=user)
