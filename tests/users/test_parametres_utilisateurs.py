"""Users management in the settings pages: scope (404), rights (403), no self-escalation, welcome e-mail."""

import re

import pytest
from django.contrib.auth.models import Group
from django.core import mail

from tests.users.factories import (
    AdministrationFactory,
    BailleurFactory,
    RoleFactory,
    UserFactory,
    bailleur_user,
    instructeur_user,
)
from users import perms, services
from users.models import Role, User

pytestmark = pytest.mark.django_db


@pytest.fixture
def bailleur_a():
    return BailleurFactory(nom="Bailleur A")


@pytest.fixture
def bailleur_b():
    return BailleurFactory(nom="Bailleur B")


@pytest.fixture
def admin_a(bailleur_a):
    return bailleur_user(bailleur_a, username="admin-a", administrateur_de_compte=True)


@pytest.fixture
def collegue_a(bailleur_a):
    return bailleur_user(bailleur_a, username="collegue-a")


@pytest.fixture
def user_b(bailleur_b):
    return bailleur_user(bailleur_b, username="user-b")


def _login(client, user):
    client.force_login(user)
    return client


# --- Lists and scope ---------------------------------------------------------------------------------------


def test_admin_lists_the_users_of_his_organisation_only(client, admin_a, collegue_a, user_b):
    response = _login(client, admin_a).get("/parametres/utilisateurs/")
    assert response.status_code == 200
    usernames = {u.username for u in response.context["page_obj"].object_list}
    assert usernames == {"admin-a", "collegue-a"}
    assert "Ajouter un utilisateur" in response.content.decode()


def test_user_list_search_sort_and_pagination(client, admin_a, bailleur_a):
    for index in range(22):
        bailleur_user(bailleur_a, username=f"agent{index:02d}", last_name=f"Nom{index:02d}")
    client = _login(client, admin_a)
    response = client.get("/parametres/utilisateurs/")
    page = response.context["page_obj"]
    assert page.paginator.count == 23 and len(page.object_list) == 20
    response = client.get("/parametres/utilisateurs/", {"q": "agent0"})
    assert response.context["page_obj"].paginator.count == 10
    response = client.get("/parametres/utilisateurs/", {"tri": "-identifiant"})
    assert response.context["page_obj"].object_list[0].username == "agent21"
    response = client.get("/parametres/utilisateurs/", {"tri": "n'importe quoi", "page": "999"})
    assert response.status_code == 200


def test_user_list_query_count(client, admin_a, bailleur_a, django_assert_num_queries):
    for index in range(5):
        bailleur_user(bailleur_a, username=f"agent{index}")
    client = _login(client, admin_a)
    client.get("/parametres/utilisateurs/")  # warm-up (session)
    # session, user, viewer's roles, count, page, roles of the page (prefetch); the permissions of the viewer's
    # role groups come from the cache after the first visit — no session write on a read-only view; independent
    # of the number of users listed.
    with django_assert_num_queries(6):
        client.get("/parametres/utilisateurs/")
    for index in range(5, 15):
        bailleur_user(bailleur_a, username=f"agent{index}")
    with django_assert_num_queries(6):
        client.get("/parametres/utilisateurs/")


def test_admin_of_a_cannot_see_or_change_a_user_of_b(client, admin_a, user_b, bailleur_a):
    client = _login(client, admin_a)
    assert client.get(f"/parametres/utilisateurs/{user_b.username}/").status_code == 404
    assert client.post(f"/parametres/utilisateurs/{user_b.username}/", {"email": "x@example.org"}).status_code == 404
    role_b = user_b.roles.get()
    urls = [
        f"/parametres/utilisateurs/{user_b.username}/roles/{role_b.pk}/retirer/",
        f"/parametres/utilisateurs/{user_b.username}/administrateur/",
        f"/parametres/utilisateurs/{user_b.username}/activation/",
        f"/parametres/utilisateurs/{user_b.username}/roles/",
        f"/parametres/utilisateurs/{user_b.username}/bienvenue/",
    ]
    for url in urls:
        assert client.post(url, {"administrateur_de_compte": "1", "actif": "0"}).status_code == 404, url
    user_b.refresh_from_db()
    assert user_b.is_active and not user_b.administrateur_de_compte
    assert Role.objects.filter(pk=role_b.pk).exists()


