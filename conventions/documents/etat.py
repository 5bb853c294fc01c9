"""What the recap shows about the document. The rights (draft, final document, retry) are predicates of
conventions/perms.py; this module only gathers the facts for the template, computed once by the view."""

from conventions import perms
from conventions.documents import remplacement
from conventions.documents.controle import verifier
from conventions.documents.modeles import DocumentError, choose_template
from conventions.enums import DOCUMENT_EN_PREPARATION, STATUTS_VALIDES, DocumentStatut
from conventions.forms.actions import DocumentRemplacementForm
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
    servi = remplacement.document_servi(convention)
    peut_remplacer = perms.can_replace_document(user, convention)
    return {
        # The instruction's replacement document (documents/remplacement.py): its label, the upload form and the
        # removal for the instructeur.
        "remplace": remplacement.mention(convention),
        "remplacement_nom": convention.document_remplacement_nom,
        "peut_remplacer": peut_remplacer,
        "remplacement_form": DocumentRemplacementForm(auto_id="id_remplacement_%s") if peut_remplacer else None,
        "controle": controle,
        "controle_bloquant": any(point["bloquant"] for point in controle),
        # A replacement document is served even when the generated one cannot be produced.
        "draft": perms.can_download_draft(user, convention) and (not draft_error or bool(servi and servi.remplace)),
        "apercu": perms.can_preview_draft(user, convention) and (not draft_error or bool(servi and servi.remplace)),
        "draft_error": draft_error if convention.statut in perms.STATUTS_PROJET else "",
        "validated": convention.statut in STATUTS_VALIDES,
        "en_cours": convention.statut in STATUTS_VALIDES and convention.document_statut in DOCUMENT_EN_PREPARATION,
        "en_file": convention.document_statut == DocumentStatut.EN_FILE,
        "pret": perms.can_download_final(user, convention),
        "format": servi.format if servi is not None else "",
        "erreur": convention.document_erreur if convention.statut in STATUTS_VALIDES else "",
        "echec": convention.statut in STATUTS_VALIDES and convention.document_statut == DocumentStatut.ERREUR,
        "can_retry": perms.can_retry_document(user, convention),
        "genere_le": convention.document_genere_le,
    }
