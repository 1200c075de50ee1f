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
to load, and its page.pdf() takes the paper size, margins and a footer template with page
numbers. The browser is started once per process and shared (exports.browser), on a thread of
its own because Playwright's sync API refuses a thread that already runs an asyncio loop.
"""

from __future__ import annotations

import datetime as dt
import html

import jinja2

from analytics.exports import browser
from analytics.exports.briefing import Briefing, build_briefing
from analytics.exports.figures import chart_figure
from analytics.exports.images import svg_inline
from analytics.palette import NEUTRAL, PRIMARY
from analytics.store import Store

PDF_MIME = "application/pdf"
FONT_STACK = "'TH Sarabun New', Sarabun, Laksaman, Loma, Garuda, sans-serif"

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
  .cover { border-top: 10px solid {{ primary }}; padding: 30mm 0 10mm; text-align: center; }
  .cover .kicker { font-size: 20pt; font-weight: bold; color: {{ neutral }}; margin: 0; }
  .cover h1 { font-size: 30pt; color: {{ primary }}; margin: 6mm 0 4mm; line-height: 1.3; }
  .cover .sub { font-size: 18pt; margin: 0; }
  .cover .asof { font-size: 15pt; color: {{ neutral }}; margin-top: 3mm; }
  .cover .note { font-size: 12pt; color: {{ neutral }}; margin: 25mm 20mm 0; text-align: left; }
  section { margin: 0 0 8mm; }
  section { break-before: page; }
  section.missing { break-before: auto; margin-top: 4mm; }
  /* The padding keeps stacked Thai marks of a heading that opens a page inside that page. */
  h2 { font-size: 20pt; color: {{ primary }}; border-bottom: 1.5px solid {{ primary }}; padding: 2mm 0 1mm;
       margin: 0 0 4mm; line-height: 1.5; break-after: avoid; }
  .tiles { display: grid; grid-template-columns: repeat(4, 1fr); gap: 3mm; }
  .tile { background: #f2f6fa; border: 1px solid #d9d9d9; border-radius: 2mm; padding: 2mm 3mm;
          break-inside: avoid; }
  .tile .label { font-size: 13pt; color: {{ neutral }}; }
  .tile .value { font-size: 22pt; font-weight: bold; line-height: 1.25; }
  .tile .note { font-size: 12pt; color: {{ neutral }}; }
  .figure { display: flex; gap: 6mm; align-items: flex-start; break-inside: avoid; }
  .figure .chart { flex: 0 0 64%; }
  .figure .side { flex: 1 1 auto; background: #f2f6fa; padding: 3mm 4mm; }
  ul.notes { list-style: none; padding: 0; margin: 0 0 3mm; break-inside: avoid; }
  ul.notes li { margin: 0 0 1.5mm; }
  table { border-collapse: collapse; width: 100%; font-size: 13pt; table-layout: fixed; line-height: 1.5; }
  thead { display: table-header-group; }
  th { background: {{ primary }}; color: #fff; font-weight: bold; padding: 1.2mm 1.5mm; text-align: left;
       vertical-align: bottom; }
  td { padding: 1.2mm 1.5mm; vertical-align: top; border-bottom: 1px solid #e3e3e3; overflow-wrap: anywhere; }
  tr { break-inside: avoid; }
  tbody tr:nth-child(even) td { background: #f2f6fa; }
  .right { text-align: right; }
  td.right { white-space: nowrap; }
  .center { text-align: center; }
  .empty { color: {{ neutral }}; font-size: 16pt; margin: 0; padding: 1mm 0; }
</style>
</head>
<body>
{% macro notes(items) %}<ul class="notes">
  {% for n in items %}<li style="{% if n.colour %}color: {{ n.colour }};{% endif %}{% if n.bold %}font-weight: bold;{% endif %}">{% if n.marker %}<span style="color: {{ n.marker[1] }}">{{ n.marker[0] }}</span> {% endif %}{{ n.text }}</li>{% endfor %}
</ul>{% endmacro %}
<div class="cover">
  <p class="kicker">{{ kicker }}</p>
  <h1>{{ org_name }}</h1>
  <p class="sub">{{ subtitle }}</p>
  <p class="asof">{{ as_of }}</p>
  <p class="note">{{ source }}</p>
</div>
{% for s in sections %}
<section id="{{ s.key }}"{% if s.empty is not none %} class="missing"{% endif %}>
  <h2>{{ s.title }}</h2>
  {% if s.empty is not none %}<p class="empty">{{ s.empty }}</p>{% endif %}
  {% if s.tiles %}<div class="tiles">
    {% for tile in s.tiles %}<div class="tile" {% if tile.colour %}style="border-color: {{ tile.colour }}"{% endif %}>
      <div class="label">{{ tile.label }}</div>
      <div class="value" {% if tile.colour %}style="color: {{ tile.colour }}"{% endif %}>{{ tile.value }}</div>
      {% if tile.note %}<div class="note">{{ tile.note }}</div>{% endif %}
    </div>{% endfor %}
  </div>{% endif %}
  {% if s.key in charts %}<div class="figure"><div class="chart">{{ charts[s.key]|safe }}</div>
  {% if s.notes %}<div class="side">{{ notes(s.notes) }}</div>{% endif %}</div>
  {% elif s.notes %}{{ notes(s.notes) }}{% endif %}
  {% if s.table %}<table>
    <colgroup>{% for c in s.table.columns %}<col style="width: {{ '%.1f' % (100 * c.width_in / widths[s.key]) }}%">{% endfor %}</colgroup>
    <thead><tr>{% for c in s.table.columns %}<th class="{{ c.align }}">{{ c.header }}</th>{% endfor %}</tr></thead>
    <tbody>{% for row in s.table.rows %}{% set i = loop.index0 %}<tr>{% for cell in row %}{% set colour = s.table.colours.get((i, loop.index0)) %}<td class="{{ s.table.columns[loop.index0].align }}"{% if colour %} style="color: {{ colour }}"{% endif %}>{{ cell }}</td>{% endfor %}</tr>{% endfor %}</tbody>
  </table>{% endif %}
</section>
{% endfor %}
</body>
</html>
""")


