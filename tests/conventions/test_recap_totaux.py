"""The recap's totals (conventions.selectors) computed from prefetched rows equal the database's aggregates: the
recap of a convention being prepared loads its dwellings and EDD rows once and sums them in Python."""

from decimal import Decimal

import pytest
from django.db import connection
from django.db.models import prefetch_related_objects
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from conventions import selectors
from programmes.models import Lot, Programme
from tests.conventions.factories import complete_convention
from tests.programmes.factories import LogementFactory
from tests.users.factories import instructeur_user

pytestmark = pytest.mark.usefixtures("seeded_roles")


@pytest.fixture
def convention():
    """Dwellings of the four tables, several typologies, rents missing on some, one of them in T1bis."""
    convention = complete_convention(nb_logements=3)
    lot = convention.lot
    LogementFactory(lot=lot, designation="C1", corrigee=True, typologie="T1bis", import_order=10)
    LogementFactory(lot=lot, designation="C2", corrigee_sans_loyer=True, typologie="T4", import_order=11)
    LogementFactory(lot=lot, designation="S1", loyer=None, typologie="T2", import_order=12)
    LogementFactory(lot=lot, designation="S2", loyer=Decimal("999.99"), typologie="T2", import_order=13)
    return convention


def _both(convention, relation, function, owner):
    fresh = owner.__class__.objects.get(pk=owner.pk)
    from_database = function(fresh)
    prefetch_related_objects([fresh], relation)
    return from_database, function(fresh)


def test_totals_per_table_are_the_same_from_prefetched_dwellings(convention):
    from_database, from_rows = _both(convention, "logements", selectors.logements_totaux, convention.lot)
    assert from_rows == from_database
    assert len(from_database.par_tableau) == 4 and from_database.nombre == 7


def test_typologies_are_the_same_from_prefetched_dwellings(convention):
    from_database, from_rows = _both(convention, "logements", selectors.logements_par_typologie, convention.lot)
    assert from_rows == from_database
    t2 = next(row for row in from_database if row["typologie"] == "T2")
    assert t2["redevance"] == Decimal("999.99")


def test_edd_summary_is_the_same_from_prefetched_rows(convention):
    from_database, from_rows = _both(convention, "logements_edd", selectors.edd_resume, convention.programme)
    assert from_rows == from_database and from_database


def test_annexes_summary_is_the_same_from_the_loaded_annexes(convention):
    from conventions.documents.contexte import charger_annexes
    from tests.programmes.factories import AnnexeFactory

    logements = list(convention.lot.logements.all())
    AnnexeFactory(logement=logements[0], typologie="JARDIN", loyer=Decimal("7.25"))
    AnnexeFactory(logement=logements[1], typologie="JARDIN")
    AnnexeFactory(logement=logements[2], typologie="TERRASSE")
    lot = Lot.objects.get(pk=convention.lot_id)
    from_database = selectors.annexes_resume(lot)
    charger_annexes(lot)
    assert selectors.annexes_resume(lot) == from_database
    assert [row["nombre"] for row in from_database] == [2, 1]


def test_empty_lot_gives_the_same_totals_both_ways(convention):
    convention.lot.logements.all().delete()
    lot = Lot.objects.get(pk=convention.lot_id)
    from_database, from_rows = _both(convention, "logements", selectors.logements_totaux, lot)
    assert from_rows == from_database and from_database.nombre == 0
    assert selectors.edd_resume(Programme.objects.get(pk=convention.programme_id)) is not None


def test_the_recap_of_a_convention_in_instruction_reads_its_dwellings_once(client, convention):
    convention.statut = "instruction"
    convention.save(update_fields=["statut"])
    client.force_login(instructeur_user(administration=convention.programme.administration))
    response = client.get(reverse("conventions:recap", args=[convention.uuid]))
    assert response.status_code == 200
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(reverse("conventions:recap", args=[convention.uuid]))
    logement_queries = [q["sql"] for q in ctx.captured_queries if 'FROM "programmes_logement"' in q["sql"]]
    assert len(logement_queries) == 1, logement_queries
    annexe_queries = [q["sql"] for q in ctx.captured_queries if 'FROM "programmes_annexe"' in q["sql"]]
    assert len(annexe_queries) == 1, annexe_queries
    assert response.context["totaux"].nombre == 7


def test_relations_known_empty_from_the_row_are_still_shown_when_present(client, convention):
    """The recap asks for parkings, attached files and avenant types only when an Exists of the convention's row
    says there are some: present, they are shown; absent, they are not asked for."""
    from conventions.models import UploadedFile
    from tests.programmes.factories import TypeStationnementFactory

    client.force_login(instructeur_user(administration=convention.programme.administration))
    url = reverse("conventions:recap", args=[convention.uuid])
    response = client.get(url)
    assert response.context["stationnements"] == [] and response.context["fichiers"] == {}
    parking = TypeStationnementFactory(lot=convention.lot)
    fichier = UploadedFile.objects.create(convention=convention, champ="programme.vendeur", nom="acte.pdf")
    response = client.get(url)
    assert response.context["stationnements"] == [parking]
    assert response.context["fichiers"] == {"programme.vendeur": [fichier]}


def test_annexes_attached_to_loaded_dwellings_come_in_the_same_order(convention):
    from conventions.documents.contexte import annexes_du_lot
    from tests.programmes.factories import AnnexeFactory

    logements = list(convention.lot.logements.all())
    for logement in reversed(logements):  # created in the reverse order of the dwellings
        AnnexeFactory(logement=logement, typologie="JARDIN")
        AnnexeFactory(logement=logement, typologie="TERRASSE")
    read = annexes_du_lot(Lot.objects.get(pk=convention.lot_id))
    lot = Lot.objects.get(pk=convention.lot_id)
    prefetch_related_objects([lot], "logements")
    with CaptureQueriesContext(connection) as ctx:
        attached = annexes_du_lot(lot)
    assert len(ctx.captured_queries) == 1
    assert [(a.pk, a.logement.designation) for a in attached] == [(a.pk, a.logement.designation) for a in read]
    assert len(read) == 2 * len(logements)
