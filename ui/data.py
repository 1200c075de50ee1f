"""Cached reads: each keyed by the database, its data version and the inputs, never by widgets.

Callers must not mutate what these return.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd
import streamlit as st

from analytics import report
from analytics.actions import ActionCounts, count_actions
from analytics.verdict import Verdict, build_verdict
from analytics.verdict import composite_trend as verdict_trend
from ui.common import store


@st.cache_data(show_spinner=False, max_entries=256)
def kpi_report(db: str, version: int, org: str, year: int, round_: int) -> report.KpiReport | None:
    return report.kpi_report(store(), org, year, round_)


@st.cache_data(show_spinner=False, max_entries=256)
def composites(db: str, version: int, orgs: tuple[str, ...], years: tuple[int, ...], round_: int) -> pd.DataFrame:
    return report.composites_for(store(), list(orgs), list(years), round_)


@st.cache_data(show_spinner=False, max_entries=256)
def ita_report(db: str, version: int, org: str, year: int) -> report.ItaReport | None:
    return report.ita_report(store(), org, year)


@st.cache_data(show_spinner=False, max_entries=256)
def ita_history(db: str, version: int, org: str) -> pd.DataFrame:
    return store().ita_history(org)


@st.cache_data(show_spinner=False, max_entries=256)
def action_counts(db: str, version: int, org: str, year: int | None, today: dt.date, source: str | None = None,
                  owner: str | None = None) -> ActionCounts:
    return count_actions(store(), org, year, today, source, owner)


@st.cache_data(show_spinner=False, max_entries=256)
def actions(db: str, version: int, org: str, year: int | None) -> pd.DataFrame:
    return store().actions(org, year)


@st.cache_data(show_spinner=False, max_entries=256)
def overdue_actions(db: str, version: int, org: str, year: int | None, today: dt.date) -> pd.DataFrame:
    return store().overdue_actions(org, year, today)


@st.cache_data(show_spinner=False, max_entries=256)
def cycle(db: str, version: int, org: str, year: int) -> pd.DataFrame | None:
    return report.cycle_report(store(), org, year)


@st.cache_data(show_spinner=False, max_entries=256)
def verdict(db: str, version: int, org: str, year: int, round_: int, today: dt.date) -> Verdict:
    return build_verdict(store(), org, year, round_, today)


@st.cache_data(show_spinner=False, max_entries=256)
def composite_trend(db: str, version: int, org: str) -> pd.DataFrame:
    return verdict_trend(store(), org)
