"""The convention document: draft download (anyone who sees the convention), final document download
(scope-checked, never a public media URL) and the instructeur's "retry" after a failed generation."""

import io
import re

from csp.constants import SELF
from csp.decorators import csp_replace
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.views.decorators.clickjacking import xframe_options_sameorigin
from django.views.decorators.http import require_GET, require_POST

from conventions import tasks
from conventions.documents import DOCX_MIMETYPE, PDF_MIMETYPE, DocumentError, file_name, remplacement, render_docx
from conventions.documents.etat import document_state
from conventions.documents.modeles import FICHE_CAF
from conventions.documents.pdf import convert_to_pdf
from conventions.enums import STATUTS_VALIDES
from conventions.forms.actions import DocumentRemplacementForm
from conventions.perms import (
    can_download_draft,
    can_download_final,
    can_preview_draft,
    can_replace_document,
    can_retry_document,
)
from conventions.views.helpers import get_visible_convention, recap_url


def _attachment(response: FileResponse) -> FileResponse:
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


@require_GET
def document_projet(request, uuid):
    """The draft .docx, generated now from the current data, watermarked until validation."""
    convention = get_visible_convention(request, uuid)
    if not can_download_draft(request.user, convention):
        return render(
            request,
            "conventions/document_indisponible.html",
            {
                "convention": convention,
                "page_title": "Document indisponible – Convention",
                "message": "La convention est validée : le projet n'est plus proposé, téléchargez le document "
                "final depuis le récapitulatif.",
            },
            status=409,
        )
    if remplacement.a_remplacement(convention):
        return _serve_stored(convention, remplacement.document_servi(convention), inline=False)
    try:
        document = render_docx(convention)
    except DocumentError as exc:
        return render(
            request,
            "conventions/document_indisponible.html",
            {
                "convention": convention,
                "page_title": "Document indisponible – Convention",
                "message": exc.message,
            },
            status=409,
        )
    return _attachment(
        FileResponse(
            io.BytesIO(document.contenu),
            as_attachment=True,
            filename=file_name(convention, "docx"),
            content_type=DOCX_MIMETYPE,
        )
    )


@require_GET
def document_final(request, uuid):
    """The validated document (PDF, or .docx when the server could not convert it), or the document the
    instruction service uploaded in its place."""
    convention = get_visible_convention(request, uuid)
    if not can_download_final(request.user, convention):
        raise Http404("Document indisponible")
    return _serve_stored(convention, remplacement.document_servi(convention), inline=False)


def _serve_stored(convention, servi, *, inline: bool) -> FileResponse:
    """A stored document (final or replacement), named after the convention, never through a media URL."""
    if servi is None:
        raise Http404("Document introuvable")
    try:
        handle = servi.fichier.open("rb")
    except (FileNotFoundError, OSError) as exc:
        raise Http404("Document introuvable") from exc
    response = FileResponse(
        handle,
        as_attachment=not inline,
        filename=file_name(convention, servi.format),
        content_type=PDF_MIMETYPE if servi.format == "pdf" else DOCX_MIMETYPE,
    )
    return _attachment(response)


@require_GET
@xframe_options_sameorigin
@csp_replace({"frame-ancestors": [SELF]})
def document_apercu(request, uuid):
    """The draft converted to PDF, shown inline (in the recap's frame) to the instructeur."""
    convention = get_visible_convention(request, uuid)
    if not can_preview_draft(request.user, convention):
        raise PermissionDenied("L'aperçu du projet est réservé au service instructeur, avant la validation.")
    servi = remplacement.document_servi(convention) if remplacement.a_remplacement(convention) else None
    if servi is not None and servi.format == "pdf":
        return _serve_stored(convention, servi, inline=True)
    try:
        if servi is not None:
            with servi.fichier.open("rb") as flux:
                contenu = convert_to_pdf(flux.read())
        else:
            contenu = convert_to_pdf(render_docx(convention).contenu)
    except (FileNotFoundError, OSError) as exc:
        raise Http404("Document introuvable") from exc
    except DocumentError as exc:
        return render(
            request,
            "conventions/document_indisponible.html",
            {"convention": convention, "page_title": "Aperçu indisponible – Convention", "message": exc.message},
            status=409,
        )
    response = FileResponse(io.BytesIO(contenu), content_type=PDF_MIMETYPE)
    response["Content-Disposition"] = "inline"
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


