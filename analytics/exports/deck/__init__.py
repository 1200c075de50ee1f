"""The meeting deck: a 16:9 PowerPoint file with native, editable charts, in Thai, readable across a room.

Slides: a title; the summary (headline figures, and one line for each part asked for that has no
data, so no slide is ever empty); the ministry comparison (ITA and KPI rankings, the unit
highlighted); the dimension scores (chart) and the KPI table; the ITA indicators by band
(chart), one slide per indicator in the improve band with its weak questions and its
improvement measures, and the other questions in the improve band; action-plan status (chart)
and the overdue actions; the evaluation cycle, standard against actual days (chart). Every
figure comes from analytics.report through briefing.build_briefing, and every slide's speaker
notes name the import files (batch, date and time) its figures come from.

Sizes are for a meeting room: titles 28 pt or more, every other text 18 pt or more (the footer's
source line and slide number aside), tables at most seven rows a slide. Paragraphs are set at
1.1 lines so Thai tone marks stacked over vowels keep clear of the line above.

Charts are python-pptx chart objects (their data lives in an embedded workbook), so a planner
can restyle them or change a number in PowerPoint. All text is TH Sarabun New, set on every
run for the Latin, East Asian and complex-script slots (Thai is a complex script, so the `cs`
slot is the one PowerPoint uses for it) and in the theme; Laksaman (fonts-thai-tlwg) is its
metric-compatible substitute where it is missing. Text boxes are sized from an estimate of the
lines each text takes (analytics.exports.text) and long text is shortened, so no frame
overflows the box it is in or the sli

A package: `layout` (sizes, fonts, text boxes, slide furniture), `charts` (native charts), `tables`
(paginated tables), and here the slides.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Sequence
from typing import Any

from pptx import Presentation
from pptx.enum.shapes import MSO_SHAPE
from pptx.enum.text import MSO_ANCHOR
from pptx.util import Pt

from analytics.exports import text as tx
from analytics.exports.briefing import Briefing, Note, Section, Tile, build_briefing
from analytics.exports.deck.charts import add_chart
from analytics.exports.deck.layout import (
    BODY,
    CONTENT_BOTTOM,
    CONTENT_Y,
    DARK,
    FONT,
    FURNITURE,
    INSET_X,
    INSET_Y,
    MARGIN,
    NOTE_GAP,
    NOTE_SIZE,
    PPTX_MIME,
    SLIDE_H_PT,
    SLIDE_W_PT,
    TILE_FILL,
    TILE_MAX_H,
    TILE_VALUE_SIZES,
    Para,
    apply_font,
    fill_frame,
    fit_text,
    footer,
    paras_height,
    pt,
    rgb,
    slide_title,
    speaker_notes,
    text_box,
    theme_fonts,
    widen_layouts,
)
from analytics.exports.deck.tables import add_table, paginate

__all__ = ["FONT", "FURNITURE", "PPTX_MIME", "build_deck", "deck_from_briefing", "speaker_notes"]
from analytics.palette import NEUTRAL, PRIMARY
from analytics.store import Store


class _Deck:
    def __init__(self, b: Briefing):
        self.b = b
        prs = Presentation()
        ratio = SLIDE_W_PT * 12700 / prs.slide_width
        prs.slide_width, prs.slide_height = pt(SLIDE_W_PT), pt(SLIDE_H_PT)
        widen_layouts(prs, ratio)
        theme_fonts(prs)
        self.prs = prs
        self.title_layout = prs.slide_layouts[0]
        self.titled_layout = prs.slide_layouts[5]

    def new_slide(self, title: str, section: Section) -> Any:
        slide = self.prs.slides.add_slide(self.titled_layout)
        slide_title(slide, title)
        footer(slide, self.b, len(self.prs.slides))
        slide.notes_slide.notes_text_frame.text = speaker_notes(self.b, section.sources)
        return slide

    # -- title slide ------------------------------------------------------------------------------------
    def title_slide(self, sources: Sequence[str]) -> None:
        b = self.b
        slide = self.prs.slides.add_slide(self.title_layout)
        width = SLIDE_W_PT - 2 * 72.0
        inner = width - 2 * INSET_X
        band = slide.shapes.add_shape(MSO_SHAPE.RECTANGLE, 0, 0, pt(SLIDE_W_PT), pt(14))
        band.fill.solid()
        band.fill.fore_color.rgb = rgb(PRIMARY)
        band.line.fill.background()
        name_size = tx.fit_size(b.org_name, inner, (44.0, 40.0, 36.0, 32.0), 2, bold=True)
        name = tx.shorten(b.org_name, name_size, inner, 2, bold=True)
        title_paras = [Para(b.title, 28.0, True, NEUTRAL, "center", space_after=10.0),
                       Para(name, name_size, True, PRIMARY, "center")]
        title = slide.shapes.title
        h = paras_height(title_paras, width) + 2 * INSET_Y
        top = 130.0
        title.left, title.top, title.width, title.height = pt(72), pt(top), pt(width), pt(h)
        fill_frame(title.text_frame, title_paras, MSO_ANCHOR.MIDDLE)
        unit = b.org_abbr if b.lang == "th" else b.org_code
        sub_paras = [Para(f"{unit} · {b.subtitle}", 24.0, False, DARK, "center", space_after=6.0),
                     Para(b.t("exp.as_of", date=b.as_of), 20.0, False, NEUTRAL, "center")]
        sub_paras = [Para(fit_text(p.text, p.size, width, 1), p.size, p.bold, p.colour, p.align, p.space_after)
                     for p in sub_paras]
        sub = slide.placeholders[1]
        sub_h = paras_height(sub_paras, width) + 2 * INSET_Y
        sub.left, sub.top, sub.width, sub.height = pt(72), pt(top + h + 28), pt(width), pt(sub_h)
        fill_frame(sub.text_frame, sub_paras, MSO_ANCHOR.TOP)
        slide.notes_slide.notes_text_frame.text = speaker_notes(b, sources)

    # -- summary ------------------------------------------------------------------------------------
    def summary_slide(self, section: Section) -> None:
        slide = self.new_slide(section.title, section)
        tiles = section.tiles
        width = SLIDE_W_PT - 2 * MARGIN
        paras: list[Para] = []
        notes_h = 0.0
        if section.notes:
            paras = [Para(section.notes_title, NOTE_SIZE, True, PRIMARY)] + \
                    [Para(fit_text(n.text, NOTE_SIZE, width - 12, 2), NOTE_SIZE, False, n.colour or DARK,
                          marker=("•", NEUTRAL)) for n in section.notes]
            notes_h = paras_height(paras, width) + 2 * INSET_Y
        y = CONTENT_Y + 8
        if tiles:
            cols = min(4 if len(tiles) > 6 or len(tiles) == 4 else 3, len(tiles))
            rows = -(-len(tiles) // cols)
            gap = 12.0
            w = (width - (cols - 1) * gap) / cols
            room = CONTENT_BOTTOM - y - (notes_h + 16 if notes_h else 0) - (rows - 1) * gap
            h = min(TILE_MAX_H, room / rows)
            for i, tile in enumerate(tiles):
                self._tile(slide, tile, MARGIN + (i % cols) * (w + gap), y + (i // cols) * (h + gap), w, h)
            y += rows * h + (rows - 1) * gap + 16
        if paras:
            box = text_box(slide, MARGIN, y, width, notes_h, paras)
            box.fill.solid()
            box.fill.fore_color.rgb = rgb(TILE_FILL)
            box.name = "Missing data"

    def _tile(self, slide: Any, tile: Tile, x: float, y: float, w: float, h: float) -> None:
        shape = slide.shapes.add_shape(MSO_SHAPE.RECTANGLE, pt(x), pt(y), pt(w), pt(h))
        shape.fill.solid()
        shape.fill.fore_color.rgb = rgb(TILE_FILL)
        shape.line.color.rgb = rgb(tile.colour or "#d9d9d9")
        shape.line.width = Pt(1.5)
        shape.shadow.inherit = False
        inner = w - 2 * INSET_X
        value_size = tx.fit_size(tile.value, inner, TILE_VALUE_SIZES, 1, bold=True)
        value = tx.shorten(tile.value, value_size, inner, 1, bold=True)
        room = h - 2 * INSET_Y - tx.line_height_pt(value_size)
        label_lines = max(1, min(2, int((room - tx.line_height_pt(BODY)) // tx.line_height_pt(BODY))))
        label = tx.shorten(tile.label, BODY, inner, label_lines)
        used = tx.lines_needed(label, BODY, inner) * tx.line_height_pt(BODY) + tx.line_height_pt(value_size) + 2 * INSET_Y
        paras = [Para(label, BODY, False, NEUTRAL), Para(value, value_size, True, tile.colour or DARK)]
        note_lines = int((h - used) // tx.line_height_pt(BODY))
        if tile.note and note_lines >= 1:
            paras.append(Para(tx.shorten(tile.note, BODY, inner, min(note_lines, 2)), BODY, False, NEUTRAL))
        fill_frame(shape.text_frame, paras, MSO_ANCHOR.MIDDLE)

    # -- charts -------------------------------------------------------------------------------------
    def chart_slide(self, section: Section) -> None:
        assert section.chart is not None
        slide = self.new_slide(section.title, section)
        top, height = CONTENT_Y + 6, CONTENT_BOTTOM - CONTENT_Y - 6
        width = SLIDE_W_PT - 2 * MARGIN
        if section.chart2 is not None:
            notes_h = 0.0
            paras = self._note_paras(section.notes, width)
            if paras:
                notes_h = paras_height(paras, width) + 2 * INSET_Y
                box = text_box(slide, MARGIN, CONTENT_BOTTOM - notes_h, width, notes_h, paras)
                box.fill.solid()
                box.fill.fore_color.rgb = rgb(TILE_FILL)
            half = (width - 24) / 2
            chart_h = height - notes_h - (10 if notes_h else 0)
            for i, spec in enumerate((section.chart, section.chart2)):
                x = MARGIN + i * (half + 24)
                head = text_box(slide, x, top, half, tx.line_height_pt(BODY) + 2 * INSET_Y,
                                 [Para(spec.title, BODY, True, PRIMARY, "center")])
                head.name = "Chart title"
                head_h = tx.line_height_pt(BODY) + 2 * INSET_Y
                add_chart(slide, spec, x, top + head_h, half, chart_h - head_h)
            return
        panel_w = 330.0 if section.notes else 0.0
        chart_w = width - (panel_w + 16 if panel_w else 0)
        add_chart(slide, section.chart, MARGIN, top, chart_w, height)
        if section.notes:
            self._notes_panel(slide, section.notes, SLIDE_W_PT - MARGIN - panel_w, top, panel_w, height,
                              section.notes_title)

    def _note_paras(self, notes: Sequence[Note], w: float, budget: float | None = None, title: str = "") -> list[Para]:
        inner = w - 2 * INSET_X
        paras: list[Para] = [Para(title, NOTE_SIZE, True, PRIMARY, space_after=NOTE_GAP)] if title else []
        used = paras_height(paras, w)
        for i, note in enumerate(notes):
            lead = f"{note.marker[0]} " if note.marker else ""
            text = tx.shorten(lead + note.text, NOTE_SIZE, inner, 3, note.bold)[len(lead):]
            para = Para(text, NOTE_SIZE, note.bold, note.colour or DARK, space_after=NOTE_GAP, marker=note.marker)
            need = paras_height([para], w)
            left = len(notes) - i - 1
            more = Para(self.b.t("exp.more_items", n=left + 1), NOTE_SIZE, colour=NEUTRAL)
            reserve = paras_height([more], w) if left else 0.0
            if budget is not None and used + need + reserve > budget:
                paras.append(more)
                break
            paras.append(para)
            used += need
        return paras

    def _notes_panel(self, slide: Any, notes: Sequence[Note], x: float, y: float, w: float, h: float,
                     title: str = "") -> None:
        paras = self._note_paras(notes, w, h - 2 * INSET_Y, title)
        box = text_box(slide, x, y, w, h, paras)
        box.fill.solid()
        box.fill.fore_color.rgb = rgb(TILE_FILL)

    # -- tables -------------------------------------------------------------------------------------
    def table_slides(self, section: Section) -> None:
        table = section.table
        width = SLIDE_W_PT - 2 * MARGIN
        if table is None:  # notes only: one panel across the slide
            slide = self.new_slide(section.title, section)
            self._notes_panel(slide, section.notes, MARGIN, CONTENT_Y + 6, width, CONTENT_BOTTOM - CONTENT_Y - 6,
                              section.notes_title)
            return
        pages = paginate(table)
        table_w = sum(c.width_in for c in table.columns) * 72
        for i, rows in enumerate(pages):
            title = section.title if len(pages) == 1 else self.b.t("exp.continued", title=section.title, page=i + 1,
                                                                    pages=len(pages))
            slide = self.new_slide(title, section)
            add_table(slide, table, rows, MARGIN, CONTENT_Y + 6)
            if section.notes:
                x = MARGIN + table_w + 16
                self._notes_panel(slide, section.notes, x, CONTENT_Y + 6, SLIDE_W_PT - MARGIN - x,
                                  CONTENT_BOTTOM - CONTENT_Y - 6, section.notes_title)

    def build(self) -> bytes:
        sections = self.b.sections
        self.title_slide(sections[0].sources if sections else [])
        for section in sections:
            if section.key == "overview":
                self.summary_slide(section)
            elif section.chart is not None:
                self.chart_slide(section)
            elif section.table is not None or section.notes:
                self.table_slides(section)
        for slide in self.prs.slides:
            apply_font(slide.shapes._spTree, self.b.lang)
            for shape in slide.shapes:
                if shape.has_chart:
                    apply_font(shape.chart._chartSpace, self.b.lang)
            if slide.has_notes_slide:
                apply_font(slide.notes_slide.shapes._spTree, self.b.lang)
        props = self.prs.core_properties
        props.title = f"{self.b.title} {self.b.org_name} {self.b.subtitle}"
        props.author = props.last_modified_by = "Pramern"
        props.language = "th-TH" if self.b.lang == "th" else "en-GB"
        props.revision = 1
        moment = dt.datetime.combine(self.b.today, dt.time(0, 0))
        props.created = props.modified = moment
        out = io.BytesIO()
        self.prs.save(out)
        return out.getvalue()


# -- entry points --------------------------------------------------------------------------------------
def deck_from_briefing(b: Briefing) -> bytes:
    return _Deck(b).build()


def build_deck(store: Store, org: str, year: int, round: int = 12, lang: str = "th",
               today: dt.date | None = None, parts: Sequence[str] | None = None) -> bytes:
    """The meeting deck (.pptx bytes) of one organisation, fiscal year (BE) and round, with the parts asked for."""
    return deck_from_briefing(build_briefing(store, org, year, round, lang, today, parts))
