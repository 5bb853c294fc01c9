"""Files attached to the "text + files" fields of a convention (reference §1.15): images and PDF only, size
limited by settings.UPLOAD_MAX_SIZE_MB, stored under a sanitised name, served only through a scoped view."""

from django.conf import settings
from django.db import transaction

from conventions.models import Convention, UploadedFile, sanitize_filename

ALLOWED_TYPES = {
    "application/pdf": (".pdf",),
    "image/jpeg": (".jpg", ".jpeg"),
    "image/png": (".png",),
    "image/gif": (".gif",),
    "image/webp": (".webp",),
}
ALLOWED_EXTENSIONS = {ext: content_type for content_type, exts in ALLOWED_TYPES.items() for ext in exts}
ACCEPT = ",".join(sorted({*ALLOWED_TYPES, *ALLOWED_EXTENSIONS}))

# The first bytes of each accepted format: the browser's content type and the extension are not trusted.
SIGNATURES = {
    "application/pdf": (b"%PDF-",),
    "image/jpeg": (b"\xff\xd8\xff",),
    "image/png": (b"\x89PNG\r\n\x1a\n",),
    "image/gif": (b"GIF87a", b"GIF89a"),
    "image/webp": (b"RIFF",),
}


def max_size_bytes() -> int:
    return settings.UPLOAD_MAX_SIZE_MB * 1024 * 1024


def content_type_of(uploaded) -> str | None:
    """The content type of an accepted file, from its extension checked against its first bytes; None when
    the file is not an image or a PDF."""
    name = (uploaded.name or "").lower()
    extension = name[name.rfind(".") :] if "." in name else ""
    content_type = ALLOWED_EXTENSIONS.get(extension)
    if content_type is None:
        return None
    position = uploaded.tell() if hasattr(uploaded, "tell") else 0
    uploaded.seek(0)
    head = uploaded.read(16)
    uploaded.seek(position)
    if not any(head.startswith(signature) for signature in SIGNATURES[content_type]):
        return None
    if content_type == "image/webp" and head[8:12] != b"WEBP":
        return None
    return content_type


def upload_error(uploaded) -> str | None:
    """Why this file cannot be attached (French), or None."""
    nom = sanitize_filename(uploaded.name or "fichier")
    if not uploaded.size:
        return f"Le fichier « {nom} » est vide."
    if uploaded.size > max_size_bytes():
        return f"Le fichier « {nom} » dépasse la taille maximale de {settings.UPLOAD_MAX_SIZE_MB} Mo."
    if content_type_of(uploaded) is None:
        return f"Le fichier « {nom} » n'est pas accepté : seuls les images (JPEG, PNG, GIF, WebP) et les PDF le sont."
    return None


def attach_files(*, convention: Convention, champ: str, files, user=None) -> list[UploadedFile]:
    """Attach already validated files (see upload_error) to `champ` ("programme.vendeur")."""
    attached = []
    for uploaded in files:
        content_type = content_type_of(uploaded)
        if content_type is None:  # the caller validates first; never store an unchecked file
            raise ValueError(upload_error(uploaded) or "Fichier refusé.")
        row = UploadedFile(
            convention=convention,
            champ=champ,
            nom=sanitize_filename(uploaded.name or "fichier"),
            taille=uploaded.size,
            content_type=content_type,
            televerse_par=user if user is not None and user.is_authenticated else None,
        )
        row.fichier.save(row.nom, uploaded, save=False)
        row.save()
        attached.append(row)
    return attached


def detach_files(*, convention: Convention, champ: str, uuids) -> int:
    """Remove files of `champ` by uuid (only this convention's, only this field's). The stored file is
    deleted once the transaction commits."""
    rows = list(UploadedFile.objects.filter(convention=convention, champ=champ, uuid__in=list(uuids)))
    for row in rows:
        stored = row.fichier
        transaction.on_commit(lambda stored=stored: stored.delete(save=False))
    UploadedFile.objects.filter(pk__in=[r.pk for r in rows]).delete()
    return len(rows)


def files_by_champ(convention: Convention) -> dict[str, list[UploadedFile]]:
    """{"programme.vendeur": [files…]} in one query."""
    grouped: dict[str, list[UploadedFile]] = {}
    for row in UploadedFile.objects.filter(convention=convention).order_by("champ", "cree_le", "id"):
        grouped.setdefault(row.champ, []).append(row)
    return grouped
