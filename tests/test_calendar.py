"""Thai calendar rules, the evaluation cycle's timing and action-plan status (seeds 000, 003)."""

from __future__ import annotations

import datetime as dt

import pytest

from analytics import actions, cycle
from analytics.calendar import (
    DaysOffChanges,
    be_to_ce,
    ce_to_be,
    fiscal_quarter,
    fiscal_year,
    fiscal_year_bounds,
    format_date,
    is_working_day,
    package_days_off,
    parse_date_text,
    quarter_bounds,
    thai_holidays,
    working_days,
)

D = dt.date


@pytest.mark.parametrize(("be", "ce"), [(2568, 2025), (2547, 2004), (2543, 2000), (2569, 2026)])
def test_be_ce(be, ce):
    """It converts Buddhist-Era years to CE and back (BE = CE + 543)."""
    assert be_to_ce(be) == ce
    assert ce_to_be(ce) == be


@pytest.mark.parametrize(("day", "expected"), [
    (D(2024, 10, 1), 2568),  # FY2568 starts 1 Oct 2567 (2024)
    (D(2024, 9, 30), 2567),
    (D(2025, 1, 1), 2568),
    (D(2025, 9, 30), 2568),  # and ends 30 Sep 2568 (2025)
    (D(2025, 10, 1), 2569),
    (D(2003, 10, 1), 2547),  # seed 001's agreement year
    (D(2004, 9, 30), 2547),
])
def test_fiscal_year(day, expected):
    """It puts 1 Oct to 30 Sep in the fiscal year (BE) named after the year it ends in."""
    assert fiscal_year(day) == expected


@pytest.mark.parametrize(("day", "expected"), [
    (D(2024, 10, 1), 1), (D(2024, 12, 31), 1),
    (D(2025, 1, 1), 2), (D(2025, 3, 31), 2),
    (D(2025, 4, 1), 3), (D(2025, 6, 30), 3),
    (D(2025, 7, 1), 4), (D(2025, 9, 30), 4),
])
def test_fiscal_quarter(day, expected):
    """It numbers fiscal quarters from October: Q1 ต.ค.-ธ.ค., Q2 ม.ค.-มี.ค., Q3 เม.ย.-มิ.ย., Q4 ก.ค.-ก.ย."""
    assert fiscal_quarter(day) == expected


@pytest.mark.parametrize(("year", "quarter", "first", "last"), [
    (2568, 1, D(2024, 10, 1), D(2024, 12, 31)),
    (2568, 2, D(2025, 1, 1), D(2025, 3, 31)),
    (2568, 3, D(2025, 4, 1), D(2025, 6, 30)),
    (2568, 4, D(2025, 7, 1), D(2025, 9, 30)),
    (2563, 2, D(2020, 1, 1), D(2020, 3, 31)),
])
def test_quarter_bounds(year, quarter, first, last):
    """It gives each fiscal quarter's first and last day."""
    assert quarter_bounds(year, quarter) == (first, last)


def test_fiscal_year_bounds():
    """It runs FY2568 from 1 Oct 2024 to 30 Sep 2025."""
    assert fiscal_year_bounds(2568) == (D(2024, 10, 1), D(2025, 9, 30))


@pytest.mark.parametrize(("day", "lang", "expected"), [
    (D(2025, 10, 1), "th", "1 ต.ค. 2568"),  # calendar year 2025 is BE 2568
    (D(2024, 10, 1), "th", "1 ต.ค. 2567"),
    (D(2025, 4, 14), "th", "14 เม.ย. 2568"),
    (D(2025, 1, 31), "th", "31 ม.ค. 2568"),
    (D(2025, 10, 1), "en", "1 Oct 2025"),
    (None, "th", ""),
])
def test_format_date(day, lang, expected):
    """It writes dates with Thai month abbreviations and the BE year in Thai, CE in English."""
    assert format_date(day, lang) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("2024-10-01", D(2024, 10, 1)),
    ("2024-10-01 00:00:00", D(2024, 10, 1)),
    ("2024-10-01T08:30", D(2024, 10, 1)),
    ("1/10/2024", D(2024, 10, 1)),
    ("1/10/2567", D(2024, 10, 1)),  # a BE year in d/m/yyyy
    ("31/12/2568", D(2025, 12, 31)),
    ("1 ต.ค. 2568", D(2025, 10, 1)),
    ("1 ต.ค.2568", D(2025, 10, 1)),
    ("1 ตค 2568", D(2025, 10, 1)),
    ("๑ ต.ค. ๒๕๖๘", D(2025, 10, 1)),  # Thai digits
    ("๑/๑๐/๒๕๖๗", D(2024, 10, 1)),
    ("14 เมษายน 2568", D(2025, 4, 14)),  # full month names
    ("30 กันยายน 2568", D(2025, 9, 30)),
    ("1 มกราคม 2568", D(2025, 1, 1)),
    ("  2 พ.ย. 2567  ", D(2024, 11, 2)),
    ("31/02/2568", None),  # no such day
    ("1 Foo 2568", None),
    ("yesterday", None),
    ("", None),
])
def test_parse_date_text(text, expected):
    """It reads ISO, d/m/yyyy and Thai dates (abbreviated or full months, Thai digits), BE or CE."""
    assert parse_date_text(text) == expected


