"""The life after signature through /api/v1/ only, with API keys: an avenant « logements » created, submitted,
corrected, resubmitted, validated (number 1), signed; the convention's detail lists it; filters; then a
résiliation created and validated by the instructeur → « Résiliée ». Refusals: 409 and 400."""

import datetime

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from api.tokens import api_token_create
from conventions import rules
from conventions.enums import ConventionStatut
from tests.conventions.factories import ConventionFactory
from tests.programmes.factories import LogementFactory
from tests.users.factories import bailleur_user, instructeur_user

TODAY = datetime.date(2026, 3, 2)


def key_client(user) -> APIClient:
    _, raw_key = api_token_create(user=user, name="Logiciel de suivi")
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {raw_key}")
    return client


@pytest.fixture
def signed(db, seeded_roles, monkeypatch):
    monkeypatch.setattr(rules, "blocking_errors", lambda convention: [])
    monkeypatch.setattr("conventions.documents.controle.bloquants", lambda convention: [])  # own tests
    convention = ConventionFactory(statut=ConventionStatut.SIGNEE, numero="13.D.26.0042", date_signature=TODAY)
    LogementFactory(lot=convention.lot, designation="A1")
    return convention


def test_avenant_then_resiliation_through_the_api(signed):
    bailleur = key_client(bailleur_user(bailleur=signed.programme.bailleur))
    instructeur = key_client(instructeur_user(administration=signed.programme.administration))
    base = f"/api/v1/conventions/{signed.uuid}/"

    detail = bailleur.get(base).json()
    assert detail["parent"] is None and detail["avenants"] == []
    assert detail["date_signature"] == TODAY.isoformat() and detail["fichier_signe"] is None

    assert bailleur.post(base + "avenants/", {"types": ["toiture"]}, format="json").status_code == 400
    response = bailleur.post(base + "avenants/", {"types": ["logements"], "commentaire": "Loyers"}, format="json")
    assert response.status_code == 201, response.content
    avenant = response.json()
    assert avenant["parent"] == str(signed.uuid) and avenant["types"] == ["logements"]
    assert avenant["statut"] == "projet" and "soumettre" in avenant["actions_possibles"]
    again = bailleur.post(base + "avenants/", {"types": ["bailleur"]}, format="json")
    assert again.status_code == 409 and "déjà en cours" in again.json()["detail"]

    url = f"/api/v1/conventions/{avenant['uuid']}/actions/"
    assert bailleur.post(url + "soumettre/", {}, format="json").status_code == 200
    assert bailleur.post(url + "valider/", {}, format="json").status_code == 409  # not the bailleur's
    assert (
        instructeur.post(url + "demander_corrections/", {"commentaire": "Ligne A1"}, format="json").status_code == 200
    )
    assert bailleur.post(url + "renvoyer_instruction/", {}, format="json").status_code == 200
    validated = instructeur.post(url + "valider/", {}, format="json")
    assert validated.status_code == 200, validated.json()
    assert validated.json()["numero_avenant"] == 1
    # Signed after its validation (today): a signature cannot precede the validation (conventions.rules.dates).
    signature = timezone.localdate().isoformat()
    signed_avenant = bailleur.post(url + "marquer_signee/", {"date_signature": signature}, format="json")
    assert signed_avenant.json()["statut"] == "signee"

    detail = bailleur.get(base).json()
    assert [(a["numero"], a["statut"], a["types"]) for a in detail["avenants"]] == [(1, "signee", ["logements"])]
    only_avenants = bailleur.get("/api/v1/conventions/?avenants=true").json()["results"]
    assert [c["uuid"] for c in only_avenants] == [avenant["uuid"]]
    conventions = bailleur.get("/api/v1/conventions/?avenants=false").json()["results"]
    assert [c["uuid"] for c in conventions] == [str(signed.uuid)]
    children = bailleur.get(f"/api/v1/conventions/?parent={signed.uuid}").json()["results"]
    assert [c["uuid"] for c in children] == [avenant["uuid"]]

    # Résiliation by the instructeur: created with its date and motif, then validated.
    response = instructeur.post(
        base + "avenants/",
        {"types": ["resiliation"], "date_resiliation": TODAY.isoformat(), "motif_resiliation": "Arrêté du préfet"},
        format="json",
    )
    assert response.status_code == 201, response.content
    resiliation = response.json()
    assert "resilier" in resiliation["actions_possibles"]
    refused = bailleur.post(f"/api/v1/conventions/{resiliation['uuid']}/actions/resilier/", {}, format="json")
    assert refused.status_code == 409
    done = instructeur.post(f"/api/v1/conventions/{resiliation['uuid']}/actions/resilier/", {}, format="json")
    assert done.status_code == 200 and done.json()["statut"] == "resiliee"
    detail = bailleur.get(base).json()
    assert (detail["statut"], detail["date_resiliation"]) == ("resiliee", TODAY.isoformat())
    assert bailleur.post(base + "avenants/", {"types": ["logements"]}, format="json").status_code == 409


def test_an_avenant_of_an_unsigned_convention_is_409(db, seeded_roles):
    convention = ConventionFactory(statut=ConventionStatut.INSTRUCTION)
    client = key_client(bailleur_user(bailleur=convention.programme.bailleur))
    response = client.post(f"/api/v1/conventions/{convention.uuid}/avenants/", {"types": ["logements"]}, format="json")
    assert response.status_code == 409 and "signée ou publiée" in response.json()["detail"]
