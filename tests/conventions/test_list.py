import datetime
import re

import pytest
from django.core.management import call_command
from django.urls import reverse

from conventions.enums import ConventionStatut
from tests.conventions.factories import ConventionFactory
from tests.programmes.factories import LotFactory, ProgrammeFactory
from tests.users.factories import AdministrationFactory, BailleurFactory, bailleur_user, instructeur_user

pytestmark = pytest.mark.django_db
URL = "/conventions/"


@pytest.fixture(autouse=True)
def _roles(db):
    call_command("seed_roles", verbosity=0)


@pytest.fixture
def bailleur():
    return BailleurFactory(nom="Habitat Provence")


def _conventions(bailleur, administration, n, **kwargs):
    return [
        ConventionFactory(lot__programme__bailleur=bailleur, lot__programme__administration=administration, **kwargs)
        for _ in range(n)
    ]


def test_url_name():
    assert reverse("conventions:list") == URL


def test_anonymous_is_sent_to_login(client):
    response = client.get(URL)
    assert response.status_code == 302
    assert "/comptes/connexion/" in response["Location"]


def test_bailleur_sees_only_its_conventions_with_its_status_labels(client, bailleur):
    administration = AdministrationFactory()
    mine = ConventionFactory(
        corrections=True, lot__programme__bailleur=bailleur, lot__programme__administration=administration
    )
    other = ConventionFactory(lot__programme__nom="Opération d'un autre bailleur")
    client.force_login(bailleur_user(bailleur=bailleur))
    response = client.get(URL)
    assert response.status_code == 200
    content = response.content.decode()
    assert mine.programme.nom in content
    assert other.programme.nom not in content
    assert "À corriger" in content  # the bailleur's wording of "corrections"
    assert response.context["page_obj"].paginator.count == 1
    assert "<title>Conventions – APiLos</title>" in content
    search_input = re.search(r'<input[^>]*name="q"[^>]*>', content).group(0)
    assert search_input.count("type=") == 1 and 'type="search"' in search_input
    assert content.count("<h1") == 1


def test_instructeur_label_differs(client, bailleur):
    administration = AdministrationFactory()
    _conventions(bailleur, administration, 1, corrections=True)
    client.force_login(instructeur_user(administration=administration))
    content = client.get(URL).content.decode()
    assert "En correction" in content
    assert "À corriger" not in content.split("<tbody>")[1]


@pytest.mark.parametrize("n", [5, 50])
def test_query_count_does_not_grow_with_rows(client, django_assert_num_queries, bailleur, n):
    administration = AdministrationFactory()
    _conventions(bailleur, administration, n, instruction=True)
    user = bailleur_user(bailleur=bailleur)
    client.force_login(user)
    # session, user, roles, département filter, signature years (then cached), tab counts (then cached; they give
    # the paginator its count), the page's ids, its rows with their avenants (1), permissions of the role groups
    # (1), saved filters, the menu's « À traiter » count (then cached) — and no session write on this read-only
    # view; the paginator takes its count from the tab counts
    with django_assert_num_queries(11):
        response = client.get(URL)
    assert response.status_code == 200
    assert len(response.context["rows"]) == min(n, 20)


def test_pagination_20_per_page_keeps_filters(client, bailleur):
    administration = AdministrationFactory()
    _conventions(bailleur, administration, 45, lot__financement="PLAI")
    client.force_login(bailleur_user(bailleur=bailleur))
    response = client.get(URL, {"financement": "PLAI", "page": 3})
    page = response.context["page_obj"]
    assert page.number == 3
    assert len(response.context["rows"]) == 5
    content = response.content.decode()
    assert "fr-pagination" in content
    assert "financement=PLAI" in content  # pagination links keep the filters
    assert "45</strong> conventions" in content


