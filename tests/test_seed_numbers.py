"""Every number the demo takes from a seed, checked against the seed's value.

Each table row names the seed file (../shared/seeds/) and the line the value is printed on. The tests
compare the loaded demo (and the code's constants) with the tables; when the seeds are beside the
repository, a last test checks that each named line really prints the value.
"""

from __future__ import annotations

import re

import pandas as pd
import pytest

from analytics import cycle
from analytics.report import cycle_report, ita_report
from analytics.store import Store
from tests.conftest import ROOT

SEEDS = ROOT.parent / "shared" / "seeds"
S000, S001, S002, S003, S004 = ("000_db7aa75c2e9bf350.txt", "001_6e3f4dc37180c2b8.txt", "002_96144dc60343f912.txt",
                                "003_e9e42fc15bb420f4.txt", "004_06fece6a819aa50f.txt")

# -- seed 000: the 16 steps (names in the flow chart of section 5, days in section 7) --------------
# step, name as the flow chart prints it (split vowels repaired), standard working days, name line, days line
SEED_000_STEPS = [
    (1, "รับทราบเกณฑ์เบื้องต้น", 1, 160, 324),
    (2, "สำนักงาน ก.พ.ร. แจ้ง Strategic KPIs", 1, 163, 330),
    (3, "ประสานหน่วยงานเพื่อจัดทำร่างตัวชี้วัด", 10, 166, 337),
    (4, "เสนอ อพร. พิจารณาร่างตัวชี้วัด", 5, 169, 339),
    (5, "ส่งร่างตัวชี้วัดให้ สปอ. เสนอคณะกรรมการกำกับฯ", 1, 174, 351),
    (6, "ยืนยันข้อมูลตัวชี้วัด ส่งสำนักงาน ก.พ.ร.", 1, 179, 356),
    (7, "แจ้งรายละเอียดตัวชี้วัดให้ผู้บริหารและหน่วยงานที่รับผิดชอบทราบ", 1, 182, 362),
    (8, "ติดตามผลการดำเนินงานจากหน่วยงานและจัดทำรายงานรอบ 6 เดือน", 10, 202, 367),
    (9, "ส่งคำขอ ขอเปลี่ยนแปลงรายละเอียดตัวชี้วัด (ถ้ามี)", 1, 205, 373),
    (10, "เสนอ อพร. เพื่อพิจารณาผลการดำเนินงานรอบ 6 เดือน", 5, 208, 379),
    (11, "รายงานผลการดำเนินงานในระบบ e-Sar", 1, 213, 385),
    (12, "ติดตามผลการดำเนินงานจากหน่วยงานและจัดทำรายงานรอบ 12 เดือน", 10, 218, 390),
    (13, "ส่งคำขอ ขอเปลี่ยนแปลงรายละเอียดตัวชี้วัด (ถ้ามี)", 1, 221, 396),
    (14, "เสนอ อพร. เพื่อพิจารณาผลการดำเนินงานรอบ 12 เดือน", 5, 224, 402),
    (15, "รายงานผลการดำเนินงานในระบบ e-Sar", 1, 229, 408),
    (16, "นำสรุปผลรายงานลงใน Intranet", 1, 234, 413),
]
SEED_000_TOTAL = (55, 318)  # "จำนวน 55 วันทำการ"
SEED_000_OPTIONAL = {9: 206, 13: 222}  # "(ถ้ามี)"
SEED_000_SENT_BACK = {4: 172, 5: 177, 10: 216, 14: 232}  # "ไม่เห็นชอบ" (the decision after each step)

