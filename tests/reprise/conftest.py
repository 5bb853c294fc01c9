"""The synthetic APiLos database (../shared/migration/) loaded once per test session into a scratch PostgreSQL
database of its own (apilos_imp_src_<random>), dropped at the end."""

import gzip
import os
import secrets
import shutil
import subprocess
import tarfile
from dataclasses import dataclass
from io import StringIO
from pathlib import Path

import psycopg2
import psycopg2.extras
import pytest
from django.core.management import call_command
from django.db import connection

# The synthetic dump of ../shared/migration/, copied beside the tests (tests/reprise/donnees/, 1.2 MB) so that
# every clone and CI run imports it; APILOS_MIGRATION_DATA points elsewhere (another dump, same file names).
MIGRATION = Path(os.environ.get("APILOS_MIGRATION_DATA") or Path(__file__).resolve().parent / "donnees")
DUMP = MIGRATION / "apilos-2026-synthetic.sql.gz"
MEDIA = MIGRATION / "media.tar.gz"


def _server_params() -> dict:
    s = connection.settings_dict
    return {
        "host": s["HOST"] or "127.0.0.1",
        "port": s["PORT"] or 5432,
        "user": s["USER"],
        "password": s["PASSWORD"] or "",
    }


@pytest.fixture(scope="session")
def source_url(django_db_blocker):
    """postgres://… of the loaded dump (skips when the tests do not run on PostgreSQL)."""
    if connection.vendor != "postgresql":
        pytest.skip("L'import d'une base APiLos se teste sur PostgreSQL (DATABASE_URL) : la source est un dump.")
    if not DUMP.exists():
        pytest.skip(f"Jeu de données de migration absent : {DUMP}")
    if shutil.which("psql") is None:
        pytest.skip("Le client psql est nécessaire pour charger le dump de test.")
    params = _server_params()
    name = f"apilos_imp_src_{secrets.token_hex(4)}"
    admin = psycopg2.connect(dbname="postgres", **params)
    admin.autocommit = True
    with admin.cursor() as cur:
        cur.execute(f'CREATE DATABASE "{name}"')
    env = {"PGPASSWORD": params["password"], "PATH": "/usr/bin:/bin:/usr/local/bin"}
    subprocess.run(
        [
            "psql",
            "-q",
            "-v",
            "ON_ERROR_STOP=1",
            "-h",
            params["host"],
            "-p",
            str(params["port"]),
            "-U",
            params["user"],
            "-d",
            name,
        ],
        input=gzip.decompress(DUMP.read_bytes()),
        stdout=subprocess.DEVNULL,
        check=True,
        env=env,
    )
    password = f":{params['password']}" if params["password"] else ""
    yield f"postgres://{params['user']}{password}@{params['host']}:{params['port']}/{name}"
    with admin.cursor() as cur:
        cur.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    admin.close()


@pytest.fixture(scope="session")
def source_media(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("source")
    with tarfile.open(MEDIA) as archive:
        archive.extractall(root, filter="data")
    return root / "media"


def source_rows(url: str, sql: str, params=()) -> list[dict]:
    with psycopg2.connect(url) as conn, conn.cursor(cursor_factory=psycopg2.extras.RealDictCursor) as cur:
        cur.execute(sql, params)
        return [dict(r) for r in cur.fetchall()]


def run_import(url, media=None, *args, tmp_path) -> str:
    out = StringIO()
    options = ["--source", url, "--rapport", str(tmp_path / "rapport.csv"), *args]
    if media:
        options += ["--fichiers", str(media)]
    call_command("import_apilos", *options, stdout=out)
    return out.getvalue()


@dataclass
class Imported:
    output: str
    media: Path
    rapport: Path


@pytest.fixture(scope="module")
def imported(django_db_setup, django_db_blocker, source_url, source_media, tmp_path_factory):
    """The dump imported ONCE per test module into the test database (committed: each test still runs in its own
    transaction on top of it), removed at the end of the module."""
    from django.test import override_settings

    media = tmp_path_factory.mktemp("media_cible")
    rapport_dir = tmp_path_factory.mktemp("rapport")
    with django_db_blocker.unblock(), override_settings(MEDIA_ROOT=media):
        call_command("seed_roles", verbosity=0)
        output = run_import(source_url, source_media, tmp_path=rapport_dir)
    yield Imported(output, media, rapport_dir / "rapport.csv")
    with django_db_blocker.unblock():
        _remove_imported()


def _remove_imported():
    from conventions.models import Convention
    from programmes.models import Lot, Programme
    from reprise.models import LigneImportee
    from users.models import Administration, Bailleur, User

    Convention.objects.filter(parent__isnull=False).delete()
    Convention.objects.all().delete()
    Lot.objects.all().delete()
    Programme.objects.filter(parent__isnull=False).delete()
    Programme.objects.all().delete()
    User.objects.all().delete()
    Bailleur.objects.update(parent=None)
    Bailleur.objects.all().delete()
    Administration.objects.all().delete()
    LigneImportee.objects.all().delete()
