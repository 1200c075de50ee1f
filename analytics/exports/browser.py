"""The browsers behind the exports, started once per process and ahead of the first click.

Chart images run on kaleido's Chromium (`images`); the PDF is printed by a second Chromium that
Playwright drives. Starting either takes seconds, which used to land on whoever exported first
after a restart. `warm_up` starts both in the background (the app calls it once per process,
after its first page has been drawn, so it does not slow that page), and both stay up and are
shared by every session.

Playwright's sync API is bound to the thread that started it and refuses threads that run an
asyncio loop (as Streamlit's deferred downloads may), so the printer owns one thread of its own
and takes print jobs from a queue; a browser that died is started afresh on the next job.
"""

from __future__ import annotations

import atexit
import logging
import queue
import threading
from dataclasses import dataclass, field
from typing import Any

from analytics.exports import ExportError
from analytics.exports.images import chromium_path, start_renderer

log = logging.getLogger("pramern.exports")

CHROMIUM_FLAGS = ("--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                  "--disable-sync", "--no-first-run")
PRINT_TIMEOUT_S = 90.0


@dataclass
class _Job:
    html: str | None  # None: start the browser only
    options: dict[str, Any] = field(default_factory=dict)
    done: threading.Event = field(default_factory=threading.Event)
    pdf: bytes | None = None
    error: BaseException | None = None


class _Printer:
    """One Playwright Chromium on a thread of its own, printing HTML to PDF on request."""

    def __init__(self) -> None:
        self._jobs: queue.Queue[_Job | None] = queue.Queue()
        self._thread: threading.Thread | None = None
        self._lock = threading.Lock()
        self.starts = 0
        self.running = False

    def _ensure_thread(self) -> None:
        with self._lock:
            if self._thread is None or not self._thread.is_alive():
                self._thread = threading.Thread(target=self._serve, name="pramern-pdf", daemon=True)
                self._thread.start()

    def _serve(self) -> None:
        try:
            from playwright.sync_api import sync_playwright
            with sync_playwright() as pw:
                browser: Any = None
                while (job := self._jobs.get()) is not None:
                    try:
                        if browser is None or not browser.is_connected():
                            browser = pw.chromium.launch(executable_path=chromium_path(), args=list(CHROMIUM_FLAGS),
                                                         timeout=PRINT_TIMEOUT_S * 1000)
                            self.starts += 1
                            self.running = True
                        if job.html is not None:
                            job.pdf = self._print(browser, job)
                    except BaseException as exc:  # handed to the caller's thread; the next job starts afresh
                        job.error = exc
                        self._drop(browser)
                        browser = None
                    finally:
                        job.done.set()
                self._drop(browser)
        except BaseException as exc:  # Playwright itself did not start: fail what waits, start again next time
            log.warning("the PDF printer stopped: %r", exc)
            self._fail_waiting(exc)
        finally:
            self.running = False

    @staticmethod
    def _print(browser: Any, job: _Job) -> bytes:
        page = browser.new_page()
        try:
            page.set_default_timeout(PRINT_TIMEOUT_S * 1000)
            page.set_content(job.html, wait_until="load")
            page.evaluate("document.fonts.ready.then(() => true)")
            return bytes(page.pdf(**job.options))
        finally:
            page.close()

    def _drop(self, browser: Any) -> None:
        self.running = False
        if browser is not None:
            try:
                browser.close()
            except Exception:  # already gone
                pass

    def _fail_waiting(self, exc: BaseException) -> None:
        while True:
            try:
                job = self._jobs.get_nowait()
            except queue.Empty:
                return
            if job is not None:
                job.error = exc
                job.done.set()

    def submit(self, job: _Job) -> _Job:
        self._ensure_thread()
        self._jobs.put(job)
        return job

    def print(self, page_html: str, options: dict[str, Any]) -> bytes:
        job = self.submit(_Job(page_html, options))
        if not job.done.wait(PRINT_TIMEOUT_S * 2):
            raise ExportError("Printing the PDF took too long.", "สร้างไฟล์ PDF นานเกินกำหนด")
        if job.error is not None:
            if isinstance(job.error, ExportError):
                raise job.error
            raise ExportError(f"Chromium could not print the PDF: {job.error!r}",
                              f"Chromium สร้างไฟล์ PDF ไม่สำเร็จ: {job.error!r}") from job.error
        assert job.pdf is not None
        return job.pdf

    def close(self) -> None:
        with self._lock:
            thread = self._thread
        if thread is not None and thread.is_alive():
            self._jobs.put(None)
            thread.join(15)


_PRINTER = _Printer()
atexit.register(_PRINTER.close)


def print_pdf(page_html: str, options: dict[str, Any]) -> bytes:
    """Print an HTML page to PDF (Playwright's page.pdf options) on the shared printer."""
    return _PRINTER.print(page_html, options)


def printer_starts() -> int:
    """How many times the printer's browser has been started in this process."""
    return _PRINTER.starts


def printer_running() -> bool:
    return _PRINTER.running


def close_printer() -> None:
    _PRINTER.close()


_warmed = threading.Event()


def warm_up(wait: float | None = None) -> None:
    """Start the chart-image browser and the PDF printer in the background, once per process.

    Never raises: a browser that cannot start is logged here and reported by the export that
    needs it. With `wait`, block up to that many seconds for both to be up (tests, benchmarks).
    """
    if not _warmed.is_set():
        _warmed.set()
        printer_ready = _PRINTER.submit(_Job(None)).done

        def charts() -> None:
            try:
                start_renderer()
                # One tiny image loads plotly.js into kaleido's page and plotly's own serialiser;
                # the deck module brings python-pptx: neither then lands on the first export.
                import plotly.graph_objects as go

                from analytics.exports import deck  # noqa: F401
                from analytics.exports.images import to_png
                to_png(go.Figure(), width=10, height=10)
            except ExportError as exc:
                log.warning("the chart-image browser did not start ahead of time: %s", exc)

        threading.Thread(target=charts, name="pramern-warm", daemon=True).start()
        if wait:
            printer_ready.wait(wait)
    if wait:
        start_renderer()
