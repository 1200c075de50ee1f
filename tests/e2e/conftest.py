"""Real-browser journeys: the app served by `streamlit run` as the README does, in Debian's Chromium.

One Streamlit server (a fresh database that the app fills with the demo data on its first start,
demo mode, "today" pinned) and one headless Chromium serve the journeys of this package; both stop
as soon as the last journey is done, also when one fails. Each journey gets a browser context of
its own (a fresh profile: no cookies, storage or cache from another journey), and every request
and console message of its pages is watched: a request to a host other than loopback is blocked
and fails the journey, and so does a console error.

Screenshots go to artifacts/e2e/<journey>/ (git-ignored), with the downloaded files; a failing
journey also keeps FAILED.png (its page at the moment of failure) and a copy of the server log.
Nothing is downloaded at test time: the browser is /usr/bin/chromium from Debian's package
(`make system` installs it), never a browser fetched by `playwright install`.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Generator, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import (
    Browser,
    BrowserContext,
    ConsoleMessage,
    Page,
    Playwright,
    Route,
    ViewportSize,
    expect,
    sync_playwright,
)

from analytics.devservers import AppServer, DevServerError, streamlit_server
from tests.e2e.driver import open_app

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "artifacts" / "e2e"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]
TODAY = "2026-11-20"
LOOPBACK = {"127.0.0.1", "localhost", "::1"}
VIEWPORT: ViewportSize = {"width": 1400, "height": 1000}
SERVER_START_S = 90
# The first run loads the demo data and renders the deck or an image cold; nothing a person waits
# on for long, but a loaded CI machine may take several seconds.
EXPECT_TIMEOUT_MS = 20_000
ACTION_TIMEOUT_MS = 60_000


# -- the server ----------------------------------------------------------------------------------
@pytest.fixture(scope="package")
def artifacts() -> Path:
    """artifacts/e2e, emptied at the start of a run so what it holds belongs to this run."""
    shutil.rmtree(ARTIFACTS, ignore_errors=True)
    ARTIFACTS.mkdir(parents=True)
    return ARTIFACTS


@pytest.fixture(scope="package")
def app_server(tmp_path_factory: pytest.TempPathFactory, artifacts: Path) -> Iterator[AppServer]:
    """`streamlit run app.py` on a free loopback port, on a fresh database with the demo data.

    Package-scoped: it serves every journey and stops when the last one is done, before the rest
    of the suite runs, also when a journey fails. The log stays in artifacts/e2e/server.log.
    The server is started by analytics.devservers, as the multi-server test's replicas are.
    """
    db = tmp_path_factory.mktemp("e2e-db") / "pramern.duckdb"
    env = {"PRAMERN_DEMO": "1", "PRAMERN_TODAY": TODAY}
    try:
        with streamlit_server(db, artifacts / "server.log", env, timeout=SERVER_START_S) as server:
            yield server
    except DevServerError as exc:
        pytest.fail(str(exc))


class Served(Protocol):
    """What a journey opens: one app server, or nginx in front of several (tests/e2e/test_multi_server.py)."""

    @property
    def url(self) -> str: ...

    @property
    def log(self) -> Path: ...


# -- the browser ---------------------------------------------------------------------------------
@pytest.fixture(scope="package")
def pw() -> Iterator[Playwright]:
    with sync_playwright() as driver:
        yield driver


@pytest.fixture(scope="package")
def browser(pw: Playwright) -> Iterator[Browser]:
    """Debian's Chromium, headless. launch() gives the browser a new temporary profile directory,
    and each journey opens its own context in it."""
    if not os.access(CHROMIUM, os.X_OK):
        pytest.fail(f"{CHROMIUM} is missing: run `make system` (installs Debian's chromium and fonts-thai-tlwg)")
    expect.set_options(timeout=EXPECT_TIMEOUT_MS)
    chromium = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
    try:
        yield chromium
    finally:
        chromium.close()


def _is_loopback(url: str) -> bool:
    parts = urlsplit(url)
    return parts.scheme not in ("http", "https", "ws", "wss") or parts.hostname in LOOPBACK


@dataclass
class Journey:
    """One user's walk through the app: its pages, screenshots, downloads and what the browser saw."""

    name: str
    folder: Path
    browser: Browser
    server: Served
    outside: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)
    console_other: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    contexts: list[BrowserContext] = field(default_factory=list)
    page: Page | None = None
    shots: int = 0

    def open(self, path: str = "/", cookies: Sequence[dict[str, Any]] = (),
             viewport: ViewportSize | None = None) -> Page:
        """A new visitor (a fresh browser context, with `cookies` if given) opening a URL of the app;
        it becomes self.page. Through the test nginx (https with a throw-away certificate) the
        context accepts that certificate. `viewport` is the window's size (VIEWPORT unless given: a
        phone is 390 x 844)."""
        context = self.browser.new_context(viewport=viewport or VIEWPORT, accept_downloads=True, locale="th-TH",
                                           timezone_id="Asia/Bangkok",
                                           ignore_https_errors=self.server.url.startswith("https://"))
        context.set_default_timeout(ACTION_TIMEOUT_MS)
        if cookies:
            context.add_cookies(list(cookies))  # type: ignore[arg-type]
        self.contexts.append(context)
        context.on("request", lambda request: self._check_url(request.url))
        # Blocked, not just noted: nothing leaves the machine even when a check fails.
        context.route(lambda url: not _is_loopback(url), self._block)
        context.on("page", self._watch)
        page = context.new_page()
        self.page = page
        open_app(page, self.server.url + path)
        return page

    def _check_url(self, url: str) -> None:
        if not _is_loopback(url) and url not in self.outside:
            self.outside.append(url)

    def _block(self, route: Route) -> None:
        self._check_url(route.request.url)
        route.abort("blockedbyclient")

    def _watch(self, page: Page) -> None:
        page.on("console", lambda message: self._console(page, message))
        page.on("pageerror", lambda error: self.console_errors.append(f"uncaught {error.name}: {error.message}"))
        page.on("websocket", lambda ws: self._check_url(ws.url))

    def _console(self, page: Page, message: ConsoleMessage) -> None:
        where = message.location.get("url", "") if message.location else ""
        line = f"[{message.type}] {message.text} ({where or page.url})"
        (self.console_errors if message.type == "error" else self.console_other).append(line)

    def shot(self, name: str) -> Path:
        """A screenshot of the whole page (Streamlit scrolls inside its main block, so the window is
        stretched to the content's height for the picture and then put back)."""
        self.shots += 1
        path = self.folder / f"{self.shots:02d}-{name}.png"
        self.screenshot(path)
        return path

    def screenshot(self, path: Path) -> None:
        assert self.page is not None
        page = self.page
        window = page.viewport_size or VIEWPORT
        height = page.evaluate("""() => Math.max(...[document.querySelector('[data-testid="stMain"]'),
            document.querySelector('[data-testid="stAppViewContainer"]'), document.scrollingElement]
            .filter(Boolean).map(e => e.scrollHeight))""")
        tall = max(window["height"], min(int(height), 8000))
        if tall > window["height"]:
            page.set_viewport_size({"width": window["width"], "height": tall})
        try:
            page.screenshot(path=path, animations="disabled")
        finally:
            if tall > window["height"]:
                page.set_viewport_size(window)

    def note(self, text: str) -> None:
        self.notes.append(text)

    def problems(self) -> list[str]:
        found = [f"request left loopback: {url}" for url in self.outside]
        found += [f"console error: {line}" for line in self.console_errors]
        return found

    def assert_clean(self) -> None:
        problems = self.problems()
        assert not problems, "the browser saw:\n  " + "\n  ".join(problems)

    def write_log(self) -> None:
        lines = [*(f"note: {n}" for n in self.notes), *self.problems(), *(f"console: {c}" for c in self.console_other)]
        (self.folder / "browser.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")

    def close(self) -> None:
        for context in self.contexts:
            context.close()


