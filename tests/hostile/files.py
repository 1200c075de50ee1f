"""Hostile upload files, built by the tests themselves: .xlsx zips written part by part with zipfile
(so a part can say anything: a far-away cell, a false dimension, an error cell, a DOCTYPE after 4 KB)
and CSV bytes with odd line endings, long cells and many columns.

Nothing here is kept on disk in the repository; every test builds the bytes it needs.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterable, Sequence
from typing import Any
from xml.sax.saxutils import escape

MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"

CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    '</Types>')
ROOT_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
    'officeDocument" Target="xl/workbook.xml"/></Relationships>')
WORKBOOK_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
    'worksheet" Target="worksheets/sheet1.xml"/></Relationships>')


def workbook_xml(sheet_name: str = "Sheet1") -> str:
    return ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            f'<workbook xmlns="{MAIN_NS}" xmlns:r="{REL_NS}"><sheets>'
            f'<sheet name="{escape(sheet_name)}" sheetId="1" r:id="rId1"/></sheets></workbook>')


def col_letters(index: int) -> str:
    """0 -> A, 25 -> Z, 26 -> AA, 16383 -> XFD."""
    out = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        out = chr(65 + rem) + out
    return out


def cell_xml(ref: str, value: Any) -> str:
    """One <c>: numbers as numbers, True/False as booleans, ("error", "#DIV/0!") as an error cell, text inline."""
    if isinstance(value, tuple) and value[0] == "error":
        return f'<c r="{ref}" t="e"><v>{escape(value[1])}</v></c>'
    if isinstance(value, tuple) and value[0] == "raw":  # the <v> text exactly as given (e.g. "1e309")
        return f'<c r="{ref}"><v>{escape(value[1])}</v></c>'
    if isinstance(value, bool):
        return f'<c r="{ref}" t="b"><v>{int(value)}</v></c>'
    if isinstance(value, (int, float)):
        return f'<c r="{ref}"><v>{value!r}</v></c>'
    return f'<c r="{ref}" t="inlineStr"><is><t xml:space="preserve">{escape(str(value))}</t></is></c>'


def sheet_xml(rows: Sequence[Sequence[Any]], dimension: str | None = None, extra_cells: Iterable[tuple[str, Any]] = (),
              prologue: str = "", padding: int = 0) -> str:
    """A worksheet part: rows from A1, then extra cells anywhere (e.g. ("XFD20000", 1)).

    dimension: the <dimension ref> to declare (none when None); prologue: text put before <worksheet>
    (a DOCTYPE, say); padding: that many bytes of XML comment before <sheetData>.
    """
    body = []
    for r, row in enumerate(rows, start=1):
        cells = "".join(cell_xml(f"{col_letters(c)}{r}", v) for c, v in enumerate(row) if v is not None)
        body.append(f'<row r="{r}">{cells}</row>')
    for ref, value in extra_cells:
        digits = "".join(ch for ch in ref if ch.isdigit())
        body.append(f'<row r="{digits}">{cell_xml(ref, value)}</row>')
    dim = f'<dimension ref="{dimension}"/>' if dimension else ""
    pad = f"<!--{'x' * padding}-->" if padding else ""
    return ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' + prologue +
            f'<worksheet xmlns="{MAIN_NS}" xmlns:r="{REL_NS}">{dim}{pad}<sheetData>' + "".join(body) +
            "</sheetData></worksheet>")


def xlsx_parts(sheet: str, sheet_name: str = "Sheet1", extra: dict[str, bytes] | None = None) -> dict[str, bytes]:
    parts = {
        "[Content_Types].xml": CONTENT_TYPES.encode(),
        "_rels/.rels": ROOT_RELS.encode(),
        "xl/workbook.xml": workbook_xml(sheet_name).encode(),
        "xl/_rels/workbook.xml.rels": WORKBOOK_RELS.encode(),
        "xl/worksheets/sheet1.xml": sheet.encode(),
    }
    parts.update(extra or {})
    return parts


def zip_parts(parts: dict[str, bytes] | Sequence[tuple[str, bytes]], level: int = 9) -> bytes:
    """A zip (an .xlsx) of these parts in this order, deflated."""
    buf = io.BytesIO()
    items = parts.items() if isinstance(parts, dict) else parts
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED, compresslevel=level) as zf:
        for name, data in items:
            zf.writestr(name, data)
    return buf.getvalue()


def xlsx(rows: Sequence[Sequence[Any]], sheet_name: str = "Sheet1", **sheet_kw: Any) -> bytes:
    """A one-sheet workbook of these rows (header first), written by hand."""
    return zip_parts(xlsx_parts(sheet_xml(rows, **sheet_kw), sheet_name))


def csv_bytes(rows: Sequence[Sequence[Any]], newline: str = "\n", encoding: str = "utf-8") -> bytes:
    """CSV with the given line ending; cells holding a comma, quote or line break are quoted."""
    def cell(v: Any) -> str:
        s = "" if v is None else str(v)
        if any(ch in s for ch in ',"\r\n'):
            s = '"' + s.replace('"', '""') + '"'
        return s
    return (newline.join(",".join(cell(v) for v in row) for row in rows) + newline).encode(encoding)


# -- ready-made contents of each kind (the demo database knows DPIM) -------------------------------
SUMMARY_HEADER = ["org_code", "fiscal_year", "overall", "rank_ministry", "ministry_size"]
SUMMARY_ROW = ["DPIM", 2569, 91.5, 3, 8]
KPI_HEADER = ["org_code", "fiscal_year", "dimension", "kpi_code", "kpi_name", "weight", "c1", "c2", "c3", "result_12m"]
KPI_ROW = ["DPIM", 2569, "1", "1.1", "ร้อยละของคำขอที่พิจารณาเสร็จ", 100, 80, 90, 100, 87.5]
CYCLE_HEADER = ["org_code", "fiscal_year", "step_no", "step_name", "standard_days", "started", "finished"]
CYCLE_ROW = ["DPIM", 2569, 1, "จัดทำคำรับรอง", 10, "2025-10-01", "2025-10-10"]
ACTION_HEADER = ["org_code", "fiscal_year", "source", "ref", "action", "start_date", "due_date", "status", "progress"]
ACTION_ROW = ["DPIM", 2569, "ita", "4", "ชี้แจงแนวทางการยืมทรัพย์สิน", "2025-10-01", "2026-03-31", "in_progress", 40]


def with_cell(header: list[str], row: list[Any], column: str, value: Any) -> list[list[Any]]:
    """Header and one row, with one cell replaced."""
    changed = list(row)
    changed[header.index(column)] = value
    return [header, changed]
