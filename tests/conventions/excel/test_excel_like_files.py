"""Files as Excel writes them (shared strings, rich text, date styles, no <dimension>), built from raw XML."""

import datetime
import io
import zipfile
from decimal import Decimal

from conventions.excel.imports import import_table
from tests.conventions.excel.helpers import upload

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG = "http://schemas.openxmlformats.org/package/2006/relationships"

OOXML = "application/vnd.openxmlformats-officedocument.spreadsheetml"
CONTENT_TYPES = f"""<?xml version="1.0" encoding="UTF-8"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">
<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>
<Default Extension="xml" ContentType="application/xml"/>
<Override PartName="/xl/workbook.xml" ContentType="{OOXML}.sheet.main+xml"/>
<Override PartName="/xl/worksheets/sheet1.xml" ContentType="{OOXML}.worksheet+xml"/>
<Override PartName="/xl/sharedStrings.xml" ContentType="{OOXML}.sharedStrings+xml"/>
<Override PartName="/xl/styles.xml" ContentType="{OOXML}.styles+xml"/>
</Types>"""

ROOT_RELS = f"""<?xml version="1.0" encoding="UTF-8"?>
<Relationships xmlns="{PKG}">
<Relationship Id="rId1" Type="{REL}/officeDocument" Target="xl/workbook.xml"/>
</Relationships>"""

WORKBOOK = f"""<?xml version="1.0" encoding="UTF-8"?>
<workbook xmlns="{MAIN}" xmlns:r="{REL}">
<sheets><sheet name="Financements" sheetId="1" r:id="rId1"/></sheets>
</workbook>"""

WORKBOOK_RELS = f"""<?xml version="1.0" encoding="UTF-8"?>
<Relationships xmlns="{PKG}">
<Relationship Id="rId1" Type="{REL}/worksheet" Target="worksheets/sheet1.xml"/>
<Relationship Id="rId2" Type="{REL}/sharedStrings" Target="sharedStrings.xml"/>
<Relationship Id="rId3" Type="{REL}/styles" Target="styles.xml"/>
</Relationships>"""

# Style 1 = built-in date format 14 (as Excel stores a date typed as 01/03/2026).
STYLES = f"""<?xml version="1.0" encoding="UTF-8"?>
<styleSheet xmlns="{MAIN}"><fonts count="1"><font/></fonts>
<fills count="1"><fill><patternFill patternType="none"/></fill></fills>
<borders count="1"><border/></borders><cellStyleXfs count="1"><xf/></cellStyleXfs>
<cellXfs count="2"><xf numFmtId="0"/><xf numFmtId="14" applyNumberFormat="1"/></cellXfs></styleSheet>"""

HEADERS = [
    "Numéro\n(caractères alphanuméric)",
    "Date d'octroi\n(format dd/mm/yyyy)",
    "Durée\n(en années)",
    "Montant\n(en €)",
    "Organisme financeur\n(choisir dans la liste déroulante)",
    "Préciser l'identité de l'organisme financeur si vous avez sélectionné 'Autre'",
]


def shared_strings() -> str:
    items = [f'<si><t xml:space="preserve">{h}</t></si>' for h in HEADERS]
    items.append("<si><r><t>PRÊT-</t></r><r><rPr><b/></rPr><t>42</t></r></si>")  # rich text, 6
    items.append('<si><t>CDC pour le foncier</t><rPh sb="0" eb="1"><t>ignored</t></rPh></si>')  # 7
    items.append("<si><t>Autre</t></si>")  # 8
    items.append("<si><t>Fondation &amp; Co</t></si>")  # 9
    return f'<?xml version="1.0" encoding="UTF-8"?><sst xmlns="{MAIN}">{"".join(items)}</sst>'


def sheet() -> str:
    header = "".join(f'<c r="{c}1" t="s"><v>{i}</v></c>' for i, c in enumerate("ABCDEF"))
    rows = [
        f'<row r="1">{header}</row>',
        '<row r="3"><c r="A3" t="s"><v>6</v></c><c r="B3" s="1"><v>46082</v></c><c r="C3"><v>40</v></c>'
        '<c r="D3"><v>1500000.5</v></c><c r="E3" t="s"><v>7</v></c></row>',
        # row 4 empty on purpose (missing from the XML), then a row without cell references
        '<row r="5"><c t="str"><v>P-2</v></c><c t="inlineStr"><is><t>15/06/2025</t></is></c><c><v>25</v></c>'
        '<c><v>1000</v></c><c t="s"><v>8</v></c><c t="s"><v>9</v></c></row>',
    ]
    data = "".join(rows)
    return f'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="{MAIN}"><sheetData>{data}</sheetData></worksheet>'


def excel_like_file() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", CONTENT_TYPES)
        archive.writestr("_rels/.rels", ROOT_RELS)
        archive.writestr("xl/workbook.xml", WORKBOOK)
        archive.writestr("xl/_rels/workbook.xml.rels", WORKBOOK_RELS)
        archive.writestr("xl/styles.xml", STYLES)
        archive.writestr("xl/sharedStrings.xml", shared_strings())
        archive.writestr("xl/worksheets/sheet1.xml", sheet())
    return buffer.getvalue()


def test_excel_like_file_with_shared_strings_rich_text_and_date_style():
    result = import_table("financement", upload(excel_like_file()), convention=None)
    assert result.ok, result.errors
    assert result.warnings == []
    assert result.rows == [
        {
            "numero": "PRÊT-42",
            "date_octroi": datetime.date(2026, 3, 1),
            "duree": 40,
            "montant": Decimal("1500000.50"),
            "preteur": "CDCF",
            "autre": "",
            "uuid": "",
        },
        {
            "numero": "P-2",
            "date_octroi": datetime.date(2025, 6, 15),
            "duree": 25,
            "montant": Decimal("1000.00"),
            "preteur": "AUTRE",
            "autre": "Fondation & Co",
            "uuid": "",
        },
    ]
