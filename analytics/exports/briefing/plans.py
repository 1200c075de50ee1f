"""The sections on what follows: the action plans, overdue actions, the evaluation cycle, the ministry."""

from __future__ import annotations

from typing import Any

import pandas as pd

from analytics import report
from analytics.exports.briefing.model import (
    MAX_OVERDUE_ROWS,
    OTHER_UNITS,
    SOURCE_TABLES,
    STATUS_ORDER,
    STEP_NAMES_EN,
    Briefing,
    Chart,
    Column,
    Note,
    Section,
    Series,
    Table,
    date_text,
    num,
    source_lines,
    text_of,
)
from analytics.i18n import t
from analytics.palette import (
    ACTION_STATUS_COLOURS,
    BAND_COLOURS,
    NEUTRAL,
    PRIMARY,
)
from analytics.store import Store


def actions_section(b: Briefing, counts: dict[str, int], actions: pd.DataFrame) -> Section:
    tr = b.t
    title = tr("exp.sec_actions")
    categories = [tr(f"status.{s}") for s in STATUS_ORDER]
    values: list[float | None] = [float(counts[s]) for s in STATUS_ORDER]
    top = max(v or 0 for v in values)
    chart = Chart(title, categories, [Series(tr("exp.count_axis"), values, PRIMARY,
                                             [ACTION_STATUS_COLOURS[s] for s in STATUS_ORDER])],
                  decimals=0, value_title=tr("exp.count_axis"), horizontal=False, maximum=float(max(top, 1)))
    notes = [Note(tr("exp.actions_total", n=counts["total"]), PRIMARY, True)]
    for s in STATUS_ORDER:  # the statuses add up to the total; overdue is a part of the open ones
        late = counts.get(f"overdue_{s}", 0)
        text = f"{tr(f'status.{s}')}: {counts[s]:,}" + (f" ({tr('exp.of_which_overdue', n=late)})" if late else "")
        notes.append(Note(text, marker=("■", ACTION_STATUS_COLOURS[s])))
    notes.append(Note(tr("exp.overdue_count", n=counts["overdue"], date=b.as_of),
                      ACTION_STATUS_COLOURS["overdue"] if counts["overdue"] else None, bool(counts["overdue"])))
    active = actions[actions["status"] != "cancelled"]["progress"].dropna()
    if len(active):
        notes.append(Note(tr("exp.avg_progress", value=num(active.mean(), 0))))
    return Section("actions", title, "actions", chart=chart, notes=notes)


def action_ref(source: Any, ref: Any, lang: str) -> str:
    key = {"ita": "exp.ref_ita", "pmqa": "exp.ref_pmqa", "kpi": "exp.ref_kpi"}.get(str(source))
    return t(key, lang, ref=text_of(ref)) if key else text_of(ref)


def overdue_section(b: Briefing, overdue: pd.DataFrame) -> Section | None:
    tr = b.t
    if overdue.empty:
        return None
    columns = [
        Column(tr("exp.col_ref"), 1.55, max_lines=2),
        Column(tr("exp.col_action"), 4.1, max_lines=2),
        Column(tr("exp.col_owner"), 2.2, max_lines=2),
        Column(tr("exp.col_due"), 1.75),
        Column(tr("exp.col_days_late"), 1.3, "right"),
        Column(tr("exp.col_progress"), 1.4, "right"),
    ]
    rows: list[list[str]] = []
    colours: dict[tuple[int, int], str] = {}
    for i, r in enumerate(overdue.itertuples()):
        due = pd.Timestamp(r.due_date).date() if pd.notna(r.due_date) else None
        late = (b.today - due).days if due is not None else None
        rows.append([action_ref(r.source, r.ref, b.lang), text_of(r.action), text_of(r.owner_main), date_text(due, b.lang),
                     f"{late:,}" if late is not None else "–", num(r.progress, 0)])
        colours[(i, 4)] = ACTION_STATUS_COLOURS["overdue"]
    if len(rows) > MAX_OVERDUE_ROWS:  # a meeting sees the oldest; the action-plan page lists them all
        more = len(rows) - MAX_OVERDUE_ROWS + 1
        rows = rows[:MAX_OVERDUE_ROWS - 1] + [["", tr("exp.more_overdue", n=more), "", "", "", ""]]
    return Section("overdue", tr("exp.sec_overdue"), "actions", table=Table(columns, rows, colours))


