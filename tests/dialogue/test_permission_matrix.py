"""Every route of the dialogue app × the personas of the conventions matrix: anonymous → login, out of scope →
404, read-only → nothing changes, in scope → 200/302/403, never a 500."""

import pytest
from django.core.files.base import ContentFile
from django.urls import URLPattern, reverse

from dialogue import urls as dialogue_urls
from dialogue.models import Message, Notification, PieceJointe
from tests.conventions.test_permission_matrix import IN_SCOPE, OUT_OF_SCOPE, READ_ONLY, _check, world  # noqa: F401

pytestmark = pytest.mark.django_db

CONVENTION_ROUTES = {"modifications", "conversation", "piece_jointe", "commentaire"}
PERSONAL_ROUTES = {"notifications", "notifications_tout_lu", "notification_ouvrir"}


def _patterns():
    return [p for p in dialogue_urls.urlpatterns if isinstance(p, URLPattern)]


def test_every_route_is_in_this_matrix():
    assert {p.name for p in _patterns()} == CONVENTION_ROUTES | PERSONAL_ROUTES


def _values(world):  # noqa: F811
    convention = world["convention"]
    message = Message.objects.create(convention=convention, auteur=world["users"]["bailleur"], texte="Bonjour")
    piece = PieceJointe(message=message, nom="plan.pdf", content_type="application/pdf")
    piece.fichier.save("plan.pdf", ContentFile(b"%PDF-1.4 plan"), save=True)
    return {"uuid": convention.uuid, "piece_uuid": piece.uuid, "comment_uuid": world["comment"].uuid}


@pytest.mark.parametrize("method", ["get", "post"])
@pytest.mark.parametrize("url_name", sorted(CONVENTION_ROUTES))
def test_convention_routes(client, world, url_name, method):  # noqa: F811
    pattern = next(p for p in _patterns() if p.name == url_name)
    values = _values(world)
    url = reverse(f"dialogue:{url_name}", kwargs={k: values[k] for k in pattern.pattern.converters})
    order = ["anonymous", *sorted(OUT_OF_SCOPE), *sorted(READ_ONLY), *sorted(IN_SCOPE)]
    failures = [f for persona in order if (f := _check(client, world, url, url_name, method, persona))]
    assert not failures, "\n".join(failures)


@pytest.mark.parametrize("method", ["get", "post"])
@pytest.mark.parametrize("url_name", sorted(PERSONAL_ROUTES))
def test_personal_routes_are_the_users_own(client, world, url_name, method):  # noqa: F811
    owner, other = world["users"]["bailleur"], world["users"]["other_bailleur"]
    notification = Notification.objects.create(destinataire=owner, texte="Nouveau message", lien="/")
    kwargs = {"notification_uuid": notification.uuid} if url_name == "notification_ouvrir" else {}
    url = reverse(f"dialogue:{url_name}", kwargs=kwargs)
    response = getattr(client, method)(url)
    assert response.status_code == 302 and "/comptes/connexion/" in response["Location"]
    client.force_login(other)
    status = getattr(client, method)(url).status_code
    assert status in ({404, 405} if kwargs else {200, 302, 405}), status
    notification.refresh_from_db()
    assert notification.lue_le is None  # someone else's notification is never touched
    client.force_login(owner)
    assert getattr(client, method)(url).status_code in {200, 302, 405}
