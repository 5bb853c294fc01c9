"""Benchmark: `seed_demo --conventions N` on a fresh PostgreSQL database (target: 10,000 conventions < 60 s).

    python bench/seed_demo.py                       # 10,000 conventions into apilos_bench_seed_demo
    python bench/seed_demo.py --conventions 2000 --database postgres://root@127.0.0.1:5432/apilos_bench_x

The database is dropped and created again, migrated and seeded with the roles (`seed_roles`); then
`seed_demo --conventions N` runs alone and is timed (wall clock, as the whole command). Each step runs in its own
process, like on a server. Exit status 1 when over the target.
"""

import argparse
import os
import re
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlparse

import psycopg2

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_URL = "postgres://root@127.0.0.1:5432/apilos_bench_seed_demo"
TARGET = 60.0


def recreate(url: str) -> None:
    parsed = urlparse(url)
    name = parsed.path.lstrip("/")
    if not re.fullmatch(r"[a-z0-9_]+", name):
        sys.exit(f"Nom de base inattendu : {name!r}")
    maintenance = parsed._replace(path="/postgres").geturl()
    connection = psycopg2.connect(maintenance)
    connection.autocommit = True
    with connection.cursor() as cursor:
        cursor.execute(f"DROP DATABASE IF EXISTS {name}")
        cursor.execute(f"CREATE DATABASE {name}")
    connection.close()


def manage(*args: str, env: dict) -> str:
    result = subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, check=False
    )
    if result.returncode:
        sys.exit(f"manage.py {' '.join(args)} a échoué :\n{result.stdout}\n{result.stderr}")
    return result.stdout


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--conventions", type=int, default=10_000)
    parser.add_argument("--database", default=os.environ.get("BENCH_DATABASE_URL", DEFAULT_URL))
    args = parser.parse_args()

    env = {**os.environ, "DATABASE_URL": args.database, "DEBUG": "1", "DEMO_PASSWORD": "mot-de-passe-de-bench-2026"}
    recreate(args.database)
    manage("migrate", "--noinput", "-v0", env=env)
    manage("seed_roles", env=env)
    started = time.monotonic()
    output = manage("seed_demo", "--conventions", str(args.conventions), env=env)
    elapsed = time.monotonic() - started
    report = next((line for line in output.splitlines() if line.startswith("Conventions générées")), output)
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(report)
    print(
        f"seed_demo --conventions {args.conventions} : {elapsed:.1f} s (commande entière, charge machine "
        f"{load:.1f}) — objectif {TARGET:.0f} s pour 10 000."
    )
    if args.conventions <= 10_000 and elapsed > TARGET:
        print("AU-DELÀ DE L'OBJECTIF")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
