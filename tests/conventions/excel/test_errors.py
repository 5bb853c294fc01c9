"""Every error of the import names the cell (or the sheet/column) and says what was expected; no rows then."""

import pytest

from conventions.excel.imports import import_table
from tests.conventions.excel.helpers import HEADERS_HEAD, set_cached_value, table_file, to_bytes, upload, workbook

LOGEMENT = ["A101", "T3", 60, 10, 5, 65, 6.5, 1, 422.5]


def logements(rows):
    return import_table("logements", table_file("logements", rows), convention=None)


def only_error(result) -> str:
    assert not result.ok
    assert result.rows == []
    assert len(result.errors) == 1, result.errors
    return result.errors[0]


@pytest.mark.parametrize(
    ("position", "raw", "message"),
    [
        (5, "abc", "F4 : la valeur « abc » n'est pas un nombre (colonne « Surface utile »)."),
        (5, "12,5,3", "F4 : la valeur « 12,5,3 » n'est pas un nombre (colonne « Surface utile »)."),
        (
            2,
            -3,
            "C4 : la valeur « -3 » est négative, un nombre positif ou nul est attendu (colonne « Surface habitable »).",
        ),
        (
            2,
            "-1 234,5",
            "C4 : la valeur « -1 234,5 » est négative, un nombre positif ou nul est attendu "
            "(colonne « Surface habitable »).",
        ),
        (
            7,
            150,
            "H4 : la valeur « 150 » est trop grande (elle doit être inférieure à 100) (colonne « Coefficient »).",
        ),
        (
            8,
            "1e300",
            "I4 : la valeur « 1e300 » n'est pas un nombre (colonne « Loyer maximum »).",
        ),
        (
            1,
            "T9 bis",
            "B4 : la valeur « T9 bis » ne fait pas partie des valeurs possibles : « T1 », « T1 bis », « T1' », "
            "« T2 », « T3 », « T4 », « T5 », « T6 et plus » (colonne « Type »).",
        ),
        (6, True, "G4 : la valeur booléenne « VRAI » n'est pas acceptée (colonne « Loyer par m² »)."),
        (0, "x" * 300, "A4 : le texte fait 300 caractères, au plus 255 sont acceptés (colonne « Désignation »)."),
    ],
)
def test_cell_errors_name_the_cell_and_the_column(position, raw, message):
    row = list(LOGEMENT)
    row[position] = raw
    assert only_error(logements([row])) == message


def test_number_too_big_for_a_surface():
    row = list(LOGEMENT)
    row[2] = 123456789
    assert only_error(logements([row])) == (
        "C4 : la valeur « 123456789 » est trop grande (elle doit être inférieure à 100 000 000) "
        "(colonne « Surface habitable »)."
    )


def test_date_errors():
    result = import_table(
        "financement", table_file("financement", [["N1", "31/02/2026", 10, 10, "Etat", None]]), convention=None
    )
    assert only_error(result) == (
        "B3 : la valeur « 31/02/2026 » n'est pas une date (format attendu : JJ/MM/AAAA) (colonne « Date d'octroi »)."
    )


def test_integer_errors():
    result = import_table(
        "stationnements", table_file("stationnements", [["Carport", 2.5, 10], ["Carport", "deux", 10]]), convention=None
    )
    assert result.errors == [
        "B3 : la valeur « 2.5 » n'est pas un nombre entier (colonne « Nombre de stationnements »).",
        "B4 : la valeur « deux » n'est pas un nombre (colonne « Nombre de stationnements »).",
    ]


def test_date_in_a_number_column():
    import datetime

    row = list(LOGEMENT)
    row[5] = datetime.datetime(2026, 1, 1)
    assert only_error(logements([row])).startswith("F4 : la valeur « 2026-01-01T00:00:00 » est une date")


def test_formula_returning_an_error():
    sheet, headers, start = HEADERS_HEAD["logements"]
    wb = workbook(sheet, headers, [[*LOGEMENT[:8], "=F4/0"]], start=start)
    data = set_cached_value(to_bytes(wb), "I4", "#DIV/0!", error=True)
    result = import_table("logements", upload(data), convention=None)
    assert only_error(result) == "I4 : la formule de la cellule renvoie l'erreur #DIV/0! (colonne « Loyer maximum »)."


