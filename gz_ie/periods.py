"""The report's year, and which period and kind each paragraph speaks of.

A government work report has a fixed plan: a review of last year (figures achieved,
period = last year), in a plan's final year also a review of the five-year plan (period
``十四五``), then the next plan's goals (targets, period ``十五五``) and this year's targets
and tasks (targets, period = the report's year). Headings say which part begins
(``一、2025年工作回顾``, ``二、“十五五”时期主要目标任务``, ``三、2026年工作安排``), and where a
copy has lost its headings the openers of paragraphs still do (``过去一年``, ``五年来``,
``回望“十四五”``, ``今年是“十五五”开局之年``). :class:`ReportStructure` follows these cues
paragraph by paragraph; the cue words live in ``models/metrics/periods.json``.
"""
from __future__ import annotations

import json
import os
from bisect import bisect_right
from dataclasses import dataclass
from pathlib import Path
from typing import Literal, Mapping, Optional

import regex

from .quantity_grammar import alternation
from .relation_vocab import METRICS_DIR, compiled_pattern as _pattern


PERIODS_FILE: Path = METRICS_DIR / "periods.json"
Kind = Literal["target", "actual"]

_DIGITS = "一二三四五六七八九"
_YEAR_DIGITS = r"((?:19|20)\d\d)"
_PLAN = r"十[一二三四五六七八九]?五"
_HEADING_MAX = 40


@dataclass(frozen=True)
class Frame:
    """What a stretch of the report is about: ``Frame("actual", "2025")``."""

    kind: Kind
    period: Optional[str]


def plan_name(year: int) -> str:
    """The five-year plan a year belongs to.

    Example:
        >>> plan_name(2025), plan_name(2026)
        ('十四五', '十五五')
    """
    n = (year - 2006) // 5 + 11
    return "十" + ("" if n == 10 else _DIGITS[n - 11]) + "五" if 11 <= n <= 19 else f"{n}th"


def plan_first_year(name: str) -> Optional[int]:
    """The first year of a plan named ``十四五``: 2021."""
    m = _pattern(r"十([一二三四五六七八九]?)五").fullmatch(name)
    if not m:
        return None
    n = 10 + (_DIGITS.index(m.group(1)) + 1 if m.group(1) else 0)
    return 2006 + (n - 11) * 5


@dataclass(frozen=True)
class PeriodCues:
    """The cue words of ``periods.json`` and the patterns built from them."""

    words: Mapping[str, tuple[str, ...]]

    @classmethod
    def from_file(cls, path: str | os.PathLike = PERIODS_FILE) -> "PeriodCues":
        with open(path, encoding="utf-8") as f:
            return cls.from_dict(json.load(f))

    @classmethod
    def from_dict(cls, data: Mapping) -> "PeriodCues":
        bad = [k for k, v in data.items() if not isinstance(v, list) or not all(isinstance(w, str) and w for w in v)]
        if bad:
            raise ValueError(f"period cues: entries {bad} must be lists of non-empty strings")
        return cls({k: tuple(v) for k, v in data.items()})

    def alt(self, key: str) -> str:
        return alternation(self.words.get(key, ()))


