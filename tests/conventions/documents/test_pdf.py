"""PDF conversion; the real ones are skipped where `soffice` is not installed (.ci/run installs it)."""

import shutil
import subprocess

import pytest

from conventions.documents import ConversionError, convert_to_pdf, render_docx
from conventions.documents.pdf import soffice_path
from tests.conventions.documents.donnees import convention_complete

pytestmark = pytest.mark.django_db
needs_soffice = pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) n'est pas installé")


def pdf_text(pdf: bytes, tmp_path) -> str:
    chemin = tmp_path / "convention.pdf"
    chemin.write_bytes(pdf)
    if shutil.which("pdftotext"):
        return subprocess.run(
            ["pdftotext", "-layout", str(chemin), "-"], capture_output=True, check=True
        ).stdout.decode()
    return pdf.decode("latin-1")  # crude fallback: uncompressed text only


@needs_soffice
def test_validated_document_converts_to_a_pdf_with_its_number(tmp_path):
    convention = convention_complete(a_signer=True, numero="13.D.26.4242")
    pdf = convert_to_pdf(render_docx(convention).contenu)
    assert pdf.startswith(b"%PDF")
    texte = pdf_text(pdf, tmp_path)
    assert "13.D.26.4242" in texte
    assert "Les Jardins du Canal" in texte


@needs_soffice
def test_timeout_is_a_conversion_error():
    with pytest.raises(ConversionError, match="délai"):
        convert_to_pdf(b"PK", timeout=0.01)


def test_a_failing_converter_is_a_conversion_error(settings, tmp_path):
    faux = tmp_path / "soffice"
    faux.write_text("#!/bin/sh\necho 'erreur simulée' >&2\nexit 1\n")
    faux.chmod(0o755)
    settings.LIBREOFFICE_PATH = str(faux)
    with pytest.raises(ConversionError, match="a échoué"):
        convert_to_pdf(b"PK")


@needs_soffice
def test_libreoffice_path_setting(settings):
    settings.LIBREOFFICE_PATH = shutil.which("soffice")
    assert soffice_path() == settings.LIBREOFFICE_PATH
    settings.LIBREOFFICE_PATH = "/nulle/part/soffice"
    assert soffice_path() is None
