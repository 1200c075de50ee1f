"""`python -m analytics`: the command line for scripting what the app does."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from collections.abc import Sequence
from pathlib import Path

from analytics.errors import ImportRejected, PramernError
from analytics.importers import KINDS, Problem
from analytics.store import Store, default_db_path

EXIT_OK, EXIT_BAD_INPUT = 0, 2


def _both(err: PramernError) -> str:
    return err.message_en if err.message_en == err.message_th else f"{err.message_th}\n{err.message_en}"


def _print_problems(problems: Sequence[Problem], stream=sys.stderr) -> None:  # type: ignore[no-untyped-def]
    for p in problems:
        label = "ERROR" if p.severity == "error" else "WARNING"
        print(f"{label}: {p.message('th')}", file=stream)
        print(f"{' ' * len(label)}  {p.message('en')}", file=stream)


def cmd_demo(store: Store, args: argparse.Namespace) -> int:
    from analytics.demo import load_demo
    ids = load_demo(store)
    print(f"Loaded {len(ids)} demo batches into {store.path}" if ids else f"The demo data is already in {store.path}")
    return EXIT_OK


def cmd_import(store: Store, args: argparse.Namespace) -> int:
    from analytics.importers import import_file
    path = Path(args.file)
    if not path.is_file():
        print(f"ไม่พบไฟล์ {path}\nNo such file: {path}", file=sys.stderr)
        return EXIT_BAD_INPUT
    try:
        outcome = import_file(store, path.read_bytes(), path.name, args.actor, kind=args.kind, org=args.org,
                              year=args.year, replace=args.replace)
    except ImportRejected as exc:
        _print_problems(exc.problems)
        print(_both(exc), file=sys.stderr)
        return EXIT_BAD_INPUT
    _print_problems(outcome.warnings)
    rows = ", ".join(f"{t}: {n}" for t, n in outcome.rows.items())
    print(f"Imported batch {outcome.batch_id} ({outcome.kind}; {rows})")
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
    batch = store.undo(args.batch_id, args.actor)
    print(f"Undid batch {batch.batch_id} ({batch.kind}, {batch.file_name})")
    return EXIT_OK


def cmd_template(store: Store | None, args: argparse.Namespace) -> int:
    from analytics.templates import template_bytes
    Path(args.output).write_bytes(template_bytes(args.kind))
    print(f"Wrote the {args.kind} template to {args.output}")
    return EXIT_OK


def cmd_report(store: Store, args: argparse.Namespace) -> int:
    from analytics.report import full_report
    org = store.org_lookup().get(args.org.strip().lower())
    if org is None:
        print(f"ไม่รู้จักหน่วยงาน {args.org}\nUnknown organisation {args.org}", file=sys.stderr)
        return EXIT_BAD_INPUT
    report = full_report(store, org, args.year, args.round, dt.date.today())
    if args.json:
        print(json.dumps(report, ensure_ascii=False, indent=1))
    else:
        kpi, ita = report["kpi"], report["ita"]
        print(f"{org} FY{args.year} round {args.round}")
        print(f"KPI composite: {kpi['composite'] if kpi else '-'}")
        print(f"ITA overall: {ita['overall'] if ita else '-'} ({ita['band'] if ita else '-'})")
        print(f"Actions: {report['actions']}")
    return EXIT_OK


def build_parser() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--db", type=Path, default=None,
                        help=f"database file (default: $PRAMERN_DB or {default_db_path()})")
    parser = argparse.ArgumentParser(prog="python -m analytics", description="Pramern: KPI, ITA and action plans")
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("demo", parents=[common], help="load the demo data")
    p = sub.add_parser("import", parents=[common], help="import a result file (.xlsx or .csv)")
    p.add_argument("file")
    p.add_argument("--kind", choices=KINDS)
    p.add_argument("--org", help="organisation code or Thai abbreviation, when the file has none")
    p.add_argument("--year", type=int, help="fiscal year (BE), when the file has none")
    p.add_argument("--replace", action="store_true", help="replace existing data of the same org, year and kind")
    p.add_argument("--actor", default="cli", help=argparse.SUPPRESS)
    p = sub.add_parser("batches", parents=[common], help="list import batches")
    p.add_argument("--json", action="store_true")
    p = sub.add_parser("undo", parents=[common], help="undo an import batch")
    p.add_argument("batch_id", type=int)
    p.add_argument("--actor", default="cli", help=argparse.SUPPRESS)
    p = sub.add_parser("template", parents=[common], help="write an upload template")
    p.add_argument("kind", choices=KINDS)
    p.add_argument("-o", "--output", required=True)
    p = sub.add_parser("report", parents=[common], help="the figures of one org and year")
    p.add_argument("--org", required=True)
    p.add_argument("--year", type=int, required=True)
    p.add_argument("--round", type=int, choices=(6, 9, 12), default=12)
    p.add_argument("--json", action="store_true")
    return parser


COMMANDS = {"demo": cmd_demo, "import": cmd_import, "batches": cmd_batches, "undo": cmd_undo,
            "template": cmd_template, "report": cmd_report}
NO_STORE = {"template"}


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        if args.command in NO_STORE:
            return COMMANDS[args.command](None, args)  # type: ignore[arg-type]
        store = Store(args.db)
        try:
            return COMMANDS[args.command](store, args)
        finally:
            store.close()
    except PramernError as exc:
        print(_both(exc), file=sys.stderr)
        return EXIT_BAD_INPUT
