"""Fast inserts for generated data: rows as dicts with ids reserved up front, so that children can point at
their parents before anything is written; COPY on PostgreSQL, executemany elsewhere.

Django's bulk_create prepares every value of every row through the field API: for the ~300,000 rows of 10,000
conventions that alone takes longer than the whole budget. Here each table's defaults are computed once, values
are written as they are (they come from our own generator, already of the right types), and PostgreSQL
receives one COPY per table.
"""

import csv
import io
import secrets
import uuid

from django.db import connection

ID_BLOCK = 5000
NULL_MARK = "\\N"  # our data never holds this string


class Table:
    """The rows to insert into one model's table. `add(**values)` returns the new row's id."""

    def __init__(self, model):
        self.model = model
        self.postgresql = connection.vendor == "postgresql"
        self.fields = [f for f in model._meta.concrete_fields if not f.generated]
        self.columns = [f.column for f in self.fields]
        self.attnames = [f.attname for f in self.fields]
        self.pk = model._meta.pk.attname
        self.static, self.dynamic = {}, {}
        for field in self.fields:
            if field.primary_key:
                continue
            if field.has_default() and field.default is uuid.uuid4:
                self.dynamic[field.attname] = random_uuid_hex  # the public uuid of each row
            elif field.has_default() and callable(field.default):
                self.dynamic[field.attname] = field.default
            else:
                self.static[field.attname] = field.get_default()  # None for a required field: must be given
        self.rows: list[dict] = []
        self._ids: list[int] = []
        self._last_id: int | None = None

    def add(self, **values) -> int:
        """Queue a row; its id is reserved now (or given, from `new_id`)."""
        if values.get(self.pk) is None:
            values[self.pk] = self.new_id()
        self.rows.append(values)
        return values[self.pk]

    def new_id(self) -> int:
        if self._ids:
            return self._ids.pop()
        if self.postgresql:
            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
                    [self.model._meta.db_table, self.model._meta.pk.column, ID_BLOCK],
                )
                self._ids = [row[0] for row in cursor.fetchall()][::-1]
            return self._ids.pop()
        if self._last_id is None:  # other databases: the caller holds a transaction (SQLite locks writes)
            with connection.cursor() as cursor:
                table = connection.ops.quote_name(self.model._meta.db_table)
                cursor.execute(f"SELECT COALESCE(MAX({connection.ops.quote_name(self.pk)}), 0) FROM {table}")
                self._last_id = cursor.fetchone()[0]
        self._last_id += 1
        return self._last_id

    def _tuples(self):
        static, dynamic, attnames = self.static, self.dynamic, self.attnames
        for row in self.rows:
            for attname, default in dynamic.items():
                if attname not in row:
                    row[attname] = default()
            merged = {**static, **row}
            yield [merged[a] for a in attnames]

    def flush(self) -> int:
        count = len(self.rows)
        if not count:
            return 0
        if self.postgresql:
            self._copy()
        else:
            self._executemany()
        self.rows = []
        return count

    def _copy(self):
        """COPY … CSV: the csv module (in C) quotes every string, `NULL_MARK` (quoted too) stands for NULL."""
        buffer = io.StringIO()
        writer = csv.writer(buffer, quoting=csv.QUOTE_NONNUMERIC, lineterminator="\n")
        writer.writerows([NULL_MARK if v is None else v for v in values] for values in self._tuples())
        buffer.seek(0)
        quote = connection.ops.quote_name
        nullable = ", ".join(quote(f.column) for f in self.fields if f.null)
        options = f"FORMAT csv, NULL '{NULL_MARK}'" + (f", FORCE_NULL ({nullable})" if nullable else "")
        columns = ", ".join(quote(c) for c in self.columns)
        with connection.cursor() as cursor:
            cursor.cursor.copy_expert(
                f"COPY {quote(self.model._meta.db_table)} ({columns}) FROM STDIN WITH ({options})", buffer
            )

    def _executemany(self):
        table = connection.ops.quote_name(self.model._meta.db_table)
        columns = ", ".join(connection.ops.quote_name(c) for c in self.columns)
        placeholders = ", ".join(["%s"] * len(self.columns))
        prepared = [
            [field.get_db_prep_save(value, connection) for field, value in zip(self.fields, values, strict=True)]
            for values in self._tuples()
        ]
        with connection.cursor() as cursor:
            cursor.executemany(f"INSERT INTO {table} ({columns}) VALUES ({placeholders})", prepared)


def random_uuid_hex() -> str:
    """A random (version 4) UUID as 32 hex digits, which PostgreSQL and Django's UUIDField accept: building
    uuid.UUID objects only to print them again costs seconds over 300,000 rows."""
    value = secrets.token_hex(16)
    return f"{value[:12]}4{value[13:16]}{'89ab'[int(value[16], 16) & 3]}{value[17:]}"
