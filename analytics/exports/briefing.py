"""What the meeting deck and the PDF briefing show, gathered once from analytics.report.

A Briefing is a list of sections, each with figures (tiles), one or two charts, notes and a
table, all already formatted in the chosen language. The deck (deck.py) and the PDF (pdf.py)
only lay them out, so the two always carry the same numbers, and those are the dashboard's: the
same report functions, the same decimals (4 for KPI scores, 2 for ITA scores and results).

The parts to include (KPI, ITA, actions, cycle, ministry comparison) are chosen by the caller;
a part without data gets no section of its own but one line on the summary, so no slide or
page is empty. Each section keeps where its figures come from (the import batches and their
dates), which the deck puts in its speaker notes.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from analytics import ita as ita_rules
from analytics import report
from analytics.actions import count_actions
from analytics.calendar import format_date
from analytics.cycle import STANDARD_STEPS
from analytics.exports import NoDataError
from analytics.i18n import t
from analytics.palette import (
    ACTION_STATUS_COLOURS,
    BAND_COLOURS,
    BAND_PATTERNS,
    BAND_SYMBOLS,
    KPI_STATUS_COLOURS,
    KPI_STATUS_SYMBOLS,
    NEUTRAL,
    PRIMARY,
)
from analytics.store import Store

STATUS_ORDER = ("done", "in_progress", "not_started", "cancelled")
STEP_NAMES_EN = {no: en for no, _th, en, _days in STANDARD_STEPS}
PARTS = ("kpi", "ita", "actions", "cycle", "comparison")
DEFAULT_PARTS = PARTS
MAX_OVERDUE_ROWS = 12  # three slides at most
OTHER_UNITS = "#a6b8cc"  # the ministry's other units beside the highlighted one
STATUS_SYMBOLS = {"done": "✔", "in_progress": "◐", "not_started": "○", "cancelled": "⊘"}
SOURCE_TABLES = {
    "kpi": ("kpis", "kpi_results"),
    "ita": ("ita_summaries", "ita_indicators", "ita_questions"),
    "actions": ("actions",),
    "cycle": ("cycle_steps",),
    "comparison": ("ita_summaries", "kpis", "kpi_results"),
}


def parse_parts(value: str | Iterable[str] | None) -> tuple[str, ...]:
    """The parts asked for, in the deck's order: from "kpi,ita" or a list; None or "" gives the default.

    An unknown part raises ValueError naming it and the parts there are.
    """
    if value is None:
        return DEFAULT_PARTS
    items = [p.strip().lower() for p in (value.split(",") if isinstance(value, str) else value)]
    items = [p for p in items if p]
    if not items:
        return DEFAULT_PARTS
    unknown = [p for p in items if p not in PARTS]
    if unknown:
        raise ValueError(", ".join(unknown))
    return tuple(p for p in PARTS if p in items)


@dataclass(frozen=True)
class Tile:
    """One headline figure: a label, the value as shown, a note under it, the value's colour."""

    label: str
    value: str
    note: str = ""
    colour: str | None = None


@dataclass(frozen=True)
class Series:
    name: str
    values: list[float | None]
    colour: str = PRIMARY
    point_colours: list[str] | None = None
    point_patterns: list[str] | None = None  # "", "/" or "x" per point (the palette's band patterns)


@dataclass(frozen=True)
class Chart:
    """A bar chart: the deck draws it as a native PowerPoint chart, the PDF with Plotly."""

    title: str
    categories: list[str]
    series: list[Series]
    decimals: int
    value_title: str = ""
    category_title: str = ""
    horizontal: bool = True
    maximum: float | None = None
    legend: bool = False
    bold_category: int | None = None  # the highlighted unit's row in a ranking


@dataclass(frozen=True)
class Column:
    header: str
    width_in: float  # width on a 16:9 slide; the PDF uses the widths as proportions
    align: str = "left"
    max_lines: int = 1  # on a slide, longer text is shortened to this many lines


