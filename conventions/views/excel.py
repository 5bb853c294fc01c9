"""Excel downloads: the empty templates, a convention's table, the filtered conventions list (issue 5).

The import itself is called by the table steps (conventions.excel.imports.import_table)."""

from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_GET

from conventions.excel.exports import export_conventions, export_filename, export_table
from conventions.excel.modeles import XLSX_CONTENT_TYPE, ZIP_FILENAME, template_bytes, templates_zip
from conventions.excel.tables import TABLES
from conventions.models import Convention
from conventions.views.list import convention_filterset

ALL_TEMPLATES = "tous"


def attachment(content: bytes, *, filename: str, content_type: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response


@require_GET
def excel_modele(request, table: str):
    """The empty template of one table, or the ZIP of them all ("tous")."""
    if table == ALL_TEMPLATES:
        return attachment(templates_zip(), filename=ZIP_FILENAME, content_type="application/zip")
    if table not in TABLES:
        raise Http404("Modèle inconnu.")
    return attachment(template_bytes(table), filename=TABLES[table].filename, content_type=XLSX_CONTENT_TYPE)


@require_GET
def excel_export(request, uuid, table: str):
    """The saved rows of one table of a visible convention, in the template format."""
    if table not in TABLES:
        raise Http404("Tableau inconnu.")
    queryset = Convention.objects.visible_to(request.user).select_related("programme", "lot")
    convention = get_object_or_404(queryset, uuid=uuid)
    return attachment(
        export_table(table, convention=convention),
        filename=export_filename(table, convention),
        content_type=XLSX_CONTENT_TYPE,
    )


@require_GET
def export_liste(request):
    """The conventions list with the list page's filters and sort, one row per convention and, as on the page,
    one per avenant under its convention (streamed file)."""
    user = request.user
    filterset = convention_filterset(request, for_page=False)
    output = export_conventions(filterset.qs, user=user, avenants_dessous=filterset.avenants_sous_leur_convention())
    filename = f"conventions_{timezone.localdate():%Y-%m-%d}.xlsx"
    return FileResponse(output, as_attachment=True, filename=filename, content_type=XLSX_CONTENT_TYPE)
