"""Deterministic synthetic data in the real schema, at demo, ministry or national scale.

Every scale starts from the demo data (so DPIM FY2568 is there at any size) and adds synthetic
agencies beside it: one batch per kind, stored through Store.apply_import like any import, so
the history page lists them and any of them can be undone. The same seed gives the same rows.

Rows are built a column at a time with numpy (no Python loop over rows), which is what lets the
national scale (about 2.9 million rows) finish in well under a minute on two cores.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt
import pandas as pd

from analytics import ita as ita_rules
from analytics import scoring
from analytics.actions import CANCELLED, DONE, IN_PROGRESS, NOT_STARTED
from analytics.auth import ADMIN, User
from analytics.calendar import be_to_ce, thai_holidays
from analytics.cycle import STANDARD_STEPS
from analytics.demo import load_demo
from analytics.errors import PramernError
from analytics.store import ImportPlan, Store
from analytics.store.schema import KIND_SCOPE

# Bump when the generator changes, so databases cached by the benchmark are rebuilt.
SYNTH_VERSION = 1
ACTOR = "synth"
# Synthetic batches are the operator's, recorded under ACTOR so synth() can tell them apart.
SYNTH_USER = User(ACTOR, ADMIN, source="system")
SCALE_NAMES = ("demo", "ministry", "national")

IntArray = npt.NDArray[np.int64]
FloatArray = npt.NDArray[np.float64]


class SynthTargetNotEmpty(PramernError):
    """The database already holds synthetic data."""


@dataclass(frozen=True)
class Scale:
    """How many agencies of each group, which years, and how many rows per unit a scale holds."""

    name: str
    groups: tuple[tuple[str, int], ...]  # (org_group, agencies), in the order codes are given
    ministries: int
    ita_years: tuple[int, ...]
    kpi_units: int  # the first agencies that are not local governments hold KPI agreements
    kpi_years: tuple[int, ...]
    kpis_per_agreement: int = 40
    actions_per_unit_year: int = 80

    @property
    def agencies(self) -> int:
        return sum(n for _, n in self.groups)


SCALES: dict[str, Scale] = {
    # About 8,300 agencies take the ITA each year, most of them local governments (DOMAIN.md).
    "national": Scale("national", (("department", 140), ("province", 76), ("state_enterprise", 52),
                                   ("university", 82), ("independent", 30), ("local", 7920)),
                      ministries=20, ita_years=tuple(range(2564, 2569)), kpi_units=350,
                      kpi_years=tuple(range(2559, 2569))),
    "ministry": Scale("ministry", (("department", 25),), ministries=1, ita_years=tuple(range(2564, 2569)),
                      kpi_units=25, kpi_years=tuple(range(2559, 2569))),
}

GROUP_NAMES: dict[str, tuple[str, str, str, str]] = {
    # org_group -> (code prefix, Thai name, Thai abbreviation, English name)
    "department": ("DEP", "กรมตัวอย่าง", "กตย.", "Sample Department"),
    "province": ("PRV", "สำนักงานจังหวัดตัวอย่าง", "สจต.", "Sample Provincial Office"),
    "state_enterprise": ("SOE", "การตัวอย่างแห่งประเทศไทย", "กตท.", "Sample State Enterprise"),
    "university": ("UNI", "มหาวิทยาลัยตัวอย่าง", "มตย.", "Sample University"),
    "independent": ("IND", "สำนักงานอิสระตัวอย่าง", "สอต.", "Sample Independent Agency"),
    "local": ("LOC", "องค์การบริหารส่วนตำบลตัวอย่าง", "อบต.ตย.", "Sample Subdistrict Administrative Organization"),
}


def ministry_name(n: int) -> str:
    return f"กระทรวงตัวอย่าง {n:02d}"


# -- organisations ------------------------------------------------------------------------------
def orgs_frame(scale: Scale, rng: np.random.Generator) -> pd.DataFrame:
    """One row per synthetic agency, with its ministry and group; codes sort by group then number."""
    parts = []
    for group, count in scale.groups:
        prefix, name_th, abbr, name_en = GROUP_NAMES[group]
        n = np.arange(1, count + 1)
        if scale.ministries == 1:
            ministry: list[str | None] = [ministry_name(1)] * count
        elif group in ("province", "local"):
            ministry = [ministry_name(1)] * count  # an Interior-like ministry holds the provinces and locals
        elif group == "university":
            ministry = [ministry_name(2)] * count
        elif group == "independent":
            ministry = [None] * count
        else:
            # Departments and state enterprises spread unevenly over the ministries, as in life.
            weights = 1.0 / np.arange(1, scale.ministries + 1) ** 0.5
            picks = rng.choice(np.arange(1, scale.ministries + 1), size=count, p=weights / weights.sum())
            ministry = [ministry_name(int(m)) for m in picks]
        parts.append(pd.DataFrame({
            "org_code": [f"{prefix}{i:04d}" for i in n],
            "abbr_th": [f"{abbr}{i:04d}" for i in n],
            "name_th": [f"{name_th} {i:04d}" for i in n],
            "name_en": [f"{name_en} {i:04d}" for i in n],
            "ministry": ministry,
            "org_group": group,
        }))
    return pd.concat(parts, ignore_index=True)


def kpi_units(orgs: pd.DataFrame, scale: Scale) -> pd.DataFrame:
    """The agencies that hold KPI agreements: the first ones that are not local governments."""
    return orgs[orgs["org_group"] != "local"].head(scale.kpi_units).reset_index(drop=True)


def _cat(values: Sequence[str | None] | npt.NDArray[np.object_], codes: IntArray) -> pd.Categorical:
    """values[codes] as a categorical column (None allowed), built without a Python loop over rows."""
    values = list(values)
    unique = list(dict.fromkeys(v for v in values if v is not None))
    position = {v: i for i, v in enumerate(unique)}
    remap = np.array([-1 if v is None else position[v] for v in values], dtype=np.int64)
    return pd.Categorical.from_codes(remap[codes], categories=pd.Index(unique, dtype=object))


# -- ITA ----------------------------------------------------------------------------------------
def _questions() -> list[tuple[str, int, str]]:
    """45 questions (code, indicator, tool): i1-i15 over indicators 1-5, e1-e15 over 6-8, o1-o15 over 9-10."""
    out = [(f"i{n}", (n - 1) // 3 + 1, ita_rules.IIT) for n in range(1, 16)]
    out += [(f"e{n}", 6 + (n - 1) // 5, ita_rules.EIT) for n in range(1, 16)]
    out += [(f"o{n}", 9 if n <= 8 else 10, ita_rules.OIT) for n in range(1, 16)]
    return out


QUESTIONS = _questions()
RECOMMENDATION = "หน่วยงานควรทบทวนขั้นตอนการปฏิบัติงานและสื่อสารให้บุคลากรและผู้รับบริการรับทราบอย่างทั่วถึง"
IMPROVE_LABEL = "ปรับปรุงแก้ไข ผลประเมินสะท้อนว่ายังมีประเด็นที่ต้องเร่งพัฒนา"


@dataclass
class ItaFrames:
    indicators: pd.DataFrame
    questions: pd.DataFrame
    summaries: pd.DataFrame


def ita_frames(orgs: pd.DataFrame, years: Sequence[int], rng: np.random.Generator) -> ItaFrames:
    """Question, indicator and overall scores with ranks; most overall scores in the 80s and 90s.

    IIT and EIT questions are survey means around the agency's level; OIT items score 0 or 100
    (a document is published or not). Indicators are the mean of their questions and the overall
    is the tool-weighted mean of the indicators, so the app's recomputed check agrees.
    """
    n_org, n_year, n_q = len(orgs), len(years), len(QUESTIONS)
    quality = np.clip(rng.normal(90.0, 4.0, n_org), 60.0, 99.5)
    drift = np.linspace(-2.0, 0.5, n_year)  # the national average rose over the years
    level = quality[:, None] + drift[None, :] + rng.normal(0.0, 1.5, (n_org, n_year))
    q_ind = np.array([q[1] for q in QUESTIONS])
    q_tool = np.array([q[2] for q in QUESTIONS])
    tool_offset = np.where(q_tool == ita_rules.IIT, 3.0, np.where(q_tool == ita_rules.EIT, -1.0, 0.0))
    indicator_effect = rng.normal(0.0, 2.0, (n_org, 1, 11))[:, :, q_ind]  # per agency, stable over years
    survey = level[:, :, None] + tool_offset[None, None, :] + indicator_effect + rng.normal(0.0, 2.0, (n_org, n_year, n_q))
    published = 1.0 / (1.0 + np.exp(-(level - 80.0) / 3.0))
    items = np.where(rng.random((n_org, n_year, n_q)) < published[:, :, None], 100.0, 0.0)
    scores = np.where(q_tool[None, None, :] == ita_rules.OIT, items, np.clip(survey, 0.0, 100.0))
    scores = np.round(scores, 2)

    ind_scores = np.stack([scores[:, :, q_ind == i].mean(axis=2) for i in range(1, 11)], axis=2)
    ind_scores = np.round(ind_scores, 2)
    weights = ita_rules.DEFAULT_TOOL_WEIGHTS
    tool_mean = {t: ind_scores[:, :, [i - 1 for i in range(1, 11) if ita_rules.INDICATOR_TOOL[i] == t]].mean(axis=2)
                 for t in ita_rules.TOOLS}
    overall = sum(weights[t] * tool_mean[t] for t in ita_rules.TOOLS) / sum(weights.values())
    overall = np.round(overall, 2)

    codes = orgs["org_code"].to_numpy()
    org_idx = np.arange(n_org)
    year_arr = np.asarray(years, dtype=np.int64)

    q_org = np.repeat(org_idx, n_year * n_q)
    q_year = np.tile(np.repeat(year_arr, n_q), n_org)
    q_idx = np.tile(np.arange(n_q), n_org * n_year)
    flat = scores.ravel()
    weak = flat < ita_rules.DEVELOP_FROM
    texts = [f"ตัวชี้วัดที่ {i} {ita_rules.INDICATOR_NAMES_TH[i]}: ข้อคำถาม {c}" for c, i, _ in QUESTIONS]
    questions = pd.DataFrame({
        "org_code": _cat(codes, q_org),
        "fiscal_year": q_year,
        "indicator_no": q_ind[q_idx],
        "tool": _cat(q_tool, q_idx),
        "question_code": _cat([q[0] for q in QUESTIONS], q_idx),
        "question_text": _cat(texts, q_idx),
        "score": flat,
        "recommendation": _cat([None, RECOMMENDATION], weak.astype(np.int64)),
        "analysis_label": _cat([None, IMPROVE_LABEL], weak.astype(np.int64)),
        "seq": q_idx,
    })

    i_org = np.repeat(org_idx, n_year * 10)
    i_no = np.tile(np.arange(1, 11), n_org * n_year)
    ind_tools = [ita_rules.INDICATOR_TOOL[i] for i in range(1, 11)]
    indicators = pd.DataFrame({
        "org_code": _cat(codes, i_org),
        "fiscal_year": np.tile(np.repeat(year_arr, 10), n_org),
        "indicator_no": i_no,
        "tool": _cat(ind_tools, i_no - 1),
        "score": ind_scores.ravel(),
    })

    s_org = np.repeat(org_idx, n_year)
    summaries = pd.DataFrame({
        "org_code": codes[s_org],
        "fiscal_year": np.tile(year_arr, n_org),
        "overall": overall.ravel(),
        "ministry": orgs["ministry"].to_numpy()[s_org],
        "org_group": orgs["org_group"].to_numpy()[s_org],
    })
    for rank, size, by in (("rank_ministry", "ministry_size", "ministry"), ("rank_group", "group_size", "org_group")):
        grouped = summaries.groupby(["fiscal_year", by], dropna=True)["overall"]
        summaries[rank] = grouped.rank(method="min", ascending=False).astype("Int64")
        summaries[size] = grouped.transform("size").astype("Int64")
    summaries = summaries.drop(columns=["ministry", "org_group"])
    summaries["org_code"] = _cat(codes, s_org)
    return ItaFrames(indicators, questions, summaries)


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
        "org_code": _cat(codes, u_idx),
        "fiscal_year": np.tile(np.repeat(year_arr, n_kpis), n_unit),
        "dimension": _cat([d[0] for d in DIMENSIONS], dim_idx),
        "dimension_name": _cat([d[1] for d in DIMENSIONS], dim_idx),
        "dimension_weight": np.array([d[2] for d in DIMENSIONS])[dim_idx],
        "kpi_code": _cat(k_code, k_idx),
        "kpi_name": _cat(name_options, label_idx),
        "kpi_type": _cat(KPI_TYPES, kpi_type.ravel()[uk]),
        "weight": weight.ravel(),
        "unit": _cat(unit_options, label_idx),
        "direction": _cat([scoring.HIGHER, scoring.LOWER], (kind_flat == DURATION).astype(np.int64)),
        "scheme": _cat([scoring.THREE_LEVEL, scoring.FIVE_LEVEL], five_flat.astype(np.int64)),
        "c1": flat_crit[:, 0], "c2": flat_crit[:, 1], "c3": flat_crit[:, 2],
        "c4": flat_crit[:, 3], "c5": flat_crit[:, 4],
        "prev_result_1": prev1.ravel(), "prev_result_2": prev2.ravel(),
        "status": _cat(["active", "cancelled"], status),
        "owner": _cat([f"กองตัวอย่าง {n}" for n in range(1, 9)], owner.ravel()[uk] - 1),
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
        "org_code": _cat(units["org_code"].to_numpy(), u_idx),
        "fiscal_year": np.asarray(years, dtype=np.int64)[y_idx],
        "source": _cat(["pmqa", "ita", "kpi"], source),
        "ref": _cat(refs, ref_idx),
        "level": _cat(["basic", "advance", "significance", None], level),
        "assessor_result": _cat(["pass", "fail", None], assessor),
        "assessor_reason": _cat([*REASONS, None], reason),
        "action": _cat(texts, ref_idx * len(ACTIVITIES) + activity),
        "owner_main": _cat(owners, owner_main),
        "owner_support": _cat([*owners, None], owner_support),
        "start_date": starts[y_idx, first_q - 1],
        "due_date": ends[y_idx, last_q - 1],
        "quarters": _cat(quarter_text, q_idx),
        "status": _cat([NOT_STARTED, IN_PROGRESS, DONE, CANCELLED], status),
        "progress": progress,
        "note": None,
        "_u": u_idx, "_y": y_idx, "_s": source, "_r": ref_idx,
    })
    # Listed as a plan reads: by source and item, numbered within each item.
    frame = frame.sort_values(["_u", "_y", "_s", "_r"], kind="stable").reset_index(drop=True)
    number = frame.groupby(["_u", "_y", "_s", "_r"], sort=False).cumcount().to_numpy()
    frame["action_no"] = _cat([str(i) for i in range(1, n + 1)], number)
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
        "org_code": _cat(units["org_code"].to_numpy(), u_idx),
        "fiscal_year": np.tile(np.repeat(np.asarray(years, dtype=np.int64), n_step), n_unit),
        "step_no": s_idx + 1,
        "step_name": _cat([s[1] for s in STANDARD_STEPS], s_idx),
        "standard_days": standard[s_idx],
        "started": started.ravel(),
        "finished": finished.ravel(),
    })


# -- storing ----------------------------------------------------------------------------------------
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