@dataclass
class Table:
    columns: list[Column]
    rows: list[list[str]]
    colours: dict[tuple[int, int], str] = field(default_factory=dict)  # (row, column) -> text colour


@dataclass(frozen=True)
class Note:
    """A line beside a chart; a marker (a symbol in a colour) keys it to the chart's colours."""

    text: str
    colour: str | None = None
    bold: bool = False
    marker: tuple[str, str] | None = None


@dataclass
class Section:
    key: str
    title: str
    part: str = ""
    tiles: list[Tile] = field(default_factory=list)
    chart: Chart | None = None
    chart2: Chart | None = None  # a second chart beside the first (the ministry comparison)
    notes: list[Note] = field(default_factory=list)
    notes_title: str = ""
    table: Table | None = None
    sources: list[str] = field(default_factory=list)  # where the figures come from (speaker notes)


@dataclass
class Briefing:
    lang: str
    org_code: str
    org_name: str
    org_abbr: str
    fiscal_year: int
    round: int
    today: dt.date
    sections: list[Section]
    parts: tuple[str, ...] = DEFAULT_PARTS
    missing: list[str] = field(default_factory=list)  # one line per part asked for that has no data

    def t(self, key: str, **params: Any) -> str:
        return t(key, self.lang, **params)

    @property
    def as_of(self) -> str:
        return format_date(self.today, self.lang)

    @property
    def title(self) -> str:
        return self.t("exp.doc_title")

    @property
    def subtitle(self) -> str:
        return self.t("exp.doc_subtitle", year=self.fiscal_year, months=self.round)

    @property
    def source_line(self) -> str:
        return self.t("exp.source", date=self.as_of)

    @property
    def header_line(self) -> str:
        """Unit, year, round and data date: the PDF's page header."""
        unit = self.org_abbr if self.lang == "th" else self.org_code
        return self.t("exp.header", unit=unit, year=self.fiscal_year, months=self.round, date=self.as_of)


def num(value: Any, decimals: int = 2) -> str:
    """A number as the dashboard shows it: separators, fixed decimals, an en dash when missing."""
    if value is None or value is pd.NA or (isinstance(value, float) and pd.isna(value)):
        return "–"
    return f"{float(value):,.{decimals}f}"


def signed(value: Any, decimals: int = 2) -> str:
    if value is None or value is pd.NA or (isinstance(value, float) and pd.isna(value)):
        return "–"
    return f"{float(value):+,.{decimals}f}"


def _text(value: Any) -> str:
    if value is None or value is pd.NA or (isinstance(value, float) and pd.isna(value)):
        return ""
    return " ".join(str(value).split())


def _date(value: Any, lang: str) -> str:
    if value is None or value is pd.NA or (not isinstance(value, dt.date) and pd.isna(value)):
        return "–"
    day = value.date() if isinstance(value, (pd.Timestamp, dt.datetime)) else value
    return format_date(day, lang)


def source_lines(b: Briefing, batches: pd.DataFrame) -> list[str]:
    """One line per import batch: the file, its batch number, when and by whom it was imported."""
    lines = []
    for r in batches.itertuples():
        when = pd.Timestamp(r.created_at)
        lines.append(b.t("exp.source_batch", file=_text(r.file_name), batch=int(r.batch_id),
                         date=format_date(when.date(), b.lang), time=when.strftime("%H:%M"), actor=_text(r.actor)))
    return lines


# -- the data, read once -----------------------------------------------------------------------------
@dataclass
class _Data:
    kpi: report.KpiReport | None
    prev: float | None
    ita: report.ItaReport | None
    counts: dict[str, int]
    actions: pd.DataFrame
    overdue: pd.DataFrame
    cycle: pd.DataFrame | None
    measures: pd.DataFrame
    ministry: str | None