def test_free_text_search(client, bailleur):
    administration = AdministrationFactory()
    tilleuls = ConventionFactory(
        lot__programme__bailleur=bailleur,
        lot__programme__administration=administration,
        lot__programme__nom="Les Tilleuls",
        lot__programme__ville="Aix-en-Provence",
        lot__programme__code_postal="13100",
        lot__programme__numero_operation="OP-777",
    )
    ConventionFactory(
        lot__programme__bailleur=bailleur,
        lot__programme__administration=administration,
        lot__programme__nom="Le Château",
        lot__programme__ville="Marseille",
        lot__programme__code_postal="13001",
        numero="13.D.26.0042",
    )
    client.force_login(bailleur_user(bailleur=bailleur))

    def found(q):
        return [row["convention"].pk for row in client.get(URL, {"q": q}).context["rows"]]

    assert found("tilleuls") == [tilleuls.pk]
    assert found("aix-EN") == [tilleuls.pk]
    assert found("13100") == [tilleuls.pk]
    assert found("op-777") == [tilleuls.pk]
    assert len(found("0042")) == 1
    assert len(found("provence")) == 2  # the bailleur's name
    assert found("introuvable") == []


def test_filters_statut_financement_year(client, bailleur):
    administration = AdministrationFactory()
    signee = ConventionFactory(
        signee=True,
        date_signature=datetime.date(2024, 5, 2),
        lot__programme__bailleur=bailleur,
        lot__programme__administration=administration,
        lot__financement="PLS",
    )
    ConventionFactory(lot__programme__bailleur=bailleur, lot__programme__administration=administration)
    client.force_login(bailleur_user(bailleur=bailleur))

    def found(**params):
        return [row["convention"].pk for row in client.get(URL, params).context["rows"]]

    assert found(statut=ConventionStatut.SIGNEE) == [signee.pk]
    assert found(financement="PLS") == [signee.pk]
    assert found(annee="2024") == [signee.pk]
    assert found(annee="2023") == []
    assert len(found(statut="inconnu")) == 2  # an invalid filter is ignored, not an error


def test_sort_is_whitelisted_and_reversible(client, bailleur):
    administration = AdministrationFactory()
    for nom in ("Beta", "Alpha", "Gamma"):
        ConventionFactory(
            lot__programme__nom=nom, lot__programme__bailleur=bailleur, lot__programme__administration=administration
        )
    client.force_login(bailleur_user(bailleur=bailleur))

    def noms(tri):
        return [row["convention"].programme.nom for row in client.get(URL, {"tri": tri}).context["rows"]]

    assert noms("operation") == ["Alpha", "Beta", "Gamma"]
    assert noms("-operation") == ["Gamma", "Beta", "Alpha"]
    assert len(noms("programme__bailleur__password")) == 3  # unknown column: default order, no error
    content = client.get(URL, {"tri": "operation"}).content.decode()
    assert 'aria-sort="ascending"' in content


def test_empty_state_invites_to_create(client, bailleur):
    client.force_login(bailleur_user(bailleur=bailleur))
    content = client.get(URL).content.decode()
    assert "Vous n'avez encore aucune convention" in content
    assert reverse("conventions:create") in content


def test_empty_state_without_creation_right(client):
    from tests.users.factories import UserFactory

    client.force_login(UserFactory())
    content = client.get(URL).content.decode()
    assert "Vous n'avez encore aucune convention" in content
    assert reverse("conventions:create") not in content


def test_columns_show_delivery_and_dwellings(client, bailleur):
    programme = ProgrammeFactory(bailleur=bailleur, date_achevement_previsible=datetime.date(2027, 6, 30))
    lot = LotFactory(programme=programme, nb_logements=37)
    ConventionFactory(lot=lot)
    client.force_login(bailleur_user(bailleur=bailleur))
    content = client.get(URL).content.decode()
    assert "30/06/2027" in content
    assert ">37<" in content


def test_several_statuses_from_the_url_are_all_listed(client, seeded_roles):
    """The SIAP KPI links ask for several statuses at once (?statut=projet&statut=instruction)."""
    from tests.conventions.factories import ConventionFactory
    from tests.users.factories import instructeur_user

    projet = ConventionFactory()
    administration = projet.programme.administration
    instruction = ConventionFactory(instruction=True, lot__programme__administration=administration)
    ConventionFactory(a_signer=True, lot__programme__administration=administration)
    client.force_login(instructeur_user(administration=administration))
    response = client.get("/conventions/", {"statut": ["projet", "instruction"]})
    assert {row["convention"].pk for row in response.context["rows"]} == {projet.pk, instruction.pk}
    assert "Statuts affichés" in response.content.decode()
    assert 'href="/conventions/export/?statut=projet&amp;statut=instruction"' in response.content.decode()


