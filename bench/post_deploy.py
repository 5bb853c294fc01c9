"""Drill: `bin/post_deploy` several times in a row on a fresh database — exit 0 each time, nothing duplicated.

    DATABASE_URL=postgres://…/base_neuve DEBUG=0 SECRET_KEY=… python bench/post_deploy.py [--runs 3] [--dump-dir D]

After each run: the exit status, the duration, the row count of every table and the permission groups
(`seed_roles --dump`). Every run must succeed and leave exactly the same rows as the first one. The first run
may start from an empty database (that is the point). Exit status 1 otherwise. Run by .ci/run.
"""

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# Rows that legitimately change between two deployments.
VOLATILE_TABLES = {"django_session"}

COUNT_SCRIPT = """
import json
from django.db import connection
tables = sorted(connection.introspection.table_names())
with connection.cursor() as cursor:
    counts = {}
    for table in tables:
        cursor.execute(f'SELECT COUNT(*) FROM "{table}"')
        counts[table] = cursor.fetchone()[0]
print(json.dumps(counts))
"""


def manage(*args: str) -> str:
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, check=True, capture_output=True, text=True
    ).stdout


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--dump-dir", type=Path, help="where to write groups-<n>.json (the last one for checks)")
    args = parser.parse_args()
    if not os.environ.get("DATABASE_URL"):
        print("DATABASE_URL est obligatoire (une base neuve, dédiée à cet exercice).", file=sys.stderr)
        return 2

    states, failures = [], 0
    for run in range(1, args.runs + 1):
        started = time.perf_counter()
        process = subprocess.run(
            ["bash", "bin/post_deploy"],
            cwd=ROOT,
            capture_output=True,
            text=True,
            env={**os.environ, "PYTHON": sys.executable},
        )
        elapsed = time.perf_counter() - started
        if process.returncode != 0:
            print(process.stdout[-3000:], process.stderr[-3000:], sep="\n", file=sys.stderr)
            print(f"Passage {run} : ÉCHEC (code {process.returncode}) en {elapsed:.1f} s")
            return 1
        counts = json.loads(manage("shell", "-c", COUNT_SCRIPT).strip().splitlines()[-1])
        groups = manage("seed_roles", "--dump")
        if args.dump_dir:
            args.dump_dir.mkdir(parents=True, exist_ok=True)
            (args.dump_dir / f"groups-{run}.json").write_text(groups)
        state = ({t: n for t, n in counts.items() if t not in VOLATILE_TABLES}, json.loads(groups))
        print(
            f"Passage {run} : code 0 en {elapsed:.1f} s ; {len(counts)} tables, {sum(state[0].values())} lignes "
            f"(hors {', '.join(sorted(VOLATILE_TABLES))}) ; groupes : "
            + ", ".join(f"{name} ({len(perms)})" for name, perms in sorted(state[1].items()))
        )
        if states and state != states[0]:
            failures += 1
            before_counts, before_groups = states[0]
            for table in sorted(set(before_counts) | set(state[0])):
                if before_counts.get(table) != state[0].get(table):
                    print(f"  ÉCART {table} : {before_counts.get(table)} → {state[0].get(table)}")
            if before_groups != state[1]:
                print("  ÉCART dans les groupes de permissions")
        states.append(state)
    top = sorted(states[0][0].items(), key=lambda item: -item[1])[:5]
    print("Tables les plus remplies : " + ", ".join(f"{table} {count}" for table, count in top))
    print("Résultat :", "OK, rien n'est dupliqué" if not failures else f"{failures} passage(s) différent(s)")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
