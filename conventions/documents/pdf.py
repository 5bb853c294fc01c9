"""PDF conversion with LibreOffice headless (`soffice`), each run with its own throw-away profile."""

import logging
import os
import shutil
import signal
import subprocess
import tempfile
from pathlib import Path

from django.conf import settings

from conventions.documents.modeles import DocumentError

logger = logging.getLogger(__name__)


class LibreOfficeAbsent(DocumentError):
    """No converter on this server: the .docx is kept instead of a PDF."""


class ConversionError(DocumentError):
    pass


def soffice_path() -> str | None:
    """settings.LIBREOFFICE_PATH when set, else `soffice` (or `libreoffice`) found on PATH."""
    configured = getattr(settings, "LIBREOFFICE_PATH", "")
    if configured:
        return configured if Path(configured).exists() or shutil.which(configured) else None
    return shutil.which("soffice") or shutil.which("libreoffice")


def convert_to_pdf(docx: bytes, *, timeout: int | None = None) -> bytes:
    """The PDF rendering of a .docx. Raises LibreOfficeAbsent or ConversionError (French messages)."""
    executable = soffice_path()
    if executable is None:
        raise LibreOfficeAbsent("LibreOffice est absent du serveur : le document est fourni au format Word.")
    timeout = timeout or getattr(settings, "LIBREOFFICE_TIMEOUT", 120)
    with tempfile.TemporaryDirectory(prefix="apilos-pdf-") as dossier:
        dossier = Path(dossier)
        source = dossier / "convention.docx"
        source.write_bytes(docx)
        command = [
            executable,
            f"-env:UserInstallation={(dossier / 'profil').as_uri()}",
            "--headless",
            "--invisible",
            "--nologo",
            "--nodefault",
            "--norestore",
            "--nolockcheck",
            "--convert-to",
            "pdf:writer_pdf_Export",
            "--outdir",
            str(dossier),
            str(source),
        ]
        env = {**os.environ, "HOME": str(dossier)}
        # Own process group: on timeout the whole LibreOffice tree (oosplash, soffice.bin) is killed.
        process = subprocess.Popen(
            command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env, start_new_session=True
        )
        try:
            _out, err = process.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.communicate()
            raise ConversionError(f"La conversion en PDF a dépassé le délai de {timeout} secondes.")
        resultat = dossier / "convention.pdf"
        if process.returncode != 0 or not resultat.exists():
            logger.error("soffice a échoué (code %s) : %s", process.returncode, err.decode(errors="replace")[-2000:])
            raise ConversionError("La conversion du document en PDF a échoué.")
        return resultat.read_bytes()
