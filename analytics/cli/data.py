"""Commands about the data: demo, import, batches, undo, template, synth, migrate."""

from __future__ import annotations

import argparse
import json
import sys

from analytics import auth
from analytics.auth import User
from analytics.cli.args import input_path, output_path
from analytics.cli.terminal import EXIT_BAD_INPUT, EXIT_OK, print_problems, said
from analytics.errors import ImportRejected, UserNotFoundError
from analytics.store import Store


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
        print_problems(exc.problems)
        print(said(exc), file=sys.stderr)
        return EXIT_BAD_INPUT
    print_problems(outcome.warnings)
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


def cmd_template(store: Store | None, args: argparse.Namespace) -> int:
    from analytics.templates import template_bytes
    output_path(args.output, f"{args.kind}.xlsx").write_bytes(template_bytes(args.kind))
    print(f"Wrote the {args.kind} template to {args.output}")
    return EXIT_OK


def cmd_synth(store: Store, args: argparse.Namespace) -> int:
    from analytics.synth import synth
    report = synth(store, args.scale, args.seed, progress=lambda msg: print(msg, file=sys.stderr))
    rows = ", ".join(f"{t}: {n:,}" for t, n in report.rows.items())
    print(f"Built the {args.scale} data (seed {args.seed}) in {store.label} in {report.total_seconds:.1f} s"
          + (f" ({rows})" if rows else ""))
    return EXIT_OK


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