# -- seed 001: the FY2547 agreement of the Office of the Permanent Secretary (demo org OPS, FY2547) ----
# KPI, weight, FY2545 result, FY2546 result, criteria 1..5, line
SEED_001_KPIS = [
    ("1", 15, None, None, (60, 65, 70, 75, 80), 152),
    ("2", 17.5, None, None, (60, 70, 80, 90, 100), 153),
    ("3", 17.5, None, None, (60, 70, 80, 90, 100), 154),
    ("4", 20, None, None, (80, 85, 90, 95, 100), 159),
    ("5", 2, 7.15, 2.10, (0, 5, 10, 15, 20), 166),
    ("6", 2, None, None, (1, 2, 3, 4, 5), 167),
    ("7", 2, None, None, (1, 2, 3, 4, 5), 168),
    ("8", 2, None, None, (1, 2, 3, 4, 5), 169),
    ("9", 2, None, None, (1, 2, 3, 4, 5), 170),
    ("10", 2, None, None, (1, 2, 3, 4, 5), 171),
    ("11", 2, None, None, (1, 2, 3, 4, 5), 179),
    ("12", 2, None, None, (40, 50, 60, 70, 80), 180),
    ("13", 2, None, None, (1, 2, 3, 4, 5), 181),
    ("14", 2, None, None, (1, 2, 3, 4, 5), 182),
    ("15", 2, None, None, (1, 2, 3, 4, 5), 183),
    ("16.1", 1, None, None, (0.0, 1.25, 2.5, 3.75, 5.0), 191),
    ("16.2", 1, None, None, (0.0, 1.25, 2.5, 3.75, 5.0), 192),
    ("16.3", 2, None, None, (1, 2, 3, 4, 5), 193),
    ("17", 2, None, None, (1, 2, 3, 4, 5), 194),
    ("18", 2, None, None, (1, 2, 3, 4, 5), 195),
]
SEED_001_DIMENSIONS = {"1": (70, 134), "2": (12, 135), "3": (10, 136), "4": (8, 137)}

# -- seed 002: the FY2569 committee (19 Sep 2568): Performance Base KPIs per department, line 6 ------
SEED_002_COUNTS = {"DIW": (6, "กรอ."), "OIE": (4, "สศอ."), "DIP": (7, "กสอ."), "DPIM": (4, "กพร."),
                   "OCSB": (7, "สอน."), "TISI": (7, "สมอ."), "OPS": (7, "สปอ.")}
SEED_002_LINE = 6
SEED_002_TYPES = {"strategic", "monitor", "joint"}  # line 5: Strategic, Monitor and Joint KPIs

