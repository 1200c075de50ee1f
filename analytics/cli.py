"""`python -m analytics`: the command line for scripting what the app does."""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import getpass
import io
import json
import logging
import math
import os
import secrets
import sys
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any, NoReturn, TextIO

import pandas as pd

from analytics import auth
from analytics.auth import User
from analytics.errors import ImportRejected, PasswordRejected, PramernError, UserNotFoundError
from analytics.i18n import t
from analytics.importing import KINDS, Problem
from analytics.store import DEFAULT_DB, Store, is_url

EXIT_OK, EXIT_BAD_INPUT = 0, 2
EXIT_INTERRUPTED = 130
NAME_MAX = 255  # bytes of one file name on Linux file systems

log = logging.getLogger("pramern.cli")


class CliInputError(PramernError):
    """A path or value given on the command line that cannot be used."""


def both(key: str, **params: Any) -> str:
    """A catalogue text in Thai, then English, for the terminal."""
    return f"{t(key, 'th', **params)}\n{t(key, 'en', **params)}"


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
def _escaped_output() -> Iterator[None]:
    out, err = sys.stdout, sys.stderr
    sys.stdout, sys.stderr = _Escaped(out), _Escaped(err)  # type: ignore[assignment]
    try:
        yield
    finally:
        sys.stdout, sys.stderr = out, err


# -- paths and values given on the command line ------------------------------------------------------
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


def output_path(text: str, example: str) -> Path:
    """A file the command may write: its folder exists, it is not a folder, its name fits the file system."""
    path = Path(text)
    if len(path.name.encode("utf-8", "surrogateescape")) > NAME_MAX:
        raise CliInputError(t("sec.name_too_long", "en", name=path.name[:40] + "...",
                              n=len(path.name.encode("utf-8", "surrogateescape")), limit=NAME_MAX),
                            t("sec.name_too_long", "th", name=path.name[:40] + "...",
                              n=len(path.name.encode("utf-8", "surrogateescape")), limit=NAME_MAX))
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
    if len(path.name.encode("utf-8", "surrogateescape")) > NAME_MAX:
        raise CliInputError(t("sec.name_too_long", "en", name=path.name[:40] + "...",
                              n=len(path.name.encode("utf-8", "surrogateescape")), limit=NAME_MAX),
                            t("sec.name_too_long", "th", name=path.name[:40] + "...",
                              n=len(path.name.encode("utf-8", "surrogateescape")), limit=NAME_MAX))
    return path if path.is_file() else None


def _both(err: PramernError) -> str:
    return err.message_en if err.message_en == err.message_th else f"{err.message_th}\n{err.message_en}"


def _print_problems(problems: Sequence[Problem], stream: TextIO | None = None) -> None:
    stream = stream or sys.stderr
    for p in problems:
        label = {"error": "ERROR", "warning": "WARNING"}.get(p.severity, "NOTE")
        print(f"{label}: {p.message('th')}", file=stream)
        print(f"{' ' * len(label)}  {p.message('en')}", file=stream)


def acting_user(store: Store, email: str | None) -> User:
    """The operator at the shell (auth.SYSTEM), or the account named with --user, whose role then applies."""
    if not email:
        return auth.SYSTEM
    account = store.account(auth.normal_email(email))
    if account is None or account.disabled:
        raise UserNotFoundError(f"No enabled account has the e-mail {email}.",
                                f"ไม่พบบัญชีที่ใช้งานได้ของอีเมล {email}")
    return account.user()


def cmd_demo(store: Store, args: argparse.Namespace) -> int:
    from analytics.demo import demo_sign_in_hint, load_demo
    ids = load_demo(store)
    print(f"Loaded {len(ids)} demo batches into {store.label}" if ids else f"The demo data is already in {store.label}")
    if auth.demo_mode():
        print(demo_sign_in_hint())
    return EXIT_OK