def test_the_signature_year_filter_offers_only_plausible_years_with_signed_conventions():
    from conventions import selectors
    from conventions.models import Convention

    bailleur = BailleurFactory()
    for day in (datetime.date(2024, 5, 2), datetime.date(2024, 9, 1), datetime.date(1998, 1, 5)):
        ConventionFactory(signee=True, lot__programme__bailleur=bailleur, date_signature=day)
    # Dates typed wrong in a legacy import: before the APL conventions existed, or in the future.
    ConventionFactory(signee=True, lot__programme__bailleur=bailleur, date_signature=datetime.date(1801, 1, 1))
    ConventionFactory(signee=True, lot__programme__bailleur=bailleur, date_signature=datetime.date(2090, 1, 1))
    ConventionFactory(lot__programme__bailleur=bailleur, date_signature=None)
    visible = Convention.objects.filter(programme__bailleur=bailleur)
    assert selectors.annees_signature(visible) == [2024, 1998]


def test_rows_escape_what_users_typed_and_show_every_column(client, bailleur):
    administration = AdministrationFactory(nom="DDT <b>13</b>")
    convention = ConventionFactory(
        lot__programme__bailleur=BailleurFactory(nom="Habitat <script>alert(1)</script>"),
        lot__programme__administration=administration,
        lot__programme__nom="Les <i>Tilleuls</i>",
        lot__programme__ville="Aix & Marseille",
        lot__programme__code_postal="13100",
        lot__programme__numero_operation="2026-13-0042",
        numero="13.2.26.0042",
        statut=ConventionStatut.SIGNEE,
        date_signature=datetime.date(2026, 3, 2),
    )
    client.force_login(instructeur_user(administration=administration))
    tbody = client.get(URL).content.decode().split("<tbody>")[1].split("</tbody>")[0]
    assert "<script>" not in tbody and "<i>" not in tbody and "<b>" not in tbody
    assert "Habitat &lt;script&gt;alert(1)&lt;/script&gt;" in tbody
    assert f'<a href="/conventions/{convention.uuid}/">Les &lt;i&gt;Tilleuls&lt;/i&gt;</a>' in tbody
    assert "Aix &amp; Marseille (13100)" in tbody
    assert "Opération 2026-13-0042" in tbody and "Convention 13.2.26.0042" in tbody
    assert "DDT &lt;b&gt;13&lt;/b&gt;" in tbody
    assert "02/03/2026" in tbody
    assert 'class="fr-badge fr-badge--sm fr-badge--success">Signée</p>' in tbody


def test_filter_fields_follow_the_role_and_the_values_typed(client, bailleur):
    """The filter fields are rendered once per set of choices and values: another role, another value or an
    invalid value is never served someone else's rendering."""
    administration = AdministrationFactory()
    _conventions(bailleur, administration, 1, corrections=True)
    form_of = lambda content: content.split('role="search"')[1].split("</form>")[0]  # noqa: E731
    client.force_login(instructeur_user(administration=administration))
    instructeur_form = form_of(client.get(URL).content.decode())
    client.force_login(bailleur_user(bailleur=bailleur))
    bailleur_form = form_of(client.get(URL).content.decode())
    assert "En correction" in instructeur_form and "À corriger" not in instructeur_form
    assert "À corriger" in bailleur_form and "En correction" not in bailleur_form
    typed = form_of(client.get(URL, {"q": "tilleuls marseille"}).content.decode())
    assert 'value="tilleuls marseille"' in typed
    invalid = form_of(client.get(URL, {"annee": "deux mille"}).content.decode())
    assert "fr-input-group--error" in invalid or "fr-select-group--error" in invalid