# -- seed 003: DLPW's PMQA 4.0 development plan FY2562-2563 (demo org DLPW, FY2563, 30_actions_dlpw_2563.csv) --
SEED_003_TITLE = ("กรมสวัสดิการและคุ้มครองแรงงาน", "2562-2563", 7)  # the plan's title line: the org and its years
SEED_003_CATEGORIES = {1: 11, 2: 601, 3: 889, 4: 1267, 5: 1484, 6: 2060}  # "หมวด N" heading lines; no หมวด 7
SEED_003_LEVEL_WORDS = {"basic": "A&D", "advance": "Alignment", "significance": "Integration"}
# item, level (None: an item printed "(ผ่าน)" without a level), item line, level line (the level's column), line
# of the assessor's "X ไม่ผ่าน", then each action: the demo's action_no, its seed line, the number printed there
# (None: a single action printed without one, numbered 1 in the demo; "2a"/"2b": the seed prints "2." twice).
# 1.1.3 and 3.3 print one action block for two levels; the demo splits it by content (data/demo/README.md).
SEED_003_ITEMS = [
    ("1.1.1", None, 27, None, None, ()),
    ("1.1.2", None, 28, None, None, ()),
    ("1.1.3", "advance", 29, 30, 48, (("1", 62, "1"),)),
    ("1.1.3", "significance", 29, 36, 55, (("2", 68, "2"),)),
    ("1.2.1", "advance", 108, 121, 133, (("1", 137, "1"), ("2", 141, "2"), ("3", 144, "3"), ("4", 146, "4"),
        ("5", 148, "5"), ("6", 151, "6"), ("7", 159, "7"))),
    ("1.2.1", "significance", 108, 172, 200, (("1", 172, "1"), ("2", 212, "2"), ("3", 220, "3"), ("4", 224, "4"),
        ("5", 226, "5"))),
    ("1.2.2", "advance", 236, 237, 245, (("1", 249, "1"), ("2", 253, "2"), ("3", 276, "3"))),
    ("1.2.2", "significance", 236, 279, 287, (("1", 291, "1"), ("2", 292, "2"), ("4", 294, "4"))),
    ("1.2.3", None, 312, None, None, ()),
    ("1.3", "advance", 313, 314, 325, (("1", 335, "1"), ("2", 337, "2"), ("3", 339, "3"), ("4", 395, "4"),
        ("5", 397, "5"), ("6", 399, "6"), ("7", 401, "7"), ("8", 412, "8"))),
    ("1.3", "significance", 313, 431, 441, (("1", 446, "1"), ("2", 451, "2"), ("3", 485, "3"))),
    ("1.4", "significance", 490, 491, 499, (("1", 505, "1"), ("2", 510, "2"), ("3", 514, "3"), ("4", 517, "4"),
        ("5", 523, "5"), ("6", 554, "6"))),
    ("2.1", "significance", 615, 616, 629, (("1", 636, "1"), ("2", 638, "2"))),
    ("2.2", "significance", 653, 666, 680, (("1", 686, "1"), ("2", 691, "2"))),
    ("2.3", "advance", 708, 709, 722, (("1", 726, "1"), ("2", 732, "2"))),
    ("2.3", "significance", 708, 761, 777, (("1", 782, "1"), ("2", 785, "2"), ("3", 787, "3"), ("4", 789, "4"))),
    ("2.4", "advance", 804, 805, 814, (("1", 818, None),)),
    ("2.4", "significance", 804, 839, 845, (("1", 850, "1"), ("2", 882, "2"))),
    ("3.1", "advance", 903, 904, 914, (("1", 919, "1"), ("2a", 924, "2"), ("2b", 928, "2"), ("3", 933, "3"),
        ("4", 969, "4"))),
    ("3.1", "significance", 903, 974, 990, (("1", 995, "1"), ("2", 1002, "2"))),
    ("3.2", "advance", 1018, 1019, 1026, (("1", 1031, "1"), ("2", 1066, "2"), ("3", 1069, "3"))),
    ("3.2", "significance", 1018, 1074, 1082, (("1", 1087, "1"), ("2", 1093, "2"))),
    ("3.3", "advance", 1114, 1115, 1120, (("1", 1123, "1"), ("2", 1173, "2"))),
    ("3.3", "significance", 1114, 1153, 1167, (("3", 1178, "3"),)),
    ("3.4", "advance", 1184, 1185, 1199, (("1", 1203, "1"), ("2", 1206, "2"))),
    ("3.4", "significance", 1184, 1220, 1226, (("1", 1231, "1"), ("2", 1263, "2"))),
    ("4.1.1", None, 1282, None, None, ()),
    ("4.1.2", None, 1283, None, None, ()),
    ("4.2", "significance", 1284, 1285, 1296, (("1", 1302, "1"), ("2", 1309, "2"), ("3", 1340, "3"))),
    ("4.3", "significance", 1351, 1352, 1362, (("1", 1367, "1"), ("2", 1373, "2"), ("3", 1408, "3"))),
    ("4.4", "significance", 1425, 1426, 1438, (("1", 1443, "1"), ("2", 1445, "2"), ("3", 1447, "3"),
        ("4", 1450, "4"))),
    ("5.1", "advance", 1498, 1499, 1511, (("1", 1516, "1"), ("2", 1519, "2"), ("3", 1521, "3"), ("4", 1552, "4"),
        ("5", 1560, "5"))),
    ("5.1", "significance", 1498, 1567, 1580, (("1", 1585, "1"), ("2", 1634, "2"), ("3", 1643, "3"))),
    ("5.2", "significance", 1645, 1646, 1657, (("1", 1663, "1"), ("2", 1671, "2"), ("3", 1700, "3"),
        ("4", 1703, "4"))),
    ("5.3", "advance", 1722, 1723, 1737, (("1", 1743, "1"), ("2", 1749, "2"), ("3", 1753, "3"))),
    ("5.3", "significance", 1722, 1787, 1796, (("1", 1802, "1"),)),
    ("5.4", "basic", 1825, 1826, 1837, (("1", 1843, "1"), ("2", 1846, "2"), ("3", 1849, "3"), ("4", 1888, "4"))),
    ("5.4", "advance", 1825, 1900, 1918, (("1", 1923, "1"), ("2", 1927, "2"), ("3", 1932, "3"), ("4", 1972, "4"),
        ("5", 1977, "5"))),
    ("5.4", "significance", 1825, 1982, 1995, (("1", 2002, "1"), ("2", 2006, "2"), ("3", 2010, "3"),
        ("4", 2050, "4"), ("5", 2054, "5"))),
    ("6.1.1", "significance", 2062, 2063, 2075, (("1", 2080, "1"), ("2", 2081, "2"), ("3", 2083, "3"),
        ("4", 2086, "4"))),
    ("6.1.2", "advance", 2097, 2098, 2108, (("1", 2114, None),)),
    ("6.1.2", "significance", 2097, 2132, 2139, (("1", 2145, "1"), ("2", 2146, "2"))),
    ("6.2", "advance", 2167, 2169, 2177, (("1", 2183, "1"), ("2", 2186, "2"), ("3", 2189, "3"), ("4", 2196, "4"))),
    ("6.2", "significance", 2167, 2229, 2233, (("1", 2236, "1"),)),
    ("6.3", "basic", 2264, 2265, 2285, (("1", 2294, "1"), ("2", 2299, "2"), ("3", 2302, "3"), ("4", 2306, "4"),
        ("5", 2309, "5"), ("6", 2310, "6"), ("7", 2312, "7"))),
    ("6.3", "advance", 2264, 2328, 2342, (("1", 2348, "1"), ("2", 2352, "2"), ("3", 2354, "3"), ("4", 2355, "4"))),
    ("6.3", "significance", 2264, 2370, 2379, (("1", 2386, None),)),
    ("6.4", "basic", 2406, 2407, 2415, (("1", 2421, "1"), ("2", 2424, "2"), ("3", 2471, "3"))),
    ("6.4", "advance", 2406, 2475, 2490, (("1", 2496, "1"), ("2", 2504, "2"), ("3", 2506, "3"))),
    ("6.4", "significance", 2406, 2524, 2529, (("1", 2532, "1"), ("2", 2576, "2"))),
]
SEED_003_ROWS = 146  # the demo's rows: one per action, one per "(ผ่าน)" item

