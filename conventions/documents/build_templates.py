"""Builds the four convention templates (modeles/HLM.docx, SEM.docx, Type1.docx, Type2.docx).

    python -m conventions.documents.build_templates

The .docx files are committed: a non-developer may open and edit them in LibreOffice or Word (keep the
{{ … }} and {% … %} tags intact; see docs/documents.md). This script is the reproducible starting point:
re-running it overwrites manual edits, so either edit the script or the .docx files, not both.
"""

import datetime
import sys
from pathlib import Path

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

from conventions.documents.modeles import DOSSIER_MODELES, HLM, SEM, TYPE1, TYPE2
from conventions.enums import TYPE2_OPTIONS

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

TITRES = {
    HLM: "pour des logements appartenant à un organisme d'habitations à loyer modéré",
    SEM: "pour des logements appartenant à une société d'économie mixte",
    TYPE1: "de type I, pour des logements appartenant à un bailleur qui n'est ni un organisme HLM ni une SEM",
    TYPE2: "de type II, pour des logements appartenant à un bailleur qui n'est ni un organisme HLM ni une SEM",
}


class Redacteur:
    """Thin helpers over python-docx so that the sections below read like the document."""

    def __init__(self, modele: str):
        self.modele = modele
        self.doc = Document()
        self.article = 0
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
        run = ligne.add_run(
            "Convention {% if convention.numero %}n° {{ convention.numero }}{% else %}(numéro à attribuer)"
            "{% endif %} – {{ programme.nom }} – page "
        )
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

    def titre_article(self, titre: str):
        self.article += 1
        return self.p(f"Article {self.article} – {titre}", style="Article")

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
        _insecable(ligne)
        for index, (titre, _largeur) in enumerate(colonnes):
            _ecrire(entete.cells[index], titre, "Tableau entête")
            _ecrire(ligne.cells[index], cellules[index], "Tableau")
        _largeurs(table, [largeur for _titre, largeur in colonnes])
        _ecrire(debut.cells[0], f"{{%tr for ligne in {boucle} %}}", "Tableau")
        _ecrire(fin.cells[0], "{%tr endfor %}", "Tableau")
        if total:
            _insecable(table.rows[4])
            for index, texte in enumerate(total):
                _ecrire(table.rows[4].cells[index], texte, "Tableau entête")
        for index in droite:
            for row in (ligne, *table.rows[4:]):
                row.cells[index].paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT
        self.p("")
        return table

    def save(self, chemin: Path):
        proprietes = self.doc.core_properties
        proprietes.title = f"Convention APL – modèle {self.modele}"
        proprietes.author = "APiLos"
        proprietes.last_modified_by = "APiLos"
        proprietes.created = proprietes.modified = datetime.datetime(2026, 1, 1)
        proprietes.revision = 1
        proprietes.comments = "Modèle généré par conventions/documents/build_templates.py"
        self.doc.save(chemin)


def _ecrire(cellule, texte: str, style: str):
    paragraphe = cellule.paragraphs[0]
    paragraphe.text = texte
    paragraphe.style = style


def _largeurs(table, largeurs_cm: list[float]):
    """Column widths in the table grid too (LibreOffice follows the grid, Word the cells)."""
    for colonne, largeur in zip(table._tbl.tblGrid.findall(qn("w:gridCol")), largeurs_cm, strict=True):
        colonne.set(qn("w:w"), str(int(Cm(largeur).twips)))
    for row in table.rows:
        for cellule, largeur in zip(row.cells, largeurs_cm, strict=True):
            cellule.width = Cm(largeur)


def _insecable(row):
    """A row never split across two pages."""
    row._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))


def _repeter_entete(row):
    proprietes = row._tr.get_or_add_trPr()
    repetition = OxmlElement("w:tblHeader")
    repetition.set(qn("w:val"), "true")
    proprietes.append(repetition)


# --- Sections ---------------------------------------------------------------------------------------------


