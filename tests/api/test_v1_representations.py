"""/api/v1/conventions/ builds its JSON without DRF's serializers (api.v1.representations): it must stay the
serializers' JSON exactly (keys, order, values, formats), which the OpenAPI schema documents."""

import datetime
import uuid
from decimal import Decimal, InvalidOperation
from io import StringIO
from unittest import mock

import pytest
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django_filters.rest_framework import DjangoFilterBackend
from rest_framework.fields import ChoiceField, DateField, DecimalField, IntegerField, UUIDField
from rest_framework.renderers import JSONRenderer
from rest_framework.request import Request
from rest_framework.serializers import ListSerializer

from api.v1 import representations
from api.v1 import serializers as s
from api.v1.views import ConventionViewSet
from conventions import workflow
from conventions.demo import seed_demo_conventions
from conventions.enums import ConventionStatut
from conventions.filters import ConventionFilterSet
from conventions.models import Convention
from tests.api.conftest import jwt_client
from tests.conventions.factories import ConventionFactory, PretFactory
from tests.programmes.factories import AnnexeFactory, LogementFactory, LotFactory, ProgrammeFactory
from tests.users.factories import UserFactory
from users.demo import seed_demo_users
from users.models import User

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(seeded_roles):
    """The demo set (every status, ordinary conventions, foyers, résidences, avenants, dénonciation, résiliation)
    for its personas, and a superuser who sees it all."""
    seed_demo_users(password="mot-de-passe-de-demo-2026")
    seed_demo_conventions(StringIO(), count=None)
    personas = {u.username: u for u in User.objects.filter(username__in=["demo-bailleur", "demo-instructeur"])}
    return personas | {"superuser": UserFactory(is_superuser=True, is_staff=True)}


@pytest.fixture
def unusual():
    """What the demo set lacks: an operation without administration, stored signed and published files, a
    seconde-vie convention amending two former ones, dwellings with annexes."""
    sans_administration = ConventionFactory(lot=LotFactory(programme=ProgrammeFactory(administration=None)))
    signee = ConventionFactory(signee=True, fond_propre="1234.5")
    Convention.objects.filter(pk=signee.pk).update(
        fichier_signe="conventions/signee.pdf", fichier_publication="conventions/publication.pdf"
    )
    seconde_vie = ConventionFactory(lot=LotFactory(programme=ProgrammeFactory(seconde_vie=True)))
    seconde_vie.parents_2nd_vie.add(ConventionFactory(signee=True), ConventionFactory(signee=True, numero=None))
    AnnexeFactory(logement=LogementFactory(lot=seconde_vie.lot))
    PretFactory(convention=seconde_vie)
    return [sans_administration, signee, seconde_vie]


def as_json(data) -> str:
    """Compared as rendered text: the same keys in the same order with the same values."""
    return JSONRenderer().render(data).decode()


def serializer_list(user, params: dict) -> list[str]:
    """What the list answered through ConventionListSerializer: the same scope, filters and sort."""
    queryset = Convention.objects.visible_to(user).select_related(
        "programme", "programme__bailleur", "programme__administration", "lot"
    )
    request = RequestFactory().get("/api/v1/conventions/", params)
    request.user = user
    filtered = ConventionFilterSet(data=params, queryset=queryset, request=request).qs[:500]
    return [as_json(item) for item in s.ConventionListSerializer(filtered, many=True).data]


def serializer_detail(user, convention) -> str:
    """What the detail answered through ConventionDetailSerializer."""
    view = ConventionViewSet(action="retrieve", request=RequestFactory().get("/"))
    view.request.user = user
    convention = view.scoped_queryset().get(pk=convention.pk)
    actions = [t.name for t in workflow.available_transitions(convention=convention, user=user)]
    context = {"actions_possibles": actions, "request": RequestFactory().get("/")}
    return as_json(s.ConventionDetailSerializer(convention, context=context).data)


