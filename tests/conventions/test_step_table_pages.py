"""A long table is shown and saved by pages (issue 13: a 500-dwelling step stays light): the page's rows only,
numbered from the page's first row; saving a page keeps the other pages' rows; the rules (count of dwellings,
unique designations) and the totals still see the whole table; an Excel import shows the whole table."""

import pytest

from conventions.views.steps import engine
from programmes.models import Logement
from tests.conventions.factories import complete_convention
from tests.conventions.test_steps import browser_data, step_url
from tests.users.factories import bailleur_user

pytestmark = pytest.mark.usefixtures("seeded_roles")


@pytest.fixture
def long_table(client, monkeypatch):
    monkeypatch.setattr(engine, "TABLE_PAGE", 4)
    convention = complete_convention(nb_logements=10, with_edd=False)
    client.force_login(bailleur_user(bailleur=convention.programme.bailleur))
    return convention


def _designations(convention):
    return list(convention.lot.logements.order_by("import_order", "id").values_list("designation", flat=True))


def test_the_page_asked_for_with_its_numbers_and_links(client, long_table):
    response = client.get(step_url(long_table, "logements", page_tableau=2))
    formset = response.context["step_formset"]
    stored = [f for f in formset.forms if f.initial]
    assert [f.initial["designation"] for f in stored] == _designations(long_table)[4:8]
    page = response.context["table_page"]
    assert (page["number"], page["count"], page["start"], page["total"]) == (2, 3, 4, 10)
    html = response.content.decode()
    assert "Lignes 5 à 8 sur 10." in html and 'aria-label="Désignation, ligne 5"' in html
    assert response.context["table_totals"]["nombre"] == 10  # the whole table
    # A page beyond the last one (or nonsense) shows the last (the first) one.
    assert client.get(step_url(long_table, "logements", page_tableau=9)).context["table_page"]["number"] == 3
    assert client.get(step_url(long_table, "logements", page_tableau="x")).context["table_page"]["number"] == 1


def test_saving_a_page_keeps_the_others(client, long_table):
    before = _designations(long_table)
    response = client.get(step_url(long_table, "logements", page_tableau=2))
    data = browser_data(response)
    assert data["logement-PAGE"] == "2"
    data["logement-0-designation"] = "Z-NOUVEAU"
    response = client.post(step_url(long_table, "logements"), data)
    assert response.status_code == 302, response.context["error_summary"]
    after = _designations(long_table)
    assert after == before[:4] + ["Z-NOUVEAU"] + before[5:]
    assert Logement.objects.filter(lot=long_table.lot).count() == 10


def test_the_rules_see_the_whole_table(client, long_table):
    response = client.get(step_url(long_table, "logements", page_tableau=3))
    data = browser_data(response)
    first = _designations(long_table)[0]
    data["logement-0-designation"] = first  # a designation of page 1
    response = client.post(step_url(long_table, "logements"), data)
    assert response.status_code == 200
    assert any(first in item["message"] for item in response.context["error_summary"])
    # Removing a row of this page: the lot would count 9 dwellings for 10 declared.
    data = browser_data(client.get(step_url(long_table, "logements", page_tableau=3)))
    data["logement-0-DELETE"] = "on"
    response = client.post(step_url(long_table, "logements"), data)
    assert response.status_code == 200
    assert any("10 logements" in item["message"] for item in response.context["error_summary"])
    assert Logement.objects.filter(lot=long_table.lot).count() == 10