def test_the_total_follows_a_write_at_once_though_the_counts_are_cached(client, bailleur, django_assert_num_queries):
    """The paginator's count comes from the cached tab counts: a convention created, or one leaving « En
    cours », is counted at the next page view (the cache is keyed on a generation every write changes)."""
    administration = AdministrationFactory()
    _conventions(bailleur, administration, 2, instruction=True)
    client.force_login(bailleur_user(bailleur=bailleur))
    assert client.get(URL).context["page_obj"].paginator.count == 2
    created = _conventions(bailleur, administration, 1, instruction=True)[0]
    response = client.get(URL)
    assert response.context["page_obj"].paginator.count == 3
    assert created in [row["convention"] for row in response.context["rows"]]
    assert client.get(URL, {"onglet": "en_cours"}).context["page_obj"].paginator.count == 3
    created.statut = ConventionStatut.SIGNEE
    created.save()
    assert client.get(URL, {"onglet": "en_cours"}).context["page_obj"].paginator.count == 2


def test_a_count_behind_the_rows_never_hides_a_row(client, bailleur):
    """Were the cached count behind (a write made without the ORM's signals), the page still shows every row
    it holds."""
    from django.core.cache import cache

    from conventions import selectors

    administration = AdministrationFactory()
    _conventions(bailleur, administration, 21)
    client.force_login(bailleur_user(bailleur=bailleur))
    client.get(URL)
    generation = selectors.generation()
    ConventionFactory.create_batch(2, lot__programme__bailleur=bailleur, lot__programme__administration=administration)
    cache.set(selectors.GENERATION_KEY, generation, None)  # as if the two were written without signals
    second = client.get(URL, {"page": 2})
    assert second.context["page_obj"].paginator.count == 21
    assert len(second.context["rows"]) == 3


def _queries_on(client, params, fragment):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as ctx:
        response = client.get(URL, params)
    return response, [q["sql"] for q in ctx.captured_queries if fragment in q["sql"]]


PAGE_IDS_QUERY = 'SELECT "conventions_convention"."id" AS "pk"'


def test_a_page_found_once_is_not_searched_again_until_a_write(client, bailleur):
    """The ids of a page are kept (conventions.views.list._liste_key) and read again without their query; the next
    write to a convention makes the list search again, so a new convention is on the page at once."""
    administration = AdministrationFactory()
    _conventions(bailleur, administration, 3)
    client.force_login(bailleur_user(bailleur=bailleur))
    _first, searched = _queries_on(client, {}, PAGE_IDS_QUERY)
    assert len(searched) == 1
    again, searched = _queries_on(client, {}, PAGE_IDS_QUERY)
    assert searched == [] and len(again.context["rows"]) == 3
    created = _conventions(bailleur, administration, 1)[0]
    after, searched = _queries_on(client, {}, PAGE_IDS_QUERY)
    assert len(searched) == 1
    assert created in [row["convention"] for row in after.context["rows"]]


def test_what_a_page_found_is_not_shared_between_scopes(client, bailleur):
    """Two bailleurs asking the same URL each get their own conventions (the key is the rows one may see)."""
    administration = AdministrationFactory()
    mine = _conventions(bailleur, administration, 2)
    other = BailleurFactory(nom="Autre Habitat")
    theirs = _conventions(other, administration, 1)
    client.force_login(bailleur_user(bailleur=bailleur))
    assert {row["convention"] for row in client.get(URL).context["rows"]} == set(mine)
    client.force_login(bailleur_user(bailleur=other))
    assert {row["convention"] for row in client.get(URL).context["rows"]} == set(theirs)


def test_a_renamed_bailleur_is_found_by_its_new_name_at_once(client, bailleur):
    administration = AdministrationFactory()
    convention = _conventions(bailleur, administration, 1)[0]
    client.force_login(bailleur_user(bailleur=bailleur))
    assert [row["convention"] for row in client.get(URL, {"q": "oceane"}).context["rows"]] == []
    bailleur.nom = "Océane Logement"
    bailleur.save()
    assert [row["convention"] for row in client.get(URL, {"q": "oceane"}).context["rows"]] == [convention]


def test_a_typo_is_corrected_once_then_remembered(requires_postgres, client, bailleur):
    administration = AdministrationFactory()
    tilleuls = ConventionFactory(
        lot__programme__bailleur=bailleur,
        lot__programme__administration=administration,
        lot__programme__nom="Les Tilleuls",
    )
    client.force_login(bailleur_user(bailleur=bailleur))
    first, looked_up = _queries_on(client, {"q": "tileuls"}, "conventions_motrecherche")
    assert looked_up and [row["convention"] for row in first.context["rows"]] == [tilleuls]
    again, looked_up = _queries_on(client, {"q": "tileuls"}, "conventions_motrecherche")
    assert looked_up == [] and [row["convention"] for row in again.context["rows"]] == [tilleuls]


