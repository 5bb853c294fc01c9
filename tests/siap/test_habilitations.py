"""A SIAP habilitation becomes a role: typologie, organisation, group (read-only or not), perimeter."""

import copy

import pytest

from conventions.models import Convention
from siap.client import mock_data
from siap.habilitations import (
    HabilitationError,
    SiapDataError,
    context_for,
    role_for_habilitation,
    scope_user,
    select_habilitation,
    siap_user,
)
from tests.conventions.factories import ConventionFactory
from tests.programmes.factories import LotFactory, ProgrammeFactory
from users.perms import has_perm_on

pytestmark = pytest.mark.django_db

LOGIN = "agent@developpement-durable.gouv.fr"


def _habilitation(index, **changes):
    habilitation = copy.deepcopy(mock_data.HABILITATIONS["habilitations"][index])
    for key, value in changes.items():
        habilitation[key] = value
    return habilitation


def test_departemental_perimeter_is_normalised_to_insee_codes():
    habilitation = _habilitation(
        3,
        statut="VALIDEE",
        groupe={**_habilitation(3)["groupe"], "profil": {"code": "SER_DEP"}, "codeRole": "SERV_DEP_LECTEUR"},
        porteeTerritComp={"codePortee": "DEP", "depComp": {"code": 1}, "regComp": {"code": 84}},
    )
    user = siap_user(login=LOGIN)
    role = role_for_habilitation(user=user, habilitation=habilitation, persist=True)
    assert (role.typologie, role.perimetre_departement, role.perimetre_region) == ("ADMINISTRATEUR", "01", "")
    assert role.group.name == "readonly_administrateur"


def test_the_scope_of_a_departemental_habilitation(db):
    ain = ProgrammeFactory(code_insee_departement="01", code_insee_region="84")
    ConventionFactory(lot=LotFactory(programme=ain))
    ConventionFactory(lot=LotFactory(programme=ProgrammeFactory(code_insee_departement="13")))
    habilitation = _habilitation(
        1, porteeTerritComp={"codePortee": "DEP", "depComp": {"code": 1}}, groupe={**_habilitation(1)["groupe"]}
    )
    user = siap_user(login=LOGIN)
    scope_user(user, context_for(user=user, habilitation=habilitation, login=LOGIN, persist=True))
    assert list(Convention.objects.visible_to(user).values_list("programme", flat=True)) == [ain.pk]
    assert has_perm_on(user, "conventions.change_convention", ain)


def test_read_only_habilitations_get_read_only_groups():
    habilitation = _habilitation(2, groupe={**_habilitation(2)["groupe"], "codeRole": "SERV_INSTR_LECTEUR"})
    user = siap_user(login=LOGIN)
    context = context_for(user=user, habilitation=habilitation, login=LOGIN, persist=True)
    scope_user(user, context)
    administration = context.role.administration
    programme = ProgrammeFactory(administration=administration)
    assert context.readonly and not has_perm_on(user, "conventions.change_convention", programme)
    assert has_perm_on(user, "conventions.view_convention", programme)


def test_selection_falls_back_to_the_first_valid_one_and_refuses_none():
    payload = mock_data.habilitations()
    assert select_habilitation(payload, 12)["id"] == 12
    assert select_habilitation(payload, 38)["id"] == 5
    assert select_habilitation(payload, None)["id"] == 5
    with pytest.raises(HabilitationError):
        select_habilitation({"habilitations": [h for h in payload["habilitations"] if h["id"] == 38]}, 38)


def test_unknown_profile_and_person_without_siren_are_explained():
    user = siap_user(login=LOGIN)
    unknown = _habilitation(1, groupe={**_habilitation(1)["groupe"], "profil": {"code": "INCONNU"}})
    with pytest.raises(SiapDataError, match="ne donne pas accès"):
        role_for_habilitation(user=user, habilitation=unknown, persist=False)
    physique = _habilitation(
        0, groupe={**_habilitation(0)["groupe"], "profil": {"code": "MO_PERS_PHYS"}}, entiteMorale={"nom": "M. X"}
    )
    with pytest.raises(SiapDataError, match="identifier le bailleur"):
        role_for_habilitation(user=user, habilitation=physique, persist=False)


def test_the_agent_account_is_updated_not_duplicated():
    first = siap_user(login=LOGIN, utilisateur={"nom": "Durand", "prenom": "Léa", "email": LOGIN})
    again = siap_user(login=LOGIN.upper(), utilisateur={"nom": "Durand-Martin", "prenom": "Léa", "email": LOGIN})
    assert first.pk == again.pk and again.last_name == "Durand-Martin"