@pytest.mark.parametrize("persona", ["demo-bailleur", "demo-instructeur", "superuser"])
@pytest.mark.parametrize(
    "params",
    [{}, {"ordering": "numero"}, {"statut": "instruction"}, {"avenants": "true"}, {"q": "habitat"}],
    ids=["default", "ordering", "statut", "avenants", "search"],
)
def test_list_equals_the_serializer(demo, persona, params):
    user = demo[persona]
    response = jwt_client(user).get("/api/v1/conventions/", {**params, "page_size": 500})
    assert response.status_code == 200
    expected = serializer_list(user, params)
    assert response.json()["count"] == len(expected)
    assert [as_json(item) for item in response.json()["results"]] == expected


@pytest.mark.parametrize("persona", ["demo-bailleur", "demo-instructeur", "superuser"])
def test_detail_equals_the_serializer_for_every_kind_and_status(demo, persona):
    user = demo[persona]
    client = jwt_client(user)
    conventions = list(Convention.objects.visible_to(user).order_by("pk"))
    assert {c.statut for c in conventions} == set(ConventionStatut.values)
    for convention in conventions:
        response = client.get(f"/api/v1/conventions/{convention.uuid}/")
        assert response.status_code == 200
        assert as_json(response.json()) == serializer_detail(user, convention), convention


def test_unusual_conventions_equal_the_serializer(unusual):
    superuser = UserFactory(is_superuser=True, is_staff=True)
    client = jwt_client(superuser)
    listed = client.get("/api/v1/conventions/", {"page_size": 500}).json()["results"]
    assert [as_json(item) for item in listed] == serializer_list(superuser, {})
    assert any(item["administration"] is None for item in listed)
    for convention in unusual:
        data = client.get(f"/api/v1/conventions/{convention.uuid}/").json()
        assert as_json(data) == serializer_detail(superuser, convention)
    signee, seconde_vie = (client.get(f"/api/v1/conventions/{c.uuid}/").json() for c in unusual[1:])
    assert signee["fichier_signe"].startswith("http://testserver/") and signee["fond_propre"] == "1234.50"
    assert len(seconde_vie["parents_2nd_vie"]) == 2 and seconde_vie["logements"][0]["annexes"]


def test_list_is_scoped_and_filtered(demo):
    """The rows come from the caller's scope, filtered: a bailleur never sees another bailleur's conventions."""
    bailleur = demo["demo-bailleur"]
    own = bailleur.roles.get().bailleur
    other = ConventionFactory()
    client = jwt_client(bailleur)
    results = client.get("/api/v1/conventions/", {"page_size": 500}).json()["results"]
    assert {item["bailleur"]["uuid"] for item in results} == {str(own.uuid)}
    assert str(other.uuid) not in {item["uuid"] for item in results}
    assert client.get(f"/api/v1/conventions/{other.uuid}/").status_code == 404
    instruction = client.get("/api/v1/conventions/", {"statut": "instruction"}).json()
    assert instruction["count"] >= 1 and {item["statut"] for item in instruction["results"]} == {"instruction"}


def test_list_count_does_not_join_the_columns_tables(demo):
    """The page's total counts the scope, without the joins of the columns read for its rows."""
    with CaptureQueriesContext(connection) as queries:
        jwt_client(demo["superuser"]).get("/api/v1/conventions/")
    count = next(q["sql"] for q in queries.captured_queries if "COUNT(" in q["sql"])
    assert "programmes_lot" not in count and "users_bailleur" not in count


def test_detail_with_query_parameters_still_goes_through_the_filters(world):
    """A plain GET of a detail skips the FilterSet (it would only sort); with parameters it still applies."""
    convention = world["convention_a"]  # en instruction
    client = jwt_client(world["personas"]["instructeur"])
    path = f"/api/v1/conventions/{convention.uuid}/"
    assert client.get(path).status_code == 200
    assert client.get(path, {"statut": "instruction"}).status_code == 200
    assert client.get(path, {"statut": "projet"}).status_code == 404
    assert client.get(path, {"statut": "inconnu"}).status_code == 400


def test_detail_keeps_its_serializer_for_the_browsable_api(world):
    """DRF's browsable API prefills its forms from `response.data.serializer.instance`."""
    convention = world["convention_a"]
    response = jwt_client(world["personas"]["instructeur"]).get(f"/api/v1/conventions/{convention.uuid}/")
    assert isinstance(response.data.serializer, s.ConventionDetailSerializer)
    assert response.data.serializer.instance.pk == convention.pk


