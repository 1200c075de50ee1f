"""What every page shares: the store, the sidebar selection kept in the URL, the language.

Start-up work (opening the database, loading the demo on an empty one) happens once per
process in cache_resource; reruns only read the selection and cached query results.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from analytics.calendar import format_date
from analytics.demo import ensure_demo
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
    return str(store().path)


def data_version() -> int:
    """Changes whenever an import, undo or edit lands, so cached reads are refreshed."""
    return int(store().scalar("SELECT coalesce(max(batch_id), 0) * 1000 + count(*) FILTER (WHERE status = 'undone') "
                              "FROM batches") or 0)


def lang() -> str:
    return str(st.session_state.get(LANG_KEY, "th"))


def tr(key: str, **params: Any) -> str:
    """A catalogue text in the current language."""
    return t(key, lang(), **params)


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


@st.cache_data(show_spinner=False)
def _years(db: str, version: int, org: str | None) -> list[int]:
    return store().years(org)


@st.cache_data(show_spinner=False)
def _default_year(db: str, version: int, org: str) -> int | None:
    return store().default_year(org)


def org_label(row: pd.Series | dict[str, Any], language: str) -> str:
    name = row.get("name_th") if language == "th" else (row.get("name_en") or row.get("name_th"))
    abbr = row.get("abbr_th") or row.get("org_code")
    return f"{abbr} {name}" if name else str(abbr)


def _sync_from_url(options: dict[str, list[Any]]) -> None:
    """Apply a URL parameter when it differs from the one this session last wrote (a shared link)."""
    params = st.query_params
    for name, key in PARAMS.items():
        if name not in params:
            continue
        raw = params[name]
        if st.session_state.get(f"_url_{name}") == raw:
            continue
        st.session_state[f"_url_{name}"] = raw
        value: Any = raw
        if name in ("year", "round"):
            try:
                value = int(raw)
            except ValueError:
                continue
        if name in options and value not in options[name]:
            continue
        st.session_state[key] = value


def sidebar() -> Selection:
    """The organisation, fiscal year (BE), round and language, kept in the URL query parameters."""
    version = data_version()
    orgs = _orgs(db_key(), version)
    codes = orgs["org_code"].tolist()
    _sync_from_url({"org": codes, "round": list(ROUNDS), "lang": ["th", "en"]})
    if LANG_KEY not in st.session_state:
        st.session_state[LANG_KEY] = "th"
    language = lang()
    with st.sidebar:
        st.segmented_control(t("app.language", language), ["th", "en"], key=LANG_KEY,
                             format_func=lambda v: "ไทย" if v == "th" else "English", selection_mode="single")
        if st.session_state.get(LANG_KEY) is None:
            st.session_state[LANG_KEY] = language
        language = lang()
        if not codes:
            st.warning(t("app.no_orgs", language))
            return Selection(None, None, 12, language, "")
        if st.session_state.get(ORG_KEY) not in codes:
            st.session_state[ORG_KEY] = "DPIM" if "DPIM" in codes else codes[0]
        by_code = {r["org_code"]: r for r in orgs.to_dict("records")}
        org = st.selectbox(t("app.org", language), codes, key=ORG_KEY,
                           format_func=lambda c: org_label(by_code[c], language))
        years = _years(db_key(), version, org) or _years(db_key(), version, None)
        _sync_from_url({"year": years})
        if st.session_state.get(YEAR_KEY) not in years:
            preferred = _default_year(db_key(), version, org)
            st.session_state[YEAR_KEY] = preferred if preferred in years else (years[0] if years else None)
        year = st.selectbox(t("app.year", language), years, key=YEAR_KEY,
                            format_func=lambda y: t("app.year_be", language, year=y)) if years else None
        if st.session_state.get(ROUND_KEY) not in ROUNDS:
            st.session_state[ROUND_KEY] = 12
        rnd = st.radio(t("app.round", language), ROUNDS, key=ROUND_KEY, horizontal=True,
                       format_func=lambda r: t("app.round_months", language, months=r))
    st.query_params.from_dict({"org": org, "year": str(year) if year else "", "round": str(rnd), "lang": language})
    for name, value in (("org", org), ("year", str(year) if year else ""), ("round", str(rnd)), ("lang", language)):
        st.session_state[f"_url_{name}"] = value
    return Selection(org, year, int(rnd), language, org_label(by_code[org], language))


def selection() -> Selection:
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
    if value is None or (not isinstance(value, (dt.date, pd.Timestamp)) and pd.isna(value)):
        return ""
    day = value.date() if isinstance(value, (pd.Timestamp, dt.datetime)) else value
    return format_date(day, lang())


def empty_state(key: str, upload: bool = True, **params: Any) -> None:
    """Say what is missing and where to upload it."""
    st.info(tr(key, **params))
    if upload:
        st.page_link("pages/7_upload.py", label=tr("app.go_upload"), icon="⬆️")


def chart(fig: go.Figure, name: str, key: str) -> None:
    """A Plotly chart whose toolbar PNG is 2x with a meaningful file name."""
    st.plotly_chart(fig, key=key, config={
        "displaylogo": False,
        "toImageButtonOptions": {"format": "png", "scale": 2, "filename": name},
    })


def today() -> dt.date:
    """The day the app considers 'today' (overdue actions); PRAMERN_TODAY pins it for tests."""
    import os
    pinned = os.environ.get("PRAMERN_TODAY")
    return dt.date.fromisoformat(pinned) if pinned else dt.date.today()
