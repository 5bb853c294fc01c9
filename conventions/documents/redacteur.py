"""python-docx helpers used by build_templates.py: styles, page set-up (watermark header, page-numbered
footer), articles, docxtpl tags and tables."""

import datetime

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

POLICE = "Arial"
BLEU = RGBColor(0x00, 0x00, 0x91)

# Real Word watermark (VML text path, centred, rotated), shown only while `filigrane` is not empty.
FILIGRANE_XML = (
    '<w:r xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
    'xmlns:v="urn:schemas-microsoft-com:vml" xmlns:o="urn:schemas-microsoft-com:office:office" '
    'xmlns:w10="urn:schemas-microsoft-com:office:word"><w:rPr><w:noProof/></w:rPr><w:pict>'
    '<v:shapetype id="_x0000_t136" coordsize="21600,21600" o:spt="136" adj="10800" '
    'path="m@7,l@8,m@5,21600l@6,21600e"><v:formulas><v:f eqn="sum #0 0 10800"/><v:f eqn="prod #0 2 1"/>'
    '<v:f eqn="sum 21600 0 @1"/><v:f eqn="sum 0 0 @2"/><v:f eqn="sum 21600 0 @3"/><v:f eqn="if @0 @3 0"/>'
    '<v:f eqn="if @0 21600 @1"/><v:f eqn="if @0 0 @2"/><v:f eqn="if @0 @4 21600"/><v:f eqn="mid @5 @6"/>'
    '<v:f eqn="mid @8 @5"/><v:f eqn="mid @7 @8"/><v:f eqn="mid @6 @7"/><v:f eqn="sum @6 0 @5"/></v:formulas>'
    '<v:path textpathok="t" o:connecttype="custom" o:connectlocs="@9,0;@10,10800;@11,21600;@12,10800" '
    'o:connectangles="270,180,90,0"/><v:textpath on="t" fitshape="t"/>'
    '<v:handles><v:h position="#0,bottomRight" xrange="6629,14971"/></v:handles>'
    '<o:lock v:ext="edit" text="t" shapetype="t"/></v:shapetype>'
    '<v:shape id="FiligraneApilos" o:spid="_x0000_s2049" type="#_x0000_t136" '
    'style="position:absolute;margin-left:0;margin-top:0;width:470pt;height:80pt;rotation:315;'
    "z-index:-251657216;mso-position-horizontal:center;mso-position-horizontal-relative:margin;"
    'mso-position-vertical:center;mso-position-vertical-relative:margin" o:allowincell="f" '
    'fillcolor="#c8c8c8" stroked="f"><v:fill opacity=".5"/>'
    '<v:textpath style="font-family:&quot;Arial&quot;;font-size:1pt" string="{{ filigrane }}"/>'
    '<w10:wrap anchorx="margin" anchory="margin"/></v:shape></w:pict></w:r>'
)


