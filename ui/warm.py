"""Start-up work done once per process, after the first page has been drawn."""

from __future__ import annotations

import os
import threading

import streamlit as st


@st.cache_resource(show_spinner=False)
def warm_exports() -> bool:
    """Start the browsers behind chart images and the PDF in the background, once per process.

    Called at the end of app.py, so the first page is drawn before Chromium competes for the CPU,
    and the first export finds its browser up. PRAMERN_WARM_EXPORTS=0 leaves them to the first
    export (the test suite's AppTests, which export little).
    """
    if os.environ.get("PRAMERN_WARM_EXPORTS", "1") == "0":
        return False

    def start() -> None:
        from analytics.exports.browser import warm_up
        warm_up()

    threading.Thread(target=start, name="pramern-warm-start", daemon=True).start()
    return True