def test_admin_cannot_remove_the_role_of_a_shared_user_on_the_other_organisation(admin_a, bailleur_a, bailleur_b):
    shared = bailleur_user(bailleur_a, username="partage")
    role_b = RoleFactory(user=shared, bailleur=bailleur_b)
    with pytest.raises(services.PermissionDenied):
        services.role_remove(by=admin_a, role=role_b)
    # …nor manage the whole account (it reaches B too): identity, admin right, deactivation.
    assert perms.can_administer(admin_a, shared)
    assert not perms.can_manage_account(admin_a, shared)
    with pytest.raises(services.PermissionDenied):
        services.set_account_administrator(by=admin_a, user=shared, value=True)
    with pytest.raises(services.PermissionDenied):
        services.user_deactivate(by=admin_a, user=shared)
    with pytest.raises(services.PermissionDenied):
        services.user_update(by=admin_a, user=shared, email="pirate@example.org")


def test_a_non_administrator_sees_colleagues_but_cannot_add_or_change(client, collegue_a, admin_a, bailleur_a):
    client = _login(client, collegue_a)
    response = client.get("/parametres/utilisateurs/")
    assert response.status_code == 200
    assert "Ajouter un utilisateur" not in response.content.decode()
    assert client.get("/parametres/utilisateurs/nouveau/").status_code == 403
    response = client.post(
        "/parametres/utilisateurs/nouveau/",
        {"username": "intrus", "first_name": "I", "last_name": "N", "email": "i@example.org"},
    )
    assert response.status_code == 403
    assert not User.objects.filter(username="intrus").exists()
    assert client.post(f"/parametres/utilisateurs/{admin_a.username}/activation/", {"actif": "0"}).status_code == 403
    admin_a.refresh_from_db()
    assert admin_a.is_active


def test_nobody_escalates_their_own_rights(client, collegue_a, admin_a, bailleur_b):
    # A plain user cannot make themselves account administrator.
    client = _login(client, collegue_a)
    response = client.post(
        f"/parametres/utilisateurs/{collegue_a.username}/administrateur/", {"administrateur_de_compte": "1"}
    )
    assert response.status_code == 403
    # The profile form ignores rights fields.
    client.post(
        "/parametres/profil/",
        {
            "first_name": "C",
            "last_name": "A",
            "email": collegue_a.email,
            "preferences_email": "TOUS",
            "administrateur_de_compte": "on",
            "is_superuser": "on",
            "is_staff": "on",
        },
    )
    collegue_a.refresh_from_db()
    assert not collegue_a.administrateur_de_compte and not collegue_a.is_superuser and not collegue_a.is_staff
    # An account administrator cannot give themselves a role on another organisation, nor manage themselves.
    with pytest.raises(services.PermissionDenied):
        services.role_add(by=admin_a, user=admin_a, organisation=bailleur_b)
    with pytest.raises(services.PermissionDenied):
        services.set_account_administrator(by=admin_a, user=admin_a, value=False)
    client = _login(client, admin_a)
    response = client.post(
        f"/parametres/utilisateurs/{admin_a.username}/roles/", {"organisation": f"bailleur:{bailleur_b.uuid}"}
    )
    assert response.status_code == 403
    assert not admin_a.roles.filter(bailleur=bailleur_b).exists()


def test_an_account_admin_never_administers_a_superuser(admin_a, bailleur_a):
    superuser = bailleur_user(bailleur_a, username="root", is_superuser=True)
    assert not perms.can_administer(admin_a, superuser)
    with pytest.raises(services.PermissionDenied):
        services.user_deactivate(by=admin_a, user=superuser)


