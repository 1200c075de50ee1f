"""The deck and a workbook as LibreOffice opens and prints them: page counts, every slide's Thai title, headers on every page.

One headless soffice run converts both decks (a full unit, DPIM FY2568, and an almost empty one,
สร.อก. FY2568) and a 12-column workbook to PDF, with a throw-away user profile and a time limit;
pdftotext and pdfinfo then read what it printed. LibreOffice is installed by `make system`
(Debian's libreoffice-impress and libreoffice-calc).
"""

from __future__ import annotations

import datetime as dt
import io
import re
import shutil
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from pptx import Presentation

from analytics.exports.briefing import resolve_org
from analytics.exports.deck import build_deck
from analytics.exports.excel import SheetMeta, table_to_xlsx
from analytics.exports.text import is_combining
from analytics.store import Store

TODAY = dt.date(2026, 11, 20)
SOFFICE_TIMEOUT_S = 180
ACTION_HEADERS = {
    "action_no": "ที่", "source": "ที่มา", "ref": "หมวด/ข้อ", "level": "ระดับ", "assessor_result": "ผลการตรวจ",
    "action": "กิจกรรม", "owner_main": "หน่วยงานหลัก", "owner_support": "หน่วยงานสนับสนุน", "start_date": "เริ่ม",
    "due_date": "ครบกำหนด", "status": "สถานะ", "progress": "ความคืบหน้า (%)",
}


@pytest.fixture(scope="module")
def office_store(demo_db_file: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    target = tmp_path_factory.mktemp("office") / "demo.duckdb"
    shutil.copy(demo_db_file, target)
    s = Store(target)
    yield s
    s.close()


def run(*args: str) -> str:
    return subprocess.run(args, check=True, capture_output=True, text=True, timeout=60).stdout


def squash(text: str) -> str:
    """The text's base characters without white space.

    pdftotext breaks lines (and sometimes words) where the layout did, and it orders the glyphs of
    a Thai cluster by where they are drawn, so a tone mark LibreOffice shifts left may come out
    after the next consonant (ชี้ as ชีว้); the consonants and vowels on the line are what it keeps.
    """
    return "".join(c for c in re.sub(r"\s+", "", text) if not is_combining(c))


def pages(pdf: Path) -> int:
    return int(next(line.split()[-1] for line in run("pdfinfo", str(pdf)).splitlines() if line.startswith("Pages:")))


def page_text(pdf: Path, n: int) -> str:
    return run("pdftotext", "-f", str(n), "-l", str(n), str(pdf), "-")


@pytest.fixture(scope="module")
def printed(office_store: Store, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The two decks and the workbook, written and converted to PDF by one soffice run."""
    work = tmp_path_factory.mktemp("soffice")
    files = {"dpim": work / "dpim.pptx", "omin": work / "omin.pptx", "actions": work / "actions.xlsx"}
    files["dpim"].write_bytes(build_deck(office_store, "DPIM", 2568, 12, "th", TODAY))
    omin = resolve_org(office_store, "สร.อก.")
    assert omin == "OMIN"
    files["omin"].write_bytes(build_deck(office_store, "สร.อก.", 2568, 12, "th", TODAY))
    actions = office_store.actions("DLPW", 2563)
    assert len(actions) > 40
    meta = SheetMeta("แผนปฏิบัติการ กสร. 2563", "th", "กสร. กรมสวัสดิการและคุ้มครองแรงงาน", 2563, 12, TODAY,
                     "analyst@demo.pramern", dt.datetime(2026, 11, 20, 9, 30))
    files["actions"].write_bytes(table_to_xlsx(actions, "แผนปฏิบัติการ", ACTION_HEADERS, {"progress": 0}, meta=meta))
    out = work / "pdf"
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    assert soffice, "LibreOffice is not installed: run `make system` (libreoffice-impress, libreoffice-calc)"
    started = time.perf_counter()
    subprocess.run([soffice, "--headless", "--norestore", "--nolockcheck",
                    f"-env:UserInstallation={(work / 'profile').as_uri()}", "--convert-to", "pdf", "--outdir", str(out),
                    *(str(f) for f in files.values())],
                   check=True, capture_output=True, timeout=SOFFICE_TIMEOUT_S)
    print(f"soffice converted {len(files)} files in {time.perf_counter() - started:.1f} s")
    found = {key: out / f"{path.stem}.pdf" for key, path in files.items()}
    assert all(p.exists() for p in found.values()), sorted(out.iterdir())
    return found | {f"{key}_source": path for key, path in files.items()}


@pytest.mark.parametrize("deck", ["dpim", "omin"])
def test_every_slide_prints_with_its_thai_title(printed, deck):
    """One page per slide, and each page carries its slide's Thai title as text (shaped, not boxes)."""
    prs = Presentation(str(printed[f"{deck}_source"]))
    titles = [slide.shapes.title.text_frame.text for slide in prs.slides]
    assert pages(printed[deck]) == len(titles) == (14 if deck == "dpim" else 4)
    for n, title in enumerate(titles, 1):
        assert squash(title) in squash(page_text(printed[deck], n)), (deck, n, title)


def test_the_almost_empty_unit_says_what_is_missing(printed):
    """สร.อก. has ITA only: its summary page names the missing KPI, action plans and cycle, each in one line."""
    summary = squash(page_text(printed["omin"], 2))
    for line in ("ยังไม่มีข้อมูลตัวชี้วัดของปี2568", "ยังไม่มีแผนปฏิบัติการของปี2568", "ยังไม่มีข้อมูลรอบการประเมินของปี2568"):
        assert squash(line) in summary


def test_the_workbook_prints_landscape_one_page_wide_with_its_header_on_every_page(printed):
    """The 12-column table prints landscape, all columns on each page, the header row repeated, the title block first."""
    pdf = printed["actions"]
    count = pages(pdf)
    assert count >= 2
    info = run("pdfinfo", "-f", "1", "-l", str(count), str(pdf))
    sizes = [line.split(":", 1)[1].split() for line in info.splitlines() if re.match(r"Page\s+\d+ size:", line)]
    assert len(sizes) == count and all(float(s[0]) > float(s[2]) for s in sizes)  # wider than tall
    first = squash(page_text(pdf, 1))
    for line in ("แผนปฏิบัติการ กสร. 2563", "ส่งออกโดย analyst@demo.pramern", "ข้อมูล ณ วันที่ 20 พ.ย. 2569"):
        assert squash(line) in first, line
    for n in range(1, count + 1):
        text = squash(page_text(pdf, n))
        for header in ("หมวด/ข้อ", "กิจกรรม", "ความคืบหน้า(%)"):  # first, middle and last columns
            assert squash(header) in text, (n, header)


def test_the_workbook_keeps_numbers_as_numbers(printed):
    """Progress is a number with its format, not text, in the file LibreOffice printed."""
    from openpyxl import load_workbook
    ws = load_workbook(io.BytesIO(printed["actions_source"].read_bytes())).active
    top = int(ws.print_title_rows.split(":")[0].strip("$"))
    col = [c.value for c in ws[top]].index("ความคืบหน้า (%)") + 1
    cells = [ws.cell(row=r, column=col) for r in range(top + 1, ws.max_row + 1)]
    assert all(c.data_type == "n" for c in cells if c.value is not None)
    assert {c.number_format for c in cells if c.value is not None} == {"#,##0"}
