"""Synthetic KPI agreements: weighted 4-dimension KPIs with 5-level criteria, and their round results."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from analytics import scoring
from analytics.synth.orgs import FloatArray, categorical

# -- KPI agreements -------------------------------------------------------------------------------
DIMENSIONS: tuple[tuple[str, str, float, float], ...] = (
    # code, name, agreed weight, share of the KPIs
    ("1", "ประสิทธิผลการดำเนินงาน (Performance Base)", 60.0, 0.5),
    ("2", "ศักยภาพในการดำเนินการ (Potential Base)", 20.0, 0.2),
    ("3", "คุณภาพการให้บริการ", 10.0, 0.15),
    ("4", "การพัฒนาองค์การ", 10.0, 0.15),
)
# What a KPI measures: (unit, direction, centre choices, step as a share of the centre or fixed)
PERCENT, MILESTONE, COUNT, DURATION = 0, 1, 2, 3
KPI_KIND_P = (0.45, 0.25, 0.15, 0.15)
KPI_NAMES = {
    PERCENT: ("ร้อยละของคำขอรับบริการที่ดำเนินการแล้วเสร็จตามระยะเวลาที่กำหนด",
              "ร้อยละของโครงการที่ดำเนินการได้ตามแผน", "ร้อยละของผู้รับบริการที่พึงพอใจ",
              "ร้อยละของสถานประกอบการที่ได้รับการตรวจกำกับดูแลตามแผน"),
    MILESTONE: ("ระดับความสำเร็จของการพัฒนาระบบข้อมูลดิจิทัล", "ระดับความสำเร็จของการขับเคลื่อนแผนยุทธศาสตร์",
                "ระดับความสำเร็จของการพัฒนาบุคลากร", "ระดับความสำเร็จของการบูรณาการความร่วมมือ (Joint KPI)"),
    COUNT: ("จำนวนสถานประกอบการที่ได้รับการส่งเสริม", "จำนวนเรื่องร้องเรียนที่ได้รับการแก้ไข",
            "จำนวนชุมชนที่ได้รับการพัฒนา", "จำนวนนวัตกรรมที่นำไปใช้ประโยชน์"),
    DURATION: ("ระยะเวลาเฉลี่ยในการพิจารณาอนุญาต", "ระยะเวลาเฉลี่ยในการตอบข้อร้องเรียน",
               "อัตราการเกิดอุบัติเหตุจากการทำงานต่อลูกจ้าง 1,000 คน", "ระยะเวลาเฉลี่ยในการเบิกจ่าย"),
}
KPI_UNITS = {PERCENT: ("ร้อยละ",), MILESTONE: ("ระดับ",), COUNT: ("แห่ง", "เรื่อง", "ชุมชน", "ชิ้น"),
             DURATION: ("วัน", "วัน", "ราย/ลูกจ้าง 1,000 คน", "วัน")}
KPI_TYPES = ("strategic", "monitor", "joint", "flagship", "output")
KPI_TYPE_P = (0.25, 0.45, 0.1, 0.05, 0.15)


def dimension_counts(n_kpis: int) -> list[int]:
    """KPIs per dimension for an agreement of n KPIs: by share, at least one each."""
    counts = [max(1, int(n_kpis * share)) for *_, share in DIMENSIONS]
    counts[0] += n_kpis - sum(counts)
    return counts


@dataclass
class KpiFrames:
    kpis: pd.DataFrame
    results: pd.DataFrame


def kpi_frames(units: pd.DataFrame, years: Sequence[int], n_kpis: int, rng: np.random.Generator) -> KpiFrames:
    """Agreements of n KPIs per unit and year in four dimensions whose weights add up to 60/20/10/10.

    A unit moved from the 5-level to the 3-level scheme in some year between FY2562 and FY2566;
    about one KPI in seven is lower-is-better (descending criteria), 2% are cancelled (no results).
    A KPI keeps its code, kind and criteria over the years, so trends and prior results line up.
    """
    n_unit, n_year = len(units), len(years)
    counts = dimension_counts(n_kpis)
    k_dim = np.repeat(np.arange(len(DIMENSIONS)), counts)
    k_code = [f"{DIMENSIONS[d][0]}.{i + 1}" for d, c in enumerate(counts) for i in range(c)]
    year_arr = np.asarray(years, dtype=np.int64)
    shape = (n_unit, n_year, n_kpis)

    # Per unit and KPI, stable over the years.
    kind = rng.choice(4, size=(n_unit, n_kpis), p=KPI_KIND_P)
    name_pick = rng.integers(0, 4, size=(n_unit, n_kpis))
    centre = np.select(
        [kind == PERCENT, kind == MILESTONE, kind == COUNT],
        [rng.choice([70.0, 75.0, 80.0, 85.0, 90.0], size=kind.shape), np.full(kind.shape, 3.0),
         rng.choice([20.0, 50.0, 100.0, 200.0, 500.0, 1000.0], size=kind.shape)],
        rng.choice([1.0, 5.0, 15.0, 30.0], size=kind.shape))
    step = np.select([kind == PERCENT, kind == MILESTONE, kind == COUNT], [5.0, 1.0, centre * 0.1], centre * 0.15)
    sign = np.where(kind == DURATION, -1.0, 1.0)
    kpi_type = rng.choice(len(KPI_TYPES), size=(n_unit, n_kpis), p=KPI_TYPE_P)
    owner = rng.integers(1, 9, size=(n_unit, n_kpis))

    # Per unit and year: the scheme.
    switch = rng.integers(2562, 2567, size=n_unit)
    five = year_arr[None, :] < switch[:, None]  # (unit, year)
    five3 = np.broadcast_to(five[:, :, None], shape)
    # The target is the middle criterion: level 3 of 5, or มาตรฐาน (2 of 3).
    n_points = np.where(five3, 5, 3)
    target_idx = np.where(five3, 2, 1)
    # A milestone's 3-level points are 3/4/5 (as in the demo), its 5-level points 1..5.
    centre3 = np.where((kind[:, None, :] == MILESTONE) & ~five3, 4.0, centre[:, None, :])
    crit = np.full((*shape, 5), np.nan)
    for i in range(5):
        value = centre3 + sign[:, None, :] * (i - target_idx) * step[:, None, :]
        crit[..., i] = np.where(i < n_points, value, np.nan)

    # Weights: half-points drawn per dimension, so each dimension's KPI weights add up to its weight.
    weight = np.zeros(shape)
    start = 0
    for d, count in enumerate(counts):
        halves = int(DIMENSIONS[d][2] * 2)
        share = rng.dirichlet(np.full(count, 4.0), size=n_unit * n_year)
        extra = rng.multinomial(halves - count, share)
        weight[:, :, start:start + count] = ((extra + 1) / 2.0).reshape(n_unit, n_year, count)
        start += count

    # Results, in steps past the target in the good direction: most agreements meet their targets.
    good = rng.normal(0.35, 1.0, shape)
    late9 = np.abs(rng.normal(0.5, 0.3, shape))
    late6 = np.abs(rng.normal(1.2, 0.5, shape))
    target = np.take_along_axis(crit, target_idx[..., None], axis=3)[..., 0]

    def result(z: FloatArray) -> FloatArray:
        raw = target + sign[:, None, :] * z * step[:, None, :]
        k3 = np.broadcast_to(kind[:, None, :], shape)
        raw = np.where(k3 == PERCENT, np.clip(raw, 0.0, 100.0), raw)
        raw = np.where(k3 == MILESTONE, np.clip(np.round(raw), 1.0, 5.0), raw)
        raw = np.where(k3 == COUNT, np.maximum(np.round(raw), 0.0), raw)
        return np.round(np.maximum(raw, 0.0), 2)

    r12, r9, r6 = result(good), result(good - late9), result(good - late6)
    cancelled = rng.random(shape) < 0.02
    prev1 = np.full(shape, np.nan)
    prev2 = np.full(shape, np.nan)
    kept12 = np.where(cancelled, np.nan, r12)
    prev1[:, 1:] = kept12[:, :-1]
    prev2[:, 2:] = kept12[:, :-2]

    codes = units["org_code"].to_numpy()
    u_idx = np.repeat(np.arange(n_unit), n_year * n_kpis)
    k_idx = np.tile(np.arange(n_kpis), n_unit * n_year)
    uk = u_idx * n_kpis + k_idx
    kind_flat = kind.ravel()[uk]
    name_options = [name for k in range(4) for name in KPI_NAMES[k]]
    unit_options = [u for k in range(4) for u in (KPI_UNITS[k] * 4)[:4]]
    label_idx = kind_flat * 4 + name_pick.ravel()[uk]
    dim_idx = k_dim[k_idx]
    five_flat = five3.ravel()
    status = np.where(cancelled.ravel(), 1, 0)
    flat_crit = crit.reshape(-1, 5)
    kpis = pd.DataFrame({
        "org_code": categorical(codes, u_idx),
        "fiscal_year": np.tile(np.repeat(year_arr, n_kpis), n_unit),
        "dimension": categorical([d[0] for d in DIMENSIONS], dim_idx),
        "dimension_name": categorical([d[1] for d in DIMENSIONS], dim_idx),
        "dimension_weight": np.array([d[2] for d in DIMENSIONS])[dim_idx],
        "kpi_code": categorical(k_code, k_idx),
        "kpi_name": categorical(name_options, label_idx),
        "kpi_type": categorical(KPI_TYPES, kpi_type.ravel()[uk]),
        "weight": weight.ravel(),
        "unit": categorical(unit_options, label_idx),
        "direction": categorical([scoring.HIGHER, scoring.LOWER], (kind_flat == DURATION).astype(np.int64)),
        "scheme": categorical([scoring.THREE_LEVEL, scoring.FIVE_LEVEL], five_flat.astype(np.int64)),
        "c1": flat_crit[:, 0], "c2": flat_crit[:, 1], "c3": flat_crit[:, 2],
        "c4": flat_crit[:, 3], "c5": flat_crit[:, 4],
        "prev_result_1": prev1.ravel(), "prev_result_2": prev2.ravel(),
        "status": categorical(["active", "cancelled"], status),
        "owner": categorical([f"กองตัวอย่าง {n}" for n in range(1, 9)], owner.ravel()[uk] - 1),
        "seq": k_idx,
    })
    active = ~cancelled.ravel()
    parts = []
    for rnd, values in ((6, r6), (9, r9), (12, r12)):
        parts.append(pd.DataFrame({
            "org_code": kpis["org_code"][active], "fiscal_year": kpis["fiscal_year"][active],
            "kpi_code": kpis["kpi_code"][active], "round": rnd, "result": values.ravel()[active]}))
    results = pd.concat(parts, ignore_index=True)
    return KpiFrames(kpis, results)
