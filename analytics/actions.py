"""Action plans (seed 003 PMQA items, seed 004 ITA measures): status and overdue."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

NOT_STARTED, IN_PROGRESS, DONE, CANCELLED = "not_started", "in_progress", "done", "cancelled"
STATUSES = (NOT_STARTED, IN_PROGRESS, DONE, CANCELLED)
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
