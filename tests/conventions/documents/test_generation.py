import io
import re
import zipfile

import pytest
from docx import Document
from docxtpl import DocxTemplate
from lxml import etree

from conventions.documents import TypeConventionManquant, build_context, render_docx
from conventions.documents.build_templates import template_bytes
from conventions.documents.contexte import CHAMPS_IMAGES
from conventions.documents.generation import jinja_environment
from conventions.documents.modeles import MODELES
from conventions.enums import TYPE2_OPTIONS, ConventionStatut
from tests.conventions.documents.donnees import attach_image, convention_complete
from tests.conventions.factories import ConventionFactory
from tests.users.factories import BailleurFactory

pytestmark = pytest.mark.django_db


def parts(contenu: bytes, prefix: str) -> str:
    with zipfile.ZipFile(io.BytesIO(contenu)) as archive:
        return "".join(archive.read(name).decode() for name in archive.namelist() if name.startswith(prefix))


def watermarks(contenu: bytes) -> list[str]:
    """The texts of the VML watermarks of the page headers."""
    textes = []
    with zipfile.ZipFile(io.BytesIO(contenu)) as archive:
        for name in archive.namelist():
            if name.startswith("word/header"):
                root = etree.fromstring(archive.read(name))
                textes += [node.get("string") for node in root.iter("{urn:schemas-microsoft-com:vml}textpath")]
    return [t for t in textes if t is not None]


def texte(contenu: bytes) -> str:
    document = Document(io.BytesIO(contenu))
    lignes = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            lignes.append(" | ".join(cell.text for cell in row.cells))
    return "\n".join(lignes)


@pytest.mark.parametrize(
    "statut, filigrane",
    [
        (ConventionStatut.PROJET, "Projet de convention"),
        (ConventionStatut.INSTRUCTION, "Convention en cours d'instruction"),
        (ConventionStatut.CORRECTIONS, "Convention en cours d'instruction"),
    ],
)
def test_watermark_until_validation(statut, filigrane):
    convention = convention_complete(statut=statut)
    assert watermarks(render_docx(convention).contenu) == [filigrane]


@pytest.mark.parametrize("statut", [ConventionStatut.A_SIGNER, ConventionStatut.SIGNEE, ConventionStatut.PUBLIEE])
def test_no_watermark_after_validation(statut):
    convention = convention_complete(statut=statut, numero="13.D.26.0042")
    contenu = render_docx(convention).contenu
    headers = parts(contenu, "word/header")
    assert watermarks(contenu) == []
    assert "textpath" not in headers and "Projet" not in headers and "instruction" not in headers
    assert "Convention n° 13.D.26.0042" in texte(contenu)


@pytest.mark.parametrize(
    "bailleur_traits, type1and2, phrase",
    [
        ({}, "", "organisme d'habitations à loyer modéré"),
        ({"sem": True}, "", "société d'économie mixte"),
        ({"type1and2": True}, "Type1", "Convention de type I"),
        ({"type1and2": True}, "Type2", "Convention de type II"),
    ],
)
def test_each_template_renders_the_whole_convention(bailleur_traits, type1and2, phrase):
    convention = convention_complete(bailleur=BailleurFactory(**bailleur_traits))
    convention.type1and2 = type1and2
    convention.save()
    rendered = render_docx(convention)
    contenu = texte(rendered.contenu)
    assert phrase in contenu
    assert "Fait en 3 exemplaires originaux à Aix-en-Provence" in contenu  # the administration's ville_signature
    assert "expire le 30 juin 2067" in contenu
    ligne = "Bât. A – logement 004 | T5 | 92,40 | 14,00 | 7,00 | 99,40 | 6,52 | 1,1235 | 728,13"
    total = "Total : 4 logements |  | 265,65 | 30,50 | 15,25 | 280,90 |  |  | 1\u00a0918,24"
    assert contenu.count(ligne) == 1  # one financement: no 5-b tables (they would repeat table 5)
    assert contenu.count(total) == 1
    assert "T5 | 1" in contenu and "Total | 4" in contenu  # count per typology
    assert "2 annexes de type terrasse" in contenu
    assert "1\u00a0200\u00a0000,00\u00a0€ | Caisse des dépôts et consignations pour le logement" in contenu
    assert "Action Logement" in contenu and "AB | 101 | Les Tilleuls | 0 ha 12 a 40 ca" in contenu
    assert "– PLUS : 6,52\u00a0€ par m² de surface utile" in contenu
    # PLUS, fewer than 10 dwellings: 30 % of 4 = 1.2 → 1 (half-up); 10 % of 4 = 0.4 → 0
    assert "Sur les 4 logements financés en PLUS, 1 au moins" in contenu
    assert "et 0 au plus peuvent" in contenu
    assert "Ne relèvent pas de la présente convention : 2 locaux commerciaux." in contenu
    assert "{{" not in contenu and "{%" not in contenu
    publication = "Publication de la convention"
    assert (publication in contenu) is bool(type1and2)


def test_type2_prints_only_the_chosen_options():
    convention = convention_complete(bailleur=BailleurFactory(type1and2=True), type1and2="Type2")
    convention.type2_lgts_concernes_option2 = False
    convention.type2_lgts_concernes_option5 = False
    convention.save()
    contenu = texte(render_docx(convention).contenu)
    for numero, libelle in TYPE2_OPTIONS.items():
        assert (f"– {libelle} ;" in contenu) is (numero not in (2, 5)), numero


def test_missing_type_is_a_clear_error():
    convention = convention_complete(bailleur=BailleurFactory(type1and2=True))
    with pytest.raises(TypeConventionManquant, match="Type I ou Type II"):
        render_docx(convention)


def test_images_of_text_and_files_fields_are_embedded():
    convention = convention_complete()  # one PNG on programme.vendeur
    attach_image(convention, "lot.edd_classique")
    attach_image(convention, "programme.acquereur", b"%PDF-1.4 not an image", content_type="application/pdf")
    attach_image(convention, "programme.notaire", content_type="image/png")  # not a text+files field
    attach_image(convention, "programme.reference_notaire", b"not really a png")  # broken image: left out
    contenu = render_docx(convention).contenu
    with zipfile.ZipFile(io.BytesIO(contenu)) as archive:
        medias = [name for name in archive.namelist() if name.startswith("word/media/")]
    document = parts(contenu, "word/document.xml")
    assert document.count("<pic:pic") == 2
    assert len(medias) >= 1
    largeurs = {int(cx) for cx in re.findall(r'<wp:extent cx="(\d+)"', document)}
    assert largeurs == {127 * 36000}  # 12,7 cm in EMU


def test_user_text_is_escaped():
    convention = convention_complete()
    programme = convention.programme
    programme.nom = "Résidence <Les Pins> & Cie \x0c"
    programme.vendeur = "ligne 1\nligne 2 {{ pas un tag }}"
    programme.save()
    contenu = texte(render_docx(convention).contenu)
    assert "« Résidence <Les Pins> & Cie  »" in contenu
    assert "ligne 1\nligne 2 {{ pas un tag }}" in contenu


@pytest.mark.parametrize("modele", MODELES)
def test_templates_use_only_known_variables(modele):
    """A typo in a template would print nothing: every variable must exist in the context."""
    known = set(build_context(ConventionFactory())) | {f"{cle}_images" for cle in CHAMPS_IMAGES}
    template = DocxTemplate(io.BytesIO(template_bytes(modele)))
    unknown = template.get_undeclared_template_variables(jinja_environment()) - known
    assert not unknown, unknown
