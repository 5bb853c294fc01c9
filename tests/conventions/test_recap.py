from decimal import Decimal

import pytest
from django.core.management import call_command

from conventions.enums import ConventionStatut
from conventions.models import Convention
from tests.conventions.factories import (
    CommentFactory,
    ConventionFactory,
    ConventionHistoryFactory,
    PretFactory,
)
from tests.programmes.factories import (
    AnnexeFactory,
    LogementFactory,
    ReferenceCadastraleFactory,
    TypeStationnementFactory,
)
from tests.users.factories import BailleurFactory, bailleur_user, instructeur_user

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _roles(db):
    call_command("seed_roles", verbosity=0)


def url(convention):
    return f"/conventions/{convention.uuid}/"


def _full_convention(n_logements=2, **kwargs):
    convention = ConventionFactory(**kwargs)
    for i in range(n_logements):
        logement = LogementFactory(lot=convention.lot, designation=f"Lgt {i}")
        AnnexeFactory(logement=logement)
    PretFactory(convention=convention, montant=Decimal("1000000.50"))
    PretFactory(convention=convention, montant=Decimal("250000.00"))
    ReferenceCadastraleFactory(programme=convention.programme)
    TypeStationnementFactory(lot=convention.lot)
    ConventionHistoryFactory(convention=convention)
    return convention


def test_recap_shows_every_block_with_totals(client):
    convention = _full_convention(n_logements=3)
    client.force_login(bailleur_user(bailleur=convention.programme.bailleur))
    response = client.get(url(convention))
    assert response.status_code == 200
    content = response.content.decode()
    assert "<title>Récapitulatif – Convention – APiLos</title>" in content
    assert content.count("<h1") == 1
    for titre in ("Bailleur", "Opération", "Cadastre", "EDD", "Financement", "Logements", "Annexes", "Stationnements"):
        assert f">{titre}" in content or titre in content
    totaux = response.context["totaux"]
    assert totaux.nombre == 3
    assert totaux.surface_utile == Decimal("195.00")
    assert totaux.loyer == Decimal("1267.50")  # 3 × 65 m² × 6.50 €
    assert "1 250 000,50 €" in content.replace("\xa0", " ") or "1250000,50" in content
    assert "195,00 m²" in content


# session, user, roles, département filter, convention + 3 prefetches (prêts, cadastre, historique: the avenants,
# avenant types, attached files, parkings and comments are not asked for when the convention's row says, by a bit each
# (selectors.RelationsPresentes), that it has none; the permissions of the user's role groups come from the cache
# after the first visit: users.models.permissions_of_groups); no session write on a read-only view. A convention being
# prepared: its dwellings and EDD rows loaded once (2), read by the document check (issue 16), the business rules
# ("points à régler", + the lots: 1) and the totals, typologies and EDD summary (computed from them); its annexes once
# (1), for the document check and the annexes summary; the document check's avenant types (1; no locaux collectifs for
# ordinary housing, whose documents do not print them).
RECAP_QUERIES = 13


def test_recap_query_count_does_not_depend_on_dwellings(client, django_assert_num_queries):
    small = _full_convention(n_logements=1)
    big = _full_convention(n_logements=25, lot__programme__bailleur=small.programme.bailleur)
    client.force_login(bailleur_user(bailleur=small.programme.bailleur))
    client.get(url(small))  # warm caches (content types…)
    with django_assert_num_queries(RECAP_QUERIES):
        client.get(url(small))
    with django_assert_num_queries(RECAP_QUERIES):
        response = client.get(url(big))
    assert response.context["totaux"].nombre == 25


def test_recap_out_of_scope_is_404(client):
    convention = ConventionFactory()
    client.force_login(bailleur_user())
    assert client.get(url(convention)).status_code == 404
    client.force_login(instructeur_user())
    assert client.get(url(convention)).status_code == 404


def test_action_panel_depends_on_role_and_status(client):
    convention = ConventionFactory()
    bailleur = bailleur_user(bailleur=convention.programme.bailleur)
    instructeur = instructeur_user(administration=convention.programme.administration)
    client.force_login(bailleur)
    names = [a["name"] for a in client.get(url(convention)).context["actions"]]
    assert names == ["soumettre", "annuler", "supprimer"]
    client.force_login(instructeur)
    names = [a["name"] for a in client.get(url(convention)).context["actions"]]
    assert names == ["annuler"]

    Convention.objects.filter(pk=convention.pk).update(statut=ConventionStatut.INSTRUCTION)
    response = client.get(url(convention))
    names = [a["name"] for a in response.context["actions"]]
    assert names == ["demander_corrections", "valider", "annuler"]
    valider = next(a for a in response.context["actions"] if a["name"] == "valider")
    assert valider["form"].initial["numero"].startswith("13.D.")
    content = response.content.decode()
    assert 'name="send_copy"' in content and "checked" in content
    client.force_login(bailleur)
    assert [a["name"] for a in client.get(url(convention)).context["actions"]] == ["annuler"]


def test_delete_uses_a_dsfr_modal(client):
    convention = ConventionFactory()
    client.force_login(bailleur_user(bailleur=convention.programme.bailleur))
    content = client.get(url(convention)).content.decode()
    assert 'aria-controls="modal-supprimer"' in content
    assert 'id="modal-supprimer"' in content
    assert "<script" not in content.split("</main>")[0]  # no inline script in the page body


