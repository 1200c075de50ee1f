"""The synthetic agencies: scales, groups, ministries, codes and names."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
import pandas as pd

from analytics.auth import ADMIN, User
from analytics.errors import PramernError

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


def categorical(values: Sequence[str | None] | npt.NDArray[np.object_], codes: IntArray) -> pd.Categorical:
    """values[codes] as a categorical column (None allowed), built without a Python loop over rows."""
    values = list(values)
    unique = list(dict.fromkeys(v for v in values if v is not None))
    position = {v: i for i, v in enumerate(unique)}
    remap = np.array([-1 if v is None else position[v] for v in values], dtype=np.int64)
    return pd.Categorical.from_codes(remap[codes], categories=pd.Index(unique, dtype=object))
