"""An avenant « logements » that changes two rents and adds a dwelling (issue 14): its type opens the Logements
and Annexes steps, and on steps it does not open, only the fields it needs — the number of dwellings (Opération)
and the EDD simplifié table (EDD). Through the step pages, then the workflow up to signature: the convention's
current dwellings are the avenant's, the convention as signed originally keeps its own."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from conventions import perms, workflow
from conventions.enums import ConventionStatut as S
from conventions.models import Convention
from conventions.services import avenants as service
from conventions.steps.registry import kind_of
from tests.conventions.factories import complete_convention
from tests.conventions.test_steps import browser_data, step_url
from tests.users.factories import bailleur_user, instructeur_user

pytestmark = pytest.mark.usefixtures("seeded_roles")


@pytest.fixture
def signed():
    convention = complete_convention(nb_logements=2)
    Convention.objects.filter(pk=convention.pk).update(
        statut=S.SIGNEE, numero="13.D.25.0101", date_signature=datetime.date(2025, 6, 2)
    )
    convention.refresh_from_db()
    return convention


def _add_row(data: dict, prefix: str, values: dict) -> dict:
    index = int(data[f"{prefix}-TOTAL_FORMS"])
    data[f"{prefix}-TOTAL_FORMS"] = str(index + 1)
    data.update({f"{prefix}-{index}-{name}": value for name, value in values.items()})
    return data


def test_the_logements_type_opens_the_number_of_dwellings_and_the_edd_table_only(signed):
    bailleur = bailleur_user(bailleur=signed.programme.bailleur)
    avenant = service.create_avenant(parent=signed, user=bailleur, types=["logements"])
    kind = kind_of(avenant)
    assert kind.open_champs(avenant, "operation") == {"lot__nb_logements"}
    assert kind.open_champs(avenant, "edd") == {"logement_edd__table"}
    assert kind.open_champs(avenant, "logements") == frozenset()  # the whole step is open
    assert kind.open_champs(avenant, "bailleur") == frozenset()
    assert perms.open_champs(signed, "operation") == frozenset()  # a convention: every step is open anyway


def test_an_avenant_logements_changes_two_rents_and_adds_a_dwelling(client, signed, monkeypatch):
    from conventions import notifications

    monkeypatch.setattr(notifications, "notify", lambda event, **kwargs: None)
    bailleur = bailleur_user(bailleur=signed.programme.bailleur)
    instructeur = instructeur_user(administration=signed.programme.administration)
    avenant = service.create_avenant(parent=signed, user=bailleur, types=["logements"], commentaire="Loyers")
    client.force_login(bailleur)

    # Opération: only the number of dwellings may change; a posted operation name is ignored.
    response = client.get(step_url(avenant, "operation"))
    form = response.context["step_form"]
    assert [name for name, f in form.fields.items() if not f.disabled and name != "version_convention"] == [
        "nb_logements"
    ]
    assert response.context["champs_avenant"] and not response.context["partial_edit"]
    data = browser_data(response) | {"nb_logements": "3", "nom": "Autre nom"}
    response = client.post(step_url(avenant, "operation"), data)
    assert response.status_code == 302, response.context and response.context["error_summary"]
    avenant.refresh_from_db()
    assert avenant.lot.nb_logements == 3 and avenant.programme.nom != "Autre nom"
    assert signed.lot.nb_logements == 2

    # EDD simplifié: the new dwelling is listed.
    response = client.get(step_url(avenant, "edd"))
    assert response.context["table_editable"]
    data = _add_row(
        browser_data(response), "logement_edd", {"designation": "C3", "numero_lot": "30", "financement": "PLUS"}
    )
    response = client.post(step_url(avenant, "edd"), data)
    assert response.status_code == 302, response.context["error_summary"]

    # Logements: two rents lowered (coefficient 0.9) and a third dwelling added.
    response = client.get(step_url(avenant, "logements"))
    data = browser_data(response)
    for index in (0, 1):
        data[f"logement-{index}-coefficient"] = "0.9000"
        data[f"logement-{index}-loyer"] = "380.25"
    new_row = {
        "designation": "C3",
        "typologie": "T2",
        "surface_habitable": "45.00",
        "surface_annexes": "0",
        "surface_annexes_retenue": "0",
        "surface_utile": "45.00",
        "loyer_par_metre_carre": "6.50",
        "coefficient": "1.0000",
        "loyer": "292.50",
    }
    response = client.post(step_url(avenant, "logements"), _add_row(data, "logement", new_row))
    assert response.status_code == 302, response.context["error_summary"]

    # The avenant goes through the workflow (its saved data satisfies every rule) and is signed.
    workflow.convention_submit(convention=avenant, user=bailleur)
    workflow.convention_validate(convention=avenant, user=instructeur, numero="1")
    workflow.convention_mark_signed(convention=avenant, user=bailleur, date_signature=timezone.localdate())
    signed = Convention.objects.get(pk=signed.pk)
    current = service.current_version(signed)
    assert current == avenant
    loyers = sorted(current.lot.logements.values_list("loyer", flat=True))
    assert loyers == [Decimal("292.50"), Decimal("380.25"), Decimal("380.25")]
    assert current.lot.nb_logements == 3
    assert sorted(signed.lot.logements.values_list("loyer", flat=True)) == [Decimal("422.50")] * 2


def test_the_operation_step_of_an_avenant_refuses_other_fields_even_when_posted(client, signed):
    bailleur = bailleur_user(bailleur=signed.programme.bailleur)
    avenant = service.create_avenant(parent=signed, user=bailleur, types=["champ_libre"])
    assert kind_of(avenant).open_champs(avenant, "operation") == frozenset()
    client.force_login(bailleur)
    response = client.get(step_url(avenant, "operation"))
    assert response.context["read_only"] and not response.context["champs_avenant"]
    response = client.post(step_url(avenant, "operation"), browser_data(response) | {"nb_logements": "9"})
    assert response.status_code == 403
    avenant.refresh_from_db()
    assert avenant.lot.nb_logements == 2
