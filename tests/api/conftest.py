import datetime

import jwt
import pytest
from django.conf import settings
from rest_framework.test import APIClient

from tests.conftest import clear_caches
from tests.conventions.factories import ConventionFactory
from tests.programmes.factories import LotFactory, ProgrammeFactory
from tests.siap.conftest import fake_siap  # noqa: F401 (fixture: the real SIAP client against a local fake)
from tests.users.factories import (
    AdministrationFactory,
    BailleurFactory,
    RoleFactory,
    UserFactory,
    bailleur_user,
    instructeur_user,
    multi_role_user,
)


def make_jwt(username: str, *, minutes: int = 5, key: str | None = None, **claims) -> str:
    """A token as the SIAP mints it: HS256, shared secret, login in "user-login", no token_type."""
    now = datetime.datetime.now(datetime.UTC)
    payload = {
        "user-login": username,
        "iat": now,
        "exp": now + datetime.timedelta(minutes=minutes),
        "jti": "test-jti",
        **claims,
    }
    return jwt.encode(payload, key or settings.SIMPLE_JWT["SIGNING_KEY"], algorithm="HS256")


def jwt_client(user) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {make_jwt(user.username)}")
    return client


@pytest.fixture(autouse=True)
def _fresh_throttles():
    clear_caches()
    yield
    clear_caches()


@pytest.fixture
def world(db):
    """Two bailleurs, two administrations; one operation of (bailleur A, administration A) with a convention
    per financement, and one of (bailleur B, administration B)."""
    bailleur_a, bailleur_b = BailleurFactory(), BailleurFactory()
    admin_a, admin_b = AdministrationFactory(), AdministrationFactory()
    programme_a = ProgrammeFactory(bailleur=bailleur_a, administration=admin_a, numero_operation="OPE-A")
    programme_b = ProgrammeFactory(
        bailleur=bailleur_b,
        administration=admin_b,
        numero_operation="OPE-B",
        code_postal="44000",
        code_insee_departement="44",
        code_insee_region="52",
    )
    convention_a = ConventionFactory(lot=LotFactory(programme=programme_a), instruction=True)
    convention_b = ConventionFactory(lot=LotFactory(programme=programme_b))
    superuser = UserFactory(is_superuser=True, is_staff=True)
    return {
        "bailleur_a": bailleur_a,
        "bailleur_b": bailleur_b,
        "admin_a": admin_a,
        "admin_b": admin_b,
        "programme_a": programme_a,
        "programme_b": programme_b,
        "convention_a": convention_a,
        "convention_b": convention_b,
        "personas": {
            "bailleur": bailleur_user(bailleur_a),
            "autre_bailleur": bailleur_user(bailleur_b),
            "instructeur": instructeur_user(admin_a),
            "autre_instructeur": instructeur_user(admin_b),
            "superuser": superuser,
            # Mixed roles (issue 11): rights are read on the role reaching each object, never pooled.
            "lecteur_a_bailleur_b": multi_role_user((bailleur_a, "readonly_bailleur"), (bailleur_b, "bailleur")),
            "lecteur_a_instructeur_b": multi_role_user((admin_a, "readonly_instructeur"), (admin_b, "instructeur")),
            "bailleur_a_instructeur_b": multi_role_user((bailleur_a, "bailleur"), (admin_b, "instructeur")),
        },
    }


def administrateur_user(**perimetre):
    return RoleFactory(administrateur=True, **perimetre).user
