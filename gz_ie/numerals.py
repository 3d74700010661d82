"""Quantities: find every measured number in a text and normalise it.

``find_quantities`` runs the grammar of :mod:`gz_ie.quantity_grammar` over a clean text and
keeps a match only when its context makes it a quantity: ``2025年`` is a date, ``第一,`` at a
clause start a list marker, ``“五个一批”`` a slogan, ``省委十三届七次全会`` a meeting name. The
qualifier (约, 超过, 以上, 近 ...) is read from the words around the number and is never part of
the span, as the annotation guide asks.

``NumeralNormaliser`` (factory ``gz_numerals``) writes the same matches on a Doc as the span
group ``doc.spans["gz_quantities"]`` with ``span._.gz_value`` and friends.

Example:
    >>> [(q.text, q.value, q.unit, q.qualifier) for q in find_quantities("城镇新增就业超35万人。")]
    [('35万人', 350000.0, '人', 'over')]
    >>> parse_quantity("百分之四十").value
    40.0
"""
from __future__ import annotations

import functools
from bisect import bisect_right
from dataclasses import dataclass
from typing import Optional

import regex
from spacy.language import Language
from spacy.tokens import Doc

from .quantity_grammar import Grammar, Kind, Number, Qualifier, alternation, grammar

__all__ = ["QuantityMatch", "find_quantities", "parse_quantity", "NumeralNormaliser", "make_numerals"]


@dataclass(frozen=True, slots=True)
class QuantityMatch:
    """One quantity: ``text`` is ``source[start:end]``; ``value``/``high`` are in base units."""

    start: int
    end: int
    text: str
    value: Optional[float]
    high: Optional[float]
    unit: Optional[str]
    kind: Kind
    qualifier: Qualifier


@dataclass(slots=True)
class _Found:
    """A match before coordination: remembers whether the qualifier came from a word before it."""

    start: int
    end: int
    value: Optional[float]
    high: Optional[float]
    unit: Optional[str]
    kind: str
    qualifier: str
    prefix_qualifier: Optional[str] = None


