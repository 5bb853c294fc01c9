import sys
import types
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from users.demo import BAILLEURS, PERSONAS
from users.models import Administration, Bailleur, Role, User
from users.validators import validate_siret

PASSWORD = "mot-de-passe-de-demo-2026"


def _seed_demo(*args) -> str:
    out = StringIO()
    call_command("seed_demo", *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def demo_settings(settings):
    settings.DEBUG = True
    settings.DEMO_PASSWORD = PASSWORD
    return settings


@pytest.mark.django_db
def test_seed_demo_creates_organisations_and_personas(demo_settings, client):
    call_command("seed_roles", stdout=StringIO())
    _seed_demo()
    assert Bailleur.objects.count() == 2
    assert Administration.objects.count() == 2
    for data in BAILLEURS:
        validate_siret(data["siret"])
    usernames = {
        "demo-bailleur",
        "demo-bailleur-2",
        "demo-instructeur",
        "demo-instructeur-2",
        "demo-admin",
        "demo-equipe-nationale",
    }
    assert set(User.objects.values_list("username", flat=True)) == usernames
    assert User.objects.get(username="demo-instructeur").is_instructeur()
    assert User.objects.get(username="demo-bailleur-2").is_bailleur()
    admin = User.objects.get(username="demo-admin")
    assert admin.administrateur_de_compte and admin.is_superuser and admin.is_bailleur()
    national = User.objects.get(username="demo-equipe-nationale")
    assert national.national_roles() and not national.is_staff
    assert set(Bailleur.objects.visible_to(national)) == set(Bailleur.objects.all())
    assert client.login(username="demo-instructeur", password=PASSWORD)


@pytest.mark.django_db
def test_seed_demo_is_idempotent(demo_settings):
    _seed_demo()
    counts = (Bailleur.objects.count(), Administration.objects.count(), User.objects.count(), Role.objects.count())
    output = _seed_demo()
    assert "0 utilisateurs créé(s)" in output
    assert (Bailleur.objects.count(), Administration.objects.count(), User.objects.count(), Role.objects.count()) == (
        counts
    )
    assert counts == (2, 2, len(PERSONAS), len(PERSONAS))


@pytest.mark.django_db
def test_seed_demo_generates_and_prints_a_password_when_unset(settings, client):
    settings.DEBUG = True
    settings.DEMO_PASSWORD = ""
    output = _seed_demo()
    password = output.split("démonstration : ", 1)[1].split()[0]
    assert len(password) >= 12
    assert client.login(username="demo-bailleur", password=password)


@pytest.mark.django_db
def test_seed_demo_refuses_without_debug_unless_forced(settings):
    settings.DEBUG = False
    settings.DEMO_PASSWORD = PASSWORD
    with pytest.raises(CommandError, match="--force"):
        _seed_demo()
    assert not User.objects.exists()
    _seed_demo("--force")
    assert User.objects.filter(username="demo-admin").exists()


@pytest.mark.django_db
def test_seed_demo_hands_over_to_the_conventions_demo_module(demo_settings, monkeypatch):
    calls = []
    fake = types.ModuleType("conventions.demo")
    fake.seed_demo_conventions = lambda stdout, count=None: calls.append(count) or stdout.write("conventions ok")
    monkeypatch.setitem(sys.modules, "conventions.demo", fake)
    output = _seed_demo("--conventions", "7")
    assert calls == [7]
    assert "conventions ok" in output
