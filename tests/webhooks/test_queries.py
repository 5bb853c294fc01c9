"""Lists of deliveries and subscriptions cost a fixed number of queries, whatever their length."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from rest_framework.test import APIClient

from tests.conventions.factories import ConventionFactory
from tests.users.factories import bailleur_user
from webhooks.models import Abonnement, Livraison, Tentative

pytestmark = pytest.mark.django_db


def _add(abonnement, n):
    for _ in range(n):
        livraison = Livraison.objects.create(abonnement=abonnement, evenement="document.pret", charge={"id": "x"})
        Tentative.objects.create(livraison=livraison, numero=1, code_reponse=500)


def _count(call) -> int:
    call()  # warm the process-wide caches (content types) first
    with CaptureQueriesContext(connection) as ctx:
        response = call()
    assert response.status_code == 200
    return len(ctx.captured_queries)


@pytest.fixture
def setup():
    bailleur = ConventionFactory().programme.bailleur
    abonnement = Abonnement.objects.create(
        nom="x", url="https://p.example/h", bailleur=bailleur, evenements=["document.pret"]
    )
    return abonnement, bailleur_user(bailleur=bailleur)


def test_api_deliveries_list_is_constant(setup, django_assert_num_queries):
    abonnement, user = setup
    client = APIClient()
    client.force_authenticate(user)
    _add(abonnement, 1)
    few = _count(lambda: client.get("/api/v1/webhooks/livraisons/"))
    _add(abonnement, 6)
    with django_assert_num_queries(few):
        client.get("/api/v1/webhooks/livraisons/")


def test_settings_pages_are_constant(setup, client, django_assert_num_queries):
    abonnement, user = setup
    client.force_login(user)
    _add(abonnement, 1)
    detail = reverse("webhooks:detail", args=[abonnement.uuid])
    few_detail = _count(lambda: client.get(detail))
    few_list = _count(lambda: client.get(reverse("webhooks:liste")))
    _add(abonnement, 6)
    Abonnement.objects.create(
        nom="y", url="https://p.example/h2", bailleur=abonnement.bailleur, evenements=["document.pret"]
    )
    with django_assert_num_queries(few_detail):
        client.get(detail)
    with django_assert_num_queries(few_list):
        client.get(reverse("webhooks:liste"))
