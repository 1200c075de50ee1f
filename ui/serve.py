"""`python -m ui.serve app.py [options]`: `streamlit run app.py [options]`, without Streamlit's old pages/ mode.

With a pages/ folder beside app.py, a freshly started Streamlit server runs its first request in the
old multipage mode: Streamlit's automatic menu of pages/ (every file-derived page name, admin and
audit included, sent to an anonymous visitor) and the requested page script alone, without app.py's
sign-in gate. app.py's st.navigation turns that mode off for good, but only once it has run. This
launcher turns it off before the server starts, so every request, the first included, runs app.py
and its one menu. `make run`, deploy/systemd/pramern@.service, the tests and the benchmark start the
app this way; a plain `streamlit run app.py` still works (ui/__init__.py then reruns the first request
through app.py, after Streamlit has sent that one menu).
"""

from __future__ import annotations

import sys
from collections.abc import Sequence


def main(argv: Sequence[str]) -> None:
    from streamlit.runtime.pages_manager import PagesManager
    from streamlit.web import cli

    PagesManager.uses_pages_directory = False  # read once, when the first session's PagesManager is made
    cli.main(["run", *argv], prog_name="streamlit")


if __name__ == "__main__":
    main(sys.argv[1:])
