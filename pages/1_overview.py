"""Overview: a one-screen verdict on the unit, its dimensions and trends, and a truthful attention list."""

from __future__ import annotations

import streamlit as st

from analytics import attention as att
from analytics.charts.ita import indicator_name, recomputed_check
from analytics.charts.kpi import number, shorten
from analytics.charts.overview import composite_trend_chart, ita_trend_chart
from analytics.verdict import BELOW_TARGET, FRESHNESS_KINDS, NO_RESULT, ON_TARGET
from ui import data
from ui.auth import guard
from ui.common import data_version, db_key, empty_state, fmt_date, fmt_num, fmt_signed, selection, today, tr
from ui.exports import meeting_buttons

guard("view")
sel = selection()
if sel.org is None or sel.year is None:
    empty_state("app.no_year")
    st.stop()

db, version, day = db_key(), data_version(), today()
v = data.verdict(db, version, sel.org, sel.year, sel.round, day)
base = {"org": sel.org, "year": str(sel.year), "round": str(sel.round), "lang": sel.lang}

head, buttons = st.columns([3, 2], vertical_alignment="center")
head.title(tr("ov.heading", year=sel.year))
head.caption(sel.org_label)
with buttons:
    meeting_buttons(sel, deck_key="ov_deck", pdf_key="ov_pdf")

# -- the verdict: one sentence, then the figures behind it ------------------------------------------
with st.container(border=True, key="ov_verdict"):
    st.markdown(f"#### {v.sentence(sel.lang)}")
    m = st.columns(5)
    if v.composite is None:
        m[0].metric(tr("ov.composite"), "–", tr("ov.m_no_data"), delta_color="off",
                    delta_arrow="off")
    else:
        m[0].metric(tr("ov.composite"), fmt_num(v.composite, 4),
                    None if v.change is None else f"{fmt_signed(v.change, 4)} {tr('ov.vs_prev', year=sel.year - 1)}",
                    help=tr("ov.m_composite", months=sel.round) + " · "
                    + (tr("ov.scale_5") if v.scheme == "5-level" else tr("ov.scale_100")))
    if v.ita_overall is None:
        m[1].metric(tr("ov.ita_overall"), "–", tr("ov.m_no_data"), delta_color="off", delta_arrow="off")
    else:
        band_colour = {"maintain": "green", "develop": "orange", "improve": "red"}[v.ita_band or "improve"]
        m[1].metric(tr("ov.ita_overall"), fmt_num(v.ita_overall, 2),
                    f"{tr(f'band.{v.ita_band}')} · {tr('ov.m_pass') if v.passed else tr('ov.m_fail')}",
                    delta_color=band_colour, delta_arrow="off")
        if v.ita_recomputed is not None:
            m[1].caption(f"{tr('ita.recomputed')} {fmt_num(v.ita_recomputed, 2)} · "
                         f"{recomputed_check(v.ita_recomputed, v.ita_overall, sel.lang)}")
    if v.rank_ministry is not None and v.ministry_size is not None:
        low = att.is_low_rank(v.rank_ministry, v.ministry_size)
        m[2].metric(tr("ov.rank_ministry"), tr("ov.rank_of", rank=v.rank_ministry, size=v.ministry_size),
                    tr("ov.m_low_rank") if low else None, delta_color="red", delta_arrow="off")
    else:
        m[2].metric(tr("ov.rank_ministry"), "–")
    if v.actions.total:
        m[3].metric(tr("ov.m_actions"), tr("ov.m_actions_of", done=f"{v.actions.done:,}", total=f"{v.actions.total:,}"),
                    tr("ov.m_overdue", n=f"{v.actions.overdue:,}") if v.actions.overdue else None,
                    delta_color="red", delta_arrow="off")
    else:
        m[3].metric(tr("ov.m_actions"), "–", tr("ov.m_no_data"), delta_color="off", delta_arrow="off")
    m[4].metric(tr("ov.m_attention"), f"{v.attention.total:,}")

    # the dimensions by name, coloured and marked against the target score
    if v.dimensions:
        target = v.dimensions[0].target
        st.caption(tr("ov.dims", target=number(target) if target is not None else "–"))
        marks = {ON_TARGET: ("green", "✔"), BELOW_TARGET: ("red", "✖"), NO_RESULT: ("gray", "…")}
        with st.container(horizontal=True, gap="small", key="ov_dims"):
            for d in v.dimensions:
                colour, mark = marks[d.status]
                score = "–" if d.score is None else fmt_num(d.score, 4)
                st.badge(f"{mark} {tr('ov.dim_chip', dim=d.dimension, name=d.name, score=score)}", color=colour,
                         help=f"{tr(f'ov.dim_status.{d.status}')} · {tr('ov.weight', weight=fmt_num(d.weight, 2))}")


# -- the attention list (left) and the trends (right) -----------------------------------------------
def _link(page: str, label: str, key_params: dict[str, str], icon: str | None = None) -> None:
    st.page_link(page, label=label, query_params={**base, **key_params}, icon=icon)


