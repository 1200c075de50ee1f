"""The benchmark's first-export child: a fresh process that serves its first page, then exports.

Run as `python -m ui.bench_exports READ_SECONDS` by analytics.bench.startup against PRAMERN_DB.
It runs app.py once in AppTest, as the first visitor after a start does (app.py then starts the
export browsers in the background), waits as a person reads the page, and times the chart PNG,
the PDF briefing and the deck twice each: the first after the start, then the same again.
"""

from __future__ import annotations

import datetime as dt
import json
import sys
import time

from analytics.bench import APP, BENCH_ORG, BENCH_ROUND, BENCH_TODAY, BENCH_YEAR, PROTOCOL, timed


def exports_child(read_seconds: float) -> None:
    from streamlit.testing.v1 import AppTest

    from analytics.charts.ita import history_chart
    from analytics.exports.deck import build_deck
    from analytics.exports.images import to_png
    from analytics.exports.pdf import build_pdf
    from analytics.store import Store

    at = AppTest.from_file(str(APP), default_timeout=600)
    for key, value in {"org": BENCH_ORG, "year": str(BENCH_YEAR), "round": str(BENCH_ROUND), "lang": "th"}.items():
        at.query_params[key] = value
    first_page, _ = timed(at.run)
    time.sleep(read_seconds)
    today = dt.date.fromisoformat(BENCH_TODAY)
    store = Store()
    try:
        chart = history_chart(store.ita_history(BENCH_ORG), "th", BENCH_ORG, BENCH_YEAR)
        exports = {
            "png": lambda: to_png(chart),
            "pdf": lambda: build_pdf(store, BENCH_ORG, BENCH_YEAR, BENCH_ROUND, "th", today),
            "deck": lambda: build_deck(store, BENCH_ORG, BENCH_YEAR, BENCH_ROUND, "th", today),
        }
        seconds = {name: [timed(make)[0] for _ in range(2)] for name, make in exports.items()}
    finally:
        store.close()
    print(PROTOCOL + json.dumps({"first_page_s": first_page, "seconds": seconds,
                                 "errors": [str(e.value)[:300] for e in at.exception]}), flush=True)


if __name__ == "__main__":
    exports_child(float(sys.argv[1]) if len(sys.argv) > 1 else 3.0)