class QuantityFinder:
    """Applies the grammar to a text and decides, from context, which matches are quantities."""

    def __init__(self, g: Grammar):
        self.g = g
        t = g.tables
        q, c = t.qualifiers, t.context
        self.prefix: dict[str, str] = q["prefix"]
        self.prefix_len = max(map(len, self.prefix))
        self.suffix: dict[str, str] = q["suffix"]
        self.suffix_len = max(map(len, self.suffix))
        self.unit_suffix: dict[str, str] = q["unit_suffix"]
        self.unit_suffix_kinds = frozenset(q["unit_suffix_kinds"])
        self.bridges = tuple(q["bridge_verbs"])
        self.coordinators = frozenset(q["coordinators"])
        self.rank_ordinal = c["rank_markers"]["ordinal"]
        self.rank_words: dict[str, int] = c["rank_words"]
        self.rank_cues = tuple(c["rank_cues"])
        self.rank_verbs = tuple(c["rank_verbs"])
        self.rank_window = c["rank_verb_window"]
        self.rank_blocked = tuple(c["rank_blocked_followers"])
        f = g.fragments      # 第一、第二、第三产业: the last ordinal of a list decides for all
        self.ordinal_list_re = regex.compile(
            rf"(?:{alternation(q['coordinators'])}{regex.escape(self.rank_ordinal)}(?:{f['INT']}|{f['CN_PLAIN']}))*")
        self.percent_signs = frozenset(u.surface for u in g.units.values()
                                       if u.kind == "percent" and len(u.surface) == 1 and not u.surface.isalnum())
        cy = c["calendar_year"]
        self.year_unit, self.year_min, self.year_max = cy["unit"], cy["min"], cy["max"]
        self.duration_cues = tuple(cy["duration_cues"])
        self.unit_blocked = {u: tuple(ws) for u, ws in c["unit_blocked_followers"].items()}
        self.unit_allowed = {u: tuple(ws) for u, ws in c["unit_allowed_followers"].items()}
        self.chinese_unit_blocked = {u: tuple(ws) for u, ws in c["chinese_unit_blocked_followers"].items()}
        self.scaled_unit_blocked = {u: tuple(ws) for u, ws in c.get("scaled_unit_blocked_followers", {}).items()}
        self.rank_units = tuple(c["rank_units"])
        self.scopes = tuple(sorted(c["rank_cues"], key=len, reverse=True))
        self.bridge_particles = tuple(q["bridge_particles"])
        bare = c["bare_decimal"]
        self.bare_cues = tuple(bare["cues"])
        self.bare_blocked = tuple(bare["blocked_followers"])
        self.line_prefix = frozenset(c["list_marker_line_prefix"])
        gloss = c["glossary_term"]
        self.glossary_prefix = frozenset(gloss["line_prefix"])
        self.glossary_re = regex.compile(
            rf"[^{regex.escape(gloss['stops'] + ''.join(gloss['colons']))}]{{0,{gloss['max_chars']}}}"
            rf"{alternation(gloss['colons'])}")
        self.minus_signs = frozenset(t.minus_signs)
        self.arabic_digits = frozenset(t.arabic)
        self.decimal_points = frozenset(t.decimal_points)
        self.numeral_chars = frozenset(t.arabic) | frozenset(t.chinese) | frozenset(t.decimal_points) | g.scale_chars
        self.name_predecessors = tuple(c["name_predecessors"])
        self.period_determiners = tuple(c["period_determiners"])
        self.lone_numerals = frozenset(c["lone_numerals_need_percent"])
        self.half_units = frozenset(c["half_units"])
        self.quote_re = regex.compile("|".join(
            f"{regex.escape(a)}[^{regex.escape(a + b)}\n]{{0,{c['quote_max_chars']}}}{regex.escape(b)}"
            for a, b in c["quote_pairs"]))
        self.joiners = frozenset(c["slogan_joiners"])
        self.paren_max = c["parenthetical_max_chars"]
        self.set_phrases = t.set_phrases
        self.phrase_reach = max(map(len, t.set_phrases), default=0)
        self.chinese_digits = frozenset(t.chinese)

    # ------------------------------------------------------------------ driver
    def find(self, text: str, standalone: bool = False) -> list[QuantityMatch]:
        """All quantities of ``text``, in order, non-overlapping.

        ``standalone`` says the text is one quantity given alone (``第三``), so an ordinal
        that spans the whole text counts as a rank without a scope word before it.
        """
        found: list[_Found] = []
        search = self.g.pattern.search
        quotes: Optional[list[int]] = None     # flat [start0, end0, start1, end1, ...], built on demand
        lists = [0, 0]                         # the last ordinal list scanned (第一、第二、第三…): [from, to]
        pos = 0
        while True:
            m = search(text, pos)
            if m is None:
                break
            if m.lastgroup in ("QTY", "BARE"):
                marker_end = self._list_marker_end(text, m)
                if marker_end is not None:          # 27.9类 at a line start: item 27, then 9类
                    m = self.g.unguarded.match(text, marker_end)
                    if m is None:
                        pos = marker_end
                        continue
            q, pos = self._interpret(text, m, found[-1] if found else None, standalone, lists)
            if q is None:
                continue
            if quotes is None:
                quotes = [i for qm in self.quote_re.finditer(text) for i in qm.span()]
            if bisect_right(quotes, q.start) % 2:
                continue                               # inside a short quotation: a slogan or a name
            if text[q.start] not in self.g.tables.arabic and self._in_set_phrase(text, q.start, q.end):
                continue
            found.append(q)
        self._coordinate(text, found)
        return [QuantityMatch(f.start, f.end, text[f.start:f.end], f.value, f.high, f.unit, f.kind, f.qualifier)
                for f in found]

    def _interpret(self, text: str, m, prev: Optional[_Found], standalone: bool,
                   lists: list[int]) -> tuple[Optional[_Found], int]:
        branch = m.lastgroup
        if branch == "QTY":
            return self._quantity(text, m)
        if branch == "RANK":
            return self._rank(text, m, prev, standalone, lists)
        if branch == "RANKW":
            nxt = text[m.end():m.end() + 1]
            if nxt.isalnum():            # 首位度 is a statistic, not a rank
                return None, m.end()
            return _Found(m.start(), m.end(), float(self.rank_words[m.group()]), None, "位", "rank", "exact"), m.end()
        if branch == "RATIO":
            return self._ratio(text, m), m.end()
        if branch == "FRAC":
            q = self._fraction(text, m)
            return q, (q.end if q is not None else m.end())
        if branch == "SLASH_FRAC":
            return self._slash_fraction(text, m), m.end()
        if branch == "BARE":
            return self._bare(text, m), m.end()
        if branch == "DOUBLE":
            times = m["times"]
            n = self.g.number(times)
            if n is None:
                return None, m.end()
            return self._with_context(text, m.start(), m.end(), 2.0 ** n.value, None, "倍", "multiple", None), m.end()
        return None, m.end()

    # ------------------------------------------------------------------ branches
    def _quantity(self, text: str, m) -> tuple[Optional[_Found], int]:
        g = self.g
        lo = g.number(m["lo"], bare_scale=True)
        if lo is None:
            return None, m.end()
        if m["sep"] is not None:
            hi = g.number(m["hi"])
            lo_unit, hi_unit = m["lo_unit"], m["hi_unit"]
            low_value = lo.value
            if hi is not None and not lo.scaled and hi.scaled and low_value * hi.multiplier <= hi.value:
                low_value *= hi.multiplier          # 50—100万元: the scale belongs to both ends
            same_unit = (not lo_unit or (hi_unit and g.unit(lo_unit).unit == g.unit(hi_unit).unit))
            if (hi is not None and same_unit and lo.high is None and hi.high is None
                    and low_value < hi.value and lo.chinese == hi.chinese):
                return self._finish(text, m.start(), m.end("hi_unit") if hi_unit else m.end("hi"),
                                    lo, low_value, hi, hi_unit or lo_unit, m), m.end()
            # not a range: the low end alone, then look again from the high end
            end = m.end("lo_unit") if lo_unit else m.end("lo")
            return self._finish(text, m.start(), end, lo, lo.value, None, lo_unit, None), m.start("hi")
        return self._finish(text, m.start(), m.end("unit") if m["unit"] else m.end("lo"),
                            lo, lo.value, None, m["unit"], m), m.end()

    def _finish(self, text: str, start: int, end: int, lo: Number, low_value: float,
                hi: Optional[Number], unit_surface: Optional[str], m) -> Optional[_Found]:
        """Check a number + unit against its context and build the match."""
        g = self.g
        unit = g.unit(unit_surface) if unit_surface else None
        if start and (text[start - 1].isascii() and text[start - 1].isalpha()):
            return None                                   # T8, PM2.5, C919
        if (start and text[start - 1] in self.joiners) or text[end:end + 1] in self.joiners:
            return None                                   # 6+4, 3+3+N
        if text.endswith(self.name_predecessors, 0, start):
            return None                                   # 十三届七次全会, 国道108
        if unit is None:
            if lo.chinese or not lo.scaled or (hi is not None and hi.chinese):
                return None                               # a bare number: a code, a year, a list item
            kind, unit_name, factor = "count", None, 1.0
        else:
            kind, unit_name, factor = unit.kind, unit.unit, unit.factor
            if lo.chinese:
                if unit.after_chinese is False or (unit.after_chinese == "scaled" and not lo.scaled):
                    return None
                if (text[start:end - len(unit_surface)] in self.lone_numerals and kind not in ("percent", "multiple")
                        and unit_surface not in self.g.infixed_units):       # but 一个多月 is a figure
                    return None                           # 一批, 一个, 二次: articles and ordinals
                if kind == "count" and text[end:end + 1] in self.chinese_digits:
                    return None                           # 五个一批, 三位一体: slogans
                if lo.value < 100 and self._glossary_term(text, start, end):
                    return None                           # 〔40〕三个务必：… a term being explained
                place = self.chinese_unit_blocked.get(unit_surface)
                if (place and not lo.scaled and text.startswith(place, end)
                        and not text.startswith(self.unit_allowed.get(unit_surface, ()), end)):
                    return None                           # 八家村, 五台山: a place name
            if unit_surface == self.year_unit and self._calendar_year(text, start, lo, hi):
                return None
            if kind == "duration" and text.endswith(self.period_determiners, 0, start):
                return None                               # 这五年, 今后五年: a time frame, not a figure
            scaled_blocked = self.scaled_unit_blocked.get(unit_surface)
            if scaled_blocked and lo.scaled and text.startswith(scaled_blocked, end):
                return None                           # 五十亿项目, 百亿项目: a class of projects, not 5e9 项
            blocked = self.unit_blocked.get(unit_surface)
            if (blocked and text.startswith(blocked, end)
                    and not text.startswith(self.unit_allowed.get(unit_surface, ()), end)):
                return None                           # 9方面, 五十家子 (but 3家子公司)
        value = low_value * factor
        high = hi.value * factor if hi is not None else (lo.high * factor if lo.high is not None else None)
        if m is not None and m["half"]:
            if unit_surface in self.half_units and not text[end + 1:end + 2].isalnum() and lo.value == int(lo.value):
                value += 0.5 * factor
                end += 1
        vague = lo.vague or (hi is not None and hi.vague) or unit_surface in self.g.infixed_units
        if hi is None and kind != "rank" and self._minus_before(text, start):
            start, value = start - 1, -value                # 增长-2.3%
        return self._with_context(text, start, end, value, high, unit_name, kind, "over" if vague else None)

    def _calendar_year(self, text: str, start: int, lo: Number, hi: Optional[Number]) -> bool:
        """``2025年``, ``2021—2035年`` are dates; ``历时1800年``, ``2000多年`` are durations."""
        def is_year(n: Number) -> bool:
            return (not n.chinese and not n.scaled and not n.vague and n.value == int(n.value)
                    and self.year_min <= n.value <= self.year_max)
        if not (is_year(lo) or (hi is not None and is_year(hi))):
            return False
        return not text.endswith(self.duration_cues, 0, start)

    def _rank(self, text: str, m, prev: Optional[_Found], standalone: bool,
              lists: list[int]) -> tuple[Optional[_Found], int]:
        """``居全国第三``, ``第34位``, ``居全球前十``; not ``第二产业``, ``第48届``, ``第一,`` or ``前三季度``.

        An ordinal is a rank when it says 位/名, when a scope or ranking verb precedes it
        (全国, 居, 排名...) or when the list it opens ends in 位/名 (第一、第三位); 前N is a rank
        when it says 位/名, or when a cue precedes it and nothing follows (居全球前十).
        """
        start, end = m.start(), m.end()
        ordinal = m["rank_pre"] == self.rank_ordinal
        fail = end if ordinal else m.start("rank_num")     # 提前5年: look at 5年 again
        n = self.g.number(m["rank_num"])
        nxt = text[end:end + 1]
        if (n is None or n.vague or n.high is not None or n.value < 1
                or nxt in self.g.tables.decimal_points or nxt in self.percent_signs):
            return None, fail                             # 第8.6代, 前1%
        high = self.g.number(m["rank_hi"]) if m["rank_hi"] else None
        if high is not None and (high.vague or high.high is not None or high.value <= n.value):
            return None, fail                             # 第5至3位: no range
        high_value = high.value if high is not None else None
        chained = (prev is not None and prev.kind == "rank" and text[prev.end:start] in self.coordinators)
        cued = chained or self._rank_cued(text, start) or (standalone and not text[:start].strip())
        if ordinal:
            if not m["rank_unit"]:
                if lists[0] <= end <= lists[1]:
                    list_end = lists[1]           # inside the list scanned before: linear on 第一、第一、…
                else:
                    list_end = self.ordinal_list_re.match(text, end).end()
                    lists[:] = [end, list_end]
                if list_end > end and text.startswith(self.rank_units, list_end):
                    cued = True                           # 分列第一、第三位: the list ends in 位
                if not cued or text.startswith(self.rank_blocked, list_end):
                    return None, fail
            return _Found(start, end, n.value, high_value, "位", "rank", "exact"), end
        if m["rank_unit"]:
            cued = True                                   # 前10位中占2席: 位/名 says it is a rank
        if not cued or not (m["rank_unit"] or not nxt.isalnum()):
            return None, fail
        return _Found(start, end, n.value, high_value, "位", "rank", "up_to"), end

    def _rank_cued(self, text: str, start: int) -> bool:
        if text.endswith(self.rank_cues, 0, start):
            return True
        window = text[max(0, start - self.rank_window):start]
        for stop in ",，。；;、:：":
            window = window.rpartition(stop)[2]
        return any(v in window for v in self.rank_verbs)

    def _ratio(self, text: str, m) -> Optional[_Found]:
        start, end = m.start(), m.end()
        if start and text[start - 1].isascii() and text[start - 1].isalpha():
            return None
        parts = [p for p in _split_any(m.group(), self.g.tables.ratio_separators)]
        if len(parts) == 2 and parts[1].isdigit() and len(parts[1]) == 2 and parts[0].isdigit() and int(parts[0]) <= 24:
            return None                                   # 9:30 is a time of day
        value = float(self.g.arabic_decimal(parts[0]))
        return self._with_context(text, start, end, value, None, ":", "ratio", None)

    def _fraction(self, text: str, m) -> Optional[_Found]:
        """``百分之四十``, ``三分之一`` (in percent), ``百分之五到百分之八`` (a range)."""
        low = self._fraction_value(m["den"], m["num"])
        if low is None:
            return None
        value, high, vague = low
        end = m.end()
        hm = self.g.frac_high.match(text, end)
        if hm is not None and high is None:
            up = self._fraction_value(hm["den2"], hm["num2"])
            if up is not None and up[1] is None and up[0] > value:
                high, vague, end = up[0], vague or up[2], hm.end()
        return self._with_context(text, m.start(), end, value, high, "%", "percent", "over" if vague else None)

    def _fraction_value(self, den_s: str, num_s: str) -> Optional[tuple[float, Optional[float], bool]]:
        g = self.g
        den = g.tables.place_values.get(den_s) or g.tables.group_values.get(den_s)
        if den is None:
            d = g.number(den_s)
            if d is None or d.high is not None or not d.value:
                return None
            den = d.value
        num = g.number(num_s, bare_scale=True)
        if num is None:
            return None
        high = 100.0 * num.high / den if num.high is not None else None
        return 100.0 * num.value / den, high, num.vague

    def _slash_fraction(self, text: str, m) -> Optional[_Found]:
        """``占全国1/5``: a share, in percent; not a code (``T3/4``) or an improper ratio."""
        start = m.start()
        if start and text[start - 1].isascii() and text[start - 1].isalnum():
            return None
        num, den = self.g.arabic_decimal(m["snum"]), self.g.arabic_decimal(m["sden"])
        if not 0 < num < den:
            return None
        if self.year_min <= num and den <= self.year_max:
            return None                                   # 2023/2024榨季: a season, not a share
        return self._with_context(text, start, m.end(), float(100 * num / den), None, "%", "percent", None)

    def _bare(self, text: str, m) -> Optional[_Found]:
        """A decimal without a unit is a figure only after a level word: ``指数从1.38降至1.31``,
        ``系数达到0.6``; not a version (``数字政府2.0``, ``6.0版``) or a code (``PM2.5``)."""
        start, end = m.start(), m.end()
        prev = text[start - 1:start]
        if prev and ((prev.isascii() and prev.isalnum()) or prev in self.joiners):
            return None
        nxt = text[end:end + 1]
        if (nxt.isascii() and nxt.isalpha()) or nxt in self.joiners or text.startswith(self.bare_blocked, end):
            return None
        number = self.g.arabic_decimal(m.group())
        if number == number.to_integral_value():
            return None                                   # 2.0, 4.0: a version
        at = start - 1 if self._minus_before(text, start) else start
        if not text.endswith(self.bare_cues, 0, at):
            return None
        value = float(number)
        if at < start:
            value = -value
        return self._with_context(text, at, end, value, None, None, "count", None)

    def _minus_before(self, text: str, start: int) -> bool:
        """``增长-2.3%``, ``为−1.5‰``: a minus sign, not a hyphen of a range, a code or a date."""
        if start < 1 or text[start - 1] not in self.minus_signs or text[start] not in self.arabic_digits:
            return False
        before = text[start - 2:start - 1]
        return not before or not (before in self.numeral_chars or before in self.percent_signs
                                   or (before.isascii() and before.isalnum()))

    def _glossary_term(self, text: str, start: int, end: int) -> bool:
        """``三个务必：``, ``〔9〕三项行动：指…`` at a line start: the head of a glossary entry."""
        j = start - 1
        while j >= 0 and text[j] in self.glossary_prefix:
            j -= 1
        return (j < 0 or text[j] == "\n") and self.glossary_re.match(text, end) is not None

    def _list_marker_end(self, text: str, m) -> Optional[int]:
        """Where the item starts if ``m`` begins with a list number at a line start (``27.9类``)."""
        start = m.start()
        i = start
        while i < m.end() and text[i] in self.arabic_digits:
            i += 1
        if not (0 < i - start <= 2 and i + 1 < m.end() and text[i] in self.decimal_points):
            return None
        k = i + 1
        while k < m.end() and text[k] in self.arabic_digits:
            k += 1
        if text[k:k + 1] in self.g.scale_chars or text[k:k + 1] in self.percent_signs:
            return None                                   # 3.2万亿元, 12.5% open a line as figures
        j = start - 1
        while j >= 0 and text[j] in self.line_prefix:
            j -= 1
        return i + 1 if j >= 0 and text[j] == "\n" else None

    # ------------------------------------------------------------------ context
    def _with_context(self, text: str, start: int, end: int, value: float, high: Optional[float],
                      unit: Optional[str], kind: str, infix: Optional[str]) -> _Found:
        pre = self._prefix_qualifier(text, start)
        suf = self._suffix_qualifier(text, end, kind)
        chosen = "exact"
        for q in (pre, suf, infix):
            if q and q != "exact":
                if q != "approx":
                    chosen = q
                    break
                chosen = "approx"
        pre = pre if pre != "exact" else None
        return _Found(start, end, value, high, unit, kind, chosen, pre)

    def _prefix_qualifier(self, text: str, start: int) -> Optional[str]:
        """The qualifier word before a number, also across a verb (``最高提高25个百分点``) and a
        scope after the verb (``约占全国的1/10``)."""
        q = self._word_before(text, start)
        if q is not None:
            return q
        at = start
        scope = next((w for w in self.scopes if text.endswith(w, 0, at)), None)
        if scope is None:
            particle = next((p for p in self.bridge_particles if text.endswith(p, 0, at)), None)
            if particle is not None:
                scope = next((w for w in self.scopes if text.endswith(w, 0, at - len(particle))), None)
                if scope is not None:
                    at -= len(particle)
        if scope is not None:
            at -= len(scope)
        verb = next((v for v in self.bridges if text.endswith(v, 0, at)), None)
        if verb is None:
            return None
        return self._word_before(text, at - len(verb))

    def _word_before(self, text: str, start: int) -> Optional[str]:
        for n in range(min(self.prefix_len, start), 0, -1):
            q = self.prefix.get(text[start - n:start])
            if q is not None:
                return q
        return None

    def _suffix_qualifier(self, text: str, end: int, kind: str) -> Optional[str]:
        if text[end:end + 1] in ("(", "（"):
            close = min((i for i in (text.find(")", end, end + self.paren_max + 2),
                                     text.find("）", end, end + self.paren_max + 2)) if i != -1), default=-1)
            if close != -1:
                end = close + 1           # 5万套(户)以上
        for n in range(self.suffix_len, 0, -1):
            q = self.suffix.get(text[end:end + n])
            if q is not None:
                return q
        if kind in self.unit_suffix_kinds:
            return self.unit_suffix.get(text[end:end + 1])
        return None

    def _coordinate(self, text: str, found: list[_Found]) -> None:
        """``超过60%和90%``: a qualifier before the first of coordinated figures covers all."""
        for prev, cur in zip(found, found[1:]):
            if (cur.qualifier == "exact" and prev.prefix_qualifier
                    and text[prev.end:cur.start] in self.coordinators):
                cur.qualifier = cur.prefix_qualifier = prev.prefix_qualifier

    def _in_set_phrase(self, text: str, start: int, end: int) -> bool:
        """Part of a fixed expression such as 三次产业 or 一成不变."""
        lo = max(0, start - self.phrase_reach)
        window = text[lo:end + self.phrase_reach]
        for phrase in self.set_phrases:
            i = window.find(phrase)
            while i != -1:
                if lo + i < end and lo + i + len(phrase) > start:
                    return True
                i = window.find(phrase, i + 1)
        return False


