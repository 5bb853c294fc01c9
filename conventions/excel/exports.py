"""Exports: a convention's table in its template format (re-importable as is), and the conventions list."""

import datetime
import itertools
import tempfile
from collections import defaultdict

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
AVENANTS_PAR_LOT = 500  # conventions whose avenants are read in one query


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


def _numero(convention) -> str:
    """The convention's number; an avenant's title (« Avenant n° 2 », « Dénonciation de la convention ») and the
    number of its convention."""
    if not convention.parent_id:
        return convention.numero or ""
    numero = convention.parent.numero
    return f"{convention.titre} – convention {numero}" if numero else convention.titre


def convention_cells(convention, role: str | None) -> list:
    programme, lot = convention.programme, convention.lot
    bailleur, administration = programme.bailleur, programme.administration
    return [
        _numero(convention),
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


def _lignes(queryset, *, user, avenants_dessous: bool):
    """The conventions of `queryset` in its order; with `avenants_dessous`, each followed by its avenants visible to
    `user`, oldest first, as the list page shows them (one more query per AVENANTS_PAR_LOT conventions)."""
    from conventions.models import Convention

    rows = queryset.prefetch_related("avenant_types").iterator(chunk_size=1000)
    if not avenants_dessous:
        yield from rows
        return
    while lot := list(itertools.islice(rows, AVENANTS_PAR_LOT)):
        par_id = {convention.pk: convention for convention in lot}
        avenants = defaultdict(list)
        for avenant in (
            Convention.objects.visible_to(user)
            .with_relations()
            .prefetch_related("avenant_types")
            .filter(parent_id__in=par_id)
            .order_by("cree_le", "pk")
        ):
            avenant.parent = par_id[avenant.parent_id]  # already read: its number titles the avenant's row
            avenants[avenant.parent_id].append(avenant)
        for convention in lot:
            yield convention
            yield from avenants[convention.pk]


def export_conventions(queryset, *, user, avenants_dessous: bool = False):
    """A temporary file (positioned at 0) holding the .xlsx of the conventions of `queryset`, one row each (and,
    with `avenants_dessous`, a row for each of their avenants under it), written in streaming mode (constant
    memory) and limited to MAX_LIST_ROWS rows. The caller closes it."""
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
    for convention in _lignes(queryset[: MAX_LIST_ROWS + 1], user=user, avenants_dessous=avenants_dessous):
        count += 1
        if count > MAX_LIST_ROWS:
            sheet.append([f"Export limité aux {thousands(MAX_LIST_ROWS)} premières lignes : affinez les filtres."])
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
