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
from analytics.cli import main
from analytics.exports import NoDataError
from analytics.exports import text as tx
from analytics.exports.deck import FONT, build_deck
from analytics.palette import ACTION_STATUS_COLOURS, BAND_COLOURS
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


def charts(prs: Any) -> dict[int, Any]:
    """Slide number -> the chart on it."""
    return {n: shape.chart for n, slide in enumerate(prs.slides, 1) for shape in slide.shapes if shape.has_chart}


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


def test_slides(deck):
    """It makes a 16:9 deck: a title, the overview, dimensions, 2 KPI slides, ITA, 3 question slides,
    action status, overdue actions and the cycle."""
    assert (deck.slide_width, deck.slide_height) == (12192000, 6858000)  # 13.333 x 7.5 in
    assert slide_titles(deck) == [
        "สรุปผลการประเมินส่วนราชการ\nกรมอุตสาหกรรมพื้นฐานและการเหมืองแร่",
        "ภาพรวมผลการประเมิน",
        "คะแนนรายมิติ (ตัวชี้วัด KPI รอบ 12 เดือน)",
        "ผลการดำเนินงานรายตัวชี้วัด รอบ 12 เดือน (1/2)",
        "ผลการดำเนินงานรายตัวชี้วัด รอบ 12 เดือน (2/2)",
        "ผลการประเมิน ITA รายตัวชี้วัด จำแนกตามผลการวิเคราะห์",
        "ข้อคำถาม ITA ที่ต้องปรับปรุงแก้ไข และข้อเสนอแนะของผู้ประเมิน (1/3)",
        "ข้อคำถาม ITA ที่ต้องปรับปรุงแก้ไข และข้อเสนอแนะของผู้ประเมิน (2/3)",
        "ข้อคำถาม ITA ที่ต้องปรับปรุงแก้ไข และข้อเสนอแนะของผู้ประเมิน (3/3)",
        "สถานะแผนปฏิบัติการ",
        "แผนปฏิบัติการที่เกินกำหนด",
        "รอบการประเมิน: ระยะเวลามาตรฐานเทียบกับที่ใช้จริง",
    ]


def test_title_slide(deck):
    """The title slide names the unit, the fiscal year in BE, the round and the date in Thai; its notes name the fallback font."""
    slide = deck.slides[0]
    text = "\n".join(s.text_frame.text for s in slide.shapes if s.has_text_frame)
    assert "กรมอุตสาหกรรมพื้นฐานและการเหมืองแร่" in text
    assert "กพร. · ปีงบประมาณ พ.ศ. 2568 · รอบ 12 เดือน" in text
    assert "ข้อมูล ณ วันที่ 20 พ.ย. 2569" in text
    notes = slide.notes_slide.notes_text_frame.text
    assert "TH Sarabun New" in notes and "Laksaman" in notes


def test_overview_figures_are_the_reports(deck, deck_store):
    """The overview tiles carry the numbers analytics.report gives the dashboard."""
    kpi = report.kpi_report(deck_store, "DPIM", 2568, 12)
    ita = report.ita_report(deck_store, "DPIM", 2568)
    assert kpi is not None and ita is not None
    tiles = [s.text_frame.text.split("\n") for s in deck.slides[1].shapes
             if s.shape_type == MSO_SHAPE_TYPE.AUTO_SHAPE and s.has_text_frame]
    by_label = {t[0]: t[1:] for t in tiles}
    assert by_label["คะแนนรวมถ่วงน้ำหนัก"] == [f"{kpi.composite:.4f}", "เต็ม 100 คะแนน"]
    assert by_label["คะแนน ITA"][0] == "94.23"
    assert by_label["ผลการวิเคราะห์"][0] == "▲ พัฒนาระดับ"
    assert by_label["ระดับผลการประเมิน"] == ["ผ่าน"]
    assert by_label["ลำดับในกระทรวง"] == ["6 จาก 8"]
    assert by_label["ลำดับในกลุ่มหน่วยงาน"] == ["56 จาก 92"]
    assert by_label["จากเกณฑ์ผ่าน 85"] == ["+9.23"]
    assert by_label["จากค่าเป้าหมาย 89"] == ["+5.23"]
    assert by_label["จากระดับรักษาระดับ 95"] == ["-0.77"]
    assert by_label["แผนปฏิบัติการที่ดำเนินการแล้ว"][0] == "7 จาก 9"
    assert by_label["แผนปฏิบัติการที่เกินกำหนด"][0] == "2"
    assert len(tiles) == 12