def cmd_import(store: Store, args: argparse.Namespace) -> int:
    from analytics.importing import import_file
    path = input_path(args.file)
    if path is None:
        print(f"ไม่พบไฟล์ {args.file}\nNo such file: {args.file}", file=sys.stderr)
        return EXIT_BAD_INPUT
    try:
        outcome = import_file(store, path.read_bytes(), path.name, acting_user(store, args.user), kind=args.kind,
                              org=args.org, year=args.year, replace=args.replace)
    except ImportRejected as exc:
        _print_problems(exc.problems)
        print(_both(exc), file=sys.stderr)
        return EXIT_BAD_INPUT
    _print_problems(outcome.warnings)
    rows = ", ".join(f"{t}: {n}" for t, n in outcome.rows.items())
    if len(outcome.batch_ids) == 1:
        print(f"Imported batch {outcome.batch_id} ({outcome.kind}; {rows})")
    else:
        print(f"Imported batches {', '.join(map(str, outcome.batch_ids))} ({outcome.kind}; {rows})")
    if outcome.replaced:
        print("Replaced: " + "; ".join("/".join(str(v) for v in s) for s in outcome.replaced))
    return EXIT_OK


def cmd_batches(store: Store, args: argparse.Namespace) -> int:
    batches = store.batches()
    if args.json:
        print(json.dumps([{**b.__dict__, "created_at": b.created_at.isoformat()} for b in batches],
                         ensure_ascii=False, indent=1))
        return EXIT_OK
    print(f"{'id':>5}  {'kind':<12} {'status':<8} {'rows':>7}  {'when':<19}  {'who':<14} file / sha256")
    for b in batches:
        print(f"{b.batch_id:>5}  {b.kind:<12} {b.status:<8} {b.rows:>7}  {b.created_at:%Y-%m-%d %H:%M:%S}  "
              f"{b.actor:<14} {b.file_name} {b.sha256[:12]}")
    return EXIT_OK


def cmd_undo(store: Store, args: argparse.Namespace) -> int:
    batch = store.undo(args.batch_id, acting_user(store, args.user))
    print(f"Undid batch {batch.batch_id} ({batch.kind}, {batch.file_name})")
    return EXIT_OK


def read_new_password(stdin: TextIO | None = None) -> str:
    """A new password: asked twice without echo on a terminal, else the first line of stdin.

    Never an argument: the command line shows in `ps` and in the shell's history.
    """
    stdin = stdin or sys.stdin
    if stdin.isatty():
        first = getpass.getpass("New password: ")
        if getpass.getpass("Repeat the password: ") != first:
            raise PasswordRejected("The two passwords differ.", "รหัสผ่านทั้งสองครั้งไม่ตรงกัน")
        return first
    return stdin.readline().rstrip("\r\n")


def cmd_user(store: Store, args: argparse.Namespace) -> int:
    """User accounts, managed by the operator at the shell (auth.SYSTEM)."""
    actor = auth.SYSTEM
    if args.action == "list":
        accounts = store.accounts()
        if args.json:
            print(accounts.to_json(orient="records", date_format="iso", force_ascii=False, indent=1))
            return EXIT_OK
        print(f"{'e-mail':<36} {'role':<8} {'source':<6} {'orgs':<16} state")
        for r in accounts.to_dict("records"):
            state = "disabled" if r["disabled"] else "locked" if r["locked"] else "active"
            print(f"{r['email']:<36} {r['role']:<8} {r['source']:<6} {r['orgs'] or '(all)':<16} {state}")
        return EXIT_OK
    if args.action == "add":
        password = None if args.oidc else read_new_password()
        account = store.add_user(actor, args.email, args.role, auth.parse_orgs(args.orgs), password,
                                 source=auth.OIDC if args.oidc else auth.LOCAL)
        print(f"Added {account.email} ({account.role}, {account.source}, "
              f"{', '.join(account.orgs) or 'every organisation'})")
    elif args.action == "role":
        store.set_role(actor, args.email, args.role)
        print(f"{args.email} is now {args.role}")
    elif args.action == "orgs":
        codes = auth.parse_orgs(args.orgs)
        store.set_orgs(actor, args.email, codes)
        print(f"{args.email} may act for {', '.join(codes) or 'every organisation'}")
    elif args.action == "disable":
        store.disable_user(actor, args.email)
        print(f"Disabled {args.email}")
    elif args.action == "enable":
        store.enable_user(actor, args.email)
        print(f"Enabled {args.email}")
    elif args.action == "unlock":
        store.unlock_user(actor, args.email)
        print(f"Unlocked {args.email}")
    elif args.action == "reset-password":
        store.reset_password(actor, args.email, read_new_password())
        print(f"Set a new password for {args.email}")
    return EXIT_OK


