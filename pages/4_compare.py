"""Compare: every unit of the selected organisation's ministry (or group) side by side for one year."""

import pandas as pd
import streamlit as st

from analytics import report
from analytics.charts.base import file_stem
from analytics.charts.compare import (
    CHART_LIMIT,
    first_and_last,
    indicator_heatmap,
    indicator_key,
    ita_ranking_chart,
    kpi_composite_chart,
    kpi_type_chart,
    unit_label,
)
from analytics.exports import change_format
from analytics.i18n import has
from ui.auth import guard
from ui.common import (
    chart,
    data_version,
    db_key,
    empty_state,
    fmt_num,
    fmt_signed,
    new_selection,
    selection,
    store,
    table,
    tr,
    url_keep,
    url_seed,
)


@st.cache_data(show_spinner=False, max_entries=64)
def org_row(db: str, version: int, org: str) -> dict | None:
    return store().org(org)


@st.cache_data(show_spinner=False, max_entries=64)
def units_of(db: str, version: int, ministry: str | None, group: str | None) -> pd.DataFrame:
    return store().units(ministry, group)


@st.cache_data(show_spinner=False, max_entries=64)
def ita_group(db: str, version: int, year: int, ministry: str | None, group: str | None) -> pd.DataFrame:
    return store().ita_group(year, ministry, group)


# The reads below are keyed by the scope (ministry or group), not by its units' codes: hashing
# thousands of codes on every rerun costs more than the cached read saves.
def scope_codes(db: str, version: int, ministry: str | None, group: str | None) -> list[str]:
    return units_of(db, version, ministry, group)["org_code"].tolist()


@st.cache_data(show_spinner=False, max_entries=64)
def composites(db: str, version: int, ministry: str | None, group: str | None, years: tuple[int, ...],
               round_: int) -> pd.DataFrame:
    return report.composites_for(store(), scope_codes(db, version, ministry, group), list(years), round_)


@st.cache_data(show_spinner=False, max_entries=64)
def indicator_grid(db: str, version: int, year: int, ministry: str | None, group: str | None) -> pd.DataFrame:
    return store().ita_indicator_grid(year, scope_codes(db, version, ministry, group))


@st.cache_data(show_spinner=False, max_entries=64)
def ita_movement(db: str, version: int, year: int, ministry: str | None, group: str | None) -> pd.DataFrame:
    return store().ita_movement(year, scope_codes(db, version, ministry, group))


@st.cache_data(show_spinner=False, max_entries=64)
def kpi_types(db: str, version: int, year: int, ministry: str | None, group: str | None) -> pd.DataFrame:
    return store().kpi_type_counts(year, scope_codes(db, version, ministry, group))


@st.cache_data(show_spinner=False, max_entries=64)
def kpi_schemes(db: str, version: int, years: tuple[int, ...], ministry: str | None,
                group: str | None) -> pd.DataFrame:
    return store().kpi_schemes(years, scope_codes(db, version, ministry, group))


def arrow(delta: float | None, decimals: int) -> str:
    if delta is None or pd.isna(delta):
        return "–"
    if round(delta, decimals) == 0:
        return f"► {fmt_num(0, decimals)}"
    return f"{'▲' if delta > 0 else '▼'} {fmt_signed(delta, decimals)}"


def group_name(group: str | None) -> str:
    if not group:
        return ""
    return tr(f"cmp.group.{group}") if has(f"cmp.group.{group}") else group


def scale_name(scheme: str) -> str:
    return tr(f"cmp.scale.{scheme}") if has(f"cmp.scale.{scheme}") else scheme


NAMES_LIMIT = 30  # units a caption names before "and n more"


def names(frame: pd.DataFrame, lang: str) -> str:
    shown = ", ".join(unit_label(r, lang) for r in frame.head(NAMES_LIMIT).to_dict("records"))
    more = len(frame) - NAMES_LIMIT
    return f"{shown} {tr('cmp.and_more', n=f'{more:,}')}" if more > 0 else shown


