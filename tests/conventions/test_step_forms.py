"""The public API the step engine uses on the step forms: rows of an import as posted data, forms shown as typed,
table errors."""

import datetime
from decimal import Decimal

import pytest

from conventions.forms.steps.base import Edition
from conventions.forms.steps.tables import PretFormSet
from tests.conventions.factories import complete_convention
from tests.users.factories import bailleur_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def edition():
    convention = complete_convention(nb_logements=1)
    return Edition(user=bailleur_user(bailleur=convention.programme.bailleur), convention=convention)


def test_imported_rows_are_validated_like_a_posted_table(edition):
    rows = [
        {
            "preteur": "CDCL",
            "date_octroi": datetime.date(2024, 5, 2),
            "numero": "A1",
            "duree": 40,
            "montant": Decimal("1000.50"),
        },
        {"preteur": "CDCL", "date_octroi": "pas une date", "numero": "A2", "duree": 40, "montant": Decimal("1")},
    ]
    data = PretFormSet.data_for_rows(rows, edition=edition, extra=2)
    assert data["pret-TOTAL_FORMS"] == "4"
    assert (
        data["pret-0-date_octroi"] == "2024-05-02" and data["pret-0-montant"] == "1000,50"
    )  # as a French browser posts it (core.nombres.saisie)
    formset = PretFormSet(data, edition=edition, stored=[])
    assert not formset.is_valid()
    assert formset.forms[0].errors == {}
    assert "date_octroi" in formset.forms[1].errors


def test_a_table_shown_as_typed_keeps_the_values_and_shows_no_error(edition):
    data = PretFormSet.data_for_rows([{"numero": "A1", "duree": "beaucoup"}], edition=edition, extra=0)
    formset = PretFormSet(data, edition=edition, stored=[])
    formset.hide_errors()
    assert formset.errors == [{}] and list(formset.non_form_errors()) == []
    assert formset.forms[0]["duree"].value() == "beaucoup"
    assert formset.forms[0]["duree"].errors == []


def test_rows_added_keep_the_posted_rows(edition):
    posted = PretFormSet.data_for_rows([{"numero": "A1"}], edition=edition, extra=0)
    data = PretFormSet.data_with_rows_added(posted, edition=edition, count=5)
    assert data["pret-TOTAL_FORMS"] == "6" and data["pret-0-numero"] == "A1"


def test_a_table_error_is_shown_once(edition):
    formset = PretFormSet(PretFormSet.data_for_rows([], edition=edition, extra=1), edition=edition, stored=[])
    assert formset.is_valid()
    formset.add_table_error("Le tableau est incomplet.")
    formset.add_table_error("Le tableau est incomplet.")
    assert list(formset.non_form_errors()) == ["Le tableau est incomplet."]
