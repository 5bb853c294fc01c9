"""Load drill: N concurrent logged-in users (mixed demo personas) browse the conventions list, recaps, steps and
the API for D seconds against gunicorn started exactly as the Procfile's `web` line, on PostgreSQL + Redis.

    DATABASE_URL=postgres://root@127.0.0.1:5432/apilos_load REDIS_URL=redis://127.0.0.1:6379/3 \\
        python bench/load.py [--users 100] [--duration 60] [--think 1.0] [--port 8103] [--volume 2000]

Prepares the database (migrate, seed_roles, seed_demo --force, plus --volume generated conventions), runs
collectstatic, starts gunicorn on 127.0.0.1:PORT (loopback only) with DEBUG off, gives each virtual user its own
session (created server-side for the demo persona it plays: 100 password hashes would only measure PBKDF2), then
each user loops — page, pause of `think` seconds on average — until the deadline. Prints the requests, errors
(status other than 200, or no answer within 30 s; must be 0), p50/p95/max latency overall and per kind, and the
RSS of each gunicorn worker at start and end. Exit status 1 when there is any error.
"""

import argparse
import http.client
import os
import random
import re
import secrets
import signal
import statistics
import subprocess
import sys
import threading
import time
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
KINDS = ("liste", "récapitulatif", "étape", "api")
TIMEOUT = 30


def server_env(args) -> dict:
    return {
        **os.environ,
        "DEBUG": "0",
        "SECRET_KEY": os.environ.get("SECRET_KEY") or "bench-load-only-" + "x" * 40,
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "0",
        "SECURE_COOKIES": "0",
        "DEMO_PASSWORD": os.environ.get("DEMO_PASSWORD") or secrets.token_urlsafe(16),
        "PORT": str(args.port),
        "LOG_LEVEL": "WARNING",
        "TASKS_IMMEDIATE": "0",
    }


def run(env, *command: str) -> None:
    subprocess.run(command, cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL)


def prepare(env, volume: int) -> None:
    python = sys.executable
    run(env, python, "manage.py", "migrate", "--noinput")
    run(env, python, "manage.py", "seed_roles")
    run(env, python, "manage.py", "seed_demo", "--force")
    if volume:
        run(env, python, "manage.py", "seed_demo", "--force", "--conventions", str(volume))
    run(env, python, "manage.py", "collectstatic", "--noinput", "--verbosity", "0")


def procfile_web_command(port: int) -> list[str]:
    line = next(line for line in (ROOT / "Procfile").read_text().splitlines() if line.startswith("web:"))
    command = line.removeprefix("web:").strip()
    command = command.replace("$PORT", str(port)).replace("0.0.0.0:", "127.0.0.1:")  # loopback only
    command = re.sub(r"\$\{WEB_CONCURRENCY:-(\d+)\}", lambda m: os.environ.get("WEB_CONCURRENCY", m.group(1)), command)
    command = command.replace("--access-logfile -", "--access-logfile /dev/null")
    return command.split()


def children(pid: int) -> list[int]:
    found = []
    for task in Path(f"/proc/{pid}/task").iterdir():
        found += [int(child) for child in (task / "children").read_text().split()]
    return found


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def wait_until_up(port: int, deadline: float) -> None:
    while time.monotonic() < deadline:
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            connection.request("GET", "/healthz")
            if connection.getresponse().status == 200:
                return
        except OSError:
            pass
        time.sleep(0.5)
    raise SystemExit("gunicorn ne répond pas sur /healthz")


def build_users(count: int) -> list[dict]:
    """Sessions for `count` virtual users over the demo personas, with the pages each may visit."""
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "apilos.settings")
    import django

    django.setup()
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY, load_backend
    from django.contrib.sessions.backends.db import SessionStore

    from conventions.models import Convention
    from conventions.steps.registry import kind_of
    from users.demo import PERSONAS
    from users.models import User

    personas = []
    for persona in PERSONAS:
        user = User.objects.filter(username=persona.username).first()
        if user is None:
            continue
        # Each convention with the steps of its own kind (an avenant or a dénonciation has other steps).
        uuids = [
            (str(c.uuid), [step.slug for step in kind_of(c).steps[:-1]])
            for c in Convention.objects.visible_to(user).select_related("programme", "lot").order_by("-pk")[:60]
        ]
        if uuids:
            personas.append((user, uuids))
    # The backend that loads users (as Django's test client picks it): the first one, the lockout check, does not.
    backend_path = next(p for p in settings.AUTHENTICATION_BACKENDS if hasattr(load_backend(p), "get_user"))
    users = []
    for index in range(count):
        user, uuids = personas[index % len(personas)]
        session = SessionStore()
        session[SESSION_KEY] = str(user.pk)
        session[BACKEND_SESSION_KEY] = backend_path
        session[HASH_SESSION_KEY] = user.get_session_auth_hash()
        session.create()
        users.append(
            {
                "persona": user.username,
                "cookie": f"{settings.SESSION_COOKIE_NAME}={session.session_key}",
                "uuids": uuids,
            }
        )
    return users


