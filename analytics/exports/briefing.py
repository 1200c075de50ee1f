"""What the meeting deck and the PDF briefing show, gathered once from analytics.report.

A Briefing is a list of sections, each with figures (tiles), a chart, notes and a table, all
already formatted in the chosen language. The deck (deck.py) and the PDF (pdf.py) only lay
them out, so the two always carry the same numbers, and those are the dashboard's: the same
report functions, the same decimals (4 for KPI scores, 2 for ITA scores and results).
"""

from __future__ import annotations

import datetime as dt
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
    tiles: list[Tile] = field(default_factory=list)
    chart: Chart | None = None
    notes: list[Note] = field(default_factory=list)
    table: Table | None = None
    empty: str | None = None  # what is missing, when the section has no data


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


# -- sections ---------------------------------------------------------------------------------------
def _overview(b: Briefing, kpi: report.KpiReport | None, prev: float | None, ita: report.ItaReport | None,
              counts: dict[str, int]) -> Section:
    tr = b.t
    tiles: list[Tile] = []
    year = b.fiscal_year
    if kpi is not None and kpi.composite is not None:
        scale = tr("exp.scale_5") if kpi.scheme == "5-level" else tr("exp.scale_100")
        tiles.append(Tile(tr("exp.tile_composite"), num(kpi.composite, 4), scale, PRIMARY))
        change = None if prev is None else kpi.composite - prev
        tiles.append(Tile(tr("exp.change", year=year - 1), signed(change, 4),
                          tr("exp.prev_value", year=year - 1, value=num(prev, 4)) if prev is not None
                          else tr("exp.no_prev", year=year - 1)))
    else:
        tiles.append(Tile(tr("exp.tile_composite"), "–", tr("exp.no_kpi", year=year)))
        tiles.append(Tile(tr("exp.change", year=year - 1), "–"))
    if ita is not None and ita.overall is not None:
        s = ita.summary or {}
        band = ita.band or ita_rules.IMPROVE
        tiles.append(Tile(tr("exp.tile_ita"), num(ita.overall, 2),
                          tr("exp.recomputed_short", value=num(ita.recomputed, 2)) if ita.recomputed is not None else "",
                          BAND_COLOURS[band]))
        tiles.append(Tile(tr("exp.tile_band"), f"{BAND_SYMBOLS[band]} {tr(f'band.{band}')}", tr(f"exp.band_range.{band}"),
                          BAND_COLOURS[band]))
        rating = ita.rating or ""
        tiles.append(Tile(tr("exp.tile_rating"), tr(f"rating.{rating}") if rating in ("pass", "excellent", "fail") else rating))
        for label, rank, size in (("exp.tile_rank_ministry", "rank_ministry", "ministry_size"),
                                  ("exp.tile_rank_group", "rank_group", "group_size")):
            if s.get(rank) is not None and s.get(size) is not None and not pd.isna(s.get(rank)):
                tiles.append(Tile(tr(label), tr("exp.rank_of", rank=int(s[rank]), size=int(s[size]))))
            else:
                tiles.append(Tile(tr(label), "–"))
        dist = ita_rules.distances(ita.overall)
        for label, value in (("exp.tile_to_pass", dist.to_pass), ("exp.tile_to_target", dist.to_target),
                             ("exp.tile_to_maintain", dist.to_maintain)):
            tiles.append(Tile(tr(label), signed(value, 2), colour=BAND_COLOURS["improve"] if value < 0 else None))
    else:
        tiles.append(Tile(tr("exp.tile_ita"), "–", tr("exp.no_ita", year=year)))
    if counts.get("total"):
        tiles.append(Tile(tr("exp.actions_done"), tr("exp.n_of", n=counts["done"], total=counts["total"]),
                          tr("exp.actions_rest", in_progress=counts["in_progress"], not_started=counts["not_started"]),
                          ACTION_STATUS_COLOURS["done"]))
        tiles.append(Tile(tr("exp.overdue_tile"), f"{counts['overdue']:,}", tr("exp.overdue_note", date=b.as_of),
                          ACTION_STATUS_COLOURS["overdue"] if counts["overdue"] else None))
    else:
        tiles.append(Tile(tr("exp.tile_actions"), "–", tr("exp.no_actions", year=year)))
    return Section("overview", tr("exp.sec_overview"), tiles=tiles)


