"""Downloads of the files attached to a convention: scope-checked, always as an attachment."""

from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404
from django.views.decorators.http import require_GET

from conventions.models import UploadedFile
from conventions.views.helpers import get_visible_convention


@require_GET
def file_download(request, uuid, file_uuid):
    convention = get_visible_convention(request, uuid)
    fichier = get_object_or_404(UploadedFile, convention=convention, uuid=file_uuid)
    try:
        handle = fichier.fichier.open("rb")
    except (FileNotFoundError, OSError) as exc:
        raise Http404("Fichier introuvable") from exc
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=fichier.nom or "fichier",
        content_type=fichier.content_type or "application/octet-stream",
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
