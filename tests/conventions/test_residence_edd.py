"""The EDD step of a résidence appears in the publication statuses only (reference §13.2: « EDD: foyers always;
résidences only in publication statuses », §2.6.6); a foyer always has it, and so does the avenant of a
résidence."""

import pytest

from conventions import rules
from conventions.enums import STATUTS_PUBLICATION
from conventions.enums import ConventionStatut as S
from conventions.steps.registry import kind_of
from tests.conventions.factories import complete_foyer_convention
from tests.conventions.test_steps import step_url
from tests.programmes.factories import LogementEDDFactory
from tests.users.factories import bailleur_user, instructeur_user

pytestmark = pytest.mark.usefixtures("seeded_roles")


@pytest.mark.parametrize("statut", list(S))
def test_the_edd_step_of_a_residence_only_in_publication(statut):
    residence = complete_foyer_convention(nature="RESISDENCESOCIALE", statut=statut)
    assert ("edd" in kind_of(residence).slugs) is (statut in STATUTS_PUBLICATION)
    assert STATUTS_PUBLICATION == {S.PUBLICATION_EN_COURS, S.PUBLIEE}
    # Either way it is a résidence (its other steps, its name).
    assert kind_of(residence).nom == "residence" and "attribution" in kind_of(residence).slugs


@pytest.mark.parametrize("statut", [S.PROJET, S.INSTRUCTION, S.SIGNEE, S.PUBLIEE])
def test_a_foyer_always_has_its_edd_step(statut):
    assert "edd" in kind_of(complete_foyer_convention(statut=statut)).slugs


def test_the_pages_follow_the_status(client):
    residence = complete_foyer_convention(nature="HEBERGEMENT")
    client.force_login(bailleur_user(bailleur=residence.programme.bailleur))
    assert client.get(step_url(residence, "edd")).status_code == 404
    response = client.get(step_url(residence, "cadastre"))
    assert [link["slug"] for link in response.context["stepper"]["links"]][2:4] == ["cadastre", "financement"]
    assert response.context["stepper"]["next_step_title"] == "Financement"

    residence.statut = S.PUBLIEE
    residence.save(update_fields=["statut"])
    client.force_login(instructeur_user(administration=residence.programme.administration))
    response = client.get(step_url(residence, "edd"))
    assert response.status_code == 200
    assert response.context["stepper"]["links"][3]["slug"] == "edd"


def test_the_edd_rules_apply_with_the_step():
    residence = complete_foyer_convention(nature="PENSIONSDEFAMILLE")
    LogementEDDFactory(programme=residence.programme, designation="X1", numero_lot="")  # numéro de lot missing
    assert not [error for error in rules.convention_errors(residence) if error.step == "edd"]
    residence.statut = S.PUBLICATION_EN_COURS
    residence.save(update_fields=["statut"])
    assert [error.field for error in rules.convention_errors(residence) if error.step == "edd"] == ["numero_lot"]


def test_the_avenant_of_a_residence_keeps_the_edd_step():
    from conventions.steps.avenants import AVENANT_RESIDENCE, TYPES_AVENANT_PAR_KIND

    assert "edd" in AVENANT_RESIDENCE.slugs
    assert "edd" in TYPES_AVENANT_PAR_KIND["residence"]
