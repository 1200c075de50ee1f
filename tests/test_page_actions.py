"""The action-plan page and the store reads behind it: counts, filters, verdicts, and saving edits as a batch."""

from __future__ import annotations

import datetime as dt
import os
import re
from pathlib import Path

import pytest

from analytics.actions import count_actions
from analytics.auth import SYSTEM
from analytics.i18n import t
from analytics.store import Store
from tests.conftest import ACCOUNTS, run_app

PAGE = "pages/5_actions.py"
TODAY = dt.date(2026, 11, 20)  # PRAMERN_TODAY in app_env
DLPW = {"org": "DLPW", "year": "2563"}
DPIM = {"org": "DPIM", "year": "2568"}
COUNT_METRICS = {"status.done": "done", "status.in_progress": "in_progress", "status.not_started": "not_started",
                 "status.cancelled": "cancelled", "act.total": "total"}


def _metrics(at, lang: str = "th") -> dict[str, int]:  # type: ignore[no-untyped-def]
    from analytics.i18n import t
    shown = {m.label: m.value for m in at.metric}
    return {name: int(shown[t(key, lang)].replace(",", "")) for key, name in COUNT_METRICS.items()}


def _table_with(at, column: str):  # type: ignore[no-untyped-def]
    """The shown table that has this column (st.dataframe without selection carries no key)."""
    return next(d.value for d in at.dataframe if column in d.value.columns)


def _owner_units(owner_main: object) -> list[str]:
    """An independent reading of owner_main: units separated by commas or by ' และ'."""
    if not isinstance(owner_main, str) or not owner_main.strip():
        return []
    return [u for u in re.split(r"\s*,\s*|\s+และ\s*", owner_main.strip()) if u]


# -- store reads ---------------------------------------------------------------------------------------
def test_breakdowns_add_up_and_split_overdue_apart(demo_store: Store) -> None:
    """Per category and per level the groups add up to the total, and each action falls in one segment."""
    total = count_actions(demo_store, "DLPW", 2563, TODAY).as_dict()
    for by in ("source", "category", "level", "fiscal_year"):
        frame = demo_store.action_breakdown("DLPW", 2563, TODAY, by)
        assert frame["total"].sum() == total["total"], by
        assert frame["overdue"].sum() == total["overdue"], by
        segments = frame[["done", "in_progress_on_time", "not_started_on_time", "overdue", "cancelled"]].sum(axis=1)
        assert (segments == frame["total"]).all(), by


def test_category_is_the_pmqa_category_or_the_ita_indicator(demo_store: Store) -> None:
    """A PMQA item counts under its หมวด (the first number of ref); an ITA measure under its indicator."""
    pmqa = demo_store.action_breakdown("DLPW", 2563, TODAY, "category")
    rows = demo_store.actions("DLPW", 2563)
    expected = rows["ref"].str.split(".").str[0].value_counts()
    assert dict(zip(pmqa["category"], pmqa["total"], strict=True)) == expected.to_dict()
    assert list(pmqa["category"]) == ["1", "2", "3", "4", "5", "6"]
    ita = demo_store.action_breakdown("DPIM", 2568, TODAY, "category")
    assert dict(zip(ita["category"], ita["total"], strict=True)) == \
        demo_store.actions("DPIM", 2568)["ref"].value_counts().to_dict()


def test_levels_come_in_pmqa_order(demo_store: Store) -> None:
    """Levels are listed basic, advance, significance, then rows without a level."""
    levels = demo_store.action_breakdown("DLPW", 2563, TODAY, "level")
    assert list(levels["level"]) == ["basic", "advance", "significance", ""]
    assert list(levels["total"]) == [14, 59, 68, 5]


def test_owner_filter_and_unit_counts_match_an_independent_split(demo_store: Store) -> None:
    """An action counts under each of its main units; the owner filter picks the actions naming that unit."""
    rows = demo_store.actions("DLPW", 2563)
    units = demo_store.action_breakdown("DLPW", 2563, TODAY, "unit")
    for unit, total in zip(units["unit"], units["total"], strict=True):
        if not unit:
            assert total == sum(1 for o in rows["owner_main"] if not _owner_units(o))
            continue
        expected = sum(1 for o in rows["owner_main"] if unit in _owner_units(o))
        assert total == expected, unit
        assert count_actions(demo_store, "DLPW", 2563, TODAY, owner=unit).total == expected
    assert "กพร." in demo_store.action_units("DLPW", 2563)
    # a unit whose own name contains และ is not split
    assert "กองยุทธศาสตร์และแผนงาน" in demo_store.action_units("DPIM", 2568)


def test_source_filter(demo_store: Store) -> None:
    """Filtering by a source the org has none of gives nothing; by its own source gives everything."""
    assert count_actions(demo_store, "DLPW", 2563, TODAY, source="ita").total == 0
    assert count_actions(demo_store, "DLPW", 2563, TODAY, source="pmqa").total == 146
    assert demo_store.action_sources("DPIM") == ["ita"]


