"""The overview: the verdict, the attention list and the action counts, as analytics computes them."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from analytics import attention as att
from analytics.i18n import t
from analytics.store import Store
from analytics.verdict import Verdict, build_verdict
from tests.conftest import metrics, run_app

pytestmark = pytest.mark.usefixtures("app_env")
PAGE = "pages/1_overview.py"
TODAY = dt.date(2026, 11, 20)
DPIM_2568 = {"org": "DPIM", "year": "2568", "round": "12"}
OMIN_2568 = {"org": "OMIN", "year": "2568", "round": "12"}


def verdict(db: Path, org: str, year: int, round_: int = 12) -> Verdict:
    s = Store(db)
    try:
        return build_verdict(s, org, year, round_, TODAY)
    finally:
        s.close()


def texts(at) -> str:  # type: ignore[no-untyped-def]
    """Everything written on the page: markdown, captions, alerts and the page links' labels."""
    parts = [m.value for m in at.markdown] + [c.value for c in at.caption] + [w.value for w in at.warning]
    parts += [s.value for s in at.success] + [i.value for i in at.info]
    parts += [p.proto.label for p in at.get("page_link")]
    return "\n".join(parts)


def links(at) -> list[tuple[str, str, str]]:  # type: ignore[no-untyped-def]
    return [(p.proto.label, p.proto.page, p.proto.query_string) for p in at.get("page_link")]


@pytest.mark.parametrize("lang", ["th", "en"])
def test_the_verdict_sentence_and_its_figures(app_env: Path, lang: str) -> None:
    """DPIM FY2568: one sentence (composite and change, ITA band and pass, rank, items), then the figures."""
    v = verdict(app_env, "DPIM", 2568)
    at = run_app(PAGE, lang, DPIM_2568)
    assert not at.exception, at.exception
    assert at.markdown[0].value == f"#### {v.sentence(lang)}"
    shown = {m.label: m for m in at.metric}
    composite = shown[t("ov.composite", lang)]
    assert composite.value == f"{v.composite:,.4f}" and composite.delta.startswith(f"+{v.change:,.4f}")
    ita = shown[t("ov.ita_overall", lang)]
    assert ita.value == "94.23" and ita.delta == f"{t('band.develop', lang)} · {t('ov.m_pass', lang)}"
    rank = shown[t("ov.rank_ministry", lang)]
    assert rank.value == t("ov.rank_of", lang, rank=6, size=8) and rank.delta == t("ov.m_low_rank", lang)
    assert shown[t("ov.m_attention", lang)].value == str(v.attention.total)


def test_dimensions_by_name_with_status(app_env: Path) -> None:
    """Every dimension by its name, marked on target (✔) or below (✖), never just 'มิติ 1'."""
    v = verdict(app_env, "DPIM", 2568)
    at = run_app(PAGE, "th", DPIM_2568)
    badges = [m.value for m in at.markdown if "-badge[" in m.value]
    assert len(badges) == 4
    for d, badge in zip(v.dimensions, badges, strict=True):
        assert d.name in badge and f"{d.score:,.4f}" in badge
        assert badge.startswith(":green-badge[✔") if d.status == "on_target" else badge.startswith(":red-badge[✖")


def test_dimension_below_target_is_red(app_env: Path) -> None:
    v = verdict(app_env, "DPIM", 2567, 6)
    at = run_app(PAGE, "en", {"org": "DPIM", "year": "2567", "round": "6"})
    red = [m.value for m in at.markdown if m.value.startswith(":red-badge[✖")]
    assert len(red) == v.dimensions_below > 0


@pytest.mark.parametrize("lang", ["th", "en"])
def test_action_counts_add_up_on_the_overview(app_env: Path, lang: str) -> None:
    """'7 of 9 done' with 'of which 2 overdue': overdue is never a fifth status beside the others."""
    at = run_app(PAGE, lang, DPIM_2568)
    box = metrics(at)
    assert box[t("ov.m_actions", lang)] == t("ov.m_actions_of", lang, done="7", total="9")
    delta = next(m.delta for m in at.metric if m.label == t("ov.m_actions", lang))
    assert delta == t("ov.m_overdue", lang, n="2")
    assert t("status.overdue", lang) not in box