def capped_note(shown: int, total: int) -> None:
    """Say that a chart shows only the first and last units of a large group."""
    if shown < total:
        st.caption(tr("cmp.capped", n=CHART_LIMIT, total=f"{total:,}"))


guard("view")
sel = selection()
if sel.org is None or sel.year is None:
    empty_state("app.no_year")
    st.stop()

db, version, lang, year = db_key(), data_version(), sel.lang, sel.year
org = org_row(db, version, sel.org) or {}
ministry, group = org.get("ministry") or None, org.get("org_group") or None
title = st.empty()
url_seed("group", "cmp_by_group", [True, False], cast=lambda raw: raw == "1")
by_group = st.toggle(tr("cmp.by_group", group=group_name(group) or "–"), key="cmp_by_group", disabled=not group)
if by_group and group:
    scope = tr("cmp.scope_group", group=group_name(group))
    within: tuple[str | None, str | None] = (None, group)
elif ministry:
    scope = tr("cmp.scope_ministry", ministry=ministry)
    within = (ministry, None)
else:
    title.title(tr("cmp.title", scope=sel.org_label, year=year))
    empty_state("cmp.no_scope", upload=False)
    st.stop()

url_keep("group", "1" if by_group and group else None)
title.title(tr("cmp.title", scope=scope, year=year))


def open_unit(points: list[dict], page: str, at: int) -> None:
    """A unit's bar or cell was clicked: open that unit (its overview, or its ITA page from the heat map)."""
    if not points:
        return
    data_ = points[0].get("customdata")
    switch_to_unit(data_[at] if isinstance(data_, list) and len(data_) > at else data_, page)


def switch_to_unit(code: object, page: str) -> None:
    """Open a unit of this comparison on a page, for the same year, round and language."""
    if isinstance(code, str) and code in set(units["org_code"]):
        st.switch_page(page, query_params={"org": code, "year": str(year), "round": str(sel.round), "lang": lang})


units = units_of(db, version, *within)
ranked = ita_group(db, version, year, *within)
codes = units["org_code"].tolist()
comps = composites(db, version, *within, (year - 1, year), sel.round)
schemes = kpi_schemes(db, version, (year - 1, year), *within)
types = kpi_types(db, version, year, *within)
now = comps[comps["fiscal_year"] == year].merge(schemes, on=["org_code", "fiscal_year"], how="left")
if ranked.empty and now.empty and types.empty:
    empty_state("cmp.no_data", scope=scope, year=year)
    st.stop()

# ITA order first, then the units without a result, for every chart and the table.
ranked_codes = set(ranked["org_code"])
order = units.set_index("org_code").loc[list(ranked["org_code"]) +
                                        [c for c in codes if c not in ranked_codes]].reset_index()
ranked = ranked.assign(rank=ranked["overall"].rank(method="min", ascending=False).astype(int))
me = ranked[ranked["org_code"] == sel.org]
label_me = unit_label(org or {"org_code": sel.org}, lang)

# KPI composites are compared only on one scheme: the selected unit's, else the most common.
scheme = None
if len(now):
    mine = now.loc[now["org_code"] == sel.org, "scheme"]
    scheme = mine.iloc[0] if len(mine) else now["scheme"].mode().iloc[0]
like = now[now["scheme"] == scheme].merge(units, on="org_code")
like = like.assign(rank=like["composite"].rank(method="min", ascending=False).astype(int))
my_kpi = like[like["org_code"] == sel.org]

m1, m2, m3 = st.columns(3)
m1.metric(tr("cmp.units"), f"{len(units):,}", tr("cmp.units_with_ita", n=len(ranked)), delta_color="off",
          delta_arrow="off")
m2.metric(tr("cmp.rank_ita", org=label_me),
          tr("cmp.rank_of", rank=int(me["rank"].iloc[0]), size=len(ranked)) if len(me) else tr("cmp.rank_none"))
