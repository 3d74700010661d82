"""The numeral grammar: tables from ``models/numerals`` and the regex composed from them.

Numbers in policy text come in two scripts (``3.2万亿`` and ``三千五百``), with scale words,
ranges and approximation marks in between, so one hand-written regex per construction would
drift apart. Instead every character class and word list is data (``models/numerals/*.json``),
the regex is composed from named fragments built from those tables, and the value of a
matched number is computed here by a small parser rather than by more regexes.

This module only knows what a number *looks* like. Whether a match is a quantity at all
(``2025年`` is a date, ``第一,`` a list marker) is decided from its context in
:mod:`gz_ie.numerals`.

Example:
    >>> g = grammar()
    >>> g.number("280多万")
    Number(value=2800000.0, high=None, multiplier=10000.0, vague=True, chinese=False, scaled=True)
"""
from __future__ import annotations

import functools
import json
import math
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Literal, Optional, Union, get_args

import regex

from .paths import MODELS_DIR

NUMERALS_DIR = MODELS_DIR / "numerals"

Kind = Literal["amount", "count", "measure", "percent", "multiple", "ratio", "rank", "duration"]
KINDS: tuple[str, ...] = get_args(Kind)
Qualifier = Literal["exact", "approx", "over", "under", "up_to"]
QUALIFIERS: tuple[str, ...] = get_args(Qualifier)
MAX_RUN = 24        # longest Chinese numeral considered, in characters
MAX_DIGITS = 16     # longest run of Arabic digits considered


@dataclass(frozen=True, slots=True)
class Unit:
    """One row of ``units.jsonl``: a counter, currency or measure as written, and its meaning.

    ``after_chinese`` says whether a Chinese numeral may carry it: ``True``, ``False`` (``三区``
    is a planning term, not three districts) or ``"scaled"`` (``三元里`` is a place, but
    ``三千亿元`` is money, so Chinese amounts need a place or scale word).
    """

    surface: str
    unit: str
    kind: str
    factor: float = 1.0
    after_chinese: Union[bool, str] = True
    denominator_only: bool = False    # 日, 月: only after a slash (万吨/日); alone they are dates


@dataclass(frozen=True, slots=True)
class Number:
    """A parsed numeral. ``multiplier`` is the product of its trailing scale words (万 -> 1e4)."""

    value: float
    high: Optional[float]
    multiplier: float
    vague: bool        # 多, 余, 几, 数: the value is a lower bound
    chinese: bool      # written with Chinese numerals
    scaled: bool       # has a scale or place word (万, 亿, 十, 百 ...)


@dataclass(frozen=True, slots=True)
class Tables:
    """Everything in ``models/numerals``, loaded and checked."""

    arabic: dict[str, int]
    decimal_points: tuple[str, ...]
    thousands_separators: tuple[str, ...]
    chinese: dict[str, int]
    formal: tuple[str, ...]             # 壹..玖: never a number alone (队伍, 陆家嘴)
    minus_signs: tuple[str, ...]
    chinese_decimal_point: str
    vague: dict[str, str]
    half: str
    place_values: dict[str, int]
    group_values: dict[str, int]
    arabic_scales: dict[str, int]
    fraction_marker: str
    fraction_slashes: tuple[str, ...]   # the first is the normal form
    range_separators: tuple[str, ...]
    ratio_separators: tuple[str, ...]
    doubling: dict[str, str]
    units: dict[str, Unit]
    qualifiers: dict
    context: dict
    set_phrases: tuple[str, ...]


def _read_json(path: Path):
    with open(path, encoding="utf-8") as f:
        return json.load(f)


