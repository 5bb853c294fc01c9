"""The recap's convention comes with its rare relations (avenants, avenant types, attached files, parkings,
comments): read from the prefetch when the convention has rows, known empty from its own row when it has none —
and in either case read without any further query."""

import pytest
from django.db import connection
from django.db.models import Subquery
from django.test.utils import CaptureQueriesContext

from conventions.models import AvenantType, Convention, UploadedFile
from conventions.selectors import RELATIONS_RARES, RelationsPresentes, recap_convention
from tests.conventions.factories import CommentFactory, ConventionFactory
from tests.programmes.factories import TypeStationnementFactory

pytestmark = pytest.mark.django_db


def lire(convention) -> dict[str, list]:
    return {
        "avenants": list(convention.avenants.all()),
        "avenant_types": list(convention.avenant_types.all()),
        "fichiers": list(convention.fichiers.all()),
        "type_stationnements": list(convention.lot.type_stationnements.all()),
        "comments": list(convention.comments.all()),
    }


def test_every_rare_relation_is_read():
    assert set(lire(ConventionFactory())) == set(RELATIONS_RARES)


def test_a_convention_without_them_reads_them_empty_without_queries():
    convention = ConventionFactory()
    loaded = recap_convention(Convention.objects.all(), uuid=convention.uuid)
    with CaptureQueriesContext(connection) as queries:
        assert lire(loaded) == {relation: [] for relation in RELATIONS_RARES}
    assert queries.captured_queries == []


@pytest.mark.parametrize("relation", list(RELATIONS_RARES))
def test_a_convention_with_one_of_them_reads_its_rows(relation):
    """Each relation alone, so that a bit read for another one would show."""
    convention = ConventionFactory()
    attendu = {
        "avenants": lambda: ConventionFactory(parent=convention),
        "avenant_types": lambda: (
            convention.avenant_types.add(AvenantType.objects.order_by("pk").first())
            or AvenantType.objects.order_by("pk").first()
        ),
        "fichiers": lambda: UploadedFile.objects.create(convention=convention, champ="programme.vendeur", nom="a.pdf"),
        "type_stationnements": lambda: TypeStationnementFactory(lot=convention.lot),
        "comments": lambda: CommentFactory(convention=convention),
    }[relation]()
    loaded = recap_convention(Convention.objects.all(), uuid=convention.uuid)
    with CaptureQueriesContext(connection) as queries:
        lu = lire(loaded)
    assert queries.captured_queries == []
    assert lu[relation] == [attendu]
    assert all(rows == [] for other, rows in lu.items() if other != relation)


def test_the_flags_name_the_convention_table_by_its_alias_in_a_subquery():
    """Inside a subquery the convention table is renamed (U0): the flags must read that row, not the outer one."""
    avec = ConventionFactory()
    CommentFactory(convention=avec)
    sans = ConventionFactory()
    commentee = Convention.objects.annotate(drapeaux=RelationsPresentes()).filter(drapeaux__gt=0).values("pk")[:1]
    lue_depuis = Convention.objects.filter(pk=sans.pk).annotate(commentee=Subquery(commentee)).get()
    assert lue_depuis.commentee == avec.pk  # found from the row of a convention without comments