def en_tete(r: Redacteur):
    r.p("RÉPUBLIQUE FRANÇAISE", style="Sous-titre convention")
    r.p("CONVENTION OUVRANT DROIT À L'AIDE PERSONNALISÉE AU LOGEMENT", style="Titre convention")
    r.p(
        f"conclue entre l'État et le bailleur en application de l'article L. 831-1 du code de la construction "
        f"et de l'habitation, {TITRES[r.modele]}",
        style="Sous-titre convention",
    )
    r.p(
        "Convention {% if convention.numero %}n° {{ convention.numero }}{% else %}– numéro attribué à la "
        "validation{% endif %}",
        style="Sous-titre convention",
    )
    r.p(
        "Opération « {{ programme.nom }} » à {{ programme.ville }} ({{ programme.code_postal }})"
        "{% if programme.numero_operation %} – opération n° {{ programme.numero_operation }}{% endif %}",
        style="Sous-titre convention",
    )


def parties(r: Redacteur):
    r.rubrique("Entre les soussignés")
    r.justifie(
        "L'État, représenté par {% if administration.nom %}{{ administration.nom }}{% else %}le service "
        "instructeur{% endif %}, ci-après dénommé « l'administration »,"
    )
    r.p("d'une part,", align=WD_ALIGN_PARAGRAPH.RIGHT)
    r.justifie(
        "et {{ bailleur.nom }} ({{ bailleur.categorie }}){% if bailleur.capital_social %}, au capital de "
        "{{ bailleur.capital_social|montant }}{% endif %}, SIRET {{ bailleur.siret }}, dont le siège est situé "
        "{{ bailleur.adresse }}, {{ bailleur.code_postal }} {{ bailleur.ville }}, représenté par "
        "{{ bailleur.signataire_nom }}{% if bailleur.signataire_fonction %}, {{ bailleur.signataire_fonction }}"
        "{% endif %}{% if bailleur.signataire_date_deliberation %}, habilité à signer la présente convention "
        "depuis le {{ bailleur.signataire_date_deliberation|date_longue }}{% endif %}, ci-après dénommé "
        "« le bailleur »,"
    )
    r.p("d'autre part,", align=WD_ALIGN_PARAGRAPH.RIGHT)
    r.justifie(
        "Vu le code de la construction et de l'habitation, notamment ses articles L. 831-1 et suivants relatifs "
        "aux conventions ouvrant droit à l'aide personnalisée au logement ;"
    )
    if r.modele == SEM:
        r.justifie("Vu les statuts de la société d'économie mixte et l'objet social qu'ils lui assignent ;")
    r.justifie("Il est convenu ce qui suit.")


def objet(r: Redacteur):
    r.titre_article("Objet de la convention")
    r.justifie(
        "La présente convention fixe les engagements réciproques de l'État et du bailleur pour les "
        "{{ lot.nb_logements|entier }} logement{{ lot.nb_logements|pluriel }} en habitat "
        "{{ lot.type_habitat_libelle|lower }} de l'opération « {{ programme.nom }} », financé"
        "{{ lot.nb_logements|pluriel }} en {{ lot.financement_libelle }}{% if programme.type_operation_phrase %}"
        " et réalisé{{ lot.nb_logements|pluriel }}{{ programme.type_operation_phrase }}{% endif %}, situé"
        "{{ lot.nb_logements|pluriel }} {{ programme.adresse|sur_une_ligne }}, {{ programme.code_postal }} "
        "{{ programme.ville }}."
    )
    r.justifie(
        "Pendant toute sa durée, les locataires de ces logements peuvent bénéficier de l'aide personnalisée au "
        "logement (APL) dans les conditions prévues par la réglementation."
    )
    r.tag("{%p if locaux_hors_convention %}")
    r.justifie("Ne relèvent pas de la présente convention : {{ locaux_hors_convention }}.")
    r.tag("{%p endif %}")


