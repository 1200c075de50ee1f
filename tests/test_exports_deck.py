"""The meeting deck, opened back with python-pptx: slides, native charts, fitting text, footers, the CLI."""

from __future__ import annotations

import datetime as dt
import io
import math
import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from pptx import Presentation
from pptx.enum.shapes import MSO_SHAPE_TYPE
from pptx.oxml.ns import qn

from analytics import report
from analytics.actions import count_actions
from analytics.cli import main
from analytics.exports import NoDataError
from analytics.exports import text as tx
from analytics.exports.briefing import PARTS, parse_parts
from analytics.exports.deck import FONT, build_deck
from analytics.palette import ACTION_STATUS_COLOURS, BAND_COLOURS, PRIMARY
from analytics.store import Store

TODAY = dt.date(2026, 11, 20)
EMU_PER_PT = 12700
SOURCE = "ที่มา: Pramern – สำนักงาน ก.พ.ร. / สำนักงาน ป.ป.ช. | ข้อมูล ณ วันที่ 20 พ.ย. 2569"
LAKSAMAN = Path("/usr/share/fonts/truetype/tlwg")


@pytest.fixture(scope="module")
def deck_store(demo_db_file: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    target = tmp_path_factory.mktemp("deck") / "demo.duckdb"
    shutil.copy(demo_db_file, target)
    s = Store(target)
    yield s
    s.close()


@pytest.fixture(scope="module")
def deck(deck_store: Store) -> Any:
    return Presentation(io.BytesIO(build_deck(deck_store, "DPIM", 2568, 12, "th", TODAY)))


def charts(prs: Any) -> dict[int, list[Any]]:
    """Slide number -> the charts on it."""
    found: dict[int, list[Any]] = {}
    for n, slide in enumerate(prs.slides, 1):
        for shape in slide.shapes:
            if shape.has_chart:
                found.setdefault(n, []).append(shape.chart)
    return found


def slide_titles(prs: Any) -> list[str]:
    return [slide.shapes.title.text_frame.text for slide in prs.slides]


def frames(prs: Any) -> Iterator[tuple[int, str, Any, float, float, float, float]]:
    """(slide, name, text frame, x, y, width, height) of every text box, placeholder and table cell, in points."""
    for n, slide in enumerate(prs.slides, 1):
        for shape in slide.shapes:
            x, y, w, h = (v / EMU_PER_PT for v in (shape.left, shape.top, shape.width, shape.height))
            if shape.has_text_frame:
                yield n, shape.name, shape.text_frame, x, y, w, h
            if shape.has_table:
                table = shape.table
                top = y
                for row in table.rows:
                    left = x
                    for j, cell in enumerate(row.cells):
                        cw = table.columns[j].width / EMU_PER_PT
                        yield n, f"{shape.name} cell", cell, left, top, cw, row.height / EMU_PER_PT
                        left += cw
                    top += row.height / EMU_PER_PT


def paragraphs(frame: Any) -> Iterator[tuple[str, float, bool, float]]:
    """(text, size in points, bold, space after in points) of each paragraph with text."""
    for p in frame.text_frame.paragraphs if hasattr(frame, "text_frame") else frame.paragraphs:
        if not p.text:
            continue
        props = list(p._p.iter(qn("a:rPr")))  # runs and fields (the slide number) alike
        size = max((int(r.get("sz")) / 100 for r in props if r.get("sz")), default=18.0)
        bold = any(r.get("b") == "1" for r in props)
        yield p.text, size, bold, (p.space_after.pt if p.space_after is not None else 0.0)


def insets(frame: Any) -> tuple[float, float]:
    return ((frame.margin_left + frame.margin_right) / EMU_PER_PT, (frame.margin_top + frame.margin_bottom) / EMU_PER_PT)


DPIM_TITLES = [
    "สรุปผลการประเมินส่วนราชการ\nกรมอุตสาหกรรมพื้นฐานและการเหมืองแร่",
    "ภาพรวมผลการประเมิน",
    "เปรียบเทียบกับหน่วยงานในกระทรวงอุตสาหกรรม ปี 2568",
    "คะแนนรายมิติ (ตัวชี้วัด KPI รอบ 12 เดือน)",
    "ผลการดำเนินงานรายตัวชี้วัด รอบ 12 เดือน (1/3)",
    "ผลการดำเนินงานรายตัวชี้วัด รอบ 12 เดือน (2/3)",
    "ผลการดำเนินงานรายตัวชี้วัด รอบ 12 เดือน (3/3)",
    "ผลการประเมิน ITA รายตัวชี้วัด จำแนกตามผลการวิเคราะห์",
    "ตัวชี้วัด ITA ที่ 7 ประสิทธิภาพการสื่อสาร (83.41)",
    "ตัวชี้วัด ITA ที่ 8 การปรับปรุงการทำงาน (80.36)",  # seed 004 prints 80.36 for indicator 8
    "ข้อคำถาม ITA อื่นที่ต่ำกว่า 90 และข้อเสนอแนะ",
    "สถานะแผนปฏิบัติการ",
    "แผนปฏิบัติการที่เกินกำหนด",
    "รอบการประเมิน: ระยะเวลามาตรฐานเทียบกับที่ใช้จริง",
]


def test_slides(deck):
    """It makes a 16:9 deck: title, summary, ministry comparison, dimensions, 3 KPI slides, ITA indicators,
    one slide per indicator in the improve band (7 and 8), the other weak questions, actions, overdue, cycle."""
    assert (deck.slide_width, deck.slide_height) == (12192000, 6858000)  # 13.333 x 7.5 in
    assert slide_titles(deck) == DPIM_TITLES


def test_title_slide(deck):
    """The title slide names the unit, the fiscal year in BE, the round and the date; nothing meant for IT."""
    slide = deck.slides[0]
    text = "\n".join(s.text_frame.text for s in slide.shapes if s.has_text_frame)
    assert "กรมอุตสาหกรรมพื้นฐานและการเหมืองแร่" in text
    assert "กพร. · ปีงบประมาณ พ.ศ. 2568 · รอบ 12 เดือน" in text
    assert "ข้อมูล ณ วันที่ 20 พ.ย. 2569" in text
    assert "Laksaman" not in text and "Laksaman" not in slide.notes_slide.notes_text_frame.text


def test_speaker_notes_name_the_imports(deck):
    """Every slide's notes say which import file (batch, date, time) its figures come from, and the data date."""
    for n, slide in enumerate(deck.slides, 1):
        notes = slide.notes_slide.notes_text_frame.text
        assert notes.startswith("ที่มาของตัวเลขในสไลด์นี้ (Pramern):"), n
        assert re.search(r"ไฟล์ \S+\.csv \(ชุดนำเข้าที่ \d+\) นำเข้าเมื่อ \d+ \S+ \d{4} เวลา \d\d:\d\d น\.", notes), n
        assert notes.endswith("ข้อมูล ณ วันที่ 20 พ.ย. 2569 (วันที่ใช้คำนวณรายการเกินกำหนด)"), n
    by_title = dict(zip(slide_titles(deck), (s.notes_slide.notes_text_frame.text for s in deck.slides), strict=True))
    kpi_notes = by_title["คะแนนรายมิติ (ตัวชี้วัด KPI รอบ 12 เดือน)"]
    assert "13_kpi_dpim_2568.csv" in kpi_notes and "ita" not in kpi_notes
    assert "31_actions_dpim_2569.csv" in by_title["ตัวชี้วัด ITA ที่ 7 ประสิทธิภาพการสื่อสาร (83.41)"]
    comparison = by_title["เปรียบเทียบกับหน่วยงานในกระทรวงอุตสาหกรรม ปี 2568"]
    assert "14_kpi_units_2568.csv" in comparison and "13_kpi_dpim_2568.csv" in comparison
    assert "20_ita_summary.csv" in comparison


def tiles_of(slide: Any) -> dict[str, list[str]]:
    tiles = [s.text_frame.text.split("\n") for s in slide.shapes
             if s.shape_type == MSO_SHAPE_TYPE.AUTO_SHAPE and s.has_text_frame and s.text_frame.text]
    return {t[0]: t[1:] for t in tiles}


def test_summary_figures_are_the_reports(deck, deck_store):
    """The summary tiles carry the numbers analytics.report and the one action count give the dashboard."""
    kpi = report.kpi_report(deck_store, "DPIM", 2568, 12)
    ita = report.ita_report(deck_store, "DPIM", 2568)
    counts = count_actions(deck_store, "DPIM", 2568, TODAY)
    assert kpi is not None and ita is not None
    by_label = tiles_of(deck.slides[1])
    assert by_label["คะแนนรวมถ่วงน้ำหนัก"] == [f"{kpi.composite:.4f}", "เต็ม 100 คะแนน"]
    assert by_label["คะแนน ITA"] == ["94.23", "▲ พัฒนาระดับ · ผ่าน"]
    assert by_label["ลำดับในกระทรวง"][0] == "6 จาก 8"
    assert by_label["ห่างจากรักษาระดับ 95"][0] == "-0.77"
    assert by_label["ดำเนินการแล้ว"][0] == f"{counts.done} จาก {counts.total}" == "7 จาก 9"
    assert by_label["แผนฯ ที่เกินกำหนด"] == [str(counts.overdue), "จาก 2 รายการที่ยังไม่เสร็จ ณ 20 พ.ย. 2569"]
    assert by_label["รอบประเมิน (ใช้จริง)"][0] == "58 วันทำการ"  # step 9 (ถ้ามี) not needed in FY2568
    assert len(by_label) == 8
    assert not [s for s in deck.slides[1].shapes if s.name == "Missing data"]


def test_charts_are_native_with_thai_categories(deck, deck_store):
    """Every chart is a PowerPoint chart object (no picture anywhere) with the report's categories and values."""
    for slide in deck.slides:
        assert not [s for s in slide.shapes if s.shape_type == MSO_SHAPE_TYPE.PICTURE]
    found = charts(deck)
    assert sorted(found) == [3, 4, 8, 12, 14]
    kpi = report.kpi_report(deck_store, "DPIM", 2568, 12)
    assert kpi is not None
    dims = found[4][0].plots[0]
    assert list(dims.categories) == ["มิติที่ 1 ประสิทธิผลการดำเนินงาน (Performance Base)",
                                     "มิติที่ 2 ศักยภาพในการดำเนินการ (Potential Base)",
                                     "มิติที่ 3 คุณภาพการให้บริการ", "มิติที่ 4 การพัฒนาองค์การ"]
    assert list(dims.series[0].values) == pytest.approx(list(kpi.dimensions["score"]))
    status = found[12][0].plots[0]
    assert list(status.categories) == ["ดำเนินการแล้ว", "กำลังดำเนินการ", "ยังไม่เริ่ม", "ยกเลิก"]
    counts = count_actions(deck_store, "DPIM", 2568, TODAY)
    assert list(status.series[0].values) == [counts.done, counts.in_progress, counts.not_started, counts.cancelled]
    assert sum(status.series[0].values) == counts.total
    colours = [str(status.series[0].points[i].format.fill.fore_color.rgb) for i in range(4)]
    assert colours == [ACTION_STATUS_COLOURS[s].lstrip("#").upper() for s in ("done", "in_progress", "not_started",
                                                                             "cancelled")]
    cycle = found[14][0].plots[0]
    assert list(cycle.categories) == [str(n) for n in range(1, 17)]
    assert [s.name for s in cycle.series] == ["มาตรฐาน (วันทำการ)", "ใช้จริง (วันทำการ)"]
    assert sum(cycle.series[0].values) == 55


def test_comparison_ranks_the_ministry_and_highlights_the_unit(deck, deck_store):
    """The comparison slide ranks the ministry's units by ITA and by KPI composite, DPIM marked and in the primary colour."""
    ita_chart, kpi_chart = charts(deck)[3]
    group = deck_store.ita_group(2568, "กระทรวงอุตสาหกรรม")
    ita = ita_chart.plots[0]
    assert len(list(ita.categories)) == len(group) == 8
    assert list(ita.series[0].values) == pytest.approx([round(v, 2) for v in group["overall"]])
    assert list(ita.categories)[5] == "กพร."
    fills = [str(ita.series[0].points[i].format.fill.fore_color.rgb) for i in range(8)]
    assert fills[5] == PRIMARY.lstrip("#").upper() and fills.count(PRIMARY.lstrip("#").upper()) == 1
    kpi = kpi_chart.plots[0]
    values = list(kpi.series[0].values)
    assert values == sorted(values, reverse=True) and len(values) == 7
    mine = list(kpi.categories).index("กพร.")
    assert str(kpi.series[0].points[mine].format.fill.fore_color.rgb) == PRIMARY.lstrip("#").upper()
    heads = [s.text_frame.text for s in deck.slides[2].shapes if s.name == "Chart title"]
    # KPI FY2568: DPIM 85.0343 is 4th of the 7 departments (TISI 89.0917, OPS 88.7148, OIE 88.4013 ahead)
    assert heads == ["ITA: อันดับ 6 จาก 8 (เฉลี่ย 94.83)", "KPI: อันดับ 4 จาก 7 (เฉลี่ย 86.27)"]


def test_ita_chart_points_take_the_band_colours(deck, deck_store):
    """The ITA indicators chart has the ten indicators in Thai and each point in its band's colour."""
    ita = report.ita_report(deck_store, "DPIM", 2568)
    assert ita is not None
    plot = charts(deck)[8][0].plots[0]
    assert list(plot.categories) == [
        "1 การปฏิบัติหน้าที่", "2 การใช้งบประมาณ", "3 การใช้อำนาจ", "4 การใช้ทรัพย์สินของราชการ",
        "5 การแก้ไขปัญหาการทุจริต", "6 คุณภาพการดำเนินงาน", "7 ประสิทธิภาพการสื่อสาร", "8 การปรับปรุงการทำงาน",
        "9 การเปิดเผยข้อมูล", "10 การป้องกันการทุจริต"]
    series = plot.series[0]
    assert list(series.values) == pytest.approx([round(float(s), 2) for s in ita.indicators["score"]])
    for i, band in enumerate(ita.indicators["band"]):
        assert str(series.points[i].format.fill.fore_color.rgb) == BAND_COLOURS[band].lstrip("#").upper()
    assert {ita.indicators["band"][i] for i in (6, 7)} == {"improve"}


def test_kpi_table_is_paged(deck, deck_store):
    """The KPI table spreads over slides of at most 7 rows and carries every KPI's figures."""
    kpi = report.kpi_report(deck_store, "DPIM", 2568, 12)
    assert kpi is not None
    rows: list[list[str]] = []
    for slide in list(deck.slides)[4:7]:
        tables = [s.table for s in slide.shapes if s.has_table]
        assert len(tables) == 1
        body = [[c.text_frame.text for c in r.cells] for r in list(tables[0].rows)[1:]]
        assert 1 <= len(body) <= 7
        rows += body
    assert [r[0] for r in rows] == list(kpi.kpis["kpi_code"])
    by_code = {r[0]: r for r in rows}
    assert by_code["1.2"][2:6] == ["15.00", "3,260.00", "3,500.00", "63.0000"]
    assert by_code["1.2"][6] == "✖ ต่ำกว่าเป้าหมาย"
    assert by_code["2.3"][6] == "⊘ ยกเลิก"


def test_every_table_slide_has_at_most_seven_rows(deck, deck_store):
    """No table on any slide has more than seven body rows, here or in a unit with 54 overdue actions."""
    other = Presentation(io.BytesIO(build_deck(deck_store, "DLPW", 2563, 12, "th", TODAY)))
    for prs in (deck, other):
        for slide in prs.slides:
            for shape in slide.shapes:
                if shape.has_table:
                    assert len(shape.table.rows) - 1 <= 7
    overdue = [t for t in slide_titles(other) if t.startswith("แผนปฏิบัติการที่เกินกำหนด")]
    assert 2 <= len(overdue) <= 3
    last = next(s.table for s in other.slides[len(other.slides) - 1].shapes if s.has_table)
    assert last.cell(len(last.rows) - 1, 1).text_frame.text.startswith("… และอีก")


def test_improve_indicators_get_their_questions_and_measures(deck, deck_store):
    """Indicators 7 and 8 (improve band) each get a slide: their weak questions beside their FY2569 measures."""
    ita = report.ita_report(deck_store, "DPIM", 2568)
    assert ita is not None
    slide = deck.slides[8]
    table = next(s.table for s in slide.shapes if s.has_table)
    codes = [r.cells[0].text_frame.text for r in list(table.rows)[1:]]
    q = ita.questions
    assert sorted(codes) == sorted(q[(q["indicator_no"] == 7) & (q["band"] != "maintain")]["question_code"])
    panel = next(s for s in slide.shapes if s.has_text_frame and "มาตรการในแผนปี 2569" in s.text_frame.text)
    text = panel.text_frame.text
    assert "มาตรการพัฒนารูปแบบประสิทธิภาพการสื่อสารและประชาสัมพันธ์" in text
    assert "✔" in text


def test_other_weak_questions_carry_the_recommendations(deck, deck_store):
    """Improve-band questions under indicators outside the band are listed with the assessor's recommendation."""
    table = next(s.table for s in deck.slides[10].shapes if s.has_table)
    rows = [[c.text_frame.text for c in r.cells] for r in list(table.rows)[1:]]
    assert [r[0] for r in rows] == ["i10", "e1", "e2"]
    assert rows[0][1] == "4 การใช้ทรัพย์สินของราชการ" and rows[0][2] == "80.87"
    assert rows[0][4].startswith("หน่วยงานควรระบุขั้นตอนและแนวทางในการขอยืมทรัพย์สิน")
    assert rows[1][4] == "(ไม่มีข้อเสนอแนะ)"


def test_sizes_for_a_meeting_room(deck):
    """Titles are 28 pt or more; every other text, tables and charts included, 18 pt or more (footer aside)."""
    for n, slide in enumerate(deck.slides, 1):
        title = slide.shapes.title
        for shape in slide.shapes:
            if shape.name in ("Footer", "Slide number"):
                continue
            floor = 28.0 if shape == title and n > 1 else 18.0
            for rpr in shape._element.iter(qn("a:rPr"), qn("a:defRPr")):
                if rpr.get("sz"):
                    assert int(rpr.get("sz")) / 100 >= floor, (n, shape.name)
            if shape.has_chart:
                for rpr in shape.chart._chartSpace.iter(qn("a:defRPr"), qn("a:rPr")):
                    if rpr.get("sz"):
                        assert int(rpr.get("sz")) / 100 >= 18.0, (n, shape.name)


def test_thai_line_spacing(deck):
    """Every paragraph is set at 1.1 lines, so tone marks over vowels clear the line above."""
    spaced = 0
    for slide in deck.slides:
        for p in slide.shapes._spTree.iter(qn("a:p")):
            if "".join(p.itertext()).strip():
                pct = p.find(f"{qn('a:pPr')}/{qn('a:lnSpc')}/{qn('a:spcPct')}")
                assert pct is not None and int(pct.get("val")) == 110000
                spaced += 1
    assert spaced > 100


def assert_no_overflow(prs: Any) -> int:
    checked = 0
    for n, name, frame, x, y, w, h in frames(prs):
        assert x >= -0.01 and y >= -0.01 and x + w <= 960.01 and y + h <= 540.01, (n, name)
        ix, iy = insets(frame)
        need = sum(tx.lines_needed(text, size, w - ix, bold) * tx.line_height_pt(size) + after
                   for text, size, bold, after in paragraphs(frame))
        assert need <= h - iy + 0.5, (n, name, need, h - iy)
        checked += 1
    return checked


def test_no_text_overflows(deck, deck_store):
    """At the sizes set (18 pt body, 28 pt and up titles, 1.1 lines), no text frame's text is taller than its box,
    and no box leaves the 16:9 slide: for a full unit, an almost empty one, one with 54 overdue actions, in English."""
    assert assert_no_overflow(deck) > 150
    for org, year, lang in (("OMIN", 2568, "th"), ("DLPW", 2563, "th"), ("DPIM", 2568, "en")):
        prs = Presentation(io.BytesIO(build_deck(deck_store, org, year, 12, lang, TODAY)))
        assert assert_no_overflow(prs) > 10, (org, lang)


@pytest.mark.skipif(not (LAKSAMAN / "Laksaman.ttf").exists(), reason="fonts-thai-tlwg is installed by make system")
def test_estimate_is_conservative_against_laksaman(deck):
    """Measured with Laksaman (TH Sarabun New's metric twin) and real shaping, no paragraph is wider than estimated."""
    from PIL import ImageFont
    fonts: dict[tuple[float, bool], Any] = {}
    for _n, _name, frame, _x, _y, w, _h in frames(deck):
        ix, _ = insets(frame)
        for text, size, bold, _after in paragraphs(frame):
            key = (size, bold)
            if key not in fonts:
                fonts[key] = ImageFont.truetype(str(LAKSAMAN / ("Laksaman-Bold.ttf" if bold else "Laksaman.ttf")),
                                                int(size * 10))
            for line in text.split("\n"):
                real = fonts[key].getlength(line) / 10
                assert math.ceil(real / (w - ix)) <= tx.lines_needed(line, size, w - ix, bold), (line, size)


def test_footer_and_number_on_every_slide_but_the_title(deck):
    """Every slide but the title has the source footer with the date in Thai and a slide-number field."""
    assert not [s for s in deck.slides[0].shapes if s.name == "Footer"]
    for n, slide in enumerate(list(deck.slides)[1:], 2):
        footer = [s.text_frame.text for s in slide.shapes if s.name == "Footer"]
        assert footer == [SOURCE]
        number = next(s for s in slide.shapes if s.name == "Slide number")
        fields = number.text_frame._txBody.findall(".//" + qn("a:fld"))
        assert [(f.get("type"), f.findtext(qn("a:t"))) for f in fields] == [("slidenum", str(n))]


def test_every_text_comes_from_the_catalogue(deck):
    """No catalogue key shows raw: every label was found in Thai."""
    from analytics.i18n import CATALOGUE
    texts = [p.text for _n, _name, frame, *_ in frames(deck)
             for p in (frame.text_frame.paragraphs if hasattr(frame, "text_frame") else frame.paragraphs)]
    texts += [str(c) for found in charts(deck).values() for chart in found for c in chart.plots[0].categories]
    assert texts and not [t for t in texts if t in CATALOGUE or re.fullmatch(r"[a-z_]+\.[a-z_.]+", t)]


def test_every_run_is_th_sarabun_new(deck):
    """Every run sets TH Sarabun New for Latin, East Asian and complex-script (Thai) text."""
    for slide in deck.slides:
        runs = slide.shapes._spTree.iter(qn("a:rPr"))
        for rpr in runs:
            assert [rpr.find(qn(f"a:{slot}")).get("typeface") for slot in ("latin", "ea", "cs")] == [FONT] * 3


def test_english_deck(deck_store):
    """The same deck in English: English categories and the English source line."""
    prs = Presentation(io.BytesIO(build_deck(deck_store, "กพร.", 2568, 12, "en", TODAY)))
    assert len(prs.slides) == len(DPIM_TITLES)
    assert list(charts(prs)[8][0].plots[0].categories)[0] == "1 Performance of duty"
    footer = next(s for s in prs.slides[1].shapes if s.name == "Footer")
    assert footer.text_frame.text == "Source: Pramern – OPDC / NACC | Data as of 20 Nov 2026"


def _has_content(slide: Any) -> bool:
    return any(s.has_chart or s.has_table or (s.shape_type == MSO_SHAPE_TYPE.AUTO_SHAPE and s.text_frame.text)
               for s in slide.shapes)


def test_an_almost_empty_unit_gets_no_empty_slide(deck_store):
    """สร.อก. FY2568 (ITA only): the missing KPI, actions and cycle are one line each on the summary; no slide is empty."""
    prs = Presentation(io.BytesIO(build_deck(deck_store, "สร.อก.", 2568, 12, "th", TODAY)))
    assert slide_titles(prs) == ["สรุปผลการประเมินส่วนราชการ\nสำนักงานรัฐมนตรี กระทรวงอุตสาหกรรม", "ภาพรวมผลการประเมิน",
                                 "เปรียบเทียบกับหน่วยงานในกระทรวงอุตสาหกรรม ปี 2568",
                                 "ผลการประเมิน ITA รายตัวชี้วัด จำแนกตามผลการวิเคราะห์"]
    for slide in list(prs.slides)[1:]:
        assert _has_content(slide)
    missing = next(s for s in prs.slides[1].shapes if s.name == "Missing data").text_frame.text.split("\n")
    assert missing == ["ยังไม่มีข้อมูล", "• ยังไม่มีข้อมูลตัวชี้วัดของปี 2568", "• ยังไม่มีแผนปฏิบัติการของปี 2568",
                       "• ยังไม่มีข้อมูลรอบการประเมินของปี 2568"]
    notes = [p.text for s in prs.slides[3].shapes if s.has_text_frame for p in s.text_frame.paragraphs]
    assert "ตัวชี้วัดที่ 4, 6, 7, 8 อยู่ในช่วงปรับปรุงแก้ไข ยังไม่มีข้อคำถามหรือมาตรการปรับปรุง" in notes
    heads = [s.text_frame.text for s in prs.slides[2].shapes if s.name == "Chart title"]
    assert heads == ["ITA: อันดับ 8 จาก 8 (เฉลี่ย 94.83)", "KPI: หน่วยงานยังไม่มีผลของปี 2568"]
    with pytest.raises(NoDataError):
        build_deck(deck_store, "DIW", 2540, 12, "th", TODAY)


def test_parts_choose_what_goes_in(deck_store):
    """Only the parts asked for are included; a part asked for without data is a line on the summary."""
    prs = Presentation(io.BytesIO(build_deck(deck_store, "DPIM", 2568, 12, "th", TODAY, parts=["ita"])))
    titles = slide_titles(prs)
    assert titles[2:] == [t for t in DPIM_TITLES if "ITA" in t]
    assert set(tiles_of(prs.slides[1])) == {"คะแนน ITA", "ลำดับในกระทรวง", "ห่างจากรักษาระดับ 95"}
    prs = Presentation(io.BytesIO(build_deck(deck_store, "DLPW", 2563, 12, "th", TODAY, parts=["kpi", "actions"])))
    missing = next(s for s in prs.slides[1].shapes if s.name == "Missing data").text_frame.text
    assert "ยังไม่มีข้อมูลตัวชี้วัดของปี 2563" in missing and "ITA" not in missing
    assert parse_parts("cycle, KPI") == ("kpi", "cycle") and parse_parts(None) == parse_parts("") == PARTS
    with pytest.raises(ValueError, match="budget"):
        parse_parts("kpi,budget")


def test_cli_export_deck(deck_store, tmp_path, capsys):
    """export-deck takes the Thai abbreviation and the parts; an unknown org or part exits 2 in Thai and English."""
    out = tmp_path / "deck.pptx"
    assert main(["export-deck", "--db", str(deck_store.path), "--org", "กพร.", "--year", "2568",
                 "--today", "2026-11-20", "-o", str(out)]) == 0
    assert len(Presentation(str(out)).slides) == len(DPIM_TITLES)
    assert main(["export-deck", "--db", str(deck_store.path), "--org", "กพร.", "--year", "2568", "--parts", "cycle",
                 "--today", "2026-11-20", "-o", str(out)]) == 0
    assert slide_titles(Presentation(str(out)))[2:] == ["รอบการประเมิน: ระยะเวลามาตรฐานเทียบกับที่ใช้จริง"]
    assert main(["export-deck", "--db", str(deck_store.path), "--org", "XYZ", "--year", "2568",
                 "-o", str(tmp_path / "x.pptx")]) == 2
    err = capsys.readouterr().err
    assert "ไม่รู้จักหน่วยงาน XYZ" in err and "Unknown organisation XYZ" in err
    assert main(["export-deck", "--db", str(deck_store.path), "--org", "DPIM", "--year", "2568", "--parts", "kpi,x",
                 "-o", str(tmp_path / "x.pptx")]) == 2
    err = capsys.readouterr().err
    assert "ไม่รู้จักส่วน x" in err and "Unknown part x (known: kpi, ita, actions, cycle, comparison)" in err
    assert not (tmp_path / "x.pptx").exists()
