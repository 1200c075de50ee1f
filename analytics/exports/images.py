"""Chart images (PNG at 2x, SVG) rendered on the server by kaleido with Debian's Chromium.

Kaleido 1.x drives a real Chromium over the DevTools pipe (choreographer), so the image is what
the browser draws, Thai shaped by HarfBuzz with the fonts of fonts-thai-tlwg (the palette's
FONT_FAMILY falls back to Laksaman and Loma where Sarabun is not installed).

Starting Chromium takes about 3 s and an image about 0.2 s, so one renderer is started ahead of
the first image (exports.browser.warm_up) or on it, and kept for the life of the process (closed atexit). It runs kaleido on an
event loop of its own thread: callers in any thread (Streamlit script threads, the threads that
produce deferred downloads) submit a render and wait for it with a timeout, and a browser that
fails to start or hangs raises ExportError instead of blocking a page. kaleido's own
start_sync_server does the same job, but it waits without a timeout and never reports a browser
that failed to start, so a page would hang.

The browser is Debian's `chromium`: PRAMERN_CHROMIUM, then BROWSER_PATH (choreographer's own
override), then `chromium` on PATH. Passing the path keeps kaleido from looking for a Chrome of
its own download.
"""

from __future__ import annotations

import asyncio
import atexit
import concurrent.futures
import os
import re
import shutil
import threading
from typing import Any

import plotly.graph_objects as go

from analytics.exports import ExportError

PNG_SCALE = 2
DEFAULT_WIDTH, DEFAULT_HEIGHT = 1000, 450
START_TIMEOUT_S = 60.0
RENDER_TIMEOUT_S = 60.0
BROWSER_NAMES = ("chromium", "chromium-browser")


def chromium_path() -> str:
    """Debian's Chromium (or the one PRAMERN_CHROMIUM / BROWSER_PATH names)."""
    for variable in ("PRAMERN_CHROMIUM", "BROWSER_PATH"):
        value = os.environ.get(variable)
        if value:
            if os.path.isfile(value) and os.access(value, os.X_OK):
                return value
            raise ExportError(f"{variable}={value} is not an executable browser.",
                              f"{variable}={value} ไม่ใช่โปรแกรมเบราว์เซอร์ที่เรียกใช้ได้")
    for name in BROWSER_NAMES:
        found = shutil.which(name)
        if found:
            return found
    raise ExportError(
        "Chromium is not installed; run `make system` (Debian packages chromium and fonts-thai-tlwg).",
        "ไม่พบโปรแกรม Chromium โปรดติดตั้งด้วยคำสั่ง make system (แพ็กเกจ chromium และ fonts-thai-tlwg)")


