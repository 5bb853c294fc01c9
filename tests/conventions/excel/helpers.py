"""Workbooks built by the tests, with the reference's headers written literally (not read from our specs)."""

import io
import re
import zipfile

from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

# Reference §3.1 (2022 templates) and §3.3 (2026 changes), exact text.
HEADERS_OLD = {
    "cadastre": ("Références Cadastrales", ["Section", "Numéro", "Lieudit", "Surface"], 3),
    "edd": ("EDD Simplifié", ["Financement", "Désignation des logements", "Numéro de lot des logements"], 3),
    "financement": (
        "Financements",
        [
            "Numéro\n(caractères alphanuméric)",
            "Date d'octroi\n(format dd/mm/yyyy)",
            "Durée\n(en années)",
            "Montant\n(en €)",
            "Prêteur\n(choisir dans la liste déroulante)",
            "Préciser l'identité du préteur si vous avez sélectionné 'Autre'",
        ],
        3,
    ),
    "logements": (
        "Logements",
        [
            "Désignation des logements",
            "Type",
            "Surface habitable\n(article R.111-2)",
            "Surface des annexes\nRéelle",
            "Surface des annexes\nRetenue dans la SU",
            "Surface utile\n(surface habitable augmentée de 50% de la surface des annexes)",
            "Loyer maximum en € par m² de surface utile",
            "Coefficient propre au logement",
            "Loyer maximum du logement en €\n(col 4 * col 5 * col 6)",
        ],
        4,
    ),
    "annexes": (
        "Annexes",
        [
            "Type d'annexe",
            "Désignation des logements",
            "Typologie des logements",
            "Surface de l'annexe",
            "Loyer unitaire en €",
            "Loyer maximum en €",
        ],
        3,
    ),
    "stationnements": (
        "Stationnements",
        ["Type de stationnement", "Nombre de stationnements", "Loyer maximum en €"],
        3,
    ),
}

HEADERS_HEAD = {
    **HEADERS_OLD,
    "cadastre": ("Références Cadastrales", ["Section", "Numéro", "Lieudit", "Surface", "Autre"], 3),
    "financement": (
        "Financements",
        [
            "Numéro\n(caractères alphanuméric)",
            "Date d'octroi\n(format dd/mm/yyyy)",
            "Durée\n(en années)",
            "Montant\n(en €)",
            "Organisme financeur\n(choisir dans la liste déroulante)",
            "Préciser l'identité de l'organisme financeur si vous avez sélectionné 'Autre'",
        ],
        3,
    ),
    "logements": (
        "Logements",
        [
            "Désignation des logements",
            "Type",
            "Surface habitable\n(article R.156-1)",
            "Surface des annexes\nRéelle",
            "Surface des annexes\nRetenue dans la SU",
            "Surface utile\n(surface habitable augmentée de 50% de la surface des annexes)",
            "Loyer maximum en € par m² de surface utile",
            "Coefficient propre au logement",
            "Loyer maximum du logement en €\n(col 5 * col 6 * col 7)",
        ],
        4,
    ),
}


# Reference §13.8, the four dwelling tables of ordinary housing @HEAD, exact text (with the Financement column of
# mixed conventions): sheet, headers, first data row.
_SU_HEAD = [
    "Désignation des logements",
    "Type",
    "Financement",
    "Surface habitable\n(article R.156-1)",
    "Surface des annexes\nRéelle",
    "Surface des annexes\nRetenue dans la SU",
    "Surface utile\n(surface habitable augmentée de 50% de la surface des annexes)",
]
HEADERS_13_8 = {
    "logements": (
        "Logements",
        [
            *_SU_HEAD,
            "Loyer maximum en € par m² de surface utile",
            "Coefficient propre au logement",
            "Loyer maximum du logement en €\n(col 5 * col 6 * col 7)",
        ],
        4,
    ),
    "logements_sans_loyer": ("Logements", _SU_HEAD, 4),
    "logements_corrigee": (
        "Logements",
        [
            "Désignation des logements",
            "Type",
            "Financement",
            "Surface habitable\n(article R.156-1)",
            "Surface corrigée",
            "Loyer maximum en € par m² de surface corrigée",
            "Coefficient propre au logement",
            "Loyer maximum du logement en €\n(col 4 * col 5 * col 6)",
        ],
        4,
    ),
    "logements_corrigee_sans_loyer": (
        "Logements",
        [
            "Désignation des logements",
            "Type",
            "Financement",
            "Surface habitable\n(article R.156-1)",
            "Surface corrigée",
        ],
        4,
    ),
}


def workbook(
    sheet: str,
    headers: list,
    rows: list[list],
    *,
    start: int | None = None,
    data_e2=None,
    extra_sheets: tuple[str, ...] = (),
) -> Workbook:
    """A workbook whose sheet `sheet` has `headers` in row 1 and `rows` from row `start` (hints above)."""
    wb = Workbook()
    ws = wb.active
    ws.title = sheet
    for index, header in enumerate(headers, start=1):
        ws.cell(row=1, column=index, value=header)
    start = start or 3
    for offset, values in enumerate(rows):
        for index, value in enumerate(values, start=1):
            if value is not None:
                ws.cell(row=start + offset, column=index, value=value)
    if data_e2 is not None:
        wb.create_sheet("Data")["E2"] = data_e2
    for name in extra_sheets:
        wb.create_sheet(name)
    return wb


def to_bytes(wb: Workbook) -> bytes:
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def upload(content, name: str = "fichier.xlsx") -> SimpleUploadedFile:
    if isinstance(content, Workbook):
        content = to_bytes(content)
    return SimpleUploadedFile(name, content, content_type="application/octet-stream")


def table_file(table: str, rows: list[list], *, variant: str = "head", **kwargs) -> SimpleUploadedFile:
    sheet, headers, start = (HEADERS_HEAD if variant == "head" else HEADERS_OLD)[table]
    kwargs.setdefault("start", start)
    return upload(workbook(sheet, headers, rows, **kwargs))


def rewrite_sheet_xml(data: bytes, transform, member: str = "xl/worksheets/sheet1.xml") -> bytes:
    """A copy of the .xlsx archive with one member's XML transformed (to add cached formula results…)."""
    source = zipfile.ZipFile(io.BytesIO(data))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            content = source.read(item.filename)
            if item.filename == member:
                content = transform(content.decode()).encode()
            target.writestr(item, content)
    return buffer.getvalue()


def set_cached_value(data: bytes, coordinate: str, value: str, *, error: bool = False) -> bytes:
    """Give the formula cell `coordinate` a cached result, as a spreadsheet program saves it."""

    def transform(xml: str) -> str:
        pattern = re.compile(rf'<c r="{coordinate}"([^>]*)><f>(.*?)</f><v\s*/?>(</v>)?</c>')
        match = pattern.search(xml)
        assert match, f"no formula cell {coordinate}"
        attributes = re.sub(r'\s*t="[^"]*"', "", match.group(1))
        kind = ' t="e"' if error else (' t="str"' if not re.fullmatch(r"-?[\d.]+", value) else "")
        return xml.replace(
            match.group(0), f'<c r="{coordinate}"{attributes}{kind}><f>{match.group(2)}</f><v>{value}</v></c>'
        )

    return rewrite_sheet_xml(data, transform)
