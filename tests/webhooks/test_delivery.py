"""Webhook delivery against a local HTTP receiver: signature, retries with back-off, final failure, replay."""

import datetime
import json

import pytest
from django.urls import reverse

from conventions.models import ConventionHistory
from tests.conventions.factories import ConventionFactory
from tests.users.factories import bailleur_user
from webhooks import signing
from webhooks.models import Abonnement, Evenement, Livraison, StatutLivraison
from webhooks.tasks import retry_delay

pytestmark = pytest.mark.django_db


@pytest.fixture
def convention():
    return ConventionFactory(instruction=True)


def _abonnement(convention, url, evenements=(Evenement.STATUT_MODIFIE,)):
    return Abonnement.objects.create(
        nom="Logiciel du bailleur", url=url, bailleur=convention.programme.bailleur, evenements=list(evenements)
    )


def _change_status(convention, capture):
    with capture(execute=True):
        ConventionHistory.objects.create(
            convention=convention, statut_precedent="projet", statut="instruction", action="soumettre"
        )


def test_delivery_is_signed_and_logged(receiver, convention, django_capture_on_commit_callbacks):
    abonnement = _abonnement(convention, receiver.url)
    _change_status(convention, django_capture_on_commit_callbacks)

    assert len(receiver.requests) == 1
    request = receiver.requests[0]
    headers, body = request["headers"], request["body"]
    assert signing.verify(abonnement.secret, headers[signing.SIGNATURE_HEADER], body)
    assert not signing.verify("whsec_autre", headers[signing.SIGNATURE_HEADER], body)
    assert not signing.verify(abonnement.secret, headers[signing.SIGNATURE_HEADER], body + b" ")
    payload = json.loads(body)
    assert payload["evenement"] == "convention.statut_modifie"
    assert payload["donnees"]["convention"]["uuid"] == str(convention.uuid)
    assert payload["donnees"]["statut_precedent"] == "projet"
    assert headers[signing.EVENT_HEADER] == "convention.statut_modifie"

    livraison = Livraison.objects.get()
    assert headers[signing.DELIVERY_HEADER] == str(livraison.uuid)
    assert livraison.statut == StatutLivraison.REUSSIE
    assert livraison.code_reponse == 200 and livraison.tentatives == 1
    essai = livraison.essais.get()
    assert essai.code_reponse == 200 and '"recu": true' in essai.extrait_reponse
    assert essai.duree_ms >= 0


def test_failing_receiver_is_retried_then_marked_failed(
    receiver, convention, django_capture_on_commit_callbacks, settings
):
    settings.WEBHOOKS_MAX_ATTEMPTS = 3
    receiver.codes = [500]
    _abonnement(convention, receiver.url)
    _change_status(convention, django_capture_on_commit_callbacks)

    assert len(receiver.requests) == 3
    livraison = Livraison.objects.get()
    assert livraison.statut == StatutLivraison.ECHEC
    assert livraison.tentatives == 3 and livraison.code_reponse == 500
    assert [e.code_reponse for e in livraison.essais.all()] == [500, 500, 500]
    assert livraison.prochain_essai is None


def test_a_retry_can_succeed(receiver, convention, django_capture_on_commit_callbacks):
    receiver.codes = [503, 200]
    _abonnement(convention, receiver.url)
    _change_status(convention, django_capture_on_commit_callbacks)
    livraison = Livraison.objects.get()
    assert livraison.statut == StatutLivraison.REUSSIE and livraison.tentatives == 2
    assert len(receiver.requests) == 2


def test_unreachable_receiver_is_logged_with_its_error(convention, django_capture_on_commit_callbacks, settings):
    settings.WEBHOOKS_MAX_ATTEMPTS = 2
    _abonnement(convention, "http://127.0.0.1:9/ferme")  # discard port: nothing listens
    _change_status(convention, django_capture_on_commit_callbacks)
    livraison = Livraison.objects.get()
    assert livraison.statut == StatutLivraison.ECHEC
    assert all(e.code_reponse is None and e.erreur for e in livraison.essais.all())


def test_back_off_is_exponential(settings):
    settings.WEBHOOKS_RETRY_BASE_SECONDS = 60
    assert [retry_delay(n) for n in (1, 2, 3)] == [datetime.timedelta(seconds=s) for s in (60, 120, 240)]


def test_replay_from_the_settings_page(receiver, convention, client, django_capture_on_commit_callbacks):
    receiver.codes = [500, 500, 500, 500, 500, 500, 200]
    abonnement = _abonnement(convention, receiver.url)
    _change_status(convention, django_capture_on_commit_callbacks)
    echec = Livraison.objects.get()
    assert echec.statut == StatutLivraison.ECHEC
    sent = len(receiver.requests)

    client.force_login(bailleur_user(bailleur=convention.programme.bailleur))
    url = reverse("webhooks:rejouer", args=[abonnement.uuid, echec.uuid])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url)
    assert response.status_code == 302
    copie = Livraison.objects.exclude(pk=echec.pk).get()
    assert copie.rejouee_de == echec and copie.statut == StatutLivraison.REUSSIE
    assert len(receiver.requests) == sent + 1
    last = receiver.requests[-1]
    assert json.loads(last["body"])["id"] == echec.charge["id"]  # same event
    assert last["headers"][signing.DELIVERY_HEADER] == str(copie.uuid)  # new delivery
    assert signing.verify(abonnement.secret, last["headers"][signing.SIGNATURE_HEADER], last["body"])
    page = client.get(reverse("webhooks:livraison", args=[abonnement.uuid, copie.uuid]))
    assert page.status_code == 200 and "Réussie" in page.content.decode()


def test_replay_through_the_api(receiver, convention, client, django_capture_on_commit_callbacks):
    abonnement = _abonnement(convention, receiver.url)
    _change_status(convention, django_capture_on_commit_callbacks)
    livraison = Livraison.objects.get()
    client.force_login(bailleur_user(bailleur=convention.programme.bailleur))
    listing = client.get("/api/v1/webhooks/livraisons/", {"abonnement": str(abonnement.uuid)})
    assert listing.status_code == 200
    assert [d["uuid"] for d in listing.json()["results"]] == [str(livraison.uuid)]
    assert listing.json()["results"][0]["essais"][0]["code_reponse"] == 200
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/api/v1/webhooks/livraisons/{livraison.uuid}/rejouer/")
    assert response.status_code == 202
    assert len(receiver.requests) == 2
    assert Livraison.objects.get(uuid=response.json()["uuid"]).statut == StatutLivraison.REUSSIE


def test_inactive_subscription_is_not_delivered(receiver, convention, django_capture_on_commit_callbacks):
    abonnement = _abonnement(convention, receiver.url)
    abonnement.actif = False
    abonnement.save()
    _change_status(convention, django_capture_on_commit_callbacks)
    assert receiver.requests == [] and not Livraison.objects.exists()
