"""« Seconde vie » (reference §13.4): the operation's flag, the former conventions linked within the user's
perimeter and journaled, the recap, the API, the list filter, the SIAP aide, and the seconde-vie documents."""

import pytest
from django.urls import reverse

from conventions.documents import modeles as m
from conventions.enums import ConventionStatut
from conventions.models import ConventionHistory
from programmes.enums import NatureLogement
from siap.operations import is_seconde_vie
from tests.api.conftest import jwt_client
from tests.conventions.documents.donnees import convention_complete
from tests.conventions.documents.test_modeles_complets import rendre
from tests.conventions.factories import ConventionFactory
from tests.programmes.factories import LotFactory, ProgrammeFactory
from tests.users.factories import bailleur_user, instructeur_user

pytestmark = pytest.mark.django_db


def ancienne(programme=None, numero="13.D.99.0001", **kwargs):
    """A validated former convention (same bailleur and administration as `programme` when given)."""
    if programme is not None:
        kwargs["lot"] = LotFactory(
            programme=ProgrammeFactory(bailleur=programme.bailleur, administration=programme.administration)
        )
    return ConventionFactory(signee=True, numero=numero, **kwargs)


def seconde_vie(convention):
    convention.programme.seconde_vie = True
    convention.programme.save()
    return convention


def page(convention, q=""):
    return reverse("conventions:seconde_vie", args=[convention.uuid]) + (f"?q={q}" if q else "")


# --- The documents -----------------------------------------------------------------------------------------------


def test_a_seconde_vie_convention_with_parents_prints_the_seconde_vie_avenant_with_their_numbers():
    convention = seconde_vie(convention_complete())
    convention.parents_2nd_vie.add(
        ancienne(convention.programme, "13.D.98.0007"), ancienne(convention.programme, "13.D.97.0003")
    )
    assert m.choose_template(convention) == m.SECONDE_VIE_HLM
    contenu = rendre(convention)
    assert "13.D.97.0003, 13.D.98.0007" in contenu  # sorted by number
    assert "seconde vie" in contenu

    convention.programme.nature_logement = NatureLogement.AUTRE
    convention.programme.save()
    assert m.choose_template(convention) == m.SECONDE_VIE_FOYER
    assert "13.D.97.0003, 13.D.98.0007" in rendre(convention)


def test_parents_without_the_flag_or_a_flag_without_parents_keep_the_ordinary_model():
    convention = convention_complete()
    convention.parents_2nd_vie.add(ancienne(convention.programme))
    assert m.choose_template(convention) == m.HLM  # parents, but the operation is not « seconde vie »
    convention.parents_2nd_vie.clear()
    seconde_vie(convention)
    assert m.choose_template(convention) == m.HLM  # « seconde vie », but no former convention linked yet


# --- Setting the flag and the parents ---------------------------------------------------------------------------


def test_operation_step_sets_the_flag(client, seeded_roles):
    from tests.conventions.test_steps import browser_data

    convention = ConventionFactory()
    client.force_login(bailleur_user(bailleur=convention.programme.bailleur))
    url = reverse("conventions:etape", args=[convention.uuid, "operation"])
    data = browser_data(client.get(url))
    data.update({"ville": "Aix-en-Provence", "code_postal": "13090", "nb_logements": "2", "seconde_vie": "on"})
    assert client.post(url, data).status_code == 302
    convention.programme.refresh_from_db()
    assert convention.programme.seconde_vie is True


def test_bailleur_searches_and_links_a_former_convention_of_its_perimeter(client, seeded_roles):
    convention = seconde_vie(ConventionFactory())
    mienne = ancienne(convention.programme, "13.D.98.0042")
    autre = ancienne(None, "13.D.98.0043")  # another bailleur, another administration
    projet = ConventionFactory(lot=LotFactory(programme=convention.programme))  # never validated
    bailleur = bailleur_user(bailleur=convention.programme.bailleur)
    client.force_login(bailleur)

    reponse = client.get(page(convention, "13.D.98"))
    assert reponse.status_code == 200
    assert [c.pk for c in reponse.context["resultats"]] == [mienne.pk]  # neither out of scope nor a draft
    assert projet.pk not in [c.pk for c in reponse.context["resultats"]]

    reponse = client.post(page(convention, "13.D.98"), {"ajouter": str(mienne.uuid)})
    assert reponse.status_code == 302 and reponse["Location"].endswith("?q=13.D.98")
    assert list(convention.parents_2nd_vie.all()) == [mienne]
    [entree] = ConventionHistory.objects.filter(convention=convention, action="seconde_vie_parent_ajoute")
    assert entree.user == bailleur and "13.D.98.0042" in entree.description

    # another bailleur's convention, posted by its uuid anyway, is refused with a message
    reponse = client.post(page(convention), {"ajouter": str(autre.uuid)}, follow=True)
    assert "ne peut pas être rattachée" in reponse.content.decode()
    assert list(convention.parents_2nd_vie.all()) == [mienne]
    client.post(page(convention), {"ajouter": "pas-un-uuid"})
    assert list(convention.parents_2nd_vie.all()) == [mienne]

    # shown on the recap, then removed (journaled)
    recap = client.get(reverse("conventions:recap", args=[convention.uuid])).content.decode()
    assert "Opération « seconde vie »" in recap and "13.D.98.0042" in recap
    client.post(page(convention), {"retirer": str(mienne.uuid)})
    assert not convention.parents_2nd_vie.exists()
    assert ConventionHistory.objects.filter(convention=convention, action="seconde_vie_parent_retire").exists()


