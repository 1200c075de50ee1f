"""Overview: where the department stands this year and what needs attention."""

import streamlit as st

from analytics import ita as ita_rules
from ui import data
from ui.auth import guard
from ui.common import band_badge, data_version, db_key, empty_state, fmt_date, fmt_num, fmt_signed, selection, today, tr
from ui.exports import meeting_buttons

guard("view")
sel = selection()
if sel.org is None or sel.year is None:
    empty_state("app.no_year")
    st.stop()

db, version = db_key(), data_version()
st.title(tr("ov.heading", year=sel.year))
st.caption(sel.org_label)
meeting_buttons(sel, deck_key="ov_deck", pdf_key="ov_pdf")

# -- KPI --------------------------------------------------------------------------------------
st.subheader(tr("ov.kpi", months=sel.round))
kpi = data.kpi_report(db, version, sel.org, sel.year, sel.round)
if kpi is None or kpi.composite is None:
    empty_state("ov.no_kpi", year=sel.year)
else:
    prev = data.composites(db, version, (sel.org,), (sel.year - 1,), sel.round)
    prev_value = float(prev["composite"].iloc[0]) if len(prev) else None
    delta = None if prev_value is None else kpi.composite - prev_value
    scale = tr("ov.scale_5") if kpi.scheme == "5-level" else tr("ov.scale_100")
    cols = st.columns(1 + len(kpi.dimensions))
    cols[0].metric(tr("ov.composite"), fmt_num(kpi.composite, 4),
                   None if delta is None else f"{fmt_signed(delta, 4)} {tr('ov.vs_prev', year=sel.year - 1)}",
                   help=scale)
    for col, dim in zip(cols[1:], kpi.dimensions.itertuples(), strict=False):
        col.metric(tr("ov.dimension", dim=dim.dimension), fmt_num(dim.score, 4),
                   help=f"{dim.name or ''} ({tr('ov.weight', weight=fmt_num(dim.weight, 2))})")
    if kpi.has_cancelled:
        st.caption(tr("ov.cancelled_note"))

# -- ITA --------------------------------------------------------------------------------------
st.subheader(tr("ov.ita"))
ita = data.ita_report(db, version, sel.org, sel.year)
if ita is None or ita.overall is None:
    empty_state("ov.no_ita", year=sel.year)
else:
    s = ita.summary or {}
    c1, c2, c3, c4 = st.columns(4)
    c1.metric(tr("ov.ita_overall"), fmt_num(ita.overall, 2))
    c1.markdown(f"{tr('ov.band')}: {band_badge(ita.band)}")
    rating = ita.rating or ""
    c2.metric(tr("ov.rating"), tr(f"rating.{rating}") if rating in ("pass", "excellent", "fail") else rating)
    if s.get("rank_ministry") is not None and s.get("ministry_size") is not None:
        c3.metric(tr("ov.rank_ministry"), tr("ov.rank_of", rank=int(s["rank_ministry"]), size=int(s["ministry_size"])))
    if s.get("rank_group") is not None and s.get("group_size") is not None:
        c4.metric(tr("ov.rank_group"), tr("ov.rank_of", rank=int(s["rank_group"]), size=int(s["group_size"])))
    dist = ita_rules.distances(ita.overall)
    d1, d2, d3 = st.columns(3)
    d1.metric(tr("ov.to_pass"), fmt_signed(dist.to_pass, 2))
    d2.metric(tr("ov.to_target"), fmt_signed(dist.to_target, 2))
    d3.metric(tr("ov.to_maintain"), fmt_signed(dist.to_maintain, 2))
    if ita.recomputed is not None:
        st.caption(tr("ov.recomputed", value=fmt_num(ita.recomputed, 2)))

# -- actions ----------------------------------------------------------------------------------
st.subheader(tr("ov.actions"))
counts = data.action_counts(db, version, sel.org, sel.year, today())
if not counts.total:
    empty_state("ov.no_actions", year=sel.year)
else:
    a0, a1, a2, a3, a4 = st.columns(5)
    a0.metric(tr("act.total"), f"{counts.total:,}")
    for col, status in zip((a1, a2, a3, a4), ("done", "in_progress", "not_started", "cancelled"), strict=True):
        late = getattr(counts, f"overdue_{status}", 0)
        col.metric(tr(f"status.{status}"), f"{getattr(counts, status):,}",
                   tr("act.of_which_overdue", n=f"{late:,}") if late else None, delta_color="red", delta_arrow="off")

# -- needs attention --------------------------------------------------------------------------
st.subheader(tr("ov.attention"))
below = kpi.kpis[kpi.kpis["below_target"]] if kpi is not None else None
weak = ita.questions[ita.questions["band"] == ita_rules.IMPROVE] if ita is not None and len(ita.questions) else None
overdue = data.overdue_actions(db, version, sel.org, sel.year, today())
if (below is None or below.empty) and (weak is None or weak.empty) and overdue.empty:
    st.success(tr("ov.attention_none"))
if below is not None and not below.empty:
    with st.expander(tr("ov.att_kpi", n=len(below)), expanded=True):
        for r in below.itertuples():
            st.markdown("- " + tr("ov.att_kpi_item", code=r.kpi_code, name=r.kpi_name, result=fmt_num(r.result, 2),
                                  target=fmt_num(r.target, 2)))
        st.page_link("pages/2_kpi.py", label=tr("ov.open_kpi"), icon=":material/track_changes:")
if weak is not None and not weak.empty:
    with st.expander(tr("ov.att_ita", n=len(weak)), expanded=True):
        for r in weak.itertuples():
            st.markdown("- " + tr("ov.att_ita_item", code=r.question_code, no=int(r.indicator_no),
                                  score=fmt_num(r.score, 2)))
        st.page_link("pages/3_ita.py", label=tr("ov.open_ita"), icon=":material/verified_user:")
if not overdue.empty:
    with st.expander(tr("ov.att_actions", n=len(overdue)), expanded=True):
        for r in overdue.itertuples():
            st.markdown("- " + tr("ov.att_action_item", ref=r.ref, action=r.action, due=fmt_date(r.due_date)))
        st.page_link("pages/5_actions.py", label=tr("ov.open_actions"), icon=":material/task_alt:")
