"""The deck's measures and furniture: sizes, fonts (TH Sarabun New in every slot), text boxes, titles, footers."""


from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from lxml import etree
from pptx.dml.color import RGBColor
from pptx.enum.dml import MSO_PATTERN
from pptx.enum.text import MSO_ANCHOR, MSO_AUTO_SIZE, PP_ALIGN
from pptx.opc.constants import RELATIONSHIP_TYPE as RT
from pptx.oxml.ns import qn
from pptx.util import Emu, Pt

from analytics.exports import text as tx
from analytics.exports.briefing import Briefing
from analytics.palette import NEUTRAL, PRIMARY, hex_to_rgb

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


def theme_fonts(prs: Any) -> None:
    """The theme's heading and body fonts, Thai script included, become TH Sarabun New."""
    theme = prs.slide_master.part.part_related_by(RT.THEME)
    xml = theme.blob.decode("utf-8")
    xml = re.sub(r'<a:latin typeface="[^"]*"', f'<a:latin typeface="{FONT}"', xml)
    xml = re.sub(r'<a:cs typeface="[^"]*"', f'<a:cs typeface="{FONT}"', xml)
    xml = re.sub(r'<a:font script="Thai" typeface="[^"]*"', f'<a:font script="Thai" typeface="{FONT}"', xml)
    theme._blob = xml.encode("utf-8")


def widen_layouts(prs: Any, ratio: float) -> None:
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


def fill_frame(tf: Any, paras: Sequence[Para], anchor: Any = MSO_ANCHOR.TOP, inset_x: float = INSET_X,
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


def text_box(slide: Any, x: float, y: float, w: float, h: float, paras: Sequence[Para],
              anchor: Any = MSO_ANCHOR.TOP) -> Any:
    box = slide.shapes.add_textbox(pt(x), pt(y), pt(w), pt(h))
    fill_frame(box.text_frame, paras, anchor)
    return box


def fit_text(text: str, size: float, width: float, max_lines: int, bold: bool = False, inset_x: float = INSET_X) -> str:
    return tx.shorten(text, size, width - 2 * inset_x, max_lines, bold)


# -- slide furniture -----------------------------------------------------------------------------------
def slide_title(slide: Any, text: str) -> None:
    width = SLIDE_W_PT - 2 * MARGIN
    inner = width - 2 * INSET_X
    size = tx.fit_size(text, inner, TITLE_SIZES, 1, bold=True)
    text = tx.shorten(text, size, inner, 1, bold=True)
    shape = slide.shapes.title
    shape.left, shape.top, shape.width, shape.height = pt(MARGIN), pt(TITLE_Y), pt(width), pt(TITLE_H)
    fill_frame(shape.text_frame, [Para(text, size, True, PRIMARY)], MSO_ANCHOR.MIDDLE)
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


def footer(slide: Any, b: Briefing, number: int) -> None:
    num_w = 60.0
    width = SLIDE_W_PT - 2 * MARGIN - num_w
    text = fit_text(b.source_line, FOOTER_SIZE, width, 1)
    box = text_box(slide, MARGIN, FOOTER_Y, width, FOOTER_H, [Para(text, FOOTER_SIZE, colour=NEUTRAL)],
                    MSO_ANCHOR.MIDDLE)
    box.name = "Footer"
    num_box = slide.shapes.add_textbox(pt(SLIDE_W_PT - MARGIN - num_w), pt(FOOTER_Y), pt(num_w), pt(FOOTER_H))
    num_box.name = "Slide number"
    tf = num_box.text_frame
    fill_frame(tf, [], MSO_ANCHOR.MIDDLE)
    p = tf.paragraphs[0]
    p.alignment = PP_ALIGN.RIGHT
    p.line_spacing = tx.LINE_SPACING
    _slide_number_field(p, number)


def speaker_notes(b: Briefing, sources: Sequence[str]) -> str:
    lines = [b.t("exp.notes_sources")] + [f"• {line}" for line in sources] if sources \
        else [b.t("exp.notes_no_source")]
    return "\n".join([*lines, b.t("exp.notes_asof", date=b.as_of)])