@pytest.mark.parametrize(("start", "end", "expected"), [
    (D(2025, 4, 7), D(2025, 4, 11), 4),  # Chakri Day (Sun 6 Apr) is observed on Mon 7 Apr
    (D(2025, 4, 14), D(2025, 4, 18), 2),  # Songkran 13-15 Apr, the Sunday observed on Wed 16 Apr
    (D(2025, 4, 10), D(2025, 4, 18), 4),
    (D(2025, 6, 9), D(2025, 6, 13), 5),  # an ordinary week
    (D(2025, 6, 9), D(2025, 6, 15), 5),  # weekends do not count
    (D(2025, 6, 14), D(2025, 6, 15), 0),  # a weekend alone
    (D(2025, 6, 9), D(2025, 6, 9), 1),  # the same day counts once
    (D(2025, 6, 10), D(2025, 6, 9), 0),  # end before start
    (D(2025, 10, 1), D(2025, 10, 14), 9),  # 13 Oct is King Bhumibol Memorial Day
])
def test_working_days(start, end, expected):
    """It counts Thai working days, both ends included, without weekends and public holidays."""
    assert working_days(start, end) == expected


def test_songkran_is_a_holiday():
    """It knows Songkran (13-15 April) as Thai public holidays."""
    found = thai_holidays(D(2025, 4, 1), D(2025, 4, 30))
    assert {D(2025, 4, 13), D(2025, 4, 14), D(2025, 4, 15)} <= set(found)


def test_standard_cycle_days():
    """It holds seed 000's 16 steps with 55 standard working days in all."""
    assert cycle.STANDARD_TOTAL_DAYS == 55
    assert len(cycle.STANDARD_STEPS) == 16
    assert [s[3] for s in cycle.STANDARD_STEPS] == [1, 1, 10, 5, 1, 1, 1, 10, 1, 5, 1, 10, 1, 5, 1, 1]
    assert [s[0] for s in cycle.STANDARD_STEPS] == list(range(1, 17))


@pytest.mark.parametrize(("standard", "started", "finished", "actual", "late"), [
    (10, D(2025, 6, 16), D(2025, 6, 27), 10, False),  # two ordinary weeks: exactly the standard
    (10, D(2025, 6, 16), D(2025, 6, 30), 11, True),
    (10, D(2025, 5, 30), D(2025, 6, 13), 9, False),  # 2-3 June are holidays (the Queen's birthday)
    (5, D(2025, 4, 10), D(2025, 4, 18), 4, False),  # nine calendar days, but Songkran is off
    (5, D(2025, 4, 7), D(2025, 4, 14), 4, False),
    (1, D(2025, 6, 9), D(2025, 6, 9), 1, False),
    (1, D(2025, 6, 9), D(2025, 6, 10), 2, True),
    (1, D(2025, 6, 13), D(2025, 6, 16), 2, True),  # Friday to Monday
    (10, D(2025, 10, 1), D(2025, 10, 14), 9, False),
])
def test_step_timing(standard, started, finished, actual, late):
    """It marks a step late when the Thai working days it took exceed its standard."""
    timing = cycle.step_timing(3, standard, [cycle.Pass(1, started, finished)])
    assert (timing.step_no, timing.standard_days, timing.actual_days, timing.late) == (3, standard, actual, late)


@pytest.mark.parametrize(("started", "finished"), [(None, None), (D(2025, 6, 2), None), (None, D(2025, 6, 2))])
def test_step_timing_unfinished(started, finished):
    """It does not call a step late before it has both dates."""
    timing = cycle.step_timing(1, 1, [cycle.Pass(1, started, finished)])
    assert timing.actual_days is None and timing.late is False