def test_formula_without_cached_value_outside_the_rent():
    result = import_table("stationnements", table_file("stationnements", [["Carport", "=1+1", 10]]), convention=None)
    assert only_error(result) == (
        "B3 : la cellule contient une formule dont le résultat n'est pas enregistré dans le fichier "
        "(colonne « Nombre de stationnements »). Ouvrez le fichier dans votre tableur, enregistrez-le, puis "
        "téléversez-le à nouveau."
    )


def test_missing_sheet():
    wb = workbook("Feuil1", HEADERS_HEAD["logements"][1], [LOGEMENT], start=4)
    assert only_error(import_table("logements", upload(wb), convention=None)) == (
        "Le fichier doit contenir une feuille nommée « Logements » (feuilles trouvées : « Feuil1 »)."
    )


def test_missing_columns_one_error_each():
    sheet, headers, start = HEADERS_HEAD["financement"]
    wb = workbook(sheet, headers[:3], [["N1", None, 10]], start=start)
    result = import_table("financement", upload(wb), convention=None)
    assert result.errors == [
        "Le fichier doit avoir une colonne « Montant (en €) ».",
        "Le fichier doit avoir une colonne « Organisme financeur (choisir dans la liste déroulante) ».",
        "Le fichier doit avoir une colonne « Préciser l'identité de l'organisme financeur si vous avez sélectionné "
        "'Autre' ».",
    ]
    assert result.rows == []


def test_no_header_at_all():
    wb = workbook("Stationnements", [], [["Carport", 1, 10]])
    assert only_error(import_table("stationnements", upload(wb), convention=None)).startswith(
        "La première ligne de la feuille « Stationnements » doit contenir les en-têtes des colonnes du modèle"
    )


def test_too_many_rows(settings):
    settings.EXCEL_IMPORT_MAX_ROWS = 10
    result = import_table("stationnements", table_file("stationnements", [["Carport", 1, 10]] * 11), convention=None)
    assert only_error(result) == (
        "Le fichier contient plus de 10 lignes de données : c'est la limite acceptée. "
        "Découpez-le en plusieurs fichiers ou supprimez les lignes inutiles."
    )
    settings.EXCEL_IMPORT_MAX_ROWS = 11
    assert import_table("stationnements", table_file("stationnements", [["Carport", 1, 10]] * 11), convention=None).ok


def test_too_large_file(settings):
    settings.EXCEL_IMPORT_MAX_SIZE_MB = 0.005  # 5,1 Ko
    file = table_file("stationnements", [["Carport", n, 10] for n in range(2000)])
    assert file.size > 0.005 * 1024 * 1024
    message = only_error(import_table("stationnements", file, convention=None))
    assert message.startswith(f"Le fichier pèse {file.size / 1024:.1f}".replace(".", ","))
    assert "Ko, au-delà de la limite de 5,1 Ko." in message


def test_too_large_file_without_declared_size(settings):
    import io

    settings.EXCEL_IMPORT_MAX_SIZE_MB = 0.005
    data = io.BytesIO(b"x" * 6000)  # a plain stream: no .size, the limit is checked while reading
    assert only_error(import_table("stationnements", data, convention=None)) == (
        "Le fichier dépasse la limite de 5,1 Ko."
    )


def test_many_errors_are_capped():
    result = import_table("stationnements", table_file("stationnements", [["Carport", "x", 10]] * 150), convention=None)
    assert len(result.errors) == 101
    assert result.errors[-1] == "… et 50 autre(s) erreur(s) non affichée(s)."


def test_a_row_with_errors_and_valid_rows_gives_no_rows():
    result = logements([LOGEMENT, ["A102", "T2", "soixante", 0, 0, 60, 6.5, 1, 390]])
    assert result.errors == ["C5 : la valeur « soixante » n'est pas un nombre (colonne « Surface habitable »)."]
    assert result.rows == []


def test_unknown_table_is_a_programming_error():
    with pytest.raises(ValueError, match="Tableau inconnu"):
        import_table("inconnu", table_file("stationnements", []), convention=None)
