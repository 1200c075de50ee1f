"""Pramern: the entry point. Signs people in, then builds their menu with st.navigation over pages/.

Outside demo mode nothing but the sign-in runs before sign-in (ui.auth.gate stops the script). The
menu lists only the pages the user's role may use; each restricted page also guards itself.
"""

import logging
import secrets
from pathlib import Path

import streamlit as st

from analytics.errors import PramernError
from ui.auth import account_box, gate, may_show, public_message
from ui.common import STORE_DOWN, apply_url, sidebar, store_unavailable, tr
from ui.navigation import follow_request, menu, remember_request
from ui.style import apply_style
from ui.warm import warm_exports

log = logging.getLogger("pramern.app")

# A local icon: a Material icon or emoji favicon would be fetched from outside the machine.
st.set_page_config(page_title="Pramern ประเมิน", page_icon=str(Path(__file__).parent / "ui" / "favicon.png"),
                   layout="wide")
apply_style()

PAGES = {
    "nav.section.dashboards": [
        ("pages/1_overview.py", "nav.overview", "overview", ":material/home:"),
        ("pages/2_kpi.py", "nav.kpi", "kpi", ":material/track_changes:"),
        ("pages/3_ita.py", "nav.ita", "ita", ":material/verified_user:"),
        ("pages/4_compare.py", "nav.compare", "compare", ":material/leaderboard:"),
        ("pages/5_actions.py", "nav.actions", "actions", ":material/task_alt:"),
        ("pages/6_cycle.py", "nav.cycle", "cycle", ":material/event:"),
    ],
    "nav.section.data": [
        ("pages/7_upload.py", "nav.upload", "upload", ":material/upload:"),
    ],
    "nav.section.admin": [
        ("pages/8_admin.py", "nav.admin", "admin", ":material/manage_accounts:"),
        ("pages/9_audit.py", "nav.audit", "audit", ":material/policy:"),
    ],
}


_menu: list[bool] = []  # whether this run told Streamlit its pages (app.py runs anew on every rerun)


def hide_menu() -> None:
    """When a run fails before the menu is built, tell Streamlit of one hidden page: otherwise a fresh
    server's automatic menu of pages/ would show every page's name beside the message."""
    if not _menu:
        _menu.append(True)
        st.navigation([st.Page(lambda: None, title="Pramern", url_path="overview", default=True)], position="hidden")


def main() -> None:
    remember_request()  # a page asked for by URL opens once the person may see it (after sign-in)
    try:
        user = gate({url for pages in PAGES.values() for _, _, url, _ in pages})
        apply_url()
    except STORE_DOWN as exc:  # the database is down: say so plainly, and the next rerun tries again
        hide_menu()
        store_unavailable(exc)
        st.stop()
    navigation = {
        tr(section): [st.Page(path, title=tr(title), url_path=url, icon=icon, default=(url == "overview"))
                      for path, title, url, icon in pages if may_show(path, user)]
        for section, pages in PAGES.items()
    }
    # The menu is built before any sidebar widget: with a pages/ folder beside app.py, widgets created
    # before st.navigation on a server's first run get other ids than on later runs and lose their state.
    page = st.navigation({section: pages for section, pages in
                          menu(PAGES, navigation, lambda p: may_show(p, user)).items() if pages})
    _menu.append(True)
    follow_request(page, {p.url_path: p for pages in navigation.values() for p in pages})
    try:
        st.session_state["_selection"] = sidebar()
        account_box(user)
        page.run()
    except STORE_DOWN as exc:
        store_unavailable(exc)
    warm_exports()  # after the page: the export browsers start while people read it


# No traceback ever reaches the browser (client.showErrorDetails is off as well): a failure the
# domain explains shows its message; anything else shows a reference id, and the detail (with the
# traceback) goes to the server's log only. st.stop and st.rerun are not Exceptions and pass through.
try:
    main()
except PramernError as exc:
    log.warning("refused: %s", exc.message_en)
    hide_menu()
    st.error(public_message(exc))  # the file's name, not the server's folders (the log has the whole path)
except Exception as exc:
    ref = secrets.token_hex(4).upper()
    log.error("unexpected error %s", ref, exc_info=exc)
    hide_menu()
    st.error(tr("sec.unexpected", ref=ref), icon=":material/error:")
