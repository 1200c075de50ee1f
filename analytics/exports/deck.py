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
overflows the box it is in or the slide.
"""

from __future__ import annotations

import datetime as dt
import io
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from lxml import etree
from pptx import Presentation
from pptx.chart.data import CategoryChartData
from pptx.dml.color import RGBColor
from pptx.enum.chart import XL_CHART_TYPE, XL_LABEL_POSITION, XL_LEGEND_POSITION, XL_TICK_LABEL_POSITION, XL_TICK_MARK
from pptx.enum.dml import MSO_PATTERN
from pptx.enum.shapes import MSO_SHAPE
from pptx.enum.text import MSO_ANCHOR, MSO_AUTO_SIZE, PP_ALIGN
from pptx.opc.constants import RELATIONSHIP_TYPE as RT
from pptx.oxml.ns import qn
from pptx.util import Emu, Pt

from analytics.exports import text as tx
from analytics.exports.briefing import Briefing, Chart, Note, Section, Table, Tile, build_briefing
from analytics.palette import NEUTRAL, PRIMARY, hex_to_rgb
from analytics.store import Store

FONT = "TH Sarabun New"
SLIDE_W_PT, SLIDE_H_PT = 960.0, 540.0  # 13.333 x 7.5 in
MARGIN = 36.0
TITLE_Y, TITLE_H = 12.0, 70.0
TITLE_SIZES = (32.0, 30.0, 28.0)
MIN_TITLE_SIZE, MIN_BODY_SIZE = 28.0, 18.0
CONTENT_Y, CONTENT_BOTTOM = 94.0, 500.0
FOOTER_Y, FOOTER_H, FOOTER_SIZE = 504.0, 32.0, 12.0
INSET_X, INSET_Y = 5.4, 3.6  # text-box insets in points (0.075 in, 0.05 in)
CELL_X, CELL_Y = 4.0, 2.0  # table-cell insets
BODY = 18.0
TABLE_SIZE = HEADER_SIZE = BODY
MAX_TABLE_ROWS = 7
NOTE_SIZE, NOTE_GAP = BODY, 3.0
CHART_SIZE = BODY
TILE_VALUE_SIZES = (32.0, 28.0, 24.0, 20.0)
TILE_MAX_H = 190.0
SHORT_LABEL = 14  # category labels this short (unit abbreviations, step numbers) stay on one line
DARK = "#262626"
TILE_FILL, BAND_FILL = "#f2f6fa", "#ffffff"
PATTERNS = {"/": MSO_PATTERN.WIDE_UPWARD_DIAGONAL, "x": MSO_PATTERN.DIAGONAL_CROSS}
PPTX_MIME = "application/vnd.openxmlformats-officedocument.presentationml.presentation"
FURNITURE = ("Footer", "Slide number")  # the only text under 18 pt

_RPR_TAGS = {qn("a:rPr"), qn("a:defRPr"), qn("a:endParaRPr")}
_AFTER_CS = {qn("a:sym"), qn("a:hlinkClick"), qn("a:hlinkMouseOver"), qn("a:rtl"), qn("a:extLst")}


def pt(value: float) -> Emu:
    return Emu(int(round(value * 12700)))


def rgb(colour: str) -> RGBColor:
    return RGBColor(*hex_to_rgb(colour))


# -- fonts ---------------------------------------------------------------------------------------------
def apply_font(element: Any, lang: str) -> None:
    """Set TH Sarabun New in the latin, ea and cs slots of every run property under an element."""
    lang_tag = "th-TH" if lang == "th" else "en-GB"
    for rpr in element.iter():
        if rpr.tag not in _RPR_TAGS:
            continue
        for tag in ("a:latin", "a:ea", "a:cs"):
            for old in rpr.findall(qn(tag)):
                rpr.remove(old)
        anchor = next((child for child in rpr if child.tag in _AFTER_CS), None)
        for tag in ("a:latin", "a:ea", "a:cs"):
            font = etree.Element(qn(tag))
            font.set("typeface", FONT)
            if anchor is not None:
                anchor.addprevious(font)
            else:
                rpr.append(font)
        if rpr.tag == qn("a:rPr") or rpr.tag == qn("a:endParaRPr"):
            rpr.set("lang", lang_tag)
            rpr.set("altLang", "en-US")


def _theme_fonts(prs: Any) -> None:
    """The theme's heading and body fonts, Thai script included, become TH Sarabun New."""
    theme = prs.slide_master.part.part_related_by(RT.THEME)
    xml = theme.blob.decode("utf-8")
    xml = re.sub(r'<a:latin typeface="[^"]*"', f'<a:latin typeface="{FONT}"', xml)
    xml = re.sub(r'<a:cs typeface="[^"]*"', f'<a:cs typeface="{FONT}"', xml)
    xml = re.sub(r'<a:font script="Thai" typeface="[^"]*"', f'<a:font script="Thai" typeface="{FONT}"', xml)
    theme._blob = xml.encode("utf-8")


