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

import os
import sys
from collections.abc import MutableMapping, Sequence


def trust_the_same_proxies(environ: MutableMapping[str, str] | None = None) -> None:
    """Give Streamlit's server (uvicorn's FORWARDED_ALLOW_IPS, loopback unless set) the proxies Pramern
    trusts (PRAMERN_TRUSTED_PROXIES, analytics.proxies), so both read X-Forwarded-For from the same
    peers and `none` means none; an explicit FORWARDED_ALLOW_IPS is left as the operator set it."""
    from analytics.proxies import ENV, SERVER_ENV, parse_proxies

    env = os.environ if environ is None else environ
    if SERVER_ENV not in env:
        env[SERVER_ENV] = ",".join(str(n) for n in parse_proxies(env.get(ENV)).networks)


def main(argv: Sequence[str]) -> None:
    from streamlit.runtime.pages_manager import PagesManager
    from streamlit.web import cli

    PagesManager.uses_pages_directory = False  # read once, when the first session's PagesManager is made
    trust_the_same_proxies()
    cli.main(["run", *argv], prog_name="streamlit")


if __name__ == "__main__":
    main(sys.argv[1:])
