"""Bulk writes through PostgreSQL's COPY: the import's big tables (logements, annexes, journal, imported-row keys)
are written as one text stream per batch instead of multi-row INSERTs built field by field by the ORM — about
three times less work for Python and for the server (docs/decisions.md).

The values are those the importer already built (str, bool, int, Decimal, date, aware datetime, UUID, dict):
each is turned into COPY's text format here, the model's defaults filling the fields the importer does not set,
exactly as `Model(**values)` would. Ids are taken from the table's sequence beforehand, so that the importer
knows the id of every row it wrote (COPY returns nothing)."""

import datetime
import io
import json
import uuid
from decimal import Decimal

from django.db import connection
from django.utils import timezone

_ECHAPPEMENTS = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})


def disponible() -> bool:
    return connection.vendor == "postgresql"


def commit_asynchrone() -> None:
    """The current transaction's commit does not wait for the disk (PostgreSQL `synchronous_commit`): a crash
    of the server may lose the last tables written, never half of one — a table and its imported-row keys
    commit together — and a new run writes them again."""
    if disponible():
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL synchronous_commit TO OFF")


def _datetime(value: datetime.datetime) -> str:
    if timezone.is_naive(value):
        value = timezone.make_aware(value)
    return value.isoformat()


# One formatter per exact type (a dict look-up per cell: this runs for every cell of every row).
_FORMATS = {
    str: lambda value: value.translate(_ECHAPPEMENTS),
    bool: lambda value: "t" if value else "f",
    int: str,
    Decimal: str,
    float: repr,
    datetime.date: datetime.date.isoformat,
    datetime.datetime: _datetime,
    uuid.UUID: str,
}


def _texte(value, encoder=None) -> str:
    """One value in COPY's text format."""
    if value is None:
        return "\\N"
    format_ = _FORMATS.get(type(value))
    if format_ is not None:
        return format_(value)
    if isinstance(value, (dict, list)):
        return json.dumps(value, cls=encoder, ensure_ascii=False).translate(_ECHAPPEMENTS)
    if isinstance(value, datetime.datetime):
        return _datetime(value)
    if isinstance(value, (str, datetime.date, uuid.UUID)):  # subclasses (a TextChoices member…)
        return _FORMATS[next(t for t in (str, datetime.date, uuid.UUID) if isinstance(value, t))](value)
    return str(value)


def _champs(model):
    """(column, attname, field, JSON encoder) of every written field: not the primary key, not a generated
    column (computed by the database)."""
    out = []
    for field in model._meta.concrete_fields:
        if field.primary_key or getattr(field, "generated", False):
            continue
        encoder = getattr(field, "encoder", None) if field.get_internal_type() == "JSONField" else None
        out.append((field.column, field.attname, field, encoder))
    return out


def nouveaux_ids(model, n: int) -> list[int]:
    """`n` ids from the table's own sequence (identity column): the rows written with them never collide with
    rows created later by the application."""
    if n == 0:
        return []
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
            [model._meta.db_table, model._meta.pk.column, n],
        )
        return [row[0] for row in cursor.fetchall()]


def inserer(model, lignes: list[dict]) -> list[int]:
    """Write `lignes` ({attname: value}) to the model's table with COPY; returns their ids, in order."""
    ids = nouveaux_ids(model, len(lignes))
    if not ids:
        return ids
    champs = _champs(model)
    buffer = io.StringIO()
    for pk, values in zip(ids, lignes, strict=True):
        cells = [str(pk)]
        for _, attname, field, encoder in champs:
            value = values[attname] if attname in values else field.get_default()
            cells.append(_texte(value, encoder))
        buffer.write("\t".join(cells))
        buffer.write("\n")
    colonnes = ", ".join(connection.ops.quote_name(c) for c in [model._meta.pk.column, *(c[0] for c in champs)])
    copier(f"{connection.ops.quote_name(model._meta.db_table)} ({colonnes})", buffer)
    return ids


def inserer_colonnes(table: str, colonnes: list[str], lignes: list[tuple]) -> None:
    """COPY plain tuples into `table` (a table of ours, such as the imported-row keys)."""
    if not lignes:
        return
    buffer = io.StringIO()
    for row in lignes:
        buffer.write("\t".join(_texte(value) for value in row))
        buffer.write("\n")
    quoted = ", ".join(connection.ops.quote_name(c) for c in colonnes)
    copier(f"{connection.ops.quote_name(table)} ({quoted})", buffer)


def copier(cible: str, buffer: io.StringIO) -> None:
    buffer.seek(0)
    with connection.cursor() as cursor:
        cursor.cursor.copy_expert(f"COPY {cible} FROM STDIN", buffer)


def mettre_a_jour(model, lignes: list[tuple[int, dict]], fields: list[str]) -> None:
    """UPDATE many rows at once: COPY their new values into a temporary table, then one UPDATE … FROM."""
    if not lignes:
        return
    meta = model._meta
    par_nom = {f.attname: f for f in meta.concrete_fields}
    champs = [par_nom[name] for name in fields]
    temp = f"reprise_maj_{meta.db_table}"[:60]
    q = connection.ops.quote_name
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE IF EXISTS {q(temp)}")
        cursor.execute(
            f"CREATE TEMP TABLE {q(temp)} AS SELECT {q(meta.pk.column)}, "
            + ", ".join(q(f.column) for f in champs)
            + f" FROM {q(meta.db_table)} WITH NO DATA"
        )
    buffer = io.StringIO()
    for pk, values in lignes:
        cells = [str(pk)]
        for f in champs:
            encoder = getattr(f, "encoder", None) if f.get_internal_type() == "JSONField" else None
            cells.append(_texte(values[f.attname] if f.attname in values else f.get_default(), encoder))
        buffer.write("\t".join(cells))
        buffer.write("\n")
    colonnes = ", ".join(q(c) for c in [meta.pk.column, *(f.column for f in champs)])
    copier(f"{q(temp)} ({colonnes})", buffer)
    with connection.cursor() as cursor:
        assignments = ", ".join(f"{q(f.column)} = t.{q(f.column)}" for f in champs)
        cursor.execute(
            f"UPDATE {q(meta.db_table)} AS m SET {assignments} FROM {q(temp)} AS t"
            f" WHERE m.{q(meta.pk.column)} = t.{q(meta.pk.column)}"
        )
        cursor.execute(f"DROP TABLE {q(temp)}")
