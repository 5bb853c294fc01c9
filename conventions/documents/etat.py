"""What the recap shows about the document. The rights (draft, final document, retry) are predicates of
conventions/perms.py; this module only gathers the facts for the template, computed once by the view."""

from conventions import perms
from conventions.documents.controle import verifier
from conventions.documents.modeles import DocumentError, choose_template
from conventions.documents.services import document_format
from conventions.enums import DOCUMENT_EN_PREPARATION, STATUTS_VALIDES, DocumentStatut
from conventions.links import step_url


def document_state(user, convention) -> dict:
    """Everything _document.html needs (booleans and texts), computed once by the recap view."""
    draft_error = ""
    if convention.statut in perms.STATUTS_PROJET:
        try:
            choose_template(convention)
        except DocumentError as exc:
            draft_error = exc.message
    controle = []
    if convention.statut in perms.STATUTS_PROJET and not (convention.is_denonciation or convention.is_resiliation):
        controle = [
            {
                "message": point.message,
                "bloquant": point.bloquant,
                "url": step_url(convention, point.etape) if point.etape else "",
            }
            for point in verifier(convention)
        ]
    return {
        "controle": controle,
        "controle_bloquant": any(point["bloquant"] for point in controle),
        "draft": perms.can_download_draft(user, convention) and not draft_error,
        "apercu": perms.can_preview_draft(user, convention) and not draft_error,
        "draft_error": draft_error if convention.statut in perms.STATUTS_PROJET else "",
        "validated": convention.statut in STATUTS_VALIDES,
        "en_cours": convention.statut in STATUTS_VALIDES and convention.document_statut in DOCUMENT_EN_PREPARATION,
        "en_file": convention.document_statut == DocumentStatut.EN_FILE,
        "pret": perms.can_download_final(user, convention),
        "format": document_format(convention),
        "erreur": convention.document_erreur if convention.statut in STATUTS_VALIDES else "",
        "echec": convention.statut in STATUTS_VALIDES and convention.document_statut == DocumentStatut.ERREUR,
        "can_retry": perms.can_retry_document(user, convention),
        "genere_le": convention.document_genere_le,
    }
