"""Search quality: queries people type, with the conventions they expect (accents, case, typos, several words
across fields, convention numbers by their last digits, SIRET/SIREN, postal codes).

Run on SQLite (the `make run` fallback: no typo tolerance, those cases are skipped there) and on PostgreSQL
(DATABASE_URL=postgres://…: every case, full-text + trigram)."""

import pytest
from django.db import connection

from conventions import search
from conventions.models import Convention
from tests.conventions.factories import ConventionFactory
from tests.programmes.factories import LotFactory, ProgrammeFactory
from tests.users.factories import AdministrationFactory, BailleurFactory
from users.validators import complete_siret

pytestmark = pytest.mark.django_db

SIRET_PROVENCE = complete_siret("123456789" + "0001")
SIRET_NANTES = complete_siret("987654321" + "0001")

OPERATIONS = {
    "tilleuls": dict(
        nom="Les Tilleuls", ville="Aix-en-Provence", code_postal="13100", numero_operation="OP-777",
        bailleur=("Habitat Provence", SIRET_PROVENCE), administration=("DDT des Bouches-du-Rhône", "DDT13"),
        numero="13.D.26.0042",
    ),
    "oree": dict(
        nom="L'Orée du Bois", ville="Nantes", code_postal="44300", numero_operation="2024-044-01",
        bailleur=("Nantes Métropole Habitat", SIRET_NANTES), administration=("Nantes Métropole", "NM44"),
        numero=None,
    ),
    "zola": dict(
        nom="Résidence Émile Zola", ville="Marseille", code_postal="13001", numero_operation="13-2025-107",
        bailleur=("Habitat Démo", None), administration=("DDT des Bouches-du-Rhône", "DDT13"),
        numero="13.D.25.0107",
    ),
    "chateau": dict(
        nom="Le Château", ville="Marseille", code_postal="13008", numero_operation="13-2024-555",
        bailleur=("Logirem", None), administration=("DDT des Bouches-du-Rhône", "DDT13"), numero=None,
    ),
    "capucines": dict(
        nom="Les Capucines", ville="Lyon", code_postal="69003", numero_operation="69-2024-12",
        bailleur=("Grand Lyon Habitat", None), administration=("Métropole de Lyon", "ML69"),
        numero="69.A.24.1234",
    ),
    "coeur": dict(
        nom="Cœur de Ville", ville="Saint-Étienne", code_postal="42000", numero_operation="42-2023-3",
        bailleur=("Loire Habitat", None), administration=("DDT de la Loire", "DDT42"), numero=None,
    ),
}  # fmt: skip


@pytest.fixture
def corpus():
    bailleurs, administrations, made = {}, {}, {}
    for key, data in OPERATIONS.items():
        nom_b, siret = data["bailleur"]
        if nom_b not in bailleurs:
            bailleurs[nom_b] = BailleurFactory(nom=nom_b, **({"siret": siret} if siret else {}))
        nom_a, code = data["administration"]
        if code not in administrations:
            administrations[code] = AdministrationFactory(nom=nom_a, code=code)
        programme = ProgrammeFactory(
            nom=data["nom"],
            ville=data["ville"],
            code_postal=data["code_postal"],
            code_insee_departement=data["code_postal"][:2],
            numero_operation=data["numero_operation"],
            bailleur=bailleurs[nom_b],
            administration=administrations[code],
        )
        made[key] = ConventionFactory(lot=LotFactory(programme=programme), numero=data["numero"])
    return made


# (query, expected keys, needs PostgreSQL)
CASES = [
    ("tilleuls", {"tilleuls"}, False),
    ("TILLEULS", {"tilleuls"}, False),
    ("Les Tilleuls", {"tilleuls"}, False),
    ("tileuls", {"tilleuls"}, True),  # a letter missing
    ("aix-en", {"tilleuls"}, False),
    ("aix en provence", {"tilleuls"}, False),
    ("oree", {"oree"}, False),
    ("Orée", {"oree"}, False),
    ("l'orée du bois", {"oree"}, False),
    ("nantes 44300", {"oree"}, False),
    ("44300", {"oree"}, False),
    ("emile zola", {"zola"}, False),
    ("Émile", {"zola"}, False),
    ("zola marseille", {"zola"}, False),
    ("marseille", {"zola", "chateau"}, False),
    ("marseile", {"zola", "chateau"}, True),  # a letter missing
    ("habitat demo marseille", {"zola"}, False),  # three words, three fields
    ("Habitat Démo", {"zola"}, False),
    ("chateau", {"chateau"}, False),
    ("château", {"chateau"}, False),
    ("logirem", {"chateau"}, False),
    ("13008", {"chateau"}, False),
    ("0042", {"tilleuls"}, False),  # the last digits of a convention number
    ("107", {"zola"}, False),
    ("13.D.26.0042", {"tilleuls"}, False),
    ("13D260042", {"tilleuls"}, False),
    ("123456789", {"tilleuls"}, False),  # SIREN
    (SIRET_PROVENCE, {"tilleuls"}, False),  # SIRET
    ("987654321", {"oree"}, False),
    ("OP-777", {"tilleuls"}, False),
    ("op 777", {"tilleuls"}, False),
    ("capucines lyon", {"capucines"}, False),
    ("grand lyon", {"capucines"}, False),
    ("capucine", {"capucines"}, False),  # the start of a word
    ("capucinnes", {"capucines"}, True),  # a letter doubled
    ("coeur de ville", {"coeur"}, False),
    ("cœur", {"coeur"}, False),
    ("saint etienne", {"coeur"}, False),
    ("st etienne", set(), False),
    ("bouches du rhone tilleuls", {"tilleuls"}, False),  # administration + name
    ("ML69", {"capucines"}, False),  # administration code
    ("zola lyon", set(), False),  # every word must match
    ("introuvable", set(), False),
    ("habitat", {"tilleuls", "oree", "zola", "capucines", "coeur"}, False),
]