# -- seed 004: DPIM's FY2568 ITA (line 11: the overall and the ranks; the table of part 1) -------------
SEED_004_SUMMARY = {"overall": (94.23, 11), "rank_ministry": (6, 11), "ministry_size": (8, 11),
                    "rank_group": (56, 11), "group_size": (92, 11)}
SEED_004_INDICATORS = {1: (95.59, 39), 2: (96.35, 45), 3: (99.30, 52), 4: (90.78, 56), 5: (94.32, 65),
                       6: (92.70, 72), 7: (83.41, 79), 8: (80.36, 87), 9: (100.0, 96), 10: (100.0, 101)}
SEED_004_QUESTIONS = {"i2": (95.48, 40), "i3": (100.0, 44), "i4": (94.43, 46), "i5": (97.39, 47), "i6": (97.22, 51),
                      "i7": (98.43, 53), "i8": (99.48, 54), "i9": (100.0, 55), "i10": (80.87, 59), "i11": (97.91, 60),
                      "i12": (93.57, 61), "i13": (96.35, 66), "i14": (93.04, 67), "i15": (93.57, 71),
                      "e1": (88.02, 73), "e2": (87.84, 74), "e3": (99.67, 78), "e4": (81.73, 80), "e5": (81.54, 83),
                      "e6": (86.97, 86), "e7": (86.97, 88), "e8": (81.77, 91), "e9": (81.54, 95),
                      "o1-o4": (100.0, 97), "o21-o24": (100.0, 102), "o25-o28": (100.0, 102)}
SEED_004_UNPUBLISHED = {"i1": 39, "o5-o11": 100}  # printed without a score of their own
SEED_004_RECOMPUTED = 94.2274  # 0.3 x 95.268 + 0.3 x 85.49 + 0.4 x 100, from the indicator scores above
SEED_004_PERIOD = (("2025-10-01", "2026-09-30"), 114)  # "1 ตุลาคม 2568 – 30 กันยายน 2569" (part 2)


@pytest.mark.parametrize(("step", "name", "days", "_name_line", "_days_line"), SEED_000_STEPS)
def test_seed_000_steps_in_code(step, name, days, _name_line, _days_line):
    """The code holds seed 000's step names and standard days."""
    no, th, _en, standard = cycle.STANDARD_STEPS[step - 1]
    assert (no, th, standard) == (step, name, days)


