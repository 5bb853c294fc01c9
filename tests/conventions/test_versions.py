"""Drill: two users save the same step from pages loaded at the same version. The second save is refused with a
French message naming who changed the convention and when; nothing of the first save is lost (optimistic
concurrency, not last-write-wins)."""

import threading
import time

import pytest
from django.db import connection
from django.utils import timezone

from conventions.models import Convention
from conventions.services import versions
from tests.conventions.factories import complete_convention
from tests.conventions.test_steps import EDITABLE_STEPS, browser_data, step_url
from tests.users.factories import bailleur_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_users(client):
    from django.test import Client

    convention = complete_convention(nb_logements=3)
    bailleur = convention.programme.bailleur
    marie = bailleur_user(bailleur=bailleur, first_name="Marie", last_name="Curie")
    paul = bailleur_user(bailleur=bailleur, first_name="Paul", last_name="Langevin")
    client.force_login(marie)
    other = Client()
    other.force_login(paul)
    return convention, client, other, marie


def typologies(convention) -> list[str]:
    return list(convention.lot.logements.order_by("import_order", "pk").values_list("typologie", flat=True))


def test_second_save_of_the_logements_table_is_refused_and_the_first_kept(two_users):
    convention, marie_client, paul_client, marie = two_users
    url = step_url(convention, "logements")
    page_marie, page_paul = browser_data(marie_client.get(url)), browser_data(paul_client.get(url))
    assert page_marie["version_convention"] == page_paul["version_convention"] == "1"
    before = typologies(convention)
    assert "T1" not in before and "T5" not in before

    page_marie["logement-0-typologie"] = "T1"
    assert marie_client.post(url, page_marie).status_code == 302
    page_paul["logement-1-typologie"] = "T5"
    page_paul["logement-2-typologie"] = "T5"
    response = paul_client.post(url, page_paul)

    assert response.status_code == 409
    convention.refresh_from_db()
    moment = timezone.localtime(convention.version_modifiee_le)
    expected = f"Marie Curie a modifié cette convention le {moment:%d/%m/%Y} à {moment:%H:%M}"
    content = response.content.decode()
    assert expected in content and "vos modifications n&#x27;ont pas été enregistrées" in content
    assert convention.version == 2 and convention.version_modifiee_par == marie
    assert typologies(convention) == ["T1", *before[1:]]  # the first save is whole, nothing of the second
    # What Paul typed is still on his screen, to be redone after reloading.
    assert response.context["step_formset"].forms[1]["typologie"].value() == "T5"

    # Reloaded, Paul's save goes through and keeps Marie's.
    page_paul = browser_data(paul_client.get(url))
    assert page_paul["version_convention"] == "2"
    page_paul["logement-1-typologie"] = "T5"
    assert paul_client.post(url, page_paul).status_code == 302
    convention.refresh_from_db()
    assert typologies(convention) == ["T1", "T5", before[2]]
    assert convention.version == 3


@pytest.mark.parametrize("etape", EDITABLE_STEPS)
def test_every_step_refuses_a_save_prepared_on_an_older_version(two_users, etape):
    convention, marie_client, paul_client, _ = two_users
    url = step_url(convention, etape)
    page_marie, page_paul = browser_data(marie_client.get(url)), browser_data(paul_client.get(url))
    assert marie_client.post(url, page_marie).status_code == 302
    response = paul_client.post(url, page_paul)
    assert response.status_code == 409
    assert "Marie Curie a modifié cette convention le " in response.content.decode()
    assert Convention.objects.get(pk=convention.pk).version == 2


def test_the_check_under_lock_catches_a_save_between_validation_and_saving(two_users):
    """The page validated against version 1, but someone saved in between: the locked re-read refuses."""
    convention, _, _, marie = two_users
    stale = Convention.objects.get(pk=convention.pk)
    with versions.saving(convention=convention, version=1, user=marie):
        pass
    assert stale.version == 1  # this copy does not know
    with pytest.raises(versions.ConventionModifiee, match="Marie Curie a modifié cette convention"):
        with versions.saving(convention=stale, version=1, user=None):
            pytest.fail("le second enregistrement n'aurait pas dû commencer")
    assert Convention.objects.get(pk=convention.pk).version == 2


def test_a_page_without_version_is_not_checked(two_users):
    convention, marie_client, _, _ = two_users
    url = step_url(convention, "commentaires")
    data = browser_data(marie_client.get(url))
    del data["version_convention"]
    assert marie_client.post(url, data).status_code == 302


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_simultaneous_saves_at_the_same_version_one_wins(requires_postgres):
    convention = complete_convention(nb_logements=1)
    results, inside = [], threading.Event()

    def save(name, delay):
        try:
            with versions.saving(convention=Convention.objects.get(pk=convention.pk), version=1, user=None):
                inside.set()
                time.sleep(delay)
                Convention.objects.filter(pk=convention.pk).update(commentaires=name)
            results.append(("ok", name))
        except versions.ConventionModifiee:
            results.append(("refusé", name))
        finally:
            connection.close()

    first = threading.Thread(target=save, args=("premier", 0.5))
    first.start()
    inside.wait(5)
    second = threading.Thread(target=save, args=("second", 0))
    second.start()
    first.join(10)
    second.join(10)
    assert sorted(results) == [("ok", "premier"), ("refusé", "second")]
    convention.refresh_from_db()
    assert convention.commentaires == "premier" and convention.version == 2
