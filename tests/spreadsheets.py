"""Reading exported spreadsheets in tests, as a spreadsheet application reads them.

The XLSX is read from the sheet's XML, where a text cell is ``t="s"`` (shared string) or
``t="inlineStr"`` and a formula would be an ``<f>`` child. That needs no reader library
(openpyxl has not released in over two years).
"""

import csv
import io
import re
import zipfile
from xml.etree import ElementTree

SHEET = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"


def csv_rows(response) -> list[list[str]]:
    content = response.content
    assert content.startswith("\ufeff".encode())  # the BOM Excel needs for UTF-8
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig"), newline="")))


def column_index(reference: str) -> int:
    letters = re.match(r"[A-Z]+", reference).group()
    index = 0
    for letter in letters:
        index = index * 26 + ord(letter) - ord("A") + 1
    return index - 1


def ooxml_unescape(text: str) -> str:
    # Characters XML cannot hold (a carriage return, control characters) are written _xHHHH_.
    return re.sub(r"_x([0-9A-Fa-f]{4})_", lambda match: chr(int(match.group(1), 16)), text)


def xlsx_cells(content: bytes) -> list[list[dict | None]]:
    """The first sheet as rows of cells: {"type", "text", "formula"} (None where empty)."""
    archive = zipfile.ZipFile(io.BytesIO(content))
    shared = []
    if "xl/sharedStrings.xml" in archive.namelist():
        # Our own file, just written: no untrusted XML here.
        strings = ElementTree.fromstring(archive.read("xl/sharedStrings.xml"))  # noqa: S314
        shared = ["".join(t.text or "" for t in si.iter(SHEET + "t")) for si in strings]
    sheet = ElementTree.fromstring(archive.read("xl/worksheets/sheet1.xml"))  # noqa: S314
    rows = []
    for row in sheet.iter(SHEET + "row"):
        cells: list[dict | None] = []
        for cell in row.iter(SHEET + "c"):
            position = column_index(cell.get("r"))
            cells.extend([None] * (position + 1 - len(cells)))
            kind = cell.get("t")
            value = cell.find(SHEET + "v")
            if kind == "s":
                text = shared[int(value.text)]
            elif kind == "inlineStr":
                text = "".join(t.text or "" for t in cell.iter(SHEET + "t"))
            else:
                text = value.text if value is not None else None
            cells[position] = {
                "type": kind,
                "text": ooxml_unescape(text) if kind in {"s", "inlineStr"} else text,
                "formula": cell.find(SHEET + "f") is not None,
            }
        rows.append(cells)
    return rows


def xlsx_texts(content: bytes) -> list[list[str | None]]:
    return [[cell and cell["text"] for cell in row] for row in xlsx_cells(content)]