def _widen_layouts(prs: Any, ratio: float) -> None:
    """Stretch the 4:3 template's placeholders to the 16:9 width, so new slides fit too."""
    holders = list(prs.slide_master.placeholders)
    for layout in prs.slide_layouts:
        holders += [p for p in layout.placeholders if p._element.xfrm is not None]
    for ph in holders:
        ph.left = Emu(int(ph.left * ratio))
        ph.width = Emu(int(ph.width * ratio))


# -- text ----------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Para:
    text: str
    size: float
    bold: bool = False
    colour: str = DARK
    align: str = "left"
    space_after: float = 0.0
    marker: tuple[str, str] | None = None  # a symbol and its colour, written before the text

    @property
    def full_text(self) -> str:
        return f"{self.marker[0]} {self.text}" if self.marker else self.text


_ALIGN = {"left": PP_ALIGN.LEFT, "center": PP_ALIGN.CENTER, "right": PP_ALIGN.RIGHT}


def _fill_frame(tf: Any, paras: Sequence[Para], anchor: Any = MSO_ANCHOR.TOP, inset_x: float = INSET_X,
                inset_y: float = INSET_Y) -> None:
    tf.word_wrap = True
    tf.auto_size = MSO_AUTO_SIZE.NONE
    tf.vertical_anchor = anchor
    tf.margin_left = tf.margin_right = pt(inset_x)
    tf.margin_top = tf.margin_bottom = pt(inset_y)
    for i, para in enumerate(paras):
        p = tf.paragraphs[0] if i == 0 else tf.add_paragraph()
        for r in list(p.runs):
            p._p.remove(r._r)
        p.alignment = _ALIGN[para.align]
        p.line_spacing = tx.LINE_SPACING
        p.space_before = Pt(0)
        p.space_after = Pt(para.space_after)
        parts = [(f"{para.marker[0]} ", para.marker[1]), (para.text, para.colour)] if para.marker \
            else [(para.text, para.colour)]
        for text, colour in parts:
            run = p.add_run()
            run.text = text
            font = run.font
            font.name = FONT
            font.size = Pt(para.size)
            font.bold = para.bold
            font.color.rgb = rgb(colour)


def paras_height(paras: Sequence[Para], width: float, inset_x: float = INSET_X) -> float:
    inner = width - 2 * inset_x
    return sum(tx.lines_needed(p.full_text, p.size, inner, p.bold) * tx.line_height_pt(p.size) + p.space_after
               for p in paras)


def _text_box(slide: Any, x: float, y: float, w: float, h: float, paras: Sequence[Para],
              anchor: Any = MSO_ANCHOR.TOP) -> Any:
    box = slide.shapes.add_textbox(pt(x), pt(y), pt(w), pt(h))
    _fill_frame(box.text_frame, paras, anchor)
    return box


def _fit(text: str, size: float, width: float, max_lines: int, bold: bool = False, inset_x: float = INSET_X) -> str:
    return tx.shorten(text, size, width - 2 * inset_x, max_lines, bold)