# Seed 000: a step sent back (ไม่เห็นชอบ) and done again counts every pass; a step marked not
# applicable (steps 9 and 13 are "ถ้ามี") counts neither days nor lateness.
@pytest.mark.parametrize(("standard", "passes", "actual", "late", "state", "sent_back"), [
    # step 4, 5 days: sent back after 5 days (11-15 Nov 2024), approved after 3 more (19-21 Nov): 8 > 5
    (5, [cycle.Pass(1, D(2024, 11, 11), D(2024, 11, 15), cycle.SENT_BACK), cycle.Pass(2, D(2024, 11, 19), D(2024, 11, 21))],
     8, True, cycle.LATE, 1),
    # a decision sent back within its standard: 2 + 2 = 4 of 5 days
    (5, [cycle.Pass(1, D(2025, 6, 9), D(2025, 6, 10), cycle.SENT_BACK), cycle.Pass(2, D(2025, 6, 12), D(2025, 6, 13))],
     4, False, cycle.ON_TIME, 1),
    # sent back, the second pass not finished yet: in progress, not late yet
    (5, [cycle.Pass(1, D(2025, 6, 9), D(2025, 6, 10), cycle.SENT_BACK), cycle.Pass(2, D(2025, 6, 12), None)],
     None, False, cycle.IN_PROGRESS, 1),
    # step 9 not needed this year: no days, never late, whatever dates were typed
    (1, [cycle.Pass(1, None, None, cycle.NOT_APPLICABLE)], None, False, cycle.SKIPPED, 0),
    (1, [cycle.Pass(1, D(2025, 4, 1), D(2025, 4, 30), cycle.NOT_APPLICABLE)], None, False, cycle.SKIPPED, 0),
    (1, [], None, False, cycle.PENDING, 0),
])
def test_step_timing_with_passes(standard, passes, actual, late, state, sent_back):
    """It adds the working days of every pass of a step and leaves a step not applicable out."""
    timing = cycle.step_timing(4, standard, passes)
    assert (timing.actual_days, timing.late, timing.state, timing.sent_back) == (actual, late, state, sent_back)


def test_optional_and_decision_steps_follow_seed_000():
    """Steps 9 and 13 are marked (ถ้ามี); steps 4, 5, 10 and 14 are the flow chart's decisions (ไม่เห็นชอบ)."""
    assert cycle.OPTIONAL_STEPS == {9, 13}
    assert all("(ถ้ามี)" in name for no, name, _en, _d in cycle.STANDARD_STEPS if no in cycle.OPTIONAL_STEPS)
    assert not any("(ถ้ามี)" in name for no, name, _en, _d in cycle.STANDARD_STEPS if no not in cycle.OPTIONAL_STEPS)
    assert cycle.DECISION_STEPS == {4, 5, 10, 14}


TODAY = D(2025, 6, 15)


@pytest.mark.parametrize(("due", "status", "expected"), [
    (D(2025, 6, 14), actions.NOT_STARTED, True),
    (D(2025, 6, 14), actions.IN_PROGRESS, True),
    (D(2025, 6, 14), actions.DONE, False),
    (D(2025, 6, 14), actions.CANCELLED, False),
    (D(2025, 6, 15), actions.IN_PROGRESS, False),  # due today is not yet overdue
    (D(2025, 7, 1), actions.NOT_STARTED, False),
    (None, actions.NOT_STARTED, False),
])
def test_is_overdue(due, status, expected):
    """It calls an action overdue when its due date has passed and it is neither done nor cancelled."""
    assert actions.is_overdue(due, status, TODAY) is expected


@pytest.mark.parametrize(("statuses", "expected"), [
    ([], {"not_started": 0, "in_progress": 0, "done": 0, "cancelled": 0}),
    (["done", "done", "in_progress", "cancelled", "not_started", "done"],
     {"not_started": 1, "in_progress": 1, "done": 3, "cancelled": 1}),
])
def test_status_counts(statuses, expected):
    """It counts actions by status, every status present."""
    assert actions.status_counts(statuses) == expected


