"""How much room Thai text takes: widths per base character, lines, heights, shortening.

Thai stacks vowels and tone marks above and below a base consonant, so width grows with the
base characters only (U+0E31, U+0E34-0E3A and U+0E47-0E4E take no advance). The widths are
those of TH Sarabun New and its metric-compatible fallback Laksaman (fonts-thai-tlwg), in ems,
rounded up a little so an estimate errs towards more lines, never fewer.
"""

from __future__ import annotations

import math
import unicodedata

THAI_COMBINING = frozenset({0x0E31, *range(0x0E34, 0x0E3B), *range(0x0E47, 0x0E4F)})
# Line pitch of TH Sarabun New / Laksaman at single spacing: ascent + descent = 1.655 em.
LINE_HEIGHT_EM = 1.7
# Paragraphs are set at 1.1 lines: stacked tone marks (ปั้น, ที่) then keep clear of the line above.
LINE_SPACING = 1.1
# Thai breaks only between words (PowerPoint and Chromium use a dictionary), so a line ends
# on average half a word short of the box.
WRAP_SLACK = 0.92
BOLD_FACTOR = 1.06
ELLIPSIS = "…"

_NARROW = frozenset(".,:;'!|")
_MEDIUM = frozenset("()[]/-\"")


def is_combining(char: str) -> bool:
    """A Thai vowel or tone mark above or below, or any other zero-width combining mark."""
    code = ord(char)
    return code in THAI_COMBINING or (code > 0x7F and unicodedata.combining(char) > 0)


def base_length(text: str) -> int:
    """Characters that take horizontal room: base characters, not combining marks."""
    return sum(1 for c in text if not is_combining(c))


def _char_em(c: str) -> float:
    if is_combining(c):
        return 0.0
    code = ord(c)
    if 0x0E00 <= code <= 0x0E7F:
        return 0.58
    if c.isdigit():
        return 0.55
    if c == " ":
        return 0.33
    if c in _NARROW:
        return 0.26
    if c in _MEDIUM:
        return 0.42
    if c.isascii() and c.isupper():
        return 0.65
    if c.isascii() and c.isalpha():
        return 0.52
    if c in "%@&#":
        return 0.9
    if code >= 0x2000:  # dashes, bullets, arrows, check marks
        return 1.05
    return 0.6


def em_width(text: str, bold: bool = False) -> float:
    """Width of one line of text in ems."""
    width = sum(_char_em(c) for c in text)
    return width * BOLD_FACTOR if bold else width


def lines_needed(text: str, size_pt: float, width_pt: float, bold: bool = False) -> int:
    """Lines a text takes when wrapped in a box width_pt wide; every paragraph takes at least one."""
    usable = max(width_pt * WRAP_SLACK, 1.0)
    total = 0
    for paragraph in text.split("\n"):
        total += max(1, math.ceil(em_width(paragraph, bold) * size_pt / usable))
    return total


def line_height_pt(size_pt: float, spacing: float = LINE_SPACING) -> float:
    return size_pt * LINE_HEIGHT_EM * spacing


def text_height_pt(paragraphs: list[tuple[str, float, bool]], width_pt: float) -> float:
    """Height of paragraphs given as (text, size in points, bold) in a box width_pt wide."""
    return sum(lines_needed(text, size, width_pt, bold) * line_height_pt(size) for text, size, bold in paragraphs)


def _cut_points(text: str) -> list[int]:
    """Positions where a text may be cut: never before a combining mark."""
    return [i for i in range(1, len(text) + 1) if i == len(text) or not is_combining(text[i])]


def shorten(text: str, size_pt: float, width_pt: float, max_lines: int, bold: bool = False) -> str:
    """The text, or its longest beginning plus an ellipsis, that fits in max_lines lines.

    Cuts at a space when one is near the end, else between grapheme clusters, so a tone mark
    never loses its consonant.
    """
    text = " ".join(text.split())
    if lines_needed(text, size_pt, width_pt, bold) <= max_lines:
        return text
    budget = max_lines * max(width_pt * WRAP_SLACK, 1.0) / size_pt - em_width(ELLIPSIS, bold)
    best = 0
    width = 0.0
    for i, c in enumerate(text):
        width += _char_em(c) * (BOLD_FACTOR if bold else 1.0)
        if width > budget:
            break
        if i + 1 == len(text) or not is_combining(text[i + 1]):
            best = i + 1
    head = text[:best]
    space = head.rfind(" ")
    if space > 0 and space >= best * 0.8:
        head = head[:space]
    head = head.rstrip(" ,;:–-")
    # A leading vowel (เ แ โ ใ ไ) is written before the consonant it follows in speech; never end on one.
    while head and head[-1] in "เแโใไ":
        head = head[:-1]
    return head + ELLIPSIS


def fit_size(text: str, width_pt: float, sizes: tuple[float, ...], max_lines: int = 1,
             bold: bool = False) -> float:
    """The largest of sizes at which the text fits in max_lines lines (the smallest if none does)."""
    for size in sizes:
        if lines_needed(text, size, width_pt, bold) <= max_lines:
            return size
    return sizes[-1]
