"""The upload page's writes and its problem table."""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from analytics.auth import User
from analytics.errors import PermissionDenied
from analytics.i18n import t
from analytics.importing import ImportOutcome, Limits, Problem, import_file
from analytics.store import Batch
from ui.auth import acting_user
from ui.common import store


def actor() -> User:
    """The signed-in person; the domain refuses the write when their role may not make it."""
    user = acting_user()
    if user is None:
        raise PermissionDenied("Sign in first.", "โปรดเข้าสู่ระบบก่อน")
    return user


def do_import(data: bytes, file_name: str, kind: str | None, org: str | None, year: int | None,
              replace: bool, limits: Limits) -> ImportOutcome:
    return import_file(store(), data, file_name, actor(), kind=kind, org=org, year=year, replace=replace,
                       limits=limits)


def do_undo(batch_id: int) -> Batch:
    return store().undo(batch_id, actor())


def may_undo(user: User, batch: Batch) -> bool:
    """Whether the undo button belongs beside a batch (the store checks again, with the orgs)."""
    return user.may("undo_any") or (batch.actor == user.email and user.may("undo_own"))


def problems_frame(problems: Sequence[Problem], lang: str) -> pd.DataFrame:
    """Problems grouped by kind of problem, each with its place, value and message."""
    rows = [{
        t("up.col_problem", lang): p.code, t("up.col_sheet", lang): p.sheet or "",
        t("up.col_row", lang): p.row, t("up.col_column", lang): p.column or "",
        t("up.col_value", lang): p.value or "", t("up.col_message", lang): p.what(lang)}
        for p in sorted(problems, key=lambda p: (p.code, p.sheet or "", p.row or 0))]
    return pd.DataFrame(rows)
