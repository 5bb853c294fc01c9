"""Query counts pinned on the settings pages not covered elsewhere (the users list pins its own): the index, the
profile, a user's page, the bailleur and administration lists and pages, shown and saved. Each page is measured
with a small and a large organisation (more users, more roles, more rows): the count is the same number for both,
so a query per row, or one more query per page, fails here. Counted after a first visit (session loaded)."""

import pytest

from tests.users.factories import AdministrationFactory, BailleurFactory, RoleFactory, bailleur_user, instructeur_user
from tests.users.test_parametres_organisations import _administration_data, _bailleur_data
from tests.users.test_parametres_profil import _data as _profile_data

pytestmark = pytest.mark.django_db

SIZES = (2, 12)


def _pinned(client, django_assert_num_queries, expected, path, data=None, status=200):
    client.get(path)  # warm-up
    with django_assert_num_queries(expected):
        response = client.post(path, data) if data is not None else client.get(path)
    assert response.status_code == status
    return response


def _grow_bailleur(bailleur, size):
    """`size` users of the bailleur, each also holding a role elsewhere."""
    while bailleur.roles.count() < size:
        RoleFactory(user=bailleur_user(bailleur))


def _grow_administration(administration, size):
    while administration.roles.count() < size:
        RoleFactory(user=instructeur_user(administration))


# --- Index and profile -------------------------------------------------------------------------------------

INDEX = 2  # a redirection to the first settings page
PROFILE_GET = 7
PROFILE_POST = 12


def test_index_and_profile_queries(client, django_assert_num_queries):
    for size in SIZES:
        user = bailleur_user()
        for _ in range(size - 1):
            RoleFactory(user=user)  # one role per bailleur
        client.force_login(user)
        _pinned(client, django_assert_num_queries, INDEX, "/parametres/", status=302)
        _pinned(client, django_assert_num_queries, PROFILE_GET, "/parametres/profil/")
        _pinned(client, django_assert_num_queries, PROFILE_POST, "/parametres/profil/", _profile_data(user), status=302)


# --- A user's page -----------------------------------------------------------------------------------------

USER_GET = 8  # the permissions of the role groups come from the cache (users.models.permissions_of_groups)
USER_POST = 13


def test_user_page_queries(client, django_assert_num_queries):
    for size in SIZES:
        bailleurs = [BailleurFactory() for _ in range(size)]
        admin = bailleur_user(bailleurs[0], administrateur_de_compte=True)
        target = bailleur_user(bailleurs[0])
        for bailleur in bailleurs[1:]:
            RoleFactory(user=admin, bailleur=bailleur)
            RoleFactory(user=target, bailleur=bailleur)
        client.force_login(admin)
        path = f"/parametres/utilisateurs/{target.username}/"
        response = _pinned(client, django_assert_num_queries, USER_GET, path)
        assert len(response.context["roles"]) == size
        data = _profile_data(target, first_name="Camille", last_name="Durand")
        _pinned(client, django_assert_num_queries, USER_POST, path, data, status=302)


# --- Bailleurs and administrations -------------------------------------------------------------------------

BAILLEUR_LIST = 5
BAILLEUR_GET = 7
BAILLEUR_POST = 17  # + the audit-trail record of the bailleur (django-simple-history, issue 19)
ADMINISTRATION_LIST = 5
ADMINISTRATION_GET = 7
ADMINISTRATION_POST = 10


def test_bailleur_pages_queries(client, django_assert_num_queries):
    bailleur = BailleurFactory()
    user = bailleur_user(bailleur)
    client.force_login(user)
    for size in SIZES:
        _grow_bailleur(bailleur, size)
        for _ in range(size - user.roles.count()):
            RoleFactory(user=user)  # more bailleurs in the list
        _pinned(client, django_assert_num_queries, BAILLEUR_LIST, "/parametres/bailleurs/")
        path = f"/parametres/bailleurs/{bailleur.uuid}/"
        _pinned(client, django_assert_num_queries, BAILLEUR_GET, path)
        _pinned(client, django_assert_num_queries, BAILLEUR_POST, path, _bailleur_data(bailleur), status=302)


def test_administration_pages_queries(client, django_assert_num_queries):
    administration = AdministrationFactory()
    user = instructeur_user(administration)
    client.force_login(user)
    for size in SIZES:
        _grow_administration(administration, size)
        for _ in range(size - user.roles.count()):
            RoleFactory(user=user, instructeur=True)
        _pinned(client, django_assert_num_queries, ADMINISTRATION_LIST, "/parametres/administrations/")
        path = f"/parametres/administrations/{administration.uuid}/"
        _pinned(client, django_assert_num_queries, ADMINISTRATION_GET, path)
        data = _administration_data(administration)
        _pinned(client, django_assert_num_queries, ADMINISTRATION_POST, path, data, status=302)
