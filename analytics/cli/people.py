"""Commands about people and days: user accounts, the audit trail, the government's days off."""

from __future__ import annotations

import argparse
import datetime as dt
import getpass
import sys
from typing import TextIO

import pandas as pd

from analytics import auth
from analytics.cli.args import day_arg
from analytics.cli.terminal import EXIT_BAD_INPUT, EXIT_OK
from analytics.errors import PasswordRejected
from analytics.store import Store


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


def cmd_holidays(store: Store, args: argparse.Namespace) -> int:
    """The government's days off, changed by the operator at the shell (auth.SYSTEM), audited."""
    from analytics.calendar import be_to_ce, format_date
    if args.action == "add":
        day = day_arg(args.day)
        store.add_day_off(auth.SYSTEM, day, args.name)
        print(f"{format_date(day, 'en')} ({format_date(day, 'th')}) is now a day off")
        return EXIT_OK
    if args.action == "remove":
        day = day_arg(args.day)
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