# -- sections ---------------------------------------------------------------------------------------
def _overview(b: Briefing, d: _Data) -> Section:
    tr = b.t
    tiles: list[Tile] = []
    year = b.fiscal_year
    kpi, ita, counts = d.kpi, d.ita, d.counts
    if "kpi" in b.parts and kpi is not None and kpi.composite is not None:
        scale = tr("exp.scale_5") if kpi.scheme == "5-level" else tr("exp.scale_100")
        tiles.append(Tile(tr("exp.tile_composite"), num(kpi.composite, 4), scale, PRIMARY))
        change = None if d.prev is None else kpi.composite - d.prev
        tiles.append(Tile(tr("exp.change", year=year - 1), signed(change, 4),
                          tr("exp.prev_value", year=year - 1, value=num(d.prev, 4)) if d.prev is not None
                          else tr("exp.no_prev", year=year - 1)))
    if "ita" in b.parts and ita is not None and ita.overall is not None:
        s = ita.summary or {}
        band = ita.band or ita_rules.IMPROVE
        rating = ita.rating or ""
        rating_text = tr(f"rating.{rating}") if rating in ("pass", "excellent", "fail") else rating
        tiles.append(Tile(tr("exp.tile_ita"), num(ita.overall, 2),
                          f"{BAND_SYMBOLS[band]} {tr(f'band.{band}')} · {rating_text}", BAND_COLOURS[band]))
        if s.get("rank_ministry") is not None and not pd.isna(s.get("rank_ministry")):
            group = (tr("exp.rank_group_note", rank=int(s["rank_group"]), size=int(s["group_size"]))
                     if s.get("rank_group") is not None and not pd.isna(s.get("rank_group")) else "")
            tiles.append(Tile(tr("exp.tile_rank_ministry"),
                              tr("exp.rank_of", rank=int(s["rank_ministry"]), size=int(s["ministry_size"])), group))
        dist = ita_rules.distances(ita.overall)
        tiles.append(Tile(tr("exp.tile_to_maintain"), signed(dist.to_maintain, 2),
                          tr("exp.to_pass_target", to_pass=signed(dist.to_pass, 2), to_target=signed(dist.to_target, 2)),
                          BAND_COLOURS["improve"] if dist.to_maintain < 0 else BAND_COLOURS["maintain"]))
    if "actions" in b.parts and counts.get("total"):
        tiles.append(Tile(tr("exp.actions_done"), tr("exp.n_of", n=counts["done"], total=counts["total"]),
                          tr("exp.actions_rest", in_progress=counts["in_progress"], not_started=counts["not_started"]),
                          ACTION_STATUS_COLOURS["done"]))
        tiles.append(Tile(tr("exp.overdue_tile"), f"{counts['overdue']:,}",
                          tr("exp.overdue_note", open=counts["not_started"] + counts["in_progress"], date=b.as_of),
                          ACTION_STATUS_COLOURS["overdue"] if counts["overdue"] else None))
    if "cycle" in b.parts and d.cycle is not None:
        done = [int(a) for a in d.cycle["actual_days"] if not pd.isna(a)]
        late = int(d.cycle["late"].sum())
        tiles.append(Tile(tr("exp.tile_cycle"), tr("exp.days_value", n=sum(done)),
                          tr("exp.cycle_tile_note", standard=int(d.cycle["standard_days"].sum()), late=late),
                          BAND_COLOURS["improve"] if late else None))
    notes = [Note(line, NEUTRAL) for line in b.missing]
    return Section("overview", tr("exp.sec_overview"), "overview", tiles=tiles, notes=notes,
                   notes_title=tr("exp.missing_title") if notes else "")


