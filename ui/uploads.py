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
    """Problems in the order of the file (sheet, row, column), each named in words with its place and message."""
    rows = [{
        t("up.col_sheet", lang): p.sheet or "", t("up.col_row", lang): p.row,
        t("up.col_column", lang): p.column or "", t("up.col_problem", lang): p.name(lang),
        t("up.col_value", lang): p.value or "", t("up.col_message", lang): p.what(lang)}
        for p in problems]
    return pd.DataFrame(rows)


def uploader_css(lang: str, max_mb: int, types: Sequence[str]) -> str:
    """CSS that puts the file picker's own texts (its button and its size line) in the reader's language.

    st.file_uploader takes no texts for its drop zone (streamlit issue 13500): the button's and the size
    line's English are hidden and the catalogue's text shown in their place (the button only while no file
    is chosen: beside a chosen file it is an icon). The text shown while a file is dragged over the zone,
    the chosen file's size and the picker's own refusals stay in English.
    """
    button = t("up.picker_button", lang).replace('"', "")
    limit = t("up.picker_limit", lang, mb=max_mb, types=", ".join(x.upper() for x in types)).replace('"', "")
    return f"""<style>
[data-testid="stFileUploaderDropzone"]:not(:has([data-testid="stFileChip"])) button {{ font-size: 0; }}
[data-testid="stFileUploaderDropzone"]:not(:has([data-testid="stFileChip"])) button [data-testid="stIconMaterial"] {{ font-size: 1.25rem; }}
[data-testid="stFileUploaderDropzone"]:not(:has([data-testid="stFileChip"])) button [data-testid="stMarkdownContainer"],
[data-testid="stFileUploaderDropzone"]:not(:has([data-testid="stFileChip"])) button p {{ display: none; }}
[data-testid="stFileUploaderDropzone"]:not(:has([data-testid="stFileChip"])) button::after {{ content: "{button}"; font-size: 0.875rem; }}
[data-testid="stFileUploaderDropzoneInstructions"] span {{ font-size: 0; }}
[data-testid="stFileUploaderDropzoneInstructions"] span::after {{ content: "{limit}"; font-size: 0.875rem; }}
</style>"""
