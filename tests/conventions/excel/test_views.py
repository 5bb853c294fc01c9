"""Downloads: templates (one per table and the ZIP), a convention's table (scoped), the conventions list."""

import io
import zipfile

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from conventions.enums import ConventionStatut
from programmes.enums import Financement
from tests.conventions.factories import ConventionFactory
from tests.programmes.factories import LogementFactory, LotFactory, ProgrammeFactory
from tests.users.factories import bailleur_user, instructeur_user

pytestmark = pytest.mark.django_db

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@pytest.fixture
def convention():
    convention = ConventionFactory(numero="13.D.26.0001")
    LogementFactory(lot=convention.lot, designation="A101")
    return convention


@pytest.fixture
def bailleur_client(client, convention):
    client.force_login(bailleur_user(bailleur=convention.programme.bailleur))
    return client


@pytest.mark.parametrize(
    ("table", "filename"),
    [
        ("cadastre", "cadastre.xlsx"),
        ("edd", "logements_edd.xlsx"),
        ("financement", "financement.xlsx"),
        ("logements", "logements.xlsx"),
        ("annexes", "annexes.xlsx"),
        ("stationnements", "stationnements.xlsx"),
    ],
)
def test_template_download(bailleur_client, table, filename):
    response = bailleur_client.get(reverse("conventions:excel_modele", args=[table]))
    assert response.status_code == 200
    assert response["Content-Type"] == XLSX
    assert response["Content-Disposition"] == f'attachment; filename="{filename}"'
    assert load_workbook(io.BytesIO(response.content)).sheetnames[1:] == ["Notice", "Data"]


