"""Action plans (seed 003 PMQA items, seed 004 ITA measures): status, overdue and how they are counted."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from analytics.errors import PramernError

if TYPE_CHECKING:
    from analytics.store import Store

NOT_STARTED, IN_PROGRESS, DONE, CANCELLED = "not_started", "in_progress", "done", "cancelled"
STATUSES = (NOT_STARTED, IN_PROGRESS, DONE, CANCELLED)
OPEN = (NOT_STARTED, IN_PROGRESS)
SOURCES = ("pmqa", "ita", "kpi")
LEVELS = ("basic", "advance", "significance")
ASSESSOR_RESULTS = ("pass", "fail")
CLOSED = frozenset({DONE, CANCELLED})


def is_overdue(due_date: dt.date | None, status: str, today: dt.date) -> bool:
    """Overdue: the due date has passed and the action is neither done nor cancelled."""
    return due_date is not None and due_date < today and status not in CLOSED


def status_counts(statuses: Iterable[str]) -> dict[str, int]:
    counts = dict.fromkeys(STATUSES, 0)
    for s in statuses:
        counts[s] += 1
    return counts


class UnknownStatusError(PramernError):
    """An action carries a status outside the four the counts partition into."""


@dataclass(frozen=True)
class ActionCounts:
    """How many actions there are, by status, and of those still open, how many are past due.

    The four statuses partition the actions: not_started + in_progress + done + cancelled == total.
    Overdue is not a fifth status: it is "of which overdue", a part of not_started and in_progress.
    """

    not_started: int = 0
    in_progress: int = 0
    done: int = 0
    cancelled: int = 0
    overdue_not_started: int = 0
    overdue_in_progress: int = 0

    def __post_init__(self) -> None:
        if min(self.not_started, self.in_progress, self.done, self.cancelled,
               self.overdue_not_started, self.overdue_in_progress) < 0:
            raise ValueError("action counts cannot be negative")
        if self.overdue_not_started > self.not_started or self.overdue_in_progress > self.in_progress:
            raise ValueError("overdue actions are part of their status, so never more than it")

    @property
    def total(self) -> int:
        return self.not_started + self.in_progress + self.done + self.cancelled

    @property
    def overdue(self) -> int:
        return self.overdue_not_started + self.overdue_in_progress

    @property
    def open(self) -> int:
        return self.not_started + self.in_progress

    def by_status(self) -> dict[str, int]:
        """The partition, in status order: the values add up to total."""
        return {s: int(getattr(self, s)) for s in STATUSES}

    def on_time(self, status: str) -> int:
        """Actions with this status that are not overdue (done and cancelled are never overdue)."""
        return int(getattr(self, status)) - (int(getattr(self, f"overdue_{status}")) if status in OPEN else 0)

    def share(self, status: str) -> float | None:
        """Percent of all actions with this status (None when there are none)."""
        return 100 * int(getattr(self, status)) / self.total if self.total else None

    def as_dict(self) -> dict[str, int]:
        """total, the four statuses, overdue (of which) and its split by status: flat, for the pages and exports."""
        return {"total": self.total, **self.by_status(), "overdue": self.overdue,
                "overdue_not_started": self.overdue_not_started, "overdue_in_progress": self.overdue_in_progress}

    def as_json(self) -> dict[str, Any]:
        """The shape `report --json` prints: the statuses nested so that they visibly add up to total."""
        return {"total": self.total, "by_status": self.by_status(),
                "overdue": {"total": self.overdue, "not_started": self.overdue_not_started,
                            "in_progress": self.overdue_in_progress}}


def tally(rows: Iterable[tuple[str, bool, int]]) -> ActionCounts:
    """ActionCounts from (status, overdue, count) groups; a status outside the four is an error, never dropped."""
    found = dict.fromkeys(STATUSES, 0)
    late = dict.fromkeys(OPEN, 0)
    unknown: list[str] = []
    for status, overdue, n in rows:
        if status not in found:
            unknown.append(str(status))
            continue
        found[status] += int(n)
        if overdue and status in late:
            late[status] += int(n)
    if unknown:
        shown = ", ".join(sorted(set(unknown)))
        raise UnknownStatusError(
            f"Actions have a status Pramern does not know: {shown}; expected one of {', '.join(STATUSES)}.",
            f"แผนปฏิบัติการมีสถานะที่ระบบไม่รู้จัก: {shown} ต้องเป็นหนึ่งใน {', '.join(STATUSES)}")
    return ActionCounts(found[NOT_STARTED], found[IN_PROGRESS], found[DONE], found[CANCELLED],
                        late[NOT_STARTED], late[IN_PROGRESS])


def count_actions(store: Store, org_code: str, fiscal_year: int | None, today: dt.date,
                  source: str | None = None, owner: str | None = None) -> ActionCounts:
    """The one count of actions that the overview, the action page, the deck, the PDF and `report --json` show.

    fiscal_year None counts every year; source and owner narrow it as the action page's filters do.
    """
    return tally(store.action_tally(org_code, fiscal_year, today, source, owner))
