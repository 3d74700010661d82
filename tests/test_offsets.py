"""The raw <-> clean offset map that keeps noise removal lossless."""
from __future__ import annotations

from dataclasses import dataclass

from hypothesis import given, strategies as st

from gz_ie.offsets import OffsetMap


@dataclass
class R:
    start: int
    end: int


def test_map_after_two_deletions():
    raw = "地区◈ღ✿◈生产总值广告词3.2万亿元"
    omap = OffsetMap.from_removals(raw, [R(2, 6), R(10, 13)])
    assert omap.clean == "地区生产总值3.2万亿元"
    start = omap.clean.index("3.2")
    assert raw[omap.to_raw_start(start):omap.to_raw_end(start + 3)] == "3.2"
    assert omap.to_raw_start(2) == 6
    assert omap.to_raw_end(2) == 2          # a span ending before the decoration ends before it
    assert omap.to_clean(3) == 2            # inside a removal: the next kept character


def test_empty_removals_delete_nothing():
    omap = OffsetMap.from_removals("、推进", [R(0, 0)])
    assert omap.clean == "、推进"
    assert omap.to_raw_start(1) == 1


@given(st.text(max_size=60), st.lists(st.tuples(st.integers(0, 60), st.integers(0, 6)), max_size=8))
def test_map_points_at_the_same_characters(raw, cuts):
    removals, pos = [], 0
    for start, length in sorted(cuts):
        start = max(start, pos)
        end = min(start + length, len(raw))
        if start >= len(raw):
            break
        removals.append(R(start, end))
        pos = end
    omap = OffsetMap.from_removals(raw, removals)
    for i, ch in enumerate(omap.clean):
        assert raw[omap.to_raw_start(i)] == ch
        assert omap.to_raw_end(i + 1) == omap.to_raw_start(i) + 1
        assert omap.to_clean(omap.to_raw_start(i)) == i
