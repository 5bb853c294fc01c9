"""core.prefetch: a relation recorded as empty reads as a prefetched one, without asking the database."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from core.prefetch import prefetched, sans_lignes
from tests.conventions.factories import ConventionFactory, PretFactory

pytestmark = pytest.mark.django_db


def test_a_relation_recorded_empty_is_read_without_any_query():
    convention = ConventionFactory()
    sans_lignes(convention, "avenants")
    with CaptureQueriesContext(connection) as queries:
        assert list(convention.avenants.all()) == []
        assert list(convention.avenants.all()) == []  # read twice: still nothing to compile nor to ask
        assert convention.avenants.count() == 0
        assert not convention.avenants.exists()
    assert prefetched(convention, "avenants") is not None
    assert queries.captured_queries == []


def test_a_filter_chained_on_it_stays_empty():
    """Only what is known empty may be recorded so: a filter on it never finds the rows the database has."""
    convention = ConventionFactory()
    pret = PretFactory(convention=convention)
    sans_lignes(convention, "prets")
    assert list(convention.prets.filter(pk=pret.pk)) == []


def test_a_relation_not_recorded_is_not_prefetched():
    assert prefetched(ConventionFactory(), "avenants") is None
