"""Step tables at 1280 px (issue 19 item 5): the table scrolls in the DSFR container with its action columns
(Supprimer, Commentaires) marked to stay in view, and the dwellings step shows a totals row — surfaces, rents,
count per type — of the rows on screen (blank rows and rows being removed left out)."""

from decimal import Decimal

import pytest
from django.urls import reverse

from conventions.enums import ConventionStatut
from conventions.steps.ordinaire import logements_totaux
from tests.conventions.factories import complete_convention
from tests.conventions.test_steps import browser_data, step_url
from tests.users.factories import bailleur_user

pytestmark = pytest.mark.usefixtures("seeded_roles")


def test_totals_of_the_rows_shown():
    rows = [
        {"typologie": "T2", "surface_habitable": "40,50", "surface_utile": "42", "loyer": "250,10"},
        {"typologie": "T3", "surface_habitable": Decimal("60.00"), "surface_utile": "abc", "loyer": "300"},
        {"typologie": "T2", "surface_habitable": "", "surface_utile": None, "loyer": None},
    ]
    totals = logements_totaux(rows, ["designation", "typologie", "surface_habitable", "surface_utile", "loyer"])
    assert totals["nombre"] == 3
    by_name = {cell["name"]: (cell["total"], cell["unite"]) for cell in totals["cells"]}
    assert by_name["surface_habitable"] == (Decimal("100.50"), "m²")
    assert by_name["surface_utile"] == (Decimal("42"), "m²")  # "abc" counts for nothing
    assert by_name["loyer"] == (Decimal("550.10"), "€")
    assert by_name["designation"] == (None, "")
    assert totals["typologies"] == [("T2", 2), ("T3", 1)]


def test_the_logements_step_shows_the_totals_and_keeps_its_actions_in_view(client):
    convention = complete_convention(nb_logements=3)
    client.force_login(bailleur_user(bailleur=convention.programme.bailleur))
    response = client.get(step_url(convention, "logements"))
    html = response.content.decode()
    assert 'class="fr-table__container"' in html
    assert 'th scope="col" class="apilos-col-supprimer">Supprimer' in html
    assert 'class="apilos-col-commentaires">Commentaires' in html
    totals = response.context["table_totals"]
    assert totals["nombre"] == 3  # the 5 blank rows are not dwellings
    loyer = next(cell["total"] for cell in totals["cells"] if cell["name"] == "loyer")
    assert loyer == sum(convention.lot.logements.values_list("loyer", flat=True))
    assert 'id="totaux-tableau"' in html and "3 logements" in html
    # A row ticked for removal leaves the totals of the page shown again (e.g. after an error).
    data = browser_data(response) | {"logement-0-DELETE": "on", "logement-1-surface_habitable": "x"}
    response = client.post(step_url(convention, "logements"), data)
    assert response.context["table_totals"]["nombre"] == 2


def test_other_steps_have_no_totals_row(client):
    convention = complete_convention(nb_logements=1)
    client.force_login(bailleur_user(bailleur=convention.programme.bailleur))
    response = client.get(reverse("conventions:etape", args=[convention.uuid, "financement"]))
    assert response.context["table_totals"] is None
    assert 'id="totaux-tableau"' not in response.content.decode()


def test_a_read_only_table_shows_no_empty_rows_to_fill(client):
    """While the instruction service holds the convention, the bailleur reads its tables: no rows to fill."""
    convention = complete_convention(nb_logements=2, statut=ConventionStatut.INSTRUCTION)
    client.force_login(bailleur_user(bailleur=convention.programme.bailleur))
    page = client.get(f"/conventions/{convention.uuid}/logements/")
    assert page.status_code == 200
    assert page.context["formset"].total_form_count() == 2
