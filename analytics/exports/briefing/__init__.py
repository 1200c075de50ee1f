"""What the meeting deck and the PDF briefing show, gathered once from analytics.report.

A Briefing is a list of sections, each with figures (tiles), one or two charts, notes and a
table, all already formatted in the chosen language. The deck (deck.py) and the PDF (pdf.py)
only lay them out, so the two always carry the same numbers, and those are the dashboard's: the
same report functions, the same decimals (4 for KPI scores, 2 for ITA scores and results).

The parts to include (KPI, ITA, actions, cycle, ministry comparison) are chosen by the caller;
a part without data gets no section of its own but one line on the summary, so no slide or
page is empty. Each section keeps where its figures come from (the import batches and their
dates), which the deck puts in its speaker notes.

A package: `model` (the sections' parts and number formats), `results` (summary, KPI, ITA), `plans`
(actions, overdue, cycle, ministry comparison), and here the reading and the assembly.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

import pandas as pd

from analytics import report
from analytics.actions import count_actions
from analytics.exports import NoDataError
from analytics.exports.briefing.model import (
    DEFAULT_PARTS,
    PARTS,
    SOURCE_TABLES,
    Briefing,
    BriefingData,
    Chart,
    Column,
    Note,
    Section,
    Series,
    Table,
    Tile,
    parse_parts,
    source_lines,
    text_of,
)
from analytics.exports.briefing.plans import actions_section, comparison_section, cycle_section, overdue_section
from analytics.exports.briefing.results import (
    dimensions_section,
    improve_sections,
    ita_section,
    kpis_section,
    overview_section,
    questions_section,
)
from analytics.i18n import t
from analytics.store import Store

__all__ = ["DEFAULT_PARTS", "PARTS", "Briefing", "Chart", "Column", "Note", "Section", "Series", "Table", "Tile",
           "build_briefing", "parse_parts", "resolve_org", "section_part_titles"]




def resolve_org(store: Store, org: str) -> str | None:
    """An org code from a code, a Thai abbreviation (with or without dots) or a name."""
    lookup = store.org_lookup()
    return lookup.get(org.strip().lower()) or lookup.get(org.replace(".", "").strip().lower())


def read_data(store: Store, code: str, year: int, round_: int, today: dt.date, ministry: str | None) -> BriefingData:
    kpi = report.kpi_report(store, code, year, round_)
    prev_frame = report.composites_for(store, [code], [year - 1], round_)
    prev = float(prev_frame["composite"].iloc[0]) if len(prev_frame) and pd.notna(prev_frame["composite"].iloc[0]) \
        else None
    ita = report.ita_report(store, code, year)
    counts = count_actions(store, code, year, today).as_dict()
    cycle = report.cycle_report(store, code, year)
    return BriefingData(kpi, prev, ita, counts, store.actions(code, year), store.overdue_actions(code, year, today), cycle,
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
    d = read_data(store, code, year, round_, today, text_of(info.get("ministry")) or None)
    if d.kpi is None and d.ita is None and not d.counts["total"] and d.cycle is None:
        raise NoDataError(t("exp.no_data", "en", org=code, year=year), t("exp.no_data", "th", org=code, year=year))
    name = text_of(info.get("name_th")) if lang == "th" else text_of(info.get("name_en") or info.get("name_th"))
    b = Briefing(lang, code, name or code, text_of(info.get("abbr_th")) or code, year, round_, today, [], wanted)
    tr = b.t
    sections: list[Section] = []
    if "comparison" in wanted:
        section, compared = comparison_section(b, store, d.ministry)
        if section is None:
            b.missing.append(tr("exp.no_comparison", year=year))
        else:
            section.sources = compared
            sections.append(section)
    if "kpi" in wanted:
        if d.kpi is None:
            b.missing.append(tr("exp.no_kpi", year=year))
        else:
            sections += [s for s in (dimensions_section(b, d.kpi), kpis_section(b, d.kpi)) if s is not None]
    if "ita" in wanted:
        if d.ita is None:
            b.missing.append(tr("exp.no_ita", year=year))
        else:
            found = [s for s in [ita_section(b, d.ita, d.measures), *improve_sections(b, d.ita, d.measures), questions_section(b, d.ita)]
                     if s is not None]
            if not found:
                b.missing.append(tr("exp.no_ita_detail", year=year))
            sections += found
    if "actions" in wanted:
        if not d.counts["total"]:
            b.missing.append(tr("exp.no_actions", year=year))
        else:
            sections += [s for s in (actions_section(b, d.counts, d.actions), overdue_section(b, d.overdue)) if s is not None]
    if "cycle" in wanted:
        if d.cycle is None:
            b.missing.append(tr("exp.no_cycle", year=year))
        else:
            sections.append(cycle_section(b, d.cycle))
    overview = overview_section(b, d)
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
