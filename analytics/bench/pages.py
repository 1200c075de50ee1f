"""Page figures: warm AppTest reruns of every page, national database against the demo."""

from __future__ import annotations

import ast
import contextlib
import json
import os
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from analytics.auth import ADMIN, DEMO_VIEWER, OIDC, SYSTEM, page_permission
from analytics.bench.core import APP, BENCH_ORG, BENCH_TODAY, BENCH_YEAR, ROOT, BenchConfig, Figure, _ms, median, ratio
from analytics.store import Store


@dataclass(frozen=True)
class Page:
    path: str
    url: str
    default: bool
    permission: str  # what a user needs to see it; the benchmark browses as an administrator

    @property
    def viewable(self) -> bool:
        return DEMO_VIEWER.may(self.permission)


def app_pages(app: Path = APP) -> list[Page]:
    """The pages app.py lists in PAGES, read from its source (running it needs Streamlit)."""
    tree = ast.parse(app.read_text(encoding="utf-8"))
    for node in tree.body:
        if isinstance(node, ast.Assign) and any(isinstance(t, ast.Name) and t.id == "PAGES" for t in node.targets):
            sections = ast.literal_eval(node.value)
            break
    else:
        raise AssertionError(f"{app} has no PAGES")
    pages = [(path, url) for entries in sections.values() for path, _title, url, *_ in entries]
    return [Page(path, url, url == "overview", page_permission(path)) for path, url in pages]


def app_env(db: Path | str) -> dict[str, str]:
    return {**os.environ, "PRAMERN_DB": str(db), "PRAMERN_TODAY": BENCH_TODAY, "PRAMERN_DEMO": "1",
            "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))}


BENCH_ADMIN = "bench.admin@pramern.example"  # the administrator the page children sign in as


def ensure_bench_admin(db: Path | str) -> None:
    """An administrator account (identity-provider sign-in, no password) in db, so every page can be timed."""
    store = Store(db)
    try:
        if store.account(BENCH_ADMIN) is None:
            store.add_user(SYSTEM, BENCH_ADMIN, ADMIN, source=OIDC)
    finally:
        store.close()


PROTOCOL = "@@bench "  # marks the page child's answers among whatever else reaches its stdout


class PageChild:
    """A page child process for one database, driven one command at a time."""

    def __init__(self, db: Path | str):
        self.db = db
        # The child lives in ui/: it drives the app with Streamlit's AppTest, and analytics never imports streamlit.
        self.proc = subprocess.Popen([sys.executable, "-m", "ui.bench_pages"], cwd=ROOT,
                                     env={**app_env(db), "PRAMERN_BENCH_USER": BENCH_ADMIN}, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                     stderr=subprocess.PIPE, text=True, bufsize=1)
        self.first = self._answer()

    def _answer(self) -> dict[str, Any]:
        assert self.proc.stdout is not None
        for line in self.proc.stdout:
            if line.startswith(PROTOCOL):
                answer: dict[str, Any] = json.loads(line[len(PROTOCOL):])
                return answer
        err = self.proc.stderr.read() if self.proc.stderr else ""
        raise AssertionError(f"the page child for {self.db} stopped:\n{err[-3000:]}")

    def ask(self, op: str, **params: Any) -> dict[str, Any]:
        assert self.proc.stdin is not None
        self.proc.stdin.write(json.dumps({"op": op, **params}) + "\n")
        self.proc.stdin.flush()
        return self._answer()

    def close(self) -> None:
        if self.proc.stdin is not None:
            with contextlib.suppress(OSError):
                self.proc.stdin.write(json.dumps({"op": "quit"}) + "\n")
                self.proc.stdin.close()
        try:
            self.proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()


def bench_pages(cfg: BenchConfig, big: Path, demo: Path,
                log: Callable[[str], None]) -> tuple[list[Figure], dict[str, int]]:
    """Each page's warm rerun time on the big database over the demo's, the two runs interleaved.

    The children sign in as an administrator, so every page is timed, upload, admin and audit included.
    """
    pages = [p.path for p in app_pages()]
    labels = ("demo", cfg.scale)
    for db in (demo, big):
        ensure_bench_admin(db)
    children = {"demo": PageChild(demo)}
    try:
        children[cfg.scale] = PageChild(big)
        figures = []
        for page in pages:
            first = {label: children[label].ask("page", page=page) for label in labels}
            samples: dict[str, list[float]] = {label: [] for label in labels}
            errors = [e for answer in first.values() for e in answer["errors"]]
            if not all(answer["sidebar"] for answer in first.values()):
                errors.append("the sidebar did not run with the page")
            for r in range(cfg.runs):
                for label in (labels if r % 2 == 0 else labels[::-1]):  # alternate who goes first
                    answer = children[label].ask("rerun")
                    samples[label].append(answer["s"])
                    errors += answer["errors"]
            d, n = samples["demo"], samples[cfg.scale]
            log(f"{page}: {cfg.scale} {median(n):.3f} s, demo {median(d):.3f} s")
            figures.append(Figure(f"page_national_vs_demo:{Path(page).stem}", ratio(n, d),
                                  note=("page raised: " + "; ".join(sorted(set(errors)))) if errors else None, detail={
                                      "page": page, "org": BENCH_ORG, "year": BENCH_YEAR, "user": "administrator",
                                      "numerator": f"AppTest rerun, {cfg.scale} database, warm caches",
                                      "numerator_s": round(median(n), 4),
                                      "denominator": "AppTest rerun, demo database, warm caches",
                                      "denominator_s": round(median(d), 4),
                                      "first_run_s": {label: round(first[label]["s"], 4) for label in labels},
                                      "samples_s": {label: _ms(samples[label]) for label in labels}}))
        peaks = {label: int(children[label].ask("rss")["peak_rss_kib"]) for label in labels}
    finally:
        for child in children.values():
            child.close()
    return figures, peaks
