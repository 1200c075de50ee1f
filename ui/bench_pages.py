"""The benchmark's page child: one AppTest session against PRAMERN_DB, driven by analytics.bench.

It sits in ui/ because it drives the app with Streamlit; the domain package never imports streamlit.
Run as `python -m ui.bench_pages` by analytics.bench.PageChild.
"""

from __future__ import annotations

import json
import os
import sys
from typing import Any

from analytics.auth import ADMIN, OIDC, User, now
from analytics.bench import APP, BENCH_ORG, BENCH_ROUND, BENCH_YEAR, PROTOCOL, peak_rss_kib, timed


def page_child() -> None:
    """In a fresh process against PRAMERN_DB: one AppTest session that opens and reruns pages on request.

    Reads one JSON command per line ({"op": "page", "page": ...}, {"op": "rerun"}, {"op": "rss"},
    {"op": "quit"}) and answers each with one line: seconds taken, exceptions raised, peak RSS.
    """
    from streamlit.runtime.pages_manager import PagesManager
    from streamlit.testing.v1 import AppTest

    from ui.auth import SEEN_KEY, USER_KEY

    # With a pages/ folder beside app.py, AppTest runs a switched-to page on its own (Streamlit's
    # old multipage mode), skipping app.py and so the sidebar. `streamlit run` runs app.py, whose
    # st.navigation turns that mode off for good, on every rerun; do the same here.
    opened = PagesManager.__init__

    def open_without_pages_folder(self: PagesManager, *args: Any, **kwargs: Any) -> None:
        opened(self, *args, **kwargs)
        PagesManager.uses_pages_directory = False

    PagesManager.__init__ = open_without_pages_folder  # type: ignore[method-assign]
    at = AppTest.from_file(str(APP), default_timeout=600)
    email = os.environ.get("PRAMERN_BENCH_USER")
    if email:  # signed in through the identity provider, as an administrator: every page is reachable
        at.session_state[USER_KEY] = User(email, ADMIN, (), OIDC)
        at.session_state[SEEN_KEY] = now()
    for key, value in {"org": BENCH_ORG, "year": str(BENCH_YEAR), "round": str(BENCH_ROUND), "lang": "th"}.items():
        at.query_params[key] = value
    first, _ = timed(at.run)
    print(PROTOCOL + json.dumps({"s": first, "errors": [str(e.value)[:300] for e in at.exception]}), flush=True)
    for line in sys.stdin:
        cmd = json.loads(line)
        if cmd["op"] == "quit":
            break
        if cmd["op"] == "rss":
            print(PROTOCOL + json.dumps({"peak_rss_kib": peak_rss_kib()}), flush=True)
            continue
        if cmd["op"] == "page":
            at.switch_page(cmd["page"])
        seconds, _ = timed(at.run)
        print(PROTOCOL + json.dumps({"s": seconds, "errors": [str(e.value)[:300] for e in at.exception],
                                     "sidebar": len(at.sidebar.selectbox) > 0}), flush=True)


if __name__ == "__main__":
    page_child()