@pytest.mark.parametrize(("query", "expected", "pg_only"), CASES, ids=[c[0] for c in CASES])
def test_search_quality(corpus, query, expected, pg_only):
    if pg_only and connection.vendor != "postgresql":
        pytest.skip("typo tolerance needs PostgreSQL (pg_trgm); the SQLite fallback matches exact words")
    found = search.search(Convention.objects.all(), query)
    assert {key for key, c in corpus.items() if c in found} == expected


def test_at_least_thirty_queries():
    assert len(CASES) >= 30


def test_ranking_relevance_then_recency(corpus):
    # « marseille zola »: only Zola has both; « habitat »: every match ties on relevance → most recent first.
    ranked = list(search.rank(search.search(Convention.objects.all(), "zola marseille"), "zola marseille", False))
    assert ranked[0] == corpus["zola"]
    ranked = list(search.rank(search.search(Convention.objects.all(), "0042"), "0042", False))
    assert ranked == [corpus["tilleuls"]]


def test_document_follows_renames(corpus):
    convention = corpus["chateau"]
    bailleur = convention.programme.bailleur
    bailleur.nom = "Société Zéphyrine"
    bailleur.save()
    assert set(search.search(Convention.objects.all(), "zephyrine")) == {convention}
    programme = convention.programme
    programme.nom = "Les Mimosas"
    programme.save()
    assert set(search.search(Convention.objects.all(), "mimosas")) == {convention}
    assert not search.search(Convention.objects.all(), "chateau").exists()


def test_a_new_convention_number_is_searchable(corpus):
    convention = Convention.objects.get(pk=corpus["oree"].pk)
    convention.numero = "44.N.26.0999"
    convention.save(update_fields=["numero"])
    assert list(search.search(Convention.objects.all(), "0999")) == [convention]


def test_fold():
    assert search.fold("L'Orée – CŒUR (13.D.26)") == "l oree coeur 13 d 26"


def test_page_and_api_search_agree(client, corpus):
    """The same FilterSet answers the list page and /api/v1/conventions/?q=."""
    from tests.users.factories import UserFactory

    user = UserFactory(is_superuser=True, is_staff=True)
    client.force_login(user)
    page = {row["convention"].pk for row in client.get("/conventions/", {"q": "nantes 44300"}).context["rows"]}
    api = {c["uuid"] for c in client.get("/api/v1/conventions/", {"q": "nantes 44300"}).json()["results"]}
    assert page == {corpus["oree"].pk}
    assert api == {str(corpus["oree"].uuid)}


def test_a_typo_is_corrected_against_the_vocabulary_not_every_document(requires_postgres, corpus):
    """With the documents' words in the vocabulary, « tileuls » is corrected to « tilleuls » and matched like a
    typed word: no trigram comparison with every document (`%>`, the slow last resort)."""
    from django.test.utils import CaptureQueriesContext

    assert search.rebuild_vocabulary() > 0
    assert search.corrections("tileuls")[0] == "tilleuls"
    assert search.corrections("marseile")[0] == "marseille"
    with CaptureQueriesContext(connection) as queries:
        found = list(search.search(Convention.objects.all(), "tileuls aix"))
    assert found == [corpus["tilleuls"]]
    assert not any("%>" in query["sql"] for query in queries.captured_queries)


def test_without_a_close_word_in_the_vocabulary_the_documents_are_compared(requires_postgres, corpus):
    from conventions.models import MotRecherche

    MotRecherche.objects.all().delete()
    assert search.corrections("tileuls") == []
    assert set(search.search(Convention.objects.all(), "tileuls")) == {corpus["tilleuls"]}


def test_new_documents_add_their_words_once_committed(requires_postgres, django_capture_on_commit_callbacks):
    from conventions.models import MotRecherche

    with django_capture_on_commit_callbacks(execute=True):
        programme = ProgrammeFactory(nom="Les Glycines", ville="Angoulême", code_postal="16000")
        ConventionFactory(lot=LotFactory(programme=programme), numero="16.A.26.0001")
    mots = set(MotRecherche.objects.values_list("mot", flat=True))
    assert {"glycines", "angouleme"} <= mots
    assert not any(any(c.isdigit() for c in mot) for mot in mots)
    with django_capture_on_commit_callbacks(execute=True):
        programme.nom = "Les Magnolias"
        programme.save()
    assert MotRecherche.objects.filter(mot="magnolias").exists()


def test_the_list_tests_each_level_of_a_typo_search_once(requires_postgres, corpus, client, seeded_roles):
    """The page searches for its rows, then for its tab counts: the exact match tested, the vocabulary asked and
    the corrected match tested once each, not twice."""
    from django.contrib.auth import get_user_model
    from django.test.utils import CaptureQueriesContext

    search.rebuild_vocabulary()
    client.force_login(get_user_model().objects.create_superuser("recherche-super", "s@example.fr", "x"))
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/conventions/", {"q": "tileuls"})
    assert [row["convention"] for row in response.context["rows"]] == [corpus["tilleuls"]]
    sqls = [query["sql"] for query in queries.captured_queries]
    assert sum("conventions_motrecherche" in sql for sql in sqls) == 1
    assert sum(sql.startswith("SELECT 1 AS") and "conventions_convention" in sql for sql in sqls) == 2
