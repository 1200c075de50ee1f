"""The one palette: ITA bands and KPI statuses look the same in every chart, table and deck.

Each colour comes with a pattern and a label so nothing depends on colour alone.
"""

from __future__ import annotations

BAND_COLOURS = {"maintain": "#1b7f3b", "develop": "#d68910", "improve": "#c0392b"}
BAND_PATTERNS = {"maintain": "", "develop": "/", "improve": "x"}
BAND_SYMBOLS = {"maintain": "●", "develop": "▲", "improve": "■"}

KPI_STATUS_COLOURS = {
    "on_target": "#1b7f3b",  # at or past the target level
    "below_target": "#c0392b",
    "no_result": "#8c8c8c",
    "cancelled": "#bfbfbf",
}
KPI_STATUS_SYMBOLS = {"on_target": "✔", "below_target": "✖", "no_result": "…", "cancelled": "⊘"}

ACTION_STATUS_COLOURS = {"done": "#1b7f3b", "in_progress": "#2e75b6", "not_started": "#8c8c8c",
                         "cancelled": "#bfbfbf", "overdue": "#c0392b"}

PRIMARY = "#1f4e79"
SECONDARY = "#2e75b6"
NEUTRAL = "#595959"
LINE_PASS, LINE_TARGET, LINE_MAINTAIN = "#c0392b", "#d68910", "#1b7f3b"
SEQUENCE = ("#1f4e79", "#2e75b6", "#9dc3e6", "#d68910", "#1b7f3b", "#7f6084", "#c0392b", "#595959")

# Thai first: Sarabun where installed, then TLWG's Laksaman (metric-compatible with TH Sarabun).
FONT_FAMILY = "Sarabun, 'TH Sarabun New', Laksaman, Loma, Garuda, Tahoma, sans-serif"


def hex_to_rgb(colour: str) -> tuple[int, int, int]:
    c = colour.lstrip("#")
    return int(c[0:2], 16), int(c[2:4], 16), int(c[4:6], 16)


def contrast_ratio(a: str, b: str = "#ffffff") -> float:
    """WCAG 2 contrast ratio of two #rrggbb colours (1 to 21; AA asks 4.5 for text, 3 for large text)."""
    def luminance(colour: str) -> float:
        r, g, b_ = (v / 255 for v in hex_to_rgb(colour))
        lin = [v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4 for v in (r, g, b_)]
        return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]
    hi, lo = sorted((luminance(a), luminance(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)