@require_GET
def document_etat(request, uuid):
    """The recap's document block alone, polled by static/js/document-etat.js while the document is being
    generated (queued or running), so that its progress shows without reloading the page."""
    convention = get_visible_convention(request, uuid)
    response = render(
        request,
        "conventions/_document.html",
        {"convention": convention, "doc": document_state(request.user, convention)},
    )
    response["Cache-Control"] = "private, no-store"
    return response


@require_GET
def fiche_caf(request, uuid):
    """The "Fiche d'informations pour la CAF" (.docx), for anyone who sees the convention or avenant, from
    « À signer » on (reference §12.4, §14.11)."""
    convention = get_visible_convention(request, uuid)
    if convention.statut not in STATUTS_VALIDES:
        raise Http404("La fiche CAF est disponible à partir du statut « À signer ».")
    document = render_docx(convention, modele=FICHE_CAF)
    nom = convention.numero or (convention.parent.numero if convention.is_avenant else "") or str(convention.uuid)
    suffixe = f"_avenant_{convention.numero_avenant}" if convention.is_avenant and convention.numero_avenant else ""
    return _attachment(
        FileResponse(
            io.BytesIO(document.contenu),
            as_attachment=True,
            filename=file_name_safe(f"ficheCAF_{nom}{suffixe}.docx"),
            content_type=DOCX_MIMETYPE,
        )
    )


def file_name_safe(nom: str) -> str:
    return re.sub(r'[\\/:*?"<>|\x00-\x1f ]+', "_", nom)


@require_POST
def document_relancer(request, uuid):
    """Start the generation of the final document again (after a failure), for the instructeur."""
    convention = get_visible_convention(request, uuid)
    if not can_retry_document(request.user, convention):
        raise PermissionDenied("Vous ne pouvez pas relancer la génération de ce document.")
    tasks.enqueue_validated_document(convention.pk, request.user.pk)
    messages.success(request, "La génération du document est relancée : il sera disponible dans quelques instants.")
    return redirect(recap_url(convention) + "#document")


@require_POST
def document_remplacer(request, uuid):
    """The instructeur uploads a document (PDF or .docx) used instead of the generated one."""
    convention = get_visible_convention(request, uuid)
    if not can_replace_document(request.user, convention):
        raise PermissionDenied("Seul le service instructeur peut remplacer le document, avant la signature.")
    form = DocumentRemplacementForm(request.POST, request.FILES)
    if not form.is_valid():
        for error in form.errors.get("fichier", []) + form.non_field_errors():
            messages.error(request, f"Le document n'a pas été remplacé : {error[:1].lower()}{error[1:]}")
        return redirect(recap_url(convention))  # the message shows at the top of the page
    remplacement.remplacer_document(convention=convention, user=request.user, fichier=form.cleaned_data["fichier"])
    messages.success(
        request,
        "Le document est remplacé : c'est lui que le bailleur et l'instruction téléchargent désormais. "
        "Le remplacement figure dans le journal.",
    )
    return redirect(recap_url(convention) + "#document")


@require_POST
def document_remplacement_retirer(request, uuid):
    """The instructeur removes the replacement: the generated document is used again."""
    convention = get_visible_convention(request, uuid)
    if not can_replace_document(request.user, convention):
        raise PermissionDenied("Seul le service instructeur peut retirer le document de remplacement.")
    if remplacement.retirer_remplacement(convention=convention, user=request.user):
        messages.success(request, "Le document de remplacement est retiré : le document généré est de nouveau utilisé.")
    else:
        messages.info(request, "Aucun document de remplacement n'était déposé.")
    return redirect(recap_url(convention) + "#document")