def test_charts_are_native_with_thai_categories(deck, deck_store):
    """Every chart is a PowerPoint chart object (no picture anywhere) with the report's categories and values."""
    for slide in deck.slides:
        assert not [s for s in slide.shapes if s.shape_type == MSO_SHAPE_TYPE.PICTURE]
    found = charts(deck)
    assert sorted(found) == [3, 6, 10, 12]
    kpi = report.kpi_report(deck_store, "DPIM", 2568, 12)
    assert kpi is not None
    dims = found[3].plots[0]
    assert list(dims.categories) == ["มิติที่ 1 ประสิทธิผลการดำเนินงาน (Performance Base)",
                                     "มิติที่ 2 ศักยภาพในการดำเนินการ (Potential Base)",
                                     "มิติที่ 3 คุณภาพการให้บริการ", "มิติที่ 4 การพัฒนาองค์การ"]
    assert list(dims.series[0].values) == pytest.approx(list(kpi.dimensions["score"]))
    assert list(dims.series[0].values) == pytest.approx([85.75, 78.5714, 80.625, 98.075])
    status = found[10].plots[0]
    assert list(status.categories) == ["ดำเนินการแล้ว", "กำลังดำเนินการ", "ยังไม่เริ่ม", "ยกเลิก"]
    assert list(status.series[0].values) == [7, 1, 1, 0]
    colours = [str(status.series[0].points[i].format.fill.fore_color.rgb) for i in range(4)]
    assert colours == [ACTION_STATUS_COLOURS[s].lstrip("#").upper() for s in ("done", "in_progress", "not_started",
                                                                             "cancelled")]
    cycle = found[12].plots[0]
    assert list(cycle.categories) == [str(n) for n in range(1, 17)]
    assert [s.name for s in cycle.series] == ["มาตรฐาน (วันทำการ)", "ใช้จริง (วันทำการ)"]
    assert sum(cycle.series[0].values) == 55


def test_ita_chart_points_take_the_band_colours(deck, deck_store):
    """The ITA indicators chart has the ten indicators in Thai and each point in its band's colour."""
    ita = report.ita_report(deck_store, "DPIM", 2568)
    assert ita is not None
    plot = charts(deck)[6].plots[0]
    assert list(plot.categories) == [
        "1 การปฏิบัติหน้าที่", "2 การใช้งบประมาณ", "3 การใช้อำนาจ", "4 การใช้ทรัพย์สินของราชการ",
        "5 การแก้ไขปัญหาการทุจริต", "6 คุณภาพการดำเนินงาน", "7 ประสิทธิภาพการสื่อสาร", "8 การปรับปรุงการทำงาน",
        "9 การเปิดเผยข้อมูล", "10 การป้องกันการทุจริต"]
    series = plot.series[0]
    assert list(series.values) == pytest.approx([round(float(s), 2) for s in ita.indicators["score"]])
    assert list(series.values)[6] == pytest.approx(83.41)
    for i, band in enumerate(ita.indicators["band"]):
        assert str(series.points[i].format.fill.fore_color.rgb) == BAND_COLOURS[band].lstrip("#").upper()
    assert {ita.indicators["band"][i] for i in (6, 7)} == {"improve"}


def test_kpi_table_is_paged(deck, deck_store):
    """The KPI table spreads over slides of at most 10 rows (6 and 5) and carries every KPI's figures."""
    kpi = report.kpi_report(deck_store, "DPIM", 2568, 12)
    assert kpi is not None
    rows: list[list[str]] = []
    for slide in list(deck.slides)[3:5]:
        tables = [s.table for s in slide.shapes if s.has_table]
        assert len(tables) == 1
        body = [[c.text_frame.text for c in r.cells] for r in list(tables[0].rows)[1:]]
        assert 1 <= len(body) <= 10
        rows += body
    assert [r[0] for r in rows] == list(kpi.kpis["kpi_code"])
    by_code = {r[0]: r for r in rows}
    assert by_code["1.2"][4:8] == ["3,260.00", "3,500.00", "63.0000", "9.4500"]
    assert by_code["1.2"][8] == "✖ ต่ำกว่าเป้าหมาย"
    assert by_code["2.3"][8] == "⊘ ยกเลิก"


def test_questions_carry_the_recommendations(deck, deck_store):
    """The improve-band questions appear once each, with the assessor's recommendation (shortened to fit)."""
    ita = report.ita_report(deck_store, "DPIM", 2568)
    assert ita is not None
    weak = ita.questions[ita.questions["band"] == "improve"]
    rows = []
    for slide in list(deck.slides)[6:9]:
        table = next(s.table for s in slide.shapes if s.has_table)
        rows += [[c.text_frame.text for c in r.cells] for r in list(table.rows)[1:]]
    assert [r[0] for r in rows] == list(weak["question_code"])
    first = rows[0]
    assert first[1] == "4 การใช้ทรัพย์สินของราชการ" and first[2] == "80.87"
    assert first[4].startswith("หน่วยงานควรระบุขั้นตอนและแนวทางในการขอยืมทรัพย์สิน")
    assert rows[1][4] == "(ไม่มีข้อเสนอแนะ)"