def propriete(r: Redacteur):
    r.titre_article("Désignation de l'immeuble et titre de propriété")
    r.champ_avec_images("Vendeur", "programme.vendeur", "vendeur_images")
    r.champ_avec_images("Acquéreur", "programme.acquereur", "acquereur_images")
    r.tag("{%p if programme.date_acte_notarie or programme.date_achat %}")
    r.p(
        "Date de l'acte : {{ (programme.date_acte_notarie or programme.date_achat)|date_longue }}"
        "{% if programme.date_achat and programme.date_acte_notarie %} (achat le "
        "{{ programme.date_achat|date_longue }}){% endif %}"
    )
    r.tag("{%p endif %}")
    r.champ_avec_images("Notaire", "programme.reference_notaire", "reference_notaire_images")
    r.champ_avec_images(
        "Publication de l'acte au fichier immobilier",
        "programme.reference_publication_acte",
        "reference_publication_acte_images",
    )
    r.champ_avec_images("Effet relatif", "programme.effet_relatif", "effet_relatif_images")
    r.tag("{%p if programme.permis_construire %}")
    r.p("Permis de construire : {{ programme.permis_construire }}")
    r.tag("{%p endif %}")
    r.tag("{%p if programme.date_achevement_compile %}")
    r.p(
        "Achèvement des travaux : {{ programme.date_achevement_compile|date_longue }}"
        "{% if not programme.date_achevement %} (date prévisionnelle){% endif %}"
    )
    r.tag("{%p endif %}")
    r.rubrique("Références cadastrales")
    r.tag("{%p if references_cadastrales %}")
    r.tableau(
        [("Section", 3), ("Numéro", 3), ("Lieu-dit", 6.4), ("Surface", 5)],
        "references_cadastrales",
        ["{{ ligne.section }}", "{{ ligne.numero }}", "{{ ligne.lieudit }}", "{{ ligne.surface }}"],
    )
    r.tag("{%p else %}")
    r.p("Aucune référence cadastrale n'a été renseignée.")
    r.tag("{%p endif %}")
    r.champ_avec_images("Précisions cadastrales", "programme.reference_cadastrale", "reference_cadastrale_images")


def edd(r: Redacteur):
    r.titre_article("État descriptif de division")
    r.tag(
        "{%p if not (lot.edd_volumetrique or programme.edd_volumetrique or lot.edd_classique or "
        "programme.edd_classique or logement_edds or edd_volumetrique_images or edd_classique_images) %}"
    )
    r.p("L'immeuble ne fait l'objet d'aucun état descriptif de division.")
    r.tag("{%p endif %}")
    r.champ_avec_images(
        "État descriptif de division volumétrique",
        "(lot.edd_volumetrique or programme.edd_volumetrique)",
        "edd_volumetrique_images",
    )
    r.tag("{%p if programme.mention_publication_edd_volumetrique %}")
    r.p("Publication : {{ programme.mention_publication_edd_volumetrique }}")
    r.tag("{%p endif %}")
    r.champ_avec_images(
        "État descriptif de division et règlement de copropriété",
        "(lot.edd_classique or programme.edd_classique)",
        "edd_classique_images",
    )
    r.tag("{%p if programme.mention_publication_edd_classique %}")
    r.p("Publication : {{ programme.mention_publication_edd_classique }}")
    r.tag("{%p endif %}")
    r.tag("{%p if logement_edds %}")
    r.rubrique("État descriptif de division simplifié")
    r.p(
        "{% if lot_num %}Les logements de la présente convention forment le groupe n° {{ lot_num }} "
        "({{ lot.financement_libelle }}).{% endif %}"
    )
    r.tableau(
        [("Groupe", 2), ("Désignation du logement", 7.4), ("Financement", 3.5), ("N° de lot", 4.5)],
        "logement_edds",
        ["{{ ligne.lot_num }}", "{{ ligne.designation }}", "{{ ligne.financement }}", "{{ ligne.numero_lot }}"],
    )
    r.tag("{%p endif %}")


