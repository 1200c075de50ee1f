"""The PDF briefing: the deck's content as an HTML report printed to PDF by headless Chromium.

Why this route. Thai needs real shaping: vowels and tone marks stack above and below their
consonant (ปั้น, ผู้ใหญ่), and lines may break only between words, which Thai writes without
spaces. Chromium shapes text with HarfBuzz and breaks Thai lines with ICU's dictionary, and its
PDF output embeds the fonts as subsets with a ToUnicode map, so the text can be searched and
copied (pdftotext gives back the unit's name exactly). PDF libraries that place glyphs one by
one (reportlab, fpdf without a shaping engine) put tone marks in the wrong place. Chromium is
also the browser kaleido already drives for the chart images, so one Debian package (chromium,
with fonts-thai-tlwg) serves both, and the charts go in as inline SVG: vector and sharp, with
their Thai labels as real text.

Printing goes through Playwright for Python, launched on Debian's Chromium (executable_path),
not a browser Playwright downloads: Playwright is well kept, waits for the page and its fonts
to load, and its page.pdf() takes the paper size, margins, a header (unit, year, round and
data date on every page) and a footer with page numbers. The browser is started once per process
and shared (exports.browser), on a thread of its own because Playwright's sync API refuses a
thread that already runs an asyncio loop. The cover is for the executives who read it: the
unit, the year and round, the data date and what the briefing holds.
"""

from __future__ import annotations

import datetime as dt
import html
import threading
from collections.abc import Sequence
from typing import Any

import jinja2

from analytics.exports import ExportError, browser
from analytics.exports.briefing import Briefing, build_briefing, section_part_titles
from analytics.exports.figures import PDF_WIDTH_PX, chart_figure
from analytics.exports.images import chromium_path, svg_inline
from analytics.palette import NEUTRAL, PRIMARY
from analytics.store import Store

PDF_MIME = "application/pdf"
FONT_STACK = "'TH Sarabun New', Sarabun, Laksaman, Loma, Garuda, sans-serif"
PRINT_WIDTH_PX = 1032  # A4 landscape less 12 mm margins each side, at 96 px an inch
PAIR_WIDTH_PX = 500  # each of two charts side by side

