"""The app's own CSS: text that wraps instead of being cut, print to A4 landscape, phones.

Injected once per run from app.py with st.html (a <style> block takes no room on the page).
Streamlit's class names change between versions; only data-testid attributes and the st-key-*
classes of keyed containers are used, which are part of what Streamlit documents for testing.
"""

from __future__ import annotations

import re

import streamlit as st

CSS = """
<style>
/* Names and labels wrap instead of being cut with an ellipsis (issue 12: never cut). */
[data-testid="stPageLink"] a, [data-testid="stPageLink"] a * { white-space: normal !important;
  overflow: visible !important; text-overflow: clip !important; height: auto !important; }
[data-testid="stPageLink"] a { align-items: flex-start !important; }
[data-testid="stMetricLabel"] *, [data-testid="stMetricDelta"] * { white-space: normal !important;
  overflow: visible !important; text-overflow: clip !important; }
[data-testid="stMetricDelta"] { height: auto !important; max-width: 100% !important; }
/* The overview: a verdict to read at a glance, a title that does not push it off the first screen. */
[data-testid="stMain"] h1 { font-size: 2rem !important; padding-top: 0.25rem !important; }
.st-key-ov_verdict h4 { font-size: 1.3rem !important; line-height: 1.55 !important; }
.st-key-demo_banner [data-testid="stAlert"] p { font-size: 0.85rem; }
/* Button rows (the meeting pack's parts) wrap instead of scrolling sideways out of sight in a narrow column. */
[data-testid="stButtonGroup"] > div { flex-wrap: wrap !important; row-gap: 0.4rem; }
.st-key-ov_dims * { white-space: normal !important; overflow: visible !important; text-overflow: clip !important;
  max-width: 100%; height: auto !important; }

/* Phones (390 px wide): the sidebar is a drawer; the demo banner shrinks; tables and the heat map scroll
   sideways inside their own box rather than squeezing the text. */
@media (max-width: 640px) {
  [data-testid="stMainBlockContainer"] { padding-left: 0.75rem !important; padding-right: 0.75rem !important;
    padding-top: 3rem !important; }
  [data-testid="stMain"] h1 { font-size: 1.45rem !important; }
  .st-key-ov_verdict h4 { font-size: 1.05rem !important; }
  .st-key-demo_banner [data-testid="stAlert"] { padding: 0.25rem 0.5rem !important; }
  .st-key-demo_banner [data-testid="stAlert"] p { font-size: 0.75rem !important; line-height: 1.35 !important; }
  [data-testid="stMetricValue"] { font-size: 1.5rem !important; }
  /* A row of figures (the verdict's five, the action counts, the cycle's days) two by two, not one under
     another down a whole screen. */
  [data-testid="stHorizontalBlock"]:has(> [data-testid="stColumn"] [data-testid="stMetric"]) {
    flex-wrap: wrap !important; flex-direction: row !important; }
  [data-testid="stHorizontalBlock"]:has(> [data-testid="stColumn"] [data-testid="stMetric"]) > [data-testid="stColumn"] {
    flex: 1 1 45% !important; min-width: 45% !important; }
  [data-testid="stDataFrame"], [data-testid="stPlotlyChart"] { overflow-x: auto !important; }
  /* Chart titles are one line of SVG text, which cannot wrap: a smaller type keeps them within the width. */
  [data-testid="stPlotlyChart"] .gtitle { font-size: 12.5px !important; }
  /* The heat map's ten indicator columns are 30 px wide on a phone: their scores in a smaller type fit. */
  .st-key-cmp_heatmap_chart .heatmap-label text { font-size: 9px !important; }
}

/* Browser print: one clean A4 landscape page per screen: no sidebar, toolbar, buttons or downloads,
   the main column at full width, charts and boxes kept whole. Streamlit scrolls inside a fixed-height
   box, which would print only the first screen: the boxes are let out to their full height. */
@media print {
  @page { size: A4 landscape; margin: 10mm; }
  html, body, #root, [data-testid="stApp"], [data-testid="stAppViewContainer"], [data-testid="stMain"],
  [data-testid="stMainBlockContainer"] { height: auto !important; min-height: 0 !important;
    overflow: visible !important; position: static !important; }
  [data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"], [data-testid="stHeader"],
  [data-testid="stToolbar"], [data-testid="stDecoration"], [data-testid="stStatusWidget"],
  [data-testid="stDownloadButton"], [data-testid="stButton"], [data-testid="stFormSubmitButton"],
  [data-testid="stElementToolbar"], [data-testid="stBottom"], .modebar-container, .st-key-demo_banner,
  [data-testid="stButtonGroup"], [data-testid="stPills"],
  [data-testid="stPageLink"] [data-testid="stIconMaterial"] { display: none !important; }
  [data-testid="stMain"] { margin-left: 0 !important; align-items: flex-start !important; }
  [data-testid="stMainBlockContainer"] { max-width: none !important; padding: 0 !important; zoom: 0.7;
    width: 100% !important; margin: 0 !important; }
  /* Side by side as on screen (Streamlit would stack the columns on the narrower paper). */
  [data-testid="stHorizontalBlock"] { display: flex !important; flex-wrap: nowrap !important; flex-direction: row !important; }
  /* Columns share the paper by their weights from a basis of 0: a basis from the screen's widths would make the
     row wider than the paper, and Chromium then shrinks the whole page to fit, leaving a third of it blank. */
  [data-testid="stHorizontalBlock"] > [data-testid="stColumn"] { flex: 1 1 0 !important; min-width: 0 !important;
    width: auto !important; max-width: 100% !important; }
  [data-testid="stPlotlyChart"], [data-testid="stMetric"], [data-testid="stAlert"], [data-testid="stDataFrame"],
  .st-key-ov_verdict { break-inside: avoid; }
  /* A long list in a bordered box (the attention list) runs on to the next page instead of leaving this one
     half empty; the overview of a unit then prints on two pages. */
  [data-testid="stVerticalBlockBorderWrapper"] { break-inside: auto; }
  /* Blocks one under another as plain blocks, so a heading stays on the page of the chart or table it heads
     (Chromium keeps "break-after: avoid" in block flow, not between the items of a flex column). */
  [data-testid="stVerticalBlock"]:not(.st-key-demo_banner) { display: block !important; }
  [data-testid="stVerticalBlock"] > * { margin-bottom: 0.4rem; }
  [data-testid="stMain"] h1 { padding-top: 0 !important; }
  [data-testid="stElementContainer"]:has(h1, h2, h3, h4),
  [data-testid="stElementContainer"]:has(h1, h2, h3, h4) + [data-testid="stElementContainer"]:has(
    [data-testid="stCaptionContainer"]) { break-after: avoid !important; }
  [data-testid="stMarkdownContainer"] p { margin-bottom: 0.25rem !important; }
  [data-testid="stCaptionContainer"] p { margin: 0 !important; }
  [data-testid="stPageLink"] a { color: #1f4e79 !important; padding: 0 !important; }
  * { -webkit-print-color-adjust: exact !important; print-color-adjust: exact !important; }
}
</style>
"""


# What reaches the browser: the rules without their comments (written for us, not for every visitor).
SENT_CSS = re.sub(r"\s*/\*.*?\*/", "", CSS, flags=re.DOTALL)


def apply_style() -> None:
    st.html(SENT_CSS)
