"""Problems: one thing wrong (or worth a warning) in a file, with its place and its words."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from analytics.i18n import t


@dataclass(frozen=True)
class Problem:
    """One thing wrong (or worth a warning) in a file, located as a person would find it."""

    severity: str  # "error", "warning" or "info" (nothing to do)
    code: str
    sheet: str | None = None
    row: int | None = None  # as numbered in the file (header row included)
    column: str | None = None  # the header as written in the file
    value: str | None = None
    params: tuple[tuple[str, Any], ...] = ()
    position: int | None = None  # the column's place in the sheet (0-based), to sort by; never shown

    def name(self, lang: str = "th") -> str:
        """What kind of problem this is, in words (never the code)."""
        return t(f"problem_name.{self.code}", lang)

    def what(self, lang: str = "th") -> str:
        params = dict(self.params)
        for key in ("value", "sheet", "row", "column"):
            params.setdefault(key, getattr(self, key))
        return t(f"problem.{self.code}", lang, **params)

    def where(self, lang: str = "th") -> str:
        parts = []
        if self.sheet:
            parts.append(t("where.sheet", lang, sheet=self.sheet))
        if self.row is not None:
            parts.append(t("where.row", lang, row=self.row))
        if self.column:
            parts.append(t("where.column", lang, column=self.column))
        return ", ".join(parts)

    def message(self, lang: str = "th") -> str:
        where = self.where(lang)
        value = f" ({t('where.value', lang, value=self.value)})" if self.value not in (None, "") else ""
        return f"{where}{value}: {self.what(lang)}" if where else self.what(lang)

    def as_dict(self, lang: str = "th") -> dict[str, Any]:
        return {"severity": self.severity, "code": self.code, "name": self.name(lang), "sheet": self.sheet,
                "row": self.row, "column": self.column, "value": self.value, "message": self.what(lang)}


def problem(severity: str, code: str, **kw: Any) -> Problem:
    base = {k: kw.pop(k) for k in ("sheet", "row", "column", "value", "position") if k in kw}
    if base.get("value") is not None:
        base["value"] = str(base["value"])
    return Problem(severity, code, params=tuple(sorted(kw.items())), **base)


def sort_problems(problems: list[Problem], sheet_order: list[str]) -> list[Problem]:
    """By sheet (as the file orders them; the file itself first), row, then column as the sheet orders them."""
    order = {name: i for i, name in enumerate(sheet_order)}

    def key(p: Problem) -> tuple[int, int, int, str]:
        sheet = -1 if p.sheet is None else order.get(p.sheet, len(order))
        row = -1 if p.row is None else p.row
        position = -1 if p.position is None and p.column is None else p.position if p.position is not None else 10**6
        return sheet, row, position, p.column or ""
    return sorted(problems, key=key)


def show_value(value: Any) -> str:
    """A cell's value as a person reads it: 16.0 shows as 16."""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)