def financement(r: Redacteur):
    r.titre_article("Financement de l'opération")
    r.tag("{%p if prets_cdc %}")
    r.rubrique("Prêts de la Caisse des dépôts et consignations")
    r.tableau(
        [("Prêteur", 4.4), ("Numéro", 3.5), ("Date d'octroi", 3), ("Durée", 2.5), ("Montant", 4)],
        "prets_cdc",
        [
            "{{ ligne.preteur_libelle }}",
            "{{ ligne.numero }}",
            "{{ ligne.date_octroi|date_courte }}",
            "{% if ligne.duree %}{{ ligne.duree }} an{{ ligne.duree|pluriel }}{% endif %}",
            "{{ ligne.montant|montant }}",
        ],
        droite=(4,),
    )
    r.tag("{%p endif %}")
    r.tag("{%p if autres_prets %}")
    r.rubrique("Autres prêts et subventions")
    r.tableau(
        [("Prêteur", 4.4), ("Numéro", 3.5), ("Date d'octroi", 3), ("Durée", 2.5), ("Montant", 4)],
        "autres_prets",
        [
            "{{ ligne.preteur_libelle }}",
            "{{ ligne.numero }}",
            "{{ ligne.date_octroi|date_courte }}",
            "{% if ligne.duree %}{{ ligne.duree }} an{{ ligne.duree|pluriel }}{% endif %}",
            "{{ ligne.montant|montant }}",
        ],
        droite=(4,),
    )
    r.tag("{%p endif %}")
    r.tag("{%p if not prets_cdc and not autres_prets %}")
    r.p("Aucun prêt ni aucune subvention n'a été déclaré.")
    r.tag("{%p endif %}")
    r.p(
        "{% if prets_cdc or autres_prets %}Total des prêts et subventions : {{ prets_total|montant }}. "
        "{% endif %}Fonds propres du bailleur : {% if convention.fond_propre is not none %}"
        "{{ convention.fond_propre|montant }}{% else %}non renseignés{% endif %}."
    )


def duree(r: Redacteur):
    r.titre_article("Durée")
    r.justifie(
        "La présente convention prend effet à la date de sa signature par les deux parties. Elle expire le "
        "{% if convention.date_fin_conventionnement %}{{ convention.date_fin_conventionnement|date_longue }}"
        "{% else %}………………{% endif %}."
    )
    r.justifie(
        "Elle se renouvelle ensuite par tacite reconduction, par périodes de trois ans, à moins que l'une des "
        "parties n'y mette fin par lettre recommandée avec demande d'avis de réception envoyée au moins six mois "
        "avant l'échéance."
    )


def logements(r: Redacteur):
    r.titre_article("Logements conventionnés et loyers maximaux")
    r.justifie(
        "Le loyer mensuel maximum de chaque logement est le produit de sa surface utile, du loyer maximum au "
        "mètre carré de surface utile, fixé à {{ loyer_m2|montant }}, et du coefficient propre au logement. Les "
        "surfaces sont exprimées en mètres carrés et les loyers en euros par mois."
    )
    r.tableau(
        [
            ("Désignation", 3.1),
            ("Type", 1.3),
            ("Surface habitable", 1.8),
            ("Surface des annexes", 1.8),
            ("Annexes retenues", 1.8),
            ("Surface utile", 1.8),
            ("Loyer max. par m²", 1.8),
            ("Coeffi-cient", 1.6),
            ("Loyer maximum", 2.2),
        ],
        "logements",
        [
            "{{ ligne.designation }}",
            "{{ ligne.typologie_libelle }}",
            "{{ ligne.surface_habitable|nombre }}",
            "{{ ligne.surface_annexes|nombre }}",
            "{{ ligne.surface_annexes_retenue|nombre }}",
            "{{ ligne.surface_utile|nombre }}",
            "{{ ligne.loyer_par_metre_carre|nombre }}",
            "{{ ligne.coefficient|coefficient }}",
            "{{ ligne.loyer|nombre }}",
        ],
        total=[
            "Total : {{ logements|length }} logement{{ logements|length|pluriel }}",
            "",
            "{{ sh_totale|nombre }}",
            "{{ sa_totale|nombre }}",
            "{{ sar_totale|nombre }}",
            "{{ su_totale|nombre }}",
            "",
            "",
            "{{ loyer_total|nombre }}",
        ],
        droite=(2, 3, 4, 5, 6, 7, 8),
    )
    r.p(
        "Répartition par type : {% for t in typologies %}{{ t.nombre }} {{ t.libelle }}{% if not loop.last %}, "
        "{% endif %}{% else %}aucun logement saisi{% endfor %}."
    )
    r.tag("{%p if lot.loyer_derogatoire %}")
    r.justifie(
        "Par dérogation, le loyer maximum au mètre carré de surface utile est porté à "
        "{{ lot.loyer_derogatoire|montant }}."
    )
    r.tag("{%p endif %}")
    r.justifie(
        "Les loyers maximaux sont révisés chaque 1er janvier en fonction de la variation de l'indice de "
        "référence des loyers (IRL) du deuxième trimestre de l'année précédente. Les loyers pratiqués ne "
        "peuvent dépasser les loyers maximaux ainsi révisés."
    )


