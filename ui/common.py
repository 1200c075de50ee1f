"""What every page shares: the store, the sidebar selection kept in the URL, the language.

Start-up work (opening the database, loading the demo on an empty one) happens once per
process in cache_resource; reruns only read the selection and cached query results.
"""

from __future__ import annotations

import datetime as dt
import functools
import logging
import os
import secrets
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, ParamSpec

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from analytics.calendar import format_date
from analytics.demo import ensure_demo
from analytics.errors import PramernError, StoreBusyError, StoreUnavailableError
from analytics.i18n import t
from analytics.store import Store, default_db_path

ROUNDS = (12, 9, 6)
LANG_KEY, ORG_KEY, YEAR_KEY, ROUND_KEY = "sb_lang", "sb_org", "sb_year", "sb_round"
PARAMS = {"org": ORG_KEY, "year": YEAR_KEY, "round": ROUND_KEY, "lang": LANG_KEY}


@st.cache_resource(show_spinner=False)
def _open_store(path: str) -> Store:
    store = Store(path)
    ensure_demo(store)
    return store


def store() -> Store:
    """The process-wide store for PRAMERN_DB (or data/pramern.duckdb)."""
    return _open_store(str(default_db_path()))


def db_key() -> str:
    return store().label


def data_version() -> int:
    """Read from the database on every call: changes whenever an import, undo, edit or days-off change
    lands, from this process or any other (replicas, the command line), so cached reads are refreshed."""
    return store().data_version()


def lang() -> str:
    return str(st.session_state.get(_KEEP[LANG_KEY], "th"))


def tr(key: str, **params: Any) -> str:
    """A catalogue text in the current language."""
    return t(key, lang(), **params)


log = logging.getLogger("pramern.app")
FLASH_KEY = "auth_flash"  # (kind, text) shown once at the top of the next page (ui.auth.gate shows it)
_P = ParamSpec("_P")


def reference() -> str:
    """A short id that ties the message a person sees to the server log's traceback."""
    return secrets.token_hex(4).upper()


def public_message(exc: PramernError) -> str:
    """An error's text for the browser: the database file's name, never the server's folders."""
    where = default_db_path()
    shown = exc.message(lang())
    return shown.replace(f"{where.parent}{os.sep}", "") if isinstance(where, Path) else shown


def callback(fn: Callable[_P, None]) -> Callable[_P, None]:
    """For every widget callback (on_click, on_change): no traceback in the browser from one either.

    Streamlit runs callbacks before the script, outside app.py's wrapper, and shows what they raise
    as its own error box in place of the page. Decorated, a failure the domain explains becomes its
    message, anything else the plain message with a reference id (the traceback goes to the server
    log only), shown at the top of the page that then runs as usual. st.rerun and st.stop are not
    Exceptions and pass through.
    """
    @functools.wraps(fn)
    def run(*args: _P.args, **kwargs: _P.kwargs) -> None:
        try:
            fn(*args, **kwargs)
        except PramernError as exc:
            log.warning("refused in %s: %s", fn.__qualname__, exc.message_en)
            st.session_state[FLASH_KEY] = ("error", public_message(exc))
        except Exception as exc:
            ref = reference()
            log.error("unexpected error %s in the callback %s", ref, fn.__qualname__, exc_info=exc)
            st.session_state[FLASH_KEY] = ("error", tr("sec.unexpected", ref=ref))

    return run


# The database cannot serve this run: its server is down or unreachable, or (the embedded file) another
# process held it for longer than the store waits. app.py catches these around everything it runs.
STORE_DOWN: tuple[type[PramernError], ...] = (StoreUnavailableError, StoreBusyError)


def store_unavailable(exc: PramernError) -> None:
    """What a person sees instead of a traceback when the database cannot be reached: what happened,
    that nothing is lost, a button to try again, and the store's own reason for the administrator (its
    password masked). The next rerun after the database is back shows the page again."""
    print(f"Pramern: the database did not answer this run: {exc.message_en}", file=sys.stderr, flush=True)
    st.error(tr("app.db_unavailable"), icon=":material/cloud_off:")
    st.button(tr("app.db_retry"), key="app_db_retry", type="primary", icon=":material/refresh:")
    with st.expander(tr("app.db_details")):
        st.text(exc.message(lang()))


