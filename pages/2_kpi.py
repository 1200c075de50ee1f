"""KPI scorecard: the agreement's KPIs by dimension, their scores and the composite; one KPI in detail."""

import html
from typing import Any

import pandas as pd
import streamlit as st

from analytics.charts.base import file_stem
from analytics.charts.kpi import (
    STATUSES,
    bullet_chart,
    dimension_chart,
    kpi_scores_chart,
    kpi_statuses,
    kpi_trend_chart,
    level_name,
    number,
    prior_results,
    targets_by_year,
)
from analytics.i18n import has
from analytics.palette import KPI_STATUS_COLOURS, KPI_STATUS_SYMBOLS, hex_to_rgb
from analytics.scoring import FIVE_LEVEL, LOWER, SchemeConfig
from ui import data
from ui.auth import guard
from ui.common import (
    chart,
    data_version,
    db_key,
    empty_state,
    fmt_num,
    goto,
    new_selection,
    selection,
    store,
    tr,
    url_keep,
    url_seed,
    url_tabs,
)
from ui.common import table as show_table
from ui.exports import excel_button


@st.cache_data(show_spinner=False, max_entries=256)
def kpi_history(db: str, version: int, org: str, kpi_code: str) -> pd.DataFrame:
    return store().kpi_history(org, kpi_code)


@st.cache_data(show_spinner=False, max_entries=256)
def kpi_agreements(db: str, version: int, org: str, kpi_code: str) -> pd.DataFrame:
    return store().kpi_agreements(org, kpi_code)


def status_label(status: str) -> str:
    return f"{KPI_STATUS_SYMBOLS[status]} {tr(f'kpi.status.{status}')}"


def status_css(status: str) -> str:
    colour = KPI_STATUS_COLOURS[status]
    r, g, b = hex_to_rgb(colour)
    text = "#ffffff" if 0.299 * r + 0.587 * g + 0.114 * b < 160 else "#262626"
    return f"background-color: {colour}; color: {text}; font-weight: 600"


def status_pill(status: str, text: str) -> str:
    """A status in its palette colour, as an HTML badge (the text is escaped)."""
    return (f'<span style="{status_css(status)}; padding: 0.15rem 0.6rem; border-radius: 0.8rem; '
            f'white-space: nowrap">{html.escape(text)}</span>')


def type_label(kpi_type: Any) -> str:
    if not isinstance(kpi_type, str) or not kpi_type:
        return "–"
    return tr(f"kpi.type.{kpi_type}") if has(f"kpi.type.{kpi_type}") else kpi_type


def criteria_text(row: pd.Series, config: SchemeConfig) -> str:
    values = [row[f"c{i}"] for i in range(1, len(config.scores) + 1)]
    arrow = "↓" if row["direction"] == LOWER else "↑"
    return f"{arrow} " + " · ".join(number(float(v)) for v in values if pd.notna(v))


def scheme_lines(scheme: str, config: SchemeConfig, lang: str) -> str:
    n = len(config.scores)
    levels = [level_name(scheme, i + 1, n, lang) for i in range(n)]
    points = ", ".join(tr("kpi.scheme.point", level=lv, score=number(s)) for lv, s in zip(levels, config.scores,
                                                                                          strict=True))
    head = tr("kpi.scheme.points", scheme=tr(f"kpi.scheme.{scheme}") if has(f"kpi.scheme.{scheme}") else scheme,
              points=points)
    policy = tr("kpi.scheme.policy", first=levels[0], score=number(config.below_first),
                target=levels[config.target_level - 1], top=number(config.top))
    return f"{head} · {policy}"


# Rows taller than 4rem let Streamlit's grid wrap long Thai names instead of cutting them.
WRAP_ROW = 70

guard("view")
sel = selection()
if sel.org is None or sel.year is None:
    empty_state("kpi.no_org_data")
    st.stop()