def test_zip_of_all_templates(bailleur_client):
    response = bailleur_client.get(reverse("conventions:excel_modele", args=["tous"]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    assert len(zipfile.ZipFile(io.BytesIO(response.content)).namelist()) == 11  # foyers and dwelling tables


def test_unknown_template_is_a_404(bailleur_client):
    assert bailleur_client.get(reverse("conventions:excel_modele", args=["inconnu"])).status_code == 404


def test_downloads_require_login(client, convention):
    response = client.get(reverse("conventions:excel_modele", args=["logements"]))
    assert response.status_code == 302
    response = client.get(reverse("conventions:excel_export", args=[convention.uuid, "logements"]))
    assert response.status_code == 302
    assert client.get(reverse("conventions:export_liste")).status_code == 302


def test_export_of_a_table_of_a_visible_convention(bailleur_client, convention):
    response = bailleur_client.get(reverse("conventions:excel_export", args=[convention.uuid, "logements"]))
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="logements_13_D_26_0001.xlsx"'
    sheet = load_workbook(io.BytesIO(response.content))["Logements"]
    assert sheet["A4"].value == "A101"


def test_export_of_a_convention_out_of_scope_is_a_404(client, convention):
    client.force_login(bailleur_user())  # another bailleur
    response = client.get(reverse("conventions:excel_export", args=[convention.uuid, "logements"]))
    assert response.status_code == 404


def test_export_of_an_unknown_table_is_a_404(bailleur_client, convention):
    response = bailleur_client.get(reverse("conventions:excel_export", args=[convention.uuid, "inconnu"]))
    assert response.status_code == 404


def test_instructeur_exports_a_convention_of_the_administration(client, convention):
    client.force_login(instructeur_user(administration=convention.programme.administration))
    response = client.get(reverse("conventions:excel_export", args=[convention.uuid, "financement"]))
    assert response.status_code == 200


def list_rows(response) -> list[tuple]:
    content = b"".join(response.streaming_content)
    sheet = load_workbook(io.BytesIO(content)).active
    return list(sheet.iter_rows(values_only=True))


def test_list_export_with_the_filters_of_the_list(client):
    user = bailleur_user()
    bailleur = next(iter(user.bailleur_ids()))
    programme = ProgrammeFactory(bailleur_id=bailleur, nom="Les Cerisiers")
    ConventionFactory(lot=LotFactory(programme=programme, financement=Financement.PLUS), instruction=True)
    ConventionFactory(lot=LotFactory(programme=programme, financement=Financement.PLAI))
    ConventionFactory(lot=LotFactory(programme=ProgrammeFactory(bailleur_id=bailleur, nom="Autre opération")))
    ConventionFactory()  # another bailleur: never exported
    client.force_login(user)

    response = client.get(reverse("conventions:export_liste"))
    assert response.status_code == 200
    assert response["Content-Type"] == XLSX
    assert response["Content-Disposition"].startswith('attachment; filename="conventions_')
    rows = list_rows(response)
    assert rows[0][:3] == ("Numéro de convention", "Statut", "Opération")
    assert len(rows) == 1 + 3

    response = client.get(
        reverse("conventions:export_liste"), {"q": "Cerisiers", "statut": ConventionStatut.INSTRUCTION}
    )
    rows = list_rows(response)
    assert len(rows) == 2
    assert rows[1][1:3] == ("En instruction", "Les Cerisiers")
    assert rows[1][9] == "PLUS"

    response = client.get(reverse("conventions:export_liste"), {"financement": "PLAI"})
    assert [row[9] for row in list_rows(response)[1:]] == ["PLAI"]


def test_list_export_queries_do_not_grow_with_the_rows(client):
    user = bailleur_user()
    client.force_login(user)
    programme = ProgrammeFactory(bailleur_id=next(iter(user.bailleur_ids())))

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            list_rows(client.get(reverse("conventions:export_liste")))
        return len(queries)

    ConventionFactory(lot=LotFactory(programme=programme))
    few = count()
    for _ in range(5):
        ConventionFactory(lot=LotFactory(programme=programme))
    assert count() == few


def test_list_export_is_limited(client, monkeypatch):
    from conventions.excel import exports

    monkeypatch.setattr(exports, "MAX_LIST_ROWS", 2)
    user = bailleur_user()
    client.force_login(user)
    programme = ProgrammeFactory(bailleur_id=next(iter(user.bailleur_ids())))
    for _ in range(3):
        ConventionFactory(lot=LotFactory(programme=programme))
    rows = list_rows(client.get(reverse("conventions:export_liste")))
    assert len(rows) == 1 + 2 + 1
    assert rows[-1][0] == "Export limité aux 2 premières lignes : affinez les filtres."


def test_list_export_puts_avenants_under_their_convention_as_the_page_does(client):
    """« À instruire » keeps the signed convention whose avenant is instructed: the file shows that avenant under
    it (titled, with its convention's number), and « Avenants seulement » the avenant alone, titled the same."""
    user = bailleur_user()
    client.force_login(user)
    programme = ProgrammeFactory(bailleur_id=next(iter(user.bailleur_ids())))
    signee = ConventionFactory(signee=True, numero="13.D.26.0001", lot=LotFactory(programme=programme))
    ConventionFactory(
        parent=signee, statut=ConventionStatut.SIGNEE, numero_avenant=1, lot=LotFactory(programme=programme)
    )
    ConventionFactory(parent=signee, statut=ConventionStatut.INSTRUCTION, lot=LotFactory(programme=programme))
    seule = ConventionFactory(statut=ConventionStatut.INSTRUCTION, lot=LotFactory(programme=programme))
    seule.numero = ""
    seule.save()
    url = reverse("conventions:export_liste")

    rows = list_rows(client.get(url, {"statut": ConventionStatut.INSTRUCTION, "tri": "maj"}))
    first_cells = [(row[0], row[1]) for row in rows[1:]]
    assert ("13.D.26.0001", "Signée") in first_cells
    position = first_cells.index(("13.D.26.0001", "Signée"))
    assert first_cells[position + 1 : position + 3] == [
        ("Avenant n° 1 – convention 13.D.26.0001", "Signée"),
        ("Avenant (non numéroté) – convention 13.D.26.0001", "En instruction"),
    ]
    assert len(rows) == 1 + 4  # the two conventions and the two avenants of the signed one

    rows = list_rows(client.get(url, {"statut": ConventionStatut.INSTRUCTION, "avenants": "true"}))
    assert [row[0] for row in rows[1:]] == ["Avenant (non numéroté) – convention 13.D.26.0001"]
