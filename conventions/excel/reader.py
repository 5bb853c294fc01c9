"""Opening an uploaded spreadsheet safely: size, format, password, archive checks, then streamed reading.

Everything that makes a file unusable raises FileRefused with a French message for the user; the workbook is
always opened in read-only (streaming) mode so that a huge sheet is never loaded in memory."""

import io
import zipfile
from xml.parsers import expat

from django.conf import settings

from conventions.excel.convert import normalize
from conventions.excel.streaming import SheetTooWide, StreamedExcelReader, scan_sheet_width

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ENCRYPTED_MARKERS = ("EncryptedPackage".encode("utf-16-le"), "EncryptionInfo".encode("utf-16-le"))
# An .xlsx compresses its XML about ten times; far beyond that, the archive is refused before parsing.
UNCOMPRESSED_RATIO = 10
UNCOMPRESSED_FLOOR_MB = 50
DEFAULT_ROW_SETTING = "E2"
MAX_COLUMNS = 16_384  # Excel's own limit (column XFD): a wider sheet was not written by a spreadsheet


class FileRefused(Exception):
    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def max_size_bytes() -> int:
    return int(getattr(settings, "EXCEL_IMPORT_MAX_SIZE_MB", 10) * 1024 * 1024)


def max_rows() -> int:
    return int(getattr(settings, "EXCEL_IMPORT_MAX_ROWS", 5000))


def format_size(size: float) -> str:
    """1536 → "1,5 Ko", 10485760 → "10 Mo" (French decimal comma)."""
    value, unit = (size / 1024 / 1024, "Mo") if size >= 1024 * 1024 else (size / 1024, "Ko")
    text = f"{value:.1f}".replace(".", ",")
    return f"{text.removesuffix(',0')} {unit}"


def format_count(number: int) -> str:
    """16384 → "16 384" (French thousands separator, a narrow no-break space)."""
    return f"{number:,}".replace(",", "\u202f")


def read_upload(uploaded_file) -> bytes:
    """The uploaded bytes, refusing an empty or too large file before reading it entirely."""
    limit = max_size_bytes()
    size = getattr(uploaded_file, "size", None)
    if size is not None and size > limit:
        raise FileRefused(
            f"Le fichier pèse {format_size(size)}, au-delà de la limite de {format_size(limit)}. "
            "Supprimez les feuilles ou les lignes inutiles, ou découpez-le."
        )
    if hasattr(uploaded_file, "seek"):
        uploaded_file.seek(0)
    data = uploaded_file.read(limit + 1)
    if len(data) > limit:
        raise FileRefused(f"Le fichier dépasse la limite de {format_size(limit)}.")
    if not data:
        raise FileRefused("Le fichier est vide.")
    return data


def check_container(data: bytes) -> None:
    """Refuse what is not a readable .xlsx archive, with the most likely reason."""
    if data.startswith(OLE_MAGIC):
        head = data[: 2 * 1024 * 1024]
        if any(marker in head for marker in ENCRYPTED_MARKERS):
            raise FileRefused(
                "Le fichier est protégé par un mot de passe. Enregistrez-en une copie sans mot de passe, "
                "puis téléversez-la."
            )
        raise FileRefused(
            "Le fichier est au format Excel 97-2003 (.xls). Enregistrez-le au format « Classeur Excel (.xlsx) », "
            "puis téléversez-le."
        )
    if not zipfile.is_zipfile(io.BytesIO(data)):
        raise FileRefused("Le fichier n'est pas un classeur Excel : seul le format .xlsx est accepté.")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as exc:
        raise FileRefused("Le fichier est endommagé : l'archive .xlsx ne peut pas être lue.") from exc
    names = {member.filename for member in members}
    if any(member.flag_bits & 0x1 for member in members):
        raise FileRefused("Le fichier est protégé par un mot de passe. Enregistrez-en une copie sans mot de passe.")
    if "xl/workbook.xml" not in names:
        if "content.xml" in names or "mimetype" in names:
            raise FileRefused(
                "Le fichier est au format OpenDocument (.ods). Enregistrez-le au format .xlsx, puis téléversez-le."
            )
        raise FileRefused("Le fichier est une archive mais pas un classeur Excel .xlsx.")
    limit = max(max_size_bytes() * UNCOMPRESSED_RATIO, UNCOMPRESSED_FLOOR_MB * 1024 * 1024)
    if sum(member.file_size for member in members) > limit:
        raise FileRefused(
            "Le contenu du fichier est anormalement volumineux une fois décompressé. "
            "Supprimez les feuilles ou les lignes inutiles, ou découpez-le."
        )


def open_workbook(data: bytes, *, data_only: bool = True):
    """The workbook in streaming (read-only) mode; the caller closes it."""
    try:
        reader = StreamedExcelReader(io.BytesIO(data), read_only=True, data_only=data_only, keep_links=False)
        reader.read()
        return reader.wb
    except Exception as exc:  # openpyxl raises many types (KeyError, XML errors…) for a damaged archive
        raise FileRefused(
            "Le fichier est endommagé ou n'est pas un classeur Excel valide : il n'a pas pu être ouvert. "
            "Ouvrez-le dans votre tableur et enregistrez-le à nouveau au format .xlsx."
        ) from exc


def find_sheet(workbook, name: str):
    """The sheet named `name`, tolerating case, accents and spaces."""
    if name in workbook.sheetnames:
        return workbook[name]
    wanted = normalize(name)
    for sheetname in workbook.sheetnames:
        if normalize(sheetname) == wanted:
            return workbook[sheetname]
    return None


def first_data_row(workbook, default: int) -> tuple[int, str | None]:
    """The first data row written in Data!E2 by the templates, else `default` (with a warning if unusable)."""
    sheet = find_sheet(workbook, "Data")
    if sheet is None:
        return default, None
    values = next(sheet.iter_rows(min_row=2, max_row=2, min_col=5, max_col=5, values_only=True), (None,))
    value = values[0] if values else None
    if value is None or (isinstance(value, str) and not value.strip()):
        return default, None
    try:
        row = int(str(value).strip().split(".")[0]) if not isinstance(value, int | float) else int(value)
    except ValueError:
        row = 0
    if isinstance(value, bool) or not 2 <= row <= 1000:
        return default, (
            f"Data!E2 : la valeur « {value} » n'est pas un numéro de ligne valide ; "
            f"les données sont lues à partir de la ligne {default}."
        )
    return row, None


def check_sheet_width(sheet, *, rows: int) -> None:
    """Refuse a sheet with a cell beyond Excel's last column among its first `rows` rows, before reading it."""
    try:
        with sheet._get_source() as source:
            scan_sheet_width(source, max_columns=MAX_COLUMNS, max_rows=rows)
    except SheetTooWide as exc:
        raise FileRefused(
            f"La feuille « {sheet.title} » a des cellules au-delà de la colonne {format_count(MAX_COLUMNS)} "
            f"(ligne {exc.row}), le maximum d'Excel : le fichier n'a pas été écrit par un tableur. "
            "Partez du modèle à télécharger et recopiez-y vos données."
        ) from exc
    except expat.ExpatError as exc:
        raise FileRefused(
            f"Le fichier est endommagé : la feuille « {sheet.title} » est illisible. Ouvrez-le dans votre tableur "
            "et enregistrez-le à nouveau au format .xlsx."
        ) from exc
