"""What the command line writes: Thai and English texts, control characters escaped, the error log."""

from __future__ import annotations

import contextlib
import io
import logging
import math
import os
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any, TextIO

from analytics.errors import PramernError
from analytics.i18n import t
from analytics.importing import Problem

EXIT_OK, EXIT_BAD_INPUT = 0, 2
EXIT_INTERRUPTED = 130

log = logging.getLogger("pramern.cli")


def both(key: str, **params: Any) -> str:
    """A catalogue text in Thai, then English, for the terminal."""
    return f"{t(key, 'th', **params)}\n{t(key, 'en', **params)}"


def said(err: PramernError) -> str:
    return err.message_en if err.message_en == err.message_th else f"{err.message_th}\n{err.message_en}"


def print_problems(problems: Sequence[Problem], stream: TextIO | None = None) -> None:
    stream = stream or sys.stderr
    for p in problems:
        label = {"error": "ERROR", "warning": "WARNING"}.get(p.severity, "NOTE")
        print(f"{label}: {p.message('th')}", file=stream)
        print(f"{' ' * len(label)}  {p.message('en')}", file=stream)


# -- what reaches the terminal ---------------------------------------------------------------------
# -- what reaches the terminal ---------------------------------------------------------------------
# Text from cells, file names and the database may carry control characters (an ESC that recolours
# or clears the terminal, a CR that overwrites a line, bidi overrides that reorder it). Everything
# the CLI writes goes through escape(): such characters are shown as \uXXXX, which is also valid
# inside the JSON the CLI prints. Line breaks and tabs the CLI writes itself stay.
_BIDI = {0x200E, 0x200F, *range(0x202A, 0x202F), *range(0x2066, 0x206A)}


def escape(text: str, keep: str = "\n\t") -> str:
    if text.isprintable() and not any(ord(c) in _BIDI for c in text):
        return text
    return "".join(f"\\u{ord(c):04x}" if (c not in keep and (ord(c) < 0x20 or 0x7F <= ord(c) < 0xA0))
                   or ord(c) in _BIDI else c for c in text)


class _Escaped(io.TextIOBase):
    """A text stream that escapes control characters before they reach the real one."""

    def __init__(self, raw: TextIO):
        self.raw = raw

    def write(self, text: str) -> int:
        self.raw.write(escape(text))
        return len(text)

    def flush(self) -> None:
        self.raw.flush()

    def isatty(self) -> bool:
        return self.raw.isatty()

    @property
    def encoding(self) -> str:  # type: ignore[override]
        return getattr(self.raw, "encoding", "utf-8")


@contextlib.contextmanager
def escaped_output() -> Iterator[None]:
    out, err = sys.stdout, sys.stderr
    sys.stdout, sys.stderr = _Escaped(out), _Escaped(err)  # type: ignore[assignment]
    try:
        yield
    finally:
        sys.stdout, sys.stderr = out, err


def finite_json(value: Any) -> Any:
    """The value with every float that is not finite (inf, -inf, nan) replaced by None, at any depth."""
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, dict):
        return {k: finite_json(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [finite_json(v) for v in value]
    return value


# -- what does not: the detail of unexpected errors -------------------------------------------------
def log_dir() -> Path:
    """Where the command line writes the detail of unexpected errors: $PRAMERN_LOG_DIR or data/logs."""
    return Path(os.environ.get("PRAMERN_LOG_DIR") or Path(__file__).resolve().parents[2] / "data" / "logs")


def log_unexpected(ref: str, exc: BaseException) -> Path | None:
    """Write the traceback to the log file (never to the terminal); the file, or None when it cannot be."""
    path = log_dir() / "pramern-cli.log"
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handler = logging.FileHandler(path, encoding="utf-8")
    except OSError:
        return None
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s %(message)s"))
    log.addHandler(handler)
    log.propagate = False
    try:
        log.error("unexpected error %s in %s", ref, " ".join(sys.argv), exc_info=exc)
    finally:
        log.removeHandler(handler)
        handler.close()
    return path