def test_no_text_overflows(deck):
    """No text frame's estimated text height exceeds its box, and no box leaves the 16:9 slide."""
    checked = 0
    for n, name, frame, x, y, w, h in frames(deck):
        assert x >= -0.01 and y >= -0.01 and x + w <= 960.01 and y + h <= 540.01, (n, name)
        ix, iy = insets(frame)
        need = sum(tx.lines_needed(text, size, w - ix, bold) * tx.line_height_pt(size) + after
                   for text, size, bold, after in paragraphs(frame))
        assert need <= h - iy + 0.5, (n, name, need, h - iy)
        checked += 1
    assert checked > 150


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
    texts += [str(c) for chart in charts(deck).values() for c in chart.plots[0].categories]
    assert texts and not [t for t in texts if t in CATALOGUE or re.fullmatch(r"[a-z_]+\.[a-z_.]+", t)]


def test_every_run_is_th_sarabun_new(deck):
    """Every run sets TH Sarabun New for Latin, East Asian and complex-script (Thai) text."""
    for slide in deck.slides:
        runs = slide.shapes._spTree.iter(qn("a:rPr"))
        for rpr in runs:
            assert [rpr.find(qn(f"a:{slot}")).get("typeface") for slot in ("latin", "ea", "cs")] == [FONT] * 3


def test_english_deck(deck_store):
    """The same deck in English: English categories, CE-free fiscal years, the English source line."""
    prs = Presentation(io.BytesIO(build_deck(deck_store, "กพร.", 2568, 12, "en", TODAY)))
    assert len(prs.slides) == 12
    assert list(charts(prs)[6].plots[0].categories)[0] == "1 Performance of duty"
    footer = next(s for s in prs.slides[1].shapes if s.name == "Footer")
    assert footer.text_frame.text == "Source: Pramern – OPDC / NACC | Data as of 20 Nov 2026"


def test_sections_without_data_say_so(deck_store):
    """A unit with KPIs and ITA but no actions or cycle gets a slide saying the cycle data is missing."""
    prs = Presentation(io.BytesIO(build_deck(deck_store, "DIW", 2568, 12, "th", TODAY)))
    titles = slide_titles(prs)
    assert "แผนปฏิบัติการที่เกินกำหนด" not in titles
    last = prs.slides[len(prs.slides) - 1]
    assert "ยังไม่มีข้อมูลรอบการประเมินของปี 2568" in [s.text_frame.text for s in last.shapes if s.has_text_frame]
    with pytest.raises(NoDataError):
        build_deck(deck_store, "DIW", 2540, 12, "th", TODAY)


def test_missing_data_is_said_once(deck_store):
    """A unit with no KPIs and no ITA (กสร. FY2563, action plans only) gets one slide for each, then its actions."""
    titles = slide_titles(Presentation(io.BytesIO(build_deck(deck_store, "DLPW", 2563, 12, "th", TODAY))))
    assert "คะแนนรายมิติ (ตัวชี้วัด KPI รอบ 12 เดือน)" in titles
    assert not [t for t in titles if t.startswith("ผลการดำเนินงานรายตัวชี้วัด")]
    assert "ผลการประเมิน ITA รายตัวชี้วัด จำแนกตามผลการวิเคราะห์" in titles
    assert not [t for t in titles if t.startswith("ข้อคำถาม ITA")]
    assert [t for t in titles if t.startswith("แผนปฏิบัติการที่เกินกำหนด")]


def test_cli_export_deck(deck_store, tmp_path, capsys):
    """export-deck takes the Thai abbreviation and writes the deck; an unknown org exits 2 in Thai and English."""
    out = tmp_path / "deck.pptx"
    assert main(["export-deck", "--db", str(deck_store.path), "--org", "กพร.", "--year", "2568",
                 "--today", "2026-11-20", "-o", str(out)]) == 0
    assert len(Presentation(str(out)).slides) == 12
    assert main(["export-deck", "--db", str(deck_store.path), "--org", "XYZ", "--year", "2568",
                 "-o", str(tmp_path / "x.pptx")]) == 2
    err = capsys.readouterr().err
    assert "ไม่รู้จักหน่วยงาน XYZ" in err and "Unknown organisation XYZ" in err
    assert not (tmp_path / "x.pptx").exists()