def cycle_section(b: Briefing, cycle: pd.DataFrame) -> Section:
    tr = b.t
    title = tr("exp.sec_cycle")
    late_colour = BAND_COLOURS["improve"]
    categories = [str(int(n)) for n in cycle["step_no"]]
    standard: list[float | None] = [float(d) for d in cycle["standard_days"]]
    actual: list[float | None] = [None if pd.isna(a) else float(a) for a in cycle["actual_days"]]
    late = [bool(x) for x in cycle["late"]]
    top = max([v for v in standard + actual if v is not None], default=1.0)
    chart = Chart(title, categories, [
        Series(tr("exp.step_standard"), standard, "#9dc3e6"),
        Series(tr("exp.step_actual"), actual, PRIMARY, [late_colour if x else PRIMARY for x in late]),
    ], decimals=0, value_title=tr("exp.days_axis"), category_title=tr("exp.step_axis"), horizontal=False, legend=True,
        maximum=top)
    done = [a for a in actual if a is not None]
    notes = [Note(tr("exp.cycle_totals", standard=int(sum(s or 0 for s in standard)), actual=int(sum(done))),
                  PRIMARY, True)]
    late_rows = cycle[cycle["late"]]
    if late_rows.empty:
        notes.append(Note(tr("exp.no_late_steps")))
    else:
        notes.append(Note(tr("exp.late_steps", n=len(late_rows)), late_colour, True))
        for r in late_rows.itertuples():
            name = text_of(r.step_name) if b.lang == "th" else STEP_NAMES_EN.get(int(r.step_no), text_of(r.step_name))
            notes.append(Note(tr("exp.late_step", no=int(r.step_no), name=name, actual=int(r.actual_days),
                                 standard=int(r.standard_days)), late_colour))
    states = [str(x) for x in cycle["state"]] if "state" in cycle else ["pending" if a is None else "" for a in actual]
    open_steps = sum(1 for st in states if st in ("pending", "in_progress"))
    if open_steps:
        notes.append(Note(tr("exp.open_steps", n=open_steps), NEUTRAL))
    skipped = [str(int(n)) for n, st in zip(cycle["step_no"], states, strict=True) if st == "not_applicable"]
    if skipped:
        notes.append(Note(tr("exp.skipped_steps", steps=", ".join(skipped)), NEUTRAL))
    if "sent_back" in cycle and cycle["sent_back"].astype(int).any():
        back = [str(int(n)) for n, k in zip(cycle["step_no"], cycle["sent_back"], strict=True) if int(k)]
        notes.append(Note(tr("exp.sent_back_steps", steps=", ".join(back)), NEUTRAL))
    return Section("cycle", title, "cycle", chart=chart, notes=notes)


def _unit_label(row: Any, lang: str) -> str:
    return (text_of(row.abbr_th) or str(row.org_code)) if lang == "th" else str(row.org_code)


def comparison_section(b: Briefing, store: Store, ministry: str | None) -> tuple[Section | None, list[str]]:
    """The ministry's units ranked by ITA and by KPI composite, and its source lines.

    The unit's bar is dark against the others' light one (the PDF also sets its label in bold). No
    pointer symbol: TH Sarabun New has none, and LibreOffice, measuring the fallback glyph, then drops
    every other unit's label.
    """
    tr = b.t
    if not ministry:
        return None, []
    units = store.units(ministry)
    codes = [str(c) for c in units["org_code"]]
    year = b.fiscal_year
    ita = store.ita_group(year, ministry)
    comps = report.composites_for(store, codes, [year], b.round)
    comps = comps[comps["composite"].notna()] if len(comps) else comps
    if len(ita) < 2 and len(comps) < 2:
        return None, []
    notes: list[Note] = []
    chart = chart2 = None
    if len(ita) >= 2:
        labels = [_unit_label(r, b.lang) for r in ita.itertuples()]
        values: list[float | None] = [round(float(v), 2) for v in ita["overall"]]
        colours = [PRIMARY if c == b.org_code else OTHER_UNITS for c in ita["org_code"]]
        mine = [i for i, c in enumerate(ita["org_code"]) if c == b.org_code]
        head = tr("exp.cmp_ita_rank", rank=mine[0] + 1, size=len(ita), mean=num(float(ita["overall"].mean()), 2)) \
            if mine else tr("exp.cmp_ita")
        chart = Chart(head, labels, [Series(tr("exp.tile_ita"), values, PRIMARY, colours)], decimals=2,
                      value_title=tr("exp.score_axis"), maximum=100.0, bold_category=mine[0] if mine else None)
    if len(comps) >= 2:
        schemes = store.kpi_schemes([year], codes)
        scheme_of = dict(zip(schemes["org_code"], schemes["scheme"], strict=True))
        own = scheme_of.get(b.org_code)
        common = own or pd.Series([scheme_of.get(c) for c in comps["org_code"]]).mode().iloc[0]
        same = comps[[scheme_of.get(c) == common for c in comps["org_code"]]]
        same = same.sort_values(["composite", "org_code"], ascending=[False, True])
        by_code = {str(r.org_code): r for r in units.itertuples()}
        labels = [_unit_label(by_code[c], b.lang) for c in same["org_code"]]
        values = [round(float(v), 4) for v in same["composite"]]
        colours = [PRIMARY if c == b.org_code else OTHER_UNITS for c in same["org_code"]]
        mine = [i for i, c in enumerate(same["org_code"]) if c == b.org_code]
        top = 5.0 if common == "5-level" else 100.0
        if mine:
            head = tr("exp.cmp_kpi_rank", rank=mine[0] + 1, size=len(same), mean=num(float(same["composite"].mean()), 2))
        elif own is None:
            head = tr("exp.cmp_kpi_none", year=year)
        else:
            head = tr("exp.cmp_kpi")
        if len(same) >= 2:
            chart2 = Chart(head, labels, [Series(tr("exp.tile_composite"), values, PRIMARY, colours)],
                           decimals=2, value_title=tr("exp.score_axis"), maximum=top,
                           bold_category=mine[0] if mine else None)
        left_out = len(comps) - len(same)
        if left_out:
            notes.append(Note(tr("exp.cmp_other_scheme", n=left_out), NEUTRAL))
    if chart is None and chart2 is not None:
        chart, chart2 = chart2, None
    if chart is None:
        return None, []
    section = Section("comparison", tr("exp.sec_comparison", ministry=ministry if b.lang == "th" else "", year=year)
                      .strip(), "comparison", chart=chart, chart2=chart2, notes=notes)
    batches = store.data_sources(SOURCE_TABLES["comparison"], codes, [year])
    return section, source_lines(b, batches)
