"""Rendering a convention into a .docx with its template (docxtpl)."""

import io
import logging
import re
from dataclasses import dataclass

import jinja2
from docx.image.exceptions import UnrecognizedImageError
from docx.image.image import Image
from docx.shared import Mm
from docxtpl import DocxTemplate, InlineImage

from conventions.documents.build_templates import template_bytes
from conventions.documents.contexte import CHAMPS_IMAGES, build_context
from conventions.documents.filtres import FILTRES
from conventions.documents.modeles import choose_template

logger = logging.getLogger(__name__)

DOCX_MIMETYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
PDF_MIMETYPE = "application/pdf"
LARGEUR_IMAGE = Mm(127)  # 12,7 cm: the text width of an A4 page, margins included


@dataclass
class RenderedDocument:
    contenu: bytes
    contexte: dict
    modele: str


class _Environnement(jinja2.Environment):
    """Compiles each template part once per process: the XML of a model never changes while it runs, and
    compiling it costs more than rendering a 500-dwelling convention (bench/documents.py)."""

    _compiles: dict[tuple, jinja2.Template] = {}  # noqa: RUF012 - a process-wide cache, on purpose

    def from_string(self, source, globals=None, template_class=None):
        if globals or template_class or not isinstance(source, str):
            return super().from_string(source, globals, template_class)
        cle = (source, self.undefined)
        if cle not in self._compiles:
            self._compiles[cle] = super().from_string(source)
        return self._compiles[cle]


class _Modele(DocxTemplate):
    """docxtpl's tag clean-up (patch_xml) done once per template part too."""

    _patches: dict[str, str] = {}  # noqa: RUF012 - a process-wide cache, on purpose

    def patch_xml(self, src_xml):
        if src_xml not in self._patches:
            self._patches[src_xml] = super().patch_xml(src_xml)
        return self._patches[src_xml]


def jinja_environment() -> jinja2.Environment:
    """Autoescaped (user text may contain & or <), with the French filters of filtres.py."""
    env = _Environnement(autoescape=True)
    env.filters.update(FILTRES)
    return env


def _images(template: DocxTemplate, convention) -> dict[str, list]:
    """`<champ>_images`: the images attached to each "text + files" field, ready to embed. A file that is not
    a PNG/JPEG/GIF/BMP/TIFF image, or is missing from the storage, is left out (and logged)."""
    images: dict[str, list] = {f"{cle}_images": [] for cle in CHAMPS_IMAGES}
    cle_par_champ = {champ: cle for cle, champs in CHAMPS_IMAGES.items() for champ in champs}
    for fichier in convention.fichiers.all():
        cle = cle_par_champ.get(fichier.champ)
        if cle is None or not fichier.is_image:
            continue
        try:
            with fichier.fichier.open("rb") as flux:
                contenu = flux.read()
            Image.from_blob(contenu)
        except (OSError, UnrecognizedImageError, ValueError):
            logger.warning("Image %s (%s) non intégrée au document", fichier.uuid, fichier.champ, exc_info=True)
            continue
        images[f"{cle}_images"].append(InlineImage(template, io.BytesIO(contenu), width=LARGEUR_IMAGE))
    return images


def render_docx(convention, *, context: dict | None = None, modele: str = "") -> RenderedDocument:
    """The convention printed with its model (chosen by modeles.choose_template unless given, e.g. the fiche
    CAF). Raises a DocumentError with a French message when the model cannot be chosen."""
    modele = modele or choose_template(convention)
    context = context if context is not None else build_context(convention)
    template = _Modele(io.BytesIO(template_bytes(modele)))
    template.render({**context, **_images(template, convention)}, jinja_environment(), autoescape=True)
    sortie = io.BytesIO()
    template.save(sortie)
    return RenderedDocument(contenu=sortie.getvalue(), contexte=context, modele=modele)


def file_name(convention, extension: str) -> str:
    """ "Marseille - Les Tilleuls - 12 lgts - Collectif - PLUS.pdf" (reference: the convention's label)."""
    nom = re.sub(r'[\\/:*?"<>|\x00-\x1f]+', " ", str(convention))
    nom = re.sub(r"\s+", " ", nom).strip()[:150] or "convention"
    return f"{nom}.{extension}"
