"""Benchmark of the pages people use, served as in production: gunicorn as the Procfile runs it, PostgreSQL,
8 concurrent logged-in clients per persona. Prints req/s, p50, p95 and bytes per page, and the EXPLAIN of the
list and search queries. Nothing here is a test: the figures are for people to read (exit 1 if a target is missed).

    # once: a PostgreSQL database with 100,000 demo conventions
    DATABASE_URL=postgres://root@127.0.0.1:5432/apilos_bench_pages DEBUG=1 python manage.py migrate
    ... seed_roles && ... seed_demo --conventions 100000
    # then
    python bench/pages.py --database postgres://root@127.0.0.1:5432/apilos_bench_pages [--port 8105] [--seconds 8]

Load generator: wrk when installed (`apt-get install wrk`; --client python for the former 8 Python threads,
which took a large part of one of the two cores the server runs on).

Setup (idempotent): empties the bench's Redis database (--redis); VACUUM ANALYZE; a superuser `bench-superuser`;
a 500-dwelling convention in projet for the demo bailleur; logged-in sessions created directly in the database
(no login form: only the pages are measured).
Targets (2-core machine): list/search/filter/queue/recap p95 < 150 ms; API < 100 ms; 500-dwelling step
< 600 ms and < 1 MB.
"""

import argparse
import os
import re
import shlex
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATABASE = "postgres://root@127.0.0.1:5432/apilos_search_100k"
SECRET = "bench-pages-0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJ"


def server_env(database: str, redis: str | None, port: int) -> dict:
    env = dict(os.environ)
    env.update(
        DATABASE_URL=database,
        DEBUG="0",
        SECRET_KEY=SECRET,
        ALLOWED_HOSTS="127.0.0.1,localhost",
        SECURE_SSL_REDIRECT="0",
        SECURE_COOKIES="0",
        PORT=str(port),
        ENVIRONMENT="bench",
        # The API client's hourly quota (3,000 by default) is reached within one run by 8 clients at 150+ req/s:
        # the throttle still counts every request (its cost is measured), but does not answer 429 here.
        API_THROTTLE_RATE="10000000/hour",
    )
    if redis:
        env["REDIS_URL"] = redis
    else:
        env.pop("REDIS_URL", None)
    return env


def procfile_command(port: int) -> list[str]:
    """The Procfile's web command, bound to 127.0.0.1 (this machine is shared), without the access log."""
    line = next(line for line in (ROOT / "Procfile").read_text().splitlines() if line.startswith("web:"))
    command = line.split(":", 1)[1].strip()
    command = command.replace("0.0.0.0:$PORT", f"127.0.0.1:{port}")
    command = re.sub(r"\$\{WEB_CONCURRENCY:-(\d+)\}", lambda m: os.environ.get("WEB_CONCURRENCY", m.group(1)), command)
    command = command.replace("--access-logfile -", "")
    args = shlex.split(command)
    args[0] = str(Path(sys.executable).parent / "gunicorn")  # the virtualenv running this script
    return args