def test_read_only_admin_has_no_action_on_his_read_only_organisation(bailleur_a, bailleur_b):
    """Issue 11: a read-only role gives no action at all on its organisation, account administrator or not
    (it used to allow handing out read-only roles)."""
    readonly = Group.objects.get(name="readonly_bailleur")
    admin = RoleFactory(bailleur=bailleur_a, group=readonly, user=UserFactory(administrateur_de_compte=True)).user
    target = bailleur_user(bailleur_b)
    RoleFactory(user=target, bailleur=BailleurFactory())
    colleague = bailleur_user(bailleur_a)
    assert perms.grantable_groups(admin, bailleur_a) == []
    assert not perms.is_account_admin(admin) and not perms.can_add_user(admin)
    for group_name in ("bailleur", "readonly_bailleur"):
        with pytest.raises(services.PermissionDenied):
            services.user_create(
                created_by=admin, organisation=bailleur_a, username="x", email="x@example.org", group_name=group_name
            )
    assert not perms.can_administer(admin, colleague)
    assert not perms.can_add_role(admin, target, bailleur_a)
    assert colleague.roles.count() == 1
    assert not User.objects.filter(username="x").exists()


# --- Adding a user, roles, administrator right ---------------------------------------------------------------


def test_admin_adds_a_user_who_receives_a_set_password_link(
    client, admin_a, bailleur_a, django_capture_on_commit_callbacks
):
    client = _login(client, admin_a)
    response = client.get("/parametres/utilisateurs/nouveau/")
    assert response.status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/parametres/utilisateurs/nouveau/",
            {
                "username": "nouvelle.recrue",
                "first_name": "Nora",
                "last_name": "Recrue",
                "email": "Nora.Recrue@example.org",
                "organisation": f"bailleur:{bailleur_a.uuid}",
            },
        )
    assert response.status_code == 302
    user = User.objects.get(username="nouvelle.recrue")
    assert not user.has_usable_password()
    role = user.roles.get()
    assert role.bailleur == bailleur_a and role.group.name == "bailleur"
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["Nora.Recrue@example.org"]
    body = message.body
    assert "mot de passe" in body.lower()
    assert "motdepasse" not in body  # no password ever
    link = re.search(r"https?://\S+/comptes/mot-de-passe/nouveau/\S+/\S+/", body).group(0)
    path = link.split("://", 1)[1].split("/", 1)[1]
    client.logout()
    response = client.get("/" + path, follow=True)
    assert response.status_code == 200
    set_url = response.redirect_chain[-1][0]
    response = client.post(
        set_url, {"new_password1": "Un-mot-de-passe-solide-42", "new_password2": "Un-mot-de-passe-solide-42"}
    )
    assert response.status_code == 302
    assert client.login(username="nouvelle.recrue", password="Un-mot-de-passe-solide-42")


def test_create_user_refuses_duplicates_with_french_messages(client, admin_a, collegue_a, bailleur_a):
    client = _login(client, admin_a)
    response = client.post(
        "/parametres/utilisateurs/nouveau/",
        {
            "username": "COLLEGUE-A",
            "first_name": "X",
            "last_name": "Y",
            "email": collegue_a.email.upper(),
            "organisation": f"bailleur:{bailleur_a.uuid}",
        },
    )
    assert response.status_code == 400
    content = response.content.decode()
    assert "Cet identifiant est déjà utilisé" in content
    assert "Un compte utilise déjà cette adresse e-mail" in content


def test_create_user_on_an_organisation_out_of_scope_is_refused(client, admin_a, bailleur_b):
    client = _login(client, admin_a)
    response = client.post(
        "/parametres/utilisateurs/nouveau/",
        {
            "username": "pirate",
            "first_name": "P",
            "last_name": "R",
            "email": "p@example.org",
            "organisation": f"bailleur:{bailleur_b.uuid}",
        },
    )
    assert response.status_code == 400
    assert not User.objects.filter(username="pirate").exists()
    with pytest.raises(services.PermissionDenied):
        services.user_create(created_by=admin_a, organisation=bailleur_b, username="pirate", email="p@example.org")