def read_units(path: Path) -> dict[str, Unit]:
    """Read a units table (JSONL, one unit per line) keyed by surface form."""
    units: dict[str, Unit] = {}
    with open(path, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            if not line.strip():
                continue
            row = json.loads(line)
            unit = Unit(**row)
            if unit.kind not in KINDS:
                raise ValueError(f"{path}:{n}: unknown kind {unit.kind!r}")
            if unit.surface in units:
                raise ValueError(f"{path}:{n}: duplicate unit {unit.surface!r}")
            units[unit.surface] = unit
    return units


def read_lines(path: Path) -> tuple[str, ...]:
    """Read a one-entry-per-line list, skipping blank lines and ``#`` comments."""
    with open(path, encoding="utf-8") as f:
        return tuple(s.strip() for s in f if s.strip() and not s.lstrip().startswith("#"))


@functools.lru_cache(maxsize=4)
def load_tables(directory: Optional[str] = None) -> Tables:
    """Load the numeral tables from ``directory`` (default ``models/numerals``)."""
    d = Path(directory) if directory else NUMERALS_DIR
    digits = _read_json(d / "digits.json")
    scales = _read_json(d / "scales.json")
    return Tables(
        arabic=digits["arabic"],
        decimal_points=tuple(digits["decimal_points"]),
        thousands_separators=tuple(digits["thousands_separators"]),
        chinese=digits["chinese"],
        formal=tuple(digits["formal"]),
        minus_signs=tuple(digits["minus_signs"]),
        chinese_decimal_point=digits["chinese_decimal_point"],
        vague=digits["vague"],
        half=digits["half"],
        place_values=scales["place_values"],
        group_values=scales["group_values"],
        arabic_scales=scales["arabic_scales"],
        fraction_marker=scales["fraction_marker"],
        fraction_slashes=tuple(scales["fraction_slashes"]),
        range_separators=tuple(scales["range_separators"]),
        ratio_separators=tuple(scales["ratio_separators"]),
        doubling=scales["doubling"],
        units=read_units(d / "units.jsonl"),
        qualifiers=_read_json(d / "qualifiers.json"),
        context=_read_json(d / "context.json"),
        set_phrases=read_lines(d / "set_phrases.txt"),
    )


def char_class(chars) -> str:
    """A character class matching any of ``chars``, consecutive code points as ranges
    (``[0-9０-９]``: the regex module parses a class member by member, in Python)."""
    points = sorted({ord(c) for c in chars})
    items = []
    i = 0
    while i < len(points):
        j = i
        while j + 1 < len(points) and points[j + 1] == points[j] + 1:
            j += 1
        first, last = regex.escape(chr(points[i])), regex.escape(chr(points[j]))
        items.append(first if i == j else first + last if j == i + 1 else f"{first}-{last}")
        i = j + 1
    return "[" + "".join(items) + "]"


def alternation(words) -> str:
    """An alternation of the non-empty ``words``, longest first so the longest one wins; for
    none, a pattern that never matches (an empty alternation would match everywhere).

    Example:
        >>> alternation(["达", "达到", ""]), alternation([])
        ('(?:达到|达)', '(?!)')
    """
    unique = sorted({w for w in words if w}, key=lambda w: (-len(w), w))
    return "(?:" + "|".join(regex.escape(w) for w in unique) + ")" if unique else "(?!)"


class Grammar:
    """The compiled grammar and the numeral parser for one set of tables.

    The master pattern has one named branch per construction; :mod:`gz_ie.numerals` looks at
    ``match.lastgroup`` to know which one matched:

    - ``RATIO``  ``2:1``
    - ``FRAC``   ``百分之四十``, ``三分之一`` (value in percent)
    - ``SLASH_FRAC`` ``1/5`` (value in percent)
    - ``DOUBLE`` ``翻一番``
    - ``RANK``   ``第三``, ``第34位``, ``前十``
    - ``RANKW``  ``首位``
    - ``QTY``    a number, optionally a range, optionally a unit: ``3.2万亿元``, ``5%-6%``, ``两成``
    - ``BARE``   a decimal without a unit (``指数从1.38降至1.31``); its context decides
    """

    def __init__(self, tables: Tables):
        t = self.tables = tables
        # 3个多月, 两个余小时: a vague mark inside a counter word; the variant reads as the counter
        heads = set(t.qualifiers.get("unit_infix_heads", ()))
        self.infixed_units: dict[str, str] = {
            u[0] + mark + u[1:]: u for u in t.units if len(u) > 1 and u[0] in heads
            for mark in t.qualifiers["infix"] if u[0] + mark + u[1:] not in t.units}
        self.units = t.units
        self._arabic_map = str.maketrans({k: str(v) for k, v in t.arabic.items()}
                                         | {p: "." for p in t.decimal_points}
                                         | {s: "" for s in t.thousands_separators})
        self.scale_chars = set(t.place_values) | set(t.group_values)
        f = self.fragments = self._fragments()
        self.pattern = regex.compile(f["MASTER"])
        self.frac_high = regex.compile(f["FRAC_HIGH"])
        self._arabic_number = regex.compile(
            rf"(?P<dec>{f['DECIMAL']})(?P<inf1>{f['INFIX']})?(?P<sc1>{f['A_SCALES']})?"
            rf"(?:(?P<int2>{f['INT']})(?P<sc2>{f['A_SCALES']})?)?(?P<inf2>{f['INFIX']})?")

    @functools.cached_property
    def unguarded(self) -> "regex.Pattern":
        """The grammar without its guard, for a number right after a list marker (27.9类 is
        27. + 9类). Compiled when first needed: few texts have one, and the pattern is as
        long as the whole grammar."""
        return regex.compile(self.fragments["BODY"])

    # ------------------------------------------------------------------ regex fragments
    def _scale_token(self, word: str) -> str:
        """A scale word that does not swallow the start of a unit (千 in 千瓦, 百 in 百分点)."""
        rests = [u[len(word):] for u in self.units if u.startswith(word) and len(u) > len(word)]
        if word == "百":
            rests.append(self.tables.fraction_marker)
        return regex.escape(word) + (f"(?!{alternation(rests)})" if rests else "")

    def _fragments(self) -> dict[str, str]:
        t = self.tables
        f: dict[str, str] = {}
        f["DIGIT"] = char_class(t.arabic)
        f["POINT"] = char_class(t.decimal_points)
        f["THOUSANDS"] = char_class(t.thousands_separators)
        # bounded runs: a 17-digit string is an ID, not a number, and a page of digits stays linear
        f["INT"] = (rf"(?:{f['DIGIT']}{{1,3}}(?:{f['THOUSANDS']}{f['DIGIT']}{{3}}){{1,5}}(?!{f['DIGIT']})"
                    rf"|{f['DIGIT']}{{1,{MAX_DIGITS}}}(?!{f['DIGIT']}))")
        f["DECIMAL"] = rf"{f['INT']}(?:{f['POINT']}{f['DIGIT']}{{1,{MAX_DIGITS}}}(?!{f['DIGIT']}))?"
        f["INFIX"] = char_class(t.qualifiers["infix"])
        f["A_SCALE"] = "(?:" + "|".join(self._scale_token(w) for w in sorted(t.arabic_scales, key=len, reverse=True)) + ")"
        f["A_SCALES"] = rf"(?:{f['A_SCALE']}{{1,3}})"
        # the digits after a scale word: scaled themselves (3万4千), one digit (13万2 is 13万2千),
        # or as many as fill the scale's places (3万4000); 390万65岁 is two numbers
        lower = rf"(?:{f['INT']}{f['A_SCALES']}|{f['DIGIT']}(?:{f['DIGIT']}{{3}}(?:{f['DIGIT']}{{4}})?)?(?!{f['DIGIT']}))"
        f["A_NUM"] = rf"{f['DECIMAL']}{f['INFIX']}?(?:{f['A_SCALES']}{lower}?)?{f['INFIX']}?"
        vague = list(t.vague)
        f["CN_DIGIT"] = char_class(t.chinese)
        f["CN_PLACE"] = "(?:" + "|".join(self._scale_token(w) for w in t.place_values) + ")"
        f["CN_GROUP"] = char_class(t.group_values)
        f["CN_VAGUE"] = char_class(vague)
        f["CN_ATOM"] = rf"(?:{f['CN_DIGIT']}|{f['CN_PLACE']}|{f['CN_GROUP']}|{f['CN_VAGUE']})"
        # a Chinese numeral starts with a digit or 十 (百姓, 千家万户 do not), or with 几/数 before a
        # place word (几十, 数百; 指数位居 is not a number)
        starters = char_class(list(t.chinese) + [w for w, v in t.place_values.items() if v == 10])
        # ... or with a bare scale word right after a qualifier (近百家, 超千亿元, 逾万人): 百姓 and
        # 千家万户 have none before them
        self.bare_scales = frozenset(w for w, v in (t.place_values | t.group_values).items() if v >= 100)
        cues = [w for w, q in t.qualifiers["prefix"].items() if q != "exact"]
        not_cues = [w for w, q in t.qualifiers["prefix"].items() if q == "exact"]      # 签约 is not 约
        f["CN_START"] = (rf"(?:(?={starters})|(?={f['CN_VAGUE']}{char_class(list(t.place_values) + list(t.group_values))})"
                         rf"|(?={char_class(self.bare_scales)})(?<={alternation(cues)})(?<!{alternation(not_cues)}))")
        f["CN_FRACTION_PART"] = rf"(?:{regex.escape(t.chinese_decimal_point)}{f['CN_DIGIT']}+)"
        # no real numeral is longer than MAX_RUN characters; the bound keeps a page of 一 linear
        f["CN_NUM"] = (rf"{f['CN_START']}{f['CN_ATOM']}{{1,{MAX_RUN}}}{f['CN_FRACTION_PART']}?{f['INFIX']}?"
                       rf"(?:{f['CN_GROUP']}+{f['INFIX']}?)?")
        f["NUM"] = rf"(?:{f['A_NUM']}|{f['CN_NUM']})"
        f["CN_PLAIN"] = char_class(list(t.chinese) + list(t.place_values)) + f"{{1,{MAX_RUN}}}"   # no 几/数, no lookaheads
        def unit_alternation(words) -> str:
            words = sorted(words, key=lambda w: (-len(w), w))
            return "(?:" + "|".join(
                regex.escape(w) + ("(?![A-Za-z])" if w[-1].isascii() and w[-1].isalpha() else "") for w in words) + ")"
        f["UNIT"] = unit_alternation([w for w, u in self.units.items() if not u.denominator_only]
                                     + list(self.infixed_units))
        f["PER_UNIT"] = unit_alternation(self.units)
        f["SLASH"] = char_class(t.fraction_slashes)
        f["UNIT_EXPR"] = rf"{f['UNIT']}(?:{f['SLASH']}{f['PER_UNIT']})?"
        f["SEP"] = char_class(t.range_separators)
        f["RSEP"] = char_class(t.ratio_separators)
        ctx = t.context
        f["RATIO"] = rf"(?P<RATIO>{f['DECIMAL']}(?:{f['RSEP']}{f['DECIMAL']}){{1,3}})"
        def fraction(den: str, num: str) -> str:       # 百分之四十, 万分之一, 百分之百
            return (rf"(?P<{den}>{f['CN_PLAIN']}{f['CN_GROUP']}?|{f['CN_GROUP']}){regex.escape(t.fraction_marker)}"
                    rf"(?P<{num}>{f['CN_NUM']}|{f['DECIMAL']}|{char_class(self.bare_scales)})")
        f["FRAC"] = rf"(?P<FRAC>{fraction('den', 'num')})"
        # the high end of 百分之五到百分之八, matched from the separator on
        f["FRAC_HIGH"] = rf"{f['SEP']}{fraction('den2', 'num2')}"
        f["SLASH_FRAC"] = (rf"(?P<SLASH_FRAC>(?P<snum>{f['INT']}){f['SLASH']}(?P<sden>{f['INT']})"
                           rf"(?!{f['SLASH']}|[A-Za-z]|{f['DIGIT']}|{f['POINT']}{f['DIGIT']}))")
        f["DOUBLE"] = (rf"(?P<DOUBLE>{regex.escape(t.doubling['prefix'])}(?P<times>{f['CN_DIGIT']}|{f['INT']})"
                       rf"{regex.escape(t.doubling['suffix'])})")
        markers = ctx["rank_markers"]
        rank_units = alternation(ctx['rank_units'])
        # 第3至5位: a range of ranks, only when a rank unit closes it (第3至5年 is no rank)
        f["RANK"] = (rf"(?P<RANK>(?P<rank_pre>{alternation(markers.values())})(?P<rank_num>{f['INT']}|{f['CN_PLAIN']})"
                     rf"(?:{f['SEP']}{regex.escape(markers['ordinal'])}?(?P<rank_hi>{f['INT']}|{f['CN_PLAIN']})(?={rank_units}))?"
                     rf"(?P<rank_unit>{rank_units})?)")
        f["RANKW"] = rf"(?P<RANKW>{alternation(ctx['rank_words'])})"
        # a number needs a unit or a scale word (500万) to be a quantity: bare ones (2025, 12218)
        # fail here, in the regex engine, so they never cost a Python call
        f["SCALED_END"] = rf"(?<={char_class(list(t.arabic_scales) + list(t.qualifiers['infix']))})"
        f["QTY"] = (rf"(?P<QTY>(?P<lo>{f['NUM']})(?:(?P<lo_unit>{f['UNIT_EXPR']})?(?P<sep>{f['SEP']})(?P<hi>{f['NUM']})"
                    rf"(?:(?P<hi_unit>{f['UNIT_EXPR']})|{f['SCALED_END']})|(?P<unit>{f['UNIT_EXPR']})|{f['SCALED_END']})"
                    rf"(?P<half>{regex.escape(t.half)})?)")
        numeral_chars = list(t.arabic) + list(t.decimal_points) + list(t.chinese) + list(self.scale_chars)
        # no match starts inside a number; an Arabic number may follow a Chinese digit that is a
        # word of its own (队伍410支: 伍 is also the formal five)
        arabic_guard = list(t.arabic) + list(t.decimal_points) + list(self.scale_chars) + [markers["ordinal"]]
        f["GUARD"] = (rf"(?:(?={f['DIGIT']})(?<!{char_class(arabic_guard)})"
                      rf"|(?!{f['DIGIT']})(?<!{char_class(numeral_chars + [markers['ordinal']])}))")
        f["BARE"] = rf"(?P<BARE>{f['INT']}{f['POINT']}{f['DIGIT']}{{1,{MAX_DIGITS}}}(?!{f['DIGIT']}))"
        f["BODY"] = (rf"(?:{f['RATIO']}|{f['SLASH_FRAC']}|{f['FRAC']}|{f['DOUBLE']}|{f['RANK']}|{f['RANKW']}"
                     rf"|{f['QTY']}|{f['BARE']})")
        f["MASTER"] = f"{f['GUARD']}{f['BODY']}"
        return f

    # ------------------------------------------------------------------ numbers
    def arabic_decimal(self, s: str) -> Decimal:
        """``１,１００.９`` -> Decimal('1100.9'); exact, so 1.1万 is 11000 and not 11000.000000000002."""
        return Decimal(s.translate(self._arabic_map))

    def number(self, s: str, bare_scale: bool = False) -> Optional[Number]:
        """Parse one numeral (no unit): ``3.2万亿``, ``13万2``, ``二三十``, ``十几``, ``数百``.

        ``bare_scale`` reads a leading scale word as one of it (``千亿`` after 超 is 1e11).

        Returns None when the characters do not form a well-built number (``十四五``,
        ``二〇二五``, ``五一``), which is how plan names and digit strings drop out.
        """
        if not s:
            return None
        if s[0] in self.tables.arabic:
            return self._arabic(s)
        if bare_scale and s[0] in self.bare_scales:
            s = next(c for c, v in self.tables.chinese.items() if v == 1) + s     # 百亿 is 一百亿
        return self._chinese(s)

    def _arabic(self, s: str) -> Optional[Number]:
        if s.isascii() and s.replace(".", "", 1).isdigit():      # the common case: 851, 3.2
            return Number(float(s), None, 1.0, False, False, False)
        m = self._arabic_number.fullmatch(s)
        if m is None:
            return None
        scales = self.tables.arabic_scales
        mult = math.prod(scales[c] for c in m["sc1"]) if m["sc1"] else 1
        value = self.arabic_decimal(m["dec"]) * mult
        if m["int2"]:
            if not m["sc1"]:
                return None
            low = self.arabic_decimal(m["int2"])
            if m["sc2"]:
                low *= math.prod(scales[c] for c in m["sc2"])
            elif len(m["int2"]) == 1 and mult >= 10:
                low *= mult // 10      # 13万2 is 13万2千
            elif 10 ** len(m["int2"]) != mult:
                return None            # 3万4000 fills the 万's four places; 390万65 is two numbers
            value += low
        return Number(float(value), None, float(mult), bool(m["inf1"] or m["inf2"]), False, bool(m["sc1"]))

    def _chinese(self, s: str) -> Optional[Number]:
        t = self.tables
        body = "".join(c for c in s if c not in t.qualifiers["infix"])
        vague = len(body) != len(s)          # 三十多, 二十余万
        if len(body) == 1 and body in t.formal:
            return None                      # 队伍, 陆家嘴: a formal digit alone is a word
        fraction = ""
        if t.chinese_decimal_point in body:
            body, fraction = body.split(t.chinese_decimal_point, 1)
            if not fraction or any(c not in t.chinese for c in fraction):
                return None
        nonzero = [i for i, c in enumerate(body) if t.chinese.get(c)]
        nonzero_set = set(nonzero)
        pairs = [i for i in nonzero if i + 1 in nonzero_set]
        if pairs:                       # 二三十, 五六个, 十五六: two adjacent digits make a range
            i = pairs[0]
            d1, d2 = t.chinese[body[i]], t.chinese[body[i + 1]]
            if len(pairs) > 1 or fraction or not (d2 == d1 + 1 or (d1, d2) == (3, 5)):
                return None
            low = self._integer(body[:i + 1] + body[i + 2:])
            high = self._integer(body[:i] + body[i + 1:])
            if low is None or high is None:
                return None
            return Number(low[0], high[0], low[1], vague or low[2], True, low[3])
        parsed = self._integer(body)
        if parsed is None and fraction and len(body) == 1 and t.chinese.get(body) == 0:
            parsed = (0.0, 1.0, False, False)                 # 零点五
        if parsed is None:
            return None
        value, mult, vague_digit, scaled = parsed
        if fraction:
            value += float("0." + "".join(str(t.chinese[c]) for c in fraction))
        return Number(value, None, mult, vague or vague_digit, True, scaled)

    def _integer(self, s: str) -> Optional[tuple[float, float, bool, bool]]:
        """Chinese integer -> (value, trailing multiplier, vague, has a place or group word).

        The usual reading: a digit attaches to the place word after it (三千五百), 万 and 亿
        close a group (一亿二千万, 三万亿), 零 marks a skipped place (一百零五), and a last digit
        right after a place or group word is one place lower (三千五 = 3500, 两万五 = 25000).
        几 and 数 stand for an unknown digit: one before a place word (数十 = 10 or more),
        nothing after it (十几 = 10 or more). Returns None for digit strings such as 二〇二五.
        """
        t = self.tables
        if not s:
            return None
        total = group = section = 0.0
        digit: Optional[float] = None
        last_place: Optional[int] = None
        last_group = 1
        prev = ""            # d digit, z zero, v vague digit, p place word, g group word
        vague = scaled = False
        for c in s:
            if c in t.vague:
                if prev in ("d", "v", "z"):
                    return None
                digit, prev, vague = 1.0, "v", True
            elif c in t.chinese:
                if prev in ("d", "v"):
                    return None
                d = t.chinese[c]
                if d == 0:
                    if prev in ("", "z"):
                        return None
                    digit, prev = None, "z"
                else:
                    digit, prev = float(d), "d"
            elif c in t.place_values:
                p = t.place_values[c]
                if last_place is not None and p >= last_place:
                    return None
                if digit is None:
                    if p != 10 or prev not in ("", "g", "z"):
                        return None
                    digit = 1.0          # 十二, 一千零十
                section += digit * p
                digit, last_place, prev, scaled = None, p, "p", True
            elif c in t.group_values:
                g = t.group_values[c]
                amount = section + (digit or 0.0)
                if prev == "g":
                    if g <= last_group:
                        return None
                    total, group = (total + group) * g, 0.0   # 万亿
                    last_group *= g
                else:
                    if not amount:
                        return None
                    if g >= 1e8:
                        total, group = (total + group + amount) * g, 0.0
                    elif group:
                        return None
                    else:
                        group = amount * g
                    last_group = g
                section, digit, last_place, prev, scaled = 0.0, None, None, "g", True
            else:
                return None
        if prev == "z":
            return None
        mult = float(last_group if prev == "g" else last_place if prev == "p" else 1)
        if digit is not None:
            before = s[-2] if len(s) > 1 else ""
            if prev == "v" and (before in t.place_values or before in t.group_values):
                digit = 0.0                       # 十几
            elif before in t.place_values:
                digit *= t.place_values[before] / 10          # 三千五
            elif before in t.group_values:
                digit *= last_group / 10                      # 两万五, 一亿五
            section += digit
        return total + group + section, mult, vague, scaled

    def unit(self, surface: str) -> Optional[Unit]:
        """The Unit for a surface form, including compounds like ``元/平方米``."""
        u = self.units.get(surface) or self.units.get(self.infixed_units.get(surface, ""))
        slash = next((c for c in self.tables.fraction_slashes if c in surface), None)
        if u is not None or slash is None:
            return u
        a, b = surface.split(slash, 1)
        ua, ub = self.units.get(a), self.units.get(b)
        if ua is None or ub is None:
            return None
        return Unit(surface, f"{ua.unit}{self.tables.fraction_slashes[0]}{ub.unit}", ua.kind, ua.factor, ua.after_chinese)


@functools.lru_cache(maxsize=4)
def grammar(directory: Optional[str] = None) -> Grammar:
    """The grammar for the tables in ``directory`` (default ``models/numerals``), built once."""
    return Grammar(load_tables(directory))
