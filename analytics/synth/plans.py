"""Synthetic action plans (PMQA items and ITA measures, by quarter) and evaluation-cycle steps."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

import numpy as np
import numpy.typing as npt
import pandas as pd

from analytics.actions import CANCELLED, DONE, IN_PROGRESS, NOT_STARTED
from analytics.calendar import be_to_ce, thai_holidays
from analytics.cycle import STANDARD_STEPS
from analytics.synth.orgs import categorical

# -- actions ----------------------------------------------------------------------------------------
PMQA_ITEMS = tuple(f"{c}.{i}.{j}" for c in range(1, 7) for i in range(1, 3) for j in range(1, 4)) + \
    tuple(f"7.{i}" for i in range(1, 6))
ACTIVITIES = (
    "จัดทำแผนการดำเนินงานและกำหนดผู้รับผิดชอบ", "ทบทวนและปรับปรุงคู่มือการปฏิบัติงาน",
    "จัดประชุมชี้แจงแนวทางแก่บุคลากร", "พัฒนาระบบติดตามผลการดำเนินงานผ่านระบบดิจิทัล",
    "เผยแพร่ข้อมูลผ่านเว็บไซต์ของหน่วยงาน", "จัดอบรมเสริมสร้างความรู้แก่เจ้าหน้าที่",
    "รายงานผลการดำเนินงานต่อผู้บริหารรายไตรมาส", "สำรวจความพึงพอใจของผู้รับบริการ",
)
REASONS = ("ยังไม่มีหลักฐานการนำไปปฏิบัติอย่างเป็นระบบ", "ยังไม่แสดงผลลัพธ์ที่ชัดเจน", "ยังไม่เป็นไปตามระดับก่อนหน้า")


def _quarter_table(years: Sequence[int]) -> tuple[npt.NDArray[np.datetime64], npt.NDArray[np.datetime64]]:
    """First and last day of each fiscal quarter, indexed [year, quarter - 1]."""
    starts = np.empty((len(years), 4), dtype="datetime64[D]")
    ends = np.empty((len(years), 4), dtype="datetime64[D]")
    for y, year in enumerate(years):
        ce = be_to_ce(year)
        bounds = [dt.date(ce - 1, 10, 1), dt.date(ce, 1, 1), dt.date(ce, 4, 1), dt.date(ce, 7, 1), dt.date(ce, 10, 1)]
        for q in range(4):
            starts[y, q] = np.datetime64(bounds[q], "D")
            ends[y, q] = np.datetime64(bounds[q + 1] - dt.timedelta(days=1), "D")
    return starts, ends


def actions_frame(units: pd.DataFrame, years: Sequence[int], per_unit_year: int,
                  rng: np.random.Generator) -> pd.DataFrame:
    """PMQA items, ITA measures and KPI follow-ups; past years mostly done, the latest one under way."""
    n_unit, n_year, n = len(units), len(years), per_unit_year
    total = n_unit * n_year * n
    u_idx = np.repeat(np.arange(n_unit), n_year * n)
    y_idx = np.tile(np.repeat(np.arange(n_year), n), n_unit)
    source = rng.choice(3, size=total, p=(0.5, 0.3, 0.2))  # pmqa, ita, kpi
    pmqa_ref = rng.integers(0, len(PMQA_ITEMS), size=total)
    ita_ref = rng.integers(1, 11, size=total)
    kpi_refs = [f"{d}.{i}" for d in range(1, 5) for i in range(1, 6)]
    kpi_ref = rng.integers(0, len(kpi_refs), size=total)
    refs = [*PMQA_ITEMS, *[str(i) for i in range(1, 11)], *kpi_refs]
    ref_idx = np.select([source == 0, source == 1], [pmqa_ref, len(PMQA_ITEMS) + ita_ref - 1],
                        len(PMQA_ITEMS) + 10 + kpi_ref)
    level = np.where(source == 0, rng.choice(3, size=total, p=(0.4, 0.4, 0.2)), 3)
    fail = rng.random(total) < 0.8
    assessor = np.where(source == 0, np.where(fail, 1, 0), 2)
    reason = np.where((source == 0) & fail, rng.integers(0, len(REASONS), size=total), len(REASONS))
    activity = rng.integers(0, len(ACTIVITIES), size=total)
    prefix = ("พัฒนาตามเกณฑ์ PMQA 4.0 ข้อ", "มาตรการยกระดับ ITA ตัวชี้วัดที่", "เร่งรัดผลตัวชี้วัด")
    texts = [f"{prefix[0 if r < len(PMQA_ITEMS) else 1 if r < len(PMQA_ITEMS) + 10 else 2]} {refs[r]} – {a}"
             for r in range(len(refs)) for a in ACTIVITIES]

    first_q = rng.integers(1, 5, size=total)
    last_q = np.minimum(4, first_q + rng.integers(0, 3, size=total))
    starts, ends = _quarter_table(years)
    quarter_text = [";".join(f"{y}Q{q}" for q in range(a, b + 1))
                    for y in years for a in range(1, 5) for b in range(1, 5)]
    q_idx = (y_idx * 4 + first_q - 1) * 4 + last_q - 1

    latest = y_idx == n_year - 1
    status_old = rng.choice(4, size=total, p=(0.02, 0.05, 0.9, 0.03))
    status_new = rng.choice(4, size=total, p=(0.13, 0.22, 0.6, 0.05))
    status = np.where(latest, status_new, status_old)  # not_started, in_progress, done, cancelled
    progress = np.select([status == 0, status == 1, status == 2],
                         [0.0, rng.integers(2, 19, size=total) * 5.0, 100.0], np.nan)
    owner_main = rng.integers(0, 8, size=total)
    owner_support = np.where(rng.random(total) < 0.4, rng.integers(0, 8, size=total), 8)
    owners = [f"กองตัวอย่าง {n}" for n in range(1, 9)]

    frame = pd.DataFrame({
        "org_code": categorical(units["org_code"].to_numpy(), u_idx),
        "fiscal_year": np.asarray(years, dtype=np.int64)[y_idx],
        "source": categorical(["pmqa", "ita", "kpi"], source),
        "ref": categorical(refs, ref_idx),
        "level": categorical(["basic", "advance", "significance", None], level),
        "assessor_result": categorical(["pass", "fail", None], assessor),
        "assessor_reason": categorical([*REASONS, None], reason),
        "action": categorical(texts, ref_idx * len(ACTIVITIES) + activity),
        "owner_main": categorical(owners, owner_main),
        "owner_support": categorical([*owners, None], owner_support),
        "start_date": starts[y_idx, first_q - 1],
        "due_date": ends[y_idx, last_q - 1],
        "quarters": categorical(quarter_text, q_idx),
        "status": categorical([NOT_STARTED, IN_PROGRESS, DONE, CANCELLED], status),
        "progress": progress,
        "note": None,
        "_u": u_idx, "_y": y_idx, "_s": source, "_r": ref_idx,
    })
    # Listed as a plan reads: by source and item, numbered within each item.
    frame = frame.sort_values(["_u", "_y", "_s", "_r"], kind="stable").reset_index(drop=True)
    number = frame.groupby(["_u", "_y", "_s", "_r"], sort=False).cumcount().to_numpy()
    frame["action_no"] = categorical([str(i) for i in range(1, n + 1)], number)
    frame["seq"] = np.tile(np.arange(n), n_unit * n_year)
    return frame.drop(columns=["_u", "_y", "_s", "_r"])


# -- the evaluation cycle -------------------------------------------------------------------------
def cycle_frame(units: pd.DataFrame, years: Sequence[int], rng: np.random.Generator) -> pd.DataFrame:
    """The 16 steps of seed 000 per unit and year, in three stretches (start, 6 and 12 months); 15% late."""
    n_unit, n_year, n_step = len(units), len(years), len(STANDARD_STEPS)
    first = dt.date(be_to_ce(min(years)) - 1, 10, 1)
    last = dt.date(be_to_ce(max(years)) + 1, 3, 31)
    hols = np.array(thai_holidays(first, last), dtype="datetime64[D]")
    standard = np.array([s[3] for s in STANDARD_STEPS])
    ce = np.array([be_to_ce(y) for y in years])
    anchors = {  # the first step of each stretch starts near these days
        1: np.array([np.datetime64(f"{c - 1}-10-07") for c in ce]),
        8: np.array([np.datetime64(f"{c}-04-01") for c in ce]),
        12: np.array([np.datetime64(f"{c}-10-01") for c in ce]),
    }
    rows = n_unit * n_year
    y_idx = np.tile(np.arange(n_year), n_unit)
    started = np.empty((rows, n_step), dtype="datetime64[D]")
    finished = np.empty((rows, n_step), dtype="datetime64[D]")
    prev_end = np.empty(rows, dtype="datetime64[D]")
    for s in range(n_step):
        step_no = s + 1
        if step_no in anchors:
            begin = np.busday_offset(anchors[step_no][y_idx], rng.integers(0, 8, size=rows), roll="forward",
                                     holidays=hols)
        else:
            begin = np.busday_offset(prev_end, rng.integers(1, 4, size=rows), roll="forward", holidays=hols)
        late = rng.random(rows) < 0.15
        days = np.where(late, standard[s] + rng.integers(1, 6, size=rows),
                        np.maximum(1, standard[s] - rng.integers(0, standard[s] // 3 + 1, size=rows)))
        end = np.busday_offset(begin, days - 1, roll="forward", holidays=hols)
        started[:, s], finished[:, s] = begin, end
        prev_end = end
    u_idx = np.repeat(np.arange(n_unit), n_year * n_step)
    s_idx = np.tile(np.arange(n_step), rows)
    return pd.DataFrame({
        "org_code": categorical(units["org_code"].to_numpy(), u_idx),
        "fiscal_year": np.tile(np.repeat(np.asarray(years, dtype=np.int64), n_step), n_unit),
        "step_no": s_idx + 1,
        "step_name": categorical([s[1] for s in STANDARD_STEPS], s_idx),
        "standard_days": standard[s_idx],
        "started": started.ravel(),
        "finished": finished.ravel(),
    })