@pytest.mark.parametrize("year", [2568, 2569])
def test_seed_000_steps_in_the_demo(demo_store: Store, year: int):
    """The demo's cycles use seed 000's step names and days; the total is 55; 9 and 13 are optional."""
    steps = demo_store.cycle_steps("DPIM", year).drop_duplicates("step_no")
    assert [(int(r.step_no), r.step_name, int(r.standard_days)) for r in steps.itertuples()] == \
        [(s, n, d) for s, n, d, _a, _b in SEED_000_STEPS]
    assert int(steps["standard_days"].sum()) == SEED_000_TOTAL[0] == cycle.STANDARD_TOTAL_DAYS
    assert cycle.OPTIONAL_STEPS == set(SEED_000_OPTIONAL)
    assert cycle.DECISION_STEPS == set(SEED_000_SENT_BACK)


def test_seed_000_outcomes_in_the_demo(demo_store: Store):
    """FY2568 uses seed 000's branches: step 4 sent back (a decision), step 9 (ถ้ามี) not needed."""
    report = cycle_report(demo_store, "DPIM", 2568)
    assert report is not None
    back = set(report.loc[report["sent_back"] > 0, "step_no"])
    skipped = set(report.loc[report["state"] == cycle.SKIPPED, "step_no"])
    assert back == {4} and back <= set(SEED_000_SENT_BACK)
    assert skipped == {9} and skipped <= set(SEED_000_OPTIONAL)


@pytest.mark.parametrize(("code", "weight", "prev_2545", "prev_2546", "criteria", "_line"), SEED_001_KPIS)
def test_seed_001_kpis_in_the_demo(demo_store: Store, code, weight, prev_2545, prev_2546, criteria, _line):
    """OPS FY2547 carries seed 001's weights, criteria and the only prior results it prints."""
    k = demo_store.kpis("OPS", 2547).set_index("kpi_code").loc[code]
    assert float(k["weight"]) == weight
    assert tuple(float(k[c]) for c in ("c1", "c2", "c3", "c4", "c5")) == tuple(float(c) for c in criteria)
    for stored, printed in ((k["prev_result_2"], prev_2545), (k["prev_result_1"], prev_2546)):
        assert (pd.isna(stored) if printed is None else float(stored) == printed)


def test_seed_001_dimensions_in_the_demo(demo_store: Store):
    """The four dimensions weigh 70 / 12 / 10 / 8: the KPI weights of each add up to it."""
    kpis = demo_store.kpis("OPS", 2547)
    sums = kpis.groupby("dimension")["weight"].sum().to_dict()
    assert sums == {d: float(w) for d, (w, _line) in SEED_001_DIMENSIONS.items()}


@pytest.mark.parametrize(("org", "count"), [(o, c) for o, (c, _abbr) in SEED_002_COUNTS.items()])
def test_seed_002_fy2569_agreements(demo_store: Store, org, count):
    """FY2569: each department has seed 002's number of KPIs, all in component 1 (Performance Base), typed
    strategic, monitor or joint, with illustrative results for the 6-, 9- and 12-month rounds."""
    kpis = demo_store.kpis(org, 2569)
    assert len(kpis) == count
    assert set(kpis["dimension"]) == {"1"}
    assert set(kpis["dimension_name"]) == {"การประเมินประสิทธิผลการดำเนินงาน (Performance Base)"}
    assert set(kpis["kpi_type"]) <= SEED_002_TYPES and "joint" in set(kpis["kpi_type"])
    assert kpis[["result_6m", "result_9m", "result_12m"]].notna().all().all()
    abbr = demo_store.org(org)["abbr_th"]  # type: ignore[index]
    assert abbr == SEED_002_COUNTS[org][1]


def test_seed_002_all_seven_and_types_across_the_ministry(demo_store: Store):
    """The seven departments of seed 002 and no other have FY2569 agreements, using all three KPI types."""
    kpis = demo_store.kpis_for_orgs(list(SEED_002_COUNTS) + ["OMIN", "DLPW"], [2569])
    assert set(kpis["org_code"]) == set(SEED_002_COUNTS)
    assert set(kpis["kpi_type"]) == SEED_002_TYPES


@pytest.mark.parametrize("year", [2567, 2568])
def test_seed_002_counts_are_not_put_on_earlier_years(demo_store: Store, year: int):
    """Seed 002's counts are FY2569's: the illustrative FY2567 and FY2568 units do not repeat them."""
    for org, (count, _abbr) in SEED_002_COUNTS.items():
        if org == "DPIM":
            continue  # DPIM's own illustrative agreements (13_...) have four Performance Base KPIs by design
        kpis = demo_store.kpis(org, year)
        assert (kpis["dimension"] == "1").sum() != count, org


