"""Query counts of every list endpoint, pinned, and the same for 5 and 50 objects and any page size."""

import pytest

from conventions.models import AvenantType
from tests.api.conftest import jwt_client
from tests.conventions.factories import ConventionFactory
from tests.programmes.factories import AnnexeFactory, LogementFactory, LotFactory, ProgrammeFactory
from tests.users.factories import AdministrationFactory, BailleurFactory, RoleFactory, UserFactory

pytestmark = pytest.mark.django_db

# user (JWT) + roles + COUNT + SELECT, + the département filter of a bailleur role when the scope goes
# through programmes, + the convention and the annexes prefetch for its dwellings.
EXPECTED = {
    "bailleurs": 4,
    "administrations": 4,
    "programmes": 5,
    "lots": 5,
    "conventions": 5,
    "logements": 7,
}
# The conventions' total is cached until the next write (api.v1.representations.ListRows): another page size
# of the same list reads it from the cache.
CACHED_TOTAL = {"conventions"}
DETAIL_QUERIES = 9


def _populate(n, user):
    """n bailleurs and n administrations on which `user` has a role, an operation and a convention each;
    n dwellings (with an annex each) in the first convention."""
    conventions = []
    for _ in range(n):
        bailleur, administration = BailleurFactory(), AdministrationFactory()
        RoleFactory(user=user, bailleur=bailleur)
        RoleFactory(user=user, instructeur=True, administration=administration)
        programme = ProgrammeFactory(bailleur=bailleur, administration=administration)
        conventions.append(ConventionFactory(lot=LotFactory(programme=programme)))
    ConventionFactory(lot=LotFactory(programme=ProgrammeFactory()))  # out of scope
    for _ in range(n):
        AnnexeFactory(logement=LogementFactory(lot=conventions[0].lot))
    return conventions[0]


@pytest.mark.parametrize("resource", list(EXPECTED))
@pytest.mark.parametrize("n", [5, 50])
def test_list_query_count(db, resource, n, django_assert_num_queries):
    user = UserFactory()
    convention = _populate(n, user)
    path = f"/api/v1/conventions/{convention.uuid}/logements/" if resource == "logements" else f"/api/v1/{resource}/"
    client = jwt_client(user)
    for page_size in (10, 500):
        expected = EXPECTED[resource] - (resource in CACHED_TOTAL and page_size == 500)
        with django_assert_num_queries(expected):
            response = client.get(path, {"page_size": page_size})
        assert response.status_code == 200
        assert len(response.json()["results"]) == min(page_size, response.json()["count"])
        assert response.json()["count"] == n


@pytest.mark.parametrize("n", [5, 50])
def test_bailleur_list_query_count(world, n, django_assert_num_queries):
    """A bailleur's scope adds its département filter (one query)."""
    programme = world["programme_a"]
    for _ in range(n):
        ConventionFactory(lot=LotFactory(programme=programme))
    client = jwt_client(world["personas"]["bailleur"])
    with django_assert_num_queries(5):
        response = client.get("/api/v1/conventions/")
    assert response.json()["count"] == n + 1


@pytest.mark.parametrize("n", [5, 50])
def test_convention_detail_query_count(db, n, django_assert_num_queries):
    """user (JWT) + roles + the département filter of the bailleur role + the convention (with its operation and
    lot), loaded once + dwellings with their annexes (one query), parkings, loans, its avenants with
    their types and its own (one query) + the permissions of the role's group (its actions): the same for 5
    and 50 dwellings."""
    user = UserFactory()
    convention = _populate(n, user)
    client = jwt_client(user)
    with django_assert_num_queries(DETAIL_QUERIES):
        response = client.get(f"/api/v1/conventions/{convention.uuid}/")
    assert response.status_code == 200
    assert len(response.json()["logements"]) == n


def test_the_conventions_total_follows_a_write_at_once(world):
    """The total is cached, keyed on a generation every write to a convention or an operation changes."""
    client = jwt_client(world["personas"]["bailleur"])
    before = client.get("/api/v1/conventions/").json()["count"]
    assert client.get("/api/v1/conventions/", {"page_size": 5}).json()["count"] == before  # from the cache
    ConventionFactory(lot=LotFactory(programme=world["programme_a"]))
    assert client.get("/api/v1/conventions/").json()["count"] == before + 1
    assert client.get("/api/v1/conventions/", {"statut": "projet"}).json()["count"] <= before + 1


@pytest.mark.parametrize("n", [1, 3])
def test_convention_detail_query_count_with_avenants(db, n, django_assert_num_queries):
    """A convention's avenants come with their types in the query of its own types, whatever their number;
    an avenant's detail reads its types (prefetched for the workflow) and its parent's uuid instead of avenants
    it cannot have."""
    user = UserFactory()
    convention = _populate(5, user)
    types = list(AvenantType.objects.order_by("pk")[:2])
    avenants = [
        ConventionFactory(lot=LotFactory(programme=convention.programme), parent=convention, numero_avenant=str(i + 1))
        for i in range(n)
    ]
    for avenant in avenants:
        avenant.avenant_types.set(types)
    client = jwt_client(user)
    with django_assert_num_queries(DETAIL_QUERIES):
        data = client.get(f"/api/v1/conventions/{convention.uuid}/").json()
    assert [a["uuid"] for a in data["avenants"]] == [str(a.uuid) for a in avenants]
    assert all(a["types"] == sorted(t.nom for t in types) for a in data["avenants"])
    # The group's permissions are cached by the first call; the parent's uuid is one more query.
    with django_assert_num_queries(DETAIL_QUERIES):
        data = client.get(f"/api/v1/conventions/{avenants[0].uuid}/").json()
    assert data["types"] == sorted(t.nom for t in types) and data["avenants"] == []
    assert data["parent"] == str(convention.uuid)