def next_page(rng: random.Random, uuids: list[tuple[str, list[str]]]) -> tuple[str, str]:
    kind = rng.choices(KINDS, weights=(3, 3, 4, 2))[0]
    uuid, steps = rng.choice(uuids)
    if kind == "liste":
        return kind, rng.choice(
            ["/conventions/", "/conventions/?page=2", "/conventions/?statut=projet&tri=-mis_a_jour_le"]
        )
    if kind == "récapitulatif":
        return kind, f"/conventions/{uuid}/"
    if kind == "étape":
        return kind, f"/conventions/{uuid}/{rng.choice(steps or ['bailleur'])}/"
    return kind, rng.choice(["/api/v1/conventions/", f"/api/v1/conventions/{uuid}/", "/api/v1/programmes/"])


def browse(user: dict, port: int, deadline: float, think: float, seed: int, results: list, errors: list) -> None:
    rng = random.Random(seed)
    time.sleep(rng.uniform(0, think))  # users do not all arrive in the same millisecond
    while time.monotonic() < deadline:
        kind, path = next_page(rng, user["uuids"])
        started = time.perf_counter()
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=TIMEOUT)
            connection.request("GET", path, headers={"Cookie": user["cookie"], "Host": "127.0.0.1"})
            response = connection.getresponse()
            response.read()
            status = response.status
            connection.close()
        except OSError as exc:
            status = f"{type(exc).__name__}: {exc}"
        elapsed = time.perf_counter() - started
        results.append((kind, elapsed))
        if status != 200:
            errors.append((user["persona"], path, status))
        if think:
            time.sleep(rng.uniform(0, 2 * think))


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))] if ordered else 0.0


def report(args, users, results, errors, wall, rss_start, rss_end, stderr) -> None:
    """Print the figures of one run: volume, errors, latencies per kind of page, workers' memory."""
    latencies = [elapsed for _, elapsed in results]
    by_kind = defaultdict(list)
    for kind, elapsed in results:
        by_kind[kind].append(elapsed)
    personas = Counter(user["persona"] for user in users)
    print(
        f"{args.users} utilisateurs ({', '.join(f'{p} × {n}' for p, n in sorted(personas.items()))}), "
        f"{args.duration:.0f} s, pause moyenne {args.think} s"
    )
    print(f"Requêtes : {len(results)} ({len(results) / wall:.1f}/s) ; erreurs : {len(errors)}")
    print(
        f"Latence : p50 {statistics.median(latencies) * 1000:.0f} ms, p95 {percentile(latencies, 0.95) * 1000:.0f} ms, "
        f"max {max(latencies) * 1000:.0f} ms"
    )
    for kind in KINDS:
        values = by_kind.get(kind, [])
        if values:
            print(
                f"  {kind:<14} {len(values):>6} requêtes  p50 {statistics.median(values) * 1000:>6.0f} ms  "
                f"p95 {percentile(values, 0.95) * 1000:>6.0f} ms"
            )
    print("RSS des workers gunicorn au début : " + ", ".join(f"{rss:.0f} Mo" for rss in rss_start.values()))
    print(
        "RSS des workers gunicorn à la fin : "
        + ", ".join(f"{rss:.0f} Mo" for rss in rss_end.values())
        + ("" if set(rss_end) == set(rss_start) else " (workers renouvelés par --max-requests)")
    )
    for persona, path, status in errors[:20]:
        print(f"  ERREUR {persona} {path} → {status}")
    if errors and stderr:
        print(stderr[-3000:])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=100)
    parser.add_argument("--duration", type=float, default=60)
    parser.add_argument("--think", type=float, default=1.0, help="pause moyenne entre deux pages (secondes)")
    parser.add_argument("--port", type=int, default=int(os.environ.get("PORT", 8103)))
    parser.add_argument("--volume", type=int, default=2000, help="conventions générées en plus des démos")
    parser.add_argument("--no-prepare", action="store_true", help="base déjà prête (migrate, seed_demo)")
    args = parser.parse_args()
    if not os.environ.get("DATABASE_URL") or not os.environ.get("REDIS_URL"):
        print("DATABASE_URL (PostgreSQL) et REDIS_URL sont obligatoires : la mesure se fait comme en production.")
        return 2
    env = server_env(args)
    os.environ.update({key: env[key] for key in ("DEBUG", "SECRET_KEY", "ALLOWED_HOSTS", "DEMO_PASSWORD")})
    if not args.no_prepare:
        started = time.perf_counter()
        prepare(env, args.volume)
        print(
            f"Préparation (migrate, seed_roles, seed_demo, {args.volume} conventions, collectstatic) : "
            f"{time.perf_counter() - started:.0f} s"
        )
    users = build_users(args.users)
    command = procfile_web_command(args.port)
    print("Serveur :", " ".join(command))
    server = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        wait_until_up(args.port, time.monotonic() + 60)
        workers = children(server.pid)
        rss_start = {pid: rss_mb(pid) for pid in workers}
        results, errors = [], []
        deadline = time.monotonic() + args.duration
        threads = [
            threading.Thread(target=browse, args=(user, args.port, deadline, args.think, n, results, errors))
            for n, user in enumerate(users)
        ]
        started = time.perf_counter()
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        wall = time.perf_counter() - started
        workers_end = children(server.pid)
        rss_end = {pid: rss_mb(pid) for pid in workers_end}
    finally:
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(timeout=40)
        except subprocess.TimeoutExpired:
            server.kill()
        stderr = server.stderr.read().decode(errors="replace")

    report(args, users, results, errors, wall, rss_start, rss_end, stderr)
    print("Résultat :", "OK, 0 erreur" if not errors else f"{len(errors)} erreur(s)")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