def test_admin_adds_and_removes_a_role_grants_admin_and_deactivates(client, admin_a, collegue_a, bailleur_a):
    administration = AdministrationFactory()
    RoleFactory(user=admin_a, instructeur=True, administration=administration)
    client = _login(client, admin_a)
    response = client.post(
        f"/parametres/utilisateurs/{collegue_a.username}/roles/",
        {"organisation": f"administration:{administration.uuid}", "lecture_seule": "on"},
    )
    assert response.status_code == 302
    role = collegue_a.roles.get(administration=administration)
    assert role.typologie == "INSTRUCTEUR" and role.group.name == "readonly_instructeur"
    # Account administrator right: granted, then withdrawn.
    client.post(f"/parametres/utilisateurs/{collegue_a.username}/administrateur/", {"administrateur_de_compte": "1"})
    collegue_a.refresh_from_db()
    assert collegue_a.administrateur_de_compte
    client.post(f"/parametres/utilisateurs/{collegue_a.username}/administrateur/", {"administrateur_de_compte": "0"})
    collegue_a.refresh_from_db()
    assert not collegue_a.administrateur_de_compte
    # Role removed.
    response = client.post(f"/parametres/utilisateurs/{collegue_a.username}/roles/{role.pk}/retirer/")
    assert response.status_code == 302
    assert not Role.objects.filter(pk=role.pk).exists()
    # Deactivation keeps the row and its roles; reactivation.
    client.post(f"/parametres/utilisateurs/{collegue_a.username}/activation/", {"actif": "0"})
    collegue_a.refresh_from_db()
    assert not collegue_a.is_active and collegue_a.roles.filter(bailleur=bailleur_a).exists()
    assert client.get(f"/parametres/utilisateurs/{collegue_a.username}/").status_code == 200
    client.post(f"/parametres/utilisateurs/{collegue_a.username}/activation/", {"actif": "1"})
    collegue_a.refresh_from_db()
    assert collegue_a.is_active


def test_deactivated_user_keeps_history(admin_a, bailleur_a):
    from tests.conventions.factories import ConventionFactory, ConventionHistoryFactory
    from tests.programmes.factories import LotFactory, ProgrammeFactory

    target = bailleur_user(bailleur_a)
    lot = LotFactory(programme=ProgrammeFactory(bailleur=bailleur_a))
    history = ConventionHistoryFactory(convention=ConventionFactory(lot=lot, programme=lot.programme), user=target)
    services.user_deactivate(by=admin_a, user=target)
    history.refresh_from_db()
    assert history.user == target


def test_admin_edits_identity_of_a_user_with_unique_email(client, admin_a, collegue_a, bailleur_a):
    other = bailleur_user(bailleur_a, email="pris@example.org")
    client = _login(client, admin_a)
    data = {"first_name": "Camille", "last_name": "Durand", "email": "PRIS@example.org", "preferences_email": "TOUS"}
    response = client.post(f"/parametres/utilisateurs/{collegue_a.username}/", data)
    assert response.status_code == 200
    assert "Un autre compte utilise déjà cette adresse e-mail" in response.content.decode()
    collegue_a.refresh_from_db()
    assert collegue_a.email != other.email
    data["email"] = "camille.durand@example.org"
    response = client.post(f"/parametres/utilisateurs/{collegue_a.username}/", data)
    assert response.status_code == 302
    collegue_a.refresh_from_db()
    assert (collegue_a.first_name, collegue_a.email) == ("Camille", "camille.durand@example.org")


def test_superuser_manages_everyone(client, user_b, bailleur_b):
    root = UserFactory(is_superuser=True, is_staff=True)
    client = _login(client, root)
    assert client.get(f"/parametres/utilisateurs/{user_b.username}/").status_code == 200
    assert perms.can_manage_account(root, user_b)
    user = services.user_create(created_by=root, organisation=bailleur_b, username="par-root", email="r@example.org")
    assert user.roles.get().bailleur == bailleur_b


def test_instructeur_admin_manages_users_of_the_administration(client):
    administration = AdministrationFactory()
    admin = instructeur_user(administration, administrateur_de_compte=True)
    colleague = instructeur_user(administration)
    stranger = instructeur_user()
    client = _login(client, admin)
    assert client.get(f"/parametres/utilisateurs/{colleague.username}/").status_code == 200
    assert client.get(f"/parametres/utilisateurs/{stranger.username}/").status_code == 404


def test_parametres_index_redirects(client, admin_a, collegue_a):
    assert _login(client, admin_a).get("/parametres/").url == "/parametres/utilisateurs/"
    assert _login(client, collegue_a).get("/parametres/").url == "/parametres/profil/"


def test_anonymous_is_sent_to_login(client):
    response = client.get("/parametres/utilisateurs/")
    assert response.status_code == 302 and "/comptes/connexion/" in response.url
