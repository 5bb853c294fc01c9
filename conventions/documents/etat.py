"""What the recap shows about the document, and who may do what with it (predicates, tested as a matrix)."""

from conventions import perms
from conventions.documents.modeles import DocumentError, choose_template
from conventions.documents.services import document_format
from conventions.enums import STATUTS_VALIDES, ConventionStatut, DocumentStatut

# Statuses in which the draft (watermarked) is offered; after validation, the final document is.
STATUTS_PROJET = {ConventionStatut.PROJET, ConventionStatut.INSTRUCTION, ConventionStatut.CORRECTIONS}


def can_download_draft(user, convention) -> bool:
    return convention.statut in STATUTS_PROJET and perms.can_view(user, convention)


def final_document_available(convention) -> bool:
    """A stored final document that still matches the convention (not sent back to instruction since)."""
    return (
        convention.statut in STATUTS_VALIDES
        and convention.document_statut == DocumentStatut.PRET
        and bool(convention.document_fichier.name)
    )


def can_retry_document(user, convention) -> bool:
    """The instructeur may start the generation again when it failed, never ran, or the e-mail failed."""
    if convention.statut not in STATUTS_VALIDES or convention.document_statut == DocumentStatut.EN_COURS:
        return False
    needs_retry = convention.document_statut in (DocumentStatut.ERREUR, DocumentStatut.AUCUN) or bool(
        convention.document_erreur
    )
    return (
        needs_retry
        and perms.role_on(user, convention) == perms.INSTRUCTEUR
        and perms.has_group_perm(user, "change_convention")
    )


def document_state(user, convention) -> dict:
    """Everything _document.html needs, computed once."""
    draft_error = ""
    if convention.statut in STATUTS_PROJET:
        try:
            choose_template(convention)
        except DocumentError as exc:
            draft_error = exc.message
    return {
        "draft": can_download_draft(user, convention) and not draft_error,
        "draft_error": draft_error if convention.statut in STATUTS_PROJET else "",
        "validated": convention.statut in STATUTS_VALIDES,
        "en_cours": convention.statut in STATUTS_VALIDES and convention.document_statut == DocumentStatut.EN_COURS,
        "pret": final_document_available(convention),
        "format": document_format(convention),
        "erreur": convention.document_erreur if convention.statut in STATUTS_VALIDES else "",
        "echec": convention.statut in STATUTS_VALIDES and convention.document_statut == DocumentStatut.ERREUR,
        "can_retry": can_retry_document(user, convention),
        "genere_le": convention.document_genere_le,
    }
