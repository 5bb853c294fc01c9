"""The COPY writer (reprise/copie.py): values in COPY's text format come back as they were written."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection

from conventions.models import ConventionHistory
from reprise import copie
from reprise.models import LigneImportee
from tests.conventions.factories import ConventionFactory

pytestmark = pytest.mark.django_db

TEXTE = "tabulation\there, retour\nà la ligne, \\ barre oblique inverse, \r retour chariot, « guillemets » ' \""


@pytest.fixture(autouse=True)
def _postgresql():
    if connection.vendor != "postgresql":
        pytest.skip("COPY est propre à PostgreSQL (DATABASE_URL).")


def test_inserted_rows_read_back_identical_with_their_ids():
    convention = ConventionFactory()
    quand = datetime.datetime(2021, 3, 4, 5, 6, 7, tzinfo=datetime.UTC)
    ids = copie.inserer(
        ConventionHistory,
        [
            {
                "convention_id": convention.pk,
                "statut": "signee",
                "commentaire": TEXTE,
                "donnees": {"source": "évènement", "n": 1, "liste": [Decimal("1.5").to_eng_string()]},
                "cree_le": quand,
            },
            {"convention_id": convention.pk, "commentaire": "", "cree_le": quand},
        ],
    )
    first, second = (ConventionHistory.objects.get(pk=pk) for pk in ids)
    assert first.commentaire == TEXTE
    assert first.donnees == {"source": "évènement", "n": 1, "liste": ["1.5"]}
    assert first.cree_le == quand and first.statut == "signee"
    assert second.commentaire == "" and second.donnees == ConventionHistory._meta.get_field("donnees").get_default()
    # The ids came from the table's sequence: a row created afterwards by the application does not collide.
    assert ConventionHistory.objects.create(convention=convention).pk > max(ids)


def test_update_through_a_temporary_table():
    lignes = [LigneImportee.objects.create(table="t", cle_source=f"c{n}", cible_id=n, empreinte="a") for n in range(3)]
    copie.mettre_a_jour(
        LigneImportee, [(lignes[0].pk, {"empreinte": "b"}), (lignes[2].pk, {"empreinte": TEXTE[:32]})], ["empreinte"]
    )
    assert [ligne.empreinte for ligne in LigneImportee.objects.order_by("cible_id")] == ["b", "a", TEXTE[:32]]