class ReportStructure:
    """The frame (kind, period) of every paragraph of a report."""

    def __init__(self, text: str, year: Optional[int], cues: PeriodCues) -> None:
        self.year = year
        self.cues = cues
        self._compile()
        self._starts: list[int] = []
        self._frames: list[Frame] = []
        self._walk(text)

    def frame_at(self, offset: int) -> Frame:
        """The frame of the paragraph holding ``offset``."""
        i = bisect_right(self._starts, offset) - 1
        return self._frames[i] if i >= 0 else self.default

    @property
    def default(self) -> Frame:
        return Frame("actual", str(self.year - 1) if self.year else None)

    # ------------------------------------------------------------------------------
    def _compile(self) -> None:
        c = self.cues
        self.re_review_year = regex.compile(rf"{_YEAR_DIGITS}年(?:以来)?(?:和[^，,。]{{0,12}})?(?:{c.alt('review_year_markers')})")
        self.re_review_year_open = regex.compile(rf"^(?:各位代表[！!，,]\s*)?(?:{c.alt('review_year_openers')})")
        self.re_year_is = regex.compile(rf"^(?:刚刚过去的)?{_YEAR_DIGITS}年(?:，|,)?是")
        self.re_review_plan_open = regex.compile(
            rf"^(?:各位代表[！!，,]\s*)?(?:(?:{c.alt('review_plan_openers')})“?({_PLAN})”?|{c.alt('review_term_openers')}"
            rf"|这是[^。！]{{0,24}}的五年|“?({_PLAN})”?(?:以来|时期[^，,。]{{0,6}}(?:成就|成绩|回顾)))"
        )
        self.re_plan_target = regex.compile(rf"“?({_PLAN})”?(?:时期|规划)?[^。]{{0,10}}(?:{c.alt('plan_target_markers')})")
        self.re_plan_number = regex.compile(r"第(十[一二三四五六七八九]?)个五年规划")
        self.re_year_target = regex.compile(rf"{_YEAR_DIGITS}年[^。，,]{{0,20}}(?:{c.alt('year_target_markers')})")
        self.re_this_year = regex.compile(rf"^(?:{c.alt('this_year_openers')})")
        self.re_future_term = regex.compile(rf"^(?:[一二三四五六七八九十]+、)?(?:{c.alt('future_term_openers')})")
        self.re_old_base = regex.compile(rf"(?:比|较|是){_YEAR_DIGITS}年|比“?十[一二三四五六七八九]?五”?时期")
        self.re_target_cue = regex.compile(c.alt("target_cues"))

    def _walk(self, text: str) -> None:
        state = self.default
        by_heading = False  # a part a heading opened is left only at another heading
        pos = 0
        for line in text.split("\n"):
            start, pos = pos, pos + len(line) + 1
            t = _pattern(r"^[\s*#>]+|[\s*]+$").sub("", line)
            if not t:
                continue
            heading = bool(_pattern(r"^[一二三四五六七八九十]+、").match(t)) or (
                len(t) <= _HEADING_MAX and not _pattern(r"[，,；;：:。！？!?]").search(t.rstrip("。"))
            )
            new = self._cue(t, heading)
            if new is not None and by_heading and not heading and new.kind == "actual" and state.kind == "target":
                new = None  # 过去一年，我们坚持… inside the tasks is a look back, not a new part
            if new is not None:
                if heading:
                    by_heading = True
                elif new.kind != state.kind:
                    by_heading = False
                state = new
            frame = state
            if new is None and self._looks_like_plan_review(t, state):
                frame = Frame("actual", self._past_plan())
            self._starts.append(start)
            self._frames.append(frame)

    def _cue(self, t: str, heading: bool) -> Optional[Frame]:
        """The frame a heading or a paragraph opener starts, if it starts one."""
        y = self.year
        head = t if heading else t[:_HEADING_MAX]
        m = self.re_review_year.search(head)
        if m and (heading or m.start() < 4):
            if y is not None and int(m.group(1)) >= y:
                return Frame("target", m.group(1))  # 2023年主要工作 in the 2023 report
            return Frame("actual", m.group(1))
        m = self.re_review_plan_open.match(t)
        if m:
            named = m.group(1) or m.group(2)
            return Frame("actual", named or self._past_plan())
        m = self.re_year_is.match(t)
        if m and y is not None and int(m.group(1)) < y:
            return Frame("actual", m.group(1))
        if m and y is not None and int(m.group(1)) == y:
            return Frame("target", m.group(1))
        if self.re_review_year_open.match(t):
            return Frame("actual", str(y - 1) if y else None)
        if self.re_future_term.match(t):
            return Frame("target", self._next_term())
        m = self.re_plan_target.search(head)
        if m and (heading or m.start() < 4) and self._is_future_plan(m.group(1)):
            return Frame("target", m.group(1))
        m = self.re_plan_number.search(head)
        if m and m.start() < 20 and self._is_future_plan(m.group(1) + "五"):
            return Frame("target", m.group(1) + "五")
        m = self.re_year_target.search(head)
        if m and (heading or m.start() < 4):
            if y is not None and int(m.group(1)) < y:
                return Frame("actual", m.group(1))  # 一、…2022年工作殊为不易
            return Frame("target", m.group(1))
        if self.re_this_year.match(t):
            return Frame("target", str(y) if y else None)
        return None

    def _is_future_plan(self, name: str) -> bool:
        first = plan_first_year(name)
        return first is not None and (self.year is None or first >= self.year)

    def _past_plan(self) -> Optional[str]:
        """The period a report's five-year review (五年来, 过去五年) covers.

        When the five years are a plan period the plan names it (a 2026 report reviews
        2021-2025: 十四五), as the annotation guide writes periods. Otherwise the years are a
        government's term that straddles two plans (a 2023 report: 2018-2022, three years of
        十三五 and two of 十四五); naming either plan would claim years it does not hold, so the
        span is written as years, ``2018-2022``.
        """
        if self.year is None:
            return None
        last = self.year - 1
        if (last - 2005) % 5 == 0:
            return plan_name(last)
        return f"{last - 4}-{last}"

    def _next_term(self) -> Optional[str]:
        """The period of a report's goals for the next five years (今后五年): the plan when
        the five years from the report's year are one (a 2026 report: 十五五), else the span
        of years (a 2023 report: ``2023-2027``), as :meth:`_past_plan` writes a review."""
        if self.year is None:
            return None
        if (self.year - 2006) % 5 == 0:
            return plan_name(self.year)
        return f"{self.year}-{self.year + 4}"

    def _looks_like_plan_review(self, t: str, state: Frame) -> bool:
        """A paragraph inside this year's targets that compares with the plan's base year and
        sets no target is a stray piece of the plan review (copies with moved paragraphs)."""
        if state.kind != "target" or self.year is None or state.period != str(self.year):
            return False
        for m in self.re_old_base.finditer(t):
            if m.group(1) is None or int(m.group(1)) <= self.year - 5:
                return not self.re_target_cue.search(t)
        return False


