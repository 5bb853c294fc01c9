"""Settings actions × mixed-role account administrators (issue 11): no action at all on an organisation where the
administrator is read-only or absent, while the full role on another organisation keeps working.

Every settings route taking a user or an organisation is listed in ACTIONS; the URLconf check below fails when
a new one appears without being added here."""

import pytest
from django.core import mail
from django.urls import URLPattern

from api import urls_profil
from tests.users.factories import AdministrationFactory, BailleurFactory, multi_role_user
from users import urls_parametres
from users.forms import org_key
from users.models import Administration, Bailleur, Role, User

pytestmark = pytest.mark.django_db

IDENTITY = {"first_name": "Modifié", "last_name": "Durand", "email": "modifie@example.org", "preferences_email": "TOUS"}


def _create_data(organisation, username):
    return {
        "username": username,
        "first_name": "Nora",
        "last_name": "Recrue",
        "email": f"{username}@example.org",
        "organisation": org_key(organisation),
    }


def _world(flavour: str) -> dict:
    """`here`: where the administrator is read-only (or absent); `there`: where they hold the full role."""
    if flavour == "bailleur":
        here, there = BailleurFactory(), BailleurFactory()
        admin = multi_role_user((here, "readonly_bailleur"), (there, "bailleur"), administrateur_de_compte=True)
    elif flavour == "instructeur":
        here, there = AdministrationFactory(), AdministrationFactory()
        admin = multi_role_user((here, "readonly_instructeur"), (there, "instructeur"), administrateur_de_compte=True)
    else:  # bailleur on A, instructeur elsewhere; absent from `here`
        here, there, elsewhere = AdministrationFactory(), BailleurFactory(), AdministrationFactory()
        admin = multi_role_user((there, "bailleur"), (elsewhere, "instructeur"), administrateur_de_compte=True)
    group = {Bailleur: ("readonly_bailleur", "bailleur"), Administration: ("readonly_instructeur", "instructeur")}
    here_user = multi_role_user((here, group[type(here)][1]))
    there_user = multi_role_user((there, group[type(there)][1]))
    shared = multi_role_user((here, group[type(here)][1]), (there, group[type(there)][1]))
    return {
        "admin": admin,
        "here": here,
        "there": there,
        "here_user": here_user,
        "there_user": there_user,
        "shared": shared,
    }


def _role_on(user, organisation) -> Role:
    field = "bailleur" if isinstance(organisation, Bailleur) else "administration"
    return user.roles.get(**{field: organisation})


# name → (url, data) for a target user and an organisation.
ACTIONS = {
    "parametres_utilisateur_nouveau": lambda w, target, org: (
        "/parametres/utilisateurs/nouveau/",
        _create_data(org, "recrue"),
    ),
    "parametres_utilisateur": lambda w, target, org: (f"/parametres/utilisateurs/{target.username}/", IDENTITY),
    "parametres_utilisateur_role_ajouter": lambda w, target, org: (
        f"/parametres/utilisateurs/{target.username}/roles/",
        {"organisation": org_key(org), "lecture_seule": "on"},
    ),
    "parametres_utilisateur_role_retirer": lambda w, target, org: (
        f"/parametres/utilisateurs/{target.username}/roles/{_role_on(target, org).pk}/retirer/",
        {},
    ),
    "parametres_utilisateur_administrateur": lambda w, target, org: (
        f"/parametres/utilisateurs/{target.username}/administrateur/",
        {"administrateur_de_compte": "1"},
    ),
    "parametres_utilisateur_activation": lambda w, target, org: (
        f"/parametres/utilisateurs/{target.username}/activation/",
        {"actif": "0"},
    ),
    "parametres_utilisateur_bienvenue": lambda w, target, org: (
        f"/parametres/utilisateurs/{target.username}/bienvenue/",
        {},
    ),
    "parametres_bailleur": lambda w, target, org: (f"/parametres/bailleurs/{org.uuid}/", {"nom": "Piraté"}),
    "parametres_administration": lambda w, target, org: (
        f"/parametres/administrations/{org.uuid}/",
        {"nom": "Piraté"},
    ),
}
# Routes without a user or an organisation of someone else (one's own profile and keys, lists).
NOT_TARGETED = {
    "parametres",
    "profil",
    "profil_mot_de_passe",
    "profil_cle_api_creer",
    "profil_cle_api_revoquer",
    "parametres_utilisateurs",
    "parametres_bailleurs",
    "parametres_administrations",
}


