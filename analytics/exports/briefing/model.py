"""The briefing's model: its sections, tiles, charts, tables and notes, and how numbers are written.

See analytics/exports/briefing/__init__.py for what a briefing is."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from analytics import report
from analytics.calendar import format_date
from analytics.cycle import STANDARD_STEPS
from analytics.i18n import t
from analytics.palette import (
    PRIMARY,
)

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


def text_of(value: Any) -> str:
    if value is None or value is pd.NA or (isinstance(value, float) and pd.isna(value)):
        return ""
    return " ".join(str(value).split())


def date_text(value: Any, lang: str) -> str:
    if value is None or value is pd.NA or (not isinstance(value, dt.date) and pd.isna(value)):
        return "–"
    day = value.date() if isinstance(value, (pd.Timestamp, dt.datetime)) else value
    return format_date(day, lang)


def source_lines(b: Briefing, batches: pd.DataFrame) -> list[str]:
    """One line per import batch: the file, its batch number, when and by whom it was imported."""
    lines = []
    for r in batches.itertuples():
        when = pd.Timestamp(r.created_at)
        lines.append(b.t("exp.source_batch", file=text_of(r.file_name), batch=int(r.batch_id),
                         date=format_date(when.date(), b.lang), time=when.strftime("%H:%M"), actor=text_of(r.actor)))
    return lines


@dataclass
class BriefingData:
    """What one briefing needs from the store, read once (exports.briefing.read_data)."""

    kpi: report.KpiReport | None
    prev: float | None
    ita: report.ItaReport | None
    counts: dict[str, int]
    actions: pd.DataFrame
    overdue: pd.DataFrame
    cycle: pd.DataFrame | None
    measures: pd.DataFrame
    ministry: str | None

