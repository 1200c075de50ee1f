"""Evaluation-cycle figures: standard against actual working days per step (seed 000)."""

from __future__ import annotations

from typing import Any

import pandas as pd
import plotly.graph_objects as go

from analytics.charts.base import styled
from analytics.cycle import STANDARD_STEPS
from analytics.i18n import t
from analytics.palette import ACTION_STATUS_COLOURS, KPI_STATUS_COLOURS

STATES = ("late", "on_time", "in_progress", "pending", "not_applicable")
STATE_COLOURS = {"late": KPI_STATUS_COLOURS["below_target"], "on_time": KPI_STATUS_COLOURS["on_target"],
                 "in_progress": ACTION_STATUS_COLOURS["in_progress"], "pending": KPI_STATUS_COLOURS["no_result"],
                 "not_applicable": KPI_STATUS_COLOURS["no_result"]}
STATE_SYMBOLS = {"late": "✖", "on_time": "✔", "in_progress": "▶", "pending": "…", "not_applicable": "⊘"}
STATE_PATTERNS = {"late": "x", "on_time": "", "in_progress": "/", "pending": "", "not_applicable": ""}
SENT_BACK_SYMBOL = "↩"
STANDARD_COLOUR = "#bfbfbf"
_ENGLISH_NAMES = {no: en for no, _th, en, _days in STANDARD_STEPS}


def _missing(value: Any) -> bool:
    return value is None or value is pd.NA or value is pd.NaT or (not isinstance(value, str) and pd.isna(value))


def step_state(started: Any, finished: Any, late: bool) -> str:
    """late or on_time once finished; in_progress once started; pending before that."""
    if _missing(started):
        return "pending"
    if _missing(finished):
        return "in_progress"
    return "late" if late else "on_time"


def step_states(cycle: pd.DataFrame) -> list[str]:
    """The state of every step of a report.cycle_report frame (its own `state` when it has one)."""
    if "state" in cycle:
        return [str(s) for s in cycle["state"]]
    return [step_state(s, f, bool(late))
            for s, f, late in zip(cycle["started"], cycle["finished"], cycle["late"], strict=True)]


def state_label(state: str, lang: str) -> str:
    """'✖ ล่าช้า': the symbol keeps the state readable without colour."""
    return f"{STATE_SYMBOLS[state]} {t(f'cyc.state.{state}', lang)}"


def pass_text(pass_days: Any, sent_back: Any, lang: str) -> str:
    """'4 + 3 (↩ ไม่เห็นชอบ 1 ครั้ง)' for a step done twice; '' for a step done once and not sent back."""
    days = [d for d in (pass_days if isinstance(pass_days, (list, tuple)) else []) if d is not None]
    back = 0 if _missing(sent_back) else int(sent_back)
    if len(days) < 2 and not back:
        return ""
    parts = [" + ".join(str(d) for d in days)] if len(days) > 1 else []
    if back:
        parts.append(f"{SENT_BACK_SYMBOL} {t('cyc.sent_back_n', lang, n=back)}")
    return " ".join(parts)


def step_name(step_no: int, stored: Any, lang: str) -> str:
    """The stored (Thai) name, or in English the procedure's name of that step."""
    if lang != "th" and int(step_no) in _ENGLISH_NAMES:
        return _ENGLISH_NAMES[int(step_no)]
    return str(stored) if not _missing(stored) else str(step_no)


def standard_vs_actual(cycle: pd.DataFrame, lang: str, title: str | None = None) -> go.Figure:
    """Grouped bars per step: the standard working days beside those taken, coloured by state.

    cycle is a report.cycle_report frame (step_no, step_name, standard_days, started, finished,
    actual_days, late, state, pass_days, sent_back). A step's actual bar adds up all its passes (marked
    ↩ when it was sent back); steps not finished, and steps not applicable this year, have no actual
    bar: a marker at zero shows them.
    """
    states = step_states(cycle)
    steps = [str(int(n)) for n in cycle["step_no"]]
    names = [step_name(n, s, lang) for n, s in zip(cycle["step_no"], cycle["step_name"], strict=True)]
    standard = [int(d) for d in cycle["standard_days"]]
    actual = [None if _missing(a) else int(a) for a in cycle["actual_days"]]
    passes = [pass_text(d, b, lang) for d, b in zip(cycle["pass_days"] if "pass_days" in cycle else [None] * len(cycle),
                                                    cycle["sent_back"] if "sent_back" in cycle else [0] * len(cycle),
                                                    strict=True)]
    hover = [t("cyc.hover", lang, no=no, name=name, standard=std, actual="–" if a is None else a,
               state=state_label(st, lang)) + (f"<br>{p}" if p else "")
             for no, name, std, a, st, p in zip(steps, names, standard, actual, states, passes, strict=True)]
    fig = go.Figure()
    fig.add_trace(go.Bar(name=t("cyc.standard", lang), x=steps, y=standard, marker={"color": STANDARD_COLOUR},
                         offsetgroup="standard",
                         customdata=hover, hovertemplate="%{customdata}<extra></extra>",
                         text=[str(v) for v in standard], textposition="outside", constraintext="none",
                         cliponaxis=False))
    for state in ("on_time", "late"):
        ys = [a if st == state else None for a, st in zip(actual, states, strict=True)]
        fig.add_trace(go.Bar(
            name=f"{t('cyc.actual', lang)}: {state_label(state, lang)}", x=steps, y=ys, offsetgroup="actual",
            marker={"color": STATE_COLOURS[state],
                    "pattern": {"shape": STATE_PATTERNS[state], "fillmode": "overlay", "fgcolor": "white", "size": 6}},
            text=[((f"{v} {STATE_SYMBOLS[state]}" if state == "late" else str(v))
                   + (f" {SENT_BACK_SYMBOL}" if p and SENT_BACK_SYMBOL in p else "")) if v is not None else ""
                  for v, p in zip(ys, passes, strict=True)],
            textposition="outside", constraintext="none", cliponaxis=False, customdata=hover,
            hovertemplate="%{customdata}<extra></extra>"))
    for state in ("in_progress", "pending", "not_applicable"):
        idx = [i for i, st in enumerate(states) if st == state]
        if not idx:
            continue
        fig.add_trace(go.Scatter(
            name=state_label(state, lang), x=[steps[i] for i in idx], y=[0] * len(idx), mode="markers",
            marker={"color": STATE_COLOURS[state], "size": 11, "line": {"width": 2},
                    "symbol": {"pending": "circle-open", "in_progress": "triangle-right"}.get(state, "x-thin-open")},
            customdata=[hover[i] for i in idx], hovertemplate="%{customdata}<extra></extra>", cliponaxis=False))
    height = 460
    styled(fig, title if title is not None else t("cyc.chart_title", lang), height=height)
    # Title, then the legend (room for two lines), pinned from the top: clear of the step axis below.
    fig.update_layout(barmode="group", bargap=0.25, bargroupgap=0.05, margin={"t": 120, "b": 50},
                      title={"yref": "container", "y": 1 - 12 / height, "yanchor": "top"},
                      legend={"orientation": "h", "yref": "container", "y": 1 - 48 / height, "yanchor": "top",
                              "x": 0, "xref": "container"})
    fig.update_xaxes(title={"text": t("cyc.axis_step", lang)}, type="category")
    top = max([*standard, *[a for a in actual if a is not None], 1])
    fig.update_yaxes(title={"text": t("cyc.axis_days", lang)}, range=[0, top * 1.18])
    return fig