def annexes(r: Redacteur):
    r.titre_article("Annexes et stationnements")
    r.tag("{%p if lot.annexes_incluses %}")
    r.justifie("Sont pris en compte dans la surface utile des logements : {{ lot.annexes_incluses|join(', ')|lower }}.")
    r.tag("{%p endif %}")
    r.tag("{%p if annexes %}")
    r.rubrique("Annexes louées avec les logements")
    r.tableau(
        [
            ("Type d'annexe", 3),
            ("Logement", 4.4),
            ("Type", 1.8),
            ("Surface", 2.4),
            ("Loyer au m²", 2.6),
            ("Loyer maximum", 3.2),
        ],
        "annexes",
        [
            "{{ ligne.typologie_libelle }}",
            "{{ ligne.logement_designation }}",
            "{{ ligne.logement_typologie }}",
            "{{ ligne.surface_hors_surface_retenue|nombre }}",
            "{{ ligne.loyer_par_metre_carre|nombre }}",
            "{{ ligne.loyer|nombre }}",
        ],
        droite=(3, 4, 5),
    )
    r.tag("{%p endif %}")
    r.tag("{%p if stationnements %}")
    r.rubrique("Stationnements")
    r.tableau(
        [("Type de stationnement", 9.4), ("Nombre", 3), ("Loyer maximum mensuel", 5)],
        "stationnements",
        ["{{ ligne.typologie_libelle }}", "{{ ligne.nb_stationnements }}", "{{ ligne.loyer|montant }}"],
        droite=(1, 2),
    )
    r.tag("{%p endif %}")
    r.p(
        "{% if liste_des_annexes %}Au total : {{ liste_des_annexes }}.{% else %}Aucune annexe ni aucun "
        "stationnement n'est loué en plus des logements.{% endif %}"
    )


def attribution(r: Redacteur):
    r.titre_article("Attribution des logements")
    r.justifie(
        "Les logements sont attribués à des ménages dont les ressources ne dépassent pas les plafonds fixés "
        "pour le financement {{ lot.financement_libelle }}. Le bailleur tient à la disposition de "
        "l'administration la liste des attributions."
    )
    r.tag("{%p if lot.mixite %}")
    r.rubrique("Mixité sociale")
    r.justifie(
        "Sur les {{ lot.nb_logements }} logements, le bailleur en attribue au moins {% if lot.nb_logements < 10 %}"
        "{{ mixPLUSinf10_30pc }}{% else %}{{ mixPLUSsup10_30pc }}{% endif %} à des ménages dont les ressources ne "
        "dépassent pas 60 % des plafonds ; il peut en attribuer au plus {% if lot.nb_logements < 10 %}"
        "{{ mixPLUSinf10_10pc }}{% else %}{{ mixPLUS_10pc }}{% endif %} à des ménages dont les ressources "
        "dépassent les plafonds, dans la limite de 120 % de ceux-ci."
    )
    r.p("Nombre de logements dont les conditions de mixité ont été négociées : {{ lot.lgts_mixite_sociale_negocies }}.")
    r.tag("{%p endif %}")


