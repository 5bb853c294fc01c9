"""Export → import gives the same rows; a re-import matches the saved rows (uuid) instead of duplicating."""

import datetime
import io
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from conventions.enums import Preteur
from conventions.excel.exports import export_table
from conventions.excel.imports import import_table
from programmes.enums import FinancementEDD, TypologieAnnexe, TypologieLogement, TypologieStationnement
from tests.conventions.excel.helpers import to_bytes, upload
from tests.conventions.factories import ConventionFactory, PretFactory
from tests.programmes.factories import (
    AnnexeFactory,
    LogementEDDFactory,
    LogementFactory,
    ReferenceCadastraleFactory,
    TypeStationnementFactory,
)

pytestmark = pytest.mark.django_db

FIELDS = {
    "cadastre": ["section", "numero", "lieudit", "surface", "autre"],
    "edd": ["financement", "designation", "numero_lot"],
    "financement": ["numero", "date_octroi", "duree", "montant", "preteur", "autre"],
    "logements": [
        "designation",
        "typologie",
        "surface_habitable",
        "surface_annexes",
        "surface_annexes_retenue",
        "surface_utile",
        "loyer_par_metre_carre",
        "coefficient",
        "loyer",
    ],
    "stationnements": ["typologie", "nb_stationnements", "loyer"],
}


@pytest.fixture
def convention():
    convention = ConventionFactory()
    lot, programme = convention.lot, convention.programme
    a101 = LogementFactory(lot=lot, designation="A101", typologie=TypologieLogement.T3, import_order=1)
    a102 = LogementFactory(
        lot=lot,
        designation="A102",
        typologie=TypologieLogement.T5,
        surface_habitable=Decimal("101.37"),
        surface_utile=Decimal("110.12"),
        coefficient=Decimal("1.1234"),
        import_order=2,
    )
    AnnexeFactory(logement=a101, typologie=TypologieAnnexe.JARDIN)
    AnnexeFactory(logement=a102, typologie=TypologieAnnexe.TERRASSE, loyer=Decimal("7.35"))
    AnnexeFactory(logement=a102, typologie=TypologieAnnexe.TERRASSE, loyer=Decimal("9.10"))
    TypeStationnementFactory(lot=lot, typologie=TypologieStationnement.GARAGE_ENTERRE, nb_stationnements=3)
    TypeStationnementFactory(lot=lot, typologie=TypologieStationnement.CARPORT, loyer=Decimal("12.34"))
    PretFactory(convention=convention, preteur=Preteur.CDCF, numero="P-1")
    PretFactory(
        convention=convention, preteur=Preteur.AUTRE, autre="Fondation X", numero="P-2", date_octroi=None, duree=None
    )
    LogementEDDFactory(programme=programme, designation="A101", financement=FinancementEDD.PLUS, numero_lot="1")
    LogementEDDFactory(programme=programme, designation="A102", financement=FinancementEDD.PLAI_ADP, numero_lot="2")
    ReferenceCadastraleFactory(programme=programme, section="AB", numero="12", autre="")
    ReferenceCadastraleFactory(programme=programme, section="AC", numero="0045", autre="Parcelle annexe")
    return convention


def saved(table, convention) -> list[dict]:
    if table == "annexes":
        from programmes.models import Annexe

        return [
            {
                "uuid": str(annexe.uuid),
                "typologie": annexe.typologie,
                "logement_designation": annexe.logement.designation,
                "logement_typologie": annexe.logement.typologie,
                "surface_hors_surface_retenue": annexe.surface_hors_surface_retenue,
                "loyer_par_metre_carre": annexe.loyer_par_metre_carre,
                "loyer": annexe.loyer,
            }
            for annexe in Annexe.objects.filter(logement__lot=convention.lot)
            .select_related("logement")
            .order_by("logement__import_order", "logement_id", "pk")
        ]
    queryset = {
        "cadastre": convention.programme.references_cadastrales.all(),
        "edd": convention.programme.logements_edd.all(),
        "financement": convention.prets.order_by("pk"),
        "logements": convention.lot.logements.all(),
        "stationnements": convention.lot.type_stationnements.order_by("pk"),
    }[table]
    return [{**row, "uuid": str(row["uuid"])} for row in queryset.values("uuid", *FIELDS[table])]


@pytest.mark.parametrize("table", ["cadastre", "edd", "financement", "logements", "annexes", "stationnements"])
def test_export_then_import_gives_the_same_rows(convention, table):
    exported = export_table(table, convention=convention)
    result = import_table(table, upload(exported), convention=convention)
    assert result.ok, result.errors
    assert result.warnings == []
    expected = saved(table, convention)
    assert len(expected) >= 2
    assert sorted(result.rows, key=lambda r: r["uuid"]) == sorted(expected, key=lambda r: r["uuid"])


