"""The label catalogue: every key in both languages, no key defined twice, every key used exists."""

from __future__ import annotations

import re

from analytics.i18n import CATALOGUE, DUPLICATE_KEYS, LANGS, missing_keys, t
from tests.conftest import ROOT

USED = re.compile(r"""\btr?\(\s*["']([a-z_]+\.[a-z0-9_.]+)["']""")


def test_every_key_has_thai_and_english() -> None:
    """A key that lacks a text in either language fails here."""
    assert missing_keys() == {}
    for key, entry in CATALOGUE.items():
        assert set(entry) >= set(LANGS), key


def test_no_key_is_defined_by_two_areas() -> None:
    assert DUPLICATE_KEYS == []


def test_every_literal_key_used_in_the_code_exists() -> None:
    """tr("...") and t("...") calls with a literal key name a catalogue entry."""
    files = [*ROOT.glob("pages/*.py"), *ROOT.glob("ui/*.py"), ROOT / "app.py", *ROOT.glob("analytics/**/*.py")]
    unknown = sorted({(f.name, key) for f in files for key in USED.findall(f.read_text(encoding="utf-8"))
                      if key not in CATALOGUE})
    assert unknown == []


def test_parameters_fill_in_both_languages() -> None:
    assert t("problem.ce_year", "th", value=2025, suggest=2568).count("2568") == 1
    assert "2568" in t("problem.ce_year", "en", value=2025, suggest=2568)
    assert t("no.such.key", "th") == "no.such.key"