def test_seed_003_plan_in_the_demo(demo_store: Store):
    """DLPW FY2563 holds seed 003's plan: its items in order, each level with the assessor's verdict, every action
    numbered as printed, the "(ผ่าน)" items as one row each; 146 rows over the six categories."""
    acts = demo_store.actions("DLPW", 2563)
    assert len(acts) == SEED_003_ROWS == sum(max(len(a), 1) for *_h, a in SEED_003_ITEMS)
    assert set(acts["source"]) == {"pmqa"}
    assert {int(r.split(".")[0]) for r in acts["ref"]} == set(SEED_003_CATEGORIES)
    blank = pd.isna

    def key(r) -> tuple:  # type: ignore[no-untyped-def]
        return (r.ref, None if blank(r.level) else r.level, r.assessor_result, None if blank(r.action_no) else r.action_no)

    expected = []
    for ref, level, *_lines, actions in SEED_003_ITEMS:
        expected += [(ref, None, "pass", None)] if not actions else [(ref, level, "fail", no) for no, *_ in actions]
    assert [key(r) for r in acts.itertuples()] == expected


def _digits(text: str) -> str:
    return text.translate(str.maketrans("๐๑๒๓๔๕๖๗๘๙", "0123456789"))


@pytest.mark.skipif(not (SEEDS / S003).is_file(), reason="the seeds are beside the repository only on the team's machine")
def test_seed_003_table_quotes_its_seed_lines():
    """Each item, level, verdict and action number of seed 003's table is printed on the line the table names, and
    the seed prints no numbered action the table leaves out."""
    lines = (SEEDS / S003).read_text(encoding="utf-8").split("\n")
    org, years, title = SEED_003_TITLE
    assert org in lines[title - 1] and years in lines[title - 1]
    for no, line in SEED_003_CATEGORIES.items():
        assert re.match(rf"\s*หมวด\s+{no}\s", _digits(lines[line - 1])), no
    assert not any(re.search(r"หมวด\s*7", _digits(text)) for text in lines)
    numbered = set()
    for ref, level, item_line, level_line, verdict_line, actions in SEED_003_ITEMS:
        item = _digits(lines[item_line - 1])
        assert re.match(rf"\s*{re.escape(ref)}\s", item), ref
        if level is None:
            assert "(ผ่าน)" in item, ref
            continue
        assert SEED_003_LEVEL_WORDS[level] in lines[level_line - 1], (ref, level)
        assert "ไม่ผ่าน" in lines[verdict_line - 1], (ref, level)
        for no, line, printed in actions:
            text = _digits(lines[line - 1])
            if printed is None:
                assert no == "1" and not re.match(r"\s*\d", text), (ref, level, no)
            else:
                assert no.rstrip("ab") == printed and re.search(rf"(^|\s){printed}\s*\.\s*[^\d\s]", text), (ref, no)
                numbered.add(line)
    # every line of the plan (after its title) that opens with an action number is in the table
    opens = {i for i, text in enumerate(lines, 1) if i > SEED_003_CATEGORIES[1]
             and re.match(r"\s*\d+\s*\.\s*[^\d\s]", _digits(text))}
    assert opens <= numbered, sorted(opens - numbered)


def test_seed_004_in_the_demo(demo_store: Store):
    """DPIM FY2568: 94.23, 6 of 8, 56 of 92; every printed indicator and question score; recomputed 94.2274."""
    report = ita_report(demo_store, "DPIM", 2568)
    assert report is not None and report.summary is not None
    for key, (value, _line) in SEED_004_SUMMARY.items():
        assert report.summary[key] == value, key
    indicators = report.indicators.set_index("indicator_no")["score"].to_dict()
    assert indicators == {n: pytest.approx(v) for n, (v, _line) in SEED_004_INDICATORS.items()}
    questions = report.questions.set_index("question_code")
    for code, (score, _line) in SEED_004_QUESTIONS.items():
        assert questions.loc[code, "score"] == pytest.approx(score), code
    for code in SEED_004_UNPUBLISHED:
        assert pd.isna(questions.loc[code, "score"]), code
    assert report.recomputed == SEED_004_RECOMPUTED and round(report.recomputed, 2) == report.overall
    assert not questions["label_mismatch"].any()


