"""The menu's edges: a page asked for by URL before sign-in opens after it; an unknown or forbidden page
says so in the person's language instead of Streamlit's English "Page not found".

app.py calls remember_request() before the sign-in gate, then menu() to add a hidden stand-in page for
a URL the person may not open (yet), and follow_request() once st.navigation has chosen the page.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import streamlit as st

from ui.common import tr

WANTED = "_wanted_page"
_PATH = re.compile(r"^[A-Za-z0-9_-]{1,64}$")


def requested_page() -> str | None:
    """The page path the browser asked for on this run ('upload' for /upload), when it named one."""
    try:
        from streamlit.runtime.scriptrunner import get_script_run_ctx
        ctx = get_script_run_ctx()
        name = ctx.pages_manager.intended_page_name if ctx is not None else None
    except Exception:  # Streamlit internals moved: the request is simply not remembered
        return None
    return str(name) if name else None


def remember_request() -> None:
    """Keep the page the URL asks for, so that it can open once the person may see it (after sign-in)."""
    name = requested_page()
    if name:
        st.session_state[WANTED] = name


def _stand_in(url: str, title_key: str | None, needs: str | None) -> Callable[[], None]:
    def page() -> None:
        from ui.auth import acting_user, role_label
        if title_key is None:
            st.title(tr("nav.not_found_title"))
            st.warning(tr("nav.not_found", path=url), icon=":material/help:")
            st.session_state.pop(WANTED, None)
        else:
            user = acting_user()
            st.title(tr(title_key))
            if user is None or user.source == "demo":
                st.info(tr("nav.sign_in_first", page=tr(title_key)), icon=":material/login:")
            else:
                st.warning(tr("nav.forbidden", page=tr(title_key), role=role_label(user.role), needs=needs or ""),
                           icon=":material/block:")
        st.page_link("pages/1_overview.py", label=tr("nav.back_home"), icon=":material/home:")
    return page


def menu(pages: dict[str, list[tuple[str, str, str, str]]], navigation: dict[str, list[Any]],
         allowed: Callable[[str], bool]) -> dict[str, list[Any]]:
    """The menu, plus a stand-in page (hidden from the menu) for a wanted URL the person may not open."""
    wanted = st.session_state.get(WANTED)
    if not wanted or not _PATH.match(str(wanted)):
        return navigation
    known = {url: (path, title) for section in pages.values() for path, title, url, _ in section}
    if wanted in known and allowed(known[wanted][0]):
        return navigation
    if wanted in known:
        path, title = known[wanted]
        from analytics import auth
        needs = tr(f"auth.role.{auth.PERMISSIONS[auth.page_permission(path)]}")
        stand_in = st.Page(_stand_in(wanted, title, needs), title=tr(title), url_path=wanted)
    else:
        stand_in = st.Page(_stand_in(wanted, None, None), title=tr("nav.not_found_title"), url_path=wanted)
    # Hidden from the menu: it is where the URL lands, not a page of this person's.
    st.html(f'<style>[data-testid="stSidebarNav"] li:has(a[href$="/{wanted}"]) {{ display: none !important; }}'
            "</style>")
    extra = dict(navigation)
    extra[""] = [*extra.get("", []), stand_in]
    return extra


def follow_request(page: Any, pages_by_url: dict[str, Any]) -> None:
    """Once the wanted page is open, forget it; if it may be opened now (just signed in), go there."""
    wanted = st.session_state.get(WANTED)
    if not wanted:
        return
    if getattr(page, "url_path", None) == wanted:
        if wanted in pages_by_url:
            st.session_state.pop(WANTED, None)
        return
    target = pages_by_url.get(wanted)
    if target is not None:
        st.session_state.pop(WANTED, None)
        st.switch_page(target)