def _dimensions(b: Briefing, kpi: report.KpiReport | None) -> Section:
    tr = b.t
    title = tr("exp.sec_dimensions", months=b.round)
    if kpi is None or kpi.dimensions.empty:
        return Section("dimensions", title, empty=tr("exp.no_kpi", year=b.fiscal_year))
    dims = kpi.dimensions
    top = 5.0 if kpi.scheme == "5-level" else 100.0
    categories = [tr("exp.dim_label", dim=d.dimension, name=_text(d.name)).strip() for d in dims.itertuples()]
    values = [None if pd.isna(d.score) else float(d.score) for d in dims.itertuples()]
    chart = Chart(title, categories, [Series(tr("exp.score_axis"), values, PRIMARY)], decimals=4,
                  value_title=tr("exp.score_axis"), maximum=top)
    notes = [Note(tr("exp.dim_note", dim=d.dimension, weight=num(d.weight, 2), score=num(d.score, 4)))
             for d in dims.itertuples()]
    if kpi.composite is not None:
        scale = tr("exp.scale_5") if kpi.scheme == "5-level" else tr("exp.scale_100")
        notes.insert(0, Note(tr("exp.composite_note", value=num(kpi.composite, 4), scale=scale), PRIMARY, True))
    if kpi.has_cancelled:
        notes.append(Note(tr("exp.cancelled_note")))
    return Section("dimensions", title, chart=chart, notes=notes)


def kpi_state(row: Any) -> str:
    """on_target, below_target, no_result or cancelled: the palette's KPI statuses."""
    if row.status == "cancelled":
        return "cancelled"
    if pd.isna(row.score):
        return "no_result"
    return "below_target" if bool(row.below_target) else "on_target"


def _kpis(b: Briefing, kpi: report.KpiReport | None) -> Section:
    tr = b.t
    title = tr("exp.sec_kpis", months=b.round)
    if kpi is None or kpi.kpis.empty:
        return Section("kpis", title, empty=tr("exp.no_kpi", year=b.fiscal_year))
    columns = [
        Column(tr("exp.col_code"), 0.75, "center"),
        Column(tr("exp.col_name"), 4.1, max_lines=2),
        Column(tr("exp.col_weight"), 0.8, "right"),
        Column(tr("exp.col_unit"), 1.35, max_lines=2),
        Column(tr("exp.col_result"), 1.1, "right"),
        Column(tr("exp.col_target"), 1.05, "right"),
        Column(tr("exp.col_score"), 0.95, "right"),
        Column(tr("exp.col_weighted"), 1.05, "right"),
        Column(tr("exp.col_status"), 1.15, max_lines=2),
    ]
    rows: list[list[str]] = []
    colours: dict[tuple[int, int], str] = {}
    for i, r in enumerate(kpi.kpis.itertuples()):
        state = kpi_state(r)
        rows.append([_text(r.kpi_code), _text(r.kpi_name), num(r.weight, 2), _text(r.unit), num(r.result, 2),
                     num(r.target, 2), num(r.score, 4), num(r.weighted, 4),
                     f"{KPI_STATUS_SYMBOLS[state]} {tr(f'exp.kpi_{state}')}"])
        colours[(i, 8)] = KPI_STATUS_COLOURS[state]
    return Section("kpis", title, table=Table(columns, rows, colours))


def indicator_name(no: int, lang: str) -> str:
    names = ita_rules.INDICATOR_NAMES_TH if lang == "th" else ita_rules.INDICATOR_NAMES_EN
    return names.get(no, str(no))