@dataclass(frozen=True)
class Selection:
    org: str | None
    year: int | None
    round: int
    lang: str
    org_label: str


@st.cache_data(show_spinner=False)
def _orgs(db: str, version: int) -> pd.DataFrame:
    return store().orgs()


@st.cache_resource(show_spinner=False, max_entries=8)
def _org_labels(db: str, version: int, language: str) -> dict[str, str]:
    """Code -> sidebar label of every organisation, in the store's order.

    Built once per data version and language (8,300 organisations take 0.1-0.3 s) and shared, not
    copied, by every rerun and session (cache_resource): never change the dict.
    """
    return {r["org_code"]: org_label(r, language) for r in _orgs(db, version).to_dict("records")}


@st.cache_data(show_spinner=False)
def _years(db: str, version: int, org: str | None) -> list[int]:
    return store().years(org)


@st.cache_data(show_spinner=False)
def _default_year(db: str, version: int, org: str) -> int | None:
    return store().default_year(org)


def org_labels() -> dict[str, str]:
    """Code -> "abbreviation name" in the current language, cached per database version."""
    return _org_labels(db_key(), data_version(), lang())


def org_label(row: pd.Series | dict[str, Any], language: str) -> str:
    name = row.get("name_th") if language == "th" else (row.get("name_en") or row.get("name_th"))
    abbr = row.get("abbr_th") or row.get("org_code")
    return f"{abbr} {name}" if name else str(abbr)


# Up to ORG_LIST_MAX organisations a picker lists them all. Beyond it (a national office: 8,300 agencies)
# listing them would send every label to the browser on every rerun (about 1 MB) and cost each rerun
# tens of milliseconds on the server: a search box finds them instead, and the picker offers what it
# found (at most ORG_MATCHES), the chosen ones and the recently viewed.
ORG_LIST_MAX = 300
ORG_MATCHES = 50
RECENT_ORGS_KEY, RECENT_ORGS = "sel_org_recent", 8


def _text(value: Any) -> str:
    return "" if value is None or (not isinstance(value, str) and pd.isna(value)) else str(value)


@st.cache_resource(show_spinner=False, max_entries=4)
def _org_haystacks(db: str, version: int) -> list[tuple[str, str]]:
    """(code, what a search looks in: code, abbreviation with and without dots, Thai and English names,
    lower-case), in the store's order; shared by every session, never changed."""
    found = []
    for r in _orgs(db, version).to_dict("records"):
        text = " ".join(filter(None, (_text(r.get(c)) for c in ("org_code", "abbr_th", "name_th", "name_en"))))
        found.append((str(r["org_code"]), f"{text} {text.replace('.', '')}".lower()))
    return found


@st.cache_data(show_spinner=False, max_entries=128)
def _org_matches(db: str, version: int, query: str) -> tuple[list[str], int]:
    """The first ORG_MATCHES codes whose text holds every word of query, and how many match in all."""
    words = query.lower().split()
    found = [code for code, text in _org_haystacks(db, version) if all(w in text for w in words)]
    return found[:ORG_MATCHES], len(found)


def org_choices(search_key: str, keep: Sequence[str] = ()) -> list[str]:
    """The organisation codes a picker offers: every one, or, past ORG_LIST_MAX, a search box
    (widget key search_key, drawn here) and the codes in keep (the chosen ones first) then those found."""
    codes = list(org_labels())
    if len(codes) <= ORG_LIST_MAX:
        return codes
    query = st.text_input(tr("app.org_search"), key=search_key, max_chars=100,
                          placeholder=tr("app.org_search_hint", n=f"{len(codes):,}"))
    known = set(codes)
    offered = [c for c in keep if c in known]
    if query.strip():
        matches, total = _org_matches(db_key(), data_version(), query.strip())
        offered += matches
        if total == 0:
            st.caption(tr("app.org_search_none", query=query.strip()))
        elif total > len(matches):
            st.caption(tr("app.org_search_more", shown=len(matches), n=f"{total:,}"))
    return list(dict.fromkeys(offered))