def cmd_audit(store: Store, args: argparse.Namespace) -> int:
    """The audit trail, newest first; with --verify, whether its hash chain is intact."""
    if args.verify:
        check = store.verify_audit()
        print(f"{check.message('th')}\n{check.message('en')}", file=sys.stdout if check.intact else sys.stderr)
        return EXIT_OK if check.intact else EXIT_BAD_INPUT
    events = store.audit_events(actor=args.actor, actions=[args.action] if args.action else None,
                                since=dt.datetime.combine(args.since, dt.time()) if args.since else None,
                                limit=args.limit)
    if args.json:
        print(events.to_json(orient="records", date_format="iso", force_ascii=False, indent=1))
        return EXIT_OK
    for r in events.to_dict("records"):
        batch = f" batch {int(r['batch_id'])}" if pd.notna(r["batch_id"]) else ""
        print(f"{r['id']:>6}  {r['at']:%Y-%m-%d %H:%M:%S}  {r['actor']:<28} {r['action']:<20} "
              f"{r['object'] or ''}{batch}  {r['detail'] or ''}")
    return EXIT_OK


def _day_arg(text: str) -> dt.date:
    from analytics.calendar import parse_date_text
    from analytics.errors import DayOffError
    day = parse_date_text(text)
    if day is None:
        raise DayOffError(f"'{text}' is not a date: write it as 2025-06-02, 2/6/2568 or '2 มิ.ย. 2568'.",
                          f"'{text}' ไม่ใช่วันที่: โปรดเขียนเป็น 2025-06-02, 2/6/2568 หรือ '2 มิ.ย. 2568'")
    return day


def cmd_holidays(store: Store, args: argparse.Namespace) -> int:
    """The government's days off, changed by the operator at the shell (auth.SYSTEM), audited."""
    from analytics.calendar import be_to_ce, format_date
    if args.action == "add":
        day = _day_arg(args.day)
        store.add_day_off(auth.SYSTEM, day, args.name)
        print(f"{format_date(day, 'en')} ({format_date(day, 'th')}) is now a day off")
        return EXIT_OK
    if args.action == "remove":
        day = _day_arg(args.day)
        store.remove_day_off(auth.SYSTEM, day)
        print(f"{format_date(day, 'en')} ({format_date(day, 'th')}) is now a working day")
        return EXIT_OK
    year = args.year or dt.date.today().year
    listed = store.days_off(be_to_ce(year) if year >= 2400 else year)
    if args.json:
        print(listed.to_json(orient="records", date_format="iso", force_ascii=False, indent=1))
        return EXIT_OK
    for r in listed.itertuples():
        mark = {"package": " ", "added": "+", "removed": "-"}[r.source]
        print(f"{mark} {r.day:%Y-%m-%d}  {format_date(r.day, 'th'):<14} {r.name_th}"
              + (f"  ({r.source} by {r.changed_by})" if isinstance(r.changed_by, str) else ""))
    return EXIT_OK


def cmd_template(store: Store | None, args: argparse.Namespace) -> int:
    from analytics.templates import template_bytes
    output_path(args.output, f"{args.kind}.xlsx").write_bytes(template_bytes(args.kind))
    print(f"Wrote the {args.kind} template to {args.output}")
    return EXIT_OK


