"""Days off kept by administrators: added and removed per year, audited, used by the cycle's working days."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from analytics import auth, cli
from analytics.errors import DayOffError, PermissionDenied
from analytics.report import cycle_report
from analytics.store import Store
from tests.conftest import ACCOUNTS, account_user, add_test_accounts

D = dt.date


def test_add_a_special_day_off_and_list_it(store: Store) -> None:
    """An added day off is listed with its name and who added it, counted out of working days, and audited."""
    store.add_day_off(auth.SYSTEM, D(2025, 5, 2), "วันหยุดพิเศษตามมติคณะรัฐมนตรี")
    listed = store.days_off(2025).set_index("day")
    assert listed.loc[D(2025, 5, 2), "source"] == "added"
    assert listed.loc[D(2025, 5, 2), "name_th"] == "วันหยุดพิเศษตามมติคณะรัฐมนตรี"
    assert listed.loc[D(2025, 5, 2), "changed_by"] == "system@localhost"
    assert D(2025, 5, 1) not in listed.index  # Labour Day is a working day
    assert store.days_off_changes().added == {D(2025, 5, 2)}
    event = store.audit_events(actions=["day_off_add"]).iloc[0]
    assert (event["actor"], event["object"]) == ("system@localhost", "2025-05-02")
    assert json.loads(event["detail"])["name"] == "วันหยุดพิเศษตามมติคณะรัฐมนตรี"


def test_remove_a_package_day_off_and_restore_it(store: Store) -> None:
    """Removing a package day off makes it a working day (listed as removed); adding it back restores it."""
    store.remove_day_off(auth.SYSTEM, D(2025, 6, 2))
    assert store.days_off_changes().removed == {D(2025, 6, 2)}
    assert store.days_off(2025).set_index("day").loc[D(2025, 6, 2), "source"] == "removed"
    store.add_day_off(auth.SYSTEM, D(2025, 6, 2), "")
    assert store.days_off_changes().removed == frozenset()
    assert store.days_off(2025).set_index("day").loc[D(2025, 6, 2), "source"] == "package"
    assert store.audit_count(actions=["day_off_add", "day_off_remove"]) == 2


def test_remove_an_added_day(store: Store) -> None:
    """Removing a day an administrator added takes it out again."""
    store.add_day_off(auth.SYSTEM, D(2026, 9, 30), "ทดสอบ")
    store.remove_day_off(auth.SYSTEM, D(2026, 9, 30))
    assert store.days_off_changes().added == frozenset()
    assert D(2026, 9, 30) not in set(store.days_off(2026)["day"])


@pytest.mark.parametrize(("action", "day", "name", "en"), [
    ("add", D(2025, 5, 3), "x", "3 May 2025 is a Saturday or Sunday, which is never a working day."),
    ("add", D(2025, 4, 14), "x", "14 Apr 2025 is already a day off."),
    ("add", D(2025, 5, 2), "", "Give the day off of 2 May 2025 a name (for example the cabinet resolution)."),
    ("remove", D(2025, 5, 1), "", "1 May 2025 is not a day off, so there is nothing to remove."),
])
def test_refusals_say_what_is_wrong(store: Store, action: str, day: dt.date, name: str, en: str) -> None:
    """A change that cannot be made is refused in Thai and English, and nothing is stored."""
    with pytest.raises(DayOffError) as err:
        if action == "add":
            store.add_day_off(auth.SYSTEM, day, name)
        else:
            store.remove_day_off(auth.SYSTEM, day)
    assert err.value.message_en == en
    assert err.value.message_th and err.value.message_th != en
    assert store.days_off_changes() == store.days_off_changes().__class__()


def test_only_administrators_change_days_off(store: Store) -> None:
    """An analyst may not change the calendar; the refusal is audited."""
    add_test_accounts(store)
    with pytest.raises(PermissionDenied):
        store.add_day_off(account_user("analyst"), D(2025, 5, 2), "x")
    assert store.audit_count(actions=["denied"]) == 1
    assert store.days_off_changes().added == frozenset()


def test_the_cycle_counts_with_the_administrators_calendar(demo_store: Store) -> None:
    """DPIM FY2568 step 12 (1-17 Oct 2025): a day off added inside it takes one working day off its count."""
    before = cycle_report(demo_store, "DPIM", 2568)
    assert before is not None
    step12 = int(before.set_index("step_no").loc[12, "actual_days"])
    demo_store.add_day_off(auth.SYSTEM, D(2025, 10, 2), "วันหยุดพิเศษ (ทดสอบ)")
    after = cycle_report(demo_store, "DPIM", 2568)
    assert after is not None
    assert int(after.set_index("step_no").loc[12, "actual_days"]) == step12 - 1


def test_holidays_command(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """`holidays add|remove|list` changes and lists the days off; bad input exits 2 with both languages."""
    db = str(tmp_path / "h.duckdb")
    assert cli.main(["holidays", "add", "2 พ.ค. 2568", "--name", "วันหยุดพิเศษ", "--db", db]) == 0
    assert cli.main(["holidays", "remove", "2025-06-02", "--db", db]) == 0
    capsys.readouterr()
    assert cli.main(["holidays", "list", "--year", "2568", "--json", "--db", db]) == 0
    listed = {r["day"][:10]: r["source"] for r in json.loads(capsys.readouterr().out)}
    assert listed["2025-05-02"] == "added" and listed["2025-06-02"] == "removed"
    assert "2025-05-01" not in listed and listed["2025-04-16"] == "package"
    assert cli.main(["holidays", "add", "31/02/2568", "--db", db]) == 2
    err = capsys.readouterr().err
    assert "ไม่ใช่วันที่" in err and "is not a date" in err
    assert cli.main(["holidays", "remove", "2025-05-01", "--db", db]) == 2
    s = Store(db)
    try:
        assert s.audit_count(actions=["day_off_add", "day_off_remove"]) == 2
    finally:
        s.close()


def test_settings_page_lists_adds_and_removes_days_off(app_env: Path) -> None:
    """An administrator sees the year's days off (1 May not among them), adds one and removes one; both audited."""
    from tests.conftest import run_app
    at = run_app("pages/8_admin.py", "th", user="admin")
    assert not at.exception
    at.selectbox(key="adm_days_off_year").set_value(2568).run()
    listed = next(d.value for d in at.dataframe if "weekday" in d.value.columns)
    assert "1 พ.ค. 2568" not in set(listed["day"])
    assert {"16 เม.ย. 2568", "9 พ.ค. 2568", "2 มิ.ย. 2568"} <= set(listed["day"])
    assert listed.set_index("day").loc["2 มิ.ย. 2568", "name"] == "วันหยุดพิเศษ (เพิ่มเติม)"
    at.date_input(key="adm_days_off_new_day").set_value(D(2025, 5, 2))
    at.text_input(key="adm_days_off_new_name").set_value("วันหยุดพิเศษตามมติคณะรัฐมนตรี")
    next(b for b in at.button if b.key == "adm_days_off_add_submit").click().run()
    assert not at.exception
    at.selectbox(key="adm_days_off_pick").set_value(
        next(o for o in at.selectbox(key="adm_days_off_pick").options if o.startswith("2 มิ.ย. 2568")))
    next(b for b in at.button if b.key == "adm_days_off_remove_submit").click().run()
    assert not at.exception
    s = Store(app_env)
    try:
        changes = s.days_off_changes()
        assert changes.added == {D(2025, 5, 2)} and changes.removed == {D(2025, 6, 2)}
        events = s.audit_events(actions=["day_off_add", "day_off_remove"])
        assert len(events) == 2 and set(events["actor"]) == {ACCOUNTS["admin"][0]}
    finally:
        s.close()