def _ita(b: Briefing, ita: report.ItaReport | None) -> Section:
    tr = b.t
    title = tr("exp.sec_ita")
    if ita is None or ita.indicators.empty:
        return Section("ita", title, empty=tr("exp.no_ita", year=b.fiscal_year))
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
    if ita.recomputed is not None:
        notes.append(Note(tr("exp.recomputed", value=num(ita.recomputed, 2))))
    q = ita.questions
    if len(q) and q["label_mismatch"].any():
        codes = ", ".join(str(c) for c in q.loc[q["label_mismatch"], "question_code"])
        notes.append(Note(tr("exp.label_mismatch", codes=codes)))
    return Section("ita", title, chart=chart, notes=notes)


def _questions(b: Briefing, ita: report.ItaReport | None) -> Section:
    tr = b.t
    title = tr("exp.sec_questions")
    if ita is None or ita.questions.empty:
        return Section("ita_questions", title, empty=tr("exp.no_ita", year=b.fiscal_year))
    weak = ita.questions[ita.questions["band"] == ita_rules.IMPROVE]
    if weak.empty:
        return Section("ita_questions", title, empty=tr("exp.no_questions"))
    columns = [
        Column(tr("exp.col_question"), 0.7, "center"),
        Column(tr("exp.col_indicator"), 2.1, max_lines=2),
        Column(tr("exp.col_score"), 0.85, "right"),
        Column(tr("exp.col_question_text"), 3.45, max_lines=4),
        Column(tr("exp.col_recommendation"), 5.2, max_lines=6),
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
    return Section("ita_questions", title, table=Table(columns, rows, colours))


def _actions(b: Briefing, counts: dict[str, int], actions: pd.DataFrame) -> Section:
    tr = b.t
    title = tr("exp.sec_actions")
    if not counts.get("total"):
        return Section("actions", title, empty=tr("exp.no_actions", year=b.fiscal_year))
    categories = [tr(f"status.{s}") for s in STATUS_ORDER]
    values: list[float | None] = [float(counts[s]) for s in STATUS_ORDER]
    chart = Chart(title, categories, [Series(tr("exp.count_axis"), values, PRIMARY,
                                             [ACTION_STATUS_COLOURS[s] for s in STATUS_ORDER])],
                  decimals=0, value_title=tr("exp.count_axis"), horizontal=False)
    notes = [Note(tr("exp.actions_total", n=counts["total"]), PRIMARY, True)]
    notes += [Note(f"{tr(f'status.{s}')}: {counts[s]:,}", marker=("■", ACTION_STATUS_COLOURS[s]))
              for s in STATUS_ORDER]
    notes.append(Note(tr("exp.overdue_count", n=counts["overdue"], date=b.as_of),
                      ACTION_STATUS_COLOURS["overdue"] if counts["overdue"] else None, bool(counts["overdue"])))
    active = actions[actions["status"] != "cancelled"]["progress"].dropna()
    if len(active):
        notes.append(Note(tr("exp.avg_progress", value=num(active.mean(), 0))))
    return Section("actions", title, chart=chart, notes=notes)


def action_ref(source: Any, ref: Any, lang: str) -> str:
    key = {"ita": "exp.ref_ita", "pmqa": "exp.ref_pmqa", "kpi": "exp.ref_kpi"}.get(str(source))
    return t(key, lang, ref=_text(ref)) if key else _text(ref)


def _overdue(b: Briefing, overdue: pd.DataFrame, has_actions: bool) -> Section | None:
    tr = b.t
    if not has_actions:
        return None
    title = tr("exp.sec_overdue")
    if overdue.empty:
        return Section("overdue", title, empty=tr("exp.no_overdue", date=b.as_of))
    columns = [
        Column(tr("exp.col_ref"), 1.55, max_lines=2),
        Column(tr("exp.col_action"), 4.1, max_lines=3),
        Column(tr("exp.col_owner"), 2.3, max_lines=2),
        Column(tr("exp.col_due"), 1.25),
        Column(tr("exp.col_days_late"), 0.95, "right"),
        Column(tr("exp.col_status"), 1.2, max_lines=2),
        Column(tr("exp.col_progress"), 0.95, "right"),
    ]
    rows: list[list[str]] = []
    colours: dict[tuple[int, int], str] = {}
    for i, r in enumerate(overdue.itertuples()):
        due = pd.Timestamp(r.due_date).date() if pd.notna(r.due_date) else None
        late = (b.today - due).days if due is not None else None
        rows.append([action_ref(r.source, r.ref, b.lang), _text(r.action), _text(r.owner_main), _date(due, b.lang),
                     f"{late:,}" if late is not None else "–", tr(f"status.{r.status}"), num(r.progress, 0)])
        colours[(i, 4)] = ACTION_STATUS_COLOURS["overdue"]
    return Section("overdue", title, table=Table(columns, rows, colours))


def _cycle(b: Briefing, cycle: pd.DataFrame | None) -> Section:
    tr = b.t
    title = tr("exp.sec_cycle")
    if cycle is None or cycle.empty:
        return Section("cycle", title, empty=tr("exp.no_cycle", year=b.fiscal_year))
    late_colour = BAND_COLOURS["improve"]
    categories = [str(int(n)) for n in cycle["step_no"]]
    standard: list[float | None] = [float(d) for d in cycle["standard_days"]]
    actual: list[float | None] = [None if pd.isna(a) else float(a) for a in cycle["actual_days"]]
    late = [bool(x) for x in cycle["late"]]
    chart = Chart(title, categories, [
        Series(tr("exp.step_standard"), standard, "#9dc3e6"),
        Series(tr("exp.step_actual"), actual, PRIMARY, [late_colour if x else PRIMARY for x in late]),
    ], decimals=0, value_title=tr("exp.days_axis"), category_title=tr("exp.step_axis"), horizontal=False, legend=True)
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
    return Section("cycle", title, chart=chart, notes=notes)


def resolve_org(store: Store, org: str) -> str | None:
    """An org code from a code, a Thai abbreviation (with or without dots) or a name."""
    lookup = store.org_lookup()
    return lookup.get(org.strip().lower()) or lookup.get(org.replace(".", "").strip().lower())


def build_briefing(store: Store, org: str, year: int, round_: int = 12, lang: str = "th",
                   today: dt.date | None = None) -> Briefing:
    """Everything the deck and the PDF show for one organisation, fiscal year (BE) and round."""
    today = today or dt.date.today()
    code = resolve_org(store, org)
    if code is None:
        raise NoDataError(t("exp.unknown_org", "en", org=org), t("exp.unknown_org", "th", org=org))
    info = store.org(code) or {}
    kpi = report.kpi_report(store, code, year, round_)
    prev_frame = report.composites_for(store, [code], [year - 1], round_)
    prev = float(prev_frame["composite"].iloc[0]) if len(prev_frame) and pd.notna(prev_frame["composite"].iloc[0]) \
        else None
    ita = report.ita_report(store, code, year)
    counts = count_actions(store, code, year, today).as_dict()
    cycle = report.cycle_report(store, code, year)
    if kpi is None and ita is None and not counts["total"] and cycle is None:
        raise NoDataError(t("exp.no_data", "en", org=code, year=year), t("exp.no_data", "th", org=code, year=year))
    actions = store.actions(code, year)
    overdue = store.overdue_actions(code, year, today)
    name = _text(info.get("name_th")) if lang == "th" else _text(info.get("name_en") or info.get("name_th"))
    b = Briefing(lang, code, name or code, _text(info.get("abbr_th")) or code, year, round_, today, [])
    sections = [_overview(b, kpi, prev, ita, counts), _dimensions(b, kpi), _kpis(b, kpi), _ita(b, ita),
                _questions(b, ita), _actions(b, counts, actions), _overdue(b, overdue, bool(counts["total"])),
                _cycle(b, cycle)]
    kept = [s for s in sections if s is not None]
    # Two sections missing the same data (no KPIs: dimensions and the KPI table) say so once.
    b.sections = [s for i, s in enumerate(kept) if not (s.empty is not None and i and kept[i - 1].empty == s.empty)]
    return b
