"""The SPF refuses to publish (reference §15.9, issue 14): the instructeur records the date and the motif of the
refusal; the convention goes back to « Signée » and may be sent again; the recap shows when it was sent and the
refusal, the journal records it; bad input gets French messages; the same action through /api/v1/."""

import datetime

import pytest
from django.utils import timezone

from conventions.enums import ConventionStatut as S
from conventions.enums import TypeEvenement
from conventions.models import ConventionHistory
from tests.api.test_v1_avenants import key_client
from tests.conventions.factories import ConventionFactory
from tests.users.factories import bailleur_user, instructeur_user

pytestmark = pytest.mark.usefixtures("seeded_roles")


@pytest.fixture
def en_publication(client):
    convention = ConventionFactory(
        statut=S.SIGNEE,
        numero="13.D.26.0500",
        date_signature=datetime.date(2026, 1, 5),
        lot__programme__bailleur__type1and2=True,  # a convention to be published
    )
    instructeur = instructeur_user(administration=convention.programme.administration)
    client.force_login(instructeur)
    assert client.post(f"/conventions/{convention.uuid}/actions/envoyer_publication/").status_code == 302
    convention.refresh_from_db()
    assert (convention.statut, convention.date_envoi_spf) == (S.PUBLICATION_EN_COURS, timezone.localdate())
    return convention, instructeur


def test_the_instructeur_records_a_refusal_shown_on_the_recap_and_in_the_journal(client, en_publication):
    convention, instructeur = en_publication
    recap = client.get(f"/conventions/{convention.uuid}/").content.decode()
    assert "Enregistrer un refus du SPF" in recap
    today = timezone.localdate()
    response = client.post(
        f"/conventions/{convention.uuid}/actions/refus_spf/",
        {"date_refus_spf": today.isoformat(), "motif_refus_spf": "Référence cadastrale erronée"},
    )
    assert response.status_code == 302
    convention.refresh_from_db()
    assert (convention.statut, convention.date_refus_spf, convention.motif_refus_spf) == (
        S.SIGNEE,
        today,
        "Référence cadastrale erronée",
    )
    event = ConventionHistory.objects.get(convention=convention, type_evenement=TypeEvenement.REFUS_SPF)
    assert event.user == instructeur and "Référence cadastrale erronée" in event.description
    recap = client.get(f"/conventions/{convention.uuid}/").content.decode()
    assert (
        f"Publication refusée par le SPF le {today:%d/%m/%Y}</strong> – motif : Référence cadastrale erronée" in recap
    )
    assert f"Envoyée au service de la publicité foncière (SPF) le {today:%d/%m/%Y}" in recap
    # It may be sent again.
    assert client.post(f"/conventions/{convention.uuid}/actions/envoyer_publication/").status_code == 302
    convention.refresh_from_db()
    assert convention.statut == S.PUBLICATION_EN_COURS


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"motif_refus_spf": ""}, "Indiquez le motif du refus du SPF."),
        ({"date_refus_spf": ""}, "Indiquez la date du refus du SPF."),
        ({"date_refus_spf": "2999-01-01"}, "ne peut pas être dans le futur"),
        ({"date_refus_spf": "2020-01-01"}, "ne peut pas précéder l&#x27;envoi en publication"),
    ],
)
def test_bad_input_gets_a_french_message_and_changes_nothing(client, en_publication, data, message):
    convention, _ = en_publication
    values = {"date_refus_spf": timezone.localdate().isoformat(), "motif_refus_spf": "Acte incomplet", **data}
    response = client.post(f"/conventions/{convention.uuid}/actions/refus_spf/", values, follow=True)
    assert response.status_code == 200
    assert message in response.content.decode()
    convention.refresh_from_db()
    assert convention.statut == S.PUBLICATION_EN_COURS and convention.date_refus_spf is None


def test_only_the_instructeur_records_it(client, en_publication):
    convention, _ = en_publication
    client.force_login(bailleur_user(bailleur=convention.programme.bailleur))
    client.post(
        f"/conventions/{convention.uuid}/actions/refus_spf/",
        {"date_refus_spf": timezone.localdate().isoformat(), "motif_refus_spf": "x"},
    )
    convention.refresh_from_db()
    assert convention.statut == S.PUBLICATION_EN_COURS


def test_through_the_api(en_publication):
    convention, instructeur = en_publication
    api = key_client(instructeur)
    url = f"/api/v1/conventions/{convention.uuid}/actions/refus_spf/"
    response = api.post(url, {"date_refus_spf": timezone.localdate().isoformat()}, format="json")
    assert response.status_code == 400 and "Indiquez le motif du refus du SPF." in response.json()["erreurs"]
    response = api.post(
        url, {"date_refus_spf": timezone.localdate().isoformat(), "motif_refus_spf": "Acte illisible"}, format="json"
    )
    assert response.status_code == 200
    detail = response.json()
    assert (detail["statut"], detail["motif_refus_spf"]) == ("signee", "Acte illisible")
    assert detail["date_envoi_spf"] == detail["date_refus_spf"] == timezone.localdate().isoformat()
    assert api.post(url, {"motif_refus_spf": "x"}, format="json").status_code == 409  # no longer in publication
