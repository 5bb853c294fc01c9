import pytest
from django.core.management import call_command

from conventions.enums import ConventionStatut
from conventions.models import Convention, ConventionHistory
from conventions.services.creation import convention_create_from_lot, convention_create_from_scratch
from conventions.workflow import TransitionNotAllowed, ValidationRefused
from programmes.models import Programme
from tests.conventions.factories import ConventionFactory
from tests.programmes.factories import LotFactory
from tests.users.factories import (
    AdministrationFactory,
    BailleurFactory,
    UserFactory,
    bailleur_user,
    instructeur_user,
)

pytestmark = pytest.mark.django_db
URL = "/conventions/nouvelle/"


@pytest.fixture(autouse=True)
def _roles(db):
    call_command("seed_roles", verbosity=0)


SCRATCH = {
    "mode": "creation",
    "creation-nom": "Les Jardins du Port",
    "creation-nb_logements": "12",
    "creation-financement": "PLAI",
    "creation-type_habitat": "COLLECTIF",
    "creation-code_postal": "13002",
    "creation-ville": "Marseille",
}


def test_page_for_bailleur(client):
    lot = LotFactory()
    client.force_login(bailleur_user(bailleur=lot.programme.bailleur))
    response = client.get(URL)
    assert response.status_code == 200
    content = response.content.decode()
    assert content.count("<h1") == 1
    assert lot.programme.nom in content
    assert '<label for="id_creation-nom"' in content or 'for="id_creation-nom"' in content


def test_create_from_lot_lands_on_first_step(client):
    lot = LotFactory()
    user = bailleur_user(bailleur=lot.programme.bailleur)
    client.force_login(user)
    response = client.post(URL, {"mode": "lot", "lot-lot": lot.pk})
    convention = Convention.objects.get(lot=lot)
    assert response.status_code == 302
    assert response["Location"] == f"/conventions/{convention.uuid}/bailleur/"
    assert convention.statut == ConventionStatut.PROJET
    assert convention.cree_par == user
    history = ConventionHistory.objects.get(convention=convention)
    assert history.action == "creer" and history.user == user


def test_create_from_lot_refused_when_active_convention_exists(client):
    existing = ConventionFactory(instruction=True)
    client.force_login(bailleur_user(bailleur=existing.programme.bailleur))
    response = client.post(URL, {"mode": "lot", "lot-lot": existing.lot.pk})
    assert response.status_code == 200
    assert "déjà en cours" in response.content.decode()
    assert Convention.objects.filter(lot=existing.lot).count() == 1


def test_lot_after_cancelled_convention_can_be_reused(client):
    cancelled = ConventionFactory(annulee=True)
    client.force_login(bailleur_user(bailleur=cancelled.programme.bailleur))
    response = client.post(URL, {"mode": "lot", "lot-lot": cancelled.lot.pk})
    assert response.status_code == 302
    assert Convention.objects.filter(lot=cancelled.lot).count() == 2


def test_lot_of_another_bailleur_is_not_offered(client):
    lot = LotFactory()
    client.force_login(bailleur_user())
    response = client.post(URL, {"mode": "lot", "lot-lot": lot.pk})
    assert response.status_code == 200
    assert not Convention.objects.exists()
    assert "pas accessible" in response.content.decode()


def test_create_from_scratch_as_bailleur(client):
    bailleur = BailleurFactory()
    client.force_login(bailleur_user(bailleur=bailleur))
    response = client.post(URL, {**SCRATCH, "creation-bailleur": bailleur.pk})
    assert response.status_code == 302
    convention = Convention.objects.get()
    assert convention.programme.nom == "Les Jardins du Port"
    assert convention.programme.bailleur == bailleur
    assert convention.programme.administration is None
    assert convention.lot.financement == "PLAI" and convention.lot.nb_logements == 12


def test_bailleur_may_name_the_instruction_service(client):
    bailleur = BailleurFactory()
    administration = AdministrationFactory()
    client.force_login(bailleur_user(bailleur=bailleur))
    response = client.post(
        URL, {**SCRATCH, "creation-bailleur": bailleur.pk, "creation-administration": administration.pk}
    )
    assert response.status_code == 302
    convention = Convention.objects.get()
    assert convention.programme.administration == administration
    # …so the instructeurs of that service see it.
    assert Convention.objects.visible_to(instructeur_user(administration=administration)).get() == convention


def test_instructeur_cannot_attach_another_administration():
    administration = AdministrationFactory()
    with pytest.raises(TransitionNotAllowed):
        convention_create_from_scratch(
            user=instructeur_user(administration=administration),
            bailleur=BailleurFactory(),
            administration=AdministrationFactory(),
            nom="X",
            nb_logements=1,
            financement="PLUS",
            type_habitat="MIXTE",
            code_postal="13001",
            ville="Marseille",
        )


def test_bailleur_cannot_create_for_another_bailleur(client):
    other = BailleurFactory()
    client.force_login(bailleur_user())
    response = client.post(URL, {**SCRATCH, "creation-bailleur": other.pk})
    assert response.status_code == 200
    assert not Programme.objects.exists()


def test_instructeur_creates_for_any_bailleur_in_its_administration(client):
    administration = AdministrationFactory()
    bailleur = BailleurFactory()
    client.force_login(instructeur_user(administration=administration))
    response = client.post(URL, {**SCRATCH, "creation-bailleur": bailleur.pk})
    assert response.status_code == 302
    programme = Programme.objects.get()
    assert programme.administration == administration
    assert programme.bailleur == bailleur


def test_invalid_input_keeps_what_was_typed(client):
    bailleur = BailleurFactory()
    client.force_login(bailleur_user(bailleur=bailleur))
    response = client.post(
        URL, {**SCRATCH, "creation-bailleur": bailleur.pk, "creation-code_postal": "13", "creation-nb_logements": "0"}
    )
    assert response.status_code == 200
    content = response.content.decode()
    assert "Le code postal compte 5 chiffres." in content
    assert "Il faut au moins un logement." in content
    assert "fr-input-group--error" in content
    assert 'value="Les Jardins du Port"' in content
    assert not Programme.objects.exists()


def test_user_without_role_cannot_create(client):
    client.force_login(UserFactory())
    assert client.get(URL).status_code == 403
    assert client.post(URL, SCRATCH).status_code == 403


def test_services_refuse_out_of_scope():
    lot = LotFactory()
    with pytest.raises(TransitionNotAllowed):
        convention_create_from_lot(lot=lot, user=bailleur_user())
    user = bailleur_user()
    with pytest.raises(TransitionNotAllowed):
        convention_create_from_scratch(
            user=user,
            bailleur=BailleurFactory(),
            nom="X",
            nb_logements=1,
            financement="PLUS",
            type_habitat="MIXTE",
            code_postal="13001",
            ville="Marseille",
        )
    existing = ConventionFactory()
    with pytest.raises(ValidationRefused):
        convention_create_from_lot(lot=existing.lot, user=bailleur_user(bailleur=existing.programme.bailleur))
