"""In a real browser, against `streamlit run` on a fresh server: what an anonymous first visitor
receives (no page name beyond the sign-in, in what is drawn or in the WebSocket's messages), that a
deep link survives the sign-in, and that a broken database shows a plain message, never a traceback.

Screenshots go to artifacts/hostile/ (git-ignored) for a person to look at the Thai.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect, sync_playwright

from analytics.devservers import streamlit_server
from analytics.i18n import t
from tests.conftest import ACCOUNTS, ROOT, password_of
from tests.e2e.conftest import CHROMIUM, CHROMIUM_ARGS
from tests.e2e.driver import settle

SHOTS = ROOT / "artifacts" / "hostile"
PAGE_FILES = ("1_overview", "2_kpi", "3_ita", "4_compare", "5_actions", "6_cycle", "7_upload", "8_admin", "9_audit")
NAV_KEYS = ("nav.kpi", "nav.ita", "nav.compare", "nav.actions", "nav.cycle", "nav.upload", "nav.admin", "nav.audit")


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    if not os.access(CHROMIUM, os.X_OK):
        pytest.fail(f"{CHROMIUM} is missing: run `make system`")
    with sync_playwright() as driver:
        chromium = driver.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        try:
            yield chromium
        finally:
            chromium.close()


def visit(browser: Browser, url: str, frames: list[bytes]) -> Page:
    context = browser.new_context(viewport={"width": 1300, "height": 900}, locale="th-TH")
    context.route(lambda u: not u.startswith("http://127.0.0.1"), lambda route: route.abort())
    page = context.new_page()

    def watch(ws: object) -> None:
        ws.on("framereceived", lambda payload: frames.append(payload if isinstance(payload, bytes)  # type: ignore[attr-defined]
                                                            else payload.encode()))

    page.on("websocket", watch)
    page.goto(url)
    return page


def test_a_fresh_servers_first_visitor_gets_no_page_name_and_a_deep_link_survives(
        demo_db_file: Path, tmp_path: Path, browser: Browser) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    db = tmp_path / "pramern.duckdb"
    shutil.copy(demo_db_file, db)
    env = {"PRAMERN_DEMO": "", "PRAMERN_TODAY": "2026-11-20"}  # a fresh server outside demo mode
    with streamlit_server(db, SHOTS / "server-signed-out.log", env) as server:
        url = server.url
        for path in ("/", "/audit"):
            frames: list[bytes] = []
            page = visit(browser, url + path, frames)
            expect(page.get_by_role("heading", level=1)).to_have_text(t("auth.title", "th"), timeout=60_000)
            settle(page)
            page.screenshot(path=str(SHOTS / f"first-visitor{path.replace('/', '-') or '-root'}.png"))
            assert page.get_by_test_id("stSidebarNav").count() == 0
            received = b"".join(frames)
            assert received, "no WebSocket message was seen"
            shown = page.locator("body").inner_text()
            for key in NAV_KEYS:
                for lang in ("th", "en"):
                    assert t(key, lang).encode() not in received, (key, lang)
                    assert t(key, lang) not in shown, (key, lang)
            for name in PAGE_FILES[1:]:  # (the home page's path is the sign-in's own: the root)
                assert name.split("_", 1)[1] not in shown.lower().split(), name
                if name.split("_", 1)[1] != path.strip("/"):  # (the path asked for is theirs)
                    # The very first run of the fresh server included: ui/serve.py keeps Streamlit's
                    # automatic menu of pages/ (file-derived names, kpi ... audit) off from the start.
                    assert name.encode() not in received, name
                    word = name.split("_", 1)[1].encode()
                    at = received.find(word)
                    assert at < 0, (name, received[max(0, at - 300):at + 100])
            if path == "/audit":  # the address asked for is kept, and signing in lands on it
                page.get_by_label(t("auth.email", "th")).fill(ACCOUNTS["admin"][0])
                page.get_by_label(t("auth.password", "th"), exact=True).fill(password_of("admin"))
                page.get_by_role("button", name=t("auth.submit", "th")).click()
                expect(page.get_by_role("heading", level=1)).to_have_text(t("aud.title", "th"), timeout=60_000)
                settle(page)
                expect(page.get_by_text("บันทึกการใช้งานครบถ้วน").first).to_be_visible()
                page.screenshot(path=str(SHOTS / "audit-after-sign-in.png"), full_page=True)
            page.context.close()


def test_a_damaged_database_shows_a_plain_message_in_the_browser(demo_db_file: Path, tmp_path: Path,
                                                                 browser: Browser) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    db = tmp_path / "pramern.duckdb"
    db.write_bytes(demo_db_file.read_bytes()[:4096])
    log = SHOTS / "server-damaged.log"
    with streamlit_server(db, log, {"PRAMERN_DEMO": "1"}) as server:
        url = server.url
        frames: list[bytes] = []
        page = visit(browser, url + "/?lang=th", frames)
        alert = page.get_by_test_id("stAlertContentError")
        expect(alert.first).to_contain_text("เสียหาย", timeout=60_000)
        settle(page)  # fails on any exception element
        page.screenshot(path=str(SHOTS / "damaged-database.png"))
        assert page.get_by_test_id("stSidebarNav").count() == 0  # no automatic menu of pages/ beside it
        text = page.locator("body").inner_text()
        assert "Traceback" not in text and "IOException" not in text and "IO Error" not in text
        assert b"Traceback" not in b"".join(frames)
    assert "Traceback" not in log.read_text(errors="replace")  # refused plainly: a warning line, not a crash