# The selection lives in plain session keys that outlive page switches; each sidebar widget is
# seeded from them on every run and writes back through its on_change callback.
_KEEP = {LANG_KEY: "sel_lang", ORG_KEY: "sel_org", YEAR_KEY: "sel_year", ROUND_KEY: "sel_round"}


def _kept(widget_key: str) -> Any:
    return st.session_state.get(_KEEP[widget_key])


def _keep(widget_key: str, value: Any) -> None:
    st.session_state[_KEEP[widget_key]] = value


@callback
def _from_widget(widget_key: str) -> None:
    value = st.session_state.get(widget_key)
    if value is not None:
        _keep(widget_key, value)


def _seed(widget_key: str) -> None:
    # Written on every run, so the widget also redraws its labels after a language switch.
    st.session_state[widget_key] = _kept(widget_key)


def _sync_from_url(options: dict[str, list[Any]]) -> None:
    """Apply a URL parameter when it differs from the one this session last wrote (a shared link)."""
    params = st.query_params
    for name, key in PARAMS.items():
        if name not in params or name not in options:
            continue
        raw = params[name]
        if st.session_state.get(f"_url_{name}") == raw:
            continue
        value: Any = raw
        if name in ("year", "round"):
            try:
                value = int(raw)
            except ValueError:
                continue
        if value not in options[name]:
            continue
        st.session_state[f"_url_{name}"] = raw
        _keep(key, value)


def apply_url() -> None:
    """Take the organisation, round and language of a shared link before anything is drawn."""
    codes = list(_org_labels(db_key(), data_version(), "th"))
    _sync_from_url({"org": codes, "round": list(ROUNDS), "lang": ["th", "en"]})


def sidebar() -> Selection:
    """The organisation, fiscal year (BE), round and language, kept in the URL query parameters."""
    version = data_version()
    codes = list(_org_labels(db_key(), version, "th"))
    apply_url()
    if _kept(LANG_KEY) not in ("th", "en"):
        _keep(LANG_KEY, "th")
    with st.sidebar:
        _seed(LANG_KEY)
        st.segmented_control(t("app.language", lang()), ["th", "en"], key=LANG_KEY, on_change=_from_widget,
                             args=(LANG_KEY,), format_func=lambda v: "ไทย" if v == "th" else "English",
                             selection_mode="single")
        language = lang()
        if not codes:
            st.warning(t("app.no_orgs", language))
            return Selection(None, None, 12, language, "")
        if _kept(ORG_KEY) not in codes:
            _keep(ORG_KEY, "DPIM" if "DPIM" in codes else codes[0])
        labels = _org_labels(db_key(), version, language)
        recent = [c for c in st.session_state.get(RECENT_ORGS_KEY, []) if c != _kept(ORG_KEY)]
        offered = org_choices("sb_org_search", [_kept(ORG_KEY), *recent])
        _seed(ORG_KEY)
        org = st.selectbox(t("app.org", language), offered, key=ORG_KEY, on_change=_from_widget, args=(ORG_KEY,),
                           format_func=labels.__getitem__)
        if len(offered) < len(codes):
            st.session_state[RECENT_ORGS_KEY] = [org, *(c for c in recent if c != org)][:RECENT_ORGS]
        years = _years(db_key(), version, org) or _years(db_key(), version, None)
        _sync_from_url({"year": years})
        if _kept(YEAR_KEY) not in years:
            preferred = _default_year(db_key(), version, org)
            _keep(YEAR_KEY, preferred if preferred in years else (years[0] if years else None))
        year = None
        if years:
            _seed(YEAR_KEY)
            year = st.selectbox(t("app.year", language), years, key=YEAR_KEY, on_change=_from_widget,
                                args=(YEAR_KEY,), format_func=lambda y: t("app.year_be", language, year=y))
        if _kept(ROUND_KEY) not in ROUNDS:
            _keep(ROUND_KEY, 12)
        _seed(ROUND_KEY)
        rnd = st.radio(t("app.round", language), ROUNDS, key=ROUND_KEY, horizontal=True, on_change=_from_widget,
                       args=(ROUND_KEY,), format_func=lambda r: t("app.round_months", language, months=r))
    # What the browser sent, before the selection rewrites the URL: the page's own parameters (url_seed).
    st.session_state["_url_incoming"] = {k: st.query_params[k] for k in st.query_params}
    st.query_params.from_dict({"org": org, "year": str(year) if year else "", "round": str(rnd), "lang": language})
    for name, value in (("org", org), ("year", str(year) if year else ""), ("round", str(rnd)), ("lang", language)):
        st.session_state[f"_url_{name}"] = value
    return Selection(org, year, int(rnd), language, labels[org])


