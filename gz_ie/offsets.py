"""Map offsets between the raw input and the clean text.

The noise filter only ever deletes characters, so the clean text is the raw text minus a
set of disjoint ranges and the map is monotone and piecewise a shift. We keep one
breakpoint per deletion, ``(clean_offset, raw_minus_clean)``, which is small for any input
and answers both directions in O(log n).
"""
from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass
from typing import Protocol, Sequence


class _Range(Protocol):
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class OffsetMap:
    """The clean text and how its offsets shift back into the raw text.

    ``breaks[i] = (clean_offset, shift)``: from ``clean_offset`` on, raw = clean + shift.
    """

    raw: str
    clean: str
    breaks: tuple[tuple[int, int], ...]

    @classmethod
    def from_removals(cls, raw: str, removals: Sequence[_Range]) -> "OffsetMap":
        """Delete ``removals`` (sorted, disjoint; empty ranges delete nothing) from ``raw``."""
        pieces: list[str] = []
        breaks: list[tuple[int, int]] = [(0, 0)]
        pos = clean_len = 0
        for r in removals:
            if r.end <= r.start:
                continue
            if r.start < pos:
                raise ValueError(f"overlapping or unsorted removal at {r.start}")
            pieces.append(raw[pos:r.start])
            clean_len += r.start - pos
            pos = r.end
            breaks.append((clean_len, pos - clean_len))
        pieces.append(raw[pos:])
        return cls(raw, "".join(pieces), tuple(breaks))

    @classmethod
    def identity(cls, text: str) -> "OffsetMap":
        return cls(text, text, ((0, 0),))

    def _shift(self, clean_offset: int) -> int:
        i = bisect_right(self.breaks, (clean_offset, float("inf"))) - 1
        return self.breaks[i][1]

    def to_raw_start(self, clean_offset: int) -> int:
        """Raw offset of the character at ``clean_offset``."""
        return clean_offset + self._shift(clean_offset)

    def to_raw_end(self, clean_end: int) -> int:
        """Raw end of a span ending at ``clean_end`` (exclusive): right after its last character."""
        if clean_end <= 0:
            return self.to_raw_start(0)
        return self.to_raw_start(clean_end - 1) + 1

    def to_clean(self, raw_offset: int) -> int:
        """Clean offset of the first clean character at or after ``raw_offset``."""
        lo, hi = 0, len(self.clean)
        while lo < hi:
            mid = (lo + hi) // 2
            if self.to_raw_start(mid) < raw_offset:
                lo = mid + 1
            else:
                hi = mid
        return lo