_TEMPLATE = jinja2.Environment(autoescape=True, undefined=jinja2.StrictUndefined).from_string("""\
<!DOCTYPE html>
<html lang="{{ lang }}">
<head>
<meta charset="utf-8">
<title>{{ doc_title }}</title>
<style>
  @page { size: A4 landscape; }
  html { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  body { font-family: {{ font_stack|safe }}; font-size: 15pt; line-height: 1.7; color: #262626; margin: 0; }
  .cover { border-top: 10px solid {{ primary }}; padding: 28mm 0 10mm; text-align: center; }
  .cover .kicker { font-size: 20pt; font-weight: bold; color: {{ neutral }}; margin: 0; }
  .cover h1 { font-size: 30pt; color: {{ primary }}; margin: 6mm 0 4mm; line-height: 1.5; }
  .cover .sub { font-size: 18pt; margin: 0; }
  .cover .asof { font-size: 15pt; color: {{ neutral }}; margin-top: 3mm; }
  .cover .contents { font-size: 15pt; color: {{ neutral }}; margin: 16mm 20mm 0; }
  section { margin: 0 0 8mm; break-before: page; }
  /* The padding keeps stacked Thai marks of a heading that opens a page inside that page. */
  h2 { font-size: 20pt; color: {{ primary }}; border-bottom: 1.5px solid {{ primary }}; padding: 2mm 0 1mm;
       margin: 0 0 4mm; line-height: 1.5; break-after: avoid; }
  h3 { font-size: 15pt; color: {{ primary }}; margin: 0 0 1mm; line-height: 1.5; }
  .tiles { display: grid; grid-template-columns: repeat(4, 1fr); gap: 3mm; margin-bottom: 4mm; }
  .tile { background: #f2f6fa; border: 1px solid #d9d9d9; border-radius: 2mm; padding: 2mm 3mm;
          break-inside: avoid; }
  .tile .label { font-size: 13pt; color: {{ neutral }}; }
  .tile .value { font-size: 22pt; font-weight: bold; line-height: 1.4; }
  .tile .note { font-size: 12pt; color: {{ neutral }}; }
  .figure { display: flex; gap: 6mm; align-items: flex-start; break-inside: avoid; }
  .figure .chart { flex: 0 0 64%; }
  .figure.pair .chart { flex: 1 1 50%; }
  .figure .side { flex: 1 1 auto; background: #f2f6fa; padding: 3mm 4mm; }
  .box { background: #f2f6fa; padding: 3mm 4mm; margin: 0 0 4mm; }
  .box h3 { break-after: avoid; }
  ul.notes { list-style: none; padding: 0; margin: 0 0 3mm; }
  ul.notes li { margin: 0 0 1.5mm; }
  table { border-collapse: collapse; width: 100%; font-size: 13pt; table-layout: fixed; line-height: 1.5;
          margin-bottom: 4mm; }
  thead { display: table-header-group; }
  th { background: {{ primary }}; color: #fff; font-weight: bold; padding: 1.2mm 1.5mm; text-align: left;
       vertical-align: bottom; }
  td { padding: 1.2mm 1.5mm; vertical-align: top; border-bottom: 1px solid #e3e3e3; overflow-wrap: anywhere; }
  tr { break-inside: avoid; }
  tbody tr:nth-child(even) td { background: #f2f6fa; }
  .right { text-align: right; }
  td.right { white-space: nowrap; }
  .center { text-align: center; }
</style>
</head>
<body>
{% macro notes(items, title) %}{% if title %}<h3>{{ title }}</h3>{% endif %}<ul class="notes">
  {% for n in items %}<li style="{% if n.colour %}color: {{ n.colour }};{% endif %}{% if n.bold %}font-weight: bold;{% endif %}">{% if n.marker %}<span style="color: {{ n.marker[1] }}">{{ n.marker[0] }}</span> {% endif %}{{ n.text }}</li>{% endfor %}
</ul>{% endmacro %}
<div class="cover">
  <p class="kicker">{{ kicker }}</p>
  <h1>{{ org_name }}</h1>
  <p class="sub">{{ subtitle }}</p>
  <p class="asof">{{ as_of }}</p>
  <p class="contents">{{ contents }}</p>
</div>
{% for s in sections %}
<section id="{{ s.key }}">
  <h2>{{ s.title }}</h2>
  {% if s.tiles %}<div class="tiles">
    {% for tile in s.tiles %}<div class="tile" {% if tile.colour %}style="border-color: {{ tile.colour }}"{% endif %}>
      <div class="label">{{ tile.label }}</div>
      <div class="value" {% if tile.colour %}style="color: {{ tile.colour }}"{% endif %}>{{ tile.value }}</div>
      {% if tile.note %}<div class="note">{{ tile.note }}</div>{% endif %}
    </div>{% endfor %}
  </div>{% endif %}
  {% if s.key in charts and s.key + ':2' in charts %}<div class="figure pair">
    <div class="chart"><h3>{{ s.chart.title }}</h3>{{ charts[s.key]|safe }}</div>
    <div class="chart"><h3>{{ s.chart2.title }}</h3>{{ charts[s.key + ':2']|safe }}</div></div>
  {% if s.notes %}<div class="box">{{ notes(s.notes, s.notes_title) }}</div>{% endif %}
  {% elif s.key in charts %}<div class="figure"><div class="chart">{{ charts[s.key]|safe }}</div>
  {% if s.notes %}<div class="side">{{ notes(s.notes, s.notes_title) }}</div>{% endif %}</div>
  {% endif %}
  {% if s.table %}<table>
    <colgroup>{% for c in s.table.columns %}<col style="width: {{ '%.1f' % (100 * c.width_in / widths[s.key]) }}%">{% endfor %}</colgroup>
    <thead><tr>{% for c in s.table.columns %}<th class="{{ c.align }}">{{ c.header }}</th>{% endfor %}</tr></thead>
    <tbody>{% for row in s.table.rows %}{% set i = loop.index0 %}<tr>{% for cell in row %}{% set colour = s.table.colours.get((i, loop.index0)) %}<td class="{{ s.table.columns[loop.index0].align }}"{% if colour %} style="color: {{ colour }}"{% endif %}>{{ cell }}</td>{% endfor %}</tr>{% endfor %}</tbody>
  </table>{% endif %}
  {% if s.notes and s.key not in charts %}<div class="box">{{ notes(s.notes, s.notes_title) }}</div>{% endif %}
</section>
{% endfor %}
</body>
</html>
""")