def test_unknown_grouping_is_refused(demo_store: Store) -> None:
    """A grouping outside the known ones never reaches SQL."""
    with pytest.raises(ValueError, match="by must be one of"):
        demo_store.action_breakdown("DLPW", 2563, TODAY, "status; DROP TABLE actions")


def test_assessed_levels_carry_verdict_and_reason(demo_store: Store) -> None:
    """Each assessed item and level has the assessor's verdict and, when failed, the reason (seed 003)."""
    levels = demo_store.assessed_levels("DLPW", 2563, TODAY)
    row = levels[(levels["ref"] == "1.1.3") & (levels["level"] == "advance")].iloc[0]
    assert row["assessor_result"] == "fail"
    assert row["assessor_reason"] == "ควรนำเสนอเทคโนโลยีที่โดดเด่น"
    assert (levels["assessor_result"] == "pass").sum() == 5
    assert levels["actions"].sum() == 146
    assert demo_store.assessed_levels("DPIM", 2568, TODAY).empty


# -- the page ------------------------------------------------------------------------------------------
@pytest.mark.usefixtures("app_env")
@pytest.mark.parametrize("lang", ["th", "en"])
@pytest.mark.parametrize("params", [DPIM, DLPW, {"org": "DPIM", "year": "2569"}, {"org": "DPIM", "year": "2567"}])
def test_page_runs_without_exception(lang: str, params: dict[str, str]) -> None:
    """The page renders in Thai and English for PMQA, ITA and empty years without an exception."""
    at = run_app(PAGE, lang, params)
    assert not at.exception, at.exception


@pytest.mark.parametrize(("params", "year"), [(DPIM, 2568), (DLPW, 2563)])
@pytest.mark.parametrize("lang", ["th", "en"])
def test_counts_shown_equal_action_counts(app_env: Path, params: dict[str, str], year: int, lang: str) -> None:
    """The metrics show count_actions: the four statuses add up to the total, overdue only "of which"."""
    at = run_app(PAGE, lang, params)
    assert not at.exception
    s = Store(app_env)
    expected = count_actions(s, params["org"], year, TODAY)
    s.close()
    shown = _metrics(at, lang)
    assert shown == {k: v for k, v in expected.as_dict().items() if k in shown}
    assert shown["done"] + shown["in_progress"] + shown["not_started"] + shown["cancelled"] == shown["total"]
    assert t("status.overdue", lang) not in {m.label for m in at.metric}
    deltas = {m.label: m.delta for m in at.metric}
    for status in ("in_progress", "not_started"):
        late = getattr(expected, f"overdue_{status}")
        assert deltas[t(f"status.{status}", lang)] == (t("act.of_which_overdue", lang, n=late) if late else None)
    if params is DPIM:
        assert (expected.total, expected.overdue) == (9, 2)
        text = " ".join(m.value for m in at.markdown)
        assert t("act.overdue_of_total", lang, n=2, total=9) in text


@pytest.mark.usefixtures("app_env")
def test_all_years_and_filters_change_the_counts() -> None:
    """'All years' counts every year; the owner filter narrows the counts to that unit's actions."""
    at = run_app(PAGE, "th", DPIM)
    at.toggle(key="act_all_years").set_value(True).run()
    assert not at.exception
    assert _metrics(at)["total"] == 78  # FY2568 9 + FY2569 69
    at = run_app(PAGE, "th", DLPW)
    at.selectbox(key="act_owner").set_value("กพร.").run()
    assert not at.exception
    assert _metrics(at)["total"] == 57
    at.selectbox(key="act_source").set_value("pmqa").run()
    assert _metrics(at)["total"] == 57


@pytest.mark.usefixtures("app_env")
def test_overdue_list_and_verdicts_are_shown() -> None:
    """The overdue tab lists the overdue actions; the verdict table shows each failed level with its reason."""
    at = run_app(PAGE, "th", DLPW)
    overdue = _table_with(at, "เกินมาแล้ว (วัน)")
    assert len(overdue) == 31
    verdicts = _table_with(at, "ผลผู้ตรวจประเมิน")
    failed = verdicts[verdicts["ผลผู้ตรวจประเมิน"] == "✖ ไม่ผ่าน"]
    assert len(failed) == len(verdicts) - 5
    assert "ควรนำเสนอเทคโนโลยีที่โดดเด่น" in set(failed["เหตุผล"])


def _rerun(at, lang: str):  # type: ignore[no-untyped-def]
    # After switch_page, AppTest does not carry the sidebar's widget state into the next run, so the
    # language would fall back to Thai; keep it as the user chose.
    at.session_state["sb_lang"] = lang
    return at


def _edit(at, row: int, lang: str = "th", **changes):  # type: ignore[no-untyped-def]
    at.session_state["act_editor"] = {"edited_rows": {row: changes}, "added_rows": [], "deleted_rows": []}
    _rerun(at, lang).run()
    return at


