"""Speed of `import_apilos`: builds a large synthetic source (the synthetic dump of ../shared/migration/ copied
N times with new ids and uuids: by default ~10,000 conventions and ~150,000 dwellings), imports it into an empty
database, then imports it again (second run: nothing to do), and prints both times.

    python bench/import_apilos.py [--copies 23] [--server postgres://postgres@127.0.0.1:5432] [--keep]

Uses (and drops at the end, unless --keep) two scratch databases: apilos_imp_bench_src and apilos_imp_bench.
The uploaded files are left out (their copy is I/O, not the import's logic)."""

import argparse
import gzip
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

import psycopg2

ROOT = Path(__file__).resolve().parent.parent
DUMP = ROOT / "tests/reprise/donnees/apilos-2026-synthetic.sql.gz"  # the synthetic dump of ../shared/migration/
SRC, DST = "apilos_imp_bench_src", "apilos_imp_bench"

# table → (columns offset by the copy's id offset, column made unique per copy)
COPIES = [
    ("programmes_programme", ["id", "parent_id"], "numero_operation"),
    ("conventions_convention", ["id", "parent_id", "programme_id"], "numero"),
    ("programmes_lot", ["id", "parent_id", "convention_id"], None),
    ("programmes_logement", ["id", "lot_id"], None),
    ("programmes_annexe", ["id", "logement_id"], None),
    ("programmes_typestationnement", ["id", "lot_id"], None),
    ("programmes_logementedd", ["id", "programme_id"], None),
    ("programmes_referencecadastrale", ["id", "programme_id"], None),
    ("conventions_pret", ["id", "lot_id"], None),
    ("conventions_convention_avenant_types", ["id", "convention_id"], None),
    ("comments_comment", ["id", "convention_id"], None),
    ("conventions_conventionhistory", ["id", "convention_id"], None),
    ("conventions_evenement", ["id", "convention_id"], None),
]


def sql_admin(server, *statements):
    conn = psycopg2.connect(f"{server}/postgres")
    conn.autocommit = True
    with conn.cursor() as cur:
        for statement in statements:
            cur.execute(statement)
    conn.close()


def build_source(server, copies):
    sql_admin(server, f'DROP DATABASE IF EXISTS "{SRC}" WITH (FORCE)', f'CREATE DATABASE "{SRC}"')
    subprocess.run(
        ["psql", "-q", "-v", "ON_ERROR_STOP=1", "-d", f"{server}/{SRC}"],
        input=gzip.decompress(DUMP.read_bytes()),
        stdout=subprocess.DEVNULL,
        check=True,
    )
    conn = psycopg2.connect(f"{server}/{SRC}")
    with conn, conn.cursor() as cur:
        cur.execute("ALTER TABLE programmes_programme DISABLE TRIGGER USER")
        for table, offset_columns, unique in COPIES:
            cur.execute(f"CREATE TEMP TABLE modele AS SELECT * FROM {table}")
            has_uuid = table != "conventions_convention_avenant_types"
            for k in range(1, copies):
                off = k * 10_000_000
                sets = [f"{c} = {c} + {off}" for c in offset_columns]
                if has_uuid:
                    sets.append("uuid = gen_random_uuid()")
                if unique:
                    sets.append(
                        f"{unique} = CASE WHEN {unique} IS NULL OR {unique} = '' THEN {unique} "
                        f"ELSE {unique} || '-{k}' END"
                    )
                cur.execute(
                    f"CREATE TEMP TABLE copie AS SELECT * FROM modele; UPDATE copie SET {', '.join(sets)};"
                    f" INSERT INTO {table} SELECT * FROM copie; DROP TABLE copie;"
                )
            cur.execute("DROP TABLE modele")
        cur.execute("SELECT count(*) FROM conventions_convention")
        n_conv = cur.fetchone()[0]
        cur.execute("SELECT count(*) FROM programmes_logement")
        n_lgt = cur.fetchone()[0]
    conn.close()
    return n_conv, n_lgt


def manage(server, *args, check=True):
    env = {**os.environ, "DATABASE_URL": f"{server}/{DST}", "DEBUG": os.environ.get("DEBUG", "1")}
    return subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), *args], env=env, check=check, capture_output=True, text=True
    )


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--copies", type=int, default=23)
    parser.add_argument("--server", default="postgres://postgres@127.0.0.1:5432")
    parser.add_argument("--keep", action="store_true")
    args = parser.parse_args()
    if not DUMP.is_file():
        sys.exit(f"Jeu de données introuvable ({DUMP}).")
    print("Construction de la source…", flush=True)
    n_conv, n_lgt = build_source(args.server, args.copies)
    print(f"Source : {n_conv} conventions, {n_lgt} logements.")
    sql_admin(args.server, f'DROP DATABASE IF EXISTS "{DST}" WITH (FORCE)', f'CREATE DATABASE "{DST}"')
    manage(args.server, "migrate", "-v0")
    manage(args.server, "seed_roles")
    source = f"{args.server}/{SRC}"
    print(f"Charge de la machine au départ : {os.getloadavg()[0]:.1f} (nombre de cœurs : {os.cpu_count()})")
    for label in ("Premier import", "Second import"):
        start = time.monotonic()
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        result = manage(args.server, "import_apilos", "--source", source, "--rapport", f"/tmp/{DST}.csv")
        elapsed = time.monotonic() - start
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
        total = next((line for line in result.stdout.splitlines() if line.startswith("Total")), "")
        # On a shared machine the wall time depends on the load: the CPU time of the import process is printed too.
        print(f"{label} : {elapsed:.1f} s (CPU du processus Python : {cpu:.1f} s) — {total}")
    if not args.keep:
        sql_admin(
            args.server,
            f'DROP DATABASE IF EXISTS "{SRC}" WITH (FORCE)',
            f'DROP DATABASE IF EXISTS "{DST}" WITH (FORCE)',
        )


if __name__ == "__main__":
    main()
