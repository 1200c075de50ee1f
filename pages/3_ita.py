"""ITA: the overall across years, the indicators by tool and band, the questions, and the measures that follow."""

import datetime as dt

import pandas as pd
import streamlit as st

from analytics import ita as ita_rules
from analytics.actions import is_overdue
from analytics.charts.base import file_stem
from analytics.charts.compare import unit_label
from analytics.charts.ita import band_text, history_chart, indicator_chart, indicator_name, recomputed_check
from analytics.palette import BAND_SYMBOLS
from ui import data
from ui.auth import guard
from ui.common import (
    chart,
    data_version,
    db_key,
    empty_state,
    fmt_date,
    fmt_num,
    goto,
    new_selection,
    selection,
    store,
    table,
    today,
    tr,
    url_keep,
    url_seed,
)

RATINGS = ("excellent", "pass", "fail")


@st.cache_data(show_spinner=False, max_entries=64)
def org_row(db: str, version: int, org: str) -> dict | None:
    return store().org(org)


@st.cache_data(show_spinner=False, max_entries=64)
def measures(db: str, version: int, org: str, years: tuple[int, ...]) -> pd.DataFrame:
    return store().ita_measures(org, list(years))


def rating_text(rating: str | None) -> str:
    if rating in RATINGS:
        return tr(f"rating.{rating}")
    return tr("ita.grade", grade=rating) if rating else "–"


def measure_table(steps: pd.DataFrame, day: dt.date) -> pd.DataFrame:
    """The steps of one plan year's measures as the page shows them."""
    parts = steps["action"].str.split(" – ", n=1, expand=True).reindex(columns=[0, 1])
    status = [tr(f"status.{s}") + (f" · ⚠ {tr('status.overdue')}" if is_overdue(
        None if pd.isna(d) else pd.Timestamp(d).date(), s, day) else "")
        for s, d in zip(steps["status"], steps["due_date"], strict=True)]
    table = pd.DataFrame({
        tr("ita.col.step"): steps["action_no"].fillna("").to_numpy(),
        tr("ita.col.measure"): parts[0].to_numpy(),
        tr("ita.col.action"): parts[1].fillna(parts[0]).to_numpy(),
        tr("ita.col.status"): status,
        tr("ita.col.owner_main"): steps["owner_main"].fillna("").to_numpy(),
        tr("ita.col.period"): [tr("ita.period", start=fmt_date(s), end=fmt_date(e))
                               for s, e in zip(steps["start_date"], steps["due_date"], strict=True)],
        tr("ita.col.owner_support"): steps["owner_support"].fillna("").to_numpy(),
        tr("ita.col.progress"): steps["progress"].to_numpy(),
    })
    if table[tr("ita.col.measure")].nunique() <= 1:
        table = table.drop(columns=[tr("ita.col.measure")])
    return table


def show_measures(steps: pd.DataFrame, key: str, name: str) -> None:
    """Per plan year: the measure, the finding it answers, and its steps (with an Excel download named name_YEAR)."""
    for year, of_year in steps.groupby("fiscal_year", sort=True):
        heads = of_year["action"].str.split(" – ", n=1).str[0].dropna().unique()
        st.markdown(f"**{tr('ita.measure_plan', year=int(year), prev=int(year) - 1)}** · " + " · ".join(heads))
        findings = of_year["note"].dropna().unique()
        if len(findings):
            st.caption(tr("ita.finding", text=" / ".join(findings)))
        steps_shown = measure_table(of_year, today())
        table(steps_shown, file_stem(name, int(year)), f"{key}_{int(year)}", {c: c for c in steps_shown.columns},
              {tr("ita.col.progress"): 0}, placeholder="–", title=tr("exp.xlsx_t_measures", year=int(year)),
              period=(int(year), None), column_config={
                  tr("ita.col.step"): st.column_config.TextColumn(width="small"),
                  tr("ita.col.action"): st.column_config.TextColumn(width="medium"),
                  tr("ita.col.progress"): st.column_config.ProgressColumn(min_value=0, max_value=100, format="%d"),
              })


guard("view")
sel = selection()
if sel.org is None or sel.year is None:
    empty_state("app.no_year")
    st.stop()

db, version, lang = db_key(), data_version(), sel.lang
org = org_row(db, version, sel.org) or {"org_code": sel.org}
abbr = unit_label(org, lang)
st.title(tr("ita.title", org=abbr, year=sel.year))
st.caption(tr("ita.subtitle", name=(org.get("name_th") if lang == "th" else org.get("name_en")) or sel.org_label))
ita = data.ita_report(db, version, sel.org, sel.year)
if ita is None:
    empty_state("ita.no_ita", year=sel.year)
    st.stop()

