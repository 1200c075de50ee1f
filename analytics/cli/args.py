"""Paths and values given on the command line, and a parser whose refusals are said in Thai too."""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
from pathlib import Path
from typing import NoReturn

from analytics.cli.terminal import EXIT_BAD_INPUT
from analytics.errors import PramernError
from analytics.i18n import t
from analytics.store import is_url

NAME_MAX = 255  # bytes of one file name on Linux file systems


class CliInputError(PramernError):
    """A path or value given on the command line that cannot be used."""


_NOT_POSITIVE = "not a whole number of 1 or more: "


def positive_int(text: str) -> int:
    """argparse type: a whole number of 1 or more (--limit, --runs)."""
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        raise argparse.ArgumentTypeError(f"{_NOT_POSITIVE}{text}")  # Parser.error words it in each language
    return value


class Parser(argparse.ArgumentParser):
    """argparse, whose refusals (an unknown option, a value of the wrong kind) are said in Thai too."""

    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        if message.startswith("unrecognized arguments:"):
            # Only the options: a value typed after an unknown --password must not be echoed.
            words = message.split(":", 1)[1].split()
            message = "unrecognized arguments: " + " ".join(w if w.startswith("-") else "…" for w in words)
        lines = []
        for lang in ("th", "en"):
            detail = message
            if _NOT_POSITIVE in message:
                where, value = message.split(_NOT_POSITIVE, 1)
                detail = t("sec.not_positive", lang, what=where.removeprefix("argument ").rstrip(": "), value=value)
            lines.append(f"{self.prog}: {t('sec.bad_argument', lang, detail=detail)}")
        self.exit(EXIT_BAD_INPUT, "\n".join(lines) + "\n")


def _fits_file_system(path: Path) -> None:
    """Refuse a file name longer than the file system allows, before anything tries to open it."""
    size = len(path.name.encode("utf-8", "surrogateescape"))
    if size > NAME_MAX:
        raise CliInputError(t("sec.name_too_long", "en", name=path.name[:40] + "...", n=size, limit=NAME_MAX),
                            t("sec.name_too_long", "th", name=path.name[:40] + "...", n=size, limit=NAME_MAX))


def output_path(text: str, example: str) -> Path:
    """A file the command may write: its folder exists, it is not a folder, its name fits the file system."""
    path = Path(text)
    _fits_file_system(path)
    if path.is_dir() or text.endswith(os.sep):
        raise CliInputError(t("sec.is_folder", "en", path=text, example=str(path / example)),
                            t("sec.is_folder", "th", path=text, example=str(path / example)))
    parent = path.parent if str(path.parent) else Path(".")
    if not parent.is_dir():
        raise CliInputError(t("sec.no_folder", "en", path=str(parent)), t("sec.no_folder", "th", path=str(parent)))
    return path


def input_path(text: str) -> Path | None:
    """A file to read, or None when there is none (a name too long for the file system is none either)."""
    path = Path(text)
    _fits_file_system(path)
    return path if path.is_file() else None


def day_arg(text: str) -> dt.date:
    from analytics.calendar import parse_date_text
    from analytics.errors import DayOffError
    day = parse_date_text(text)
    if day is None:
        raise DayOffError(f"'{text}' is not a date: write it as 2025-06-02, 2/6/2568 or '2 มิ.ย. 2568'.",
                          f"'{text}' ไม่ใช่วันที่: โปรดเขียนเป็น 2025-06-02, 2/6/2568 หรือ '2 มิ.ย. 2568'")
    return day


def db_arg(value: str) -> Path | str:
    """--db: a DuckDB file path, or a postgresql:// URL kept as text."""
    return value if is_url(value) else Path(value)