def test_status_filter_finds_the_convention_whose_avenant_has_that_status(client, bailleur):
    """The page lists avenants under their convention: « À instruire » shows the signed convention whose avenant
    is being instructed (« À traiter » counts that avenant), the avenants alone show the avenant itself."""
    administration = AdministrationFactory()
    signee = ConventionFactory(
        signee=True, lot__programme__bailleur=bailleur, lot__programme__administration=administration
    )
    avenant = ConventionFactory(
        parent=signee,
        statut=ConventionStatut.INSTRUCTION,
        lot__programme__bailleur=bailleur,
        lot__programme__administration=administration,
    )
    en_instruction = ConventionFactory(
        statut=ConventionStatut.INSTRUCTION,
        lot__programme__bailleur=bailleur,
        lot__programme__administration=administration,
    )
    ConventionFactory(lot__programme__bailleur=bailleur, lot__programme__administration=administration)
    ailleurs = ConventionFactory(signee=True)  # another bailleur's convention, its avenant in instruction
    ConventionFactory(parent=ailleurs, statut=ConventionStatut.INSTRUCTION)
    client.force_login(instructeur_user(administration=administration))

    def found(**params):  # the listed rows, not the avenants shown under them
        return {row["convention"].pk for row in client.get(URL, params).context["rows"] if not row.get("avenant")}

    assert found(statut=ConventionStatut.INSTRUCTION) == {signee.pk, en_instruction.pk}
    rows = client.get(URL, {"statut": ConventionStatut.INSTRUCTION}).context["rows"]
    assert [row["convention"].pk for row in rows if row.get("avenant")] == [avenant.pk]  # under its convention
    assert found(statut=ConventionStatut.INSTRUCTION, avenants="true") == {avenant.pk}
    assert found(statut=ConventionStatut.INSTRUCTION, avenants="false") == {en_instruction.pk}
    assert found(statut=ConventionStatut.SIGNEE) == {signee.pk}
    response = client.get(URL, {"statut": ConventionStatut.INSTRUCTION})
    assert response.context["page_obj"].paginator.count == 2
    # The tabs count and list the same way: the signed convention is « En cours » through its avenant.
    assert [(tab["key"], tab["count"]) for tab in response.context["onglets"]] == [
        ("", 2),
        ("en_cours", 2),
        ("finalisees", 1),
    ]
    assert found(statut=ConventionStatut.INSTRUCTION, onglet="en_cours") == {signee.pk, en_instruction.pk}
    assert found(statut=ConventionStatut.INSTRUCTION, onglet="finalisees") == {signee.pk}
    assert found(onglet="en_cours") >= {signee.pk, en_instruction.pk}
    api = client.get("/api/v1/conventions/", {"statut": ConventionStatut.INSTRUCTION})
    assert api.status_code == 200
    assert {row["uuid"] for row in api.json()["results"]} == {str(avenant.uuid), str(en_instruction.uuid)}


def test_the_avenants_under_a_convention_are_those_the_user_may_open(client, bailleur):
    """After a sale, the buyer's avenant is not the seller's: the seller's list does not show it (it would be a
    link to a page the seller may not open); its instructeur sees it."""
    administration = AdministrationFactory()
    signee = ConventionFactory(
        signee=True, lot__programme__bailleur=bailleur, lot__programme__administration=administration
    )
    propre = ConventionFactory(
        parent=signee, lot__programme__bailleur=bailleur, lot__programme__administration=administration
    )
    vente = ConventionFactory(
        parent=signee, lot__programme__bailleur=BailleurFactory(), lot__programme__administration=administration
    )

    def sous_la_convention(user):
        client.force_login(user)
        return {row["convention"].pk for row in client.get(URL).context["rows"] if row.get("avenant")}

    assert sous_la_convention(bailleur_user(bailleur=bailleur)) == {propre.pk}
    assert sous_la_convention(instructeur_user(administration=administration)) == {propre.pk, vente.pk}