# -- headline: the published score stands; the recomputed one is a check --------------------
summary = ita.summary or {}
weights = ita_rules.tool_weights(sel.year)
weights_text = " / ".join(f"{tool} {fmt_num(weights[tool], 0)}" for tool in ita_rules.TOOLS)
c1, c2, c3 = st.columns([1, 1, 1.3])
r1, r2, r3 = st.columns([1, 1, 1.3])
if ita.overall is not None and ita.band is not None:
    c1.metric(tr("ita.published"), fmt_num(ita.overall, 2))
    if ita.recomputed is not None:
        c2.metric(tr("ita.recomputed"), fmt_num(ita.recomputed, 2), recomputed_check(ita.recomputed, ita.overall, lang),
                  delta_color="off", delta_arrow="off")
    c3.metric(tr("ita.band"), band_text(ita.band, lang))
    r3.metric(tr("ita.rating"), rating_text(ita.rating))
else:
    st.info(tr("ita.published_missing"))
if summary.get("rank_ministry") is not None and summary.get("ministry_size") is not None:
    r1.metric(tr("ita.rank_ministry"),
              tr("ita.rank_of", rank=int(summary["rank_ministry"]), size=int(summary["ministry_size"])))
if summary.get("rank_group") is not None and summary.get("group_size") is not None:
    r2.metric(tr("ita.rank_group"), tr("ita.rank_of", rank=int(summary["rank_group"]), size=int(summary["group_size"])))
if ita.recomputed is not None and ita.overall is not None:
    st.caption(tr("ita.recomputed_note", value=fmt_num(ita.recomputed, 4), weights=weights_text,
                  published=fmt_num(ita.overall, 2)))
elif not ita.indicators.empty:
    st.caption(tr("ita.recomputed_none"))
if sel.year <= ita_rules.LETTER_GRADES_UNTIL:
    st.caption(tr("ita.rating_letter_note"))
st.caption(tr("ita.bands_legend"))

# -- the overall across years ----------------------------------------------------------------
st.subheader(tr("ita.history"))
history = data.ita_history(db, version, sel.org)
if history.empty:
    empty_state("ita.published_missing", upload=False)
else:
    chart(history_chart(history, lang, abbr, sel.year), file_stem(sel.org, sel.year, "ita", "history"),
          key="ita_history_chart")
    if len(history) == 1:
        st.caption(tr("ita.history_one"))

# -- indicators by tool and band -------------------------------------------------------------
st.subheader(tr("ita.indicators"))
indicators = ita.indicators
if indicators.empty:
    empty_state("ita.no_indicators", upload=False)
else:
    picked = chart(indicator_chart(indicators, lang, sel.year), file_stem(sel.org, sel.year, "ita", "indicators"),
                   key="ita_indicators_chart", clickable=True)
    data_ = picked[0].get("customdata") if picked else None
    if isinstance(data_, list) and len(data_) > 2:
        # An indicator's bar: its questions in the table below and its measures opened.
        goto(ita_indicator_filter=[int(data_[2])], ita_band_filter=[], ita_mismatch_only=False)
    st.caption(tr("ita.click_hint"))
    derived = [str(int(n)) for n, d in zip(indicators["indicator_no"], indicators["derived"], strict=True) if d]
    if derived:
        st.caption(tr("ita.derived_note", nos=", ".join(derived)))

# -- questions -------------------------------------------------------------------------------
st.subheader(tr("ita.questions"))
questions = ita.questions
if questions.empty:
    empty_state("ita.no_questions", upload=False)