def url_seed(name: str, key: str, options: Sequence[Any] | None = None, cast: Callable[[str], Any] = str) -> None:
    """Seed a page's widget (session key) from its URL parameter, so a copied link opens the same view.

    The parameter wins when it is new to this session (a shared link, a click-through from another
    page) or when the widget has no state yet (the page was just opened); a value that is not among
    the options is ignored. Call before the widget; call url_keep with its value after it.
    """
    incoming: dict[str, str] = st.session_state.get("_url_incoming") or {}
    raw = incoming.get(name)
    if raw is None or (st.session_state.get(f"_url_{name}") == raw and key in st.session_state):
        return
    try:
        value = cast(raw)
    except (TypeError, ValueError, KeyError):
        return
    if options is not None and value not in options:
        return
    st.session_state[key] = value
    st.session_state[f"_url_{name}"] = raw


def url_keep(name: str, value: Any) -> None:
    """Write a page's view (selected KPI, tab, filter) into the URL; None or "" removes it."""
    text = "" if value is None else ",".join(map(str, value)) if isinstance(value, (list, tuple)) else str(value)
    if text:
        st.query_params[name] = text
    elif name in st.query_params:
        del st.query_params[name]
    st.session_state[f"_url_{name}"] = text or None


def selection() -> Selection:
    apply_goto()
    sel = st.session_state.get("_selection")
    if sel is None:
        return sidebar()
    return sel  # type: ignore[no-any-return]


# -- formatting ---------------------------------------------------------------------------------
def fmt_num(value: Any, decimals: int = 2) -> str:
    if value is None or (isinstance(value, float) and pd.isna(value)) or value is pd.NA:
        return "–"
    return f"{float(value):,.{decimals}f}"


def fmt_signed(value: Any, decimals: int = 2) -> str:
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return "–"
    return f"{float(value):+,.{decimals}f}"


def fmt_date(value: Any) -> str:
    if value is None or value is pd.NaT or (not isinstance(value, (dt.date, pd.Timestamp)) and pd.isna(value)):
        return ""
    day = value.date() if isinstance(value, (pd.Timestamp, dt.datetime)) else value
    return format_date(day, lang())


_BADGE_COLOURS = {"maintain": "green", "develop": "orange", "improve": "red"}


def band_badge(band: str | None) -> str:
    """An ITA band as a coloured badge with its symbol and label (readable without colour)."""
    if band is None:
        return "–"
    from analytics.palette import BAND_SYMBOLS
    return f":{_BADGE_COLOURS[band]}-badge[{BAND_SYMBOLS[band]} {tr(f'band.{band}')}]"


def empty_state(key: str, upload: bool = True, **params: Any) -> None:
    """Say what is missing and where to upload it."""
    st.info(tr(key, **params))
    if upload and _may_upload():
        st.page_link("pages/7_upload.py", label=tr("app.go_upload"), icon=":material/upload:")


def _may_upload() -> bool:
    """Whether the upload page is in this user's menu: st.page_link refuses a page that is not."""
    from ui.auth import acting_user
    user = acting_user()
    return user is not None and user.may("import")