def test_the_attention_list_dpim(app_env: Path) -> None:
    """Each kind with its count; KPIs with name, result, target and owner; questions with text and measure;
    overdue actions with owner, due date and days; the low rank; each item links to its detail."""
    v = verdict(app_env, "DPIM", 2568)
    at = run_app(PAGE, "en", DPIM_2568)
    page = texts(at)
    assert at.subheader[0].value == t("ov.att_heading", "en", n=v.attention.total)
    for group in v.attention.groups:
        if group.total:
            assert f"**{t(f'ov.att_group.{group.kind}', 'en', n=group.total)}**" in page
    found = links(at)
    for item in v.attention.group(att.KPI).items:
        f = item.facts
        assert (f"{f['code']} {f['name']}", "kpi", f"org=DPIM&year=2568&round=12&lang=en&kpi={f['code']}") in found
        assert f"target {f['target']:,.4f}".rstrip("0").rstrip(".") in page and f["owner"] in page
    ita = v.attention.group(att.ITA)
    assert ita.total > 5
    shown = [lab for lab, pg, _ in found if pg == "ita" and lab[0] in "ieo"]
    assert len(shown) == 5 and shown[0].startswith(ita.items[0].key) and ita.items[0].facts["text"] in shown[0]
    assert (t("ov.att_more", "en", n=ita.total), "ita", "org=DPIM&year=2568&round=12&lang=en&band=improve") in found
    assert "Answered by (FY2569): มาตรการ" in page
    assert "สำนักงานเลขานุการกรม · due " in page and "508 days overdue" in page
    assert "6 of 8 in the ministry (bottom third)" in page
    assert t("ov.att_none_complete", "en") not in page


def test_omin_missing_data_and_low_rank_never_all_clear(app_env: Path) -> None:
    """สร.อก. FY2568: no KPI data, no question scores, no plan, and 8 of 8: listed, never 'nothing needs attention'."""
    for lang in ("th", "en"):
        at = run_app(PAGE, lang, OMIN_2568)
        assert not at.exception
        warnings = [w.value for w in at.warning]
        assert warnings == [t("ov.att_missing.kpi_agreement", lang, year=2568, round=12),
                            t("ov.att_missing.ita_questions", lang, year=2568),
                            t("ov.att_missing.action_plan", lang, year=2568)]
        page = texts(at)
        assert t("ov.att_rank.ministry", lang, rank=8, size=8, overall="90.96") in page
        assert t("ov.att_none_complete", lang) not in page
        assert not at.success
        assert t("ov.v_attention", lang, n=5) in at.markdown[0].value
        assert t("ov.v_no_kpi", lang, year=2568, months=12) in at.markdown[0].value
        assert metrics(at)[t("ov.composite", lang)] == "–"


def test_data_as_of_names_each_kind(app_env: Path) -> None:
    at = run_app(PAGE, "en", OMIN_2568)
    as_of = next(c.value for c in at.caption if c.value.startswith(t("ov.as_of", "en")))
    assert t("ov.as_of_none", "en", kind=t("kind.kpi", "en")) in as_of
    assert t("kind.ita_summary", "en") + " " in as_of and "2026" in as_of


def test_trend_charts_are_drawn(app_env: Path) -> None:
    at = run_app(PAGE, "th", DPIM_2568)
    import json
    specs = [json.loads(el.proto.spec) for el in at.get("plotly_chart")]
    assert [s["layout"]["title"]["text"] for s in specs] == [t("ov.trend_composite", "th"), t("ov.trend_ita", "th")]


def test_a_unit_without_any_data_this_year_says_what_is_missing() -> None:
    at = run_app(PAGE, "en", {"org": "DLPW", "year": "2563"})
    assert not at.exception
    warnings = [w.value for w in at.warning]
    assert t("ov.att_missing.kpi_agreement", "en", year=2563, round=12) in warnings
    assert t("ov.att_missing.ita_result", "en", year=2563) in warnings


@pytest.mark.parametrize(("lang", "agrees"), [("th", "✔ ตรงกับคะแนนที่ประกาศ"), ("en", "✔ agrees with the published score")])
def test_recomputed_ita_beside_the_published_one(app_env: Path, lang: str, agrees: str) -> None:
    """DPIM FY2568: beside the published 94.23, the overall recomputed from the indicators (94.2274) shows as 94.23
    and agrees, in the ITA page's own words."""
    v = verdict(app_env, "DPIM", 2568)
    assert v.ita_overall == 94.23 and v.ita_recomputed == 94.2274
    at = run_app(PAGE, lang, DPIM_2568)
    assert not at.exception, at.exception
    assert {m.label: m.value for m in at.metric}[t("ov.ita_overall", lang)] == "94.23"
    assert f"{t('ita.recomputed', lang)} 94.23 · {agrees}" in [c.value for c in at.caption]


@pytest.mark.parametrize(("recomputed", "lang", "said"), [
    (94.2274, "th", "✔ ตรงกับคะแนนที่ประกาศ"), (94.2351, "th", "+0.01 จากที่ประกาศ"),
    (94.2049, "en", "-0.03 vs published"), (94.2349, "en", "✔ agrees with the published score")])
def test_recomputed_check_says_by_how_much_they_differ(recomputed: float, lang: str, said: str) -> None:
    """Made-up recomputed overalls against a published 94.23: agreeing at 2 decimals, or the difference."""
    from analytics.charts.ita import recomputed_check
    assert recomputed_check(recomputed, 94.23, lang) == said
