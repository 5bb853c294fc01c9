"""Exports: a convention's table in its template format (re-importable as is), and the conventions list."""

import datetime
import tempfile

from django.utils import timezone
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

from conventions.excel.convert import thousands
from conventions.excel.modeles import build_workbook, workbook_bytes
from conventions.excel.tables import CHOICE, TABLES, TABLES_LOGEMENTS, Table
from conventions.perms import role_on
from core.spreadsheets import write_cell

MAX_LIST_ROWS = 10_000


# --- One table of a convention -----------------------------------------------------------------------------


def saved_rows(code: str, convention) -> list[dict]:
    """The table's saved rows as cell values (labels for choices), in the order of the step's table."""
    from conventions.models import Pret
    from programmes.models import (
        Annexe,
        LocauxCollectifs,
        Logement,
        LogementEDD,
        ReferenceCadastrale,
        TypeStationnement,
    )

    if code == "annexes":
        annexes = (
            Annexe.objects.filter(logement__lot_id=convention.lot_id)
            .select_related("logement")
            .order_by("logement__import_order", "logement_id", "pk")
        )
        return [
            {
                "typologie": annexe.typologie,
                "logement_designation": annexe.logement.designation,
                "logement_typologie": annexe.logement.typologie,
                "surface_hors_surface_retenue": annexe.surface_hors_surface_retenue,
                "loyer_par_metre_carre": annexe.loyer_par_metre_carre,
                "loyer": annexe.loyer,
            }
            for annexe in annexes
        ]
    querysets = {
        "cadastre": ReferenceCadastrale.objects.filter(programme_id=convention.programme_id),
        "edd": LogementEDD.objects.filter(programme_id=convention.programme_id),
        "financement": Pret.objects.filter(convention=convention).order_by("pk"),
        **{
            table.code: Logement.objects.filter(lot_id=convention.lot_id).du_tableau(tableau)
            for tableau, table in TABLES_LOGEMENTS.items()
        },
        "stationnements": TypeStationnement.objects.filter(lot_id=convention.lot_id).order_by("pk"),
        "logements_foyer": Logement.objects.filter(lot_id=convention.lot_id),
        "locaux_collectifs": LocauxCollectifs.objects.filter(lot_id=convention.lot_id).order_by("pk"),
    }
    table = TABLES[code]
    rows = list(querysets[code].values(*[column.name for column in table.stored_columns]))
    if any(not column.stored for column in table.columns):  # the Financement column: the lot's
        rows = [{**row, "financement": convention.lot.financement} for row in rows]
    return rows


def as_cells(table: Table, rows: list[dict]) -> list[dict]:
    labels = {column.name: dict(column.choices) for column in table.columns if column.kind == CHOICE}
    return [
        {name: (labels[name].get(value, value) if name in labels else value) for name, value in row.items()}
        for row in rows
    ]


def export_table(code: str, *, convention) -> bytes:
    """The .xlsx of the table's saved rows, in the template format."""
    table = TABLES[code]
    return workbook_bytes(build_workbook(table, as_cells(table, saved_rows(code, convention))))


def export_filename(code: str, convention) -> str:
    reference = convention.numero or convention.programme.numero_operation or str(convention.uuid)[:8]
    safe = "".join(char if char.isalnum() or char in "-_" else "_" for char in reference)
    return f"{TABLES[code].filename.removesuffix('.xlsx')}_{safe}.xlsx"


# --- The conventions list ----------------------------------------------------------------------------------

LIST_COLUMNS = (
    ("Numéro de convention", 22),
    ("Statut", 18),
    ("Opération", 36),
    ("Numéro d'opération", 18),
    ("Bailleur", 32),
    ("SIRET du bailleur", 18),
    ("Service instructeur", 32),
    ("Commune", 22),
    ("Code postal", 12),
    ("Financement", 12),
    ("Nombre de logements", 12),
    ("Date de livraison", 14),
    ("Première soumission", 14),
    ("Validée le", 14),
    ("Date de signature", 14),
    ("Mise à jour le", 14),
)


def local_date(value) -> datetime.date | None:
    if value is None:
        return None
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    return value


def convention_cells(convention, role: str | None) -> list:
    programme, lot = convention.programme, convention.lot
    bailleur, administration = programme.bailleur, programme.administration
    return [
        convention.numero or "",
        convention.statut_label_for(role),
        programme.nom,
        programme.numero_operation,
        bailleur.nom if bailleur else "",
        bailleur.siret if bailleur else "",
        administration.nom if administration else "",
        programme.ville,
        programme.code_postal,
        lot.get_financement_display(),
        lot.nb_logements,
        local_date(programme.date_achevement_compile),
        local_date(convention.premiere_soumission_le),
        local_date(convention.valide_le),
        local_date(convention.date_signature),
        local_date(convention.mis_a_jour_le),
    ]


def export_conventions(queryset, *, user):
    """A temporary file (positioned at 0) holding the .xlsx of the conventions of `queryset`, one row each,
    written in streaming mode (constant memory) and limited to MAX_LIST_ROWS rows. The caller closes it."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Conventions")
    for index, (_, width) in enumerate(LIST_COLUMNS):
        sheet.column_dimensions[chr(ord("A") + index)].width = width
    sheet.freeze_panes = "A2"
    bold = Font(bold=True)
    header = []
    for title, _ in LIST_COLUMNS:
        cell = WriteOnlyCell(sheet, value=title)
        cell.font = bold
        header.append(cell)
    sheet.append(header)
    count = 0
    for convention in queryset[: MAX_LIST_ROWS + 1].iterator(chunk_size=1000):
        count += 1
        if count > MAX_LIST_ROWS:
            sheet.append([f"Export limité aux {thousands(MAX_LIST_ROWS)} premières conventions : affinez les filtres."])
            break
        row = []
        for value in convention_cells(convention, role_on(user, convention)):
            cell = write_cell(WriteOnlyCell(sheet), value)
            if isinstance(value, datetime.date):
                cell.number_format = "DD/MM/YYYY"
            row.append(cell)
        sheet.append(row)
    output = tempfile.TemporaryFile(suffix=".xlsx")
    workbook.save(output)
    output.seek(0)
    return output
