"""Drill: malformed uploads beyond the test corpus — refused in bounded time and memory, with a French message.

    DJANGO_SETTINGS_MODULE=apilos.settings_test python bench/uploads.py [--max-rss-mb 300] [--max-seconds 10]

Builds, compactly (a zip bomb is small), a zip-bomb .xlsx (1 GiB of sheet XML declared honestly), a zip bomb that
lies about its sizes, a 100,000-row sheet, a 50 MB file, a sheet of 200,000 columns (header row and data row).
Each file is imported in a fresh process, as the web request does (files over 5 MB arrive as a temporary file on
disk): `conventions.excel.imports.import_table()`. Prints, per file, its size, the time, the peak RSS of that
process and the message given. Exit status 1 when a file is accepted, has no French message, or exceeds a bound.
"""

import argparse
import io
import os
import struct
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHEET = "xl/worksheets/sheet1.xml"
SHEET_HEAD = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
)
SHEET_TAIL = "</sheetData></worksheet>"


def _setup_django():
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "apilos.settings_test")
    import django

    django.setup()


def _cell(value) -> str:
    if isinstance(value, str):
        text = value.replace("&", "&amp;").replace("<", "&lt;")
        return f'<c t="inlineStr"><is><t>{text}</t></is></c>'
    return f"<c><v>{value}</v></c>"


def _row(number: int, values) -> str:
    return f'<row r="{number}">{"".join(_cell(v) for v in values)}</row>'


def logements_headers() -> list[str]:
    from conventions.excel.tables import TABLES

    return [column.header for column in TABLES["logements"].stored_columns]  # without the optional Financement


LOGEMENT = ["A101", "T3", 60, 10, 5, 65, 6.5, 1, 422.5]


def base_xlsx() -> bytes:
    """A one-sheet "Logements" workbook (headers row 1, data from row 4) written by openpyxl."""
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Logements"
    for column, header in enumerate(logements_headers(), start=1):
        sheet.cell(row=1, column=column, value=header)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def with_sheet(chunks, *, extra: dict[str, bytes] | None = None) -> bytes:
    """base_xlsx() whose sheet XML is streamed from `chunks` (bytes), plus `extra` members (stored)."""
    source = zipfile.ZipFile(io.BytesIO(base_xlsx()))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as target:
        for info in source.infolist():
            if info.filename != SHEET:
                target.writestr(info.filename, source.read(info.filename))
        with target.open(SHEET, "w", force_zip64=True) as sheet:
            for chunk in chunks:
                sheet.write(chunk)
        for name, content in (extra or {}).items():
            target.writestr(zipfile.ZipInfo(name), content, compress_type=zipfile.ZIP_STORED)
    return buffer.getvalue()


def header_chunk() -> bytes:
    return (SHEET_HEAD + _row(1, logements_headers())).encode()