db, version = db_key(), data_version()
st.title(tr("kpi.title", year=sel.year))
report = data.kpi_report(db, version, sel.org, sel.year, sel.round)
if report is None:
    empty_state("kpi.empty", org=sel.org_label, year=sel.year)
    st.stop()

kpis = report.kpis.assign(kpi_state=kpi_statuses(report.kpis))
dims = report.dimensions
st.caption(tr("kpi.round_caption", org=sel.org_label, months=sel.round, n=len(kpis), dims=len(dims)))

codes = kpis["kpi_code"].astype(str).tolist()
names = dict(zip(codes, kpis["kpi_name"].astype(str), strict=True))
TABS = {"scorecard": tr("kpi.tab.scorecard"), "detail": tr("kpi.tab.detail")}
(tab_scorecard, tab_detail), _open_tab = url_tabs("tab", "kpi_tab", TABS)


def open_kpi(code: str) -> None:
    """A bar or a table row asks for one KPI: open it on the detail tab (the next run draws it)."""
    goto(kpi_pick=code, kpi_tab=TABS["detail"])


with tab_scorecard:
    # -- composite, statuses and the scheme in use -----------------------------------------------------
    schemes = [s for s in kpis["scheme"].unique().tolist() if s in report.configs]
    one_scheme = report.configs[report.scheme] if report.scheme in report.configs else None
    scale = ""
    if report.scheme is not None:
        scale = f" ({tr('kpi.scale_5') if report.scheme == FIVE_LEVEL else tr('kpi.scale_100')})"
    c1, c2 = st.columns([3, 2])
    c1.metric(tr("kpi.composite") + scale, fmt_num(report.composite, 4), help=tr("kpi.composite_help"))
    if one_scheme is not None and report.composite is not None:
        c2.metric(tr("kpi.dim.col.to_top"), fmt_num(one_scheme.top - report.composite, 4))
    counts = kpis["kpi_state"].value_counts()
    st.markdown(" ".join(status_pill(state, f"{KPI_STATUS_SYMBOLS[state]} {tr(f'kpi.count.{state}')} "
                                            f"{int(counts.get(state, 0)):,}") for state in STATUSES),
                unsafe_allow_html=True)
    if report.composite is None:
        st.info(tr("kpi.no_round", months=sel.round))
    cancelled_codes = kpis.loc[kpis["kpi_state"] == "cancelled", "kpi_code"].tolist()
    if cancelled_codes:
        st.caption(f"{KPI_STATUS_SYMBOLS['cancelled']} " + tr("kpi.cancelled_note", codes=", ".join(cancelled_codes)))
    st.markdown(f"**{tr('kpi.scheme.heading')}**")
    for scheme in schemes:
        st.caption(scheme_lines(scheme, report.configs[scheme], sel.lang), help=tr("kpi.scheme.rules"))

    # -- dimension roll-up -----------------------------------------------------------------------------
    st.subheader(tr("kpi.dimensions"))
    roll = pd.DataFrame({
        "dimension": dims["dimension"].astype(str),
        "name": dims["name"].fillna(""),
        "weight": dims["weight"].astype(float),
        "active_weight": dims["active_weight"].astype(float),
        "score": dims["score"].astype(float),
        "to_top": (one_scheme.top - dims["score"].astype(float)) if one_scheme is not None else float("nan"),
        "cancelled": dims["cancelled"].astype(int),
    })
    roll_headers = {col: tr(f"kpi.dim.col.{col}") for col in roll.columns}
    show_table(roll, file_stem(sel.org, sel.year, "kpi", "dimensions", f"{sel.round}m"), "kpi_dim_table", roll_headers,
               {"weight": 2, "active_weight": 2, "score": 4, "to_top": 4, "cancelled": 0}, placeholder="–",
               title=tr("kpi.dimensions"), column_config={
        "dimension": st.column_config.TextColumn(tr("kpi.dim.col.dimension"), width="small"),
        "name": st.column_config.TextColumn(tr("kpi.dim.col.name"), width="medium"),
        "weight": st.column_config.NumberColumn(tr("kpi.dim.col.weight"), format="%,.2f"),
        "active_weight": st.column_config.NumberColumn(tr("kpi.dim.col.active_weight"), format="%,.2f",
                                                       help=tr("kpi.dim.col.active_weight_help")),
        "score": st.column_config.NumberColumn(tr("kpi.dim.col.score"), format="%,.4f"),
        "to_top": st.column_config.NumberColumn(tr("kpi.dim.col.to_top"), format="%,.4f"),
        "cancelled": st.column_config.NumberColumn(tr("kpi.dim.col.cancelled"), format="%d"),
    })
    if one_scheme is not None and dims["score"].notna().any():
        chart(dimension_chart(dims, sel.lang, one_scheme), file_stem(sel.org, sel.year, "kpi", "dimensions"),
              key="kpi_dim_chart")
    if one_scheme is not None:
        picked = chart(kpi_scores_chart(kpis, sel.lang, one_scheme, sel.round),
                       file_stem(sel.org, sel.year, "kpi", "scores", f"{sel.round}m"), key="kpi_scores_chart",
                       clickable=True)
        if picked and picked[0].get("customdata") is not None:
            code = picked[0]["customdata"]
            open_kpi(str(code[0] if isinstance(code, list) else code))

    # -- one table per dimension, in the agreement's order ----------------------------------------------
    column_config = {
        "code": st.column_config.TextColumn(tr("kpi.col.code"), width=55, pinned=True),
        "name": st.column_config.TextColumn(tr("kpi.col.name"), width=200),
        "status": st.column_config.TextColumn(tr("kpi.col.status"), width=145),
        "result": st.column_config.NumberColumn(tr("kpi.col.result", months=sel.round), format="%,.2f", width=95),
        "score": st.column_config.NumberColumn(tr("kpi.col.score"), format="%,.4f", width=90),
        "criteria": st.column_config.TextColumn(tr("kpi.col.criteria"), help=tr("kpi.col.criteria_help"), width=140),
        "weight": st.column_config.NumberColumn(tr("kpi.col.weight"), format="%,.2f", width=70),
        "weighted": st.column_config.NumberColumn(tr("kpi.col.weighted"), format="%,.4f", help=tr("kpi.col.weighted_help"),
                                                  width=120),
        "gap_to_target": st.column_config.NumberColumn(tr("kpi.col.gap_target"), format="%,.2f",
                                                       help=tr("kpi.col.gap_target_help"), width=120),
        "gap_to_top": st.column_config.NumberColumn(tr("kpi.col.gap_top"), format="%,.2f", help=tr("kpi.col.gap_top_help"),
                                                    width=120),
        "type": st.column_config.TextColumn(tr("kpi.col.type"), width=100),
        "unit": st.column_config.TextColumn(tr("kpi.col.unit"), width=120),
    }
    # The Excel file of each table gets the headers and the decimals shown above.
    kpi_headers = {col: str(cfg["label"]) for col, cfg in column_config.items()}
    KPI_FORMATS: dict[str, int | str] = {"result": 2, "score": 4, "weight": 2, "weighted": 4, "gap_to_target": 2,
                                         "gap_to_top": 2}
    for dim in dims.itertuples():
        part = kpis[kpis["dimension"] == dim.dimension]
        st.markdown(f"#### {tr('kpi.dim.heading', dim=dim.dimension, name=dim.name or '')}")
        st.caption(tr("kpi.dim.summary", weight=number(float(dim.weight)), score=fmt_num(dim.score, 4)))
        live = part["kpi_state"] != "cancelled"
        table = pd.DataFrame({
            "code": part["kpi_code"].astype(str),
            "name": part["kpi_name"].astype(str),
            "status": [status_label(s) for s in part["kpi_state"]],
            "result": part["result"].astype(float),
            "score": part["score"].astype(float),
            "criteria": [criteria_text(r, report.configs[r["scheme"]]) for _, r in part.iterrows()],
            "weight": part["weight"].astype(float),
            "weighted": part["weighted"].astype(float),
            "gap_to_target": part["gap_to_target"].where(live).astype(float),
            "gap_to_top": part["gap_to_top"].where(live).astype(float),
            "type": [type_label(v) for v in part["kpi_type"]],
            "unit": part["unit"].fillna("").astype(str),
        }).reset_index(drop=True)
        css = [status_css(s) for s in part["kpi_state"]]
        styled_table = table.style.apply(lambda _col, css=css: css, subset=["status"])
        st.dataframe(styled_table, hide_index=True, column_config=column_config, key=f"kpi_table_{dim.dimension}",
                     placeholder="–", on_select="rerun", selection_mode="single-row",
                     row_height=WRAP_ROW)
        chosen = new_selection(f"kpi_table_{dim.dimension}", "rows")
        if chosen:
            open_kpi(str(table["code"].iloc[int(chosen[0])]))
        excel_button(table, file_stem(sel.org, sel.year, "kpi", f"dim{dim.dimension}", f"{sel.round}m"),
                     f"kpi_table_{dim.dimension}", kpi_headers, KPI_FORMATS,
                     title=tr("kpi.dim.heading", dim=dim.dimension, name=dim.name or ""))
        dim_cancelled = part.loc[~live, "kpi_code"].tolist()
        if dim_cancelled:
            st.caption(f"{KPI_STATUS_SYMBOLS['cancelled']} " + tr("kpi.cancelled_note", codes=", ".join(dim_cancelled)))


