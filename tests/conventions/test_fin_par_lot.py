"""The batch dénonciation/résiliation page (reference §12.5, issue 14): instructeurs only, conventions chosen by
numbers or by the list's search, a preview that writes nothing, a confirmation that ends each convention through
its own special avenant, journaled; conventions out of scope or not in force are left out with their reason."""

import datetime

import pytest
from django.urls import reverse

from conventions import notifications, rules
from conventions.enums import ConventionStatut as S
from conventions.enums import TypeEvenement
from conventions.models import Convention, ConventionHistory
from tests.conventions.factories import ConventionFactory
from tests.conventions.test_permission_matrix import mixed_personas
from tests.users.factories import bailleur_user, instructeur_user

URL = reverse("conventions:fin_par_lot")
TODAY = datetime.date(2026, 3, 2)


@pytest.fixture(autouse=True)
def quiet(monkeypatch, seeded_roles):
    monkeypatch.setattr(rules, "blocking_errors", lambda convention: [])
    monkeypatch.setattr(notifications, "notify", lambda event, **kwargs: None)


@pytest.fixture
def world():
    first = ConventionFactory(statut=S.SIGNEE, numero="13.D.26.0001", date_signature=TODAY)
    programme = first.programme
    second = ConventionFactory(statut=S.PUBLIEE, numero="13.D.26.0002", date_signature=TODAY, lot__programme=programme)
    draft = ConventionFactory(statut=S.INSTRUCTION, numero="13.D.26.0003", lot__programme=programme)
    elsewhere = ConventionFactory(statut=S.SIGNEE, numero="13.D.26.0004", date_signature=TODAY)
    return {
        "first": first,
        "second": second,
        "draft": draft,
        "elsewhere": elsewhere,
        "instructeur": instructeur_user(administration=programme.administration),
        "bailleur": bailleur_user(bailleur=programme.bailleur),
        **mixed_personas(programme),
    }


def _data(**extra):
    return {
        "nature": "resiliation",
        "numeros": "13.D.26.0001\n13.D.26.0002, 13.D.26.0003; 13.D.26.0004\n99.X.00.0000",
        "filtre": "",
        "date": TODAY.isoformat(),
        "motif": "Vente du patrimoine",
        **extra,
    }


def test_preview_writes_nothing_and_says_what_each_becomes(client, world):
    client.force_login(world["instructeur"])
    response = client.post(URL, _data(apercu="1"))
    assert response.status_code == 200
    lignes = {c.numero: refus for c, refus in response.context["lignes"]}
    assert set(lignes) == {"13.D.26.0001", "13.D.26.0002", "13.D.26.0003"}  # 0004: another administration
    assert lignes["13.D.26.0001"] == lignes["13.D.26.0002"] == ""
    assert "signée ou publiée" in lignes["13.D.26.0003"]
    assert response.context["inconnues"] == ["13.D.26.0004", "99.X.00.0000"]
    assert "Confirmer la résiliation de 2 conventions" in response.content.decode()
    assert not Convention.objects.filter(parent__isnull=False).exists()
    assert Convention.objects.get(pk=world["first"].pk).statut == S.SIGNEE


def test_confirmation_ends_each_convention_and_journals_it(client, world):
    client.force_login(world["instructeur"])
    preview = client.post(URL, _data(apercu="1"))
    empreinte = preview.context["form"]["empreinte"].value()
    response = client.post(URL, _data(confirmer="1", empreinte=empreinte))
    assert response.status_code == 302 and response["Location"] == reverse("conventions:list")
    for key in ("first", "second"):
        convention = Convention.objects.get(pk=world[key].pk)
        assert (convention.statut, convention.date_resiliation) == (S.RESILIEE, TODAY)
        entry = ConventionHistory.objects.get(
            convention=convention, type_evenement=TypeEvenement.RESILIATION, statut=S.RESILIEE
        )
        assert entry.user == world["instructeur"] and entry.commentaire == "Traitement par lot"
    assert Convention.objects.get(pk=world["draft"].pk).statut == S.INSTRUCTION
    assert Convention.objects.get(pk=world["elsewhere"].pk).statut == S.SIGNEE


def test_a_selection_changed_since_the_preview_is_shown_again(client, world):
    client.force_login(world["instructeur"])
    response = client.post(URL, _data(confirmer="1", empreinte="ancienne"))
    assert response.status_code == 200
    assert any("La sélection a changé" in e for e in response.context["form"].non_field_errors())
    assert Convention.objects.get(pk=world["first"].pk).statut == S.SIGNEE


def test_selection_by_the_search_of_the_list(client, world):
    client.force_login(world["instructeur"])
    response = client.get(URL + "?statut=publiee&page=2")
    assert response.context["form"]["filtre"].value() == "statut=publiee"
    response = client.post(URL, _data(numeros="", filtre="statut=publiee", nature="denonciation", apercu="1"))
    assert [c.numero for c, _ in response.context["lignes"]] == ["13.D.26.0002"]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"numeros": "", "filtre": ""}, "Indiquez des numéros de convention"),
        ({"date": "31/02/2026"}, "Saisissez une date valide."),
        ({"motif": ""}, "Indiquez le motif."),
        ({"nature": "vendre"}, "Sélectionnez un choix valide"),
    ],
)
def test_bad_input_gets_a_french_message(client, world, data, message):
    client.force_login(world["instructeur"])
    response = client.post(URL, _data(apercu="1", **data))
    assert response.status_code == 200
    assert message in response.content.decode()


@pytest.mark.parametrize(
    "persona", ["bailleur", "readonly_instructeur_full_elsewhere", "readonly_bailleur_full_elsewhere"]
)
def test_only_instructeurs_reach_the_page_and_only_in_their_scope(client, world, persona):
    client.force_login(world[persona])
    if persona == "readonly_instructeur_full_elsewhere":
        # An instructeur elsewhere reaches the page, but this administration's conventions are not theirs to end.
        response = client.post(URL, _data(apercu="1"))
        assert response.status_code == 200 and not response.context["possibles"]
        response = client.post(URL, _data(confirmer="1", empreinte=response.context["form"]["empreinte"].value()))
        assert Convention.objects.get(pk=world["first"].pk).statut == S.SIGNEE
        return
    assert client.get(URL).status_code == 403
    assert client.post(URL, _data(confirmer="1")).status_code == 403
    assert Convention.objects.get(pk=world["first"].pk).statut == S.SIGNEE


def test_the_list_links_to_the_page_with_its_search_for_instructeurs_only(client, world):
    client.force_login(world["instructeur"])
    assert (
        reverse("conventions:fin_par_lot") + "?statut=signee"
        in client.get("/conventions/?statut=signee").content.decode()
    )
    client.force_login(world["bailleur"])
    assert reverse("conventions:fin_par_lot") not in client.get("/conventions/").content.decode()
