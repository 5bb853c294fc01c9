"""The avenant « logements » through /api/v1/ only (issue 14): PUT …/logements/ changes two rents and adds a
dwelling with the lot's new number of dwellings, under the rules of the Logements step; the avenant is
submitted, validated and signed; the convention's current dwellings are the new ones. Refusals: 400 per row and
field, 403 where the table or the number may not change."""

import datetime

import pytest
from django.utils import timezone

from conventions import rules
from conventions.enums import ConventionStatut
from conventions.models import Convention
from conventions.services.avenants import current_version
from tests.api.test_v1_avenants import key_client
from tests.conventions.factories import ConventionFactory
from tests.programmes.factories import LogementFactory
from tests.users.factories import bailleur_user, instructeur_user

TODAY = datetime.date(2026, 3, 2)
NOUVEAU = {
    "designation": "C3",
    "typologie": "T2",
    "surface_habitable": "45.00",
    "surface_annexes": "0.00",
    "surface_annexes_retenue": "0.00",
    "surface_utile": "45.00",
    "loyer_par_metre_carre": "6.50",
    "coefficient": "1.0000",
    "loyer": "292.50",
}


@pytest.fixture
def signed(db, seeded_roles, monkeypatch):
    monkeypatch.setattr(rules, "blocking_errors", lambda convention: [])
    monkeypatch.setattr("conventions.documents.controle.bloquants", lambda convention: [])  # own tests
    convention = ConventionFactory(
        statut=ConventionStatut.SIGNEE, numero="13.D.26.0077", date_signature=TODAY, lot__nb_logements=2
    )
    LogementFactory(lot=convention.lot, designation="A1")
    LogementFactory(lot=convention.lot, designation="A2")
    return convention


def test_rents_changed_and_a_dwelling_added_through_the_api(signed):
    bailleur = key_client(bailleur_user(bailleur=signed.programme.bailleur))
    instructeur = key_client(instructeur_user(administration=signed.programme.administration))
    avenant = bailleur.post(f"/api/v1/conventions/{signed.uuid}/avenants/", {"types": ["logements"]}, format="json")
    avenant = avenant.json()
    url = f"/api/v1/conventions/{avenant['uuid']}/logements/"
    rows = bailleur.get(url).json()["results"]
    for row in rows:
        row.pop("annexes")
        row.update(coefficient="0.9000", loyer="380.25")

    # The number of dwellings is checked against the table.
    response = bailleur.put(url, {"logements": [*rows, NOUVEAU]}, format="json")
    assert response.status_code == 400
    assert "Le lot doit compter 2 logements" in str(response.json()["logements"]["tableau"])
    wrong = {**NOUVEAU, "loyer": "999.00"}
    response = bailleur.put(url, {"nb_logements": 3, "logements": [*rows, wrong]}, format="json")
    assert response.status_code == 400 and "loyer" in response.json()["logements"]["2"]

    response = bailleur.put(url, {"nb_logements": 3, "logements": [*rows, NOUVEAU]}, format="json")
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["nb_logements"] == 3
    assert [(r["designation"], r["loyer"]) for r in body["logements"]] == [
        ("A1", "380.25"),
        ("A2", "380.25"),
        ("C3", "292.50"),
    ]
    assert [r["uuid"] for r in body["logements"][:2]] == [r["uuid"] for r in rows]  # updated, not recreated

    actions = f"/api/v1/conventions/{avenant['uuid']}/actions/"
    assert bailleur.post(actions + "soumettre/", {}, format="json").status_code == 200
    assert bailleur.put(url, {"logements": body["logements"]}, format="json").status_code == 403  # in instruction
    validated = instructeur.post(actions + "valider/", {}, format="json")
    assert validated.status_code == 200, validated.json()
    # Signed after its validation (today): a signature cannot precede the validation (conventions.rules.dates).
    signature = {"date_signature": timezone.localdate().isoformat()}
    assert bailleur.post(actions + "marquer_signee/", signature, format="json").json()["statut"] == "signee"
    current = current_version(Convention.objects.get(pk=signed.pk))
    assert str(current.uuid) == avenant["uuid"] and current.lot.nb_logements == 3
    assert signed.lot.logements.count() == 2  # the convention as signed originally


def test_an_avenant_of_another_type_may_not_write_the_dwellings(signed):
    bailleur = key_client(bailleur_user(bailleur=signed.programme.bailleur))
    avenant = bailleur.post(
        f"/api/v1/conventions/{signed.uuid}/avenants/", {"types": ["champ_libre"]}, format="json"
    ).json()
    response = bailleur.put(f"/api/v1/conventions/{avenant['uuid']}/logements/", {"logements": []}, format="json")
    assert response.status_code == 403
    # A signed convention's dwellings may not be written either.
    response = bailleur.put(f"/api/v1/conventions/{signed.uuid}/logements/", {"logements": []}, format="json")
    assert response.status_code == 403