@pytest.fixture
def journey(request: pytest.FixtureRequest, browser: Browser, app_server: AppServer, artifacts: Path) -> Iterator[Journey]:
    folder = artifacts / request.node.name
    folder.mkdir(parents=True, exist_ok=True)
    walk = Journey(request.node.name, folder, browser, app_server)
    try:
        yield walk
    finally:
        walk.write_log()
        walk.close()


# -- hooks: the browser's findings fail the journey; a failure keeps its page and the server log --
def _walks(item: pytest.Item) -> list[Journey]:
    """The journeys a test walks: its `journey`, or several given as a dict (the multi-server test's `walks`)."""
    found: list[Journey] = []
    for value in getattr(item, "funcargs", {}).values():
        if isinstance(value, Journey):
            found.append(value)
        elif isinstance(value, dict):
            found += [v for v in value.values() if isinstance(v, Journey)]
    return found


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item: pytest.Item) -> Generator[None, None, None]:
    walks = _walks(item)
    try:
        yield
    except BaseException:
        for walk in walks:
            if walk.problems():
                item.add_report_section("call", f"browser ({walk.name})", "\n".join(walk.problems()))
        raise
    for walk in walks:
        walk.assert_clean()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item,
                               call: pytest.CallInfo[None]) -> Generator[None, pytest.TestReport, pytest.TestReport]:
    report: pytest.TestReport = yield
    if report.when == "call" and report.failed:
        for walk in _walks(item):
            if walk.page is not None and not walk.page.is_closed():
                try:
                    walk.screenshot(walk.folder / "FAILED.png")
                except Exception as exc:  # a crashed page must not hide the failure itself
                    walk.note(f"no failure screenshot: {exc!r}")
            if walk.server.log.is_file():
                shutil.copy(walk.server.log, walk.folder / "server.log")
    return report