# -- the government's calendar (FY2567-FY2569) --------------------------------------------------------
@pytest.mark.parametrize(("day", "working", "why"), [
    # FY2567 (1 Oct 2023 - 30 Sep 2024)
    (D(2023, 12, 29), False, "special day off (วันหยุดพิเศษ) before New Year 2024"),
    (D(2024, 4, 8), False, "Chakri Day in lieu (6 Apr 2024 was a Saturday)"),
    (D(2024, 4, 12), False, "special day off before Songkran 2024"),
    (D(2024, 4, 15), False, "Songkran"),
    (D(2024, 4, 16), False, "Songkran in lieu (14 Apr 2024 was a Sunday)"),
    (D(2024, 4, 17), True, "the day after Songkran's in-lieu day"),
    (D(2024, 5, 1), True, "Labour Day: a working day for government offices"),
    (D(2024, 5, 10), False, "Royal Ploughing Ceremony: a government day off"),
    # FY2568 (1 Oct 2024 - 30 Sep 2025)
    (D(2024, 12, 30), False, "special day off before New Year's Eve 2024"),
    (D(2024, 12, 31), False, "New Year's Eve"),
    (D(2025, 4, 7), False, "Chakri Day in lieu (6 Apr 2025 was a Sunday)"),
    (D(2025, 4, 14), False, "Songkran"),
    (D(2025, 4, 15), False, "Songkran"),
    (D(2025, 4, 16), False, "Songkran in lieu (13 Apr 2025 was a Sunday)"),
    (D(2025, 5, 1), True, "Labour Day"),
    (D(2025, 5, 2), True, "the Friday after Labour Day"),
    (D(2025, 5, 9), False, "Royal Ploughing Ceremony"),
    (D(2025, 6, 2), False, "special day off before the Queen's birthday 2025"),
    (D(2025, 8, 11), False, "special day off before Mother's Day 2025"),
    # FY2569 (1 Oct 2025 - 30 Sep 2026)
    (D(2025, 12, 31), False, "New Year's Eve"),
    (D(2026, 1, 2), False, "special day off after New Year 2026"),
    (D(2026, 4, 6), False, "Chakri Day (a Monday)"),
    (D(2026, 4, 13), False, "Songkran"),
    (D(2026, 4, 16), True, "no in-lieu day: Songkran 2026 fell on Monday to Wednesday"),
    (D(2026, 5, 1), True, "Labour Day (a Friday)"),
    (D(2027, 5, 3), True, "Labour Day's in-lieu day is the private sector's, not the government's"),
])
def test_government_working_days(day, working, why):
    """It counts the government's days off: public holidays government offices observe and special days off."""
    assert is_working_day(day) is working, why


@pytest.mark.parametrize(("start", "end", "expected"), [
    (D(2025, 4, 28), D(2025, 5, 2), 5),  # Labour Day counts
    (D(2024, 4, 29), D(2024, 5, 3), 5),
    (D(2024, 4, 10), D(2024, 4, 19), 5),  # 12 Apr special, 15-16 Songkran
    (D(2024, 12, 27), D(2025, 1, 3), 3),  # 30 Dec special, 31 Dec, 1 Jan
    (D(2023, 12, 28), D(2024, 1, 2), 2),  # 29 Dec special, 1 Jan
    (D(2025, 12, 29), D(2026, 1, 5), 3),  # 31 Dec, 1 Jan, 2 Jan special
    (D(2025, 5, 26), D(2025, 6, 6), 8),  # 2 Jun special, 3 Jun the Queen's birthday
])
def test_government_working_day_counts(start, end, expected):
    """It counts government working days over FY2567-FY2569 weeks with holidays."""
    assert working_days(start, end) == expected


@pytest.mark.parametrize(("changes", "start", "end", "expected"), [
    (DaysOffChanges(added=frozenset({D(2025, 5, 2)})), D(2025, 4, 28), D(2025, 5, 2), 4),
    (DaysOffChanges(removed=frozenset({D(2025, 6, 2)})), D(2025, 6, 2), D(2025, 6, 6), 4),
    (DaysOffChanges(removed=frozenset({D(2025, 6, 2)})), D(2025, 6, 9), D(2025, 6, 13), 5),
    (DaysOffChanges(added=frozenset({D(2026, 9, 30)})), D(2026, 9, 28), D(2026, 9, 30), 2),
])
def test_an_administrators_days_off_apply(changes, start, end, expected):
    """It takes an added day off out of the count and puts a removed one back."""
    assert working_days(start, end, changes) == expected


def test_labour_day_is_in_the_packages_public_category():
    """The package lists 1 May as public (for the private sector); the government calendar leaves it out."""
    import holidays
    assert D(2025, 5, 1) in holidays.country_holidays("TH", years=2025, categories=("public",))
    assert D(2025, 5, 1) not in package_days_off(D(2025, 1, 1), D(2025, 12, 31))
    assert D(2025, 5, 9) in package_days_off(D(2025, 5, 1), D(2025, 5, 31))  # government category
