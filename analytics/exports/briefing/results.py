"""The sections on results: the summary, the KPI dimensions and scores, the ITA and its weak questions."""

from __future__ import annotations

from typing import Any

import pandas as pd

from analytics import ita as ita_rules
from analytics import report
from analytics.exports.briefing.model import (
    STATUS_SYMBOLS,
    Briefing,
    BriefingData,
    Chart,
    Column,
    Note,
    Section,
    Series,
    Table,
    Tile,
    num,
    signed,
    text_of,
)
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


def overview_section(b: Briefing, d: BriefingData) -> Section:
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


def dimensions_section(b: Briefing, kpi: report.KpiReport) -> Section | None:
    tr = b.t
    title = tr("exp.sec_dimensions", months=b.round)
    dims = kpi.dimensions
    if dims.empty:
        return None
    top = 5.0 if kpi.scheme == "5-level" else 100.0
    categories = [tr("exp.dim_label", dim=d.dimension, name=text_of(d.name)).strip() for d in dims.itertuples()]
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


def kpis_section(b: Briefing, kpi: report.KpiReport) -> Section:
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
        rows.append([text_of(r.kpi_code), text_of(r.kpi_name), num(r.weight, 2), num(r.result, 2), num(r.target, 2),
                     num(r.score, 4),
                     f"{KPI_STATUS_SYMBOLS[state]} {tr(f'exp.kpi_{state}')}"])
        colours[(i, 6)] = KPI_STATUS_COLOURS[state]
    return Section("kpis", title, "kpi", table=Table(columns, rows, colours))


def indicator_name(no: int, lang: str) -> str:
    names = ita_rules.INDICATOR_NAMES_TH if lang == "th" else ita_rules.INDICATOR_NAMES_EN
    return names.get(no, str(no))


def ita_section(b: Briefing, ita: report.ItaReport, measures: pd.DataFrame) -> Section | None:
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


def improve_sections(b: Briefing, ita: report.ItaReport, measures: pd.DataFrame) -> list[Section]:
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
                rows.append([text_of(w.question_code), num(w.score, 2), text_of(w.question_text) or "–"])
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
                head, step = measure_text(text_of(m.action))
                if head and head != last_head:
                    notes.append(Note(head, PRIMARY, True))
                    last_head = head
                status = str(m.status)
                notes.append(Note(f"{text_of(m.action_no)} {step}".strip(),
                                  marker=(STATUS_SYMBOLS.get(status, "•"), ACTION_STATUS_COLOURS.get(status, NEUTRAL))))
        else:
            notes_title = tr("exp.measures_title_none")
            notes.append(Note(tr("exp.no_measures", year=b.fiscal_year + 1), NEUTRAL))
        recs = [(str(w.question_code), text_of(w.recommendation)) for w in weak.itertuples()
                if text_of(w.recommendation) not in ("", "-", "–")] if len(weak) else []
        for code, rec in recs[:1]:
            notes.append(Note(tr("exp.recommendation_note", code=code, text=rec), NEUTRAL))
        sections.append(Section(f"ita_indicator_{no}", title, "ita", table=table, notes=notes, notes_title=notes_title))
    return sections


def questions_section(b: Briefing, ita: report.ItaReport) -> Section | None:
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
        rec = text_of(r.recommendation)
        rows.append([text_of(r.question_code), tr("exp.indicator_label", no=int(r.indicator_no),
                                                name=indicator_name(int(r.indicator_no), b.lang)),
                     num(r.score, 2), text_of(r.question_text),
                     rec if rec and rec not in ("-", "–") else tr("exp.no_recommendation")])
        colours[(i, 2)] = BAND_COLOURS[ita_rules.IMPROVE]
    return Section("ita_questions", tr("exp.sec_questions"), "ita", table=Table(columns, rows, colours))
