"""Tables that fit a slide: row heights from the text, at most seven rows a slide."""


from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from pptx.enum.text import MSO_ANCHOR

from analytics.exports import text as tx
from analytics.exports.briefing import Table
from analytics.exports.deck.layout import (
    CELL_X,
    CELL_Y,
    CONTENT_BOTTOM,
    CONTENT_Y,
    DARK,
    HEADER_SIZE,
    MAX_TABLE_ROWS,
    TABLE_SIZE,
    TILE_FILL,
    Para,
    fill_frame,
    pt,
    rgb,
)
from analytics.palette import PRIMARY


# -- tables --------------------------------------------------------------------------------------------
def cell_lines(text: str, width_in: float, size: float, bold: bool = False) -> int:
    return tx.lines_needed(text, size, width_in * 72 - 2 * CELL_X, bold)


def fitted_cell(text: str, width_in: float, max_lines: int, size: float = TABLE_SIZE) -> str:
    return tx.shorten(text, size, width_in * 72 - 2 * CELL_X, max_lines)


def row_height(cells: Sequence[str], widths: Sequence[float], size: float, bold: bool = False) -> float:
    lines = max(cell_lines(c, w, size, bold) for c, w in zip(cells, widths, strict=True))
    return lines * tx.line_height_pt(size) + 2 * CELL_Y


def paginate(table: Table, available: float = CONTENT_BOTTOM - CONTENT_Y - 6,
             max_rows: int = MAX_TABLE_ROWS) -> list[list[int]]:
    """Row indices per slide: rows that fit under the header, at most max_rows, spread evenly.

    Eleven KPIs make slides of 6 and 5 rows rather than 7 and 4.
    """
    pages = _fill_pages(table, available, max_rows)
    if len(pages) > 1:
        even = -(-len(table.rows) // len(pages))
        balanced = _fill_pages(table, available, even)
        if len(balanced) == len(pages):
            return balanced
    return pages


def _fill_pages(table: Table, available: float, max_rows: int) -> list[list[int]]:
    widths = [c.width_in for c in table.columns]
    header_h = row_height([c.header for c in table.columns], widths, HEADER_SIZE, True)
    pages: list[list[int]] = [[]]
    used = header_h
    for i, row in enumerate(table.rows):
        cells = [fitted_cell(v, c.width_in, c.max_lines) for v, c in zip(row, table.columns, strict=True)]
        h = row_height(cells, widths, TABLE_SIZE)
        if pages[-1] and (used + h > available or len(pages[-1]) >= max_rows):
            pages.append([])
            used = header_h
        pages[-1].append(i)
        used += h
    return pages


def _cell(cell: Any, text: str, size: float, bold: bool, colour: str, align: str, fill: str | None) -> None:
    fill_frame(cell.text_frame, [Para(text, size, bold, colour, align)], MSO_ANCHOR.MIDDLE, CELL_X, CELL_Y)
    cell.margin_left = cell.margin_right = pt(CELL_X)
    cell.margin_top = cell.margin_bottom = pt(CELL_Y)
    cell.vertical_anchor = MSO_ANCHOR.MIDDLE
    if fill:
        cell.fill.solid()
        cell.fill.fore_color.rgb = rgb(fill)


def add_table(slide: Any, table: Table, rows: Sequence[int], x: float, y: float) -> Any:
    widths = [c.width_in for c in table.columns]
    header = [c.header for c in table.columns]
    body = [[fitted_cell(v, c.width_in, c.max_lines) for v, c in zip(table.rows[i], table.columns, strict=True)]
            for i in rows]
    heights = [row_height(header, widths, HEADER_SIZE, True)] + [row_height(r, widths, TABLE_SIZE) for r in body]
    frame = slide.shapes.add_table(len(body) + 1, len(widths), pt(x), pt(y), pt(sum(widths) * 72),
                                   pt(sum(heights)))
    shape_table = frame.table
    for j, w in enumerate(widths):
        shape_table.columns[j].width = pt(w * 72)
    for i, h in enumerate(heights):
        shape_table.rows[i].height = pt(h)
    for j, col in enumerate(table.columns):
        _cell(shape_table.cell(0, j), col.header, HEADER_SIZE, True, "#ffffff",
              "center" if col.align != "left" else "left", PRIMARY)
    for i, (source_row, cells) in enumerate(zip(rows, body, strict=True), start=1):
        fill = "#ffffff" if i % 2 else TILE_FILL
        for j, (col, text) in enumerate(zip(table.columns, cells, strict=True)):
            colour = table.colours.get((source_row, j), DARK)
            _cell(shape_table.cell(i, j), text, TABLE_SIZE, False, colour, col.align, fill)
    frame.height = pt(sum(heights))
    return frame