@pytest.mark.parametrize("params", [{}, {"page": "2", "page_size": "10"}], ids=["none", "pagination"])
def test_list_without_filters_sorts_as_the_filterset(world, params):
    """Without a filter or sort parameter the list skips the FilterSet: the same query as with it."""
    request = Request(RequestFactory().get("/api/v1/conventions/", params))
    request.user = world["personas"]["instructeur"]
    view = ConventionViewSet(action="list", request=request, format_kwarg=None)
    queryset = view.get_queryset()
    expected = DjangoFilterBackend().filter_queryset(request, queryset, view)
    assert str(view.filter_queryset(queryset).query) == str(expected.query)


def test_list_builds_the_filterset_only_for_a_filter_or_a_sort(world):
    client = jwt_client(world["personas"]["instructeur"])
    with mock.patch.object(ConventionFilterSet, "__init__", side_effect=AssertionError("FilterSet built")):
        assert client.get("/api/v1/conventions/", {"page": 1, "page_size": 5}).status_code == 200
    for params in ({"statut": "instruction"}, {"ordering": "numero"}, {"statut": "inconnu"}):
        with mock.patch.object(ConventionFilterSet, "__init__", side_effect=AssertionError("FilterSet built")):
            with pytest.raises(AssertionError, match="FilterSet built"):
                client.get("/api/v1/conventions/", params)


def test_list_rows_read_one_row_or_a_slice_alike(world):
    """ListRows (the paginator's list) gives the same row by index as by slice, its UUIDs as text."""
    rows = representations.ListRows(Convention.objects.order_by("pk"))
    assert rows[0] == rows[0:1][0]
    assert str(rows[0]["uuid"]) == str(Convention.objects.order_by("pk").first().uuid)
    if connection.vendor == "postgresql":
        assert all(isinstance(value, str) for key, value in rows[0].items() if key.endswith("uuid"))


DECIMALS = ["0", "1", "1.005", "1.015", "-2.345", "12345.678", "3.14159", "0.001", "1E+2", "99.995", "-0.005"]


@pytest.mark.parametrize(
    "serializer_class",
    [s.LogementSerializer, s.AnnexeSerializer, s.TypeStationnementSerializer, s.PretSerializer],
    ids=lambda cls: cls.__name__,
)
def test_table_formatters_equal_the_fields(serializer_class):
    """The detail's tables format their values without DRF's per-value method calls: the same text."""
    for field in representations._plain_fields(serializer_class):
        if isinstance(field, ListSerializer):
            continue
        formatter = representations._formatter(field)
        if isinstance(field, DecimalField):
            values = [Decimal(text) for text in DECIMALS] + [7, 2.5]
        elif isinstance(field, ChoiceField):
            values = [*field.choices, "inconnu"]
        elif isinstance(field, UUIDField):
            values = [uuid.uuid4()]
        elif isinstance(field, IntegerField):
            values = [0, 12, -3]
        elif isinstance(field, DateField):
            values = [datetime.date(2026, 11, 30)]
        else:
            values = ["texte", "", "é"]
        for value in values:
            try:
                expected = field.to_representation(value)
            except InvalidOperation:  # more digits than the field has: refused alike
                with pytest.raises(InvalidOperation):
                    formatter(value)
                continue
            assert formatter(value) == expected, (field.field_name, value)


def test_list_values_give_the_rows_of_the_scoped_queryset(demo):
    """The list without filters reads its page from `list_values()` (built once a process): the same rows as
    the scoped queryset's own values, for every scope."""
    for user in demo.values():
        queryset = Convention.objects.visible_to(user).order_by("-mis_a_jour_le", "-pk")
        values = representations.list_values().visible_to(user).order_by(*queryset.query.order_by)
        expected = representations.ListRows(queryset)[0:500]
        assert representations.ListRows(queryset, rows=values)[0:500] == expected
        assert len(expected) == queryset.count()
    assert representations.list_values()._result_cache is None
