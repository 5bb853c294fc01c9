"""Every convention URL that names a convention × every persona, in GET and POST.

Built from conventions.urls: a new route taking a uuid is covered automatically (a new URL parameter must be
given a value in _param_values, or the test fails saying so)."""

import pytest
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.urls import URLPattern, URLResolver, reverse

from conventions import urls as convention_urls
from conventions.models import UploadedFile
from conventions.views.helpers import STEPS
from tests.conventions.factories import CommentFactory, ConventionFactory
from tests.users.factories import UserFactory, bailleur_user, instructeur_user

pytestmark = pytest.mark.django_db

IN_SCOPE = {"bailleur", "instructeur", "superuser"}
OUT_OF_SCOPE = {"other_bailleur", "other_instructeur"}
# Routes whose resource may legitimately not exist yet for this convention (404 even in scope).
MAY_NOT_EXIST = {"document_final"}  # the final document exists only once the convention is validated


def _patterns():
    for pattern in convention_urls.urlpatterns:
        assert not isinstance(pattern, URLResolver), "add nested includes to the matrix"
        if isinstance(pattern, URLPattern) and "uuid" in pattern.pattern.converters:
            yield pattern


def _cases():
    for pattern in _patterns():
        names = list(pattern.pattern.converters)
        # A step route is tried with every step slug.
        variants = [{"etape": slug} for slug, _ in STEPS if slug != "recapitulatif"] if "etape" in names else [{}]
        for variant in variants:
            for method in ("get", "post"):
                label = "-".join([pattern.name, *variant.values(), method])
                yield pytest.param(pattern.name, variant, method, id=label)


@pytest.fixture
def world(db):
    call_command("seed_roles", verbosity=0)
    convention = ConventionFactory(instruction=True)
    comment = CommentFactory(convention=convention)
    fichier = UploadedFile(
        convention=convention, champ="programme.vendeur", nom="acte.pdf", content_type="application/pdf"
    )
    fichier.fichier.save("acte.pdf", ContentFile(b"%PDF-1.4 acte"), save=True)
    programme = convention.programme
    users = {
        "anonymous": None,
        "bailleur": bailleur_user(bailleur=programme.bailleur),
        "other_bailleur": bailleur_user(),
        "instructeur": instructeur_user(administration=programme.administration),
        "other_instructeur": instructeur_user(),
        "superuser": UserFactory(is_superuser=True, is_staff=True),
    }
    return {"convention": convention, "comment": comment, "fichier": fichier, "users": users}


def _param_values(world):
    from conventions.excel.tables import TABLES

    return {
        "uuid": world["convention"].uuid,
        "name": "soumettre",
        "comment_uuid": world["comment"].uuid,
        "operation": "resoudre",
        "file_uuid": world["fichier"].uuid,
        "table": next(iter(TABLES)),
    }


def test_every_uuid_route_is_in_the_matrix():
    names = {p.name for p in _patterns()}
    assert {"recap", "action", "comment_create", "comment_update", "file_download", "type1and2"} <= names


def _check(client, world, url, url_name, method, persona) -> str:
    """ "" when the answer fits the persona, else what went wrong."""
    client.logout()
    user = world["users"][persona]
    if user is not None:
        client.force_login(user)
    response = getattr(client, method)(url)
    status = response.status_code
    where = f"{persona} {method.upper()} {url} → {status}"
    if status == 500:
        return where
    if persona == "anonymous":
        ok = status == 302 and "/comptes/connexion/" in response["Location"]
    elif status == 405:
        ok = True  # this method is not served by the route, for anyone (reveals nothing)
    elif persona in OUT_OF_SCOPE:
        ok = status == 404
    else:
        ok = status in {200, 302, 403} | ({404} if url_name in MAY_NOT_EXIST else set())
    return "" if ok else where


@pytest.mark.parametrize(("url_name", "variant", "method"), list(_cases()))
def test_permission_matrix(client, world, url_name, variant, method):
    pattern = next(p for p in _patterns() if p.name == url_name)
    values = _param_values(world) | variant
    missing = set(pattern.pattern.converters) - set(values)
    assert not missing, f"give a value for {missing} in _param_values of this test"
    url = reverse(f"conventions:{url_name}", kwargs={k: values[k] for k in pattern.pattern.converters})
    # Those out of scope first: a POST of someone in scope may change the convention (that is allowed).
    order = ["anonymous", *sorted(OUT_OF_SCOPE), *sorted(IN_SCOPE)]
    failures = [failure for persona in order if (failure := _check(client, world, url, url_name, method, persona))]
    assert not failures, "\n".join(failures)


@pytest.mark.parametrize("persona", sorted(IN_SCOPE))
def test_those_in_scope_read_the_recap_and_steps(client, world, persona):
    client.force_login(world["users"][persona])
    convention = world["convention"]
    assert client.get(reverse("conventions:recap", args=[convention.uuid])).status_code == 200
    for slug, _ in STEPS[:-1]:
        response = client.get(reverse("conventions:etape", args=[convention.uuid, slug]))
        assert response.status_code == 200, slug
    response = client.get(reverse("conventions:file_download", args=[convention.uuid, world["fichier"].uuid]))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")


def _global_patterns():
    for pattern in convention_urls.urlpatterns:
        if isinstance(pattern, URLPattern) and "uuid" not in pattern.pattern.converters:
            yield pattern


@pytest.mark.parametrize("method", ["get", "post"])
@pytest.mark.parametrize("url_name", [p.name for p in _global_patterns()])
def test_routes_without_convention_need_login_and_never_fail(client, world, url_name, method):
    pattern = next(p for p in _global_patterns() if p.name == url_name)
    values = _param_values(world)
    missing = set(pattern.pattern.converters) - set(values)
    assert not missing, f"give a value for {missing} in _param_values of this test"
    url = reverse(f"conventions:{url_name}", kwargs={k: values[k] for k in pattern.pattern.converters})
    response = getattr(client, method)(url)
    assert response.status_code == 302 and "/comptes/connexion/" in response["Location"]
    for persona in ["other_bailleur", "other_instructeur", "bailleur", "instructeur", "superuser"]:
        client.force_login(world["users"][persona])
        status = getattr(client, method)(url).status_code
        assert status in (200, 302, 403, 405), f"{persona} {method.upper()} {url} → {status}"
