"""The replacement document (reference §4.2, "fichier_override_cerfa"): the instruction service may upload a PDF or
a .docx to be used instead of the generated document of a convention or an avenant. While it is there, the draft
download, the in-page preview, the final document and the validation e-mail serve it; removing it brings back the
generated document. Each upload and removal is journaled (conventions.journal) and kept by the audit trail.

Who may do it: conventions.perms.can_replace_document. Pure services, no request."""

import io
import zipfile
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from conventions import journal
from conventions.enums import TypeEvenement
from conventions.models import Convention, sanitize_filename

PDF = "pdf"
DOCX = "docx"
ACCEPT = ".pdf,.docx,application/pdf,application/vnd.openxmlformats-officedocument.wordprocessingml.document"
# A .docx is a zip archive holding the Word document part; its central directory lists at most this many parts.
DOCX_MAX_PARTS = 2000


@dataclass(frozen=True)
class DocumentServi:
    """The file the users get for a convention: the replacement when there is one, else the generated one."""

    fichier: object  # a FieldFile
    format: str  # "pdf" or "docx"
    remplace: bool


def max_size_bytes() -> int:
    return settings.UPLOAD_MAX_SIZE_MB * 1024 * 1024


def _extension(nom: str) -> str:
    nom = (nom or "").lower()
    return nom.rsplit(".", 1)[-1] if "." in nom else ""


def _is_docx(uploaded) -> bool:
    """A zip archive whose listing names the Word document part (read from the central directory only: nothing is
    decompressed, so a zip bomb costs nothing here)."""
    uploaded.seek(0)
    contenu = uploaded.read()
    uploaded.seek(0)
    if not contenu.startswith(b"PK\x03\x04"):
        return False
    try:
        with zipfile.ZipFile(io.BytesIO(contenu)) as archive:
            noms = archive.namelist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        return False
    return len(noms) <= DOCX_MAX_PARTS and "word/document.xml" in noms


def format_of(uploaded) -> str | None:
    """ "pdf" or "docx" when the file is what its extension says (first bytes checked), else None."""
    extension = _extension(uploaded.name)
    if extension == PDF:
        uploaded.seek(0)
        head = uploaded.read(5)
        uploaded.seek(0)
        return PDF if head == b"%PDF-" else None
    if extension == DOCX:
        return DOCX if _is_docx(uploaded) else None
    return None


def upload_error(uploaded) -> str | None:
    """Why this file cannot replace the document (French), or None."""
    if uploaded is None:
        return "Choisissez le document à déposer (PDF ou Word .docx)."
    nom = sanitize_filename(uploaded.name or "fichier")
    if not uploaded.size:
        return f"Le fichier « {nom} » est vide."
    if uploaded.size > max_size_bytes():
        return f"Le fichier « {nom} » dépasse la taille maximale de {settings.UPLOAD_MAX_SIZE_MB} Mo."
    if _extension(uploaded.name) not in (PDF, DOCX):
        return f"Le fichier « {nom} » n'est pas accepté : seuls les documents PDF et Word (.docx) le sont."
    if format_of(uploaded) is None:
        quoi = "un PDF valide" if _extension(uploaded.name) == PDF else "un document Word (.docx) valide"
        return f"Le fichier « {nom} » n'est pas {quoi}."
    return None


def storage_name(convention: Convention, nom: str) -> str:
    return f"conventions/{convention.uuid}/documents/remplacement_{nom}"


FIELDS = ["document_remplacement", "document_remplacement_nom", "document_remplace_le", "document_remplace_par"]


def remplacer_document(*, convention: Convention, user, fichier) -> None:
    """Store `fichier` (checked with upload_error first) as the convention's document, in place of the generated
    one; an earlier replacement is deleted once the transaction commits."""
    erreur = upload_error(fichier)
    if erreur:  # the caller validates first; never store an unchecked file
        raise ValueError(erreur)
    nom = sanitize_filename(fichier.name)
    ancien = convention.document_remplacement.name
    with transaction.atomic():
        convention.document_remplacement.save(storage_name(convention, nom), fichier, save=False)
        convention.document_remplacement_nom = nom
        convention.document_remplace_le = timezone.now()
        convention.document_remplace_par = user if getattr(user, "pk", None) else None
        convention.save(update_fields=FIELDS)
        journal.record(
            convention=convention,
            type_evenement=TypeEvenement.DOCUMENT,
            action="document_remplace",
            user=user,
            description=f"Document remplacé par l'instruction ({nom})",
            fichier=nom,
        )
        _delete_on_commit(convention, ancien, garde=convention.document_remplacement.name)


def retirer_remplacement(*, convention: Convention, user) -> bool:
    """Remove the replacement: the generated document is served again. False when there was none."""
    ancien, nom = convention.document_remplacement.name, convention.document_remplacement_nom
    if not ancien:
        return False
    with transaction.atomic():
        convention.document_remplacement = ""
        convention.document_remplacement_nom = ""
        convention.document_remplace_le = None
        convention.document_remplace_par = None
        convention.save(update_fields=FIELDS)
        journal.record(
            convention=convention,
            type_evenement=TypeEvenement.DOCUMENT,
            action="document_retabli",
            user=user,
            description=f"Document de remplacement retiré ({nom}) : le document généré est de nouveau utilisé",
            fichier=nom,
        )
        _delete_on_commit(convention, ancien)
    return True


def _delete_on_commit(convention: Convention, name: str, *, garde: str = "") -> None:
    if name and name != garde:
        storage = convention.document_remplacement.storage
        transaction.on_commit(lambda: storage.delete(name))


def a_remplacement(convention: Convention) -> bool:
    return bool(convention.document_remplacement.name)


def document_servi(convention: Convention) -> DocumentServi | None:
    """The stored document to serve (replacement first), None when neither exists. The generated one is served
    only when ready (the caller checks the statuses: perms.final_document_available)."""
    if a_remplacement(convention):
        return DocumentServi(convention.document_remplacement, _extension(convention.document_remplacement.name), True)
    if convention.document_fichier.name:
        return DocumentServi(convention.document_fichier, _extension(convention.document_fichier.name), False)
    return None


def mention(convention: Convention) -> str:
    """« Document remplacé par l'instruction le 02/03/2026 à 14:05 par Jeanne Martin » ("" without replacement)."""
    if not a_remplacement(convention):
        return ""
    quand = timezone.localtime(convention.document_remplace_le) if convention.document_remplace_le else None
    texte = "Document remplacé par l'instruction"
    if quand:
        texte += f" le {quand:%d/%m/%Y} à {quand:%H:%M}"
    auteur = convention.document_remplace_par
    if auteur is not None:
        texte += f" par {auteur.get_full_name() or auteur.username}"
    return texte