def _dimensions(b: Briefing, kpi: report.KpiReport) -> Section | None:
    tr = b.t
    title = tr("exp.sec_dimensions", months=b.round)
    dims = kpi.dimensions
    if dims.empty:
        return None
    top = 5.0 if kpi.scheme == "5-level" else 100.0
    categories = [tr("exp.dim_label", dim=d.dimension, name=_text(d.name)).strip() for d in dims.itertuples()]
    values = [None if pd.isna(d.score) else float(d.score) for d in dims.itertuples()]
    chart = Chart(title, categories, [Series(tr("exp.score_axis"), values, PRIMARY)], decimals=2,
                  value_title=tr("exp.score_axis"), maximum=top)
    notes = [Note(tr("exp.dim_note", dim=d.dimension, weight=num(d.weight, 2), score=num(d.score, 4)))
             for d in dims.itertuples()]
    if kpi.composite is not None:
        scale = tr("exp.scale_5") if kpi.scheme == "5-level" else tr("exp.scale_100")
        notes.insert(0, Note(tr("exp.composite_note", value=num(kpi.composite, 4), scale=scale), PRIMARY, True))
    if kpi.has_cancelled:
        notes.append(Note(tr("exp.cancelled_note")))
    return Section("dimensions", title, "kpi", chart=chart, notes=notes)


def kpi_state(row: Any) -> str:
    """on_target, below_target, no_result or cancelled: the palette's KPI statuses."""
    if row.status == "cancelled":
        return "cancelled"
    if pd.isna(row.score):
        return "no_result"
    return "below_target" if bool(row.below_target) else "on_target"


def _kpis(b: Briefing, kpi: report.KpiReport) -> Section:
    tr = b.t
    title = tr("exp.sec_kpis", months=b.round)
    columns = [
        Column(tr("exp.col_code"), 0.8, "center"),
        Column(tr("exp.col_name"), 4.75, max_lines=2),
        Column(tr("exp.col_weight"), 1.0, "right"),
        Column(tr("exp.col_result"), 1.4, "right"),
        Column(tr("exp.col_target"), 1.3, "right"),
        Column(tr("exp.col_score"), 1.3, "right"),
        Column(tr("exp.col_status"), 1.75, max_lines=2),
    ]
    rows: list[list[str]] = []
    colours: dict[tuple[int, int], str] = {}
    for i, r in enumerate(kpi.kpis.itertuples()):
        state = kpi_state(r)
        rows.append([_text(r.kpi_code), _text(r.kpi_name), num(r.weight, 2), num(r.result, 2), num(r.target, 2),
                     num(r.score, 4),
                     f"{KPI_STATUS_SYMBOLS[state]} {tr(f'exp.kpi_{state}')}"])
        colours[(i, 6)] = KPI_STATUS_COLOURS[state]
    return Section("kpis", title, "kpi", table=Table(columns, rows, colours))


def indicator_name(no: int, lang: str) -> str:
    names = ita_rules.INDICATOR_NAMES_TH if lang == "th" else ita_rules.INDICATOR_NAMES_EN
    return names.get(no, str(no))


def _ita(b: Briefing, ita: report.ItaReport, measures: pd.DataFrame) -> Section | None:
    tr = b.t
    title = tr("exp.sec_ita")
    if ita.indicators.empty:
        return None
    ind = ita.indicators
    bands = [str(x) for x in ind["band"]]
    categories = [tr("exp.indicator_label", no=int(n), name=indicator_name(int(n), b.lang)) for n in ind["indicator_no"]]
    values = [round(float(s), 2) for s in ind["score"]]
    series = Series(tr("exp.tile_ita"), list(values), PRIMARY, [BAND_COLOURS[x] for x in bands],
                    [BAND_PATTERNS[x] for x in bands])
    chart = Chart(title, categories, [series], decimals=2, value_title=tr("exp.score_axis"), maximum=100.0)
    notes: list[Note] = []
    if ita.overall is not None:
        band = ita.band or ita_rules.IMPROVE
        rating = ita.rating or ""
        notes.append(Note(tr("exp.ita_overall_note", value=num(ita.overall, 2), band=tr(f"band.{band}"),
                             rating=tr(f"rating.{rating}") if rating in ("pass", "excellent", "fail") else rating),
                          BAND_COLOURS[band], True))
    for band in ita_rules.BANDS:
        notes.append(Note(tr("exp.band_legend", band=tr(f"band.{band}"), range=tr(f"exp.band_range.{band}"),
                             n=bands.count(band)), marker=(BAND_SYMBOLS[band], BAND_COLOURS[band])))
    q = ita.questions
    bare = [int(n) for n, band in zip(ind["indicator_no"], bands, strict=True)
            if band == ita_rules.IMPROVE and (q.empty or not (q["indicator_no"] == n).any())
            and (measures.empty or not (measures["indicator_no"] == n).any())]
    if bare:
        notes.append(Note(tr("exp.improve_bare", nos=", ".join(str(n) for n in bare)), BAND_COLOURS["improve"]))
    if ita.recomputed is not None:
        notes.append(Note(tr("exp.recomputed", value=num(ita.recomputed, 2))))
    if len(q) and q["label_mismatch"].any():
        codes = ", ".join(str(c) for c in q.loc[q["label_mismatch"], "question_code"])
        notes.append(Note(tr("exp.label_mismatch", codes=codes)))
    return Section("ita", title, "ita", chart=chart, notes=notes)