# -- slide furniture -----------------------------------------------------------------------------------
def _title(slide: Any, text: str) -> None:
    width = SLIDE_W_PT - 2 * MARGIN
    inner = width - 2 * INSET_X
    size = tx.fit_size(text, inner, TITLE_SIZES, 1, bold=True)
    text = tx.shorten(text, size, inner, 1, bold=True)
    shape = slide.shapes.title
    shape.left, shape.top, shape.width, shape.height = pt(MARGIN), pt(TITLE_Y), pt(width), pt(TITLE_H)
    _fill_frame(shape.text_frame, [Para(text, size, True, PRIMARY)], MSO_ANCHOR.MIDDLE)
    line = slide.shapes.add_connector(1, pt(MARGIN), pt(TITLE_Y + TITLE_H + 2), pt(SLIDE_W_PT - MARGIN),
                                      pt(TITLE_Y + TITLE_H + 2))
    line.line.color.rgb = rgb(PRIMARY)
    line.line.width = Pt(1.25)


def _slide_number_field(paragraph: Any, number: int) -> None:
    fld = etree.SubElement(paragraph._p, qn("a:fld"))
    fld.set("id", "{5C2B0E3A-7C1F-4B7E-9E9A-3F1B6A1D2C11}")
    fld.set("type", "slidenum")
    rpr = etree.SubElement(fld, qn("a:rPr"))
    rpr.set("sz", str(int(FOOTER_SIZE * 100)))
    fill = etree.SubElement(rpr, qn("a:solidFill"))
    etree.SubElement(fill, qn("a:srgbClr")).set("val", NEUTRAL.lstrip("#"))
    etree.SubElement(fld, qn("a:t")).text = str(number)
    end = paragraph._p.find(qn("a:endParaRPr"))
    if end is not None:
        end.addprevious(fld)


def _footer(slide: Any, b: Briefing, number: int) -> None:
    num_w = 60.0
    width = SLIDE_W_PT - 2 * MARGIN - num_w
    text = _fit(b.source_line, FOOTER_SIZE, width, 1)
    box = _text_box(slide, MARGIN, FOOTER_Y, width, FOOTER_H, [Para(text, FOOTER_SIZE, colour=NEUTRAL)],
                    MSO_ANCHOR.MIDDLE)
    box.name = "Footer"
    num_box = slide.shapes.add_textbox(pt(SLIDE_W_PT - MARGIN - num_w), pt(FOOTER_Y), pt(num_w), pt(FOOTER_H))
    num_box.name = "Slide number"
    tf = num_box.text_frame
    _fill_frame(tf, [], MSO_ANCHOR.MIDDLE)
    p = tf.paragraphs[0]
    p.alignment = PP_ALIGN.RIGHT
    p.line_spacing = tx.LINE_SPACING
    _slide_number_field(p, number)


def speaker_notes(b: Briefing, sources: Sequence[str]) -> str:
    lines = [b.t("exp.notes_sources")] + [f"• {line}" for line in sources] if sources \
        else [b.t("exp.notes_no_source")]
    return "\n".join([*lines, b.t("exp.notes_asof", date=b.as_of)])


