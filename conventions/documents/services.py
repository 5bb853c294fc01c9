"""The final document of a validated convention: generation, snapshot, PDF, storage, e-mail E5.

Called by the background task (conventions/tasks.py); pure services, no request."""

import io
import logging
import zipfile

from django.conf import settings
from django.core.files.base import ContentFile
from django.utils import timezone

from conventions.documents.contexte import snapshot
from conventions.documents.generation import DOCX_MIMETYPE, PDF_MIMETYPE, file_name, render_docx
from conventions.documents.modeles import DocumentError
from conventions.documents.pdf import LibreOfficeAbsent, convert_to_pdf
from conventions.documents.remplacement import document_servi
from conventions.enums import DocumentStatut
from core.effets import deja_realise, une_seule_fois

logger = logging.getLogger(__name__)


def storage_name(convention, extension: str) -> str:
    return f"conventions/{convention.uuid}/documents/{convention.uuid}.{extension}"


def produce_final_document(*, convention, cle: str = "") -> bool:
    """Generate the document from the current data, store the snapshot of that data and the file (PDF, or
    .docx when LibreOffice is absent), and mark the document ready. With a key (the job's), done once per key:
    False when an earlier run already stored it."""
    if cle and deja_realise(f"{cle}:document"):
        return False
    rendered = render_docx(convention)
    try:
        contenu, extension = convert_to_pdf(rendered.contenu), "pdf"
    except LibreOfficeAbsent:
        logger.warning("Convention %s : LibreOffice absent, document conservé au format .docx", convention.pk)
        contenu, extension = rendered.contenu, "docx"

    def store():
        _store(convention, rendered, contenu, extension)

    if not cle:
        store()
        return True
    return une_seule_fois(f"{cle}:document", store)


def _store(convention, rendered, contenu: bytes, extension: str) -> None:
    storage = convention.document_fichier.storage
    cible = storage_name(convention, extension)
    # The old file, and one a killed run may have written without recording it: one file per convention.
    for name in {convention.document_fichier.name, cible} - {""}:
        storage.delete(name)
    convention.document_fichier.save(cible, ContentFile(contenu), save=False)
    convention.donnees_validees = snapshot(rendered.contexte) | {"modele": rendered.modele}
    convention.document_statut = DocumentStatut.PRET
    convention.document_genere_le = timezone.now()
    convention.document_erreur = ""
    convention.save(
        update_fields=[
            "document_fichier",
            "donnees_validees",
            "document_statut",
            "document_genere_le",
            "document_erreur",
        ]
    )


def document_format(convention) -> str:
    """ "pdf" or "docx" (the stored final document), "" when none."""
    name = convention.document_fichier.name or ""
    return name.rsplit(".", 1)[-1].lower() if "." in name else ""


def send_validated_mail(*, convention, validated_by, cle: str = "") -> None:
    """E5 with the stored document (or the instruction's replacement) attached — for a foyer or a résidence (not
    an avenant), a ZIP of the document and of the files joined to the comments for the instruction (reference
    §13.2) — unless it exceeds settings.MAX_EMAIL_ATTACHMENT_MB. With a key, sent once per key (core.effets)."""
    if cle:
        une_seule_fois(f"{cle}:mail", lambda: _send_validated_mail(convention=convention, validated_by=validated_by))
    else:
        _send_validated_mail(convention=convention, validated_by=validated_by)


ZIP_MIMETYPE = "application/zip"
# The files the bailleur joined to its comments for the instruction (the Commentaires step).
CHAMP_PIECES_FOYER = "convention.commentaires"


def sends_zip(convention) -> bool:
    """A validated foyer or résidence convention (not an avenant) is sent as a ZIP with its attached files."""
    return not convention.is_avenant and convention.programme.is_foyer_ou_residence


def zip_foyer(convention, *, nom_document: str, document: bytes, limite: int) -> bytes | None:
    """The ZIP of the document and of the comment files (each under its own name, made unique); None as soon as
    the files alone exceed `limite` bytes (the e-mail then says the attachment was left out)."""
    fichiers = list(convention.fichiers.filter(champ=CHAMP_PIECES_FOYER).order_by("cree_le", "pk"))
    if len(document) + sum(fichier.taille for fichier in fichiers) > limite * 4:  # not worth compressing
        return None
    sortie = io.BytesIO()
    noms = {nom_document}
    with zipfile.ZipFile(sortie, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(nom_document, document)
        for fichier in fichiers:
            nom = _nom_unique(f"pieces-jointes/{fichier.nom}", noms)
            try:
                with fichier.fichier.open("rb") as flux:
                    archive.writestr(nom, flux.read())
            except (FileNotFoundError, OSError):
                logger.warning("Pièce jointe %s absente du stockage, laissée hors du ZIP", fichier.uuid)
                continue
            if sortie.tell() > limite:
                return None
    return sortie.getvalue()


def _nom_unique(nom: str, noms: set[str]) -> str:
    base, point, extension = nom.rpartition(".")
    candidat, n = nom, 1
    while candidat in noms:
        n += 1
        candidat = f"{base} ({n}).{extension}" if point else f"{nom} ({n})"
    noms.add(candidat)
    return candidat


def _send_validated_mail(*, convention, validated_by) -> None:
    from conventions import notifications

    servi = document_servi(convention)  # the instruction's replacement document, when there is one
    extension = servi.format
    with servi.fichier.open("rb") as flux:
        contenu = flux.read()
    limite_mo = settings.MAX_EMAIL_ATTACHMENT_MB
    limite = limite_mo * 1024 * 1024
    nom = file_name(convention, extension)
    mimetype = PDF_MIMETYPE if extension == "pdf" else DOCX_MIMETYPE
    trop_gros = len(contenu) > limite
    if sends_zip(convention) and not trop_gros:
        archive = zip_foyer(convention, nom_document=nom, document=contenu, limite=limite)
        trop_gros = archive is None
        contenu, nom, mimetype = archive, f"{nom.rsplit('.', 1)[0]}.zip", ZIP_MIMETYPE
    if trop_gros:
        piece_jointe = {
            "attachment_skipped_reason": f"elle dépasse la taille maximale d'une pièce jointe, {limite_mo} Mo"
        }
    else:
        piece_jointe = {"attachment_name": nom, "attachment_content": contenu, "attachment_mimetype": mimetype}
    envoye = notifications.send_validated(convention=convention, validated_by=validated_by, **piece_jointe)
    if envoye is False:  # the notifications module logs and returns False instead of raising
        raise MailNonEnvoye("l'e-mail de validation n'a pas pu être envoyé")


class MailNonEnvoye(DocumentError):
    pass