def measure_text(action: str) -> tuple[str, str]:
    """A measure row as (the measure, the step): the importers join them with an en dash."""
    head, sep, tail = action.partition(" – ")
    return (head, tail) if sep else ("", action)


def _improve_indicators(b: Briefing, ita: report.ItaReport, measures: pd.DataFrame) -> list[Section]:
    """One section per indicator in the improve band: its weak questions beside its measures."""
    tr = b.t
    sections = []
    q = ita.questions
    for r in ita.indicators.itertuples():
        if r.band != ita_rules.IMPROVE:
            continue
        no = int(r.indicator_no)
        title = tr("exp.sec_indicator", no=no, name=indicator_name(no, b.lang), score=num(r.score, 2))
        weak = q[(q["indicator_no"] == no) & (q["band"] != ita_rules.MAINTAIN)] if len(q) else q
        table = None
        if len(weak):
            columns = [Column(tr("exp.col_question"), 0.75, "center"), Column(tr("exp.col_score"), 1.0, "right"),
                       Column(tr("exp.col_question_text"), 5.05, max_lines=2)]
            rows, colours = [], {}
            for i, w in enumerate(weak.sort_values("score").itertuples()):
                rows.append([_text(w.question_code), num(w.score, 2), _text(w.question_text) or "–"])
                colours[(i, 1)] = BAND_COLOURS[str(w.band)]
            table = Table(columns, rows, colours)
        mine = measures[measures["indicator_no"] == no] if len(measures) else measures
        if table is None and mine.empty:
            continue  # nothing to put on it: the ITA chart's notes name it instead
        notes: list[Note] = []
        if len(mine):
            year = int(mine["fiscal_year"].max())
            mine = mine[mine["fiscal_year"] == year]
            notes_title = tr("exp.measures_title", year=year)
            last_head = None
            for m in mine.itertuples():
                head, step = measure_text(_text(m.action))
                if head and head != last_head:
                    notes.append(Note(head, PRIMARY, True))
                    last_head = head
                status = str(m.status)
                notes.append(Note(f"{_text(m.action_no)} {step}".strip(),
                                  marker=(STATUS_SYMBOLS.get(status, "•"), ACTION_STATUS_COLOURS.get(status, NEUTRAL))))
        else:
            notes_title = tr("exp.measures_title_none")
            notes.append(Note(tr("exp.no_measures", year=b.fiscal_year + 1), NEUTRAL))
        recs = [(str(w.question_code), _text(w.recommendation)) for w in weak.itertuples()
                if _text(w.recommendation) not in ("", "-", "–")] if len(weak) else []
        for code, rec in recs[:1]:
            notes.append(Note(tr("exp.recommendation_note", code=code, text=rec), NEUTRAL))
        sections.append(Section(f"ita_indicator_{no}", title, "ita", table=table, notes=notes, notes_title=notes_title))
    return sections


