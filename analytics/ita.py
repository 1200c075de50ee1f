"""ITA rules of the NACC (seed 004): bands, ratings, tools and the recomputed overall."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from analytics.scoring import round4

MAINTAIN, DEVELOP, IMPROVE = "maintain", "develop", "improve"
BANDS = (MAINTAIN, DEVELOP, IMPROVE)
MAINTAIN_FROM, DEVELOP_FROM = 95.0, 90.0
PASS_MARK, EXCELLENT_MARK, NATIONAL_TARGET = 85.0, 95.0, 89.0
LETTER_GRADES_UNTIL = 2565  # the NACC graded AA..F up to FY2565

IIT, EIT, OIT = "IIT", "EIT", "OIT"
TOOLS = (IIT, EIT, OIT)
INDICATOR_TOOL = {1: IIT, 2: IIT, 3: IIT, 4: IIT, 5: IIT, 6: EIT, 7: EIT, 8: EIT, 9: OIT, 10: OIT}
QUESTION_PREFIX_TOOL = {"i": IIT, "e": EIT, "o": OIT}
INDICATOR_NAMES_TH = {
    1: "การปฏิบัติหน้าที่", 2: "การใช้งบประมาณ", 3: "การใช้อำนาจ", 4: "การใช้ทรัพย์สินของราชการ",
    5: "การแก้ไขปัญหาการทุจริต", 6: "คุณภาพการดำเนินงาน", 7: "ประสิทธิภาพการสื่อสาร",
    8: "การปรับปรุงการทำงาน", 9: "การเปิดเผยข้อมูล", 10: "การป้องกันการทุจริต",
}
INDICATOR_NAMES_EN = {
    1: "Performance of duty", 2: "Use of budget", 3: "Use of authority", 4: "Use of state property",
    5: "Solving corruption problems", 6: "Quality of operations", 7: "Communication efficiency",
    8: "Improvement of work", 9: "Disclosure of information", 10: "Corruption prevention",
}
# Tool weights used to recompute the overall; configuration per fiscal year (BE).
DEFAULT_TOOL_WEIGHTS: dict[str, float] = {IIT: 30.0, EIT: 30.0, OIT: 40.0}
TOOL_WEIGHTS_BY_YEAR: dict[int, dict[str, float]] = {}

LETTER_GRADES = ((95.0, "AA"), (85.0, "A"), (75.0, "B"), (65.0, "C"), (55.0, "D"), (50.0, "E"))


def band(score: float) -> str:
    """>= 95 maintain, [90, 95) develop, < 90 improve; nothing but the score decides."""
    if score >= MAINTAIN_FROM:
        return MAINTAIN
    if score >= DEVELOP_FROM:
        return DEVELOP
    return IMPROVE


def rating(score: float, fiscal_year: int) -> str:
    """'excellent' (>= 95), 'pass' (>= 85) or 'fail'; letter grades AA..F before FY2566."""
    if fiscal_year <= LETTER_GRADES_UNTIL:
        for floor, grade in LETTER_GRADES:
            if score >= floor:
                return grade
        return "F"
    if score >= EXCELLENT_MARK:
        return "excellent"
    if score >= PASS_MARK:
        return "pass"
    return "fail"


def passed(score: float) -> bool:
    return score >= PASS_MARK


# The lines a score is read against, low to high: the pass mark, the national plan's target, and the
# lower edges of the develop and maintain bands (seed 004).
LINES = ((PASS_MARK, "pass"), (NATIONAL_TARGET, "target"), (DEVELOP_FROM, "develop"), (MAINTAIN_FROM, "maintain"))


@dataclass(frozen=True)
class LineGap:
    """How far a score is from a line: `gap` points (hundredths) below it, or at or above it when `above`."""

    line: float
    kind: str  # pass, target, develop or maintain (LINES)
    gap: float
    above: bool


def next_line(score: float) -> LineGap:
    """The nearest line above a score and the points still to go (94.23: 0.77 below 95, the maintain band);
    at or above 95, the margin over it. In hundredths, as scores are published: a score short of a line by
    less than a hundredth is 0.01 below it, never "0.00 below"."""
    for line, kind in LINES:
        if score < line:
            return LineGap(line, kind, max(round(line - score, 2), 0.01), False)
    return LineGap(MAINTAIN_FROM, "maintain", round(score - MAINTAIN_FROM, 2), True)


def indicator_tool(indicator_no: int) -> str:
    return INDICATOR_TOOL[indicator_no]


_QUESTION_CODE = re.compile(r"^\s*([ieoIEO๐])\s*(\d+)(?:\s*[-–]\s*[ieoIEO๐]?\s*(\d+))?")


def question_tool(code: str) -> str | None:
    """The tool a question code belongs to: i.. IIT, e.. EIT, o.. OIT (seed 004 types o as ๐)."""
    m = _QUESTION_CODE.match(code)
    if not m:
        return None
    prefix = "o" if m[1] == "๐" else m[1].lower()
    return QUESTION_PREFIX_TOOL[prefix]


def tool_weights(fiscal_year: int) -> dict[str, float]:
    return TOOL_WEIGHTS_BY_YEAR.get(fiscal_year, DEFAULT_TOOL_WEIGHTS)


def recompute_overall(indicator_scores: Mapping[int, float],
                      weights: Mapping[str, float] | None = None) -> float | None:
    """The overall from indicator scores: each tool is the mean of its indicators, tools weighted.

    A check beside the published score, never a replacement for it.
    """
    weights = weights or DEFAULT_TOOL_WEIGHTS
    by_tool: dict[str, list[float]] = {}
    for no, score in indicator_scores.items():
        by_tool.setdefault(INDICATOR_TOOL[no], []).append(score)
    if set(by_tool) != set(TOOLS):
        return None
    total = sum(weights[t] for t in TOOLS)
    return round4(sum(weights[t] * sum(v) / len(v) for t, v in by_tool.items()) / total)


_LABEL_WORDS = (
    ("รักษาระดับ", MAINTAIN), ("พัฒนาระดับ", DEVELOP), ("ปรับปรุงแก้ไข", IMPROVE),
    ("maintain", MAINTAIN), ("develop", DEVELOP), ("improve", IMPROVE),
)


def label_band(label: str | None) -> str | None:
    """The band a hand-written analysis label names, read from its opening words."""
    if not isinstance(label, str) or not label:
        return None
    text = re.sub(r"<[^>]+>", " ", label).strip().lower()
    for word, name in _LABEL_WORDS:
        if text.startswith(word):
            return name
    return None


def label_mismatch(score: float, label: str | None) -> bool:
    """True when a stored label names a band other than its score's (seed 004: i1)."""
    named = label_band(label)
    return named is not None and named != band(score)


@dataclass(frozen=True)
class Distances:
    to_pass: float
    to_target: float
    to_maintain: float


def distances(score: float) -> Distances:
    """How far an overall is from 85 (pass), 89 (national target) and 95 (maintain)."""
    return Distances(round4(score - PASS_MARK), round4(score - NATIONAL_TARGET),
                     round4(score - MAINTAIN_FROM))
