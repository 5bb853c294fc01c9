"""Matching imported rows to the rows already saved, so that saving a re-import updates instead of duplicating.

Keys come from the table specs (reference §3.1): logements by designation, loans by number, annexes by dwelling
and type… Each existing row is matched at most once; keys are tried by priority."""

from collections import defaultdict

from django.db.models import F

from conventions.excel.convert import normalize
from conventions.excel.tables import TABLES_LOGEMENTS, Table


def existing_rows(code: str, convention) -> list[dict]:
    """The saved rows of the table for `convention`, as dicts of the imported field names plus "uuid"."""
    from conventions.models import Pret
    from programmes.models import (
        Annexe,
        LocauxCollectifs,
        Logement,
        LogementEDD,
        ReferenceCadastrale,
        TypeStationnement,
    )

    querysets = {
        "cadastre": ReferenceCadastrale.objects.filter(programme_id=convention.programme_id).values(
            "uuid", "section", "numero"
        ),
        "edd": LogementEDD.objects.filter(programme_id=convention.programme_id).values(
            "uuid", "designation", "financement"
        ),
        "financement": Pret.objects.filter(convention=convention).values("uuid", "numero"),
        **{
            table.code: Logement.objects.filter(lot_id=convention.lot_id)
            .du_tableau(tableau)
            .values("uuid", "designation")
            for tableau, table in TABLES_LOGEMENTS.items()
        },
        "annexes": Annexe.objects.filter(logement__lot_id=convention.lot_id).values(
            "uuid", "typologie", logement_designation=F("logement__designation")
        ),
        "stationnements": TypeStationnement.objects.filter(lot_id=convention.lot_id).values(
            "uuid", "typologie", "nb_stationnements"
        ),
        "logements_foyer": Logement.objects.filter(lot_id=convention.lot_id).values("uuid", "designation"),
        "locaux_collectifs": LocauxCollectifs.objects.filter(lot_id=convention.lot_id).values("uuid", "type_local"),
    }
    return list(querysets[code].order_by("pk"))


def key_of(row: dict, fields: tuple[str, ...]) -> tuple | None:
    values = []
    for name in fields:
        value = row.get(name)
        if value is None or value == "":
            return None
        values.append(normalize(value) if isinstance(value, str) else str(value))
    return tuple(values)


def match_existing(spec: Table, rows: list[dict], *, convention) -> None:
    """Set row["uuid"] to the uuid of the saved row with the same key (first come, first matched)."""
    if not spec.keys or not rows:
        return
    unmatched = existing_rows(spec.code, convention)
    for fields in spec.keys:
        available = defaultdict(list)
        for saved in unmatched:
            key = key_of(saved, fields)
            if key is not None:
                available[key].append(saved)
        used = set()
        for row in rows:
            if row.get("uuid"):
                continue
            key = key_of(row, fields)
            candidates = available.get(key) if key is not None else None
            if candidates:
                saved = candidates.pop(0)
                row["uuid"] = str(saved["uuid"])
                used.add(id(saved))
        unmatched = [saved for saved in unmatched if id(saved) not in used]