m3.metric(tr("cmp.rank_kpi", org=label_me),
          tr("cmp.rank_of", rank=int(my_kpi["rank"].iloc[0]), size=len(like)) if len(my_kpi) else tr("cmp.rank_none"))

# -- ITA ranking -------------------------------------------------------------------------------
st.subheader(tr("cmp.ita_rank"))
if ranked.empty:
    empty_state("cmp.no_ita", upload=False, scope=scope, year=year)
else:
    open_unit(chart(ita_ranking_chart(ranked, lang, sel.org, year, CHART_LIMIT),
                    file_stem(sel.org, year, "compare", "ita"), key="cmp_ita_chart", clickable=True),
              "pages/1_overview.py", 2)
    st.caption(tr("cmp.ita_rank_note", org=label_me))
    capped_note(len(first_and_last(ranked, sel.org, CHART_LIMIT)), len(ranked))
    if me.empty:
        st.caption(tr("cmp.selected_no_ita", org=label_me))

# -- KPI composite ranking ---------------------------------------------------------------------
st.subheader(tr("cmp.kpi_rank", months=sel.round))
if like.empty or scheme is None:
    empty_state("cmp.no_kpi", upload=False, scope=scope, year=year, months=sel.round)
else:
    open_unit(chart(kpi_composite_chart(like, lang, sel.round, str(scheme), sel.org, CHART_LIMIT),
                    file_stem(sel.org, year, "compare", "kpi", f"{sel.round}m"), key="cmp_kpi_chart", clickable=True),
              "pages/2_kpi.py", 1)
    capped_note(len(first_and_last(like, sel.org, CHART_LIMIT)), len(like))
    unlike = now[now["scheme"] != scheme].merge(units, on="org_code")
    for other, frame in unlike.groupby("scheme"):
        st.caption(tr("cmp.scheme_excluded", scale=scale_name(str(other)), units=names(frame, lang)))
missing = order[~order["org_code"].isin(set(now["org_code"]))]
if len(missing) and not now.empty:
    st.caption(tr("cmp.no_kpi_units", units=names(missing, lang)))

# -- indicators x units ------------------------------------------------------------------------
st.subheader(tr("cmp.heatmap"))
grid = indicator_grid(db, version, year, *within)
if grid.empty:
    empty_state("cmp.no_matrix", upload=False, scope=scope, year=year)
else:
    with_grid = order[order["org_code"].isin(set(grid["org_code"]))]
    open_unit(chart(indicator_heatmap(grid, with_grid, lang, sel.org, year, CHART_LIMIT),
                    file_stem(sel.org, year, "compare", "indicators"), key="cmp_heatmap_chart", clickable=True),
              "pages/3_ita.py", 0)
    st.caption(tr("cmp.heatmap_key", items=indicator_key(sorted({int(n) for n in grid["indicator_no"]}), lang)))
    st.caption(tr("cmp.heatmap_note") + " " + tr("cmp.click_hint"))
    capped_note(len(first_and_last(with_grid, sel.org, CHART_LIMIT)), len(with_grid))

# -- KPI counts by type ------------------------------------------------------------------------
st.subheader(tr("cmp.types"))
if types.empty:
    empty_state("cmp.no_types", upload=False, scope=scope, year=year)
else:
    chart(kpi_type_chart(types, order, lang, sel.org, year, CHART_LIMIT),
          file_stem(sel.org, year, "compare", "kpi_types"), key="cmp_types_chart")
    st.caption(tr("cmp.types_note"))
    with_types = order[order["org_code"].isin(set(types["org_code"]))]
    capped_note(len(first_and_last(with_types, sel.org, CHART_LIMIT)), len(with_types))