def test_every_settings_route_is_in_this_matrix():
    # The settings pages: users' own routes and the API-key routes the api app mounts under /parametres/.
    patterns = [*urls_parametres.urlpatterns, *urls_profil.urlpatterns]
    names = {p.name for p in patterns if isinstance(p, URLPattern)}
    assert names == set(ACTIONS) | NOT_TARGETED


def _state() -> tuple:
    users = sorted(User.objects.values_list("username", "email", "first_name", "is_active", "administrateur_de_compte"))
    roles = sorted(Role.objects.values_list("user_id", "bailleur_id", "administration_id", "group_id"), key=repr)
    orgs = sorted(Bailleur.objects.values_list("pk", "nom")) + sorted(Administration.objects.values_list("pk", "nom"))
    return users, roles, orgs, len(mail.outbox)


def _cases():
    for flavour in ("bailleur", "instructeur", "absent"):
        for name in ACTIONS:
            yield pytest.param(flavour, name, id=f"{flavour}-{name}")


def _applies(name, org) -> bool:
    kind = "parametres_bailleur" if isinstance(org, Bailleur) else "parametres_administration"
    return name not in {"parametres_bailleur", "parametres_administration"} or name == kind


@pytest.mark.parametrize(("flavour", "name"), list(_cases()))
def test_no_settings_action_where_read_only_or_absent(client, flavour, name, django_capture_on_commit_callbacks):
    w = _world(flavour)
    client.force_login(w["admin"])
    here = w["here"]
    if not _applies(name, here):
        pytest.skip("organisation page of the other kind")
    # Targets: a user of `here` only, and a user of both (each action on their `here` side).
    attempts = [(w["here_user"], here), (w["shared"], here)]
    if name == "parametres_utilisateur_role_ajouter":
        attempts.append((w["there_user"], here))  # giving a role on `here` to someone of `there`
    for target, org in attempts:
        url, data = ACTIONS[name](w, target, org)
        before = _state()
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(url, data)
        assert _state() == before, f"{flavour}: POST {url} changed something"
        # 400: the organisation is not among the choices offered (a hand-made POST).
        assert response.status_code in {200, 400, 403, 404}, f"{flavour}: POST {url} → {response.status_code}"


def _page_data(client, url) -> dict:
    """What a browser posts for the organisation page as displayed (disabled fields are not sent)."""
    form = client.get(url).context["form"]
    return {
        name: ("" if form[name].value() is None else form[name].value())
        for name, field in form.fields.items()
        if not field.disabled
    }


@pytest.mark.parametrize(("flavour", "name"), list(_cases()))
def test_the_full_role_elsewhere_still_acts(client, flavour, name, django_capture_on_commit_callbacks):
    w = _world(flavour)
    there = w["there"]
    if not _applies(name, there):
        pytest.skip("organisation page of the other kind")
    target = w["there_user"]
    if name == "parametres_utilisateur_role_ajouter":
        # A colleague met on a second organisation the administrator fully holds, given a role on `there`.
        second = BailleurFactory() if isinstance(there, Bailleur) else AdministrationFactory()
        group = "bailleur" if isinstance(there, Bailleur) else "instructeur"
        Role.objects.create(
            user=w["admin"],
            typologie=group.upper(),
            group=_role_on(target, there).group,
            **({"bailleur": second} if isinstance(second, Bailleur) else {"administration": second}),
        )
        target = multi_role_user((second, group))
    client.force_login(w["admin"])
    url, data = ACTIONS[name](w, target, there)
    if name in ("parametres_bailleur", "parametres_administration"):
        data = _page_data(client, url) | {"nom": "Nouveau nom"}
    before = _state()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, data)
    assert response.status_code == 302, f"{flavour}: POST {url} → {response.status_code}"
    assert _state() != before, f"{flavour}: POST {url} changed nothing"