def type2_categories(r: Redacteur):
    r.titre_article("Catégories de logements concernés")
    r.justifie("La présente convention de type II s'applique aux logements relevant des catégories suivantes :")
    for numero, libelle in TYPE2_OPTIONS.items():
        r.tag(f"{{%p if type2_option{numero} %}}")
        r.p(f"– {libelle} ;")
        r.tag("{%p endif %}")


def obligations(r: Redacteur):
    r.titre_article("Engagements du bailleur")
    engagements = [
        "louer les logements nus, à titre de résidence principale, par un bail conforme à la présente convention ;",
        "maintenir les logements et leurs annexes en bon état d'entretien et d'habitabilité ;",
        "informer chaque locataire de l'existence de la convention et de son droit à l'aide personnalisée au "
        "logement, et lui en remettre un extrait ;",
        "transmettre chaque année à l'administration les informations relatives à l'occupation des logements "
        "et aux loyers pratiqués ;",
    ]
    if r.modele == SEM:
        engagements.append(
            "tenir une comptabilité distincte pour les logements conventionnés, conformément à ses statuts ;"
        )
    if r.modele in (TYPE1, TYPE2):
        engagements.append(
            "faire publier la présente convention au service de la publicité foncière, à ses frais, et en "
            "communiquer les références à l'administration ;"
        )
    r.justifie("Pendant toute la durée de la convention, le bailleur s'engage à :")
    for texte in engagements:
        r.justifie(f"– {texte}")
    r.titre_article("Manquements et résiliation")
    r.justifie(
        "Si le bailleur ne respecte pas ses engagements, l'administration le met en demeure de s'y conformer. "
        "À défaut, elle peut appliquer les sanctions prévues par le code de la construction et de l'habitation "
        "et, le cas échéant, résilier la présente convention."
    )


def signatures(r: Redacteur):
    r.p("")
    r.justifie(
        "Fait à {% if administration.ville_signature %}{{ administration.ville_signature }}{% else %}"
        "………………{% endif %}, le ………………, en {{ administration.nb_convention_exemplaires }} exemplaires "
        "originaux."
    )
    table = r.doc.add_table(rows=1, cols=2)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    _largeurs(table, [8.7, 8.7])
    gauche, droite = table.rows[0].cells
    _ecrire(gauche, "Pour l'État,", "Normal")
    gauche.add_paragraph(
        "{% if administration.signataire_bloc_signature %}{{ administration.signataire_bloc_signature }}"
        "{% else %}{{ administration.nom }}{% endif %}"
    )
    _ecrire(droite, "Pour le bailleur,", "Normal")
    droite.add_paragraph(
        "{% if bailleur.signataire_bloc_signature %}{{ bailleur.signataire_bloc_signature }}{% else %}"
        "{{ bailleur.signataire_nom }}{% if bailleur.signataire_fonction %}, {{ bailleur.signataire_fonction }}"
        "{% endif %}{% endif %}"
    )


def construire(modele: str) -> Redacteur:
    r = Redacteur(modele)
    en_tete(r)
    parties(r)
    objet(r)
    if modele == TYPE2:
        type2_categories(r)
    propriete(r)
    edd(r)
    financement(r)
    duree(r)
    logements(r)
    annexes(r)
    attribution(r)
    obligations(r)
    signatures(r)
    return r


def main(dossier: Path = DOSSIER_MODELES) -> list[Path]:
    dossier.mkdir(parents=True, exist_ok=True)
    chemins = []
    for modele in (HLM, SEM, TYPE1, TYPE2):
        chemin = dossier / f"{modele}.docx"
        construire(modele).save(chemin)
        chemins.append(chemin)
    return chemins


if __name__ == "__main__":
    for chemin in main(Path(sys.argv[1]) if len(sys.argv) > 1 else DOSSIER_MODELES):
        print(chemin)
