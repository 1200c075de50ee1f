"""The command line's options, one sub-command per thing the app does."""

from __future__ import annotations

import argparse
import datetime as dt
from pathlib import Path

from analytics import auth
from analytics.cli.args import Parser, db_arg, positive_int
from analytics.importing import KINDS
from analytics.store import DEFAULT_DB


def build_parser() -> argparse.ArgumentParser:
    common = Parser(add_help=False)
    common.add_argument("--db", type=db_arg, default=None,
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
    p.add_argument("--db", type=db_arg, required=True,
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
