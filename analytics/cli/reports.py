"""Commands that report: the figures as JSON, the meeting deck, the PDF briefing, the benchmark."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys

from analytics.cli.args import output_path
from analytics.cli.terminal import EXIT_BAD_INPUT, EXIT_OK, finite_json
from analytics.i18n import t
from analytics.store import Store


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
