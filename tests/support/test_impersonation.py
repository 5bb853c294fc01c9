"""Impersonation (django-hijack): who may, the banner, the log with the client IP, the read-only admin."""

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from support.models import ImpersonationLog
from support.perms import can_impersonate
from tests.users.factories import UserFactory, bailleur_user, national_user

pytestmark = pytest.mark.django_db


def _with_permission(user):
    user.user_permissions.add(Permission.objects.get(codename="impersonate_user", content_type__app_label="support"))
    return UserFactory._meta.model.objects.get(pk=user.pk)  # fresh permission cache


def _support_agent(**kwargs):
    return _with_permission(national_user(**kwargs))


@pytest.fixture
def people():
    return {
        "agent": _support_agent(),
        "equipe_sans_droit": national_user(),
        "staff_seul": _with_permission(UserFactory(is_staff=True)),  # staff, not the national team
        "autre_agent": _support_agent(),
        "superuser": UserFactory(is_staff=True, is_superuser=True),
        "autre_superuser": UserFactory(is_staff=True, is_superuser=True),
        "bailleur": bailleur_user(),
        "inactif": bailleur_user(is_active=False),
    }


@pytest.mark.parametrize(
    ("hijacker", "hijacked", "allowed"),
    [
        ("agent", "bailleur", True),
        ("agent", "inactif", False),
        ("agent", "agent", False),
        ("agent", "autre_agent", False),  # never someone of the same rank
        ("agent", "equipe_sans_droit", False),
        ("agent", "staff_seul", False),  # staff ranks with the national team
        ("staff_seul", "bailleur", False),  # the permission alone is not enough
        ("agent", "superuser", False),  # superusers never impersonated by lesser staff
        ("equipe_sans_droit", "bailleur", False),  # national team without the support permission
        ("bailleur", "inactif", False),
        ("superuser", "bailleur", True),
        ("superuser", "agent", True),
        ("superuser", "autre_superuser", False),
    ],
)
def test_who_may_impersonate_whom(people, hijacker, hijacked, allowed):
    assert can_impersonate(people[hijacker], people[hijacked]) is allowed


def test_impersonation_logs_shows_the_banner_and_ends(people, client, settings):
    settings.TRUSTED_PROXY_HOPS = 1  # behind Scalingo's router: the address it appended is the client's
    agent, bailleur = people["agent"], people["bailleur"]
    client.force_login(agent)
    response = client.post(
        reverse("hijack:acquire"),
        {"user_pk": bailleur.pk},
        HTTP_X_FORWARDED_FOR="203.0.113.7",
        HTTP_USER_AGENT="Test/1.0",
    )
    assert response.status_code == 302
    log = ImpersonationLog.objects.get()
    assert (log.hijacker, log.hijacked, log.adresse_ip, log.user_agent) == (agent, bailleur, "203.0.113.7", "Test/1.0")
    assert log.fin is None

    page = client.get(reverse("conventions:list"))
    content = page.content.decode()
    assert page.context["user"] == bailleur
    assert "Vous voyez le site en tant que" in content and bailleur.username in content
    assert "Revenir à mon compte" in content
    assert "onclick" not in content  # the library's banner (inline script) is not used
    # Support tools are closed while impersonating, even for a staff agent.
    assert client.get(reverse("support:index")).status_code == 403

    released = client.post(reverse("hijack:release"))
    assert released.status_code == 302
    log.refresh_from_db()
    assert log.fin is not None
    assert "Vous voyez le site en tant que" not in client.get(reverse("support:index")).content.decode()


def test_forbidden_impersonation_is_refused_and_not_logged(people, client):
    client.force_login(people["agent"])
    response = client.post(reverse("hijack:acquire"), {"user_pk": people["superuser"].pk})
    assert response.status_code == 403
    assert not ImpersonationLog.objects.exists()
    client.force_login(people["bailleur"])
    assert client.post(reverse("hijack:acquire"), {"user_pk": people["inactif"].pk}).status_code == 403


def test_search_page_offers_the_button_only_where_allowed(people, client):
    client.force_login(people["agent"])
    response = client.get(reverse("support:utilisateurs"), {"q": "utilisateur"})
    assert response.status_code == 200
    rows = {r["user"].pk: r["can_impersonate"] for r in response.context["resultats"]}
    assert rows[people["bailleur"].pk] is True
    assert rows[people["superuser"].pk] is False


def test_log_is_read_only_in_the_admin(people, client):
    client.force_login(people["agent"])
    client.post(reverse("hijack:acquire"), {"user_pk": people["bailleur"].pk})
    log = ImpersonationLog.objects.get()
    client.force_login(people["superuser"])
    assert client.get(reverse("admin:support_impersonationlog_changelist")).status_code == 200
    detail = client.get(reverse("admin:support_impersonationlog_change", args=[log.pk]))
    assert detail.status_code == 200 and 'name="_save"' not in detail.content.decode()
    assert client.post(reverse("admin:support_impersonationlog_delete", args=[log.pk])).status_code == 403
    assert ImpersonationLog.objects.count() == 1
