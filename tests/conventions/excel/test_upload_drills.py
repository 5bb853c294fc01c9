"""Drill: malformed uploads beyond the corpus (issue 11), built compactly by bench/uploads.py. Each is refused
with a clear French message; bench/uploads.py runs the same files in fresh processes and checks time and peak
memory (< 300 MB), in .ci/run."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from bench import uploads
from conventions.excel.imports import import_table
from tests.conventions.excel.helpers import upload
from tests.conventions.factories import complete_convention
from tests.conventions.test_steps import browser_data, step_url
from tests.users.factories import bailleur_user

COLUMNS_MESSAGE = "a des cellules au-delà de la colonne 16\u202f384"


def refused(data: bytes, expected: str) -> None:
    result = import_table("logements", upload(data), convention=None)
    assert not result.ok and result.rows == []
    assert any(expected in error for error in result.errors), result.errors


def test_zip_bomb_is_refused_before_decompression(settings):
    settings.EXCEL_IMPORT_MAX_SIZE_MB = 1  # the uncompressed limit is then its 50 MB floor
    data = uploads.zip_bomb(64)
    assert len(data) < 1024 * 1024
    refused(data, "anormalement volumineux une fois décompressé")


def test_zip_bomb_lying_about_its_size_is_refused(settings):
    refused(uploads.lying_zip_bomb(16), "Le fichier n'a pas pu être lu : il est peut-être endommagé")


def test_hundred_thousand_rows_are_refused():
    refused(uploads.hundred_thousand_rows(), "plus de 5000 lignes de données")


@pytest.mark.parametrize("build", [uploads.wide_data_row, uploads.wide_header_row], ids=["données", "en-têtes"])
def test_two_hundred_thousand_columns_are_refused(build):
    refused(build(), COLUMNS_MESSAGE)


def test_a_row_formatted_up_to_excels_last_column_is_still_read():
    """Spreadsheets format whole rows: a cell at XFD (column 16,384) is legitimate."""
    row = uploads._row(4, uploads.LOGEMENT)[: -len("</row>")] + '<c r="XFD4" s="0"/></row>'
    data = uploads.with_sheet(iter([uploads.header_chunk(), (row + uploads.SHEET_TAIL).encode()]))
    result = import_table("logements", upload(data), convention=None)
    assert result.ok, result.errors
    assert [row["designation"] for row in result.rows] == ["A101"]


@pytest.mark.django_db
def test_fifty_megabytes_through_the_step_page_is_refused_and_nothing_lost(client):
    convention = complete_convention(nb_logements=2)
    client.force_login(bailleur_user(bailleur=convention.programme.bailleur))
    url = step_url(convention, "logements")
    data = browser_data(client.get(url))
    before = list(convention.lot.logements.values_list("designation", "typologie"))
    data["televerser"] = "1"
    data["fichier_import"] = SimpleUploadedFile("logements.xlsx", uploads.fifty_megabytes())
    response = client.post(url, data)
    assert response.status_code == 200
    assert "Le fichier pèse 50 Mo, au-delà de la limite de 10 Mo." in response.content.decode()
    assert list(convention.lot.logements.values_list("designation", "typologie")) == before