_REPORT_DATE = regex.compile(rf"{_YEAR_DIGITS}年(\d{{1,2}})月\d{{1,2}}日[^\n]{{0,6}}在[^\n]{{0,40}}(?:人民代表大会|人大)")
_HEADING_YEAR = regex.compile(
    rf"(?m)^[\s*#]*(?:[一二三四五六七八九十]+、)?{_YEAR_DIGITS}年(?:工作安排|重点工作|主要任务|[^。\n]{{0,16}}(?:主要预期目标|总体要求))"
)
_HANZI_DIGIT = {c: i for i, c in enumerate("〇一二三四五六七八九")} | {"○": 0, "零": 0, "O": 0}
_REPORT_DATE_HANZI = regex.compile(
    r"([二〇○零][〇○零一二三四五六七八九]{3})年(十[一二]?|[一二三四五六七八九])月[^\n]{0,12}在[^\n]{0,40}(?:人民代表大会|人大)"
)
_TITLE_YEAR = regex.compile(rf"{_YEAR_DIGITS}年[^\n。]{{0,16}}政府工作报告")
_REVIEW_YEAR = regex.compile(rf"{_YEAR_DIGITS}年(?:以来)?(?:政府)?工作回顾")
_PLAN_START = regex.compile(rf"今年是“?({_PLAN})”?[^。，,]{{0,6}}(?:开局|第一年|起步)")
_PLAN_END = regex.compile(rf"今年是“?({_PLAN})”?[^。，,]{{0,6}}收官")


def detect_year(text: str) -> Optional[int]:
    """The year a report is for, from its date line or its headings.

    A report delivered in January 2026 reviews 2025 and sets the 2026 targets: it is the
    2026 report. Returns None when the text gives no such cue.

    Example:
        >>> detect_year("一、2025年工作回顾\\n……\\n三、2026年工作安排")
        2026
    """
    m = _HEADING_YEAR.search(text)
    if m:
        return int(m.group(1))
    m = _REPORT_DATE.search(text[:800])
    if m:  # a report delivered in December is for the year after
        return int(m.group(1)) + (1 if int(m.group(2)) >= 11 else 0)
    m = _REPORT_DATE_HANZI.search(text[:800])
    if m:  # ——二〇二五年一月十五日在…人民代表大会…上
        year = int("".join(str(_HANZI_DIGIT[c]) for c in m.group(1)))
        return year + (1 if _hanzi_month(m.group(2)) >= 11 else 0)
    m = _TITLE_YEAR.search(text[:300])
    if m:  # 2025年政府工作报告
        return int(m.group(1))
    m = _REVIEW_YEAR.search(text)
    if m:
        return int(m.group(1)) + 1
    m = _PLAN_START.search(text)
    if m:
        return plan_first_year(m.group(1))
    m = _PLAN_END.search(text)
    if m:
        first = plan_first_year(m.group(1))
        return first + 4 if first else None
    return None


def _hanzi_month(text: str) -> int:
    """``十二`` -> 12, ``一`` -> 1."""
    if text.startswith("十"):
        return 10 + (_HANZI_DIGIT[text[1]] if len(text) > 1 else 0)
    return _HANZI_DIGIT[text]
