"""The preview of a checked sheet: one table per sheet, with the file's row numbers and the computed
scores, headed in the reader's language (never the database's column names)."""

from __future__ import annotations

import pandas as pd

from analytics.i18n import t
from analytics.importing.plan import SheetPart
from analytics.importing.specs import SPECS

# Computed columns shown after the columns of the file, by kind.
COMPUTED = {"kpi": ("score_6m", "score_9m", "score_12m"), "ita": ("band", "label_mismatch")}
# Where a computed column goes: right after this column of the file.
AFTER = {"score_6m": "result_6m", "score_9m": "result_9m", "score_12m": "result_12m", "band": "score",
         "label_mismatch": "analysis_label"}


def preview_table(part: SheetPart, lang: str = "th", limit: int | None = 200) -> pd.DataFrame:
    """The sheet's rows as they will be stored, with their computed values; first `limit` rows."""
    frame = part.preview
    if frame is None:
        return pd.DataFrame()
    if limit is not None:
        frame = frame.head(limit)
    order: list[str] = ["_row"] if "_row" in frame.columns else []
    for col in SPECS[part.kind]:
        if col.name in frame.columns and frame[col.name].notna().any():
            order.append(col.name)
    for name in COMPUTED.get(part.kind, ()):
        if name in frame.columns:
            anchor = AFTER.get(name)
            order.insert(order.index(anchor) + 1 if anchor in order else len(order), name)
    labels = {"_row": t("prev.row", lang)}
    labels.update({c: t(f"prev.{c}", lang) for c in COMPUTED.get(part.kind, ())})
    labels.update({c.name: t(f"prev.col.{c.name}", lang) for c in SPECS[part.kind]})
    return frame[order].rename(columns=labels).reset_index(drop=True)