def test_instructeur_links_while_instructing(client, seeded_roles):
    convention = seconde_vie(ConventionFactory(instruction=True))
    parent = ancienne(convention.programme)
    client.force_login(instructeur_user(administration=convention.programme.administration))
    client.post(page(convention), {"ajouter": str(parent.uuid)})
    assert list(convention.parents_2nd_vie.all()) == [parent]


def test_who_may_not_link(client, seeded_roles):
    convention = seconde_vie(ConventionFactory(instruction=True))  # the bailleur no longer edits it
    parent = ancienne(convention.programme)
    client.force_login(bailleur_user(bailleur=convention.programme.bailleur))
    assert client.get(page(convention)).status_code == 200  # reads the page
    assert client.post(page(convention), {"ajouter": str(parent.uuid)}).status_code == 403
    for dehors in (bailleur_user(), instructeur_user()):
        client.force_login(dehors)
        assert client.get(page(convention)).status_code == 404
        assert client.post(page(convention), {"ajouter": str(parent.uuid)}).status_code == 404
    # not a seconde-vie operation: nothing to link
    ordinaire = ConventionFactory()
    client.force_login(bailleur_user(bailleur=ordinaire.programme.bailleur))
    assert client.post(page(ordinaire), {"ajouter": str(parent.uuid)}).status_code == 403
    assert not convention.parents_2nd_vie.exists() and not ordinaire.parents_2nd_vie.exists()


# --- API, list filter, SIAP -------------------------------------------------------------------------------------


def test_api_detail_and_list_filter(seeded_roles):
    convention = seconde_vie(ConventionFactory(instruction=True))
    parent = ancienne(convention.programme, "13.D.98.0042")
    convention.parents_2nd_vie.add(parent)
    ordinaire = ConventionFactory(lot=LotFactory(programme=ProgrammeFactory(
        bailleur=convention.programme.bailleur, administration=convention.programme.administration
    )))  # fmt: skip
    client = jwt_client(instructeur_user(administration=convention.programme.administration))
    detail = client.get(f"/api/v1/conventions/{convention.uuid}/").json()
    assert detail["seconde_vie"] is True
    assert detail["parents_2nd_vie"] == [
        {"uuid": str(parent.uuid), "numero": "13.D.98.0042", "statut": ConventionStatut.SIGNEE}
    ]
    assert client.get(f"/api/v1/conventions/{ordinaire.uuid}/").json()["parents_2nd_vie"] == []
    oui = {item["uuid"] for item in client.get("/api/v1/conventions/?seconde_vie=true").json()["results"]}
    non = {item["uuid"] for item in client.get("/api/v1/conventions/?seconde_vie=false").json()["results"]}
    assert oui == {str(convention.uuid)} and str(ordinaire.uuid) in non and str(convention.uuid) not in non


def test_list_page_filter(client, seeded_roles):
    convention = seconde_vie(ConventionFactory())
    ordinaire = ConventionFactory(lot=LotFactory(programme=ProgrammeFactory(bailleur=convention.programme.bailleur)))
    client.force_login(bailleur_user(bailleur=convention.programme.bailleur))
    contenu = client.get(reverse("conventions:list") + "?seconde_vie=true").content.decode()
    assert str(convention.uuid) in contenu and str(ordinaire.uuid) not in contenu


def test_siap_aide_marks_a_seconde_vie_operation():
    assert is_seconde_vie({"aides": [{"code": "PLUS"}, {"code": "SECD_VIE", "libelle": "Seconde vie"}]})
    assert not is_seconde_vie({"aides": [{"code": "PLUS"}]}) and not is_seconde_vie({})