def test_saving_an_edit_makes_a_batch_that_undo_reverts(app_env: Path) -> None:
    """Saving a changed status stores only that row as an action_edit batch; undo brings the old status back."""
    at = run_app(PAGE, "th", DPIM, user="analyst")
    table = at.data_editor(key="act_editor").value
    first_id = int(table.index[0]) if table.index.name == "action_id" else int(table["action_id"].iloc[0])
    before = table["status"].iloc[0]
    assert before == "not_started"
    _edit(at, 0, status="done", progress=100)
    assert not at.exception
    at.button(key="act_save").click().run()
    assert not at.exception
    saved = [s.value for s in at.success if "ชุดข้อมูลหมายเลข" in s.value]
    assert saved, [s.value for s in at.success]

    s = Store(app_env)
    try:
        batch = s.batches()[0]
        assert batch.kind == "action_edit"
        assert batch.rows == 1
        assert batch.actor == ACCOUNTS["analyst"][0]
        assert str(batch.batch_id) in saved[0]
        row = s.actions("DPIM", 2568).set_index("action_id").loc[first_id]
        assert (row["status"], row["progress"]) == ("done", 100)
        assert count_actions(s, "DPIM", 2568, TODAY).overdue == 1
        s.undo(batch.batch_id, SYSTEM)
        row = s.actions("DPIM", 2568).set_index("action_id").loc[first_id]
        assert row["status"] == before
        assert count_actions(s, "DPIM", 2568, TODAY).overdue == 2
    finally:
        s.close()


@pytest.mark.parametrize(("lang", "message"), [("th", "ความคืบหน้าต้องเป็นตัวเลขตั้งแต่ 0 ถึง 100"),
                                               ("en", "Progress must be a number from 0 to 100")])
def test_progress_outside_0_100_is_refused(app_env: Path, lang: str, message: str) -> None:
    """A progress of 150 is refused with a message in the current language, and nothing is stored."""
    s = Store(app_env)
    batches = len(s.batches())
    s.close()
    at = run_app(PAGE, lang, DPIM, user="analyst")
    _edit(at, 1, lang, progress=150)
    _rerun(at, lang).button(key="act_save").click().run()
    assert not at.exception
    assert any(message in e.value for e in at.error), [e.value for e in at.error]
    s = Store(app_env)
    assert len(s.batches()) == batches
    s.close()


@pytest.mark.usefixtures("app_env")
def test_save_is_disabled_without_changes() -> None:
    """With nothing edited there is nothing to save."""
    at = run_app(PAGE, "th", DPIM, user="analyst")
    assert at.button(key="act_save").disabled


@pytest.mark.usefixtures("app_env")
@pytest.mark.parametrize("lang", ["th", "en"])
def test_every_grouping_and_schedule_view_renders(lang: str) -> None:
    """Each grouping of the summary and both schedule views render, also across all years."""
    at = run_app(PAGE, lang, DLPW)
    for group in ("category", "unit", "level"):
        _rerun(at, lang).radio(key="act_group_by").set_value(group).run()
        assert not at.exception, group
    _rerun(at, lang).radio(key="act_timeline_view").set_value("gantt").run()
    assert not at.exception
    at = run_app(PAGE, lang, DPIM)
    _rerun(at, lang).toggle(key="act_all_years").set_value(True).run()
    _rerun(at, lang).radio(key="act_group_by").set_value("fiscal_year").run()
    assert not at.exception


def _plan_table(at):  # type: ignore[no-untyped-def]
    """The plan table (read-only for a viewer): the last table with the action column (the overdue one comes first)."""
    return [d.value for d in at.dataframe if t("act.col_action", "en") in d.value.columns][-1]


@pytest.mark.usefixtures("app_env")
def test_a_link_with_tab_and_status_opens_the_filtered_plan() -> None:
    """?tab=plan&status=overdue (a chart click, or a copied link) shows the plan tab with the 2 overdue actions."""
    at = run_app(PAGE, "en", DPIM)
    at.query_params["tab"] = "plan"
    at.query_params["status"] = "overdue"
    at.run()
    assert not at.exception
    assert at.session_state["act_tab"] == t("auth.tab_plan", "en")
    assert at.multiselect(key="act_status").value == ["overdue"]
    plan = _plan_table(at)
    assert len(plan) == 2
    assert any(c.value == t("act.filter_shown", "en", n=2, total=9) for c in at.caption)
    assert at.query_params["status"] == "overdue" and at.query_params["tab"] == "plan"
    # Clearing the filter brings every action back and takes the filter out of the URL.
    at.multiselect(key="act_status").set_value([]).run()
    assert len(_plan_table(at)) == 9
    assert "status" not in at.query_params


@pytest.mark.usefixtures("app_env")
def test_a_quarter_filter_keeps_the_actions_scheduled_then() -> None:
    at = run_app(PAGE, "en", DLPW)
    at.query_params["tab"] = "plan"
    at.query_params["quarter"] = "2563Q1"
    at.run()
    assert not at.exception
    plan = _plan_table(at)
    s = Store(Path(os.environ["PRAMERN_DB"]))
    try:
        rows = s.actions("DLPW", 2563)
    finally:
        s.close()
    expected = sum(1 for q in rows["quarters"] if isinstance(q, str) and "2563Q1" in q.upper())
    assert 0 < len(plan) == expected < len(rows)
