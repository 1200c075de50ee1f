"""`python -m analytics`: the command line for scripting what the app does.

A package by concern: `terminal` (what reaches the terminal, the error log), `args` (paths and values
given on the command line), `parser` (the options), and the commands by area: `data`, `people`,
`reports`.
"""

from __future__ import annotations

import argparse
import secrets
import sys
from collections.abc import Callable, Sequence
from typing import Any

from analytics.cli.data import cmd_batches, cmd_demo, cmd_import, cmd_migrate, cmd_synth, cmd_template, cmd_undo
from analytics.cli.parser import build_parser
from analytics.cli.people import cmd_audit, cmd_holidays, cmd_user
from analytics.cli.reports import cmd_bench, cmd_export_deck, cmd_export_pdf, cmd_report
from analytics.cli.terminal import (
    EXIT_BAD_INPUT,
    EXIT_INTERRUPTED,
    both,
    escape,
    escaped_output,
    log_dir,
    log_unexpected,
    said,
)
from analytics.errors import PramernError
from analytics.store import Store

__all__ = ["COMMANDS", "build_parser", "escape", "log_dir", "main"]

Command = Callable[[Any, argparse.Namespace], int]

COMMANDS: dict[str, Command] = {"demo": cmd_demo, "import": cmd_import, "batches": cmd_batches, "undo": cmd_undo,
            "user": cmd_user, "audit": cmd_audit, "holidays": cmd_holidays, "migrate": cmd_migrate,
            "template": cmd_template, "report": cmd_report, "synth": cmd_synth, "bench": cmd_bench,
            "export-deck": cmd_export_deck, "export-pdf": cmd_export_pdf}

NO_STORE = {"template", "bench"}


def _run(argv: Sequence[str] | None) -> int:
    args = build_parser().parse_args(argv)
    try:
        if args.command in NO_STORE:
            return COMMANDS[args.command](None, args)
        store = Store(args.db, migrate=args.command != "migrate")
        try:
            return COMMANDS[args.command](store, args)
        finally:
            store.close()
    except PramernError as exc:
        print(said(exc), file=sys.stderr)
        return EXIT_BAD_INPUT


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command. Nothing reaches the terminal raw and no traceback ever does: bad input and
    unusable paths exit 2 with a message in Thai and English; anything unexpected exits 2 too, with a
    reference id whose detail is in the log file."""
    with escaped_output():
        try:
            return _run(argv)
        except KeyboardInterrupt:
            print("ยกเลิกแล้ว\nInterrupted.", file=sys.stderr)
            return EXIT_INTERRUPTED
        except OSError as exc:
            where = exc.filename if exc.filename is not None else "-"
            reason = exc.strerror or exc.__class__.__name__
            print(both("sec.os_error", path=where, reason=reason), file=sys.stderr)
            return EXIT_BAD_INPUT
        except Exception as exc:  # the top-level guard: a reference for the person, the detail for the log
            ref = secrets.token_hex(4).upper()
            logged = log_unexpected(ref, exc)
            print(both("sec.unexpected_cli", ref=ref, log=logged) if logged else
                  both("sec.unexpected_cli_nolog", ref=ref), file=sys.stderr)
            return EXIT_BAD_INPUT
