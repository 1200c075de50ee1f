"""The PDF briefing, printed by Debian's Chromium: Thai text that pdftotext gives back exactly, charts, fonts."""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from analytics.cli import main
from analytics.exports.briefing import Chart, Series, build_briefing
from analytics.exports.figures import chart_figure
from analytics.exports.images import svg_inline
from analytics.exports.pdf import briefing_html, chart_text_problems, pdf_from_briefing
from analytics.store import Store

TODAY = dt.date(2026, 11, 20)


@pytest.fixture(scope="module")
def pdf_store(demo_db_file: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    target = tmp_path_factory.mktemp("pdf") / "demo.duckdb"
    shutil.copy(demo_db_file, target)
    s = Store(target)
    yield s
    s.close()


@pytest.fixture(scope="module")
def pdf_file(pdf_store: Store, tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("pdf_out") / "briefing.pdf"
    path.write_bytes(pdf_from_briefing(build_briefing(pdf_store, "DPIM", 2568, 12, "th", TODAY)))
    return path


def run(*args: str) -> str:
    return subprocess.run(args, check=True, capture_output=True, text=True).stdout


def test_pdftotext_gives_back_the_thai_title(pdf_file):
    """The unit's Thai name and the section titles come back exactly: shaped, embedded and mapped to Unicode."""
    text = run("pdftotext", "-layout", str(pdf_file), "-")
    lines = [line.strip() for line in text.splitlines()]
    assert "กรมอุตสาหกรรมพื้นฐานและการเหมืองแร่" in lines
    assert "สรุปผลการประเมินส่วนราชการ" in lines
    for title in ("ภาพรวมผลการประเมิน", "ผลการประเมิน ITA รายตัวชี้วัด จำแนกตามผลการวิเคราะห์", "สถานะแผนปฏิบัติการ",
                  "แผนปฏิบัติการที่เกินกำหนด"):
        assert title in text
    assert "ข้อมูล ณ วันที่ 20 พ.ย. 2569" in text
    assert "85.0343" in text and "94.23" in text


def test_cover_is_for_executives_and_pages_have_a_header(pdf_file):
    """The cover has the unit, year, round, date and contents, no note for IT; every page is headed with them."""
    pages = int(next(line.split()[-1] for line in run("pdfinfo", str(pdf_file)).splitlines()
                     if line.startswith("Pages:")))
    cover = run("pdftotext", "-f", "1", "-l", "1", str(pdf_file), "-")
    assert "Laksaman" not in cover and "fonts-thai-tlwg" not in cover and "แบบอักษร" not in cover
    assert "เนื้อหา: ตัวชี้วัด KPI · ITA · แผนปฏิบัติการ · รอบการประเมิน · เปรียบเทียบในกระทรวง" in cover
    for n in range(1, pages + 1):
        page = run("pdftotext", "-f", str(n), "-l", str(n), str(pdf_file), "-").replace(" ", "")
        assert "กพร.·ปีงบประมาณพ.ศ.2568·รอบ12เดือน·ข้อมูลณวันที่20พ.ย.2569" in page, n


def test_pages_fonts_and_metadata(pdf_file):
    """A landscape A4 document titled after the unit, every page numbered, its Thai font embedded."""
    info = run("pdfinfo", str(pdf_file))
    assert "Title:           สรุปผลการประเมินส่วนราชการ – กรมอุตสาหกรรมพื้นฐานและการเหมืองแร่" in info
    pages = int(next(line.split()[-1] for line in info.splitlines() if line.startswith("Pages:")))
    assert pages >= 9
    size = next(line for line in info.splitlines() if line.startswith("Page size:")).split()
    assert size[-1] == "(A4)" and float(size[2]) > float(size[4])  # landscape, like the deck
    fonts = run("pdffonts", str(pdf_file))
    thai = [line for line in fonts.splitlines() if "Laksaman" in line or "Sarabun" in line]
    assert thai and all(" yes " in line for line in thai)
    last = run("pdftotext", "-f", str(pages), "-l", str(pages), str(pdf_file), "-")
    assert f"หน้า {pages} / {pages}" in last


def test_html_has_one_inline_svg_per_chart(pdf_store):
    """The report embeds each chart as inline SVG with its Thai categories as text."""
    b = build_briefing(pdf_store, "DPIM", 2568, 12, "th", TODAY)
    html = briefing_html(b)
    assert html.count("<svg") >= 6  # the comparison has two
    assert "การปฏิบัติหน้าที่" in html and "ดำเนินการแล้ว" in html
    assert "&lt;script" not in html and "<script" not in html
    escaped = briefing_html(b, charts=False)
    assert "<svg" not in escaped


def test_cli_export_pdf(pdf_store, tmp_path, capsys):
    """export-pdf writes a PDF; an unknown org exits 2 with the message in Thai and English."""
    out = tmp_path / "b.pdf"
    assert main(["export-pdf", "--db", str(pdf_store.path), "--org", "DPIM", "--year", "2568", "--lang", "en",
                 "--today", "2026-11-20", "-o", str(out)]) == 0
    assert out.read_bytes().startswith(b"%PDF")
    assert "Department of Primary Industries and Mines" in run("pdftotext", str(out), "-")
    assert main(["export-pdf", "--db", str(pdf_store.path), "--org", "ไม่มี", "--year", "2568",
                 "-o", str(tmp_path / "x.pdf")]) == 2
    err = capsys.readouterr().err
    assert "ไม่รู้จักหน่วยงาน ไม่มี" in err and "Unknown organisation ไม่มี" in err


def test_no_chart_text_overlaps_or_is_clipped_at_a4(pdf_store):
    """Measured in Chromium at the printed width: no axis title or bar label on a tick label, nothing cut off,
    for a full unit and an almost empty one, in Thai and English."""
    for org, lang in (("DPIM", "th"), ("OMIN", "th"), ("DPIM", "en")):
        html = briefing_html(build_briefing(pdf_store, org, 2568, 12, lang, TODAY))
        assert html.count("<svg") >= 2
        assert chart_text_problems(html) == [], (org, lang)


def test_the_check_finds_overlaps_and_clipping():
    """A chart squeezed into no margin, its axis title pulled onto the ticks, is caught on both counts."""
    spec = Chart("x", ["มาตรฐาน", "ใช้จริง", "ล่าช้า"], [Series("วัน", [3.0, 12.0, 7.0])], decimals=0,
                 value_title="วันทำการ", category_title="ขั้นตอนที่", horizontal=False, maximum=12.0)
    fig = chart_figure(spec)
    fig.update_yaxes(automargin=False, range=[0, 12], title={"standoff": 0})
    fig.update_xaxes(automargin=False)
    fig.update_layout(margin={"l": 4, "r": 0, "t": 0, "b": 4, "autoexpand": False})
    page = f'<div class="chart" style="width: 700px">{svg_inline(fig)}</div>'
    problems = chart_text_problems(page)
    assert [p for p in problems if "is clipped" in p]
    assert [p for p in problems if "overlaps the tick label" in p]
