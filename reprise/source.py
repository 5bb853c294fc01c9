"""Reading an APiLos database (the public service's schema, 2022 or 2026 vintage), read-only.

Rows come back as dicts of the source columns; the vintage differences (reference §17.4) are smoothed here so
that the importer sees one shape: the 2026 one (`lot.convention_id`, `pret.lot_id`, `numero_operation`…)."""

from dataclasses import dataclass, field

import psycopg2

TABLES_REQUISES = ("bailleurs_bailleur", "programmes_programme", "programmes_lot", "conventions_convention")


class SourceError(Exception):
    """The source cannot be read (fatal): bad URL, not an APiLos database."""


@dataclass
class Source:
    url: str
    vintage: str = ""
    tables: set[str] = field(default_factory=set)
    _conn: object = None

    def open(self) -> "Source":
        try:
            self._conn = psycopg2.connect(self.url)
        except psycopg2.Error as exc:
            raise SourceError(f"Connexion impossible à la base source : {str(exc).strip()}") from exc
        self._conn.set_session(readonly=True)
        with self._conn.cursor() as cur:
            cur.execute("SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'")
            self.tables = {row[0] for row in cur.fetchall()}
        missing = [t for t in TABLES_REQUISES if t not in self.tables]
        if missing:
            raise SourceError(f"Ce n'est pas une base APiLos : table(s) absente(s) {', '.join(missing)}.")
        self.vintage = "2026" if "convention_id" in self.columns("programmes_lot") else "2022"
        return self

    def close(self) -> None:
        if self._conn is not None:
            self._conn.close()

    def columns(self, table: str) -> set[str]:
        with self._conn.cursor() as cur:
            cur.execute(
                "SELECT column_name FROM information_schema.columns WHERE table_schema = 'public' AND table_name = %s",
                [table],
            )
            return {row[0] for row in cur.fetchall()}

    def rows(self, table: str, *, order: str = "id") -> list[dict]:
        """Every row of `table` (an empty list when the vintage has no such table)."""
        if table not in self.tables:
            return []
        # A named (server-side) cursor streams big tables; plain tuples zipped with the column names are several
        # times faster than RealDictCursor.
        with self._conn.cursor(name=f"lecture_{table}") as cur:
            cur.itersize = 20000
            cur.execute(f'SELECT * FROM "{table}" ORDER BY {order}')  # noqa: S608 - table names are ours
            first = cur.fetchmany(1)
            names = [c.name for c in cur.description] if cur.description else []
            rows = [dict(zip(names, r, strict=True)) for r in first]
            rows.extend(dict(zip(names, r, strict=True)) for r in cur)
        return [self._normalise(table, r) for r in rows]

    def count(self, table: str) -> int:
        if table not in self.tables:
            return 0
        with self._conn.cursor() as cur:
            cur.execute(f'SELECT count(*) FROM "{table}"')  # noqa: S608 - table names are ours
            return cur.fetchone()[0]

    def _normalise(self, table: str, row: dict) -> dict:
        if self.vintage == "2026":
            return row
        renames = {
            "programmes_programme": {"numero_galion": "numero_operation", "zone_123_bis": "zone_123"},
            "bailleurs_bailleur": {"type_bailleur": "sous_nature_bailleur"},
            "conventions_convention": {"comments": "commentaires"},
        }.get(table, {})
        if table == "programmes_programme":
            renames["zone_abc_bis"] = "zone_abc"
        for old, new in renames.items():
            if old in row and new not in row:
                row[new] = row.pop(old)
        return row

    def lots(self) -> list[dict]:
        """Lots with their `convention_id` (2022: the convention pointed at its lot)."""
        if self.vintage == "2026":
            return self.rows("programmes_lot")
        conventions = {r["lot_id"]: r["id"] for r in self.rows("conventions_convention") if r.get("lot_id")}
        lots = []
        for lot in self.rows("programmes_lot"):
            lot["convention_id"] = conventions.get(lot["id"])
            lots.append(lot)
        return lots

    def prets(self) -> list[dict]:
        """Loans with their `lot_id` (2022: loans belonged to the convention)."""
        if self.vintage == "2026":
            return self.rows("conventions_pret")
        lot_of = {r["id"]: r.get("lot_id") for r in self.rows("conventions_convention")}
        prets = []
        for pret in self.rows("conventions_pret"):
            pret["lot_id"] = lot_of.get(pret.get("convention_id"))
            prets.append(pret)
        return prets

    def pairs(self, table: str, left: str, right: str) -> list[tuple]:
        if table not in self.tables:
            return []
        with self._conn.cursor() as cur:
            cur.execute(f'SELECT "{left}", "{right}" FROM "{table}" ORDER BY id')  # noqa: S608 - our names
            return list(cur.fetchall())