class _Deck:
    def __init__(self, b: Briefing):
        self.b = b
        prs = Presentation()
        ratio = SLIDE_W_PT * 12700 / prs.slide_width
        prs.slide_width, prs.slide_height = pt(SLIDE_W_PT), pt(SLIDE_H_PT)
        _widen_layouts(prs, ratio)
        _theme_fonts(prs)
        self.prs = prs
        self.title_layout = prs.slide_layouts[0]
        self.titled_layout = prs.slide_layouts[5]

    def new_slide(self, title: str, section: Section) -> Any:
        slide = self.prs.slides.add_slide(self.titled_layout)
        _title(slide, title)
        _footer(slide, self.b, len(self.prs.slides))
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
        _fill_frame(title.text_frame, title_paras, MSO_ANCHOR.MIDDLE)
        unit = b.org_abbr if b.lang == "th" else b.org_code
        sub_paras = [Para(f"{unit} · {b.subtitle}", 24.0, False, DARK, "center", space_after=6.0),
                     Para(b.t("exp.as_of", date=b.as_of), 20.0, False, NEUTRAL, "center")]
        sub_paras = [Para(_fit(p.text, p.size, width, 1), p.size, p.bold, p.colour, p.align, p.space_after)
                     for p in sub_paras]
        sub = slide.placeholders[1]
        sub_h = paras_height(sub_paras, width) + 2 * INSET_Y
        sub.left, sub.top, sub.width, sub.height = pt(72), pt(top + h + 28), pt(width), pt(sub_h)
        _fill_frame(sub.text_frame, sub_paras, MSO_ANCHOR.TOP)
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
                    [Para(_fit(n.text, NOTE_SIZE, width - 12, 2), NOTE_SIZE, False, n.colour or DARK,
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
            box = _text_box(slide, MARGIN, y, width, notes_h, paras)
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
        _fill_frame(shape.text_frame, paras, MSO_ANCHOR.MIDDLE)

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
                box = _text_box(slide, MARGIN, CONTENT_BOTTOM - notes_h, width, notes_h, paras)
                box.fill.solid()
                box.fill.fore_color.rgb = rgb(TILE_FILL)
            half = (width - 24) / 2
            chart_h = height - notes_h - (10 if notes_h else 0)
            for i, spec in enumerate((section.chart, section.chart2)):
                x = MARGIN + i * (half + 24)
                head = _text_box(slide, x, top, half, tx.line_height_pt(BODY) + 2 * INSET_Y,
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
        box = _text_box(slide, x, y, w, h, paras)
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


# -- native charts -------------------------------------------------------------------------------------
def _number_format(decimals: int) -> str:
    return "#,##0" + ("." + "0" * decimals if decimals else "")


def _axis_scale(maximum: float, decimals: int) -> tuple[float, float]:
    """The value axis's top and tick step: ticks end at the data's maximum (100, 5) or a round count above
    it, and the axis runs on a little so the longest bar's label fits."""
    if decimals == 0:  # counts and days: whole ticks of 1, 2, 5, 10 ...
        raw = max(maximum, 1.0) / 5
        power = 10.0 ** math.floor(math.log10(raw)) if raw >= 1 else 1.0
        step = max(1.0, next(m * power for m in (1, 2, 5, 10) if raw <= m * power))
        top = step * math.ceil(maximum / step)
        return top * 1.1, step
    return maximum * 1.1, maximum / 5


def _label_every_category(axis: Any, one_line: bool) -> None:
    """Label every category, each on one line: LibreOffice otherwise wraps a label at its dots (สร.อก.) and,
    finding the wrapped labels crowded, skips every other one."""
    ax = axis._element
    body = ax.find(f"{qn('c:txPr')}/{qn('a:bodyPr')}")
    if body is not None and one_line:
        body.set("wrap", "none")
    for old in ax.findall(qn("c:tickLblSkip")):
        ax.remove(old)
    skip = etree.Element(qn("c:tickLblSkip"))
    skip.set("val", "1")
    after = ax.find(qn("c:lblOffset"))
    if after is None:
        after = ax.find(qn("c:lblAlgn"))
    if after is not None:
        after.addnext(skip)
    else:
        following = ax.find(qn("c:noMultiLvlLbl"))
        if following is not None:
            following.addprevious(skip)
        else:
            ax.append(skip)


def add_chart(slide: Any, spec: Chart, x: float, y: float, w: float, h: float) -> Any:
    """A native, editable bar chart drawn from a briefing Chart."""
    data = CategoryChartData(number_format=_number_format(spec.decimals))
    data.categories = spec.categories
    for s in spec.series:
        data.add_series(s.name, s.values)
    kind = XL_CHART_TYPE.BAR_CLUSTERED if spec.horizontal else XL_CHART_TYPE.COLUMN_CLUSTERED
    frame = slide.shapes.add_chart(kind, pt(x), pt(y), pt(w), pt(h), data)
    frame.name = spec.title[:60]
    chart = frame.chart
    chart.has_title = False
    chart.font.name = FONT
    chart.font.size = Pt(CHART_SIZE)
    chart.font.color.rgb = rgb(DARK)
    chart.has_legend = spec.legend
    if spec.legend:
        chart.legend.position = XL_LEGEND_POSITION.TOP
        chart.legend.include_in_layout = False
        chart.legend.font.size = Pt(CHART_SIZE)
    plot = chart.plots[0]
    plot.gap_width = 60
    plot.overlap = 0 if len(spec.series) == 1 else -10
    plot.vary_by_categories = False
    plot.has_data_labels = True
    labels = plot.data_labels
    labels.number_format = _number_format(spec.decimals)
    labels.number_format_is_linked = False
    labels.position = XL_LABEL_POSITION.OUTSIDE_END
    labels.font.size = Pt(CHART_SIZE)
    value_axis = chart.value_axis
    value_axis.minimum_scale = 0
    if spec.maximum is not None:
        top, step = _axis_scale(spec.maximum, spec.decimals)
        value_axis.maximum_scale = top
        value_axis.major_unit = step
    value_axis.has_major_gridlines = True
    value_axis.major_gridlines.format.line.color.rgb = rgb("#d9d9d9")
    value_axis.tick_labels.font.size = Pt(CHART_SIZE)
    value_axis.tick_labels.number_format = "#,##0" if spec.decimals == 0 or spec.maximum is None or spec.maximum >= 10 \
        else "0.0"
    value_axis.tick_labels.number_format_is_linked = False
    if spec.horizontal:
        # Each bar carries its value; without tick labels and a title the categories get the height,
        # and LibreOffice then labels every one of them at 18 pt instead of every other.
        value_axis.tick_label_position = XL_TICK_LABEL_POSITION.NONE
        value_axis.major_tick_mark = XL_TICK_MARK.NONE
    elif spec.value_title:
        value_axis.has_title = True
        value_axis.axis_title.text_frame.text = spec.value_title
        value_axis.axis_title.text_frame.paragraphs[0].runs[0].font.size = Pt(CHART_SIZE)
    category_axis = chart.category_axis
    category_axis.tick_labels.font.size = Pt(CHART_SIZE)
    category_axis.has_major_gridlines = False
    _label_every_category(category_axis, max(tx.base_length(c) for c in spec.categories) <= SHORT_LABEL)
    if spec.horizontal:
        category_axis.reverse_order = True  # first category on top, as read
    if spec.category_title:
        category_axis.has_title = True
        category_axis.axis_title.text_frame.text = spec.category_title
        category_axis.axis_title.text_frame.paragraphs[0].runs[0].font.size = Pt(CHART_SIZE)
    for s_spec, series in zip(spec.series, plot.series, strict=True):
        series.format.fill.solid()
        series.format.fill.fore_color.rgb = rgb(s_spec.colour)
        series.invert_if_negative = False
        for i, colour in enumerate(s_spec.point_colours or []):
            pattern = PATTERNS.get((s_spec.point_patterns or [""] * (i + 1))[i] or "")
            fill = series.points[i].format.fill
            if pattern is None:
                fill.solid()
                fill.fore_color.rgb = rgb(colour)
            else:
                fill.patterned()
                fill.pattern = pattern
                fill.fore_color.rgb = rgb(colour)
                fill.back_color.rgb = rgb(BAND_FILL)
            series.points[i].format.line.color.rgb = rgb(colour)
    return frame


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
    _fill_frame(cell.text_frame, [Para(text, size, bold, colour, align)], MSO_ANCHOR.MIDDLE, CELL_X, CELL_Y)
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


# -- entry points --------------------------------------------------------------------------------------
def deck_from_briefing(b: Briefing) -> bytes:
    return _Deck(b).build()


def build_deck(store: Store, org: str, year: int, round: int = 12, lang: str = "th",
               today: dt.date | None = None, parts: Sequence[str] | None = None) -> bytes:
    """The meeting deck (.pptx bytes) of one organisation, fiscal year (BE) and round, with the parts asked for."""
    return deck_from_briefing(build_briefing(store, org, year, round, lang, today, parts))