class _Renderer:
    """One kaleido browser on its own event-loop thread, shared by every caller."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None
        self._kaleido: Any = None
        self.starts = 0

    @property
    def running(self) -> bool:
        return self._kaleido is not None

    def _start(self) -> None:
        import kaleido  # imported late: it registers plotly's encoder and checks versions

        path = chromium_path()
        loop = asyncio.new_event_loop()
        thread = threading.Thread(target=loop.run_forever, name="pramern-kaleido", daemon=True)
        thread.start()

        async def open_browser() -> Any:
            browser = kaleido.Kaleido(path=path, mathjax=False, timeout=RENDER_TIMEOUT_S)
            await browser.open()
            return browser

        future = asyncio.run_coroutine_threadsafe(open_browser(), loop)
        try:
            self._kaleido = future.result(START_TIMEOUT_S)
        except BaseException as exc:
            future.cancel()
            loop.call_soon_threadsafe(loop.stop)
            thread.join(5)
            raise ExportError(f"Chromium ({path}) did not start for chart images: {exc!r}",
                              f"เปิด Chromium ({path}) เพื่อสร้างภาพกราฟไม่ได้: {exc!r}") from exc
        self._loop, self._thread = loop, thread
        self.starts += 1

    def ensure_started(self) -> None:
        with self._lock:
            if self._kaleido is None:
                self._start()

    def render(self, spec: dict[str, Any], opts: dict[str, Any]) -> bytes:
        with self._lock:
            if self._kaleido is None:
                self._start()
            assert self._loop is not None
            future = asyncio.run_coroutine_threadsafe(self._kaleido.calc_fig(spec, opts=opts), self._loop)
            try:
                return bytes(future.result(RENDER_TIMEOUT_S + 5))
            except concurrent.futures.TimeoutError as exc:
                future.cancel()
                self._close_locked()
                raise ExportError("The chart image took too long to render.", "สร้างภาพกราฟนานเกินกำหนด") from exc
            except Exception as exc:
                # A browser that died takes its tabs with it: start afresh next time.
                self._close_locked()
                raise ExportError(f"The chart image could not be rendered: {exc!r}",
                                  f"สร้างภาพกราฟไม่สำเร็จ: {exc!r}") from exc

    def _close_locked(self) -> None:
        browser, loop, thread = self._kaleido, self._loop, self._thread
        self._kaleido = self._loop = self._thread = None
        if loop is None:
            return
        if browser is not None:
            try:
                asyncio.run_coroutine_threadsafe(browser.close(), loop).result(15)
            except Exception:  # the browser may already be gone
                pass
        loop.call_soon_threadsafe(loop.stop)
        if thread is not None:
            thread.join(5)

    def close(self) -> None:
        with self._lock:
            self._close_locked()


_RENDERER = _Renderer()
atexit.register(_RENDERER.close)


def renderer_running() -> bool:
    """Whether the shared browser is up (tests check it is reused, not restarted)."""
    return _RENDERER.running


def renderer_starts() -> int:
    """How many times the shared browser has been started in this process."""
    return _RENDERER.starts


def start_renderer() -> None:
    """Start the shared browser now if it is not up (warm_up does this in the background)."""
    _RENDERER.ensure_started()


def close_renderer() -> None:
    _RENDERER.close()


def _size(fig: go.Figure, width: int | None, height: int | None) -> tuple[int, int]:
    layout = fig.layout
    return (int(width or layout.width or DEFAULT_WIDTH), int(height or layout.height or DEFAULT_HEIGHT))


def render(fig: go.Figure, fmt: str, scale: float = 1, width: int | None = None, height: int | None = None) -> bytes:
    """The figure as png, svg, jpeg, webp or pdf bytes; the layout size is kept unless given."""
    w, h = _size(fig, width, height)
    return _RENDERER.render(fig.to_plotly_json(), {"format": fmt, "width": w, "height": h, "scale": scale})


def to_png(fig: go.Figure, scale: float = PNG_SCALE, width: int | None = None, height: int | None = None) -> bytes:
    """PNG at 2x the layout size by default (crisp on slides and high-density screens)."""
    return render(fig, "png", scale, width, height)


def to_svg(fig: go.Figure, width: int | None = None, height: int | None = None) -> bytes:
    """SVG at the layout size; text stays text (Thai included), so it can be edited and searched."""
    return render(fig, "svg", 1, width, height)


_SVG_ROOT = re.compile(r"<svg\b[^>]*>")
_SIZE_OR_STYLE = re.compile(r'\s(?:width|height|style)="[^"]*"')


def svg_inline(fig: go.Figure, width: int | None = None, height: int | None = None) -> str:
    """SVG text for embedding in HTML: the root loses its fixed size so it scales with the page."""
    text = to_svg(fig, width, height).decode("utf-8")
    root = _SVG_ROOT.search(text)
    if root is None:
        raise ExportError("The chart renderer returned no SVG.", "โปรแกรมสร้างกราฟไม่ได้ส่งภาพ SVG กลับมา")
    tag = _SIZE_OR_STYLE.sub("", root.group(0)).replace("<svg", '<svg style="width:100%;height:auto"', 1)
    return text[:root.start()] + tag + text[root.end():]