def _questions(b: Briefing, ita: report.ItaReport) -> Section | None:
    """Questions in the improve band under indicators that are not (theirs have a slide each)."""
    tr = b.t
    q = ita.questions
    if q.empty:
        return None
    improve_ind = {int(n) for n, band in zip(ita.indicators["indicator_no"], ita.indicators["band"], strict=True)
                   if band == ita_rules.IMPROVE}
    weak = q[(q["band"] == ita_rules.IMPROVE) & ~q["indicator_no"].astype(int).isin(improve_ind)]
    if weak.empty:
        return None
    columns = [
        Column(tr("exp.col_question"), 0.75, "center"),
        Column(tr("exp.col_indicator"), 2.4, max_lines=2),
        Column(tr("exp.col_score"), 1.0, "right"),
        Column(tr("exp.col_question_text"), 3.6, max_lines=3),
        Column(tr("exp.col_recommendation"), 4.45, max_lines=3),
    ]
    rows: list[list[str]] = []
    colours: dict[tuple[int, int], str] = {}
    for i, r in enumerate(weak.itertuples()):
        rec = _text(r.recommendation)
        rows.append([_text(r.question_code), tr("exp.indicator_label", no=int(r.indicator_no),
                                                name=indicator_name(int(r.indicator_no), b.lang)),
                     num(r.score, 2), _text(r.question_text),
                     rec if rec and rec not in ("-", "–") else tr("exp.no_recommendation")])
        colours[(i, 2)] = BAND_COLOURS[ita_rules.IMPROVE]
    return Section("ita_questions", tr("exp.sec_questions"), "ita", table=Table(columns, rows, colours))


def _actions(b: Briefing, counts: dict[str, int], actions: pd.DataFrame) -> Section:
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
    return t(key, lang, ref=_text(ref)) if key else _text(ref)


def _overdue(b: Briefing, overdue: pd.DataFrame) -> Section | None:
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
        rows.append([action_ref(r.source, r.ref, b.lang), _text(r.action), _text(r.owner_main), _date(due, b.lang),
                     f"{late:,}" if late is not None else "–", num(r.progress, 0)])
        colours[(i, 4)] = ACTION_STATUS_COLOURS["overdue"]
    if len(rows) > MAX_OVERDUE_ROWS:  # a meeting sees the oldest; the action-plan page lists them all
        more = len(rows) - MAX_OVERDUE_ROWS + 1
        rows = rows[:MAX_OVERDUE_ROWS - 1] + [["", tr("exp.more_overdue", n=more), "", "", "", ""]]
    return Section("overdue", tr("exp.sec_overdue"), "actions", table=Table(columns, rows, colours))


def _cycle(b: Briefing, cycle: pd.DataFrame) -> Section:
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
            name = _text(r.step_name) if b.lang == "th" else STEP_NAMES_EN.get(int(r.step_no), _text(r.step_name))
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
    return (_text(row.abbr_th) or str(row.org_code)) if lang == "th" else str(row.org_code)


def _comparison(b: Briefing, store: Store, ministry: str | None) -> tuple[Section | None, list[str]]:
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


def resolve_org(store: Store, org: str) -> str | None:
    """An org code from a code, a Thai abbreviation (with or without dots) or a name."""
    lookup = store.org_lookup()
    return lookup.get(org.strip().lower()) or lookup.get(org.replace(".", "").strip().lower())


def _read(store: Store, code: str, year: int, round_: int, today: dt.date, ministry: str | None) -> _Data:
    kpi = report.kpi_report(store, code, year, round_)
    prev_frame = report.composites_for(store, [code], [year - 1], round_)
    prev = float(prev_frame["composite"].iloc[0]) if len(prev_frame) and pd.notna(prev_frame["composite"].iloc[0]) \
        else None
    ita = report.ita_report(store, code, year)
    counts = count_actions(store, code, year, today).as_dict()
    cycle = report.cycle_report(store, code, year)
    return _Data(kpi, prev, ita, counts, store.actions(code, year), store.overdue_actions(code, year, today), cycle,
                 store.ita_measures(code, [year, year + 1]), ministry)


