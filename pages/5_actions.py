"""Action plans: PMQA items, ITA measures and KPI follow-ups; their status, schedule, verdicts and updates."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import numbers
from typing import Any

import pandas as pd
import streamlit as st

from analytics.actions import STATUSES, ActionCounts
from analytics.charts import actions as charts
from analytics.charts.base import file_stem
from analytics.errors import PramernError
from analytics.i18n import t
from ui import data
from ui.auth import guard
from ui.common import (
    callback,
    chart,
    data_version,
    db_key,
    empty_state,
    fmt_date,
    goto,
    lang,
    new_selection,
    selection,
    store,
    today,
    tr,
    url_keep,
    url_seed,
    url_tabs,
)
from ui.common import table as show_table
from ui.exports import excel_button

EDITABLE = ("status", "progress", "note")


# -- cached reads (keyed by the database, its data version and the inputs) ---------------------------
@st.cache_data(show_spinner=False, max_entries=256)
def _sources(db: str, version: int, org: str, year: int | None) -> list[str]:
    return store().action_sources(org, year)


@st.cache_data(show_spinner=False, max_entries=256)
def _units(db: str, version: int, org: str, year: int | None) -> list[str]:
    return store().action_units(org, year)


@st.cache_data(show_spinner=False, max_entries=256)
def _breakdown(db: str, version: int, org: str, year: int | None, day: dt.date, by: str, source: str | None,
               owner: str | None) -> pd.DataFrame:
    return store().action_breakdown(org, year, day, by, source, owner)


@st.cache_data(show_spinner=False, max_entries=256)
def _rows(db: str, version: int, org: str, year: int | None, day: dt.date, source: str | None,
          owner: str | None) -> pd.DataFrame:
    return store().action_rows(org, year, day, source, owner)


@st.cache_data(show_spinner=False, max_entries=256)
def _assessed(db: str, version: int, org: str, year: int | None, day: dt.date, source: str | None,
              owner: str | None) -> pd.DataFrame:
    return store().assessed_levels(org, year, day, source, owner)


# -- editing helpers -------------------------------------------------------------------------------
def _blank(value: Any) -> bool:
    return value is None or (not isinstance(value, str) and pd.isna(value))


def _normal(value: Any) -> Any:
    if _blank(value) or (isinstance(value, str) and not value.strip()):
        return None
    return float(value) if isinstance(value, numbers.Real) else value


def _same(a: Any, b: Any) -> bool:
    return bool(_normal(a) == _normal(b))


def _changed(before: pd.DataFrame, after: pd.DataFrame) -> pd.DataFrame:
    """The rows of the editor (indexed by action_id) whose status, progress or note differ."""
    keep = [i for i in after.index
            if any(not _same(before.at[i, c], after.at[i, c]) for c in EDITABLE)]
    return after.loc[keep]


def _row_name(row: pd.Series) -> str:
    return f"{row['ref']} #{row['action_no']}" if not _blank(row["action_no"]) else str(row["ref"])


def _date(value: Any) -> str:
    """fmt_date, with a missing date (NaT) left blank."""
    return "" if _blank(value) else fmt_date(value)


def _progress_ok(value: Any) -> bool:
    try:
        number = float(value)
    except (TypeError, ValueError):
        return False
    return not pd.isna(number) and 0 <= number <= 100


user = guard("view")
sel = selection()
if sel.org is None or sel.year is None:
    empty_state("app.no_year")
    st.stop()

db, version, day, language = db_key(), data_version(), today(), lang()

# -- filters -----------------------------------------------------------------------------------------
all_years = bool(st.session_state.get("act_all_years", False))
st.title(tr("act.title_all", org=sel.org_label) if all_years else tr("act.title", org=sel.org_label, year=sel.year))
f1, f2, f3 = st.columns([1.1, 1, 1.9], vertical_alignment="bottom")
all_years = f1.toggle(tr("act.all_years"), key="act_all_years")
year = None if all_years else sel.year
source_options = ["", *_sources(db, version, sel.org, year)]
if st.session_state.get("act_source") not in source_options:
    st.session_state["act_source"] = ""
source = f2.selectbox(tr("act.source"), source_options, key="act_source",
                      format_func=lambda s: t(f"source.{s}" if s else "act.source_all", language)) or None
owner_options = ["", *_units(db, version, sel.org, year)]
if st.session_state.get("act_owner") not in owner_options:
    st.session_state["act_owner"] = ""
owner = f3.selectbox(tr("act.owner"), owner_options, key="act_owner",
                     format_func=lambda u: u or t("act.owner_all", language)) or None

stem_year = "all" if all_years else sel.year
# The Excel title block: every year's rows carry no one fiscal year, so the title says "all years" instead.
table_period: tuple[int | None, int | None] | None = (None, None) if all_years else None
years_note = f" ({tr('act.all_years')})" if all_years else ""

everything = data.action_counts(db, version, sel.org, year, day)
if not everything.total:
    empty_state("act.none_all" if all_years else "act.none", year=sel.year)
    st.stop()

counts: ActionCounts = data.action_counts(db, version, sel.org, year, day, source, owner)
# The four statuses partition the total; overdue is a part of not started and in progress, never a fifth status.
cols = st.columns(5)
cols[0].metric(tr("act.total"), f"{counts.total:,}")
for col, status in zip(cols[1:], ("done", "in_progress", "not_started", "cancelled"), strict=True):
    share = counts.share(status)
    late = getattr(counts, f"overdue_{status}", 0)
    col.metric(tr(f"status.{status}"), f"{getattr(counts, status):,}",
               tr("act.of_which_overdue", n=f"{late:,}") if late else None, delta_color="red", delta_arrow="off",
               help=tr("act.share", pct=f"{share:.0f}") if share is not None else None)
if counts.overdue:
    st.markdown(f":red[**{tr('act.overdue_of_total', n=f'{counts.overdue:,}', total=f'{counts.total:,}')}**] "
                + tr("act.overdue_help", today=fmt_date(day)))
if not counts.total:
    st.info(tr("act.none_filtered"))
    st.stop()

rows = _rows(db, version, sel.org, year, day, source, owner)
# The editor is for analysts and administrators who cover this organisation; others get the plan read-only.
may_edit = user.may("edit_actions") and user.covers(sel.org)
TABS = {"summary": tr("act.tab_summary"), "timeline": tr("act.tab_timeline"), "overdue": tr("status.overdue"),
        "assessor": tr("act.tab_assessor"), "plan": tr("act.tab_edit") if may_edit else tr("auth.tab_plan")}
(tab_summary, tab_timeline, tab_overdue, tab_assessor, tab_edit), _open_tab = url_tabs("tab", "act_tab", TABS)

# -- what a click on a chart (a status, a quarter) or the filters above the plan table narrow it to -------
SEGMENT_CHOICES = list(charts.SEGMENTS)
slots_here = sorted({sl for q in rows["quarters"] for sl in charts.parse_quarters(q)})
slot_codes = [sl.code for sl in slots_here]
url_seed("status", "act_status", None, cast=lambda raw: [v for v in raw.split(",") if v in SEGMENT_CHOICES])
url_seed("quarter", "act_quarter", ["", *slot_codes])
if st.session_state.get("act_quarter") not in ["", *slot_codes]:
    st.session_state["act_quarter"] = ""
item_refs = list(dict.fromkeys(str(r) for r in rows["ref"]))
url_seed("item", "act_item", ["", *item_refs])
if st.session_state.get("act_item") not in ["", *item_refs]:
    st.session_state["act_item"] = ""


def open_plan(**filters: object) -> None:
    """A status or quarter clicked in a chart: the plan table on its tab, narrowed to it."""
    goto(act_tab=TABS["plan"], **{f"act_{k}": v for k, v in filters.items()})


def plan_filter(frame: pd.DataFrame) -> pd.DataFrame:
    """The rows the status, quarter and item filters keep (overdue counts as a state of its own, as in the charts)."""
    states = st.session_state.get("act_status") or []
    quarter = st.session_state.get("act_quarter") or ""
    item = st.session_state.get("act_item") or ""
    keep = pd.Series(True, index=frame.index)
    if item:
        keep &= frame["ref"].astype(str) == item
    if states:
        keep &= pd.Series([charts.action_state(str(s), bool(o)) in states
                           for s, o in zip(frame["status"], frame["overdue"], strict=True)], index=frame.index)
    if quarter:
        keep &= pd.Series([quarter in {sl.code for sl in charts.parse_quarters(q)} for q in frame["quarters"]],
                          index=frame.index)
    return frame[keep]


def plan_filters() -> pd.DataFrame:
    """The filter widgets above the plan table, kept in the URL; returns the rows they keep."""
    g1, g2, g4, g3 = st.columns([2.2, 1.3, 1.3, 1], vertical_alignment="bottom")
    chosen = g1.multiselect(tr("act.filter_status"), SEGMENT_CHOICES, key="act_status",
                            format_func=lambda v: t(f"status.{v}", language), placeholder=tr("act.filter_all"))
    quarter = g2.selectbox(tr("act.filter_quarter"), ["", *slot_codes], key="act_quarter",
                           format_func=lambda c: t("act.filter_all", language) if not c else
                           charts.slot_label(slots_here[slot_codes.index(c)], language).replace("<br>", " "))
    item = g4.selectbox(tr("act.filter_item"), ["", *item_refs], key="act_item",
                        format_func=lambda r: r or t("act.filter_all", language))
    url_keep("status", chosen)
    url_keep("quarter", quarter)
    url_keep("item", item)
    kept = plan_filter(rows)
    if chosen or quarter or item:
        g3.button(tr("act.filter_clear"), key="act_filter_clear", on_click=_clear_filters)
        st.caption(tr("act.filter_shown", n=len(kept), total=len(rows)))
    return kept


@callback
def _clear_filters() -> None:
    st.session_state["act_status"] = []
    st.session_state["act_quarter"] = ""
    st.session_state["act_item"] = ""


def selected_row(key: str, frame: pd.DataFrame) -> pd.Series | None:
    """The row of `frame` selected in the table `key` (single-row selection), while it stays selected."""
    state = st.session_state.get(key)
    picked = list(getattr(getattr(state, "selection", None), "rows", None) or []) if state is not None else []
    if not picked or not 0 <= int(picked[0]) < len(frame):
        return None
    return frame.iloc[int(picked[0])]


def action_details(row: pd.Series, key: str) -> None:
    """A selected action in full (owners, period, status, note, the assessor's verdict) and a link to what it
    answers: an ITA indicator's questions and measures, or a KPI on the KPI page."""
    ref = charts.category_label(str(row["source"]), row["category"], language) + f" · {_row_name(row)}"
    with st.container(border=True, key=f"{key}_detail"):
        st.markdown(f"**{tr('act.detail_title', ref=ref)}**")
        st.markdown(str(row["action"]))
        facts = [tr("act.detail_owner", main=charts.unit_label(row["owner_main"], language))]
        if not _blank(row["owner_support"]) and str(row["owner_support"]).strip():
            facts.append(tr("act.detail_support", units=row["owner_support"]))
        if not _blank(row["start_date"]):
            facts.append(tr("act.detail_period", start=_date(row["start_date"]), due=_date(row["due_date"])))
        elif not _blank(row["due_date"]):
            facts.append(tr("act.detail_due", due=_date(row["due_date"])))
        progress = "–" if _blank(row["progress"]) else f"{float(row['progress']):.0f}"
        status = tr("act.detail_status", status=_status_label(str(row["status"])), progress=progress)
        if bool(row["overdue"]):
            status += " · :red[⚠ " + tr("act.detail_overdue", days=f"{(day - pd.Timestamp(row['due_date']).date()).days:,}") + "]"
        facts.append(status)
        st.markdown("  \n".join(facts))
        if not _blank(row["note"]) and str(row["note"]).strip():
            st.caption(tr("act.detail_note", note=row["note"]))
        if row["assessor_result"] in ("pass", "fail"):
            st.caption(tr("act.detail_verdict", level=charts.level_label(row["level"], language),
                          verdict=tr(f"act.verdict_{row['assessor_result']}"),
                          reason="" if _blank(row["assessor_reason"]) else str(row["assessor_reason"])))
        params = {"org": sel.org, "year": str(int(row["fiscal_year"])), "round": str(sel.round), "lang": language}
        if row["source"] == "ita" and str(row["ref"]).strip().isdigit():
            st.page_link("pages/3_ita.py", label=tr("act.open_ita", n=str(row["ref"]).strip()),
                         query_params={**params, "indicator": str(row["ref"]).strip()}, icon=":material/arrow_forward:")
        elif row["source"] == "kpi":
            st.page_link("pages/2_kpi.py", label=tr("act.open_kpi", code=row["ref"]),
                         query_params={**params, "kpi": str(row["ref"]), "tab": "detail"},
                         icon=":material/arrow_forward:")

# -- summary: by category, unit, level (and year) ---------------------------------------------------
GROUPINGS = {"category": "act.by_category", "unit": "act.by_unit", "level": "act.by_level",
             "fiscal_year": "act.by_year"}


def _group_labels(by: str, frame: pd.DataFrame) -> list[str]:
    if by == "category":
        return [charts.category_label(s, c, language) for s, c in zip(frame["source"], frame["category"], strict=True)]
    if by == "unit":
        return [charts.unit_label(u, language) for u in frame["unit"]]
    if by == "level":
        return [charts.level_label(v, language) for v in frame["level"]]
    return [tr("act.year_label", year=y) for y in frame["fiscal_year"]]


with tab_summary:
    by_level = _breakdown(db, version, sel.org, year, day, "level", source, owner)
    options = ["category", "unit"]
    if (by_level["level"] != "").any():
        options.append("level")
    if all_years:
        options.append("fiscal_year")
    if st.session_state.get("act_group_by") not in options:
        st.session_state["act_group_by"] = "category"
    by = st.radio(tr("act.group_by"), options, key="act_group_by", horizontal=True,
                  format_func=lambda g: t(f"act.group.{g}", language))
    grouped = by_level if by == "level" else _breakdown(db, version, sel.org, year, day, by, source, owner)
    picked = chart(charts.breakdown_bar(grouped, _group_labels(by, grouped), tr(GROUPINGS[by]), language),
                   file_stem(sel.org, stem_year, "actions", by), key="act_chart_breakdown", clickable=True)
    if picked and picked[0].get("customdata") in SEGMENT_CHOICES:
        open_plan(status=[picked[0]["customdata"]], quarter="", item="")
    st.caption(tr("act.segment_note") + (" " + tr("act.unit_note") if by == "unit" else "") + " " + tr("act.click_hint"))

# -- schedule by fiscal quarter ------------------------------------------------------------------------
with tab_timeline:
    view = st.radio(tr("act.view"), ["grid", "gantt"], key="act_timeline_view", horizontal=True,
                    format_func=lambda v: t(f"act.view_{v}", language))
    unscheduled = int(sum(1 for q in rows["quarters"] if not charts.parse_quarters(q)))
    if unscheduled == len(rows):
        st.info(tr("act.no_schedule"))
    else:
        if view == "grid":
            fig = charts.quarter_grid(rows, language, tr("act.timeline"))
        else:
            fig = charts.quarter_gantt(rows, language, tr("act.timeline_actions"))
        picked = chart(fig, file_stem(sel.org, stem_year, "actions", "timeline"), key="act_chart_timeline",
                       clickable=True)
        if picked and picked[0].get("customdata") in slot_codes:
            open_plan(quarter=picked[0]["customdata"], status=[], item="")
        st.caption(tr("act.click_hint"))
        if unscheduled:
            st.caption(tr("act.unscheduled", n=unscheduled))


# -- overdue ---------------------------------------------------------------------------------------------
def _status_label(status: str) -> str:
    # Widgets call their format_func outside the script run too: the language is bound, not looked up.
    return t(f"status.{status}", language)


with tab_overdue:
    st.subheader(tr("act.overdue_list", today=fmt_date(day)))
    late = rows[rows["overdue"]].sort_values(["due_date", "fiscal_year"], kind="stable")
    if late.empty:
        st.success(tr("act.overdue_none"))
    else:
        shown = pd.DataFrame({
            tr("act.col_year"): late["fiscal_year"].astype(int),
            tr("act.col_ref"): [charts.category_label(r["source"], r["category"], language) + f" · {_row_name(r)}"
                                for _, r in late.iterrows()],
            tr("act.col_action"): late["action"],
            tr("act.col_due"): [_date(d) for d in late["due_date"]],
            tr("act.col_days_over"): [(day - pd.Timestamp(d).date()).days for d in late["due_date"]],
            tr("act.col_status"): [f"⚠ {_status_label(s)}" for s in late["status"]],
            tr("act.col_progress"): late["progress"],
            tr("act.col_owner"): late["owner_main"].fillna(""),
        })
        if not all_years:
            shown = shown.drop(columns=[tr("act.col_year")])
        show_table(shown, file_stem(sel.org, stem_year, "actions", "overdue"), "act_overdue_table",
                   {c: c for c in shown.columns}, {tr("act.col_days_over"): 0, tr("act.col_progress"): '0"%"'},
                   title=tr("act.overdue_list", today=fmt_date(day)) + years_note, period=table_period, column_config={
                       tr("act.col_action"): st.column_config.TextColumn(width="large"),
                       tr("act.col_progress"): st.column_config.ProgressColumn(min_value=0, max_value=100,
                                                                               format="%.0f%%", width="small"),
                   }, row_height=70,  # > 4rem: the activity wraps instead of being cut
                   on_select="rerun", selection_mode="single-row")
        st.caption(tr("act.row_hint"))
        late_row = selected_row("act_overdue_table", late)
        if late_row is not None:
            action_details(late_row, "act_overdue")

# -- the assessor's verdicts -----------------------------------------------------------------------------
with tab_assessor:
    assessed = _assessed(db, version, sel.org, year, day, source, owner)
    if assessed.empty:
        st.info(tr("act.assessor_none"))
    else:
        failed = int((assessed["assessor_result"] == "fail").sum())
        st.caption(tr("act.assessor_intro"))
        st.markdown(f"**{tr('act.failed_levels', n=failed, total=len(assessed))}**")
        verdicts = pd.DataFrame({
            tr("act.col_year"): assessed["fiscal_year"].astype(int),
            tr("act.col_ref"): assessed["ref"],
            tr("act.col_level"): [charts.level_label(v, language) for v in assessed["level"]],
            tr("act.col_verdict"): [tr(f"act.verdict_{v}") if v in ("pass", "fail") else str(v)
                                    for v in assessed["assessor_result"]],
            tr("act.col_actions"): assessed["actions"].astype(int),
            tr("act.col_done"): assessed["done"].astype(int),
            tr("status.overdue"): assessed["overdue"].astype(int),
            tr("act.col_reason"): assessed["assessor_reason"].fillna(""),
        })
        if not all_years:
            verdicts = verdicts.drop(columns=[tr("act.col_year")])
        fail_bg = "background-color: rgba(192, 57, 43, 0.10)"
        styled = verdicts.style.apply(
            lambda r: [fail_bg if r[tr("act.col_verdict")] == tr("act.verdict_fail") else ""] * len(r), axis=1)
        st.dataframe(styled, hide_index=True, key="act_assessor_table", column_config={
            tr("act.col_reason"): st.column_config.TextColumn(width="large")},
            on_select="rerun", selection_mode="single-row")
        st.caption(tr("act.assessor_row_hint"))
        assessed_pick = new_selection("act_assessor_table", "rows")
        if assessed_pick and 0 <= int(assessed_pick[0]) < len(assessed):
            open_plan(item=str(assessed["ref"].iloc[int(assessed_pick[0])]), status=[], quarter="")
        excel_button(verdicts, file_stem(sel.org, stem_year, "actions", "assessor"), "act_assessor_table",
                     {c: c for c in verdicts.columns},
                     {tr("act.col_actions"): 0, tr("act.col_done"): 0, tr("status.overdue"): 0},
                     title=tr("act.tab_assessor") + years_note, period=table_period)

# -- updating status, progress and note ------------------------------------------------------------------
if not may_edit:
    with tab_edit:
        st.info(tr("auth.edit_needs_role"))
        rows = plan_filters()
        plan_shown = pd.DataFrame({
            tr("act.col_ref"): rows["ref"], tr("act.col_no"): rows["action_no"].fillna(""),
            tr("act.col_action"): rows["action"], tr("act.col_status"): [_status_label(s) for s in rows["status"]],
            tr("act.col_progress"): rows["progress"], tr("act.col_note"): rows["note"].fillna(""),
            tr("act.col_due"): [_date(d) for d in rows["due_date"]],
            tr("act.col_owner"): rows["owner_main"].fillna("")})
        show_table(plan_shown, file_stem(sel.org, stem_year, "actions", "plan"), "act_plan_table",
                   {c: c for c in plan_shown.columns}, {tr("act.col_progress"): 0}, row_height=70,
                   title=tr("exp.xlsx_t_plan") + years_note, period=table_period,
                   column_config={tr("act.col_action"): st.column_config.TextColumn(width="large")},
                   on_select="rerun", selection_mode="single-row")
        st.caption(tr("act.row_hint"))
        plan_row = selected_row("act_plan_table", rows)
        if plan_row is not None:
            action_details(plan_row, "act_plan")
    st.stop()

with tab_edit:
    rows = plan_filters()
    saved = st.session_state.pop("act_saved", None)
    if saved is not None:
        st.success(tr("act.saved", n=saved[1], batch=saved[0]))
    st.caption(tr("act.edit_help"))
    table = pd.DataFrame({
        "fiscal_year": rows["fiscal_year"].astype(int),
        "ref": rows["ref"],
        "action_no": rows["action_no"].fillna(""),
        "level": [charts.level_label(v, language) if not _blank(v) else "" for v in rows["level"]],
        "verdict": [tr(f"act.verdict_{v}") if v in ("pass", "fail") else "" for v in rows["assessor_result"]],
        "action": rows["action"],
        "owner_main": rows["owner_main"].fillna(""),
        "due": [_date(d) for d in rows["due_date"]],
        "overdue": ["⚠" if o else "" for o in rows["overdue"]],
        "status": rows["status"].astype(object),
        "progress": rows["progress"].astype("float64"),
        "note": rows["note"].astype(object).where(rows["note"].notna(), None),
    }).set_index(rows["action_id"].astype(int).rename("action_id"))
    # The editable columns come right after what identifies the action, inside a laptop's width.
    order = ["ref", "action_no", "action", "status", "progress", "note", "due", "overdue", "owner_main", "level",
             "verdict"]
    if all_years:
        order.insert(0, "fiscal_year")
    edited = st.data_editor(
        table, key="act_editor", hide_index=True, num_rows="fixed", column_order=order,
        disabled=[c for c in table.columns if c not in EDITABLE],
        column_config={
            "fiscal_year": st.column_config.NumberColumn(tr("act.col_year"), format="%d"),
            "ref": st.column_config.TextColumn(tr("act.col_ref"), pinned=True),
            "action_no": st.column_config.TextColumn(tr("act.col_no"), width="small"),
            "level": st.column_config.TextColumn(tr("act.col_level")),
            "verdict": st.column_config.TextColumn(tr("act.col_verdict")),
            "action": st.column_config.TextColumn(tr("act.col_action"), width="medium"),
            "owner_main": st.column_config.TextColumn(tr("act.col_owner")),
            "due": st.column_config.TextColumn(tr("act.col_due")),
            "overdue": st.column_config.TextColumn(tr("act.col_overdue"), width="small"),
            "status": st.column_config.SelectboxColumn(tr("act.col_status"), options=list(STATUSES), required=True,
                                                       format_func=_status_label),
            "progress": st.column_config.NumberColumn(tr("act.col_progress"), min_value=0, max_value=100, step=1,
                                                      format="%.0f"),
            "note": st.column_config.TextColumn(tr("act.col_note"), width="medium"),
        })
    changes = _changed(table, edited)
    st.caption(tr("act.changed", n=len(changes)) if len(changes) else tr("act.no_changes"))
    if st.button(tr("act.save"), key="act_save", type="primary", disabled=changes.empty):
        bad_progress = [_row_name(r) for _, r in changes.iterrows() if not _progress_ok(r["progress"])]
        bad_status = [_row_name(r) for _, r in changes.iterrows() if r["status"] not in STATUSES]
        if bad_progress:
            st.error(tr("act.bad_progress", rows=", ".join(bad_progress)))
        if bad_status:
            st.error(tr("act.bad_status", rows=", ".join(bad_status)))
        if not bad_progress and not bad_status:
            edits = pd.DataFrame({
                "action_id": changes.index.astype(int),
                "status": changes["status"].astype(str).tolist(),
                "progress": changes["progress"].astype(float).tolist(),
                "note": [None if _blank(n) or str(n).strip() == "" else str(n) for n in changes["note"]],
            })
            payload = json.dumps(edits.to_dict("records"), ensure_ascii=False, sort_keys=True)
            try:
                batch_id = store().record_action_edits(
                    edits, user, file_name="action-edits",
                    sha256=hashlib.sha256(payload.encode("utf-8")).hexdigest())
            except PramernError as exc:
                st.error(tr("act.save_failed", error=exc.message(language)))
            except Exception as exc:  # a database error must not become a traceback
                st.error(tr("act.save_failed", error=str(exc)))
            else:
                st.session_state["act_saved"] = (batch_id, len(edits))
                st.session_state.pop("act_editor", None)
                st.rerun()
