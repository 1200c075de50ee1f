"""Deterministic synthetic data in the real schema, at demo, ministry or national scale.

Every scale starts from the demo data (so DPIM FY2568 is there at any size) and adds synthetic
agencies beside it: one batch per kind, stored through Store.apply_import like any import, so
the history page lists them and any of them can be undone. The same seed gives the same rows.

Rows are built a column at a time with numpy (no Python loop over rows), which is what lets the
national scale (about 2.9 million rows) finish in well under a minute on two cores.

A package: `orgs` (scales and agencies), `ita`, `kpi`, `plans` (actions and the cycle), and here the
storing, one batch per kind.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from analytics.demo import load_demo
from analytics.store import ImportPlan, Store
from analytics.store.schema import KIND_SCOPE
from analytics.synth.ita import QUESTIONS, ItaFrames, ita_frames
from analytics.synth.kpi import KpiFrames, kpi_frames
from analytics.synth.orgs import (
    ACTOR,
    SCALE_NAMES,
    SCALES,
    SYNTH_USER,
    SYNTH_VERSION,
    Scale,
    SynthTargetNotEmpty,
    kpi_units,
    ministry_name,
    orgs_frame,
)
from analytics.synth.plans import actions_frame, cycle_frame

__all__ = ["ACTOR", "QUESTIONS", "SCALES", "SCALE_NAMES", "SYNTH_VERSION", "ItaFrames", "KpiFrames", "Scale",
           "SynthReport", "SynthTargetNotEmpty", "actions_frame", "cycle_frame", "ita_frames", "kpi_frames",
           "kpi_units", "ministry_name", "orgs_frame", "store_kind", "synth"]


@dataclass
class SynthReport:
    """What a synth run stored: batch ids, rows per table, seconds per step."""

    scale: str
    seed: int
    batches: dict[str, int] = field(default_factory=dict)
    rows: dict[str, int] = field(default_factory=dict)
    seconds: dict[str, float] = field(default_factory=dict)

    @property
    def total_seconds(self) -> float:
        return round(sum(self.seconds.values()), 3)

    def as_dict(self) -> dict[str, object]:
        return {"scale": self.scale, "seed": self.seed, "batches": self.batches, "rows": self.rows,
                "seconds": self.seconds, "total_seconds": self.total_seconds}


def _scopes(kind: str, frame: pd.DataFrame) -> list[tuple[object, ...]]:
    cols = list(KIND_SCOPE[kind])
    keys = frame[cols].drop_duplicates()
    return [tuple(int(v) if isinstance(v, (int, np.integer)) else str(v) for v in row)
            for row in keys.itertuples(index=False)]


def store_kind(store: Store, kind: str, frames: dict[str, pd.DataFrame], scale: str, seed: int) -> int:
    """One batch of synthetic rows, recorded in the history like an import (undo works)."""
    tag = f"pramern-synth:v{SYNTH_VERSION}:{scale}:{seed}:{kind}"
    plan = ImportPlan(kind=kind, file_name=f"synth_{scale}_seed{seed}_{kind}", sha256=hashlib.sha256(tag.encode()).hexdigest(),
                      frames=frames, scopes=_scopes(kind, next(iter(frames.values()))))
    return store.apply_import(plan, SYNTH_USER)


def synth(store: Store, scale: str, seed: int = 2568,
          progress: Callable[[str], None] | None = None) -> SynthReport:
    """Load the demo data, then add a scale's synthetic agencies, one batch per kind."""
    if scale not in SCALE_NAMES:
        raise ValueError(f"scale must be one of {', '.join(SCALE_NAMES)}, not {scale!r}")
    if any(b.actor == ACTOR and b.status == "active" for b in store.batches(limit=10_000)):
        raise SynthTargetNotEmpty(
            f"{store.path} already holds synthetic data; use a new database file.",
            f"ฐานข้อมูล {store.path} มีข้อมูลสังเคราะห์อยู่แล้ว โปรดใช้ไฟล์ฐานข้อมูลใหม่")
    report = SynthReport(scale, seed)
    say = progress or (lambda _msg: None)
    clock = time.perf_counter()

    def lap(step: str) -> None:
        nonlocal clock
        now = time.perf_counter()
        report.seconds[step] = round(now - clock, 3)
        clock = now
        say(f"{step}: {report.seconds[step]:.1f} s")

    load_demo(store)
    lap("demo")
    if scale == "demo":
        return report
    spec = SCALES[scale]
    rng = np.random.default_rng(seed)
    orgs = orgs_frame(spec, rng)
    units = kpi_units(orgs, spec)
    lap("generate orgs")
    report.batches["orgs"] = store_kind(store, "orgs", {"orgs": orgs}, scale, seed)
    report.rows["orgs"] = len(orgs)
    lap("store orgs")

    ita = ita_frames(orgs, spec.ita_years, rng)
    lap("generate ita")
    report.batches["ita"] = store_kind(store, "ita", {"ita_indicators": ita.indicators,
                                                      "ita_questions": ita.questions}, scale, seed)
    report.batches["ita_summary"] = store_kind(store, "ita_summary", {"ita_summaries": ita.summaries}, scale, seed)
    report.rows.update(ita_indicators=len(ita.indicators), ita_questions=len(ita.questions),
                       ita_summaries=len(ita.summaries))
    del ita
    lap("store ita")

    kpi = kpi_frames(units, spec.kpi_years, spec.kpis_per_agreement, rng)
    lap("generate kpi")
    report.batches["kpi"] = store_kind(store, "kpi", {"kpis": kpi.kpis, "kpi_results": kpi.results}, scale, seed)
    report.rows.update(kpis=len(kpi.kpis), kpi_results=len(kpi.results))
    del kpi
    lap("store kpi")

    actions = actions_frame(units, spec.kpi_years, spec.actions_per_unit_year, rng)
    lap("generate actions")
    report.batches["actions"] = store_kind(store, "actions", {"actions": actions}, scale, seed)
    report.rows["actions"] = len(actions)
    del actions
    lap("store actions")

    cycle = cycle_frame(units, spec.kpi_years, rng)
    lap("generate cycle")
    report.batches["cycle"] = store_kind(store, "cycle", {"cycle_steps": cycle}, scale, seed)
    report.rows["cycle_steps"] = len(cycle)
    lap("store cycle")
    return report