def _split_any(s: str, seps) -> list[str]:
    for sep in seps[1:]:
        s = s.replace(sep, seps[0])
    return s.split(seps[0])


@functools.lru_cache(maxsize=1)
def _finder() -> QuantityFinder:
    """The finder over the bundled tables, built on first use (nothing runs at import)."""
    return QuantityFinder(grammar())


def find_quantities(text: str) -> list[QuantityMatch]:
    """Every quantity in a clean text, sorted by position and non-overlapping.

    Example:
        >>> [q.text for q in find_quantities("2025年新增就业26万人以上、增长两成,居全国第三。")]
        ['26万人', '两成', '第三']
    """
    return _finder().find(text)


def parse_quantity(s: str) -> Optional[QuantityMatch]:
    """Normalise one quantity string such as ``3.2万亿元``, ``约26万人以上`` or ``百分之四十``.

    Offsets are into ``s``. A string that is one bare numeral (``十二``, ``13万2``, ``1,100.9``)
    is read as a count without unit; otherwise the first quantity in ``s`` is returned, read
    as if it stood alone (``第三`` is a rank). None if ``s`` holds no quantity (``2025年``).

    Example:
        >>> q = parse_quantity("约26万人以上")
        >>> (q.text, q.value, q.unit, q.qualifier)
        ('26万人', 260000.0, '人', 'over')
    """
    found = _finder().find(s, standalone=True)
    core = s.strip()
    start = s.find(core)
    if found and found[0].start == start and found[0].end == start + len(core):
        return found[0]
    n = grammar().number(core) if core else None
    if n is not None:
        return QuantityMatch(start, start + len(core), core, n.value, n.high, None, "count",
                             "over" if n.vague else "exact")
    return found[0] if found else None