def chart(fig: go.Figure, name: str, key: str, clickable: bool = False) -> list[dict[str, Any]]:
    """A Plotly chart with PNG (2x) and SVG downloads rendered on the server, named after `name`.

    The toolbar's client-side 2x PNG stays. The server images are drawn only when a button is
    clicked (ui.exports.image_buttons); do not change the figure after this call. A clickable
    chart returns the points of a new click (Plotly selection events), [] otherwise.
    """
    from ui.exports import image_buttons
    config = {"displaylogo": False, "toImageButtonOptions": {"format": "png", "scale": 2, "filename": name}}
    if clickable:
        st.plotly_chart(fig, key=key, config=config, on_select="rerun", selection_mode="points")
    else:
        st.plotly_chart(fig, key=key, config=config)
    image_buttons(fig, name, key)
    return new_selection(key, "points") if clickable else []


def new_selection(key: str, part: str = "points") -> list[Any]:
    """The points (or rows) selected in a chart (or table) since the last run; [] when nothing changed.

    A selection stays in the widget's state on later runs; acting on it only once lets the person
    change the view by other means afterwards without the old click pulling it back.
    """
    state = st.session_state.get(key)
    found = list(getattr(getattr(state, "selection", None), part, None) or []) if state is not None else []
    seen_key = f"_seen_{key}"
    signature = repr(found)
    if st.session_state.get(seen_key) == signature:
        return []
    st.session_state[seen_key] = signature
    return found


def goto(**values: Any) -> None:
    """Set widget states (key=value) on the next run, before the widgets exist, and rerun now."""
    st.session_state["_goto"] = {**st.session_state.get("_goto", {}), **values}
    st.rerun()


def apply_goto() -> None:
    """Apply what goto() asked for; pages call it before their widgets."""
    for key, value in (st.session_state.pop("_goto", None) or {}).items():
        st.session_state[key] = value


def url_tabs(name: str, key: str, tabs: dict[str, str]) -> tuple[list[Any], str]:
    """Tabs (id -> label) whose open tab lives in the URL (?name=id) and survives a language switch.

    Returns the tab containers and the id of the open one; a link with ?name=id opens that tab.
    """
    ids, labels = list(tabs), list(tabs.values())
    id_key = f"_tabid_{key}"
    if st.session_state.get(key) not in labels:
        st.session_state.pop(key, None)
        if st.session_state.get(id_key) in tabs:
            st.session_state[key] = tabs[st.session_state[id_key]]
    url_seed(name, key, labels, cast=lambda raw: tabs[raw])
    containers = st.tabs(labels, key=key, on_change="rerun")
    label = st.session_state.get(key)
    current = ids[labels.index(label)] if label in labels else ids[0]
    st.session_state[id_key] = current
    url_keep(name, None if current == ids[0] else current)
    return list(containers), current


def table(df: pd.DataFrame, name: str, key: str, headers: dict[str, str],
          formats: dict[str, int | str] | None = None, column_config: dict[str, Any] | None = None,
          export: pd.DataFrame | None = None, export_formats: dict[str, int | str] | None = None,
          title: str | None = None, scope: str | None = None, period: tuple[int | None, int | None] | None = None,
          **dataframe_args: Any) -> None:
    """A table and an Excel download of exactly the rows and columns shown.

    headers maps each column to show (in order) to its header in the current language; formats
    maps numeric columns to the decimals shown (the Excel file gets "#,##0.0000" and the like);
    column_config overrides the settings built from them (st.dataframe's column_config).
    export (same rows, same columns) and export_formats replace what the Excel file gets where the
    screen shows a number as text (an arrow and a sign): the file keeps the number and its format.
    title, scope and period make the Excel file's title block (ui.exports.sheet_meta): the table's
    readable title, and the selected unit, year and round unless scope/period say otherwise.
    """
    from ui.exports import column_config as default_config
    from ui.exports import excel_button
    formats = formats or {}
    shown = df[list(headers)]
    config = {**default_config(shown, headers, formats), **(column_config or {})}
    st.dataframe(shown, key=key, column_config=config, hide_index=True, **dataframe_args)
    excel_button(shown if export is None else export[list(headers)], name, key, headers,
                 {**formats, **(export_formats or {})}, title=title, scope=scope, period=period)


def today() -> dt.date:
    """The day the app considers 'today' (overdue actions); PRAMERN_TODAY pins it for tests."""
    import os
    pinned = os.environ.get("PRAMERN_TODAY")
    return dt.date.fromisoformat(pinned) if pinned else dt.date.today()