else:
    flagged = questions[questions["label_mismatch"]]
    if len(flagged):
        items = "; ".join(tr("ita.mismatch_item", code=r.question_code, score=fmt_num(r.score, 2),
                             band=tr(f"band.{r.band}"), label=tr(f"band.{r.label_band}"))
                          for r in flagged.itertuples())
        st.warning(tr("ita.mismatch_summary", n=len(flagged), items=items))
    f1, f2, f3 = st.columns([1.6, 2.4, 2])
    indicator_nos = sorted(int(n) for n in questions["indicator_no"].unique())
    url_seed("band", "ita_band_filter", None,
             cast=lambda raw: [b for b in raw.split(",") if b in ita_rules.BANDS])
    url_seed("indicator", "ita_indicator_filter", None,
             cast=lambda raw: [int(n) for n in raw.split(",") if n.strip().isdigit() and int(n) in indicator_nos])
    bands = f1.multiselect(tr("ita.filter_band"), list(ita_rules.BANDS), key="ita_band_filter",
                           format_func=lambda b: band_text(b, lang), placeholder=tr("ita.filter_all"))
    numbers = f2.multiselect(tr("ita.filter_indicator"), indicator_nos,
                             key="ita_indicator_filter", format_func=lambda n: indicator_name(n, lang),
                             placeholder=tr("ita.filter_all"))
    f3.write("")
    only_flagged = f3.toggle(tr("ita.filter_mismatch"), key="ita_mismatch_only")
    url_keep("band", bands)
    url_keep("indicator", numbers)
    shown = questions
    if bands:
        shown = shown[shown["band"].isin(bands)]
    if numbers:
        shown = shown[shown["indicator_no"].isin(numbers)]
    if only_flagged:
        shown = shown[shown["label_mismatch"]]
    rows = pd.DataFrame({
        "code": shown["question_code"].to_numpy(),
        "question": shown["question_text"].fillna("").to_numpy(),
        "score": shown["score"].astype(float).to_numpy(),
        "band": [band_text(b, lang) if isinstance(b, str) else tr("ita.not_published") for b in shown["band"]],
        "flag": [tr("ita.flag_text", label=tr(f"band.{lb}"), band=tr(f"band.{b}")) if m else ""
                 for m, lb, b in zip(shown["label_mismatch"], shown["label_band"], shown["band"], strict=True)],
        "indicator": [indicator_name(int(n), lang) for n in shown["indicator_no"]],
        "recommendation": shown["recommendation"].fillna("").to_numpy(),
        "label": shown["analysis_label"].fillna("").to_numpy(),
    })
    headers = {col: tr(f"ita.col.{col}") for col in rows.columns}
    table(rows, file_stem(sel.org, sel.year, "ita", "questions"), "ita_questions_table", headers, {"score": 2}, title=tr("ita.questions"),
          column_config={
              "code": st.column_config.TextColumn(headers["code"], width="small", pinned=True),
              "score": st.column_config.NumberColumn(headers["score"], format="%.2f", width="small"),
              "flag": st.column_config.TextColumn(headers["flag"], width="medium"),
              "question": st.column_config.TextColumn(headers["question"], width="large"),
              "recommendation": st.column_config.TextColumn(headers["recommendation"], width="medium"),
              "label": st.column_config.TextColumn(headers["label"], width="medium"),
          }, placeholder="–", row_height=70,  # > 4rem: long questions wrap instead of being cut
          on_select="rerun", selection_mode="single-row")
    st.caption(tr("ita.rows_shown", shown=len(rows), total=len(questions)))
    st.caption(tr("ita.row_hint"))
    picked_rows = new_selection("ita_questions_table", "rows")
    if picked_rows and 0 <= int(picked_rows[0]) < len(shown):
        # A question's row, as its indicator's bar: that indicator's questions here and its measures opened.
        goto(ita_indicator_filter=[int(shown["indicator_no"].iloc[int(picked_rows[0])])], ita_band_filter=[],
             ita_mismatch_only=False)
    unpublished = questions.loc[~questions["published"], "question_code"].tolist()
    if unpublished:
        st.caption(tr("ita.unpublished_note", codes=", ".join(unpublished)))

# -- improvement measures of the indicators to develop or improve ----------------------------
st.subheader(tr("ita.measures"))
plan_years = (sel.year, sel.year + 1)
st.caption(tr("ita.measures_intro", year=sel.year, next=sel.year + 1))
steps_all = measures(db, version, sel.org, plan_years)
weak = indicators[indicators["band"] != ita_rules.MAINTAIN] if not indicators.empty else indicators
years_text = f"{plan_years[0]}–{plan_years[1]}"
if weak.empty:
    st.success(tr("ita.no_weak"))
elif steps_all.empty:
    empty_state("ita.no_measures_any", upload=False, years=years_text)
for r in weak.itertuples():
    no = int(r.indicator_no)
    steps = steps_all[steps_all["indicator_no"] == no]
    header = tr("ita.measure_header", symbol=BAND_SYMBOLS[r.band], no=no,
                name=(ita_rules.INDICATOR_NAMES_TH if lang == "th" else ita_rules.INDICATOR_NAMES_EN)[no],
                score=fmt_num(r.score, 2), band=tr(f"band.{r.band}"), n=len(steps))
    if steps_all.empty:
        st.markdown(f"- {header}")
        continue
    with st.expander(header, expanded=r.band == ita_rules.IMPROVE or no in st.session_state.get("ita_indicator_filter", [])):
        if steps.empty:
            st.info(tr("ita.no_measures", years=years_text))
        else:
            show_measures(steps, key=f"ita_measures_{no}", name=file_stem(sel.org, sel.year, "ita", "measures", no))
strong = set(indicators.loc[indicators["band"] == ita_rules.MAINTAIN, "indicator_no"].astype(int)) \
    if not indicators.empty else set()
others = steps_all[steps_all["indicator_no"].isin(strong)]
if len(others):
    with st.expander(tr("ita.measures_maintain", n=len(others)), expanded=False):
        for no, steps in others.groupby("indicator_no", sort=True):
            st.markdown(f"**{indicator_name(int(no), lang)}**")
            show_measures(steps, key=f"ita_measures_{int(no)}",
                          name=file_stem(sel.org, sel.year, "ita", "measures", int(no)))
