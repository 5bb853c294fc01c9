"""Query counts pinned: the recap of a convention with 10 avenants, and the list showing avenants under their
conventions, do not grow with the number of avenants."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from conventions.enums import ConventionStatut as S
from conventions.models import Convention
from conventions.services import avenants as service
from tests.conventions.factories import ConventionFactory
from tests.programmes.factories import LogementFactory
from tests.users.factories import bailleur_user

TODAY = datetime.date(2026, 3, 2)
RECAP_WITH_AVENANTS_QUERIES = 20  # own avenant types, files, parkings and comments: none (a bit each of its row)
LIST_WITH_AVENANTS_QUERIES = 7  # the rows come with their avenants; the count with the tab counts, the ids of the
# page from the first visit (kept until the next write)


def with_signed_avenants(n: int, bailleur=None) -> Convention:
    extra = {"lot__programme__bailleur": bailleur} if bailleur else {}
    convention = ConventionFactory(statut=S.SIGNEE, numero=f"13.D.26.{Convention.objects.count():04d}", **extra)
    LogementFactory(lot=convention.lot)
    user = bailleur_user(bailleur=convention.programme.bailleur)
    for number in range(1, n + 1):
        avenant = service.create_avenant(parent=convention, user=user, types=["logements"])
        Convention.objects.filter(pk=avenant.pk).update(
            statut=S.SIGNEE, numero_avenant=number, date_signature=TODAY, valide_le=avenant.cree_le
        )
    return convention


def count(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.django_db
def test_recap_of_a_convention_with_ten_avenants(client, seeded_roles):
    one = with_signed_avenants(1)
    ten = with_signed_avenants(10, bailleur=one.programme.bailleur)
    client.force_login(bailleur_user(bailleur=one.programme.bailleur))
    client.get(reverse("conventions:recap", args=[one.uuid]))  # warm caches
    assert count(client, reverse("conventions:recap", args=[one.uuid])) == RECAP_WITH_AVENANTS_QUERIES
    assert count(client, reverse("conventions:recap", args=[ten.uuid])) == RECAP_WITH_AVENANTS_QUERIES
    response = client.get(reverse("conventions:recap", args=[ten.uuid]))
    assert len(response.context["avenants_panel"]["versions"]) == 11
    assert response.context["version"].numero_avenant == 10  # the current state is the last signed avenant
    assert "Avenant n° 10" in response.content.decode()


@pytest.mark.django_db
def test_list_with_avenants_under_their_conventions(client, seeded_roles):
    first = with_signed_avenants(2)
    client.force_login(bailleur_user(bailleur=first.programme.bailleur))
    client.get(reverse("conventions:list"))
    few = count(client, reverse("conventions:list"))
    with_signed_avenants(10, bailleur=first.programme.bailleur)
    client.get(reverse("conventions:list"))  # the writes renewed the cached counts: warm them again
    many = count(client, reverse("conventions:list"))
    assert few == many == LIST_WITH_AVENANTS_QUERIES
    response = client.get(reverse("conventions:list"))
    assert sum(1 for row in response.context["rows"] if row.get("avenant")) == 12
    only = client.get(reverse("conventions:list") + "?avenants=true")
    assert len(only.context["rows"]) == 12
    assert all(row["convention"].parent_id for row in only.context["rows"])
