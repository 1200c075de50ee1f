"""Evaluation cycle: seed 000's 16 steps for the year, the Thai working days each took against its standard."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from analytics.charts import cycle as charts
from analytics.charts.base import file_stem
from analytics.cycle import STANDARD_TOTAL_DAYS
from analytics.palette import hex_to_rgb
from ui import data
from ui.auth import guard
from ui.common import chart, data_version, db_key, empty_state, fmt_date, lang, selection, tr
from ui.exports import excel_button


def _date(value: object) -> str:
    """fmt_date, with a missing date (NaT) left blank."""
    return "" if value is None or pd.isna(value) else fmt_date(value)


guard("view")
sel = selection()
if sel.org is None or sel.year is None:
    empty_state("app.no_year")
    st.stop()

db, version, language = db_key(), data_version(), lang()
st.title(tr("cyc.title", org=sel.org_label, year=sel.year))
cycle = data.cycle(db, version, sel.org, sel.year)
if cycle is None or cycle.empty:
    empty_state("cyc.none", year=sel.year)
    st.stop()
st.caption(tr("cyc.intro", total=STANDARD_TOTAL_DAYS))

states = charts.step_states(cycle)
skipped = [int(n) for n, state in zip(cycle["step_no"], states, strict=True) if state == "not_applicable"]
sent_back = [int(n) for n, k in zip(cycle["step_no"], cycle["sent_back"], strict=True) if k]
applicable = len(cycle) - len(skipped)
finished = cycle[cycle["actual_days"].notna()]
taken = int(finished["actual_days"].sum())
finished_standard = int(finished["standard_days"].sum())
late_steps = [int(n) for n, state in zip(cycle["step_no"], states, strict=True) if state == "late"]

c1, c2, c3, c4 = st.columns(4)
c1.metric(tr("cyc.standard_total"), f"{STANDARD_TOTAL_DAYS:,}", help=tr("cyc.days_help"))
if len(finished):
    c2.metric(tr("cyc.actual_total"), f"{taken:,}", f"{taken - finished_standard:+,}", delta_color="inverse",
              help=tr("cyc.vs_standard", delta=f"{taken - finished_standard:+,}", standard=finished_standard))
else:
    c2.metric(tr("cyc.actual_total"), "–")
c3.metric(tr("cyc.finished"), tr("cyc.of", n=len(finished), total=applicable))
c4.metric(tr("cyc.late_count"), f"{charts.STATE_SYMBOLS['late']} {len(late_steps)}" if late_steps else "0")
if 0 < len(finished) < applicable:
    st.caption(tr("cyc.partial", n=len(finished), standard=finished_standard))
stored_standard = int(cycle["standard_days"].sum())
if stored_standard != STANDARD_TOTAL_DAYS:
    st.warning(tr("cyc.data_standard", n=stored_standard, total=STANDARD_TOTAL_DAYS))

chart(charts.standard_vs_actual(cycle, language), file_stem(sel.org, sel.year, "cycle", "steps"),
      key="cyc_chart_steps")

if late_steps:
    st.error(tr("cyc.late_list", steps=", ".join(str(n) for n in late_steps)), icon=":material/alarm:")
else:
    st.success(tr("cyc.none_late"))
if sent_back:
    st.warning(tr("cyc.sent_back_list", steps=", ".join(str(n) for n in sent_back)), icon=":material/undo:")
if skipped:
    st.info(tr("cyc.skipped_list", steps=", ".join(str(n) for n in skipped)))


def _passes(passes: list, days: list) -> str:
    """Each pass of a step done more than once, or not applicable: dates, days and outcome."""
    if len(passes) < 2 and not any(p.outcome for p in passes):
        return ""
    counted = iter(days)
    items = []
    for p in passes:
        d = None if p.outcome == "not_applicable" else next(counted, None)
        items.append(tr("cyc.pass_item", no=p.pass_no, start=_date(p.started), end=_date(p.finished),
                        days="–" if d is None else d,
                        outcome=tr(f"cyc.outcome.{p.outcome}") if p.outcome else ""))
    return " · ".join(items)

names = [charts.step_name(n, s, language) for n, s in zip(cycle["step_no"], cycle["step_name"], strict=True)]
actual = [None if pd.isna(a) else int(a) for a in cycle["actual_days"]]
table = pd.DataFrame({
    tr("cyc.col_step"): cycle["step_no"].astype(int),
    tr("cyc.col_name"): names,
    tr("cyc.col_standard"): cycle["standard_days"].astype(int),
    # Float with NaN, not Int64 with NA: the styler writes a missing Int64 cell as "None".
    tr("cyc.col_actual"): pd.Series([float("nan") if a is None else float(a) for a in actual], dtype="float64"),
    tr("cyc.col_diff"): [("" if a is None else f"{a - int(s):+d}" if a != int(s) else "0")
                         for a, s in zip(actual, cycle["standard_days"], strict=True)],
    tr("cyc.col_state"): [charts.state_label(s, language) for s in states],
    tr("cyc.col_started"): [_date(d) for d in cycle["started"]],
    tr("cyc.col_finished"): [_date(d) for d in cycle["finished"]],
    tr("cyc.col_passes"): [_passes(p, d) for p, d in zip(cycle["passes"], cycle["pass_days"], strict=True)],
})

def _row_style(row: pd.Series) -> list[str]:
    state = states[row.name]
    r, g, b = hex_to_rgb(charts.STATE_COLOURS[state])
    if state == "late":
        return [f"background-color: rgba({r}, {g}, {b}, 0.12); color: #7b241c; font-weight: 600"] * len(row)
    if state in ("pending", "not_applicable"):
        return [f"color: rgb({r}, {g}, {b})"] * len(row)
    return [""] * len(row)


# The state sits before the dates so it stays in view on a laptop; the name's full text is on hover.
styled_table = table.style.apply(_row_style, axis=1).format("{:,.0f}", na_rep="", subset=[tr("cyc.col_actual")])
st.dataframe(styled_table, hide_index=True, key="cyc_table",
             height=35 * (len(table) + 1) + 3, column_config={
                 tr("cyc.col_step"): st.column_config.NumberColumn(width="small"),
                 tr("cyc.col_name"): st.column_config.TextColumn(width="medium"),
                 tr("cyc.col_standard"): st.column_config.NumberColumn(width="small"),
                 tr("cyc.col_actual"): st.column_config.NumberColumn(width="small"),
                 tr("cyc.col_diff"): st.column_config.TextColumn(width="small"),
                 tr("cyc.col_passes"): st.column_config.TextColumn(width="large"),
             })
# The Excel file gets the difference as a signed number ("+4", "-2", "0" as shown), not as text beginning with + or -.
diff_days = pd.array([None if a is None else a - int(s) for a, s in zip(actual, cycle["standard_days"], strict=True)],
                     dtype="Int64")
excel_button(table.assign(**{tr("cyc.col_diff"): diff_days}), file_stem(sel.org, sel.year, "cycle", "steps"),
             "cyc_table", {c: c for c in table.columns},
             {tr("cyc.col_standard"): 0, tr("cyc.col_actual"): 0, tr("cyc.col_diff"): "+#,##0;-#,##0;0"},
             title=tr("exp.xlsx_t_cycle"))
st.caption(tr("cyc.working_days_note"))