def chart_svgs(b: Briefing) -> dict[str, str]:
    """Each section's chart as inline SVG, keyed by section ("key" and "key:2" for a second chart)."""
    svgs: dict[str, str] = {}
    for s in b.sections:
        if s.chart is not None:
            pair = s.chart2 is not None
            width = PAIR_WIDTH_PX if pair else PDF_WIDTH_PX
            svgs[s.key] = svg_inline(chart_figure(s.chart, width))
            if s.chart2 is not None:
                svgs[f"{s.key}:2"] = svg_inline(chart_figure(s.chart2, width))
    return svgs


def briefing_html(b: Briefing, charts: bool = True) -> str:
    """The briefing as one HTML page; charts as inline SVG rendered by kaleido (or left out)."""
    svgs = chart_svgs(b) if charts else {}
    widths = {s.key: sum(c.width_in for c in s.table.columns) for s in b.sections if s.table is not None}
    return _TEMPLATE.render(
        lang=b.lang, doc_title=f"{b.title} – {b.org_name}", kicker=b.title, org_name=b.org_name, subtitle=b.subtitle,
        as_of=b.t("exp.as_of", date=b.as_of), contents=b.t("exp.contents", parts=" · ".join(section_part_titles(b))),
        sections=b.sections, charts=svgs, widths=widths, font_stack=FONT_STACK, primary=PRIMARY, neutral=NEUTRAL)


def _header_template(b: Briefing) -> str:
    return (f'<div style="width:100%; font-family:{html.escape(FONT_STACK)}; font-size:10px; color:{NEUTRAL}; '
            f'padding:0 12mm; display:flex; justify-content:space-between;">'
            f'<span>{html.escape(b.org_name)}</span><span>{html.escape(b.header_line)}</span></div>')


def _footer_template(b: Briefing) -> str:
    source = html.escape(b.source_line)
    page = html.escape(b.t("exp.page"))
    return (f'<div style="width:100%; font-family:{html.escape(FONT_STACK)}; font-size:10px; color:{NEUTRAL}; '
            f'padding:0 12mm; display:flex; justify-content:space-between;">'
            f'<span>{source}</span><span>{page} <span class="pageNumber"></span> / '
            f'<span class="totalPages"></span></span></div>')


