"""/api/v1/webhooks/ × persona: scoped (404 outside), replay needs the management right (403), 401 anonymous."""

import pytest
from rest_framework.test import APIClient

from tests.conventions.factories import ConventionFactory
from tests.users.factories import RoleFactory, UserFactory, _group, bailleur_user, instructeur_user
from webhooks import services
from webhooks.models import Abonnement, Livraison

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(monkeypatch):
    monkeypatch.setattr(services, "enqueue", lambda livraison, **kw: None)
    convention = ConventionFactory()
    programme = convention.programme
    abonnement = Abonnement.objects.create(
        nom="x", url="https://p.example/h", bailleur=programme.bailleur, evenements=["document.pret"]
    )
    livraison = Livraison.objects.create(abonnement=abonnement, evenement="document.pret", charge={"id": "x"})
    lecteur = RoleFactory(bailleur=programme.bailleur, group=_group("readonly_bailleur"), user=UserFactory()).user
    return {
        "abonnement": abonnement,
        "livraison": livraison,
        "personas": {
            "bailleur": bailleur_user(bailleur=programme.bailleur),
            "lecteur": lecteur,
            "autre_bailleur": bailleur_user(),
            "instructeur": instructeur_user(administration=programme.administration),
            "superuser": UserFactory(is_staff=True, is_superuser=True),
        },
    }


EXPECTED = {
    # persona: (list count, abonnement detail, livraison detail, replay)
    "bailleur": (1, 200, 200, 202),
    "lecteur": (1, 200, 200, 403),
    "autre_bailleur": (0, 404, 404, 404),
    "instructeur": (0, 404, 404, 404),  # subscription of the bailleur, not of the administration
    "superuser": (1, 200, 200, 202),
}


@pytest.mark.parametrize("persona", sorted(EXPECTED))
def test_matrix(world, persona):
    client = APIClient()
    client.force_authenticate(world["personas"][persona])
    count, abonnement, livraison, replay = EXPECTED[persona]
    a, l_ = world["abonnement"].uuid, world["livraison"].uuid
    assert client.get("/api/v1/webhooks/abonnements/").json()["count"] == count
    assert client.get("/api/v1/webhooks/livraisons/").json()["count"] == count
    assert client.get(f"/api/v1/webhooks/abonnements/{a}/").status_code == abonnement
    assert client.get(f"/api/v1/webhooks/livraisons/{l_}/").status_code == livraison
    assert client.post(f"/api/v1/webhooks/livraisons/{l_}/rejouer/").status_code == replay


def test_anonymous(world):
    client = APIClient()
    for path in ("/api/v1/webhooks/abonnements/", "/api/v1/webhooks/livraisons/"):
        assert client.get(path).status_code == 401
    assert client.post(f"/api/v1/webhooks/livraisons/{world['livraison'].uuid}/rejouer/").status_code == 401


def test_secret_is_never_in_the_api(world):
    client = APIClient()
    client.force_authenticate(world["personas"]["bailleur"])
    assert world["abonnement"].secret not in client.get("/api/v1/webhooks/abonnements/").content.decode()