def briefing_html(b: Briefing, charts: bool = True) -> str:
    """The briefing as one HTML page; charts as inline SVG rendered by kaleido (or left out)."""
    svgs: dict[str, str] = {}
    if charts:
        for s in b.sections:
            if s.chart is not None and s.empty is None:
                svgs[s.key] = svg_inline(chart_figure(s.chart))
    widths = {s.key: sum(c.width_in for c in s.table.columns) for s in b.sections if s.table is not None}
    return _TEMPLATE.render(
        lang=b.lang, doc_title=f"{b.title} – {b.org_name}", kicker=b.title, org_name=b.org_name, subtitle=b.subtitle,
        as_of=b.t("exp.as_of", date=b.as_of), source=b.t("exp.font_note"), sections=b.sections, charts=svgs,
        widths=widths, font_stack=FONT_STACK, primary=PRIMARY, neutral=NEUTRAL)


def _footer_template(b: Briefing) -> str:
    source = html.escape(b.source_line)
    page = html.escape(b.t("exp.page"))
    return (f'<div style="width:100%; font-family:{html.escape(FONT_STACK)}; font-size:10px; color:{NEUTRAL}; '
            f'padding:0 12mm; display:flex; justify-content:space-between;">'
            f'<span>{source}</span><span>{page} <span class="pageNumber"></span> / '
            f'<span class="totalPages"></span></span></div>')


def print_pdf(page_html: str, footer_html: str) -> bytes:
    """Print an HTML page to A4 PDF on the shared Chromium printer (exports.browser)."""
    return browser.print_pdf(page_html, {
        "format": "A4", "landscape": True, "print_background": True, "display_header_footer": True,
        "header_template": "<span></span>", "footer_template": footer_html,
        "margin": {"top": "12mm", "bottom": "15mm", "left": "12mm", "right": "12mm"}})


def pdf_from_briefing(b: Briefing) -> bytes:
    return print_pdf(briefing_html(b), _footer_template(b))


def build_pdf(store: Store, org: str, year: int, round: int = 12, lang: str = "th",
              today: dt.date | None = None) -> bytes:
    """The PDF briefing of one organisation, fiscal year (BE) and round."""
    return pdf_from_briefing(build_briefing(store, org, year, round, lang, today))

