"""The meeting deck's build time on the national database."""

from __future__ import annotations

import datetime as dt
import inspect
from collections.abc import Callable
from pathlib import Path
from typing import Any

from analytics.bench.core import (
    BENCH_ORG,
    BENCH_ROUND,
    BENCH_TODAY,
    BENCH_YEAR,
    BenchConfig,
    Figure,
    _ms,
    median,
    timed,
)
from analytics.store import Store


def _deck_arguments(func: Callable[..., Any], store: Store) -> dict[str, Any]:
    """Arguments for build_deck by parameter name; its signature belongs to the exports module."""
    known: dict[str, Any] = {
        "store": store, "org": BENCH_ORG, "org_code": BENCH_ORG, "year": BENCH_YEAR, "fiscal_year": BENCH_YEAR,
        "round": BENCH_ROUND, "round_": BENCH_ROUND, "lang": "th", "language": "th",
        "today": dt.date.fromisoformat(BENCH_TODAY)}
    args = {}
    for name, param in inspect.signature(func).parameters.items():
        if name in known:
            args[name] = known[name]
        elif param.default is inspect.Parameter.empty and param.kind not in (param.VAR_POSITIONAL, param.VAR_KEYWORD):
            raise TypeError(f"build_deck needs {name!r}, which the benchmark does not know how to give")
    return args


def bench_deck(cfg: BenchConfig, big: Path, log: Callable[[str], None]) -> list[Figure]:
    try:
        from analytics.exports.deck import build_deck  # type: ignore[import-not-found,unused-ignore]
    except ImportError as exc:
        return [Figure("deck_seconds", None, unit="s", note=f"analytics.exports.deck.build_deck is not there yet ({exc})")]
    store = Store(big)
    try:
        args = _deck_arguments(build_deck, store)
        samples = [timed(lambda: build_deck(**args))[0] for _ in range(max(1, min(cfg.runs, 3)))]
    except Exception as exc:  # the deck is another module's work in progress: record, do not crash the run
        return [Figure("deck_seconds", None, unit="s", note=f"build_deck failed: {type(exc).__name__}: {exc}")]
    finally:
        store.close()
    log(f"deck {median(samples):.2f} s")
    return [Figure("deck_seconds", round(median(samples), 3), unit="s", detail={
        "org": BENCH_ORG, "year": BENCH_YEAR, "database": cfg.scale, "samples_s": _ms(samples)})]
