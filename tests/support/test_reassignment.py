"""Bulk reassignment: preview (dry run), one transaction, history entries, e-mails, page and command."""

import pytest
from django.core import mail
from django.core.management import CommandError, call_command
from django.urls import reverse

from conventions.models import Convention, ConventionHistory
from programmes.models import Programme
from support import reassignment
from tests.conventions.factories import ConventionFactory
from tests.programmes.factories import LotFactory, ProgrammeFactory
from tests.users.factories import AdministrationFactory, BailleurFactory, UserFactory, instructeur_user, national_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def monde():
    ddt, metropole = AdministrationFactory(code="ZDD013"), AdministrationFactory(code="ZMET13")
    p1 = ProgrammeFactory(administration=ddt, code_insee_commune="13055")
    p2 = ProgrammeFactory(administration=ddt, code_insee_commune="13001")
    p3 = ProgrammeFactory(administration=ddt, code_insee_commune="13202")
    c1 = ConventionFactory(lot=LotFactory(programme=p1), numero="13-A-0001", instruction=True)
    c1b = ConventionFactory(lot=LotFactory(programme=p1), numero="13-A-0002")  # same operation as c1
    c2 = ConventionFactory(lot=LotFactory(programme=p2), numero="13-A-0003")
    c3 = ConventionFactory(lot=LotFactory(programme=p3), numero="13-A-0004")
    return {"ddt": ddt, "metropole": metropole, "p": [p1, p2, p3], "c": [c1, c1b, c2, c3]}


def test_preview_writes_nothing_and_lists_what_changes(monde):
    c1, c1b, c2, _ = monde["c"]
    plan = reassignment.plan_conventions(
        conventions=Convention.objects.filter(numero__in=["13-A-0001", "13-A-0003", "INCONNU"]),
        champ="administration",
        cible=monde["metropole"],
        numeros_demandes=["13-A-0001", "13-A-0003", "INCONNU"],
    )
    assert [(ligne.convention.numero, ligne.entrainee) for ligne in plan.lignes] == [
        ("13-A-0001", False),
        ("13-A-0002", True),  # dragged along with its operation
        ("13-A-0003", False),
    ]
    assert all(ligne.avant == monde["ddt"] for ligne in plan.lignes)
    assert plan.inconnus == ["INCONNU"]
    assert Programme.objects.filter(administration=monde["metropole"]).count() == 0
    assert not ConventionHistory.objects.exists()


def test_apply_is_recorded_in_each_history_and_notifies(monde, django_capture_on_commit_callbacks):
    c1, c1b, c2, c3 = monde["c"]
    ancien = instructeur_user(administration=monde["ddt"], preferences_email="TOUS")
    nouveau = instructeur_user(administration=monde["metropole"], preferences_email="TOUS")
    agent = national_user()
    plan = reassignment.plan_conventions(
        conventions=Convention.objects.filter(numero__in=["13-A-0001", "13-A-0003"]),
        champ="administration",
        cible=monde["metropole"],
    )
    with django_capture_on_commit_callbacks(execute=True):
        count = reassignment.apply_plan(plan=plan, user=agent, motif="Délégation 2026", empreinte=plan.empreinte)
    assert count == 3
    for convention in (c1, c1b, c2):
        convention.refresh_from_db()
        assert convention.programme.administration == monde["metropole"]
        entry = convention.historique.get()
        assert entry.action == "reaffectation" and entry.user == agent
        assert entry.statut == entry.statut_precedent == convention.statut
        assert (
            "ZDD013" in entry.commentaire and "ZMET13" in entry.commentaire and "Délégation 2026" in entry.commentaire
        )
    assert "Déplacée avec son opération" in c1b.historique.get().commentaire
    c3.refresh_from_db()
    assert c3.programme.administration == monde["ddt"] and not c3.historique.exists()
    recipients = {tuple(m.to) for m in mail.outbox}
    assert recipients == {(ancien.email,), (nouveau.email,)}
    assert all("13-A-0001" in m.body and "Délégation 2026" in m.body for m in mail.outbox)


def test_stale_preview_is_refused(monde):
    plan = reassignment.plan_conventions(
        conventions=Convention.objects.filter(numero="13-A-0003"), champ="administration", cible=monde["metropole"]
    )
    empreinte = plan.empreinte
    Programme.objects.filter(pk=monde["p"][1].pk).update(administration=AdministrationFactory())
    fresh = reassignment.plan_conventions(
        conventions=Convention.objects.filter(numero="13-A-0003"), champ="administration", cible=monde["metropole"]
    )
    with pytest.raises(reassignment.ReassignmentError, match="a changé depuis l'aperçu"):
        reassignment.apply_plan(plan=fresh, user=None, motif="x", empreinte=empreinte)
    # and a plan whose operation moved in between is refused at write time, nothing written
    with pytest.raises(reassignment.ReassignmentError, match="modifiée entre-temps"):
        reassignment.apply_plan(plan=plan, user=None, motif="x")
    assert not ConventionHistory.objects.exists()