class Redacteur:
    """Thin helpers over python-docx so that the sections below read like the document."""

    def __init__(self, modele: str, titre: str = ""):
        self.modele = modele
        self.titre = titre or f"Convention APL – modèle {modele}"
        self.doc = Document()
        self._styles()
        self._page()

    # --- set-up -----------------------------------------------------------------------------------------
    def _styles(self):
        styles = self.doc.styles
        normal = styles["Normal"]
        normal.font.name = POLICE
        normal.font.size = Pt(10)
        normal.paragraph_format.space_after = Pt(4)
        normal.element.rPr.rFonts.set(qn("w:eastAsia"), POLICE)
        for nom, taille, gras in [("Titre convention", 16, True), ("Sous-titre convention", 11, False)]:
            style = styles.add_style(nom, WD_STYLE_TYPE.PARAGRAPH)
            style.base_style = normal
            style.font.size = Pt(taille)
            style.font.bold = gras
            style.font.color.rgb = BLEU
            style.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
            style.paragraph_format.space_after = Pt(6)
        article = styles.add_style("Article", WD_STYLE_TYPE.PARAGRAPH)
        article.base_style = styles["Heading 2"]
        article.font.name = POLICE
        article.font.size = Pt(11)
        article.font.color.rgb = BLEU
        article.paragraph_format.space_before = Pt(12)
        article.paragraph_format.space_after = Pt(4)
        article.paragraph_format.keep_with_next = True
        for nom, gras in [("Tableau", False), ("Tableau entête", True)]:
            style = styles.add_style(nom, WD_STYLE_TYPE.PARAGRAPH)
            style.base_style = normal
            style.font.size = Pt(8)
            style.font.bold = gras
            style.paragraph_format.space_after = Pt(0)
        rubrique = styles.add_style("Rubrique", WD_STYLE_TYPE.PARAGRAPH)
        rubrique.base_style = normal
        rubrique.font.bold = True
        rubrique.paragraph_format.space_before = Pt(6)
        rubrique.paragraph_format.space_after = Pt(2)
        rubrique.paragraph_format.keep_with_next = True

    def _page(self):
        section = self.doc.sections[0]
        section.orientation = WD_ORIENT.PORTRAIT
        section.page_width, section.page_height = Cm(21), Cm(29.7)
        section.left_margin = section.right_margin = Cm(1.8)
        section.top_margin, section.bottom_margin = Cm(2), Cm(1.8)
        # Header: the watermark, only while the convention is not validated.
        entete = section.header
        entete.is_linked_to_previous = False
        premier = entete.paragraphs[0]
        premier.text = "{%p if filigrane %}"
        porteur = entete.add_paragraph()
        porteur._p.append(parse_xml(FILIGRANE_XML))
        entete.add_paragraph("{%p endif %}")
        # Footer: convention number and page number.
        pied = section.footer
        pied.is_linked_to_previous = False
        ligne = pied.paragraphs[0]
        ligne.alignment = WD_ALIGN_PARAGRAPH.CENTER
        run = ligne.add_run("{{ pied_de_page }} – page ")
        run.font.size = Pt(8)
        self._champ(ligne, "PAGE")
        ligne.add_run(" / ").font.size = Pt(8)
        self._champ(ligne, "NUMPAGES")

    @staticmethod
    def _champ(paragraphe, code: str):
        champ = OxmlElement("w:fldSimple")
        champ.set(qn("w:instr"), code)
        run = OxmlElement("w:r")
        rpr = OxmlElement("w:rPr")
        taille = OxmlElement("w:sz")
        taille.set(qn("w:val"), "16")
        rpr.append(taille)
        run.append(rpr)
        texte = OxmlElement("w:t")
        texte.text = "1"
        run.append(texte)
        champ.append(run)
        paragraphe._p.append(champ)

    # --- writing ----------------------------------------------------------------------------------------
    def p(self, texte: str = "", style: str | None = None, align=None):
        paragraphe = self.doc.add_paragraph(texte, style=style)
        if align is not None:
            paragraphe.alignment = align
        return paragraphe

    def justifie(self, texte: str):
        return self.p(texte, align=WD_ALIGN_PARAGRAPH.JUSTIFY)

    def tag(self, texte: str):
        """A paragraph holding only a docxtpl paragraph tag ({%p … %}): removed when rendered."""
        return self.p(texte)

    def titre_article(self, numero: str, titre: str):
        """ "Article 9 bis – Dispositions particulières…" (numbers are those of the regulatory model)."""
        return self.p(f"Article {numero} – {titre}", style="Article")

    def titre_partie(self, titre: str):
        """A part heading ("I. – Dispositions générales", "Annexe…")."""
        return self.p(titre, style="Sous-titre convention")

    def si(self, condition: str):
        """Opens a block printed only when `condition` holds (close with fin())."""
        return self.tag(f"{{%p if {condition} %}}")

    def sinon(self):
        return self.tag("{%p else %}")

    def fin(self):
        return self.tag("{%p endif %}")

    def rubrique(self, titre: str):
        return self.p(titre, style="Rubrique")

    def champ_avec_images(self, titre: str, expression: str, images: str):
        """A "text + files" field: its label, its text, then its attached images one per paragraph."""
        self.tag(f"{{%p if {expression} or {images} %}}")
        self.rubrique(titre)
        self.p(f"{{{{ {expression} }}}}")
        self.tag(f"{{%p for image in {images} %}}")
        self.p("{{ image }}", align=WD_ALIGN_PARAGRAPH.CENTER)
        self.tag("{%p endfor %}")
        self.tag("{%p endif %}")

    def tableau(self, colonnes: list[tuple[str, float]], boucle: str, cellules: list[str], total=None, droite=()):
        """A table with a header row (repeated on each page), one row per item of `boucle` and an optional
        total row. `colonnes` = [(header, width in cm)]; `droite` = indexes of right-aligned (number) columns."""
        table = self.doc.add_table(rows=5 if total else 4, cols=len(colonnes))
        table.style = self.doc.styles["Table Grid"]
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        table.autofit = False
        entete, debut, ligne, fin = table.rows[0], table.rows[1], table.rows[2], table.rows[3]
        _repeter_entete(entete)
        insecable(ligne)
        for index, (titre, _largeur) in enumerate(colonnes):
            ecrire(entete.cells[index], titre, "Tableau entête")
            ecrire(ligne.cells[index], cellules[index], "Tableau")
        largeurs(table, [largeur for _titre, largeur in colonnes])
        ecrire(debut.cells[0], f"{{%tr for ligne in {boucle} %}}", "Tableau")
        ecrire(fin.cells[0], "{%tr endfor %}", "Tableau")
        if total:
            insecable(table.rows[4])
            for index, texte in enumerate(total):
                ecrire(table.rows[4].cells[index], texte, "Tableau entête")
        for index in droite:
            for row in (ligne, *table.rows[4:]):
                row.cells[index].paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT
        self.p("")
        return table

    def save(self, chemin):
        """Writes the .docx to a path or a binary stream."""
        proprietes = self.doc.core_properties
        proprietes.title = self.titre
        proprietes.author = "APiLos"
        proprietes.last_modified_by = "APiLos"
        proprietes.created = proprietes.modified = datetime.datetime(2026, 1, 1)
        proprietes.revision = 1
        proprietes.comments = "Modèle généré par conventions/documents/build_templates.py"
        self.doc.save(chemin)


def ecrire(cellule, texte: str, style: str):
    paragraphe = cellule.paragraphs[0]
    paragraphe.text = texte
    paragraphe.style = style


def largeurs(table, largeurs_cm: list[float]):
    """Column widths in the table grid too (LibreOffice follows the grid, Word the cells)."""
    for colonne, largeur in zip(table._tbl.tblGrid.findall(qn("w:gridCol")), largeurs_cm, strict=True):
        colonne.set(qn("w:w"), str(int(Cm(largeur).twips)))
    for row in table.rows:
        for cellule, largeur in zip(row.cells, largeurs_cm, strict=True):
            cellule.width = Cm(largeur)


def insecable(row):
    """A row never split across two pages."""
    row._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))


def _repeter_entete(row):
    for cellule in row.cells:
        fond = OxmlElement("w:shd")
        fond.set(qn("w:val"), "clear")
        fond.set(qn("w:color"), "auto")
        fond.set(qn("w:fill"), "E3E3FD")
        cellule._tc.get_or_add_tcPr().append(fond)
    proprietes = row._tr.get_or_add_trPr()
    repetition = OxmlElement("w:tblHeader")
    repetition.set(qn("w:val"), "true")
    proprietes.append(repetition)
