"""Thai calendar rules: Buddhist Era years, fiscal years and quarters, working days."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import lru_cache

import holidays
import numpy as np

BE_OFFSET = 543
THAI_DIGITS = str.maketrans("๐๑๒๓๔๕๖๗๘๙", "0123456789")
MONTHS_TH_SHORT = ("ม.ค.", "ก.พ.", "มี.ค.", "เม.ย.", "พ.ค.", "มิ.ย.",
                   "ก.ค.", "ส.ค.", "ก.ย.", "ต.ค.", "พ.ย.", "ธ.ค.")
MONTHS_TH_LONG = ("มกราคม", "กุมภาพันธ์", "มีนาคม", "เมษายน", "พฤษภาคม", "มิถุนายน",
                  "กรกฎาคม", "สิงหาคม", "กันยายน", "ตุลาคม", "พฤศจิกายน", "ธันวาคม")
MONTHS_EN_SHORT = ("Jan", "Feb", "Mar", "Apr", "May", "Jun",
                   "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
# Plausible Buddhist-Era years for a planning office's data.
BE_MIN, BE_MAX = 2500, 2700


def be_to_ce(year_be: int) -> int:
    return year_be - BE_OFFSET


def ce_to_be(year_ce: int) -> int:
    return year_ce + BE_OFFSET


def fiscal_year(day: dt.date) -> int:
    """The Thai fiscal year (BE) a date falls in: FY2568 runs 1 Oct 2024 to 30 Sep 2025."""
    return ce_to_be(day.year) + (1 if day.month >= 10 else 0)


def fiscal_quarter(day: dt.date) -> int:
    """Q1 is Oct-Dec, Q2 Jan-Mar, Q3 Apr-Jun, Q4 Jul-Sep."""
    return (day.month - 10) % 12 // 3 + 1


def fiscal_year_bounds(year_be: int) -> tuple[dt.date, dt.date]:
    ce = be_to_ce(year_be)
    return dt.date(ce - 1, 10, 1), dt.date(ce, 9, 30)


def quarter_bounds(year_be: int, quarter: int) -> tuple[dt.date, dt.date]:
    start, _ = fiscal_year_bounds(year_be)
    month0 = start.month - 1 + (quarter - 1) * 3
    first = dt.date(start.year + month0 // 12, month0 % 12 + 1, 1)
    nxt = month0 + 3
    after = dt.date(start.year + nxt // 12, nxt % 12 + 1, 1)
    return first, after - dt.timedelta(days=1)


@dataclass(frozen=True)
class DaysOffChanges:
    """An administrator's changes to the package's calendar: days off added (a cabinet's special days
    announced before the package knows them) and package days off removed."""

    added: frozenset[dt.date] = frozenset()
    removed: frozenset[dt.date] = frozenset()


NO_CHANGES = DaysOffChanges()
# The package's English name of the only public holiday government offices work through (1 May and
# its in-lieu day): the package notes it is "only observed by financial and private sectors".
_LABOUR_DAY = "Labor Day"
# Public holidays that apply to government offices plus the government's own days off (the Royal
# Ploughing Ceremony); the cabinet's special days off (วันหยุดพิเศษ) are in the package's public category.
GOVERNMENT_CATEGORIES = ("public", "government")


@lru_cache(maxsize=64)
def _package_days_off(years: tuple[int, ...]) -> tuple[tuple[dt.date, str, str], ...]:
    """(day, Thai name, English name) of the government's days off in some CE years, Labour Day left out."""
    en = holidays.country_holidays("TH", years=list(years), categories=GOVERNMENT_CATEGORIES, language="en_US")
    th = holidays.country_holidays("TH", years=list(years), categories=GOVERNMENT_CATEGORIES, language="th")
    out = []
    for day in sorted(en.keys()):
        names_en = [n for n in en.get_list(day) if _LABOUR_DAY not in n]
        if not names_en:
            continue
        names_th = [n for n in th.get_list(day) if "แรงงาน" not in n] or names_en
        out.append((day, "; ".join(names_th), "; ".join(names_en)))
    return tuple(out)


def package_days_off(start: dt.date, end: dt.date) -> dict[dt.date, tuple[str, str]]:
    """The government's days off between two dates (inclusive) as the `holidays` package knows them:
    day -> (Thai name, English name). 1 May (Labour Day) and its in-lieu day are working days."""
    years = tuple(range(start.year, end.year + 1))
    return {d: (th, en) for d, th, en in _package_days_off(years) if start <= d <= end}


def thai_holidays(start: dt.date, end: dt.date, changes: DaysOffChanges = NO_CHANGES) -> tuple[dt.date, ...]:
    """The government's days off between two dates (inclusive): the package's, with an administrator's changes."""
    days = (set(package_days_off(start, end)) - changes.removed) | {d for d in changes.added if start <= d <= end}
    return tuple(sorted(days))


def is_working_day(day: dt.date, changes: DaysOffChanges = NO_CHANGES) -> bool:
    return day.weekday() < 5 and day not in thai_holidays(day, day, changes)


def working_days(start: dt.date, end: dt.date, changes: DaysOffChanges = NO_CHANGES) -> int:
    """Government working days from start to end, both counted; 0 when end is before start."""
    if end < start:
        return 0
    hols = np.array(thai_holidays(start, end, changes), dtype="datetime64[D]")
    return int(np.busday_count(np.datetime64(start, "D"), np.datetime64(end + dt.timedelta(days=1), "D"),
                               holidays=hols))


def format_date(day: dt.date | None, lang: str = "th") -> str:
    """'1 ต.ค. 2568' in Thai, '1 Oct 2025' in English."""
    if day is None:
        return ""
    if lang == "th":
        return f"{day.day} {MONTHS_TH_SHORT[day.month - 1]} {ce_to_be(day.year)}"
    return f"{day.day} {MONTHS_EN_SHORT[day.month - 1]} {day.year}"


_MONTH_LOOKUP = {name.replace(".", ""): i + 1 for i, name in enumerate(MONTHS_TH_SHORT)}
_MONTH_LOOKUP.update({name: i + 1 for i, name in enumerate(MONTHS_TH_LONG)})
_THAI_DATE = re.compile(r"^\s*(\d{1,2})\s+([ก-๙.]+)\s*(\d{4})\s*$")
_ISO_DATE = re.compile(r"^\s*(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T].*)?$")
_SLASH_DATE = re.compile(r"^\s*(\d{1,2})/(\d{1,2})/(\d{4})\s*$")


def parse_date_text(text: str) -> dt.date | None:
    """Read a date written as ISO (2024-10-01), d/m/yyyy or Thai text ('1 ต.ค. 2568').

    A four-digit year at or above 2400 is taken as BE. Returns None when unreadable.
    """
    s = text.translate(THAI_DIGITS).strip()
    year = month = day = None
    if m := _ISO_DATE.match(s):
        year, month, day = int(m[1]), int(m[2]), int(m[3])
    elif m := _SLASH_DATE.match(s):
        day, month, year = int(m[1]), int(m[2]), int(m[3])
    elif m := _THAI_DATE.match(s):
        month = _MONTH_LOOKUP.get(m[2].replace(".", ""))
        day, year = int(m[1]), int(m[3])
    if year is None or month is None or day is None:
        return None
    if year >= 2400:
        year -= BE_OFFSET
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None
