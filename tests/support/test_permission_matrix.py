"""Every route added by the support, webhooks and loyers apps (read from their URLconfs) × persona × method.

A new route in one of these URLconfs is covered automatically; a new URL parameter must be given a value
in _values (the test says so)."""

import pytest
from django.contrib.auth.models import Permission
from django.urls import URLPattern, reverse
from hijack import urls as hijack_urls

from loyers import urls as loyers_urls
from support import urls as support_urls
from tests.conventions.factories import ConventionFactory
from tests.users.factories import UserFactory, bailleur_user, instructeur_user, national_user
from webhooks import urls as webhooks_urls
from webhooks.models import Abonnement, Livraison

pytestmark = pytest.mark.django_db

PERSONAS = ["anonymous", "bailleur", "other_bailleur", "instructeur", "staff_only", "staff", "agent", "superuser"]
NATIONAL = {"staff", "agent", "superuser"}
MAY_DISAPPEAR = {"supprimer"}
URLCONFS = {"support": support_urls, "webhooks": webhooks_urls, "loyers": loyers_urls, "hijack": hijack_urls}


@pytest.fixture
def world():
    convention = ConventionFactory(instruction=True)
    bailleur = convention.programme.bailleur
    abonnement = Abonnement.objects.create(
        nom="x", url="https://p.example/h", bailleur=bailleur, evenements=["document.pret"]
    )
    livraison = Livraison.objects.create(abonnement=abonnement, evenement="document.pret", charge={"id": "x"})
    agent = national_user()
    agent.user_permissions.add(Permission.objects.get(codename="impersonate_user"))
    users = {
        "anonymous": None,
        "bailleur": bailleur_user(bailleur=bailleur),
        "other_bailleur": bailleur_user(),
        "instructeur": instructeur_user(administration=convention.programme.administration),
        "staff": national_user(),  # the national team, without the impersonation permission
        "staff_only": UserFactory(is_staff=True),  # is_staff alone gives no business right
        "agent": agent,
        "superuser": UserFactory(is_staff=True, is_superuser=True),
    }
    return {"users": users, "abonnement": abonnement, "livraison": livraison}


def _values(world):
    import uuid

    return {"uuid": world["abonnement"].uuid, "livraison_uuid": world["livraison"].uuid, "task_id": uuid.uuid4()}


def _cases():
    for namespace, module in URLCONFS.items():
        for pattern in module.urlpatterns:
            assert isinstance(pattern, URLPattern), "add nested includes to this matrix"
            for method in ("get", "post"):
                yield pytest.param(namespace, pattern.name, method, id=f"{namespace}:{pattern.name}-{method}")


def _expected(namespace, name, persona, world):
    """The set of acceptable status codes."""
    if persona == "anonymous":
        return {"login"}
    # 405: this method is not served by the route, for anyone (reveals nothing).
    if namespace == "support":
        return {200, 302, 404, 405} if persona in NATIONAL else {403, 405}
    if namespace == "webhooks" and name != "liste":
        # scoped by organisation: the other bailleur and the instructeur of another organisation see nothing
        if persona in ("other_bailleur", "instructeur", "staff_only"):
            return {404, 405}
        # a subscription deleted by an earlier persona no longer exists
        return {200, 302, 403, 405} | ({404} if name in MAY_DISAPPEAR else set())
    if namespace == "hijack":
        return {400, 403, 302, 405}  # no user_pk (400), not allowed (403), release without impersonation (403)
    return {200, 302, 403, 405}


@pytest.mark.parametrize(("namespace", "name", "method"), list(_cases()))
def test_permission_matrix(client, world, namespace, name, method):
    module = URLCONFS[namespace]
    pattern = next(p for p in module.urlpatterns if p.name == name)
    values = _values(world)
    missing = set(pattern.pattern.converters) - set(values)
    assert not missing, f"give a value for {missing} in _values of this test"
    url = reverse(f"{namespace}:{name}", kwargs={k: values[k] for k in pattern.pattern.converters})
    failures = []
    for persona in PERSONAS:
        client.logout()
        user = world["users"][persona]
        if user is not None:
            client.force_login(user)
        response = getattr(client, method)(url)
        status = response.status_code
        expected = _expected(namespace, name, persona, world)
        if "login" in expected:
            ok = status == 302 and "/comptes/connexion/" in response["Location"]
        else:
            ok = status in expected
        if status == 500 or not ok:
            failures.append(f"{persona} {method.upper()} {url} → {status} (attendu {sorted(map(str, expected))})")
    assert not failures, "\n".join(failures)
