"""The one count of actions: four statuses that partition the total, overdue only "of which"."""

from __future__ import annotations

import datetime as dt

import pytest

from analytics import report
from analytics.actions import STATUSES, ActionCounts, UnknownStatusError, count_actions, tally
from analytics.i18n import t
from analytics.store import Store

TODAY = dt.date(2026, 11, 20)  # PRAMERN_TODAY in the app tests


def test_tally_partitions_and_counts_overdue_inside_its_status() -> None:
    """Overdue open actions count under their status and again only in overdue."""
    counts = tally([("done", False, 7), ("in_progress", True, 1), ("not_started", True, 1), ("not_started", False, 2),
                    ("cancelled", False, 3)])
    assert counts.by_status() == {"not_started": 3, "in_progress": 1, "done": 7, "cancelled": 3}
    assert counts.total == 14 == sum(counts.by_status().values())
    assert (counts.overdue, counts.overdue_not_started, counts.overdue_in_progress) == (2, 1, 1)
    assert counts.on_time("not_started") == 2 and counts.on_time("done") == 7
    assert counts.as_json() == {"total": 14, "by_status": counts.by_status(),
                                "overdue": {"total": 2, "not_started": 1, "in_progress": 1}}


def test_tally_refuses_a_status_it_cannot_place() -> None:
    """An unknown status would break the partition: it is reported in both languages, never dropped."""
    with pytest.raises(UnknownStatusError) as caught:
        tally([("done", False, 1), ("postponed", False, 2)])
    assert "postponed" in caught.value.message("en") and "postponed" in caught.value.message("th")


def test_counts_cannot_hold_more_overdue_than_open() -> None:
    with pytest.raises(ValueError, match="part of their status"):
        ActionCounts(not_started=1, overdue_not_started=2)
    with pytest.raises(ValueError, match="negative"):
        ActionCounts(done=-1)


def test_dpim_2568_is_nine_actions_of_which_two_overdue(demo_store: Store) -> None:
    """The issue's case: 7 done + 1 in progress + 1 not started = 9; 2 of them overdue on 20 Nov 2026."""
    counts = count_actions(demo_store, "DPIM", 2568, TODAY)
    assert counts.by_status() == {"not_started": 1, "in_progress": 1, "done": 7, "cancelled": 0}
    assert (counts.total, counts.overdue) == (9, 2)


@pytest.mark.parametrize(("org", "year"), [("DPIM", 2568), ("DPIM", 2569), ("DLPW", 2563), ("DPIM", None),
                                           ("DLPW", None)])
def test_statuses_sum_to_the_total_and_match_the_rows(demo_store: Store, org: str, year: int | None) -> None:
    """Against an independent count of the rows themselves."""
    counts = count_actions(demo_store, org, year, TODAY)
    rows = demo_store.actions(org, year)
    assert counts.total == len(rows) > 0
    assert sum(counts.by_status().values()) == counts.total
    assert counts.by_status() == {s: int((rows["status"] == s).sum()) for s in STATUSES}
    late = [d is not None and d == d and d.date() < TODAY and s not in ("done", "cancelled")
            for d, s in zip(rows["due_date"], rows["status"], strict=True)]
    assert counts.overdue == sum(late)
    overdue = demo_store.overdue_actions(org, year, TODAY)
    assert counts.overdue == len(overdue)


def test_filters_narrow_the_same_partition(demo_store: Store) -> None:
    """With a source or owner filter the statuses still add up to the (narrower) total."""
    everything = count_actions(demo_store, "DLPW", 2563, TODAY)
    pmqa = count_actions(demo_store, "DLPW", 2563, TODAY, source="pmqa")
    assert pmqa == everything
    for unit in demo_store.action_units("DLPW", 2563)[:3]:
        part = count_actions(demo_store, "DLPW", 2563, TODAY, owner=unit)
        assert 0 < part.total < everything.total
        assert sum(part.by_status().values()) == part.total


def test_report_json_nests_statuses_that_add_up(demo_store: Store) -> None:
    """`report --json` prints the same counts: by_status adds up to total, overdue is a separate "of which"."""
    actions = report.full_report(demo_store, "DPIM", 2568, 12, TODAY)["actions"]
    assert actions == count_actions(demo_store, "DPIM", 2568, TODAY).as_json()
    assert sum(actions["by_status"].values()) == actions["total"] == 9
    assert actions["overdue"]["total"] == 2
    assert report.full_report(demo_store, "DPIM", 2567, 12, TODAY)["actions"] is None


def test_briefing_uses_the_same_counts(demo_store: Store) -> None:
    """The deck and the PDF read the counts from count_actions too."""
    from analytics.exports.briefing import build_briefing
    b = build_briefing(demo_store, "DPIM", 2568, 12, "en", TODAY)
    overview = next(s for s in b.sections if s.key == "overview")
    tiles = {tile.label: tile.value for tile in overview.tiles}
    assert tiles[t("exp.actions_done", "en")] == t("exp.n_of", "en", n=7, total=9)
