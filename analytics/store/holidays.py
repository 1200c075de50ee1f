"""Days off: an administrator's additions to and removals from the government calendar (audited)."""

from __future__ import annotations

import datetime as dt
from typing import Any, NamedTuple

import pandas as pd

from analytics import auth, calendar
from analytics.auth import User
from analytics.calendar import DaysOffChanges, format_date
from analytics.errors import DayOffError
from analytics.store.audit import AuditStore

ADD, REMOVE = "add", "remove"


class _Change(NamedTuple):
    change: str
    name: str | None
    changed_at: dt.datetime
    changed_by: str


class HolidayStore(AuditStore):
    _CHANGES = "SELECT day, change, name, changed_at, changed_by FROM days_off_changes"

    def days_off_changes(self) -> DaysOffChanges:
        """What working-day counts apply on top of the package's calendar."""
        rows = self.rows("SELECT day, change FROM days_off_changes")
        return DaysOffChanges(frozenset(d for d, c in rows if c == ADD), frozenset(d for d, c in rows if c == REMOVE))

    def days_off_change_rows(self, start: dt.date, end: dt.date) -> list[tuple[Any, ...]]:
        """(day, change, name, changed_at, changed_by) of the changes between two dates."""
        return self.rows(self._CHANGES + " WHERE day BETWEEN ? AND ? ORDER BY day", [start, end])

    def days_off(self, year_ce: int) -> pd.DataFrame:
        """Every day off of a calendar year: day, name_th, name_en, source (package/added/removed), who and when.

        A removed package day is listed (source 'removed') so that an administrator sees what was taken out.
        """
        start, end = dt.date(year_ce, 1, 1), dt.date(year_ce, 12, 31)
        changes = {r[0]: _Change(*r[1:]) for r in self.days_off_change_rows(start, end)}
        rows: list[tuple[dt.date, str | None, str | None, str, str | None, dt.datetime | None]] = []
        for day, (th, en) in calendar.package_days_off(start, end).items():
            ch = changes.get(day)
            if ch is not None and ch.change == REMOVE:
                rows.append((day, th, en, "removed", ch.changed_by, ch.changed_at))
            else:
                rows.append((day, th, en, "package", None, None))
        rows += [(day, ch.name, ch.name, "added", ch.changed_by, ch.changed_at)
                 for day, ch in changes.items() if ch.change == ADD]
        cols = ["day", "name_th", "name_en", "source", "changed_by", "changed_at"]
        return pd.DataFrame(sorted(rows, key=lambda r: r[0]), columns=cols)

    def add_day_off(self, user: User, day: dt.date, name: str) -> None:
        """Make a working day a day off (a cabinet's special day off), or restore a removed package day."""
        self.require(user, "settings", (), "day_off_add", day.isoformat())
        name = (name or "").strip()
        when = format_date(day, "th"), format_date(day, "en")
        if day.weekday() >= 5:
            raise DayOffError(f"{when[1]} is a Saturday or Sunday, which is never a working day.",
                              f"{when[0]} เป็นวันเสาร์หรืออาทิตย์ ซึ่งไม่ใช่วันทำการอยู่แล้ว")
        in_package = day in calendar.package_days_off(day, day)
        with self.transaction() as cur:
            found = cur.execute("SELECT change FROM days_off_changes WHERE day = ?", [day]).fetchone()
            if in_package and not (found and found[0] == REMOVE) or found and found[0] == ADD:
                raise DayOffError(f"{when[1]} is already a day off.", f"{when[0]} เป็นวันหยุดอยู่แล้ว")
            if in_package:
                cur.execute("DELETE FROM days_off_changes WHERE day = ?", [day])
            else:
                if not name:
                    raise DayOffError(f"Give the day off of {when[1]} a name (for example the cabinet resolution).",
                                      f"โปรดระบุชื่อวันหยุด {when[0]} (เช่น วันหยุดพิเศษตามมติคณะรัฐมนตรี)")
                cur.execute("INSERT INTO days_off_changes (day, change, name, changed_at, changed_by) "
                            "VALUES (?, ?, ?, ?, ?)", [day, ADD, name, auth.now(), user.email])
            self._append_audit(cur, user.email, "day_off_add", day.isoformat(),
                               {"name": name or None, "restored": in_package})

    def remove_day_off(self, user: User, day: dt.date) -> None:
        """Make a day off a working day again: an added day is taken out, a package day is overridden."""
        self.require(user, "settings", (), "day_off_remove", day.isoformat())
        when = format_date(day, "th"), format_date(day, "en")
        in_package = day in calendar.package_days_off(day, day)
        with self.transaction() as cur:
            found = cur.execute("SELECT change FROM days_off_changes WHERE day = ?", [day]).fetchone()
            if found and found[0] == ADD:
                cur.execute("DELETE FROM days_off_changes WHERE day = ?", [day])
            elif in_package and not found:
                cur.execute("INSERT INTO days_off_changes (day, change, name, changed_at, changed_by) "
                            "VALUES (?, ?, ?, ?, ?)", [day, REMOVE, None, auth.now(), user.email])
            else:
                raise DayOffError(f"{when[1]} is not a day off, so there is nothing to remove.",
                                  f"{when[0]} ไม่ใช่วันหยุด จึงไม่มีวันหยุดให้ลบ")
            self._append_audit(cur, user.email, "day_off_remove", day.isoformat(), {"package": in_package})