def test_edit_after_export_updates_matched_rows_and_adds_new_ones(convention):
    workbook = load_workbook(io.BytesIO(export_table("logements", convention=convention)))
    sheet = workbook["Logements"]
    assert sheet["A4"].value == "A101" and sheet["A5"].value == "A102"
    assert sheet["C4"].value == "PLUS"  # the lot's financement (column « Financement » of the reference)
    sheet["D4"] = 61.5  # surface habitable of A101 changes
    for column, value in enumerate(["A103", "T2", "PLUS", 40, 0, 0, 40, 6.5, 1, 260], start=1):
        sheet.cell(row=6, column=column, value=value)
    result = import_table("logements", upload(to_bytes(workbook)), convention=convention)
    assert result.ok, result.errors
    by_designation = {row["designation"]: row for row in result.rows}
    logements = {lgt.designation: lgt for lgt in convention.lot.logements.all()}
    assert by_designation["A101"]["uuid"] == str(logements["A101"].uuid)
    assert by_designation["A101"]["surface_habitable"] == Decimal("61.50")
    assert by_designation["A102"]["uuid"] == str(logements["A102"].uuid)
    assert by_designation["A103"]["uuid"] == ""
    assert convention.lot.logements.count() == 2  # nothing saved by the import


def test_reimport_matches_by_the_reference_keys(convention):
    from tests.conventions.excel.helpers import table_file

    result = import_table(
        "stationnements",
        table_file("stationnements", [["Garage enterré", 5, 40], ["Carport", 4, 12.34], ["Garage aérien", 1, 1]]),
        convention=convention,
    )
    uuids = {row["typologie"]: row["uuid"] for row in result.rows}
    saved_uuids = {s.typologie: str(s.uuid) for s in convention.lot.type_stationnements.all()}
    # (typologie, nombre) first; a changed number still matches the same type of parking
    assert uuids["GARAGE_ENTERRE"] == saved_uuids["GARAGE_ENTERRE"]
    assert uuids["CARPORT"] == saved_uuids["CARPORT"]
    assert uuids["GARAGE_AERIEN"] == ""

    prets = import_table(
        "financement",
        table_file("financement", [["P-2", "01/01/2020", 10, 5, "Autre", "Y"], ["P-9", None, None, 1, "Etat", None]]),
        convention=convention,
    )
    assert prets.rows[0]["uuid"] == str(convention.prets.get(numero="P-2").uuid)
    assert prets.rows[1]["uuid"] == ""

    cadastre = import_table(
        "cadastre",
        table_file("cadastre", [["ab", "0045", "X", "1 a"], ["AC", "0045", "Y", "1 a"]]),
        convention=convention,
    )
    assert [row["uuid"] for row in cadastre.rows] == [
        "",
        str(convention.programme.references_cadastrales.get(section="AC").uuid),
    ]


def test_the_same_key_twice_matches_one_saved_row_only(convention):
    from tests.conventions.excel.helpers import table_file

    row = ["A101", "T3", 60, 10, 5, 65, 6.5, 1, 422.5]
    result = import_table("logements", table_file("logements", [row, row]), convention=convention)
    assert result.rows[0]["uuid"] == str(convention.lot.logements.get(designation="A101").uuid)
    assert result.rows[1]["uuid"] == ""


def test_annexes_match_by_dwelling_and_type_in_order(convention):
    exported = export_table("annexes", convention=convention)
    result = import_table("annexes", upload(exported), convention=convention)
    terrasses = [row["uuid"] for row in result.rows if row["typologie"] == "TERRASSE"]
    assert len(set(terrasses)) == 2 and "" not in terrasses


def test_financement_column_of_2026_templates(convention):
    from tests.conventions.excel.helpers import workbook

    headers = ["Type de stationnement", "Nombre de stationnements", "Loyer maximum en €", "Financement"]
    same = workbook("Stationnements", headers, [["Carport", 1, 10, "PLUS"]])
    result = import_table("stationnements", upload(same), convention=convention)
    assert result.ok and result.warnings == []
    other = workbook("Stationnements", headers, [["Carport", 1, 10, "PLS"]])
    result = import_table("stationnements", upload(other), convention=convention)
    assert result.ok
    assert result.warnings == [
        "La colonne « Financement » contient « PLS » alors que la convention porte sur le financement PLUS ; "
        "cette colonne n'est pas importée."
    ]


def test_export_writes_labels_and_real_dates(convention):
    workbook = load_workbook(io.BytesIO(export_table("financement", convention=convention)))
    sheet = workbook["Financements"]
    assert sheet["E3"].value == "CDC pour le foncier"
    assert sheet["B3"].value == datetime.datetime(2026, 3, 1)
    assert sheet["B3"].number_format == "DD/MM/YYYY"
    assert sheet["F4"].value == "Fondation X"