def zip_bomb(uncompressed_mib: int = 1024) -> bytes:
    """1 GiB of valid sheet rows (a few hundred KB compressed); the archive declares its true sizes."""
    block = ("<row>" + "".join(_cell(v) for v in LOGEMENT) + "</row>").encode()
    mib = block * (1024 * 1024 // len(block))

    def chunks():
        yield header_chunk()
        for _ in range(uncompressed_mib):
            yield mib
        yield SHEET_TAIL.encode()

    return with_sheet(chunks())


def lying_zip_bomb(uncompressed_mib: int = 256) -> bytes:
    """The same bomb (256 MiB), whose central directory claims the sheet is 200 KB once decompressed."""
    data = bytearray(zip_bomb(uncompressed_mib))
    claimed = 200 * 1024
    position = data.find(b"PK\x01\x02")
    while position != -1:
        name_length, extra_length = struct.unpack_from("<HH", data, position + 28)
        name = bytes(data[position + 46 : position + 46 + name_length]).decode()
        if name == SHEET:
            struct.pack_into("<I", data, position + 24, claimed)  # uncompressed size (32 bits)
            extra = position + 46 + name_length
            end = extra + extra_length
            while extra + 4 <= end:  # the ZIP64 extra field holds the real sizes: lie there too
                tag, size = struct.unpack_from("<HH", data, extra)
                if tag == 0x0001 and size >= 8:
                    struct.pack_into("<Q", data, extra + 4, claimed)
                extra += 4 + size
        position = data.find(b"PK\x01\x02", position + 4)
    return bytes(data)


def hundred_thousand_rows() -> bytes:
    def chunks():
        yield header_chunk()
        batch = []
        for number in range(4, 100_004):
            batch.append(_row(number, [f"L{number}", *LOGEMENT[1:]]))
            if len(batch) == 5000:
                yield "".join(batch).encode()
                batch = []
        yield ("".join(batch) + SHEET_TAIL).encode()

    return with_sheet(chunks())


def fifty_megabytes() -> bytes:
    """A valid workbook carrying 50 MB of incompressible media."""
    return with_sheet(
        iter([header_chunk(), (_row(4, LOGEMENT) + SHEET_TAIL).encode()]),
        extra={"xl/media/image1.png": os.urandom(50 * 1024 * 1024)},
    )


def wide_data_row(columns: int = 200_000) -> bytes:
    cells = "".join(f"<c><v>{n}</v></c>" for n in range(columns))
    return with_sheet(iter([header_chunk(), f'<row r="4">{cells}</row>{SHEET_TAIL}'.encode()]))


def wide_header_row(columns: int = 200_000) -> bytes:
    headers = [*logements_headers(), *(f"Colonne {n}" for n in range(columns - 9))]
    return with_sheet(iter([(SHEET_HEAD + _row(1, headers) + _row(4, LOGEMENT) + SHEET_TAIL).encode()]))


FILES = {
    "zip bomb (1 Gio déclaré)": zip_bomb,
    "zip bomb menteuse (256 Mio, 200 Ko déclarés)": lying_zip_bomb,
    "100 000 lignes": hundred_thousand_rows,
    "50 Mo": fifty_megabytes,
    "200 000 colonnes (ligne de données)": wide_data_row,
    "200 000 colonnes (en-têtes)": wide_header_row,
}


def import_file(path: str) -> list[str]:
    """What the step view does with an upload over 5 MB (a temporary file on disk): the import's errors."""
    from django.core.files.uploadedfile import TemporaryUploadedFile

    from conventions.excel.imports import import_table

    size = os.path.getsize(path)
    upload = TemporaryUploadedFile("logements.xlsx", "application/octet-stream", size, None)
    with open(path, "rb") as source:
        while chunk := source.read(1024 * 1024):
            upload.write(chunk)
    upload.seek(0)
    result = import_table("logements", upload, convention=None)
    upload.close()
    return result.errors


def run_child(path: str | None) -> tuple[float, float, str]:
    """(seconds, peak RSS in MB, first error) of one import in a fresh process (None: Django set up only)."""
    started = time.perf_counter()
    process = subprocess.Popen(
        [sys.executable, __file__, "--child", path or ""], stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    out, err = process.communicate()
    elapsed = time.perf_counter() - started
    lines = out.decode().splitlines()
    peak_kb = next((int(line.split()[1]) for line in lines if line.startswith("PEAK_KB: ")), 0)
    output = next((line.removeprefix("MESSAGE: ") for line in reversed(lines) if line.startswith("MESSAGE: ")), "")
    if process.returncode != 0:
        output = f"ÉCHEC du processus ({process.returncode}) : {err.decode()[-500:]}"
    return elapsed, peak_kb / 1024, output


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--max-rss-mb", type=float, default=300)
    parser.add_argument("--max-seconds", type=float, default=10)
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args()
    _setup_django()
    if args.child is not None:
        errors = import_file(args.child) if args.child else ["(référence)"]
        # VmHWM: the peak of this process only (ru_maxrss would include the parent's size before exec).
        status = Path("/proc/self/status").read_text()
        peak_kb = int(next(line.split()[1] for line in status.splitlines() if line.startswith("VmHWM:")))
        print("PEAK_KB:", peak_kb)
        print("MESSAGE:", errors[0] if errors else "ACCEPTÉ")
        return 0

    failures = 0
    with tempfile.TemporaryDirectory(prefix="apilos-uploads-") as directory:
        base_seconds, base_rss, _ = run_child(None)
        print(f"Processus de référence (Django chargé, aucun import) : {base_seconds:.1f} s, RSS max {base_rss:.0f} Mo")
        print(f"{'fichier':<46} {'taille':>10} {'durée':>8} {'RSS max':>9}  message")
        for name, build in FILES.items():
            path = Path(directory) / "fichier.xlsx"
            built = time.perf_counter()
            path.write_bytes(build())
            built = time.perf_counter() - built
            seconds, rss, message = run_child(str(path))
            size = path.stat().st_size / 1024 / 1024
            ok = message != "ACCEPTÉ" and not message.startswith("ÉCHEC") and rss < args.max_rss_mb
            ok = ok and seconds < args.max_seconds
            failures += not ok
            print(
                f"{name:<46} {size:>7.1f} Mo {seconds:>6.1f} s {rss:>6.0f} Mo  {'' if ok else 'KO '}{message}"
                f"  (construit en {built:.1f} s)"
            )
    print(f"Bornes : < {args.max_rss_mb:.0f} Mo de RSS, < {args.max_seconds:.0f} s par fichier (démarrage compris).")
    print("Résultat :", "OK" if not failures else f"{failures} fichier(s) hors bornes")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
