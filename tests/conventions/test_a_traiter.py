"""« À traiter » (home page), the tabs and filters of the list, saved filters, the bailleur autocomplete, the weekly
digest."""

import datetime

import pytest
from django.core import mail
from django.core.cache import cache
from django.core.management import call_command
from django.utils import timezone

from conventions import queue
from conventions.digest import envoyer_resumes
from conventions.enums import ConventionStatut
from conventions.models import AbonnementResume, Convention, DelaiTraitement, FiltreEnregistre
from tests.conftest import clear_caches
from tests.conventions.factories import ConventionFactory
from tests.users.factories import AdministrationFactory, BailleurFactory, bailleur_user, instructeur_user

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _roles(db):
    call_command("seed_roles", verbosity=0)
    clear_caches()


@pytest.fixture
def world():
    bailleur, administration = BailleurFactory(nom="Habitat Provence"), AdministrationFactory()
    where = {"lot__programme__bailleur": bailleur, "lot__programme__administration": administration}
    old = timezone.now() - datetime.timedelta(days=40)
    made = {
        "instruction_old": ConventionFactory(instruction=True, **where),
        "instruction_new": ConventionFactory(instruction=True, **where),
        "corrections": ConventionFactory(corrections=True, **where),
        "projet": ConventionFactory(**where),
        "signee": ConventionFactory(signee=True, date_signature=datetime.date(2024, 3, 1), **where),
        "other": ConventionFactory(instruction=True),
    }
    Convention.objects.filter(pk=made["instruction_old"].pk).update(statut_depuis=old)
    return {
        "bailleur": bailleur,
        "administration": administration,
        "conventions": made,
        "instructeur": instructeur_user(administration=administration),
        "bailleur_user": bailleur_user(bailleur=bailleur),
    }


def _groupes(user):
    return {(g.cote, g.statut): g for g in queue.a_traiter(user)}


def test_instructeur_queue_oldest_first_with_late_marked(world):
    groupes = _groupes(world["instructeur"])
    instruire = groupes[("instructeur", ConventionStatut.INSTRUCTION)]
    assert instruire.nombre == 2 and instruire.en_retard == 1  # 40 days > 21 (national default)
    assert [ligne.convention for ligne in instruire.lignes][0] == world["conventions"]["instruction_old"]
    assert instruire.lignes[0].en_retard and instruire.lignes[0].jours == 40
    assert not instruire.lignes[1].en_retard
    assert ("bailleur", ConventionStatut.CORRECTIONS) not in groupes  # not the instructeur's side


def test_threshold_of_the_administration_overrides_the_national_one(world):
    DelaiTraitement.objects.create(
        administration=world["administration"], statut=ConventionStatut.INSTRUCTION, jours=60
    )
    instruire = _groupes(world["instructeur"])[("instructeur", ConventionStatut.INSTRUCTION)]
    assert instruire.en_retard == 0 and not instruire.lignes[0].en_retard and instruire.lignes[0].seuil == 60


def test_bailleur_queue(world):
    groupes = _groupes(world["bailleur_user"])
    assert groupes[("bailleur", ConventionStatut.CORRECTIONS)].nombre == 1
    assert groupes[("bailleur", ConventionStatut.PROJET)].nombre == 1
    assert ("instructeur", ConventionStatut.INSTRUCTION) not in groupes


def test_home_page_query_count_and_menu_count(client, world, django_assert_num_queries):
    client.force_login(world["instructeur"])
    client.get("/")  # permission caches warmed like a real visit
    # session, user, roles, thresholds, rows of the one non-empty group (« À faire signer » is empty: no query),
    # subscription; the counts (one aggregate for every group) are cached by the first visit, and the menu count
    # comes from them
    with django_assert_num_queries(6):
        response = client.get("/")
    content = response.content.decode()
    assert "À instruire" in content and "40 jours" in content
    assert world["conventions"]["other"].programme.nom not in content
    assert response.context["a_traiter_compte"] == 2


def test_menu_count_is_cached(client, world, django_assert_num_queries):
    client.force_login(world["bailleur_user"])
    client.get("/conventions/")
    assert cache.get(queue.cache_key(world["bailleur_user"])) == 2  # corrections + projet


def test_tabs_with_counts_and_query_count(client, world, django_assert_num_queries):
    client.force_login(world["bailleur_user"])
    client.get("/conventions/")
    # session, user, roles, départements, the page's ids, its rows with the avenants shown under them (1),
    # saved filters; the permissions of the role groups, the tab counts, the signature years and the menu count
    # were cached by the first visit (the paginator's count with them)
    with django_assert_num_queries(7):
        response = client.get("/conventions/", {"onglet": "finalisees"})
    tabs = {t["key"]: t for t in response.context["onglets"]}
    assert (tabs[""]["count"], tabs["en_cours"]["count"], tabs["finalisees"]["count"]) == (5, 4, 1)
    assert tabs["finalisees"]["active"]
    assert [row["convention"] for row in response.context["rows"]] == [world["conventions"]["signee"]]


def test_only_years_present_are_offered(client, world):
    client.force_login(world["bailleur_user"])
    response = client.get("/conventions/")
    assert [value for value, _label in response.context["form"].fields["annee"].widget.choices] == ["", "2024"]


