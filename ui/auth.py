"""Sign-in, sign-out, idle expiry, page guards and audited downloads: analytics.auth in the app.

Production signs people in through Streamlit's OIDC (st.login, configured in .streamlit/secrets.toml
[auth]); their role comes from the users table by e-mail. Without [auth], local accounts sign in
with a form checked by analytics.auth.sign_in. In demo mode (PRAMERN_DEMO=1) anyone views as
auth.DEMO_VIEWER. A password lives in the session only inside the form's callback, which blanks it.
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from typing import Any
from urllib.parse import urlparse

import streamlit as st

from analytics import auth, proxies
from analytics.auth import User
from analytics.errors import PramernError
from ui.common import FLASH_KEY, callback, lang, public_message, store, tr

USER_KEY, SEEN_KEY, REFUSED_KEY = "auth_user", "auth_last_seen", "auth_oidc_refused"
EMAIL_KEY, PASSWORD_KEY = "auth_email", "auth_password"


def oidc_configured() -> bool:
    """Whether .streamlit/secrets.toml has an [auth] section (production sign-in)."""
    try:
        return "auth" in st.secrets
    except Exception:  # no secrets file at all: Streamlit raises rather than answering False
        return False


def current_user() -> User | None:
    """The signed-in person of this session, if any."""
    user = st.session_state.get(USER_KEY)
    return user if isinstance(user, User) else None


def session_user() -> User | None:
    """For widget callbacks, which run before gate(): the signed-in user unless the session went idle."""
    user = current_user()
    if user is None or auth.expired(st.session_state.get(SEEN_KEY), auth.now(), auth.idle_limit(store())):
        return None
    return user


def acting_user() -> User | None:
    """The signed-in person, else the demo viewer in demo mode, else nobody."""
    return current_user() or (auth.DEMO_VIEWER if auth.demo_mode() else None)


def role_label(role: str) -> str:
    return tr(f"auth.role.{role}")


def _flash(kind: str, text: str) -> None:
    st.session_state[FLASH_KEY] = (kind, text)


def _show_flash() -> None:
    found = st.session_state.pop(FLASH_KEY, None)
    if found:
        kind, text = found
        {"error": st.error, "warning": st.warning, "success": st.success}.get(kind, st.info)(text)


def _start_session(user: User) -> None:
    st.session_state[USER_KEY] = user
    st.session_state[SEEN_KEY] = auth.now()
    st.session_state.pop(REFUSED_KEY, None)


def _end_session(user: User, action: str, flash: tuple[str, str] | None, **detail: Any) -> None:
    """Forget the signed-in person and audit why; an OIDC session also drops its identity cookie."""
    store().append_audit(user.email, action, user.email, {"source": user.source, **detail})
    for key in (USER_KEY, SEEN_KEY, REFUSED_KEY):
        st.session_state.pop(key, None)
    if flash:
        _flash(*flash)
    if user.source == auth.OIDC:
        st.logout()


def _still_valid(user: User) -> User | None:
    """The session's user as the users table has them now, or None once idle too long or disabled."""
    at = auth.now()
    idle = auth.idle_limit(store())
    if auth.expired(st.session_state.get(SEEN_KEY), at, idle):
        minutes = int(idle.total_seconds() // 60)
        _end_session(user, "session_expired", ("warning", tr("auth.expired", minutes=minutes)), idle_minutes=minutes)
        return None
    account = store().account(user.email)
    if account is None or account.disabled:
        _end_session(user, "session_ended", ("warning", tr("auth.account_ended")), reason="disabled")
        return None
    fresh = account.user(user.source)
    if fresh != user:
        st.session_state[USER_KEY] = fresh
    return fresh


def _oidc_user() -> User | None:
    """The person the identity provider signed in, once per session; refused e-mails are told so."""
    claims = st.user.to_dict()
    email = auth.login_name(str(claims.get("email") or ""))
    if st.session_state.get(REFUSED_KEY) != email:
        try:
            user = auth.sign_in_oidc(store(), claims)
        except PramernError as exc:
            st.session_state[REFUSED_KEY] = email
            st.session_state[f"{REFUSED_KEY}_message"] = (exc.message_th, exc.message_en)
        else:
            _start_session(user)
            return user
    message_th, message_en = st.session_state.get(f"{REFUSED_KEY}_message", ("", ""))
    _sign_in_menu(())
    st.title(tr("auth.title"))
    st.error(message_th if lang() == "th" else message_en)
    st.caption(tr("auth.not_registered_help"))
    if st.button(tr("auth.sign_out"), key="auth_refused_sign_out"):
        store().append_audit(email, "sign_out", email, {"source": auth.OIDC})
        st.session_state.pop(REFUSED_KEY, None)
        st.logout()
    st.stop()


@st.cache_resource(show_spinner=False)
def _trusted_proxies() -> proxies.TrustedProxies:
    """PRAMERN_TRUSTED_PROXIES as this server process started with it (read and logged once)."""
    found = proxies.trusted_proxies()
    proxies.log_refused(found)
    return found


def client_address() -> str:
    """The browser's address: the connection's, or, from a trusted proxy (nginx), the one it forwards
    (analytics.proxies); "localhost" for the machine itself or when there is no connection."""
    try:
        context = st.context
        headers = context.headers
        return auth.client_address(proxies.client_address(
            context.ip_address, headers.get_all("x-forwarded-for"), headers.get("x-real-ip"), _trusted_proxies()))
    except Exception:  # no session context (a test harness): treat it as the local machine
        return auth.LOCALHOST


@callback
def _submit_sign_in() -> None:
    """The sign-in form's callback: the password is read once and blanked before anything else runs."""
    email = str(st.session_state.get(EMAIL_KEY) or "")
    password = str(st.session_state.get(PASSWORD_KEY) or "")
    st.session_state[PASSWORD_KEY] = ""
    try:
        user = auth.sign_in(store(), email, password, client=client_address())
    except PramernError as exc:
        _flash("error", public_message(exc))
    else:
        _start_session(user)
        _flash("success", tr("auth.signed_in", email=user.email))


def sign_in_form() -> None:
    """The local sign-in form, or the identity provider's button when [auth] is configured."""
    if oidc_configured():
        st.caption(tr("auth.oidc_intro"))
        if st.button(tr("auth.oidc_button"), key="auth_oidc", type="primary", icon=":material/login:"):
            st.login()
        return
    with st.form("auth_form", border=False):
        st.text_input(tr("auth.email"), key=EMAIL_KEY, max_chars=auth.MAX_EMAIL, autocomplete="username")
        st.text_input(tr("auth.password"), key=PASSWORD_KEY, type="password", max_chars=auth.MAX_PASSWORD,
                      autocomplete="current-password")
        st.form_submit_button(tr("auth.submit"), key="auth_submit", type="primary", on_click=_submit_sign_in)


def _language_from_url() -> None:
    """Before sign-in the sidebar (which keeps the language) does not run: honour ?lang= here."""
    wanted = st.query_params.get("lang")
    if wanted in ("th", "en") and "sel_lang" not in st.session_state:
        st.session_state["sel_lang"] = wanted


def _requested_page(menu_paths: Collection[str]) -> str | None:
    """The page the browser's address asks for, when it is one of the menu's (else None: the root)."""
    try:
        path = urlparse(st.context.url or "").path
    except Exception:  # no session context (a test harness)
        return None
    last = path.rstrip("/").rsplit("/", 1)[-1]
    return last if last in menu_paths else None


def _sign_in_menu(menu_paths: Collection[str], home: str = "overview") -> None:
    """Tell Streamlit the app's only page now is the sign-in, hidden, so no page name reaches the browser.

    Without this, a server's first runs (before anyone signs in and app.py calls st.navigation)
    fall back to Streamlit's automatic menu of pages/ and send every page's name. The one page
    takes the address asked for (Streamlit keys a page by its url path), so signing in lands on
    that page, or on home (the menu's default page) from the root.
    """
    wanted = _requested_page(menu_paths)
    pages = [st.Page(lambda: None, title=tr("auth.title"), url_path=home, default=True)]
    if wanted and wanted != home:  # the default page answers only the root: the address asked for needs its own
        pages.append(st.Page(lambda: None, title=tr("auth.title"), url_path=wanted))
    st.navigation(pages, position="hidden")


def gate(menu_paths: Collection[str] = ()) -> User:
    """Who acts on this run. Outside demo mode, nobody signed in sees the sign-in and nothing else.

    menu_paths: the URL paths of the app's pages (a deep link survives the sign-in).
    """
    _language_from_url()
    user = current_user()
    if user is not None:
        user = _still_valid(user)
    if user is None and oidc_configured() and st.user.get("is_logged_in"):
        user = _oidc_user()
    if user is not None:
        st.session_state[SEEN_KEY] = auth.now()
        _show_flash()
        return user
    if auth.demo_mode():
        _show_flash()
        with st.container(key="demo_banner"):  # ui/style.py keeps it small on phones and off paper
            st.info(tr("auth.demo_banner", email=auth.DEMO_ANALYST_EMAIL, password=auth.DEMO_ANALYST_PASSWORD),
                    icon=":material/visibility:")
        return auth.DEMO_VIEWER
    _sign_in_menu(menu_paths)
    st.title(tr("auth.title"))
    st.caption(tr("auth.intro"))
    _show_flash()
    sign_in_form()
    st.stop()
    raise AssertionError("st.stop() returned")  # for the type checker: gate() always returns a User


@callback
def _submit_password_change() -> None:
    current = str(st.session_state.get("auth_pw_current") or "")
    new = str(st.session_state.get("auth_pw_new") or "")
    repeat = str(st.session_state.get("auth_pw_repeat") or "")
    for key in ("auth_pw_current", "auth_pw_new", "auth_pw_repeat"):
        st.session_state[key] = ""
    user = session_user()
    if user is None:
        return
    if new != repeat:
        _flash("error", tr("auth.passwords_differ"))
        return
    try:
        store().change_own_password(user, current, new)
    except PramernError as exc:
        _flash("error", exc.message(lang()))
    else:
        _flash("success", tr("auth.password_changed"))


def account_box(user: User) -> None:
    """In the sidebar: who is signed in, their role, sign-out and (local accounts) a password change."""
    with st.sidebar:
        st.divider()
        if user == auth.DEMO_VIEWER:
            st.caption(tr("auth.viewing_as_guest"))
            with st.expander(tr("auth.demo_sign_in"), icon=":material/login:"):
                sign_in_form()
            return
        st.caption(tr("auth.signed_in_as", email=user.email, role=role_label(user.role)))
        if user.orgs:
            st.caption(tr("auth.orgs_limited", orgs=", ".join(user.orgs)))
        if user.source == auth.LOCAL:
            with st.expander(tr("auth.change_password"), icon=":material/key:"):
                with st.form("auth_pw_form", border=False):
                    st.text_input(tr("auth.current_password"), key="auth_pw_current", type="password",
                                  autocomplete="current-password")
                    st.text_input(tr("auth.new_password", n=auth.MIN_PASSWORD), key="auth_pw_new", type="password",
                                  autocomplete="new-password")
                    st.text_input(tr("auth.repeat_password"), key="auth_pw_repeat", type="password",
                                  autocomplete="new-password")
                    st.form_submit_button(tr("auth.save_password"), key="auth_pw_submit",
                                          on_click=_submit_password_change)
        if st.button(tr("auth.sign_out"), key="auth_sign_out", icon=":material/logout:"):
            _end_session(user, "sign_out", ("success", tr("auth.signed_out")))
            st.rerun()


def guard(permission: str) -> User:
    """At the top of a page: the acting user, or a refusal and st.stop() when their role may not use it."""
    user = acting_user()
    if user is not None and user.may(permission):
        return user
    if user is None:
        st.error(tr("auth.refused_sign_in"))
    else:
        store().append_audit(user.email, "denied", permission, {"permission": permission, "attempted": "page",
                                                               "role": user.role})
        st.error(tr("auth.refused", role=role_label(user.role)))
    st.stop()
    raise AssertionError("st.stop() returned")


def may_show(page: str, user: User) -> bool:
    """Whether a page belongs in this user's menu."""
    return user.may(auth.page_permission(page))


def audited(make: Callable[[], bytes], file_name: str) -> Callable[[], bytes]:
    """A download's data callable that writes an 'export' event when it runs (on the click).

    The callable runs on a thread of its own, outside the session: the store and the user are
    taken now, as plain values.
    """
    user = acting_user()
    if user is None:
        return make
    target = store()

    def run() -> bytes:
        data = make()
        target.append_audit(user.email, "export", file_name, {"bytes": len(data)})
        return data

    return run
