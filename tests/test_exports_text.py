"""How much room Thai text takes, and shortening it without tearing a tone mark from its consonant."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from analytics.exports.text import ELLIPSIS, base_length, fit_size, is_combining, lines_needed, shorten

THAI = "หน่วยงานควรระบุขั้นตอนและแนวทางในการขอยืมทรัพย์สินของทางราชการตามประเภทงานด้านต่าง ๆ ไว้ในคู่มือ"


@pytest.mark.parametrize(("text", "base"), [
    ("กรม", 3), ("ที่", 1), ("ผู้ใหญ่", 4), ("ปั้น", 2), ("คำ", 2), ("ITA 94.23", 9), ("", 0),
])
def test_base_length_skips_marks(text, base):
    """Vowels and tone marks above and below (U+0E31, U+0E34-0E3A, U+0E47-0E4E) take no width; ำ does."""
    assert base_length(text) == base


def test_lines_grow_with_text_and_shrink_with_width():
    """More text or a narrower box means more lines; every paragraph takes at least one."""
    assert lines_needed("", 14, 200) == 1
    assert lines_needed("ก\nข", 14, 200) == 2
    assert lines_needed(THAI, 14, 200) > lines_needed(THAI, 14, 400) >= 2
    assert lines_needed(THAI, 20, 300) > lines_needed(THAI, 12, 300)


def test_shorten_fits_and_marks_the_cut():
    """A long text is cut to fit the lines given and ends with an ellipsis; a short one is left alone."""
    short = shorten(THAI, 14, 200, 2)
    assert short.endswith(ELLIPSIS) and lines_needed(short, 14, 200) <= 2
    assert THAI.startswith(short[:-1])
    assert shorten("กรมอุตสาหกรรม", 14, 400, 1) == "กรมอุตสาหกรรม"


def test_fit_size_picks_the_largest_that_fits():
    assert fit_size("สั้น", 300, (28, 24, 20)) == 28
    assert fit_size(THAI, 400, (28, 24, 20, 12), max_lines=2) in (20, 12)


thai_text = st.text(alphabet=st.sampled_from(list("กขคงจชดตทนบปผพมยรลวสหอะาำเแโใไ ่้๊๋ัิีึืุู็์ ABC12.,")),
                    min_size=0, max_size=300)


@given(thai_text, st.integers(min_value=1, max_value=4), st.sampled_from([12.0, 14.0, 20.0]))
def test_shortened_text_never_splits_a_cluster(text, max_lines, size):
    """Whatever the text, the shortened one fits and is cut where no combining mark follows."""
    out = shorten(text, size, 180, max_lines)
    assert lines_needed(out, size, 180) <= max_lines
    if out.endswith(ELLIPSIS):
        head = out[:-1]
        normal = " ".join(text.split())
        assert normal.startswith(head)
        rest = normal[len(head):]
        assert not rest or not is_combining(rest[0])