def test_open_comments_and_history_are_shown(client):
    convention = ConventionFactory(corrections=True)
    CommentFactory(convention=convention, message="Le nom est incomplet.")
    CommentFactory(convention=convention, message="Déjà vu.", statut="CLOS")
    ConventionHistoryFactory(
        convention=convention,
        statut_precedent=ConventionStatut.INSTRUCTION,
        statut=ConventionStatut.CORRECTIONS,
        action="demander_corrections",
        commentaire="Merci de reprendre le nom.",
    )
    client.force_login(bailleur_user(bailleur=convention.programme.bailleur))
    response = client.get(url(convention))
    content = response.content.decode()
    assert "Le nom est incomplet." in content
    assert "Déjà vu." not in content  # closed comments are hidden
    assert "Opération – nom de l&#x27;opération" in content
    assert "Merci de reprendre le nom." in content
    assert "En instruction → En correction" in content
    assert "Marquer comme résolu" in content


def test_type1and2_block_only_for_bailleurs_neither_hlm_nor_sem(client):
    hlm = ConventionFactory()
    assoc = ConventionFactory(lot__programme__bailleur=BailleurFactory(type1and2=True))
    client.force_login(bailleur_user(bailleur=hlm.programme.bailleur))
    assert "Type de convention" not in client.get(url(hlm)).content.decode()
    client.force_login(bailleur_user(bailleur=assoc.programme.bailleur))
    response = client.get(url(assoc))
    assert response.context["type_form"] is not None
    content = response.content.decode()
    assert "Type de convention" in content
    assert "Logements financés par un PLA-I" in content


def test_set_type2_with_options(client):
    convention = ConventionFactory(lot__programme__bailleur=BailleurFactory(type1and2=True))
    client.force_login(bailleur_user(bailleur=convention.programme.bailleur))
    response = client.post(
        f"/conventions/{convention.uuid}/type-convention/", {"type1and2": "Type2", "option2": "on", "option8": "on"}
    )
    assert response.status_code == 302
    convention.refresh_from_db()
    assert convention.type1and2 == "Type2"
    assert convention.type2_options() == {1: False, 2: True, 3: False, 4: False, 5: False, 6: False, 7: False, 8: True}


def test_set_type_refused_after_validation_and_for_hlm(client):
    signee = ConventionFactory(a_signer=True, lot__programme__bailleur=BailleurFactory(type1and2=True))
    client.force_login(bailleur_user(bailleur=signee.programme.bailleur))
    response = client.post(f"/conventions/{signee.uuid}/type-convention/", {"type1and2": "Type1"})
    assert response.status_code == 403
    signee.refresh_from_db()
    assert signee.type1and2 == ""
    hlm = ConventionFactory()
    client.force_login(bailleur_user(bailleur=hlm.programme.bailleur))
    assert client.post(f"/conventions/{hlm.uuid}/type-convention/", {"type1and2": "Type1"}).status_code == 403


def test_edit_links_only_when_editable(client):
    convention = ConventionFactory(instruction=True)
    client.force_login(bailleur_user(bailleur=convention.programme.bailleur))
    response = client.get(url(convention))
    assert response.context["edit_links"] == {}
    assert response.context["can_edit"] is False
    client.force_login(instructeur_user(administration=convention.programme.administration))
    links = client.get(url(convention)).context["edit_links"]
    assert links["logements"] == f"/conventions/{convention.uuid}/logements/?retour=recap"
    assert set(links) == {
        "bailleur",
        "operation",
        "cadastre",
        "edd",
        "financement",
        "logements",
        "annexes",
        "stationnements",
        "commentaires",
    }


def test_during_corrections_the_bailleur_edits_only_commented_blocks(client):
    convention = ConventionFactory(corrections=True)
    CommentFactory(convention=convention, nom_objet="logement", champ_objet="table")
    client.force_login(bailleur_user(bailleur=convention.programme.bailleur))
    response = client.get(url(convention))
    assert set(response.context["edit_links"]) == {"logements"}
    assert f"/conventions/{convention.uuid}/logements/?retour=recap#commentaires-logement__table" in (
        response.content.decode()
    )


def test_points_to_fix_before_submitting_link_to_their_step(client):
    convention = ConventionFactory()  # a bare draft: the rules have things to say
    client.force_login(bailleur_user(bailleur=convention.programme.bailleur))
    response = client.get(url(convention))
    points = response.context["points_a_completer"]
    assert points
    assert "à régler avant de transmettre" in response.content.decode()
    assert all(point["url"].startswith(f"/conventions/{convention.uuid}/") for point in points if point["url"])
    # Not for who cannot act on it now.
    client.force_login(instructeur_user(administration=convention.programme.administration))
    assert client.get(url(convention)).context["points_a_completer"] == []


def test_instructeur_is_told_to_choose_the_type_before_validating(client):
    convention = ConventionFactory(instruction=True, lot__programme__bailleur=BailleurFactory(type1and2=True))
    client.force_login(instructeur_user(administration=convention.programme.administration))
    points = client.get(url(convention)).context["points_a_completer"]
    assert any(point["url"] == "#type-convention" for point in points)