def build_briefing(store: Store, org: str, year: int, round_: int = 12, lang: str = "th",
                   today: dt.date | None = None, parts: Sequence[str] | None = None) -> Briefing:
    """Everything the deck and the PDF show for one organisation, fiscal year (BE) and round.

    parts: which of PARTS to include (all by default); one without data becomes a line on the summary.
    """
    today = today or dt.date.today()
    wanted = parse_parts(parts)
    code = resolve_org(store, org)
    if code is None:
        raise NoDataError(t("exp.unknown_org", "en", org=org), t("exp.unknown_org", "th", org=org))
    info = store.org(code) or {}
    d = _read(store, code, year, round_, today, _text(info.get("ministry")) or None)
    if d.kpi is None and d.ita is None and not d.counts["total"] and d.cycle is None:
        raise NoDataError(t("exp.no_data", "en", org=code, year=year), t("exp.no_data", "th", org=code, year=year))
    name = _text(info.get("name_th")) if lang == "th" else _text(info.get("name_en") or info.get("name_th"))
    b = Briefing(lang, code, name or code, _text(info.get("abbr_th")) or code, year, round_, today, [], wanted)
    tr = b.t
    sections: list[Section] = []
    if "comparison" in wanted:
        section, compared = _comparison(b, store, d.ministry)
        if section is None:
            b.missing.append(tr("exp.no_comparison", year=year))
        else:
            section.sources = compared
            sections.append(section)
    if "kpi" in wanted:
        if d.kpi is None:
            b.missing.append(tr("exp.no_kpi", year=year))
        else:
            sections += [s for s in (_dimensions(b, d.kpi), _kpis(b, d.kpi)) if s is not None]
    if "ita" in wanted:
        if d.ita is None:
            b.missing.append(tr("exp.no_ita", year=year))
        else:
            found = [s for s in [_ita(b, d.ita, d.measures), *_improve_indicators(b, d.ita, d.measures), _questions(b, d.ita)]
                     if s is not None]
            if not found:
                b.missing.append(tr("exp.no_ita_detail", year=year))
            sections += found
    if "actions" in wanted:
        if not d.counts["total"]:
            b.missing.append(tr("exp.no_actions", year=year))
        else:
            sections += [s for s in (_actions(b, d.counts, d.actions), _overdue(b, d.overdue)) if s is not None]
    if "cycle" in wanted:
        if d.cycle is None:
            b.missing.append(tr("exp.no_cycle", year=year))
        else:
            sections.append(_cycle(b, d.cycle))
    overview = _overview(b, d)
    cache: dict[str, list[str]] = {}
    for s in [overview, *sections]:
        if s.sources:
            continue
        parts_used = [s.part] if s.part in SOURCE_TABLES else [p for p in wanted if p != "comparison"]
        lines: list[str] = []
        for p in parts_used:
            if p not in cache:
                cache[p] = source_lines(b, store.data_sources(SOURCE_TABLES[p], [code], [year]))
            lines += [line for line in cache[p] if line not in lines]
        if s.key.startswith("ita_indicator_"):  # its measures are actions, of this plan year or the next
            if "measures" not in cache:
                cache["measures"] = source_lines(b, store.data_sources(("actions",), [code], [year, year + 1]))
            lines += [line for line in cache["measures"] if line not in lines]
        s.sources = lines
    b.sections = [overview, *sections]
    return b


def section_part_titles(b: Briefing) -> list[str]:
    """The parts the briefing holds (asked for and with data), in its language: the PDF cover lists them."""
    held = {s.part for s in b.sections}
    return [b.t(f"exp.part.{p}") for p in b.parts if p in held]