def test_seed_004_measures_period_in_the_demo(demo_store: Store):
    """The FY2569 ITA measures run over seed 004's period, 1 Oct 2568 to 30 Sep 2569."""
    m = demo_store.ita_measures("DPIM", [2569])
    (start, due), _line = SEED_004_PERIOD
    assert set(pd.to_datetime(m["start_date"]).dt.date.astype(str)) == {start}
    assert set(pd.to_datetime(m["due_date"]).dt.date.astype(str)) == {due}


def _line(name: str, no: int) -> str:
    return re.sub(r"\s+", " ", (SEEDS / name).read_text(encoding="utf-8").split("\n")[no - 1])


@pytest.mark.skipif(not (SEEDS / S004).is_file(), reason="the seeds are beside the repository only on the team's machine")
def test_the_tables_quote_their_seed_lines():
    """Each value above is printed on the seed line its table names."""
    for step, _name, days, _name_line, days_line in SEED_000_STEPS:
        assert f"{days} วันทำการ" in _line(S000, days_line), step
    assert "55 วันทำการ" in _line(S000, SEED_000_TOTAL[1])
    assert all("(ถ้ามี)" in _line(S000, ln) for ln in SEED_000_OPTIONAL.values())
    assert all("ไม่เห็นชอบ" in _line(S000, ln) for ln in SEED_000_SENT_BACK.values())
    for code, weight, p45, p46, criteria, line in SEED_001_KPIS:
        cells = (SEEDS / S001).read_text(encoding="utf-8").split("\n")[line - 1].split("\t")
        assert cells[0].startswith(code) and float(cells[1]) == weight, code
        assert [None if c.strip() == "-" else float(c) for c in cells[2:4]] == [p45, p46], code
        assert tuple(float(c) for c in cells[4:9]) == tuple(float(c) for c in criteria), code
    for weight, line in SEED_001_DIMENSIONS.values():
        assert (SEEDS / S001).read_text(encoding="utf-8").split("\n")[line - 1].split("\t")[1].strip() == str(weight)
    text = _line(S002, SEED_002_LINE)
    for count, abbr in SEED_002_COUNTS.values():
        assert f"({abbr}) จำนวน {count} ตัวชี้วัด" in text, abbr
    assert all(t in _line(S002, 5) for t in ("Strategic KPIs", "Monitor KPIs", "Joint KPIs"))
    summary = _line(S004, 11)
    assert "94.23 คะแนน" in summary and "ลำดับที่ 6" in summary and "8 หน่วยงาน" in summary
    assert "ลำดับที่ 56" in summary and "92 หน่วยงาน" in summary
    for score, line in [*SEED_004_INDICATORS.values(), *SEED_004_QUESTIONS.values()]:
        cell = (SEEDS / S004).read_text(encoding="utf-8").split("\n")[line - 1].split("\t")[3]
        assert float(cell) == score, line
    for line in SEED_004_UNPUBLISHED.values():
        row = (SEEDS / S004).read_text(encoding="utf-8").split("\n")[line - 1].split("\t")
        assert line == 39 or row[3].strip() == ""  # i1 shares line 39 with indicator 1's 95.59
    assert "1 ตุลาคม 2568 – 30 กันยายน 2569" in _line(S004, SEED_004_PERIOD[1])


def test_the_deck_shows_published_and_recomputed_agreeing(demo_store: Store):
    """The meeting pack's ITA section gives the published 94.23 and the recomputed 94.23, and flags no label."""
    import datetime as dt

    from analytics.exports.briefing import build_briefing
    b = build_briefing(demo_store, "DPIM", 2568, 12, "th", dt.date(2026, 11, 20))
    notes = [n.text for s in b.sections for n in s.notes]
    assert "คะแนนคำนวณซ้ำจากตัวชี้วัด 94.23 (ใช้คะแนนที่ประกาศเป็นหลัก)" in notes
    assert not any(n.startswith("ข้อที่ระบุผลการวิเคราะห์ไม่ตรงกับช่วงคะแนน") for n in notes)
    cycle_notes = [n.text for s in b.sections if s.key == "cycle" for n in s.notes]
    assert "ขั้นตอนที่ไม่มีในปีนี้ (ถ้ามี): 9 ไม่นับวันทำการและความล่าช้า" in cycle_notes
    assert "ขั้นตอนที่ไม่เห็นชอบและดำเนินการใหม่: 4 (นับวันทำการทุกครั้ง)" in cycle_notes