# -- year-over-year movement -------------------------------------------------------------------
st.subheader(tr("cmp.movement", prev=year - 1, year=year))
# Plain dicts: a lookup per unit and year stays cheap for thousands of units.
ita_moves = ita_movement(db, version, year, *within).set_index("org_code").to_dict("index")
kpi_by = {(r["org_code"], r["fiscal_year"]): r
          for r in comps.merge(schemes, on=["org_code", "fiscal_year"], how="left").to_dict("records")}
ranks = dict(zip(ranked["org_code"], ranked["rank"], strict=True))
rows = []
for r in order.to_dict("records"):
    code = r["org_code"]
    ita_row = ita_moves.get(code)
    kpi_now = kpi_by.get((code, year))
    kpi_prev = kpi_by.get((code, year - 1))
    same_scheme = kpi_now is not None and kpi_prev is not None and kpi_now["scheme"] == kpi_prev["scheme"]
    kpi_delta = "–"
    if same_scheme:
        kpi_delta = arrow(float(kpi_now["composite"]) - float(kpi_prev["composite"]), 4)
    elif kpi_now is not None and kpi_prev is not None:
        kpi_delta = tr("cmp.scheme_changed")
    name = r.get("name_th") if lang == "th" else (r.get("name_en") or r.get("name_th"))
    rows.append({
        "rank": ranks.get(code),
        "unit": f"{unit_label(r, lang)} {name}" + (f"  {tr('cmp.selected_mark')}" if code == sel.org else ""),
        "ita_prev": None if ita_row is None else ita_row["prev_overall"],
        "ita_now": None if ita_row is None else ita_row["overall"],
        "ita_delta": arrow(None if ita_row is None else ita_row["delta"], 2),
        "kpi_prev": None if kpi_prev is None else kpi_prev["composite"],
        "kpi_now": None if kpi_now is None else kpi_now["composite"],
        "kpi_delta": kpi_delta,
        "scheme": "" if kpi_now is None else scale_name(kpi_now["scheme"]),
    })
movement = pd.DataFrame(rows).astype({"rank": "Int64", "ita_prev": "float64", "ita_now": "float64",
                                      "kpi_prev": "float64", "kpi_now": "float64"})
# The Excel file keeps the changes as numbers; their arrows and signs come from its number format.
movement_numbers = movement.assign(
    ita_delta=movement["ita_now"] - movement["ita_prev"],
    kpi_delta=[now - prev if delta not in ("–", tr("cmp.scheme_changed")) else None
               for now, prev, delta in zip(movement["kpi_now"], movement["kpi_prev"], movement["kpi_delta"],
                                           strict=True)]).astype({"ita_delta": "float64", "kpi_delta": "float64"})
headers = {col: tr(f"cmp.col.{col}", year=year if col.endswith("now") else year - 1) for col in movement.columns}
used = {v for v in movement["scheme"] if v}
if len(used) <= 1:
    # One scheme for all: say it once instead of repeating it in a column.
    del headers["scheme"]
table(movement, file_stem(sel.org, year, "compare", "movement"), "cmp_movement_table", headers,
      {"rank": 0, "ita_prev": 2, "ita_now": 2, "kpi_prev": 4, "kpi_now": 4}, column_config={
          "rank": st.column_config.NumberColumn(headers["rank"], format="%d", width="small", pinned=True),
          "unit": st.column_config.TextColumn(headers["unit"], width="medium", pinned=True),
      }, export=movement_numbers, export_formats={"ita_delta": change_format(2), "kpi_delta": change_format(4)},
      placeholder="–", title=tr("cmp.movement", prev=year - 1, year=year), scope=scope, period=(year, sel.round),
      on_select="rerun", selection_mode="single-row")
# A unit's row opens that unit, as its bar in the charts above does.
picked_rows = new_selection("cmp_movement_table", "rows")
if picked_rows:
    switch_to_unit(order["org_code"].iloc[int(picked_rows[0])], "pages/1_overview.py")
if len(used) == 1:
    st.caption(tr("cmp.scheme_all", scale=used.pop()))
st.caption(tr("cmp.movement_note") + " " + tr("cmp.row_hint"))