def test_more_filters_and_sort(client, world):
    client.force_login(world["bailleur_user"])

    def found(**params):
        return {row["convention"] for row in client.get("/conventions/", params).context["rows"]}

    conventions = world["conventions"]
    assert found(bailleur=str(world["bailleur"].uuid)) == set(conventions.values()) - {conventions["other"]}
    assert found(departement=conventions["projet"].programme.code_postal[:2]) >= {conventions["projet"]}
    assert found(anru="true") == set()
    assert found(commune="zzz") == set()
    assert found(statut="corrections,projet") == {conventions["corrections"], conventions["projet"]}
    response = client.get("/conventions/", {"tri": "-statut", "onglet": "en_cours"})
    statuts = [row["convention"].statut for row in response.context["rows"]]
    assert statuts == sorted(statuts, reverse=True)


def test_export_keeps_the_filters(client, world):
    from openpyxl import load_workbook

    client.force_login(world["bailleur_user"])
    response = client.get("/conventions/export/", {"onglet": "finalisees"})
    sheet = load_workbook(filename=__import__("io").BytesIO(b"".join(response.streaming_content))).active
    assert sheet.max_row == 2  # header + the one signed convention


def test_saved_filters(client, world):
    user = world["bailleur_user"]
    client.force_login(user)
    response = client.post("/conventions/filtres/", {"nom": "À corriger", "parametres": "statut=corrections&page=3"})
    assert response.status_code == 302 and response["Location"] == "/conventions/?statut=corrections"
    filtre = FiltreEnregistre.objects.get(user=user)
    assert filtre.parametres == "statut=corrections"
    assert "À corriger" in client.get("/conventions/").content.decode()
    response = client.post("/conventions/filtres/", {"nom": "", "parametres": "statut=projet"})
    assert response.status_code == 302 and FiltreEnregistre.objects.filter(user=user).count() == 1


def test_bailleur_autocomplete_is_scoped(client, world):
    BailleurFactory(nom="Habitat Ailleurs")  # no convention the user sees
    client.force_login(world["instructeur"])
    results = client.get("/conventions/bailleurs/suggestions/", {"q": "habit"}).json()["results"]
    assert [r["nom"] for r in results] == ["Habitat Provence"]
    siren = world["bailleur"].siret[:9]
    assert client.get("/conventions/bailleurs/suggestions/", {"q": siren}).json()["results"][0]["siren"] == siren


def test_weekly_digest_opt_in_and_once_a_week(client, world):
    user = world["instructeur"]
    client.force_login(user)
    client.post("/conventions/a-traiter/resume-hebdomadaire/", {"abonne": "1"})
    assert AbonnementResume.objects.filter(user=user).exists()
    mail.outbox.clear()
    assert envoyer_resumes() == 1
    assert len(mail.outbox) == 1 and mail.outbox[0].to == [user.email]
    assert "À instruire : 2" in mail.outbox[0].body
    assert envoyer_resumes() == 0  # not twice the same week
    client.post("/conventions/a-traiter/resume-hebdomadaire/", {"abonne": "0"})
    assert not AbonnementResume.objects.exists()


@pytest.mark.django_db
def test_queue_rows_escape_and_show_the_days_in_status():
    from conventions.queue import Ligne
    from conventions.views.list_rows import lignes_a_traiter_html
    from tests.conventions.factories import ConventionFactory

    convention = ConventionFactory(
        lot__programme__nom="Les <b>Mimosas</b>", lot__programme__ville="Aix & Milles", numero="13.1.26.0007"
    )
    html = str(lignes_a_traiter_html([Ligne(convention, 1, 21, "À instruire"), Ligne(convention, 40, 21, "x")]))
    assert "<b>" not in html and "Les &lt;b&gt;Mimosas&lt;/b&gt;" in html
    assert f'href="/conventions/{convention.uuid}/"' in html
    assert "Aix &amp; Milles – convention 13.1.26.0007" in html
    assert ">1 jour<" in html
    assert 'fr-badge--warning" title="Délai prévu : 21 jours">40 jours</p>' in html


@pytest.mark.django_db
def test_queue_rows_say_which_are_avenants():
    """An avenant waits under its operation's name, like its convention: the row says it is an avenant."""
    from conventions.queue import Ligne
    from conventions.views.list_rows import lignes_a_traiter_html

    convention = ConventionFactory(lot__programme__ville="Martigues", numero="13.1.26.0007")
    sans_numero = ConventionFactory(parent=convention, lot__programme__ville="Martigues")
    numerote = ConventionFactory(parent=convention, lot__programme__ville="Martigues", numero_avenant=2)
    html = str(lignes_a_traiter_html([Ligne(c, 1, 21, "À instruire") for c in (convention, sans_numero, numerote)]))
    assert "Martigues – convention 13.1.26.0007</span>" in html
    assert "Martigues – avenant</span>" in html
    assert "Martigues – avenant n° 2</span>" in html


def test_queue_rows_are_read_again_in_one_query_until_a_write(client, world, django_assert_num_queries):
    user = world["bailleur_user"]
    client.force_login(user)
    client.get("/")
    # session, user, roles, département filter, the rows of both non-empty groups (« À corriger », « Brouillons »)
    # in one query (their ids were kept by the first visit), subscription
    with django_assert_num_queries(6):
        response = client.get("/")
    groupes = {g.statut: g for g in response.context["groupes"]}
    assert [ligne.convention for ligne in groupes[ConventionStatut.PROJET].lignes] == [world["conventions"]["projet"]]
    projet = world["conventions"]["projet"]
    projet.statut = ConventionStatut.INSTRUCTION
    projet.save()
    groupes = {g.statut: g for g in client.get("/").context["groupes"]}
    assert ConventionStatut.PROJET not in groupes or groupes[ConventionStatut.PROJET].nombre == 0
    assert groupes[ConventionStatut.CORRECTIONS].lignes[0].convention == world["conventions"]["corrections"]
