"""Statistics: figures against hand-computed values, per persona, and their query count."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from conventions.enums import ConventionStatut
from conventions.stats import selectors
from core.models import Departement
from tests.conftest import clear_caches
from tests.conventions.factories import CommentFactory, ConventionFactory
from tests.programmes.factories import LotFactory, ProgrammeFactory
from tests.users.factories import (
    AdministrationFactory,
    BailleurFactory,
    UserFactory,
    bailleur_user,
    instructeur_user,
    national_user,
)

pytestmark = pytest.mark.django_db

T0 = timezone.make_aware(datetime.datetime(2026, 3, 2, 9, 0))


@pytest.fixture(autouse=True)
def _empty_cache():
    clear_caches()
    yield
    clear_caches()


def _convention(programme, statut, nb_logements, *, soumise=None, delai_jours=None, **kwargs):
    lot = LotFactory(programme=programme, nb_logements=nb_logements)
    dates = {}
    if soumise is not None:
        dates["premiere_soumission_le"] = soumise
    if delai_jours is not None:
        dates["valide_le"] = soumise + datetime.timedelta(days=delai_jours)
    return ConventionFactory(lot=lot, programme=programme, statut=statut, **dates, **kwargs)


@pytest.fixture
def world():
    """Bailleur A / DDT X in the Bouches-du-Rhône, bailleur B / DDT Y in Loire-Atlantique."""
    Departement.load_reference_data()
    bailleur_a = BailleurFactory(capital_social=Decimal("100000.00"))
    bailleur_b = BailleurFactory()
    admin_x, admin_y = AdministrationFactory(), AdministrationFactory()
    p1 = ProgrammeFactory(bailleur=bailleur_a, administration=admin_x, nb_bureaux=2)
    # No INSEE code: the département comes from the postal code.
    p2 = ProgrammeFactory(
        bailleur=bailleur_b,
        administration=admin_y,
        code_postal="44000",
        code_insee_departement="",
        code_insee_region="",
    )
    S = ConventionStatut
    c1 = _convention(p1, S.PROJET, 10)
    c1.lot.loyer_derogatoire = Decimal("7.50")
    c1.lot.save()
    c2 = _convention(p1, S.INSTRUCTION, 5, soumise=T0)
    _convention(p1, S.A_SIGNER, 20, soumise=T0, delai_jours=10, fond_propre=Decimal("50000.00"))
    _convention(p1, S.SIGNEE, 7, soumise=T0, delai_jours=20)
    _convention(p1, S.ANNULEE, 100)
    _convention(p2, S.PUBLIEE, 30, soumise=T0, delai_jours=4)
    c7 = _convention(p2, S.CORRECTIONS, 3, soumise=T0)
    CommentFactory.create_batch(3, convention=c2, nom_objet="programme", champ_objet="nom")
    CommentFactory(convention=c2, nom_objet="logement", champ_objet="table")
    CommentFactory.create_batch(2, convention=c7, nom_objet="lot", champ_objet="loyer_derogatoire")
    return {"bailleur_a": bailleur_a, "admin_y": admin_y}


def _statuts(stats):
    return {s["code"]: s["n"] for s in stats["statuts"] if s["n"]}


def test_bailleur_a_sees_only_his_figures(world):
    stats = selectors.compute_statistics(bailleur_user(world["bailleur_a"]))
    assert stats["total"] == 5
    assert _statuts(stats) == {"projet": 1, "instruction": 1, "a_signer": 1, "signee": 1, "annulee": 1}
    assert stats["logements_conventionnes"] == 20 + 7
    assert stats["conventions_validees"] == 2
    assert stats["delai_moyen_jours"] == Decimal("15.0")  # (10 + 20) / 2
    assert stats["delai_nb_conventions"] == 2
    assert [(d["label"], d["statuts"], d["total"]) for d in stats["departements"]] == [
        ("13 – Bouches-du-Rhône", {"projet": 1, "instruction": 1, "a_signer": 1, "signee": 1}, 4)
    ]
    assert [(c["label"], c["n"]) for c in stats["commentaires"]] == [
        ("Opération — nom de l'opération", 3),
        ("Logements (surface utile avec loyers) — tableau entier", 1),
    ]
    completion = {c["key"]: c["pourcentage"] for c in stats["completion"]}
    assert stats["completion_total"] == 4  # the cancelled convention is left out
    assert completion["capital_social"] == 100
    assert completion["nb_bureaux"] == 100
    assert completion["fond_propre"] == 25
    assert completion["loyer_derogatoire"] == 25
    assert completion["permis_construire"] == 0


def test_instructeur_y_sees_only_his_figures(world):
    stats = selectors.compute_statistics(instructeur_user(world["admin_y"]))
    assert stats["total"] == 2
    assert _statuts(stats) == {"publiee": 1, "corrections": 1}
    assert stats["logements_conventionnes"] == 30
    assert stats["delai_moyen_jours"] == Decimal("4.0")
    assert [(d["code"], d["label"], d["total"]) for d in stats["departements"]] == [("44", "44 – Loire-Atlantique", 2)]
    assert [(c["label"], c["n"]) for c in stats["commentaires"]] == [("Lot — loyer dérogatoire", 2)]


@pytest.mark.parametrize("persona", ["superuser", "equipe_nationale"])
def test_national_figures_for_superusers_and_the_national_team(world, persona):
    user = UserFactory(is_superuser=True, is_staff=True) if persona == "superuser" else national_user()
    stats = selectors.compute_statistics(user)
    assert stats["total"] == 7
    assert stats["logements_conventionnes"] == 20 + 7 + 30
    assert stats["delai_moyen_jours"] == Decimal("11.3")  # (10 + 20 + 4) / 3 = 11.33
    assert [d["code"] for d in stats["departements"]] == ["13", "44"]
    assert [c["n"] for c in stats["commentaires"]] == [3, 2, 1]
    assert selectors.scope_key(user) == "national"


def test_user_without_role_sees_zeros(world):
    stats = selectors.compute_statistics(UserFactory())
    assert stats["total"] == 0 and stats["logements_conventionnes"] == 0
    assert stats["delai_moyen_jours"] is None
    assert stats["departements"] == [] and stats["commentaires"] == []


def test_departement_filter_of_a_bailleur_narrows_the_figures(world):
    user = bailleur_user(world["bailleur_a"])
    user.filtre_departements.set([Departement.objects.get(code_insee="44")])
    assert selectors.compute_statistics(user)["total"] == 0


def test_query_count_is_fixed(world, django_assert_num_queries):
    user = bailleur_user(world["bailleur_a"])
    selectors.scope_key(user)  # roles and département filter, cached on the user
    # statuses, delay, départements, their names, comments, completion, kinds and financements (issue 15)
    with django_assert_num_queries(7):
        selectors.compute_statistics(user)
    superuser = UserFactory(is_superuser=True)
    with django_assert_num_queries(7):
        selectors.compute_statistics(superuser)


def test_figures_are_cached_per_scope(world, django_assert_num_queries):
    user = bailleur_user(world["bailleur_a"])
    colleague = bailleur_user(world["bailleur_a"])
    other = instructeur_user(world["admin_y"])
    assert selectors.scope_key(user) == selectors.scope_key(colleague) != selectors.scope_key(other)
    first = selectors.statistics_for(user)
    ConventionFactory(lot=LotFactory(programme=ProgrammeFactory(bailleur=world["bailleur_a"])))
    selectors.scope_key(colleague)
    with django_assert_num_queries(0):
        assert selectors.statistics_for(colleague) == first  # same scope: served from the cache
    assert selectors.statistics_for(other)["total"] == 2


def test_statistics_page_renders_charts_with_their_tables(client, world, django_assert_num_queries):
    user = bailleur_user(world["bailleur_a"])
    client.force_login(user)
    response = client.get("/statistiques/")
    assert response.status_code == 200
    content = response.content.decode()
    assert content.count("<h1") == 1
    assert content.count('role="img"') == 4 and content.count("<table") == 6  # + by kind, by financement
    assert 'id="kpi-logements">27<' in content
    assert "15,0 jours" in content or "15.0 jours" in content
    assert "13 – Bouches-du-Rhône" in content
    assert "style=" not in content  # CSP: no inline style
    assert "<script>" not in content
    # Second view: served from the cache (session, user, roles, département filter; no session write any more).
    with django_assert_num_queries(4):
        assert client.get("/statistiques/").status_code == 200


def test_statistics_require_login(client):
    response = client.get("/statistiques/")
    assert response.status_code == 302 and "/comptes/connexion/" in response.url


def test_comment_labels_fall_back_gracefully():
    assert selectors.comment_field_label("bailleur", "capital_social") == "Bailleur — capital social"
    assert selectors.comment_field_label("programme", "inconnu") == "Opération — inconnu"
    assert selectors.comment_field_label("objet_libre", "champ_x") == "Objet libre — champ x"


def test_staff_without_role_sees_zeros(world):
    """`is_staff` opens the Django admin only: no national figures."""
    user = UserFactory(is_staff=True)
    stats = selectors.compute_statistics(user)
    assert stats["total"] == 0 and selectors.scope_key(user) != "national"


def test_statistics_word_the_statuses_as_the_list_does(client, world):
    """One label source (conventions.enums.statut_label, by the user's side): « À instruire » for an instructeur,
    « En instruction » for a bailleur, on the statistics as in the list's filter."""
    client.force_login(instructeur_user(administration=world["admin_y"]))
    stats = client.get("/statistiques/").content.decode()
    liste = client.get("/conventions/").content.decode()
    assert "À instruire" in stats and "En instruction" not in stats
    assert "À instruire" in liste
    client.force_login(bailleur_user(world["bailleur_a"]))
    stats = client.get("/statistiques/").content.decode()
    assert "En instruction" in stats and "À corriger" in stats and "À instruire" not in stats


def test_figures_by_kind_and_financement(db):
    from tests.conventions.factories import complete_foyer_convention

    complete_foyer_convention()
    complete_foyer_convention(nature="HEBERGEMENT", financement="PLAI_FTM")
    stats = selectors.compute_statistics(UserFactory(is_superuser=True))
    assert [(g["code"], g["n"]) for g in stats["genres"]] == [("ordinaire", 0), ("foyer", 1), ("residence", 1)]
    assert [(f["code"], f["n"]) for f in stats["financements"]] == [("PLAI", 1), ("PLAI_FTM", 1)]