def finite_json(value: Any) -> Any:
    """The value with every float that is not finite (inf, -inf, nan) replaced by None, at any depth."""
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, dict):
        return {k: finite_json(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [finite_json(v) for v in value]
    return value


def cmd_report(store: Store, args: argparse.Namespace) -> int:
    from analytics.report import full_report
    org = store.org_lookup().get(args.org.strip().lower())
    if org is None:
        print(f"ไม่รู้จักหน่วยงาน {args.org}\nUnknown organisation {args.org}", file=sys.stderr)
        return EXIT_BAD_INPUT
    report = full_report(store, org, args.year, args.round, dt.date.today())
    if args.json:
        # JSON has no Infinity or NaN: a value that is not a finite number is null (allow_nan=False proves it).
        print(json.dumps(finite_json(report), ensure_ascii=False, indent=1, allow_nan=False))
    else:
        kpi, ita = report["kpi"], report["ita"]
        print(f"{org} FY{args.year} round {args.round}")
        print(f"KPI composite: {kpi['composite'] if kpi else '-'}")
        print(f"ITA overall: {ita['overall'] if ita else '-'} ({ita['band'] if ita else '-'})")
        print(f"Actions: {report['actions']}")
    return EXIT_OK


def cmd_export(store: Store, args: argparse.Namespace, kind: str) -> int:
    """export-deck / export-pdf: write the meeting deck or the PDF briefing and say how long it took."""
    import time

    from analytics.exports.briefing import PARTS, build_briefing, parse_parts, resolve_org
    output = output_path(args.output, f"{args.org}-{args.year}.{'pptx' if kind == 'deck' else 'pdf'}")
    if resolve_org(store, args.org) is None:
        print(f"ไม่รู้จักหน่วยงาน {args.org}\nUnknown organisation {args.org}", file=sys.stderr)
        return EXIT_BAD_INPUT
    try:
        parts = parse_parts(args.parts)
    except ValueError as exc:
        known = ", ".join(PARTS)
        print(f"{t('exp.bad_parts', 'th', parts=exc, known=known)}\n{t('exp.bad_parts', 'en', parts=exc, known=known)}",
              file=sys.stderr)
        return EXIT_BAD_INPUT
    started = time.perf_counter()
    briefing = build_briefing(store, args.org, args.year, args.round, args.lang, args.today or dt.date.today(),
                              parts)
    if kind == "deck":
        from analytics.exports.deck import deck_from_briefing
        data = deck_from_briefing(briefing)
    else:
        from analytics.exports.pdf import pdf_from_briefing
        data = pdf_from_briefing(briefing)
    output.write_bytes(data)
    print(f"Wrote {args.output} ({len(data):,} bytes, {briefing.org_code} FY{args.year}, {args.round}-month round) "
          f"in {time.perf_counter() - started:.2f} s")
    return EXIT_OK


def cmd_export_deck(store: Store, args: argparse.Namespace) -> int:
    return cmd_export(store, args, "deck")


def cmd_export_pdf(store: Store, args: argparse.Namespace) -> int:
    return cmd_export(store, args, "pdf")


def _db_arg(value: str) -> Path | str:
    """--db: a DuckDB file path, or a postgresql:// URL kept as text."""
    return value if is_url(value) else Path(value)


def cmd_migrate(store: Store, args: argparse.Namespace) -> int:
    """Bring the database up to the current schema; with --app-role, set up the app's PostgreSQL role."""
    from analytics.store.schema import SCHEMA_VERSION
    before = store.schema_version()
    applied = store.migrate()
    if applied:
        print(f"Migrated {store.label} from schema version {before} to {SCHEMA_VERSION} "
              f"(applied {', '.join(str(v) for v in applied)})")
    else:
        print(f"{store.label} is at schema version {SCHEMA_VERSION}, the current one; nothing to do")
    if args.app_role:
        store.grant_app_role(args.app_role)
        print(f"Role {args.app_role}: {', '.join(store.table_privileges(args.app_role, 'audit_log'))} on audit_log; "
              "SELECT, INSERT, UPDATE, DELETE on the other tables. If it has no password yet, set one in psql "
              f"with \\password {args.app_role}; the servers' PRAMERN_DB connects as this role.")
    return EXIT_OK


def build_parser() -> argparse.ArgumentParser:
    common = Parser(add_help=False)
    common.add_argument("--db", type=_db_arg, default=None,
                        help=f"database: a DuckDB file or a postgresql:// URL (default: $PRAMERN_DB or {DEFAULT_DB})")
    parser = Parser(prog="python -m analytics", description="Pramern: KPI, ITA and action plans")
    as_user = ("act as this account, whose role and organisations then apply "
               "(default: the operator at the shell, with full rights)")
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("demo", parents=[common], help="load the demo data")
    p = sub.add_parser("migrate", parents=[common], help="bring the database up to the current schema")
    p.add_argument("--app-role", metavar="NAME",
                   help="PostgreSQL: create or update the app's role: INSERT and SELECT only on audit_log")
    p = sub.add_parser("import", parents=[common], help="import a result file (.xlsx or .csv)")
    p.add_argument("file")
    p.add_argument("--kind", choices=KINDS)
    p.add_argument("--org", help="organisation code or Thai abbreviation, when the file has none")
    p.add_argument("--year", type=int, help="fiscal year (BE), when the file has none")
    p.add_argument("--replace", action="store_true", help="replace existing data of the same org, year and kind")
    p.add_argument("--user", metavar="EMAIL", help=as_user)
    p = sub.add_parser("batches", parents=[common], help="list import batches")
    p.add_argument("--json", action="store_true")
    p = sub.add_parser("undo", parents=[common], help="undo an import batch")
    p.add_argument("batch_id", type=int)
    p.add_argument("--user", metavar="EMAIL", help=as_user)
    p = sub.add_parser("user", help="manage user accounts (as the operator)")
    users = p.add_subparsers(dest="action", required=True)
    u = users.add_parser("add", parents=[common], help="add an account; the password is asked for or read from stdin")
    u.add_argument("email")
    u.add_argument("--role", required=True, choices=auth.ROLES)
    u.add_argument("--orgs", default="", help="comma-separated org codes it may act for (default: every one)")
    u.add_argument("--oidc", action="store_true", help="signs in through the identity provider: no password")
    u = users.add_parser("list", parents=[common], help="list accounts (never their passwords)")
    u.add_argument("--json", action="store_true")
    u = users.add_parser("role", parents=[common], help="change an account's role")
    u.add_argument("email")
    u.add_argument("role", choices=auth.ROLES)
    u = users.add_parser("orgs", parents=[common], help="limit an account to some organisations ('' for all)")
    u.add_argument("email")
    u.add_argument("orgs")
    for name, what in (("disable", "disable an account"), ("enable", "enable a disabled account"),
                       ("unlock", "unlock an account locked by failed sign-ins"),
                       ("reset-password", "set a new password (asked for, or read from stdin)")):
        users.add_parser(name, parents=[common], help=what).add_argument("email")
    p = sub.add_parser("audit", parents=[common], help="the audit trail, newest first")
    p.add_argument("--actor", help="only this e-mail's events")
    p.add_argument("--action", help="only this action (sign_in, import, undo, action_edit, user_add ...)")
    p.add_argument("--since", type=dt.date.fromisoformat, help="from this day (YYYY-MM-DD)")
    p.add_argument("--limit", type=positive_int, default=200, help="at most this many events (1 or more)")
    p.add_argument("--json", action="store_true")
    p.add_argument("--verify", action="store_true",
                   help="check the hash chain: exit 0 when intact, 2 naming the first event changed, removed or reordered")
    p = sub.add_parser("holidays", help="the government's days off: add a cabinet's special day, remove one, list")
    days = p.add_subparsers(dest="action", required=True)
    h = days.add_parser("add", parents=[common], help="make a working day a day off (audited)")
    h.add_argument("day", help="the date: 2025-06-02, 2/6/2568 or '2 มิ.ย. 2568'")
    h.add_argument("--name", default="", help="its name, e.g. the cabinet resolution (needed for a new day)")
    h = days.add_parser("remove", parents=[common], help="make a day off a working day again (audited)")
    h.add_argument("day", help="the date: 2025-06-02, 2/6/2568 or '2 มิ.ย. 2568'")
    h = days.add_parser("list", parents=[common], help="the days off of a year")
    h.add_argument("--year", type=int, help="calendar year, BE (2568) or CE (2025); default this year")
    h.add_argument("--json", action="store_true")
    p = sub.add_parser("template", parents=[common], help="write an upload template")
    p.add_argument("kind", choices=(*KINDS, "all"), help="a kind, or all for one workbook with a sheet per kind")
    p.add_argument("-o", "--output", required=True)
    p = sub.add_parser("report", parents=[common], help="the figures of one org and year")
    p.add_argument("--org", required=True)
    p.add_argument("--year", type=int, required=True)
    p.add_argument("--round", type=int, choices=(6, 9, 12), default=12)
    p.add_argument("--json", action="store_true")
    p = sub.add_parser("synth", help="build a database of synthetic data (demo, one ministry, or national)")
    p.add_argument("--scale", required=True, choices=("demo", "ministry", "national"))
    p.add_argument("--db", type=_db_arg, required=True,
                   help="database file or postgresql:// URL to fill (new, or holding only the demo)")
    p.add_argument("--seed", type=int, default=2568)
    p = sub.add_parser("bench", help="measure imports, scoring, pages and memory at national scale")
    p.add_argument("--json", action="store_true", help="print the figures as JSON")
    p.add_argument("--quick", action="store_true", help="small sizes, one run, a ministry-scale database")
    p.add_argument("--runs", type=int, help="repetitions per measurement (default 5, quick 1)")
    p.add_argument("--only", help="comma-separated parts: import, openpyxl, ita, scoring, pages, rss, deck, sessions, "
                                  "startup, exports, postgres")
    p.add_argument("--work-dir", type=Path, help="where the workbook and databases are cached (default: temp dir)")
    for name, what, suffix in (("export-deck", "the meeting deck (16:9 PowerPoint, native charts)", ".pptx"),
                               ("export-pdf", "the PDF briefing (the deck's content)", ".pdf")):
        p = sub.add_parser(name, parents=[common], help=f"write {what} of one org and year")
        p.add_argument("--org", required=True, help="organisation code or Thai abbreviation (DPIM, กพร.)")
        p.add_argument("--year", type=int, required=True, help="fiscal year (BE)")
        p.add_argument("--round", type=int, choices=(6, 9, 12), default=12)
        p.add_argument("--lang", choices=("th", "en"), default="th")
        p.add_argument("--today", type=dt.date.fromisoformat, default=None,
                       help="the 'data as of' date, also used for overdue actions (YYYY-MM-DD; default today)")
        p.add_argument("--parts", default=None,
                       help="comma-separated parts to include: kpi, ita, actions, cycle, comparison (default: all)")
        p.add_argument("-o", "--output", required=True, help=f"file to write ({suffix})")
    return parser


def cmd_synth(store: Store, args: argparse.Namespace) -> int:
    from analytics.synth import synth
    report = synth(store, args.scale, args.seed, progress=lambda msg: print(msg, file=sys.stderr))
    rows = ", ".join(f"{t}: {n:,}" for t, n in report.rows.items())
    print(f"Built the {args.scale} data (seed {args.seed}) in {store.label} in {report.total_seconds:.1f} s"
          + (f" ({rows})" if rows else ""))
    return EXIT_OK


def cmd_bench(store: None, args: argparse.Namespace) -> int:
    from analytics import bench
    try:
        cfg = bench.config_for(args.quick, args.runs, args.work_dir, args.only.split(",") if args.only else None)
    except ValueError as exc:
        print(exc, file=sys.stderr)
        return EXIT_BAD_INPUT
    result = bench.run(cfg, log=lambda msg: print(msg, file=sys.stderr))
    print(json.dumps(result, ensure_ascii=False, indent=1) if args.json else bench.render(result))
    return EXIT_OK


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
        print(_both(exc), file=sys.stderr)
        return EXIT_BAD_INPUT


def log_dir() -> Path:
    """Where the command line writes the detail of unexpected errors: $PRAMERN_LOG_DIR or data/logs."""
    return Path(os.environ.get("PRAMERN_LOG_DIR") or Path(__file__).resolve().parents[1] / "data" / "logs")


def _log_unexpected(ref: str, exc: BaseException) -> Path | None:
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


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command. Nothing reaches the terminal raw and no traceback ever does: bad input and
    unusable paths exit 2 with a message in Thai and English; anything unexpected exits 2 too, with a
    reference id whose detail is in the log file."""
    with _escaped_output():
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
            logged = _log_unexpected(ref, exc)
            print(both("sec.unexpected_cli", ref=ref, log=logged) if logged else
                  both("sec.unexpected_cli_nolog", ref=ref), file=sys.stderr)
            return EXIT_BAD_INPUT
