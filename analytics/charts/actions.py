"""Action-plan figures: counts by status per group, and the schedule by fiscal quarter."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

import pandas as pd
import plotly.graph_objects as go

from analytics.calendar import MONTHS_EN_SHORT, MONTHS_TH_SHORT, ce_to_be, quarter_bounds
from analytics.charts.base import styled
from analytics.i18n import t
from analytics.palette import ACTION_STATUS_COLOURS, PRIMARY

# Stacked segments: each action falls in exactly one, so the bars add up to the total.
SEGMENTS = ("done", "in_progress", "not_started", "overdue", "cancelled")
SEGMENT_COLUMNS = {"done": "done", "in_progress": "in_progress_on_time", "not_started": "not_started_on_time",
                   "overdue": "overdue", "cancelled": "cancelled"}
# Patterns so overdue and cancelled do not depend on colour alone.
SEGMENT_PATTERNS = {"done": "", "in_progress": "", "not_started": "", "overdue": "x", "cancelled": "/"}
# The count on each segment in a colour that reads on it (>= 4.5:1), over a hatch kept faint enough not to cross it.
SEGMENT_TEXT = {"done": "#ffffff", "in_progress": "#ffffff", "not_started": "#1a1a1a", "overdue": "#ffffff",
                "cancelled": "#1a1a1a"}
PATTERN_OPACITY = 0.35
SOURCE_ORDER = ("pmqa", "ita", "kpi")
GRID_SCALE = [[0.0, "#ffffff"], [1.0, PRIMARY]]

_SLOT = re.compile(r"^(\d{4})(?:Q([1-4])|(PRE))$")


@dataclass(frozen=True, order=True)
class Slot:
    """A schedule slot: quarter 1-4 of a fiscal year (BE), or 0 for the pre-year slot before it."""

    fiscal_year: int
    quarter: int

    @property
    def code(self) -> str:
        return f"{self.fiscal_year - 1}PRE" if self.quarter == 0 else f"{self.fiscal_year}Q{self.quarter}"


def parse_quarters(text: object) -> list[Slot]:
    """'2563Q1;2563Q2' -> two slots; '2562PRE' (ส.ค.-ก.ย. 2562) is the slot before FY2563."""
    if not isinstance(text, str):
        return []
    slots = []
    for part in text.replace(",", ";").split(";"):
        m = _SLOT.match(part.strip().upper())
        if m is None:
            continue
        year = int(m[1])
        slots.append(Slot(year + 1, 0) if m[3] else Slot(year, int(m[2])))
    return sorted(set(slots))


def slot_span(slots: Sequence[Slot]) -> list[Slot]:
    """Every quarter from the first slot to the last, with the pre-year slots that occur."""
    if not slots:
        return []
    first, last = min(slots), max(slots)
    out = [s for s in sorted(set(slots)) if s.quarter == 0]
    for year in range(first.fiscal_year, last.fiscal_year + 1):
        for q in range(1, 5):
            s = Slot(year, q)
            if first <= s <= last:
                out.append(s)
    return sorted(set(out))


def slot_label(slot: Slot, lang: str) -> str:
    """'ไตรมาส 1/2563<br>ต.ค.-ธ.ค. 2562' in Thai, 'Q1 FY2563<br>Oct-Dec' in English."""
    if slot.quarter == 0:
        # The seed's pre-year column: August and September before the fiscal year starts.
        first_month, last_month, year_be = 8, 9, slot.fiscal_year - 1
        head = t("act.pre_year", lang, year=slot.fiscal_year)
    else:
        start, end = quarter_bounds(slot.fiscal_year, slot.quarter)
        first_month, last_month, year_be = start.month, end.month, ce_to_be(end.year)
        head = t("act.quarter", lang, q=slot.quarter, year=slot.fiscal_year)
    if lang == "th":
        months = f"{MONTHS_TH_SHORT[first_month - 1]}-{MONTHS_TH_SHORT[last_month - 1]} {year_be}"
    else:
        months = f"{MONTHS_EN_SHORT[first_month - 1]}-{MONTHS_EN_SHORT[last_month - 1]}"
    return f"{head}<br>{months}"


def category_label(source: str, category: object, lang: str) -> str:
    """หมวด 1 for a PMQA category, the indicator for an ITA measure, the KPI code for a follow-up."""
    key = {"pmqa": "act.cat_pmqa", "ita": "act.cat_ita"}.get(source, "act.cat_kpi")
    return t(key, lang, n=category)


def level_label(level: object, lang: str) -> str:
    return t(f"level.{level}", lang) if isinstance(level, str) and level else t("act.no_level", lang)


def unit_label(unit: object, lang: str) -> str:
    return unit if isinstance(unit, str) and unit else t("act.no_owner", lang)


def action_state(status: str, overdue: bool) -> str:
    """The segment an action falls in: overdue first, else its status."""
    return "overdue" if overdue else status


def shorten(text: object, width: int = 42) -> str:
    """Cut text to about width characters without leaving a Thai vowel or tone mark on its own."""
    s = " ".join(str(text or "").split())
    if len(s) <= width:
        return s
    cut = width
    while cut < len(s) and unicodedata.category(s[cut]) == "Mn":
        cut += 1
    return s[:cut].rstrip() + "…"


def count_ticks(largest: int) -> dict[str, object]:
    """Whole-number ticks for a count axis: no 0.5 of an action, whatever the largest count."""
    if largest <= 10:
        return {"tick0": 0, "dtick": 1, "tickformat": "d"}
    return {"tickformat": ",d", "nticks": 8}


def breakdown_bar(counts: pd.DataFrame, labels: Sequence[str], title: str, lang: str) -> go.Figure:
    """Horizontal bars of actions per group, stacked by done / in progress / not started / overdue / cancelled.

    counts has the columns of Store.action_breakdown; labels name its rows in order.
    """
    fig = go.Figure()
    labels = list(labels)
    for seg in SEGMENTS:
        values = counts[SEGMENT_COLUMNS[seg]].astype(int).tolist() if len(counts) else []
        fig.add_trace(go.Bar(
            name=t(f"status.{seg}", lang), y=labels, x=values, orientation="h",
            marker={"color": ACTION_STATUS_COLOURS[seg], "line": {"color": "white", "width": 1},
                    "pattern": {"shape": SEGMENT_PATTERNS[seg], "fillmode": "overlay", "fgcolor": "white", "size": 8,
                                "solidity": 0.2, "fgopacity": PATTERN_OPACITY}},
            text=[str(v) if v else "" for v in values], textposition="inside", insidetextanchor="middle",
            textangle=0, textfont={"color": SEGMENT_TEXT[seg], "size": 13}, customdata=[seg] * len(values),
            hovertemplate="%{y}<br>" + t(f"status.{seg}", lang) + ": %{x}<extra></extra>"))
    fig.update_layout(barmode="stack", clickmode="event+select")
    height = max(300, 170 + 30 * len(labels))
    styled(fig, title, height=height)
    fig.update_yaxes(autorange="reversed", automargin=True)
    fig.update_xaxes(title={"text": t("act.count", lang)}, rangemode="tozero", **count_ticks(
        int(counts["total"].max()) if len(counts) and "total" in counts else 0))
    _legend_under_title(fig, height)
    return fig


def _action_tag(level: object, action_no: object) -> str:
    """'A#1': the level's initial (Basic, Advance, Significance) and the action's number, as in seed 003."""
    initial = str(level)[0].upper() if isinstance(level, str) and level else ""
    number = f"#{action_no}" if isinstance(action_no, str) and action_no else ""
    return f"{initial}{number}".strip()


def _legend_under_title(fig: go.Figure, height: int, top: int = 120) -> None:
    """Title, then the legend (room for two lines), then the plot: pinned in pixels from the top.

    A legend below the plot would meet the axis title once it wraps on a narrow column.
    """
    fig.update_layout(margin={"t": top, "b": 40},
                      title={"yref": "container", "y": 1 - 12 / height, "yanchor": "top"},
                      legend={"orientation": "h", "yref": "container", "y": 1 - 48 / height, "yanchor": "top",
                              "x": 0, "xref": "container", "traceorder": "normal"})


def _category_rows(rows: pd.DataFrame, lang: str) -> list[tuple[str, str]]:
    keys = rows[["source", "category"]].drop_duplicates()

    def order(r: tuple[str, str]) -> tuple[int, float, str]:
        source, category = r
        rank = SOURCE_ORDER.index(source) if source in SOURCE_ORDER else len(SOURCE_ORDER)
        try:
            num = float(category)
        except (TypeError, ValueError):
            num = float("inf")
        return rank, num, str(category)

    return sorted(((str(s), str(c)) for s, c in keys.itertuples(index=False)), key=order)


def quarter_grid(rows: pd.DataFrame, lang: str, title: str) -> go.Figure:
    """A heat grid of categories x fiscal quarters: how many actions run in each quarter.

    rows has the columns of Store.action_rows (source, category, quarters, overdue). A cell's text
    gives the number of actions and, after ⚠, how many of them are overdue.
    """
    scheduled = rows.assign(slots=[parse_quarters(q) for q in rows["quarters"]]) if len(rows) else rows
    if len(scheduled):
        scheduled = scheduled[scheduled["slots"].map(len) > 0]
    if scheduled.empty:
        return styled(go.Figure(), title, height=260)
    span = slot_span([s for slots in scheduled["slots"] for s in slots])
    cats = _category_rows(scheduled, lang)
    col_of = {s: j for j, s in enumerate(span)}
    row_of = {c: i for i, c in enumerate(cats)}
    z = [[0] * len(span) for _ in cats]
    late = [[0] * len(span) for _ in cats]
    for r in scheduled.itertuples(index=False):
        i = row_of[(str(r.source), str(r.category))]
        for s in r.slots:
            z[i][col_of[s]] += 1
            late[i][col_of[s]] += int(bool(r.overdue))
    x = [slot_label(s, lang) for s in span]
    y = [category_label(s, c, lang) for s, c in cats]
    text = [[(f"{n} ⚠{o}" if o else str(n)) if n else "" for n, o in zip(zr, lr, strict=True)]
            for zr, lr in zip(z, late, strict=True)]
    hover = [[t("act.grid_hover", lang, row=y[i], slot=x[j].replace("<br>", " "), n=z[i][j], overdue=late[i][j])
              for j in range(len(span))] for i in range(len(cats))]
    fig = go.Figure(go.Heatmap(
        z=z, x=x, y=y, text=text, texttemplate="%{text}", customdata=hover, hovertemplate="%{customdata}<extra></extra>",
        colorscale=GRID_SCALE, zmin=0, xgap=2, ygap=2, showscale=False, hoverinfo="skip"))
    # A heat map cell cannot be selected in Plotly: an invisible square on each busy cell takes the click
    # and carries the quarter's code (2568Q1), so clicking a quarter can filter the action table.
    cells = [(i, j) for i in range(len(cats)) for j in range(len(span)) if z[i][j]]
    fig.add_trace(go.Scatter(
        x=[x[j] for _, j in cells], y=[y[i] for i, _ in cells], mode="markers", showlegend=False,
        marker={"symbol": "square", "size": 28, "color": "rgba(0,0,0,0)", "opacity": 0.01},
        selected={"marker": {"opacity": 0.01}}, unselected={"marker": {"opacity": 0.01}},
        customdata=[span[j].code for _, j in cells], hovertemplate=[hover[i][j] + "<extra></extra>" for i, j in cells],
        name="cells"))
    fig.update_layout(clickmode="event+select")
    styled(fig, title, height=max(280, 150 + 36 * len(cats)))
    fig.update_yaxes(autorange="reversed", showgrid=False, automargin=True)
    fig.update_xaxes(side="top", showgrid=False, tickangle=0, tickfont={"size": 12})
    fig.update_layout(margin={"t": 110, "b": 20})
    return fig


def quarter_gantt(rows: pd.DataFrame, lang: str, title: str) -> go.Figure:
    """One row per action with a bar in each of its quarters, coloured by status (overdue apart)."""
    scheduled = rows.assign(slots=[parse_quarters(q) for q in rows["quarters"]]) if len(rows) else rows
    if len(scheduled):
        scheduled = scheduled[scheduled["slots"].map(len) > 0].reset_index(drop=True)
    if scheduled.empty:
        return styled(go.Figure(), title, height=260)
    span = slot_span([s for slots in scheduled["slots"] for s in slots])
    col_of = {s: j for j, s in enumerate(span)}
    ticks = [f"{r.ref} {_action_tag(r.level, r.action_no)}  {shorten(r.action, 30)}"
             for r in scheduled.itertuples(index=False)]
    fig = go.Figure()
    for seg in SEGMENTS:
        xs: list[float] = []
        bases: list[float] = []
        ys: list[int] = []
        hover: list[str] = []
        for i, r in enumerate(scheduled.itertuples(index=False)):
            if action_state(str(r.status), bool(r.overdue)) != seg:
                continue
            for s in r.slots:
                xs.append(0.9)
                bases.append(col_of[s] - 0.45)
                ys.append(i)
                hover.append(f"{r.ref} {shorten(r.action, 80)}<br>{unit_label(r.owner_main, lang)}"
                             f"<br>{t(f'status.{seg}', lang)}")
        fig.add_trace(go.Bar(
            name=t(f"status.{seg}", lang), x=xs, base=bases, y=ys, orientation="h", width=0.7,
            marker={"color": ACTION_STATUS_COLOURS[seg],
                    "pattern": {"shape": SEGMENT_PATTERNS[seg], "fillmode": "overlay", "fgcolor": "white", "size": 6}},
            customdata=hover, hovertemplate="%{customdata}<extra></extra>", showlegend=bool(xs) or seg == "done"))
    height = max(320, 200 + 22 * len(scheduled))
    styled(fig, title, height=height)
    fig.update_layout(barmode="overlay")
    _legend_under_title(fig, height, top=160)
    fig.update_yaxes(tickvals=list(range(len(ticks))), ticktext=ticks, autorange="reversed", automargin=True,
                     range=None, showgrid=False, tickfont={"size": 12})
    fig.update_xaxes(tickvals=list(range(len(span))), ticktext=[slot_label(s, lang) for s in span],
                     range=[-0.5, len(span) - 0.5], side="top", showgrid=True, tickangle=0, tickfont={"size": 11})
    return fig