def _group_header(group: att.Group) -> None:
    st.markdown(f"**{tr(f'ov.att_group.{group.kind}', n=group.total)}**")


def _see_all(group: att.Group, page: str, params: dict[str, str]) -> None:
    if group.more:
        _link(page, tr("ov.att_more", n=group.total), params, icon=":material/arrow_forward:")


def _missing(group: att.Group) -> None:
    for item in group.shown:
        f = dict(item.facts)
        if "codes" in f:
            f["codes"] = ", ".join(f["codes"])
        st.warning(tr(f"ov.att_missing.{item.key}", **f), icon=":material/report:")
    from ui.common import _may_upload
    if _may_upload():
        _link("pages/7_upload.py", tr("ov.att_upload"), {}, icon=":material/upload:")


def _rank(group: att.Group) -> None:
    for item in group.shown:
        f = item.facts
        st.markdown("- " + tr(f"ov.att_rank.{item.key}", rank=f["rank"], size=f["size"],
                              overall=fmt_num(f["overall"], 2)))
    _link("pages/4_compare.py", tr("ov.att_compare"), {}, icon=":material/leaderboard:")


def _kpis(group: att.Group) -> None:
    for item in group.shown:
        f = item.facts
        _link("pages/2_kpi.py", f"{f['code']} {f['name']}", {"kpi": f["code"]})
        st.caption(tr("ov.att_kpi_line", result=number(f["result"]), target=number(f["target"]),
                      unit=f" {f['unit']}" if f["unit"] else "", owner=f["owner"] or tr("ov.att_no_owner")))
    _see_all(group, "pages/2_kpi.py", {})


def _ita(group: att.Group) -> None:
    for item in group.shown:
        f = item.facts
        _link("pages/3_ita.py", f"{f['code']} {f['text'] or ''}".strip(), {"indicator": str(f["indicator"])})
        line = tr("ov.att_ita_line", no=f["indicator"], indicator=indicator_name(f["indicator"], sel.lang)
                  .split(" ", 1)[-1], score=fmt_num(f["score"], 2))
        if f["measure"]:
            more = tr("ov.att_ita_more_measures", n=f["measures"] - 1) if f["measures"] > 1 else ""
            line += "  \n" + tr("ov.att_ita_measure", year=f["measure_year"], measure=shorten(f["measure"], 160)) + more
        else:
            line += "  \n" + tr("ov.att_ita_no_measure")
        st.caption(line)
    _see_all(group, "pages/3_ita.py", {"band": "improve"})


def _actions(group: att.Group) -> None:
    for item in group.shown:
        f = item.facts
        _link("pages/5_actions.py", f["action"], {"tab": "overdue"})
        st.caption(tr("ov.att_action_line", owner=f["owner"] or tr("ov.att_no_owner"), due=fmt_date(f["due"]),
                      days=f"{f['days']:,}"))
    _see_all(group, "pages/5_actions.py", {"tab": "overdue"})


RENDER = {att.MISSING: _missing, att.RANK: _rank, att.KPI: _kpis, att.ITA: _ita, att.ACTIONS: _actions}

left, right = st.columns([3, 2], gap="medium")
with left:
    st.subheader(tr("ov.att_heading", n=v.attention.total))
    if not v.attention.total:
        # Only when every kind of data is in: missing data is itself an item, so it never reads "all clear".
        st.success(tr("ov.att_none_complete"))
    for group in v.attention.groups:
        if group.total:
            with st.container(border=True, key=f"ov_att_{group.kind}"):
                _group_header(group)
                RENDER[group.kind](group)

with right:
    st.subheader(tr("ov.trends"))
    trend = data.composite_trend(db, version, sel.org)
    if v.scheme is not None and (trend["scheme"] == v.scheme).any():
        st.plotly_chart(composite_trend_chart(trend, sel.lang, v.scheme, sel.year, sel.round), key="ov_trend_kpi",
                        config={"displayModeBar": False})
        other = sorted({int(y) for y in trend.loc[trend["scheme"] != v.scheme, "fiscal_year"]})
        if other:
            st.caption(tr("ov.trend_other_scale", years=", ".join(map(str, other))))
    history = data.ita_history(db, version, sel.org)
    if len(history.dropna(subset=["overall"])):
        st.plotly_chart(ita_trend_chart(history, sel.lang, sel.year), key="ov_trend_ita",
                        config={"displayModeBar": False})
    if (v.scheme is None or not (trend["scheme"] == v.scheme).any()) and history.empty:
        st.info(tr("ov.trend_none"))

# -- how fresh the data is ----------------------------------------------------------------------------
stamps = [tr("ov.as_of_item", kind=tr(f"kind.{k}"), date=fmt_date(v.freshness[k])) if v.freshness.get(k)
          else tr("ov.as_of_none", kind=tr(f"kind.{k}")) for k in FRESHNESS_KINDS]
st.caption(f"{tr('ov.as_of')}: " + " · ".join(stamps))