class NumeralNormaliser:
    """spaCy component: quantities as the span group ``doc.spans[spans_key]``.

    Each span's label is its kind; ``span._.gz_value``, ``gz_high``, ``gz_unit``, ``gz_kind``
    and ``gz_qualifier`` hold the normalised fields (plain floats and strings, so the Doc
    survives ``DocBin``). Boundaries come from the grammar, not from the segmenter, so a token
    is split when a quantity ends inside it (``851个市`` -> ``851个`` + ``市``).
    """

    def __init__(self, spans_key: str = "gz_quantities"):
        from . import _extensions

        _extensions.register()
        self.spans_key = spans_key
        self.finder = _finder()          # compile the grammar now, not on the first Doc

    def __call__(self, doc: Doc) -> Doc:
        from ._extensions import clean_text
        from ._spans import align

        matches = self.finder.find(clean_text(doc))
        # boundaries come from the grammar: tokens that a quantity ends inside are split, all
        # at once (the Doc may be a re-segmented copy). Extension values are keyed by
        # character offsets.
        doc = align(doc, [(q.start, q.end) for q in matches])
        spans = []
        for q in matches:
            span = doc.char_span(q.start, q.end, label=q.kind)
            ext = span._  # each ``span._`` builds a new accessor object: take it once
            ext.gz_value, ext.gz_high, ext.gz_unit = q.value, q.high, q.unit
            ext.gz_kind, ext.gz_qualifier = q.kind, q.qualifier
            spans.append(span)
        doc.spans[self.spans_key] = spans
        return doc


@Language.factory("gz_numerals", assigns=["doc.spans"], default_config={"spans_key": "gz_quantities"})
def make_numerals(nlp: Language, name: str, spans_key: str) -> NumeralNormaliser:
    """Build the quantity component (``nlp.add_pipe("gz_numerals")``)."""
    return NumeralNormaliser(spans_key)