# Text boxes of every chart on the page, measured by the browser that prints it: a text outside its
# chart is cut at the edge; an axis title or a bar label on top of a tick label cannot be read.
_CHART_TEXT_JS = """() => {
  const problems = [];
  const box = (e) => e.getBoundingClientRect();
  const meets = (a, b) => a.left < b.right - 0.5 && b.left < a.right - 0.5 && a.top < b.bottom - 0.5 && b.top < a.bottom - 0.5;
  const label = (e) => (e.textContent || '').trim();
  document.querySelectorAll('.chart').forEach((chart, k) => {
    const svg = chart.querySelector('svg');
    if (!svg) return;
    const frame = box(svg);
    const name = (chart.closest('section') || {}).id || String(k);
    const texts = [...svg.querySelectorAll('text')].filter((e) => label(e) && box(e).width > 0);
    for (const t of texts) {
      const r = box(t);
      if (r.left < frame.left - 0.5 || r.right > frame.right + 0.5 || r.top < frame.top - 0.5 || r.bottom > frame.bottom + 0.5)
        problems.push(`${name}: "${label(t)}" is clipped by the chart's edge`);
    }
    const ticks = [...svg.querySelectorAll('.xtick text, .ytick text')].filter((e) => label(e));
    const titles = [...svg.querySelectorAll('.g-xtitle text, .g-ytitle text')].filter((e) => label(e));
    const bars = [...svg.querySelectorAll('.bartext')].filter((e) => label(e));
    for (const t of [...titles, ...bars]) for (const tick of ticks)
      if (meets(box(t), box(tick))) problems.push(`${name}: "${label(t)}" overlaps the tick label "${label(tick)}"`);
    for (let i = 0; i < ticks.length; i++) for (let j = i + 1; j < ticks.length; j++)
      if (meets(box(ticks[i]), box(ticks[j]))) problems.push(`${name}: tick labels "${label(ticks[i])}" and "${label(ticks[j])}" overlap`);
  });
  return problems;
}"""


def _with_page(page_html: str, work: Any) -> Any:
    """Run work(page) on a page of a Chromium of its own holding the HTML, laid out for print at the printed
    width, on a thread of its own; return its result. (The shared printer only prints.)"""
    result: dict[str, Any] = {}

    def run() -> None:
        try:
            from playwright.sync_api import sync_playwright
            with sync_playwright() as p:
                chromium = p.chromium.launch(executable_path=chromium_path(), args=list(browser.CHROMIUM_FLAGS),
                                            timeout=browser.PRINT_TIMEOUT_S * 1000)
                try:
                    page = chromium.new_page(viewport={"width": PRINT_WIDTH_PX, "height": 800})
                    page.emulate_media(media="print")
                    page.set_content(page_html, wait_until="load", timeout=browser.PRINT_TIMEOUT_S * 1000)
                    page.evaluate("document.fonts.ready.then(() => true)")
                    result["value"] = work(page)
                finally:
                    chromium.close()
        except BaseException as exc:  # handed to the caller's thread
            result["error"] = exc

    worker = threading.Thread(target=run, name="pramern-pdf-check", daemon=True)
    worker.start()
    worker.join(browser.PRINT_TIMEOUT_S * 2)
    if worker.is_alive():
        raise ExportError("Printing the PDF took too long.", "สร้างไฟล์ PDF นานเกินกำหนด")
    if "error" in result:
        exc = result["error"]
        if isinstance(exc, ExportError):
            raise exc
        raise ExportError(f"Chromium could not print the PDF: {exc!r}", f"Chromium สร้างไฟล์ PDF ไม่สำเร็จ: {exc!r}") \
            from exc
    return result["value"]


def chart_text_problems(page_html: str) -> list[str]:
    """Every chart text that is cut at its chart's edge or overlaps a tick label, at the printed width."""
    return list(_with_page(page_html, lambda page: page.evaluate(_CHART_TEXT_JS)))


def print_pdf(page_html: str, footer_html: str, header_html: str = "<span></span>") -> bytes:
    """Print an HTML page to A4 landscape PDF on the shared Chromium printer (exports.browser)."""
    return browser.print_pdf(page_html, {
        "format": "A4", "landscape": True, "print_background": True, "display_header_footer": True,
        "header_template": header_html, "footer_template": footer_html,
        "margin": {"top": "16mm", "bottom": "15mm", "left": "12mm", "right": "12mm"}})


def pdf_from_briefing(b: Briefing) -> bytes:
    return print_pdf(briefing_html(b), _footer_template(b), _header_template(b))


def build_pdf(store: Store, org: str, year: int, round: int = 12, lang: str = "th",
              today: dt.date | None = None, parts: Sequence[str] | None = None) -> bytes:
    """The PDF briefing of one organisation, fiscal year (BE) and round, with the parts asked for."""
    return pdf_from_briefing(build_briefing(store, org, year, round, lang, today, parts))