def test_move_to_another_bailleur(monde):
    nouveau = BailleurFactory()
    plan = reassignment.plan_conventions(
        conventions=Convention.objects.filter(numero="13-A-0004"), champ="bailleur", cible=nouveau
    )
    reassignment.apply_plan(plan=plan, user=None, motif="Fusion de bailleurs")
    c3 = monde["c"][3]
    c3.refresh_from_db()
    assert c3.programme.bailleur == nouveau
    assert c3.historique.get().commentaire.startswith("Bailleur : ")


def test_delegation_moves_the_communes_with_their_conventions(monde):
    plan = reassignment.plan_delegation(
        source=monde["ddt"], cible=monde["metropole"], communes=["13055", "13202", "75056"]
    )
    assert {p.code_insee_commune for p in plan.programmes} == {"13055", "13202"}
    assert plan.inconnus == ["75056"]
    reassignment.apply_plan(plan=plan, user=None, motif="Nouvelle délégation")
    assert set(
        Programme.objects.filter(administration=monde["metropole"]).values_list("code_insee_commune", flat=True)
    ) == {
        "13055",
        "13202",
    }
    assert ConventionHistory.objects.count() == 3


@pytest.mark.parametrize("communes", [["1305"], ["ABCDE"], []])
def test_delegation_rejects_bad_communes(monde, communes):
    with pytest.raises(reassignment.ReassignmentError):
        reassignment.plan_delegation(source=monde["ddt"], cible=monde["metropole"], communes=communes)


def test_page_preview_then_confirm(monde, client, django_capture_on_commit_callbacks):
    client.force_login(national_user())
    url = reverse("support:reaffectation_conventions")
    data = {"numeros": "13-A-0003\n13-A-0004", "champ": "administration", "destination": "zmet13", "motif": "Test"}
    preview = client.post(url, data | {"apercu": ""})
    content = preview.content.decode()
    assert preview.status_code == 200
    assert (
        "Aperçu : ce qui va changer" in content and "13-A-0003" in content and "Confirmer la réaffectation" in content
    )
    assert not ConventionHistory.objects.exists()
    empreinte = preview.context["plan"].empreinte
    with django_capture_on_commit_callbacks(execute=True):
        done = client.post(url, data | {"confirmer": "", "empreinte": empreinte})
    assert done.status_code == 302
    assert ConventionHistory.objects.filter(action="reaffectation").count() == 2


def test_page_by_list_filter(monde, client):
    client.force_login(national_user())
    url = reverse("support:reaffectation_conventions")
    form_page = client.get(url, {"q": "13-A-000", "statut": "instruction"})
    assert "statut=instruction" in form_page.content.decode()
    preview = client.post(
        url,
        {"filtre": "q=13-A-000&statut=instruction", "champ": "administration", "destination": "ZMET13", "motif": "x"},
    )
    assert [ligne.convention.numero for ligne in preview.context["plan"].lignes] == ["13-A-0001", "13-A-0002"]


def test_page_errors_are_explained(monde, client):
    client.force_login(national_user())
    url = reverse("support:reaffectation_conventions")
    response = client.post(url, {"champ": "administration", "destination": "NOPE", "motif": ""})
    content = response.content.decode()
    assert response.status_code == 200
    assert "Indiquez des numéros de convention" in content
    assert "Aucune administration n&#x27;a le code « NOPE »" in content
    assert "Indiquez le motif" in content


def test_page_is_for_the_national_team_only(monde, client):
    client.force_login(instructeur_user(administration=monde["ddt"]))
    assert client.get(reverse("support:reaffectation_conventions")).status_code == 403
    assert client.post(reverse("support:reaffectation_delegation"), {}).status_code == 403


def test_command_dry_run_then_apply(monde, capsys):
    call_command(
        "reaffecter_conventions", "--delegation", "ZDD013", "--administration", "ZMET13", "--communes", "13001"
    )
    out = capsys.readouterr().out
    assert "13-A-0003" in out and "Aperçu seulement" in out
    assert not ConventionHistory.objects.exists()
    with pytest.raises(CommandError, match="motif"):
        call_command("reaffecter_conventions", "--numeros", "13-A-0004", "--administration", "ZMET13", "--appliquer")
    call_command(
        "reaffecter_conventions",
        "--numeros",
        "13-A-0004",
        "--administration",
        "ZMET13",
        "--motif",
        "Erreur de saisie",
        "--appliquer",
    )
    assert ConventionHistory.objects.get().convention == monde["c"][3]


def test_list_links_to_reassignment_with_its_search_for_the_national_team_only(monde, client):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    content = client.get(reverse("conventions:list"), {"q": "13-A"}).content.decode()
    assert reverse("support:reaffectation_conventions") + "?q=13-A" in content
    client.force_login(instructeur_user(administration=monde["ddt"]))
    content = client.get(reverse("conventions:list"), {"q": "13-A"}).content.decode()
    assert "Réaffecter ces conventions" not in content
