"""The export browsers start ahead of the first click and are shared by every later export."""

from __future__ import annotations

import shutil

import pytest

from analytics.exports import browser, images

pytestmark = pytest.mark.skipif(shutil.which("chromium") is None, reason="no Chromium")

PAGE = "<html><body><h1>ประเมิน</h1></body></html>"
OPTIONS = {"format": "A4", "landscape": True, "print_background": True}


def test_warm_up_starts_both_browsers_once_and_prints_reuse_them():
    """warm_up brings up the chart renderer and the PDF printer; prints after it start no new browser."""
    browser.warm_up(wait=90)
    assert images.renderer_running() and browser.printer_running()
    starts = browser.printer_starts()
    first = browser.print_pdf(PAGE, OPTIONS)
    again = browser.print_pdf(PAGE, OPTIONS)
    assert first.startswith(b"%PDF") and again.startswith(b"%PDF")
    assert browser.printer_starts() == starts
    browser.warm_up()  # a second call does nothing new
    assert browser.printer_starts() == starts


def test_a_closed_printer_starts_afresh_on_the_next_print():
    """After close (as at exit), the next print starts its own browser again rather than hanging."""
    browser.print_pdf(PAGE, OPTIONS)
    starts = browser.printer_starts()
    browser.close_printer()
    assert browser.print_pdf(PAGE, OPTIONS).startswith(b"%PDF")
    assert browser.printer_starts() == starts + 1


def test_bad_print_options_are_an_export_error_not_a_hang():
    """Playwright refusing the options reaches the caller as ExportError, and the printer keeps working."""
    from analytics.exports import ExportError
    with pytest.raises(ExportError):
        browser.print_pdf(PAGE, {"format": "NotAPaperSize"})
    assert browser.print_pdf(PAGE, OPTIONS).startswith(b"%PDF")