def setup(env: dict) -> dict:
    """Django side, in this process: personas' sessions and the pages' targets."""
    os.environ.update({k: v for k, v in env.items() if k in ("DATABASE_URL", "SECRET_KEY", "REDIS_URL", "DEBUG")})
    os.environ["DJANGO_SETTINGS_MODULE"] = "apilos.settings"
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY, load_backend
    from django.contrib.sessions.backends.db import SessionStore
    from django.db import connection

    from conventions.models import Convention
    from programmes.models import Logement, Lot
    from users.models import User

    if env.get("REDIS_URL"):
        # The bench's own Redis database: throttling counters and cached counts of another run (another base,
        # the same user ids) must not answer for this one.
        import redis

        redis.Redis.from_url(env["REDIS_URL"]).flushdb()
    with connection.cursor() as cursor:
        # What autovacuum does in production between a bulk load and the first visitors: without it the seed's
        # dead rows and missing visibility map made the COUNTs read the heap (index-only scans in name only).
        cursor.execute("VACUUM ANALYZE")

    superuser, _ = User.objects.get_or_create(
        username="bench-superuser", defaults={"is_superuser": True, "is_staff": True, "email": "bench@example.org"}
    )
    personas = {
        "superuser": superuser,
        "instructeur": User.objects.get(username="demo-instructeur"),
        "bailleur": User.objects.get(username="demo-bailleur"),
    }
    cookies = {}
    for name, user in personas.items():
        session = SessionStore()
        session[SESSION_KEY] = str(user.pk)
        # The first backend that loads users (the lockout check, first of the list, does not).
        session[BACKEND_SESSION_KEY] = next(
            path for path in settings.AUTHENTICATION_BACKENDS if hasattr(load_backend(path), "get_user")
        )
        session[HASH_SESSION_KEY] = user.get_session_auth_hash()
        session["_vu_le"] = int(time.time())
        session.create()
        cookies[name] = session.session_key

    def far_page(user) -> int:
        count = Convention.objects.visible_to(user).count()
        return max(1, (count // 20) * 3 // 4)

    bailleur = personas["bailleur"]
    visible_b = Convention.objects.visible_to(bailleur)
    recap30 = (
        Convention.objects.visible_to(personas["instructeur"]).filter(lot__nb_logements=30).order_by("pk").first()
        or Convention.objects.visible_to(personas["instructeur"]).filter(lot__nb_logements__gte=25).first()
    )
    step30 = visible_b.filter(statut="projet", lot__nb_logements__gte=25, lot__nb_logements__lte=35).first()
    big = visible_b.filter(lot__nb_logements=500, statut="projet").first()
    if big is None:
        big = _make_big(step30, Lot, Logement, Convention)
    return {
        "cookies": cookies,
        "far": {name: far_page(user) for name, user in personas.items()},
        "recap30": recap30,
        "step30": step30,
        "step500": big,
        "api_detail": recap30,
    }


def _make_big(model, Lot, Logement, Convention):
    """A 500-dwelling convention in projet (copy of a 30-dwelling one's lot, dwellings repeated)."""
    from django.db import transaction

    with transaction.atomic():
        lot = Lot.objects.get(pk=model.lot_id)
        logements = list(Logement.objects.filter(lot=lot).order_by("pk"))
        lot.pk = lot.id = None
        lot.uuid = __import__("uuid").uuid4()
        lot.nb_logements = 500
        lot.save()
        rows = []
        for index in range(500):
            source = logements[index % len(logements)]
            source.pk = source.id = None
            source.uuid = __import__("uuid").uuid4()
            source.lot = lot
            source.designation = f"B{index + 1:03d}"
            rows.append(Logement(**{f.attname: getattr(source, f.attname) for f in Logement._meta.concrete_fields}))
        Logement.objects.bulk_create(rows)
        convention = Convention.objects.create(programme_id=lot.programme_id, lot=lot, statut="projet")
    return convention


# wrk prints what it measured in one line that measure_wrk reads (latencies in microseconds).
WRK_SCRIPT = """
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("WRK %d %d %d %d %d\\n", summary.requests, summary.duration,
    e.connect + e.read + e.write + e.status + e.timeout, latency:percentile(50), latency:percentile(95)))
end
"""


def measure_wrk(base: str, path: str, cookie: str, *, clients: int, seconds: float) -> dict:
    """The same measure by wrk (C, event loop): it costs the shared 2 cores a few percent where the Python
    client's threads took a large part of one core (and its GIL serialises them). The body size and status are
    read once with requests (wrk counts any status above 399 as an error; a redirect would pass: checked here)."""
    first = requests.get(base + path, cookies={"sessionid": cookie}, allow_redirects=False, timeout=60)
    if first.status_code != 200:
        return {"rps": 0.0, "p50": float("nan"), "p95": float("nan"), "bytes": 0, "n": 0, "nerrors": 1,
                "errors": [first.status_code]}  # fmt: skip
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        script.write(WRK_SCRIPT)
    command = ["wrk", f"-t{min(clients, 2)}", f"-c{clients}", f"-d{seconds:.0f}s", "--timeout", "30s", "-s",
               script.name, "-H", f"Cookie: sessionid={cookie}", base + path]  # fmt: skip
    output = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    os.unlink(script.name)
    requests_done, duration_us, nerrors, p50_us, p95_us = map(
        int, re.search(r"^WRK (.*)$", output, re.M).group(1).split()
    )
    return {
        "rps": requests_done / (duration_us / 1e6),
        "p50": p50_us / 1000,
        "p95": p95_us / 1000,
        "bytes": len(first.content),
        "n": requests_done,
        "errors": [f"{nerrors} errors (wrk)"] if nerrors else [],
        "nerrors": nerrors,
    }


def measure(base: str, path: str, cookie: str, *, clients: int, seconds: float) -> dict:
    latencies, sizes, errors = [], [], []
    lock = threading.Lock()
    stop = time.perf_counter() + seconds

    def worker():
        session = requests.Session()
        session.cookies.set("sessionid", cookie)
        while time.perf_counter() < stop:
            start = time.perf_counter()
            try:
                response = session.get(base + path, allow_redirects=False, timeout=30)
                elapsed = time.perf_counter() - start
                ok = response.status_code == 200
                size = len(response.content)
            except requests.RequestException as exc:
                elapsed, ok, size = time.perf_counter() - start, False, 0
                response = exc
            with lock:
                if ok:
                    latencies.append(elapsed)
                    sizes.append(size)
                else:
                    errors.append(getattr(response, "status_code", str(response)))

    started = time.perf_counter()
    threads = [threading.Thread(target=worker) for _ in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    wall = time.perf_counter() - started
    latencies.sort()

    def pct(p):
        return latencies[min(len(latencies) - 1, int(len(latencies) * p))] * 1000 if latencies else float("nan")

    return {
        "rps": len(latencies) / wall,
        "p50": pct(0.50),
        "p95": pct(0.95),
        "bytes": int(statistics.median(sizes)) if sizes else 0,
        "n": len(latencies),
        "errors": errors[:3],
        "nerrors": len(errors),
    }


def explain(env: dict) -> list[str]:
    """EXPLAIN ANALYZE of the list's page query and of a text search, as the superuser sees them."""
    from django.db import connection
    from django.test import RequestFactory

    from conventions.views.list import convention_filterset
    from users.models import User

    user = User.objects.get(username="bench-superuser")
    lines = []
    for label, params in [
        ("list p1", {}),
        ("text search", {"q": "habitat marseille"}),
        ("status", {"statut": "instruction"}),
    ]:
        request = RequestFactory().get("/conventions/", params)
        request.user = user
        queryset = convention_filterset(request).qs[:20]
        sql, sql_params = queryset.query.sql_with_params()
        with connection.cursor() as cursor:
            cursor.execute("EXPLAIN ANALYZE " + sql, sql_params)
            plan = [row[0] for row in cursor.fetchall()]
        used = sorted(
            set(re.findall(r"(?:Index|Index Only|Bitmap Index) Scan (?:Backward )?(?:using|on) (\w+)", "\n".join(plan)))
        )
        lines.append(f"--- {label}: indexes used: {', '.join(used) or 'NONE'}")
        lines += ["    " + line for line in plan[:14]]
    return lines


TARGETS = {"page": 150, "api": 100, "step500": 600}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", default=os.environ.get("BENCH_DATABASE_URL", DEFAULT_DATABASE))
    parser.add_argument("--redis", default=os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/5"))
    parser.add_argument("--port", type=int, default=8105)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--seconds", type=float, default=8.0)
    parser.add_argument(
        "--warmup", type=float, default=2.0, help="seconds of load before each line, not counted (workers warm)"
    )
    parser.add_argument(
        "--client",
        choices=["wrk", "python"],
        default="wrk" if shutil.which("wrk") else "python",
        help="load generator: wrk (Debian package, default when installed) or 8 Python threads",
    )
    parser.add_argument("--only", default="", help="comma-separated page labels to run")
    args = parser.parse_args()

    env = server_env(args.database, args.redis, args.port)
    data = setup(env)
    for line in explain(env):
        print(line)

    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"],
        cwd=ROOT, env={**env, "DATABASE_URL": ""}, check=True,
    )  # fmt: skip
    log = open(Path(tempfile.gettempdir()) / "apilos-bench-gunicorn.log", "w")
    server = subprocess.Popen(procfile_command(args.port), cwd=ROOT, env=env, stdout=log, stderr=log)
    base = f"http://127.0.0.1:{args.port}"
    try:
        for _ in range(100):
            try:
                requests.get(base + "/robots.txt", timeout=1)
                break
            except requests.RequestException:
                time.sleep(0.2)
        c = data["cookies"]
        far = data["far"]
        pages = [
            ("floor: trivial view (robots.txt)", "/robots.txt", "superuser", None),
            ("list p1", "/conventions/", "superuser", "page"),
            ("list p1", "/conventions/", "instructeur", "page"),
            ("list p1", "/conventions/", "bailleur", "page"),
            (f"list far page ({far['superuser']})", f"/conventions/?page={far['superuser']}", "superuser", "page"),
            (
                f"list far page ({far['instructeur']})",
                f"/conventions/?page={far['instructeur']}",
                "instructeur",
                "page",
            ),
            (f"list far page ({far['bailleur']})", f"/conventions/?page={far['bailleur']}", "bailleur", "page"),
            ("text search « habitat marseille »", "/conventions/?q=habitat+marseille", "superuser", "page"),
            ("text search « tileuls » (typo)", "/conventions/?q=tileuls", "instructeur", "page"),
            ("status filter instruction", "/conventions/?statut=instruction", "superuser", "page"),
            ("tab « Finalisées »", "/conventions/?onglet=finalisees", "instructeur", "page"),
            ("queue (home)", "/", "instructeur", "page"),
            ("queue (home)", "/", "bailleur", "page"),
            ("queue (home)", "/", "superuser", "page"),
            ("recap 30 dwellings", f"/conventions/{data['recap30'].uuid}/", "instructeur", "page"),
            ("logements step 30", f"/conventions/{data['step30'].uuid}/logements/", "bailleur", "page"),
            ("logements step 500", f"/conventions/{data['step500'].uuid}/logements/", "bailleur", "step500"),
            ("API list", "/api/v1/conventions/", "instructeur", "api"),
            ("API detail", f"/api/v1/conventions/{data['api_detail'].uuid}/", "instructeur", "api"),
        ]
        only = {o.strip() for o in args.only.split(",") if o.strip()}
        gunicorn = " ".join(procfile_command(args.port)[1:])
        print(
            f"\n{args.clients} concurrent clients ({args.client}), {args.seconds:.0f} s per line, gunicorn: {gunicorn}"
        )
        print(f"{'page':42} {'persona':12} {'req/s':>7} {'p50 ms':>8} {'p95 ms':>8} {'bytes':>9}  target")
        missed = 0
        for label, path, persona, target in pages:
            if only and not any(o in label for o in only):
                continue
            measure_with = measure_wrk if args.client == "wrk" else measure
            if args.warmup:  # each worker's first requests load templates, URLs, caches: not the page's cost
                measure_with(base, path, c[persona], clients=args.clients, seconds=args.warmup)
            result = measure_with(base, path, c[persona], clients=args.clients, seconds=args.seconds)
            verdict = ""
            if target:
                limit = TARGETS[target]
                ok = result["p95"] < limit and (target != "step500" or result["bytes"] < 1_000_000)
                verdict = f"p95 < {limit} ms{' & < 1 MB' if target == 'step500' else ''}: {'OK' if ok else 'MISSED'}"
                missed += not ok
            if result["nerrors"]:
                verdict += f"  ERRORS {result['nerrors']} {result['errors']}"
                missed += 1
            print(
                f"{label:42} {persona:12} {result['rps']:7.1f} {result['p50']:8.1f} {result['p95']:8.1f} "
                f"{result['bytes']:9d}  {verdict}",
                flush=True,
            )
        return 1 if missed else 0
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)
        log.close()


if __name__ == "__main__":
    sys.exit(main())