# -- one KPI in detail -------------------------------------------------------------------------------
with tab_detail:
    st.subheader(tr("kpi.detail"))
    url_seed("kpi", "kpi_pick", codes)
    if st.session_state.get("kpi_pick") not in codes:
        st.session_state["kpi_pick"] = codes[0]
    code = st.selectbox(tr("kpi.pick"), codes, key="kpi_pick", format_func=lambda c: f"{c} {names.get(c, '')}")
    url_keep("kpi", code)
    row = kpis[kpis["kpi_code"].astype(str) == code].iloc[0].to_dict()
    facts = tr("kpi.detail.facts", type=type_label(row["kpi_type"]), weight=number(float(row["weight"])),
               unit=row["unit"] or "–", direction=tr(f"kpi.direction.{row['direction']}"))
    st.markdown(f"{status_pill(row['kpi_state'], status_label(row['kpi_state']))} {html.escape(facts)}",
                unsafe_allow_html=True)
    prior = prior_results(row)
    notes = []
    if isinstance(row.get("owner"), str) and row["owner"]:
        notes.append(tr("kpi.detail.owner", owner=row["owner"]))
    if len(prior):
        notes.append(tr("kpi.detail.prior", items=", ".join(
            tr("kpi.detail.prior_item", year=int(y), value=fmt_num(v, 2))
            for y, v in zip(prior["fiscal_year"], prior["result"], strict=True))))
    if notes:
        st.caption(" · ".join(notes))
    config = report.configs[row["scheme"]]
    chart(bullet_chart(row, sel.lang, sel.round, config), file_stem(sel.org, sel.year, "kpi", code), key="kpi_bullet")
    history = kpi_history(db, version, sel.org, code)
    if history.empty and prior.empty:
        st.info(tr("kpi.no_history"))
    else:
        targets = targets_by_year(kpi_agreements(db, version, sel.org, code), report.configs)
        fig = kpi_trend_chart(history, str(row["kpi_name"]), sel.lang, kpi_code=code, unit=str(row["unit"] or ""),
                              targets=targets, prior=prior)
        chart(fig, file_stem(sel.org, sel.year, "kpi", code, "trend"), key="kpi_trend")
