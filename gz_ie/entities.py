"""Places and projects: spaCy's SpanRuler for names on a list, shape rules for the rest.

Two kinds of evidence find an entity, because policy texts name far more things than any
list holds:

* **Lists** (``models/patterns/*.jsonl`` and ``aliases/*.jsonl``, spaCy's pattern JSONL;
  token patterns go to an internal :class:`spacy.pipeline.SpanRuler` with ``validate=True``,
  phrase patterns to :class:`_PhraseIndex`, which matches a name wherever its edges are word
  boundaries of the text and never cuts the names themselves, so loading stays fast): every
  province, prefecture, county and district of China with their short forms
  (``广州`` -> ``广州市``), and curated regions, zones, rivers and projects. A pattern's
  ``id`` is the canonical name, so aliases resolve to one entity (``span.kb_id_``).
* **Towns** (``models/patterns/towns.tsv``): some 39,000 towns and streets (派潭 for 派潭镇),
  looked up on the segmenter's word boundaries and counted only when their county or city is
  named in the sentence or is the document's own; too many for the lists above.
* **Shapes** (``models/patterns/shapes.json``): a name followed by a head word
  (``广汕高铁``, ``南沙港区四期``, ``白鹅潭商务区``), its left edge found from the
  segmenter's words and a stop list; and lists ending in a class word
  (``加快华星光电T8、粤芯四期等重大项目建设`` gives both items).

Overlaps are resolved longest first; the names inside a longer one are kept in
``doc.spans["gz_nested"]`` (``南沙`` inside the PROJECT ``南沙港区四期``).

Short forms of districts and counties are ordinary words surprisingly often (``朝阳``,
``新兴``), so one is accepted only when the text is about its part of the country: its
city or province is named in the same sentence, or is the place the document talks about
most (``天河`` in a Guangzhou report, not in a Beijing one).

Example:
    >>> nlp = gz_ie.load()
    >>> doc = nlp("加快华星光电T8、粤芯四期等重大项目建设，深化同京津冀、长三角合作。")
    >>> [(e.text, e.label_, e.kb_id_, e._.gz_level) for e in doc.ents]
    [('华星光电T8', 'PROJECT', '华星光电T8', None), ('粤芯四期', 'PROJECT', '粤芯四期', None),
     ('京津冀', 'PLACE', '京津冀', 'region'), ('长三角', 'PLACE', '长江三角洲', 'region')]
"""
from __future__ import annotations

import bisect
import contextlib
import itertools
import csv
import json
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterable, Iterator, Optional, Sequence

import regex
import srsly
from spacy.language import Language
from spacy.pipeline import SpanRuler
from spacy.strings import hash_string
from spacy.tokens import Doc, Span
from spacy.util import ensure_path, from_disk as util_from_disk, to_disk as util_to_disk

from . import _extensions
from ._spans import char_span, token_offsets
from .offsets import OffsetMap
from .paths import PATTERNS_DIR

NESTED_KEY = "gz_nested"
KB_FILE = "admin_divisions.tsv"
TOWNS_FILE = "towns.tsv"
SHAPES_FILE = "shapes.json"
VERBS_FILE = "leading_verbs.json"
COMMON_FILE = "common_words.json"
ALIASES_DIR = "aliases"
_SENTENCE_END = regex.compile(r"[。！？；!?;\n]")
_CLAUSE_PUNCT = frozenset("，,。；;：:！!？?、\n（）()《》“”\"‘’「」【】[]—")
_LATIN = regex.compile(r"[A-Za-z]")
_NAME_CHAR = regex.compile(r"[\p{Han}A-Za-z0-9]")
_HAN = regex.compile(r"\p{Han}")
_NUMERAL_CHAR = regex.compile(r"[0-9一二三四五六七八九十百千]")
_TITLE_STOP = regex.compile(r"[》。；\n]")  # what ends the reach of a 《 title
_COUNT = regex.compile(
    r"[0-9一二三四五六七八九十百千两N]+[余多]?[个项座条家批所处]|[0-9]{4}年"
    r"|(?:年产)?[0-9]+(?:\.[0-9]+)?万?(?:吨|千瓦|兆瓦|GW|MW|亩|平方米|公里|台|套|辆)级?"
)
# a count right before a name (建成19个港澳青创基地, 3座水厂) makes it a kind of thing
_EDITION = regex.compile(r"第[0-9一二三四五六七八九十]{1,3}届")
_COUNTED = regex.compile(r"(?:[0-9一二三四五六七八九十百千两N]+[余多]?[个项座条家批所处]|首[个座条家批所]|万?吨级)$")
_CLAUSE_REACH = 120
_ODD_CHAR = regex.compile(r"[^\p{Han}A-Za-z0-9()（）·]")
# codes of a kind, not of one thing: 5G基站, EOD项目 (ecology-oriented development), PPP项目
# and pharmaceutical business models (MAH生产制造基地: a base for marketing-authorisation holders)
_FIRST_OF_KIND = regex.compile(r"首[个座条家批所]")
_EVERY_UNIT = regex.compile(r"([县乡镇村户组市区省州])\1")  # 县县通, 村村通: "every county" slogans
# Chinese numerals count only before a counter: 三江新区, 九江, 四川 are names, 三大, 十个 are not
_NUMERALS = regex.compile(r"[0-9０-９]+[个件项家批条座所处期大]?|[一二三四五六七八九十百千万亿两]+[个件项家批条座所处期大]"
                          r"|(?:十[一二三四五六七八九]?|[一二三四五六七八九])五(?=规划|时期|期间|重点|重大|$)")


@Language.factory(
    "gz_entities",
    assigns=["doc.ents"],
    default_config={"pattern_files": [], "use_bundled": True, "nested_key": NESTED_KEY},
)
def make_entities(
    nlp: Language, name: str, pattern_files: Sequence[str], use_bundled: bool, nested_key: str
) -> "EntityFinder":
    """Build the ``gz_entities`` component.

    Args:
        pattern_files: extra spaCy JSONL pattern files, added to the bundled ones.
        use_bundled: load ``models/patterns/``; False gives a ruler with only your files.
        nested_key: the span group for names inside a longer entity.
    """
    _extensions.register()
    return EntityFinder(nlp, name, pattern_files=list(pattern_files), use_bundled=use_bundled,
                        nested_key=nested_key)


@dataclass(frozen=True)
class Division:
    """One row of the administrative-division table (``admin_divisions.tsv``)."""

    code: str
    name: str
    level: str
    parent: str
    needs_context: bool = False  # a full name whose stem is an ordinary word (平房区, 东方市)


@dataclass
class Candidate:
    start: int
    end: int
    label: str
    kb_id: str
    level: Optional[str] = None
    code: Optional[str] = None
    rank: int = 0  # lower wins a tie of equal length: 0 list, 1 shape, 2 short form, 3 list item
    nested_only: bool = False  # part of an organisation's name: kept only inside another entity


class _TokenizerOnly:
    """What SpanRuler asks of a Language when it adds phrase patterns.

    The ruler lives inside this component rather than in ``nlp.pipeline``, so spaCy's own
    SpanRuler would run the rest of the pipeline on every pattern string; patterns need only
    the tokenizer (the cleaning tokenizer, so names are cut as the text is).
    """

    pipeline: list = []
    pipe_names: list = []

    def __init__(self, nlp: Language) -> None:
        self._nlp = nlp
        self.vocab = nlp.vocab

    def select_pipes(self, **_: object) -> contextlib.AbstractContextManager:
        return contextlib.nullcontext()

    def pipe(self, texts: Iterable[str]) -> Iterator[Doc]:
        for text in texts:
            yield self._nlp.make_doc(text)


@dataclass(frozen=True)
class _Removal:
    start: int
    end: int


class _PhraseIndex:
    """Phrase patterns matched on the text's words, without a Doc per pattern.

    A phrase pattern matches where a run of the text's tokens joins to its clean characters:
    it starts and ends on word boundaries, however the segmenter cut it inside. (spaCy's
    PhraseMatcher also wants the pattern's own tokens, cut alone, to equal the text's; a name
    cut alone is cut without context, so ``凉山州`` alone is ``凉山/州`` but one word in
    ``凉山州会理``, and the name was missed.) A pattern is keyed by its clean characters;
    candidates are found by walking the tokens while their concatenation is a prefix of some
    key, so nothing is cut at load time (~5,900 names took a second).

    Example: ``南沙港区`` is keyed ``南沙港区``; in ``南沙/港区/四期`` the walk from ``南沙`` finds
    the key over two tokens; in ``新南/沙港区`` it starts inside a word and does not match.
    """

    def __init__(self, nlp: Language) -> None:
        self.nlp = nlp
        self.clear()

    def clear(self) -> None:
        self.by_key: dict[str, list[tuple[str, str, str]]] = {}
        self.prefixes: set[str] = set()
        self._tokens: dict[str, tuple[str, ...]] = {}

    def __len__(self) -> int:
        return sum(len(v) for v in self.by_key.values())

    def add(self, pattern: str, label: str, kb_id: str) -> None:
        self._add_keyed(pattern, self._key(pattern), label, kb_id)

    def add_many(self, entries: Sequence[tuple[str, str, str]]) -> None:
        """``add`` for many (pattern, label, id), the noise filter run once over all of them
        (once per pattern was most of the loading time)."""
        for (pattern, label, kb_id), key in zip(entries, self._keys([e[0] for e in entries])):
            self._add_keyed(pattern, key, label, kb_id)

    def _keys(self, patterns: list[str]) -> list[str]:
        """``_key`` of each pattern, from one noise-filter pass over the patterns one per line.
        A pattern that a removal reaches across a line break, or that holds whitespace, is
        keyed on its own."""
        noise_filter = getattr(self.nlp.tokenizer, "noise_filter", None)
        if noise_filter is None:
            return [self._key(p) for p in patterns]
        joined = "\n".join(patterns)
        starts = list(itertools.accumulate((len(p) + 1 for p in patterns[:-1]), initial=0))
        inside: dict[int, list] = {}
        alone: set[int] = set()
        for r in noise_filter.find(joined):
            if r.end <= r.start:
                continue
            first = bisect.bisect_right(starts, r.start) - 1
            last = bisect.bisect_right(starts, r.end - 1) - 1
            if first == last and r.end <= starts[first] + len(patterns[first]):
                inside.setdefault(first, []).append(r)
            else:
                alone.update(range(first, last + 1))
        keys = []
        for i, (pattern, start) in enumerate(zip(patterns, starts)):
            if i in alone or any(ch.isspace() for ch in pattern):
                keys.append(self._key(pattern))
            elif i in inside:
                local = [_Removal(r.start - start, r.end - start) for r in inside[i]]
                keys.append(OffsetMap.from_removals(pattern, local).clean)
            else:
                keys.append(pattern)
        return keys

    def _add_keyed(self, pattern: str, key: str, label: str, kb_id: str) -> None:
        if not key:
            return  # nothing left to match (spaCy's ruler skips empty matches too)
        entries = self.by_key.setdefault(key, [])
        if (pattern, label, kb_id) not in entries:
            entries.append((pattern, label, kb_id))
        for i in range(1, len(key) + 1):
            self.prefixes.add(key[:i])

    def _key(self, pattern: str) -> str:
        """What the pattern's tokens join to: its clean text when no whitespace can split it."""
        tokenizer = self.nlp.tokenizer
        noise_filter = getattr(tokenizer, "noise_filter", None)
        if noise_filter is None or any(ch.isspace() for ch in pattern):
            return "".join(self.tokens(pattern))  # another tokenizer, or spaces: cut it now
        removals = noise_filter.find(pattern)
        if not removals:
            return pattern
        return OffsetMap.from_removals(pattern, removals).clean

    def tokens(self, pattern: str) -> tuple[str, ...]:
        cached = self._tokens.get(pattern)
        if cached is None:
            cached = self._tokens[pattern] = tuple(t.text for t in self.nlp.make_doc(pattern))
        return cached

    def match(self, doc: Doc) -> list[tuple[int, int, str, str]]:
        """(start token, end token, label, id) of every occurrence, overlapping ones included."""
        text = _extensions.clean_text(doc)
        words = [text[s:e] for s, e in zip(*token_offsets(doc))]
        prefixes, by_key = self.prefixes, self.by_key
        out = []
        for i, first in enumerate(words):
            if first not in prefixes:
                continue
            joined = first
            j = i + 1
            while True:
                entries = by_key.get(joined)
                if entries:
                    for pattern, label, kb_id in entries:
                        out.append((i, j, label, kb_id))
                if j == len(words):
                    break
                joined += words[j]
                if joined not in prefixes:
                    break
                j += 1
        return out


def pattern_files_in(directory: Path) -> list[Path]:
    """The bundled pattern files: ``*.jsonl`` and ``aliases/*.jsonl``, sorted for stable ids."""
    if not directory.is_dir():
        return []
    return sorted(directory.glob("*.jsonl")) + sorted((directory / ALIASES_DIR).glob("*.jsonl"))


def read_patterns(path: str | Path) -> list[dict]:
    """A spaCy pattern JSONL file as a list of dicts; lines starting with ``#`` are comments."""
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip() and not line.lstrip().startswith("#")]


def read_towns(path: Path) -> list[tuple[str, str, str]]:
    """(county code, town name, short form or "") rows of ``towns.tsv`` (``scripts/build_places.py --towns``)."""
    return list(zip(*read_town_columns(path)))


def read_town_columns(path: Path) -> tuple[list[str], list[str], list[str]]:
    """The county, name and short-form columns of ``towns.tsv``.

    Columns of strings, not 40,000 row tuples: strings are not tracked by Python's garbage
    collector, tuples are, and building the tuples inside a loaded pipeline set off full
    collections that cost 0.08 s at the first parse.
    """
    if not path.exists():
        return [], [], []
    with open(path, encoding="utf-8") as f:
        content = f.read()
    header = content.split("\n", 1)[0].rstrip("\r").split("\t")
    if header[:3] != ["county", "name", "short"]:
        raise ValueError(f"[gz_entities] {path}: expected the columns county, name, short, not {header}")
    fields = content.replace("\r\n", "\n").strip("\n").replace("\n", "\t").split("\t")
    if len(header) != 3 or len(fields) % 3:  # extra columns or ragged lines: row by row
        rows = [(line.split("\t") + ["", ""])[:3] for line in content.splitlines()[1:] if line]
        fields = header[:3] + [field for row in rows for field in row]
    return fields[3::3], fields[4::3], fields[5::3]


class _Towns:
    """Towns and sub-district streets (乡、镇、街道), by full name and short form.

    Some 40,000 names: far too many for the phrase index or the segmenter's dictionary (and
    派潭, 石井, 人和 are ordinary enough elsewhere), so they are looked up only where the
    segmenter's words allow, and a town counts only when its county or city is named in the
    sentence or is the document's own (派潭 in a Guangzhou report, not in a Jiangsu one).
    """

    MAX_LEN = 8

    def __init__(self, rows: Sequence[tuple[str, str, str]] = (), path: Optional[Path] = None) -> None:
        self._columns: Optional[tuple[list[str], list[str], list[str]]] = None
        if path is None:
            counties, names, shorts = (list(c) for c in zip(*rows)) if rows else ([], [], [])
            self._columns = (counties, names, shorts)
        self.path = path
        self._by_name: Optional[dict[str, int | list[int]]] = None
        self._openings: set[str] = set()

    @property
    def columns(self) -> tuple[list[str], list[str], list[str]]:
        """Counties, names and short forms; a bundled file is read on first use (keeps loading fast)."""
        if self._columns is None:
            self._columns = read_town_columns(self.path) if self.path is not None else ([], [], [])
        return self._columns

    @property
    def rows(self) -> list[tuple[str, str, str]]:
        """The table's (county, name, short) rows."""
        return list(zip(*self.columns))

    @property
    def by_name(self) -> dict[str, int | list[int]]:
        """surface -> the row (or rows) naming it, built on first use. Most surfaces name one
        town, so the index is made by dict(zip(...)) in C, and only the surfaces several towns
        share (城关, 新华) get a list in Python."""
        if self._by_name is None:
            _, names, shorts = self.columns
            keys = names + shorts
            positions = list(range(len(names))) * 2
            index: dict[str, int | list[int]] = dict(zip(reversed(keys), reversed(positions)))
            index.pop("", None)  # no short form
            shared = {k for k, n in Counter(keys).items() if n > 1 and k}
            together: dict[str, set[int]] = {key: set() for key in shared}
            for key, pos in zip(keys, positions):
                if key in together:
                    together[key].add(pos)
            for key, found in together.items():  # in file order, a row whose name is also its short form once
                index[key] = sorted(found)
            self._by_name = index
            self._openings = {surface[:2] for surface in index}
        return self._by_name

    def lookup(self, surface: str) -> Optional[list[tuple[str, str]]]:
        """[(county code, full name)] of the towns called ``surface``, or None."""
        found = self.by_name.get(surface)
        if found is None:
            return None
        counties, names, _ = self.columns
        return [(counties[i], names[i]) for i in ([found] if isinstance(found, int) else found)]

    def __bool__(self) -> bool:
        if self._columns is None:
            return self.path is not None and self.path.exists()
        return bool(self._columns[0])

    def find(self, text: str, lo: int, hi: int, words: "_Words") -> Iterator[tuple[int, int, list]]:
        """(start, end, [(county, name)]) of town names in ``text[lo:hi]`` on word boundaries."""
        by_name = self.by_name
        openings = self._openings  # the first two characters of every name: most words start none
        starts, ends = words.starts, words.end_list
        last = len(starts)
        for k in range(bisect.bisect_left(starts, lo), bisect.bisect_left(starts, hi)):
            s = starts[k]
            if text[s:s + 2] not in openings:
                continue
            for j in range(k, last):
                e = ends[j]
                if e - s > self.MAX_LEN or e > hi:
                    break
                if e - s >= 2 and text[s:e] in by_name:
                    yield s, e, self.lookup(text[s:e])


def read_divisions(path: Path) -> list[Division]:
    """The division table written by ``scripts/build_places.py``."""
    if not path.exists():
        return []
    with open(path, encoding="utf-8", newline="") as f:
        return [Division(r["code"], r["name"], r["level"], r["parent"], r.get("needs_context") == "1")
                for r in csv.DictReader(f, delimiter="\t")]


class Shapes:
    """The compiled shape rules of ``shapes.json``.

    Head words and stop lists are data; the regexes are composed from escaped head words
    and the fragments given there, each alternation of plain literals or bounded classes,
    so matching stays linear.
    """

    def __init__(self, data: dict) -> None:
        self.data = data
        self.max_name = int(data.get("max_name_chars", 14))
        heads = sorted(data.get("heads", []), key=lambda h: -len(h["head"]))
        self.heads = {h["head"]: h for h in heads}
        phase = data.get("phase", "[一二三四五六七八九十]{1,2}期")
        tail = data.get("tail", "")
        suffix = data.get("head_suffix", "")
        tailed = [h["head"] for h in heads if not h.get("no_tail")]
        head_alt = "|".join(regex.escape(h) for h in tailed)
        # a lookahead on the heads' first characters lets the scan skip the other positions
        # quickly (the same matches, about 3 times faster than the bare alternation)
        first = "[" + "".join(regex.escape(c) for c in sorted({h[0] for h in tailed})) + "]"
        self.head_re = regex.compile(
            rf"(?={first}|{phase})(?P<head>{head_alt}|{phase})(?P<tail>(?:{phase})?{suffix}(?:{tail})?)"
            if head_alt else rf"(?P<head>{phase})(?P<tail>)"
        )
        # one-character heads (湖, 河) take no tail and are searched apart, so that they never
        # swallow the head after them (黄河大桥)
        bare_alt = "|".join(regex.escape(h["head"]) for h in heads if h.get("no_tail"))
        self.bare_head_re = regex.compile(rf"(?P<head>{bare_alt})(?P<tail>)") if bare_alt else None
        self.abbreviations = frozenset(data.get("abbreviations", {}).get("chars", ""))
        self.phase_re = regex.compile(phase)
        self.standalone = [(regex.compile(s["regex"]), s["label"]) for s in data.get("standalone", [])]
        self.stop = frozenset(data.get("stop_tokens", []))
        self.verbs = frozenset(data.get("leading_verbs", {}).get("verbs", []))
        self.leading_only = frozenset(data.get("leading_only", {}).get("words", []))
        self.leading = (self.stop | self.verbs | frozenset(data.get("leading_verbs", {}).get("adverbs", []))
                        | self.leading_only)
        self.place_suffixes = tuple(data.get("place_suffixes", {}).get("words", []))
        rating = data.get("rating", {}).get("regex")
        self.rating = regex.compile(rating) if rating else None
        self.head_words = frozenset(self.heads)
        self.generic = frozenset(data.get("generic", []))
        self.common = frozenset(data.get("common_words", []))
        self.build_words = tuple(data.get("build_words", []))
        self.not_followed_by = tuple(data.get("not_followed_by", []))
        quoted = data.get("quoted", {}).get("regex")
        self.quoted = regex.compile(quoted) if quoted else None
        self.not_preceded_by = tuple(data.get("not_preceded_by", []))
        self.not_preceded_by_head = {k: tuple(v) for k, v in data.get("not_preceded_by_head", {}).items()
                                     if not k.startswith("_")}
        self.not_after = {k: tuple(v) for k, v in data.get("not_after", {}).items() if not k.startswith("_")}
        org = data.get("org_heads", {})
        self.org_heads = tuple(sorted(org.get("words", []), key=len, reverse=True))
        self.not_org = tuple(org.get("not_org", []))
        self.adjacent_only = tuple(org.get("adjacent_only", {}).get("words", []))
        self.adjacent_except = tuple(org.get("adjacent_only", {}).get("except", []))
        self.transport_words = tuple(data.get("transport_words", []))
        self.zone_inner = frozenset(data.get("zone_inner_words", {}).get("words", []))
        self.kind_endings = tuple(data.get("kind_endings", {}).get("words", []))
        self.title_verbs = tuple(data.get("title_verbs", {}).get("words", []))
        self.subject_verbs = tuple(data.get("subject_verbs", {}).get("words", []))
        self.before_a_count = tuple(data.get("before_a_count", {}).get("words", []))
        codes = sorted(data.get("model_codes", {}).get("words", []), key=lambda w: (-len(w), w))
        self.model_codes = regex.compile("|".join(regex.escape(c) for c in codes) or "(?!)")
        enum = {k: v for k, v in data.get("enumeration", {}).items() if not k.startswith("_")}
        self.enumerations = [(regex.compile(v), k.split("_")[0]) for k, v in enum.items()]


class EntityFinder:
    """The ``gz_entities`` component: list matches, shape rules, overlap resolution."""

    def __init__(
        self,
        nlp: Language,
        name: str = "gz_entities",
        *,
        pattern_files: Sequence[str] = (),
        use_bundled: bool = True,
        nested_key: str = NESTED_KEY,
    ) -> None:
        self.nlp = nlp
        self.name = name
        self.pattern_files = [str(p) for p in pattern_files]
        self.use_bundled = use_bundled
        self.nested_key = nested_key
        # token patterns (lists) go to spaCy's SpanRuler; phrase patterns (strings) to an
        # index on the words' boundaries that does not cut every name at load time
        self.ruler = SpanRuler(_TokenizerOnly(nlp), name=f"{name}_ruler", spans_key=None,
                               annotate_ents=False, validate=True)
        self.phrases = _PhraseIndex(nlp)
        self.patterns: list[dict] = []
        self.divisions: list[Division] = []
        self.shapes = Shapes({})
        self.levels: dict[str, str] = {}
        self.towns = _Towns()
        self._index()
        self._initialized = False

    @property
    def _place_heads(self) -> tuple[str, ...]:
        """One-word place heads that can close a place's name inside a longer one (湖, 岛, 河)."""
        if getattr(self, "_place_heads_cache", (None,))[0] is not self.shapes:
            heads = tuple(h for h, info in self.shapes.heads.items()
                          if info["label"] == "PLACE" and info.get("level") in ("water", "area") and len(h) == 1)
            self._place_heads_cache = (self.shapes, heads)
        return self._place_heads_cache[1]

    @property
    def _generic_longest_first(self) -> dict[str, list[tuple[int, str]]]:
        """Generic words and multi-character stop words, longest first (做强 in 做强四大国家级),
        as (rank, word) under their first character: removing words only deletes characters,
        so only words whose first character is in a name can ever be removed from it."""
        if getattr(self, "_generic_cache", (None,))[0] is not self.shapes:
            words = self.shapes.generic | {w for w in self.shapes.stop if len(w) > 1}
            by_first: dict[str, list[tuple[int, str]]] = {}
            for rank, word in enumerate(sorted(words, key=lambda w: (-len(w), w))):
                by_first.setdefault(word[0], []).append((rank, word))
            self._generic_cache = (self.shapes, by_first)
        return self._generic_cache[1]

    # ---------------------------------------------------------------- set-up
    def initialize(self, get_examples: Optional[Callable] = None, *, nlp: Optional[Language] = None) -> None:
        """Load the bundled data and the extra pattern files named in the config."""
        files = pattern_files_in(PATTERNS_DIR) if self.use_bundled else []
        patterns: list[dict] = []
        self.levels = {}
        for path in [*files, *map(Path, self.pattern_files)]:
            entries = read_patterns(path)
            patterns.extend(entries)
            level = _level_of_file(Path(path))
            if level:
                self.levels.update({e.get("id") or e["pattern"]: level for e in entries})
        self._clear_patterns()
        self._add_patterns(patterns)
        if self.use_bundled:
            self.divisions = read_divisions(PATTERNS_DIR / KB_FILE)
            self.towns = _Towns(path=PATTERNS_DIR / TOWNS_FILE)
            shapes_path = PATTERNS_DIR / SHAPES_FILE
            data = json.loads(shapes_path.read_text(encoding="utf-8")) if shapes_path.exists() else {}
            verbs_path = PATTERNS_DIR / VERBS_FILE
            if verbs_path.exists():
                verbs = json.loads(verbs_path.read_text(encoding="utf-8"))
                data["leading_verbs"] = {k: verbs[k] for k in ("verbs", "adverbs")}
            common_path = PATTERNS_DIR / COMMON_FILE
            if common_path.exists():
                data["common_words"] = json.loads(common_path.read_text(encoding="utf-8"))["words"]
            self.shapes = Shapes(data)
        self._index()
        self._initialized = True

    def add_patterns(self, patterns: list[dict]) -> None:
        """Add patterns at run time, as with spaCy's rulers."""
        self._ensure_initialized()
        self._add_patterns(patterns)

    def _clear_patterns(self) -> None:
        self.ruler.clear()
        self.phrases.clear()
        self.patterns = []

    def _add_patterns(self, patterns: Iterable[dict]) -> None:
        tokens = []
        phrases = []
        for entry in patterns:
            pattern = entry["pattern"]
            if isinstance(pattern, str):
                phrases.append((pattern, entry["label"], entry.get("id", "")))
            elif isinstance(pattern, list):
                tokens.append(entry)
            else:
                raise ValueError(f"[gz_entities] a pattern is a string or a list of token dicts, not {pattern!r}")
            self.patterns.append(entry)
        self.phrases.add_many(phrases)
        if tokens:
            self.ruler.add_patterns(tokens)

    def _ensure_initialized(self) -> None:
        if not self._initialized:
            self.initialize()

    def _index(self) -> None:
        self.by_name: dict[str, list[Division]] = {}
        self.by_code: dict[str, Division] = {}
        for div in self.divisions:
            self.by_name.setdefault(div.name, []).append(div)
            self.by_code[div.code] = div

    # ---------------------------------------------------------------- run
    def __call__(self, doc: Doc) -> Doc:
        self._ensure_initialized()
        text = _extensions.clean_text(doc)
        words = _Words(doc)
        listed = self._list_candidates(doc, words)
        home = self._home([c for c in listed if c.label == "PLACE"])
        # every rule below looks no further than its sentence: work sentence by sentence so
        # the cost grows with the text, not with its square
        bounds = _sentence_bounds(text)
        by_sentence: dict[int, list[Candidate]] = {}
        for cand in listed:
            by_sentence.setdefault(bisect.bisect_right(bounds, cand.start) - 1, []).append(cand)
        chosen: list[Candidate] = []
        nested: list[Candidate] = []
        for i, (lo, hi) in enumerate(zip(bounds, bounds[1:])):
            if lo == hi:
                continue
            local = by_sentence.get(i, [])
            places = [c for c in local if c.label == "PLACE"]
            near = self._mentioned(places)
            kept = [c for c in local if self._accept(c, near | home)]
            if self.towns:
                kept += self._town_candidates(text, lo, hi, words, kept, near | home)
                places = [c for c in kept if c.label == "PLACE"]
            for cand in kept:
                cand.nested_only = cand.label == "PLACE" and (
                    self._in_organisation(text, cand) or _in_quoted_name(text, cand, places)
                    or _in_brackets_after_name(text, cand.start, cand.end))
                _extend_abbreviation(text, cand, self.shapes.abbreviations)
                self._resolve(cand, near, home)
            shaped = self._shape_candidates(text, lo, hi, words, kept)
            top, inner = _resolve_overlaps(kept + shaped)
            chosen.extend(top)
            nested.extend(inner)
        self._write(doc, chosen, nested)
        return doc

    def _list_candidates(self, doc: Doc, words: "_Words") -> list[Candidate]:
        """The list matches, deduplicated, in the order spaCy's SpanRuler gives them (offsets,
        then the hashes of label and id), as character offsets without a Span per match."""
        starts, ends = words.starts, words.end_list
        found = {(starts[i], ends[j - 1], label, kb_id) for i, j, label, kb_id in self.phrases.match(doc)}
        if self.ruler.patterns:
            found.update((s.start_char, s.end_char, s.label_, s.id_) for s in self.ruler.match(doc))
        text = _extensions.clean_text(doc)
        out = []
        for start, end, label, span_id in sorted(
                found, key=lambda f: (f[0], f[1], hash_string(f[2]), hash_string(f[3]) if f[3] else 0)):
            surface = text[start:end]
            kb_id = span_id or surface
            rank = 2 if self._is_short_form(surface, kb_id) else 0
            out.append(Candidate(start, end, label, kb_id, rank=rank))
        return out

    def _is_short_form(self, surface: str, kb_id: str) -> bool:
        """Names that need their region nearby: short forms of districts and counties, and
        full names that max-match cuts out of ordinary words (塔城市 in 灯塔城市, 平房区 in 和平房区),
        and two-character county names (魏县)."""
        divs = self.by_name.get(kb_id)
        if not divs or divs[0].level not in ("district", "county"):
            return False
        # a two-character county name (魏县, 沛县) is a character and 县: as easily part of a phrase
        return surface != kb_id or len(kb_id) <= 2 or any(d.needs_context for d in divs)

    def _ancestors(self, div: Division) -> list[Division]:
        out = []
        code = div.parent
        while code and code in self.by_code:
            parent = self.by_code[code]
            out.append(parent)
            code = parent.parent
        return out

    def _home(self, places: list[Candidate]) -> set[str]:
        """Codes of the city and province the document mentions most (its own place)."""
        counts: Counter[str] = Counter()
        for cand in places:
            for div in self.by_name.get(cand.kb_id, []):
                if div.level in ("city", "province"):
                    counts[div.code] += 1
        home: set[str] = set()
        for level in ("city", "province"):
            ranked = [(n, c) for c, n in counts.items() if self.by_code[c].level == level]
            if ranked:
                home.add(max(ranked)[1])
        for code in list(home):
            home.update(a.code for a in self._ancestors(self.by_code[code]))
        return home

    def _mentioned(self, places: list[Candidate]) -> set[str]:
        """Codes of the divisions named by ``places`` (one sentence's list matches)."""
        return {d.code for n in {c.kb_id for c in places} for d in self.by_name.get(n, [])}

    def _accept(self, cand: Candidate, near: set[str]) -> bool:
        """Short forms of districts and counties need their region named nearby or at home."""
        if cand.rank != 2:
            return True
        return any(a.code in near for div in self.by_name[cand.kb_id] for a in self._ancestors(div))

    def _town_candidates(self, text: str, lo: int, hi: int, words: "_Words", kept: list[Candidate],
                         near: set[str]) -> list[Candidate]:
        """派潭 (派潭镇 of 增城区): a town whose county, or that county's city, is named or at home."""
        listed = {(c.start, c.end) for c in kept}
        out = []
        for start, end, towns in self.towns.find(text, lo, hi, words):
            if (start, end) in listed:
                continue
            for county, name in towns:
                div = self.by_code.get(county)
                if div is not None and (county in near or div.parent in near):
                    out.append(Candidate(start, end, "PLACE", name, level="town", rank=2))
                    break
        return out

    def _resolve(self, cand: Candidate, near: set[str], home: set[str]) -> None:
        """Pick the division a name means (白云区 of Guangzhou or of Guiyang) and set level and code."""
        if cand.level == "town":
            return  # found with its county (_town_candidates); towns have no code in the data
        divs = self.by_name.get(cand.kb_id)
        if not divs:
            cand.level = self.levels.get(cand.kb_id)
            return
        best = divs[0]
        if len(divs) > 1:

            def score(div: Division) -> tuple[int, int]:
                codes = {a.code for a in self._ancestors(div)}
                return (len(codes & near), len(codes & home))

            best = max(divs, key=score)
        cand.level, cand.code = best.level, best.code

    def _in_organisation(self, text: str, cand: Candidate) -> bool:
        """广州实验室, 香港科技大学(广州), 《南沙方案》: the place is part of another name."""
        org = self.shapes.org_heads
        after = text[cand.end:cand.end + 14]  # 京津冀合成生物制造产业创新联盟
        for i in range(len(after)):
            if after[i] in _CLAUSE_PUNCT:
                break
            if after.startswith(org, i) and not after.startswith(self.shapes.not_org, i):
                shapes = self.shapes
                between = after[:i]
                if any(ch.isdigit() for ch in between) or _EDITION.search(between) \
                        or after.startswith(("中学生", "小学生"), i) \
                        or any(w in between for w in shapes.subject_verbs):
                    break  # 渝水区获评全国学校…, 佛山市80所学校: the place is the subject, not the name
                if i > 8 and (_NUMERAL_CHAR.search(between) or any(
                        between[k:k + 2] in shapes.verbs or between[k:k + 2] in shapes.stop
                        for k in range(len(between) - 1))):
                    break  # 广州举办第十届中国花卉博览会, 吉安市第五届人民代表大会: far off, the name is another's
                if i == 0 or not after.startswith(shapes.adjacent_only, i) or after.startswith(shapes.adjacent_except, i):
                    return True
        before = text[max(0, cand.start - 1):cand.start]
        if before in ("(", "（") and cand.start >= 2:
            if text.endswith(org, 0, cand.start - 1):
                return True
        title_open = text.rfind("《", max(0, cand.start - 40), cand.start)
        if title_open >= 0 and not _TITLE_STOP.search(text, title_open, cand.start):
            title_close = _TITLE_STOP.search(text, cand.end, cand.end + 60)
            if title_close and title_close.group() == "》":
                return True
        return False

    # ---------------------------------------------------------------- shapes
    def _shape_candidates(self, text: str, lo: int, hi: int, words: "_Words",
                          listed: list[Candidate]) -> list[Candidate]:
        """Names found by their head word in ``text[lo:hi]`` (one sentence)."""
        shapes = self.shapes
        starts = words.starts
        place_spans = sorted((c.start, c.end) for c in listed if c.label == "PLACE")
        listed_start_by_end: dict[int, int] = {}  # end -> the earliest start of a list match
        for c in listed:
            listed_start_by_end[c.end] = min(c.start, listed_start_by_end.get(c.end, c.start))
        out: list[Candidate] = []
        for rx, label in shapes.standalone:
            for m in rx.finditer(text, lo, hi):
                out.append(Candidate(m.start(), m.end(), label, m.group(), rank=1))
        matches = list(shapes.head_re.finditer(text, lo, hi))
        if shapes.bare_head_re is not None:
            matches += shapes.bare_head_re.finditer(text, lo, hi)
        for m in matches:
            head, head_start, end, tail = m.group("head"), m.start(), m.end(), m.group("tail")
            if text.endswith(shapes.not_preceded_by_head.get(head, ()), 0, head_start):
                phase = shapes.phase_re.match(tail)
                if not phase:
                    continue
                # 文旅小镇一期: not a town, but the phase after it is still a head
                head, head_start, tail = phase.group(), m.start("tail"), tail[phase.end():]
            cand = self._head_candidate(text, head, head_start, end, tail, words, place_spans, listed_start_by_end)
            bare_end = head_start + len(head)
            if cand is None and tail and bare_end in words.ends:
                # 集桓高速/工程量: the suffix is part of another word, the head alone still closes a name
                cand = self._head_candidate(text, head, head_start, bare_end, "", words, place_spans,
                                            listed_start_by_end)
            if cand is not None:
                out.append(cand)
        if shapes.quoted:
            for m in shapes.quoted.finditer(text, lo, hi):
                if len(self._rare_part(text, m.start(1), m.end(1), starts)) >= 2:  # not “非遗”项目
                    out.append(Candidate(m.start(1), m.end(1), "PROJECT", m.group(1), rank=1))
        shared = self._shared_head_items(text, lo, starts, listed, out)
        out.extend(self._enumerations(text, lo, hi, starts, listed, out))
        return [c for c in out + shared if not _in_title(text, c.start, c.end)]

    def _shared_head_items(self, text: str, lo: int, starts: list[int], listed: list[Candidate],
                           shaped: list[Candidate]) -> list[Candidate]:
        """``开建后安、灵北、周寨南煤矿``: short names listed before a name with a head share its head.

        Only short items (2-6 characters) of rare words, before a short name (at most ten
        characters: 西昌牦牛山风电项目) found by its head word,
        so that ``交通、水利工程`` (kinds) and ``上海、深圳高铁`` (places) are not names.
        """
        out = []
        shapes = self.shapes
        listed_spans = {(c.start, c.end) for c in listed}
        for cand in shaped:
            if cand.rank != 1 or cand.label != "PROJECT" or cand.start <= lo or text[cand.start - 1] != "、" \
                    or cand.end - cand.start > 10:
                continue
            end = cand.start - 1
            for _ in range(6):
                start = end
                while start > lo and end - start <= 6 and _NAME_CHAR.match(text, start - 1):
                    start -= 1
                first = start == lo or text[start - 1] != "、"
                if first:
                    edge = self._left_edge(text, end, starts) if end > start else None
                    if edge is not None and edge < start:
                        break  # the name goes on past the length limit (省道505线十家至大坝沟)
                    start = max(start, edge) if edge is not None else start
                    while end - start > 2 and text[start:start + 2] in shapes.leading:
                        start += 2  # 开建/后安
                item = text[start:end]
                if not 2 <= len(item) <= 6 or (start > lo and _NAME_CHAR.match(text, start - 1) and not first):
                    break
                if (start, end) in listed_spans or item in shapes.generic or item in shapes.common or item[-1] == "级" or item[0] in "至和及与" \
                        or item in shapes.head_words or len(self._rare_part(text, start, end, starts)) < 2:
                    break
                out.append(Candidate(start, end, cand.label, item, level=cand.level, rank=3))
                if first:
                    break
                end = start - 1
        return out

    def _head_candidate(self, text: str, head: str, head_start: int, end: int, tail: str, words: "_Words",
                        place_spans, listed_start_by_end: dict[int, int]) -> Optional[Candidate]:
        """The name that the head word at ``head_start`` closes, if it names something."""
        shapes = self.shapes
        starts = words.starts
        if end not in words.ends and end < len(text) and text[end] not in _CLAUSE_PUNCT:
            return None  # 工程师, 中心城区: the head is only part of a word
        if text.endswith(shapes.not_preceded_by + shapes.not_preceded_by_head.get(head, ()), 0, head_start):
            return None  # 广州分中心: a branch of an institution
        if text.startswith(shapes.not_followed_by, end):
            return None  # 珠三角城际交通网络: the head word modifies another noun
        info = shapes.heads.get(head, {"label": "PROJECT", "phase": True})
        if text.startswith(tuple(info.get("not_followed_by", ())), end):
            return None  # 公园城市: a kind of city, not a park
        left = self._left_edge(text, head_start, starts, place=info["label"] == "PLACE")
        walked_back = False
        if info["label"] == "PLACE" and not info.get("no_tail"):
            back = self._back_to_place(text, head_start if left is None else left, starts, place_spans)
            walked_back = back < (head_start if left is None else left)  # 大庆/协同/发展/先导区
            left = back if walked_back else left
        if left is None:
            return None
        if info["label"] == "PLACE" and listed_start_by_end.get(end, end) <= head_start:
            return None  # 长江经济带 is on a list: 深度融入长江经济带 is not a longer name
        if info["label"] == "PLACE" and not walked_back:
            left = self._start_at_place(text, left, head_start, place_spans)
        if info.get("after_place"):
            left = _after_places(left, head_start, place_spans)  # 华亭市 + 马峡镇: two places
        name = text[left:head_start]
        if _COUNTED.search(text, max(0, left - 6), left):
            return None  # 建成19个港澳青创基地: a counted kind, not a name
        if not self._plausible(name, info, text, left, end, place_spans, starts):
            return None
        label, level = info["label"], info.get("level")
        rating = shapes.rating.search(name) if shapes.rating and info.get("rated") else None
        if rating:
            # 医巫闾山国家5A级旅游景区: the rating and the class word are a title, the name is before them
            named = name[:rating.start()]
            for verb in shapes.title_verbs:  # 玄武湖景区创成国家5A级景区
                if named.endswith(verb):
                    named = named[:-len(verb)]
            if len(self._rare_part(text, left, left + len(named), starts)) < 2:
                return None
            return Candidate(left, left + len(named), label, named, level=level, rank=1)
        if label == "PLACE" and (tail or shapes.phase_re.fullmatch(head)):
            label, level = "PROJECT", None  # 芜湖古城二期, 青龙山滑雪度假区项目: building work in a zone
        return Candidate(left, end, label, text[left:end], level=level, rank=1)

    def _left_edge(self, text: str, head_start: int, starts: list[int], place: bool = False) -> Optional[int]:
        """Walk left over the segmenter's words until punctuation, a stop word or the length limit.

        Why words and not characters: pkuseg knows where ``加快`` ends and ``华星光电`` begins;
        the stop list (``shapes.json``) and the clause-opening verbs (``leading_verbs.json``)
        then tell which words are not part of a name.
        """
        shapes = self.shapes
        left = head_start
        # a head inside a word (白云站): the word's start is the first candidate edge
        i = bisect.bisect_right(starts, head_start) - 1
        if i >= 0 and starts[i] < head_start:
            word_start = starts[i]
            if text[word_start:head_start] in shapes.stop or any(ch in _CLAUSE_PUNCT for ch in text[word_start:head_start]):
                return None
            left = word_start
            i -= 1
        elif i >= 0 and starts[i] == head_start:
            i -= 1
        while i >= 0:
            word = text[starts[i]:left]
            if word in (")", "）"):  # 南珠(中)城际: a short aside inside the name
                opening = max(text.rfind("(", 0, left), text.rfind("（", 0, left))
                if 0 <= opening and left - opening <= 5:
                    while i >= 0 and starts[i] > opening:
                        i -= 1
                    if i >= 0 and starts[i] == opening and opening > 0 and text[opening - 1] not in _CLAUSE_PUNCT:
                        left = opening
                        i -= 1
                        continue
                break
            if not word or any(ch in _CLAUSE_PUNCT for ch in word) or word.isspace():
                break
            if word in shapes.stop or head_start - starts[i] > shapes.max_name:
                break
            if place and (word in shapes.verbs or word in shapes.leading_only):
                break  # zone names hold no verbs (宝墩遗址创建国家考古遗址) and no 至 (大岭山至新城)
            if word == "·" and starts[i] > 0 and _NAME_CHAR.match(text, starts[i] - 1):
                left = starts[i]  # 袁家村·宿迁印象二期: a name joined by an interpunct goes on
                i -= 1
                continue
            if not _NAME_CHAR.search(word):
                break  # symbols: 五条跑道+三座航站楼
            left = starts[i]
            i -= 1
        while text[left] == "·" and left < head_start:  # the walk stopped right after an interpunct
            left += 1
        # verbs that open the clause (解决绕城高速, 开工建设成温邛扩容): trim them, word by word
        trimmed = True
        while trimmed:
            trimmed = False
            j = bisect.bisect_right(starts, left)
            word_end = starts[j] if j < len(starts) else head_start
            word = text[left:min(word_end, head_start)]
            for candidate in (word, *sorted((w for w in (word[:2], word[:3], word[:4]) if w != word), key=len, reverse=True)):
                if candidate in shapes.leading and left + len(candidate) < head_start:
                    left += len(candidate)
                    trimmed = True
                    break
            else:
                # the segmenter joined a verb to the name (做/靓熊猫, 抓/实巍山): hand-listed stop
                # words are trimmed across its word boundary too
                for k in (4, 3, 2):
                    if len(word) < k and text[left:left + k] in shapes.stop and left + k + 1 < head_start:
                        left += k
                        trimmed = True
                        break
        for counted in _COUNT.finditer(text, left, head_start):  # 19个港澳青创基地
            left = counted.end()
        return left if left < head_start else None

    def _back_to_place(self, text: str, left: int, starts: list[int], place_spans) -> int:
        """大庆协同发展先导区: a zone's name may hold a verb when a place opens it.

        The walk left stops at a verb (宝墩遗址创建国家考古遗址); if a listed place ends at most
        six characters before, and the words between are neither punctuation nor stop words
        (but for ``zone_inner_words``: 协同, 发展), the place and those words belong to the name.
        """
        shapes = self.shapes
        before = _words_at(starts, max(0, left - 4), left)
        if not before or text[before[-1]:left] not in shapes.zone_inner:
            return left  # the walk stopped at punctuation, a clause verb or the length limit
        i = bisect.bisect_left(place_spans, (left - 6, 0))
        best = None
        while i < len(place_spans) and place_spans[i][0] < left:
            ps, pe = place_spans[i]
            if left - 6 <= pe < left and (best is None or ps < best):
                between = _words_at(starts, pe, left) + [left]
                if between[0] == pe and all(
                        (text[a:b] not in shapes.stop or text[a:b] in shapes.zone_inner)
                        and text[a:b] not in shapes.leading_only and text[a:b] not in shapes.head_words
                        and _NAME_CHAR.fullmatch(text[a:b][:1] or " ")
                        and not _ODD_CHAR.search(text[a:b]) for a, b in zip(between, between[1:])):
                    best = ps
            i += 1
        return left if best is None else best

    def _start_at_place(self, text: str, left: int, head_start: int, place_spans) -> int:
        """产业做强咸宁高新区: a verb before the place inside a zone name is not part of it."""
        first = bisect.bisect_left(place_spans, (left + 1, 0))
        if first >= len(place_spans) or place_spans[first][0] >= head_start:
            return left
        place_start = place_spans[first][0]
        before = text[left:place_start]
        words = self.shapes.stop | self.shapes.verbs
        if any(before[i:i + 2] in words for i in range(len(before) - 1)):
            return place_start
        return left

    def _plausible(self, name: str, info: dict, text: str, left: int, end: int, place_spans,
                   starts: list[int]) -> bool:
        """Reject generic names (重点项目, 城中村改造项目) and weak heads without evidence."""
        shapes = self.shapes
        if info.get("phase") and (len(name) < 2 or name.endswith(shapes.before_a_count)):
            return False  # 培训班超10期: a count of sessions, not a phase
        if name[-1:] in "暨及和与、":
            return False  # 铁路暨铁路物流枢纽: the name is cut at a conjunction
        if _ODD_CHAR.search(name) or _EDITION.search(name):
            return False  # 线上科创通+线下科创岛, 12.三城一岛, 第三届天子湖(马拉松)
        if info.get("needs") and name in shapes.leading:
            return False  # 遏制煤矿, 扩大煤矿: a verb and a kind of thing (but 解放大桥 is a name)
        if _FIRST_OF_KIND.search(name) or "首套" in name:
            return False  # 广西首个预制菜产业基地: the first of a kind, not a name
        if name[:1] in "(（" or _EVERY_UNIT.match(name):
            return False  # (街道)全民健身工程: an aside is no name's start; 县县通高速, 村村通: a slogan
        if len(name) == 1 and name in info.get("one_char_names", ""):
            return True  # 滦河, 泾河: a river named by one character (with the water radical, listed)
        rest = self._specific_part(name)
        first = bisect.bisect_left(place_spans, (left, left))
        has_place = any(e <= end for s, e in place_spans[first:bisect.bisect_left(place_spans, (end, end))])
        has_code = bool(_LATIN.search(shapes.model_codes.sub("", name)))
        has_abbrev = len(name) >= 2 and name[0] in shapes.abbreviations and name[1] in shapes.abbreviations
        has_phase = not info.get("phase") and bool(shapes.phase_re.search(text[left:end]))
        # a village or town named before the head (冼村项目): the name is that place's
        has_locality = info["label"] == "PROJECT" and any(
            rest.endswith(w) and len(rest) > len(w) and rest[-len(w) - 1] not in "".join(shapes.place_suffixes)
            for w in shapes.place_suffixes)
        # 市青少年活动中心, 省人民医院: a municipal or provincial facility (the level word is a word of its own)
        has_owner = (info["label"] == "PROJECT" and len(name) >= 5 and name[0] in "市省州县"
                     and _words_at(starts, left + 1, left + len(name))[:1] in ([], [left + 1]) and len(rest) >= 3)
        # 沙井岛片区: a zone named after an island or a lake found by its own head
        has_place = has_place or (info["label"] == "PLACE" and len(name) >= 3 and name.endswith(self._place_heads)
                                  and name[-2] not in "".join(self._place_heads)
                                  and not name[:-1].endswith(shapes.not_preceded_by_head.get(name[-1], ())))
        evidence = has_place or has_code or has_abbrev or has_phase or has_locality or has_owner
        needs = info.get("needs")
        clause = _clause(text, left, end)
        head = text[left + len(name):end]
        tail_says_project = head.endswith(("项目", "工程")) and len(head) > 2
        if info.get("head") in ("中心", "基地") and not tail_says_project and (left, left + len(name)) in place_spans:
            return False  # 欧洲中心, 广州基地: a place and a role word, no building's name
        if needs == "build" and not tail_says_project and not (info.get("place_named") and has_place
                                                               and any(s == left for s, _ in place_spans[first:first + 1])):
            if not ((evidence or len(rest) >= 7) and any(w in clause for w in shapes.build_words)):
                return False
        if needs == "transport":
            if not (any(w in clause for w in shapes.transport_words) and len(rest) >= 2):
                return False
            evidence = True
        if needs == "specific" and len(rest) < 2:
            return False
        if needs == "rare" and (len(rest) < 2 or len(self._rare_part(text, left, left + len(name), starts)) < 2):
            return False  # 4A级景区, 干净街道: a class or a quality, not a name
        if needs == "place" and not any(s == left for s, _ in place_spans[first:first + 1]) \
                and not name.endswith(self._place_heads):
            return False  # 成都片区, 白石湖片区: a zone named after its place (listed, or a lake, an island)
        if not tail_says_project and name.endswith(shapes.not_after.get(info.get("head", ""), ())):
            return False  # 长江上游航运中心 is a role, not a building
        if info.get("weak"):
            return evidence or (info["label"] == "PROJECT" and len(rest) >= 5
                                and len(self._rare_part(text, left, left + len(name), starts)) >= 2)
        if info["label"] == "PLACE":
            return len(rest) >= 2
        if info.get("phase"):
            if not evidence and not self._rare_part(text, left, left + len(name), starts):
                return False  # 合同一期, 项目一期: an everyday word and a phase, no name
            return len(rest) >= 2 or evidence
        return len(name) >= 2 and len(rest) >= 1

    def _rare_part(self, text: str, lo: int, hi: int, starts: list[int]) -> str:
        """The segmenter's words in ``text[lo:hi]`` that are not everyday words.

        ``农产品/精深/加工`` leaves nothing: a kind of project, not a name; ``正佳/帽峰湾`` keeps both.
        """
        shapes = self.shapes
        i = bisect.bisect_right(starts, lo)
        bounds = [lo] + starts[i:bisect.bisect_left(starts, hi, i)] + [hi]
        kept = []
        for a, b in zip(bounds, bounds[1:]):
            word = _NUMERALS.sub("", text[a:b])
            if len(word) > 1 and word not in shapes.common and word not in shapes.generic and word not in shapes.stop:
                kept.append(word)
        return "".join(kept)

    def _specific_part(self, name: str) -> str:
        """What is left of a name without generic words and numerals (城中村改造 -> "")."""
        rest = _NUMERALS.sub("", name)
        by_first = self._generic_longest_first
        for _, word in sorted(entry for c in set(rest) for entry in by_first.get(c, ())):
            if word in rest:
                rest = rest.replace(word, "")
        return rest

    def _enumerations(self, text: str, lo: int, hi: int, starts: list[int], listed: list[Candidate],
                      shaped: list[Candidate]) -> list[Candidate]:
        """``A、B、C等重大项目``: every item of the list is an entity of the class's label."""
        out = []
        for rx, label in self.shapes.enumerations:
            for m in rx.finditer(text, lo, hi):
                clause_start = m.start()
                while clause_start > 0 and text[clause_start - 1] not in _CLAUSE_PUNCT - {"、", "（", "）", "(", ")"}:
                    clause_start -= 1
                items = _split_items(text, clause_start, m.start())
                for k, (s, e) in enumerate(items):
                    if k == 0:
                        edge = self._left_edge(text, e, starts) if e > s else None
                        s = max(s, edge) if edge is not None else s
                        while e - s > 4 and text[s:s + 2] in self.shapes.leading:
                            s += 2  # 实施/包白线扩能改造: the segmenter joined the verb to the name
                    item = text[s:e].strip()
                    if not 2 <= len(item) <= self.shapes.max_name + 6 or item in self.shapes.generic \
                            or item in self.shapes.head_words:
                        continue
                    if _ends_with_count(text, s) and len(self._rare_part(text, s, e, starts)) < 2:
                        continue  # 20GW单晶硅棒及10GW切片: what is left after the count is a product
                    if any(c.start < e and s < c.end and (c.level != "water" or not s <= c.start < c.end <= e)
                           for c in shaped):
                        continue  # 12号线(段): the line is found already (a river inside an item is not)
                    inner = [c for c in listed if s <= c.start and c.end <= e]
                    if inner and (label == "PLACE" or sum(c.end - c.start for c in inner) >= e - s - 1):
                        continue  # 贵州黔南州 is two places, not one
                    rest = self._specific_part(item)
                    if len(rest) < 2 or (label == "PROJECT" and item.endswith(self.shapes.kind_endings)
                                         and len(self._rare_part(text, s, e, starts)) < 4):
                        continue  # 中药饮片加工、超微粉深加工等项目: kinds of project
                    strong = any(c.start >= clause_start and c.end <= m.start() and c.label == label for c in shaped)
                    if label == "PROJECT" and not strong and len(self._rare_part(text, s, e, starts)) < 2 \
                            and not self.shapes.phase_re.search(item) and not _LATIN.search(self.shapes.model_codes.sub("", item)):
                        continue  # 农产品精深加工、中药萃取等项目: kinds of project, not names
                    out.append(Candidate(s, e, label, item, level="area" if label == "PLACE" else None, rank=3))
        return out

    # ---------------------------------------------------------------- output
    def _write(self, doc: Doc, chosen: list[Candidate], nested: list[Candidate]) -> None:
        for cand in chosen + nested:  # split tokens first: char_span may retokenize
            if doc.char_span(cand.start, cand.end) is None:  # cheap check; a split costs O(len(doc))
                char_span(doc, cand.start, cand.end)
        ents = [self._span(doc, c) for c in chosen]
        doc.ents = sorted(ents, key=lambda s: s.start)
        doc.spans[self.nested_key] = [self._span(doc, c) for c in nested]

    def _span(self, doc: Doc, cand: Candidate) -> Span:
        span = doc.char_span(cand.start, cand.end, label=cand.label, kb_id=cand.kb_id)
        span._.gz_id = cand.kb_id
        span._.gz_level = cand.level
        span._.gz_code = cand.code
        return span

    # ---------------------------------------------------------------- serialisation
    def to_disk(self, path: str | Path, *, exclude: Sequence[str] = ()) -> None:
        path = ensure_path(path)
        self._ensure_initialized()
        serializers = {
            "patterns.jsonl": lambda p: srsly.write_jsonl(p, self.patterns),
            "divisions.json": lambda p: srsly.write_json(p, [d.__dict__ for d in self.divisions]),
            "shapes.json": lambda p: srsly.write_json(p, self.shapes.data),
            "levels.json": lambda p: srsly.write_json(p, self.levels),
            "towns.json": lambda p: srsly.write_json(p, self.towns.rows),
        }
        util_to_disk(path, serializers, exclude)

    def from_disk(self, path: str | Path, *, exclude: Sequence[str] = ()) -> "EntityFinder":
        path = ensure_path(path)
        deserializers = {
            "patterns.jsonl": lambda p: self._read_saved_patterns(p),
            "divisions.json": lambda p: setattr(self, "divisions", [Division(**d) for d in srsly.read_json(p)]),
            "shapes.json": lambda p: setattr(self, "shapes", Shapes(srsly.read_json(p))),
            "levels.json": lambda p: setattr(self, "levels", srsly.read_json(p)),
            "towns.json": lambda p: setattr(self, "towns", _Towns([tuple(r) for r in srsly.read_json(p)])),
        }
        util_from_disk(path, deserializers, exclude)
        self._index()
        self._initialized = True
        return self

    def _read_saved_patterns(self, path: Path) -> None:
        if not path.exists():  # saved before patterns.jsonl: spaCy's ruler folder
            path = path.parent / "ruler" / "patterns.jsonl"
        self._clear_patterns()
        if path.exists():
            self._add_patterns(srsly.read_jsonl(path))


def _in_quoted_name(text: str, cand: Candidate, places: list[Candidate]) -> bool:
    """“广州奖”, “赢在广州”: a place inside a quoted brand or slogan is part of that name.

    A quote of places only (“深圳—香港—广州”创新集群) still names the places.
    """
    opening = text.rfind("“", max(0, cand.start - 20), cand.start + 1)
    if opening < 0 or "”" in text[opening:cand.start]:
        return False
    closing = text.find("”", cand.end, cand.end + 20)
    if closing < 0 or "“" in text[cand.end:closing]:
        return False
    inner = list(text[opening + 1:closing])
    for other in places:
        if opening < other.start and other.end <= closing:
            for i in range(other.start - opening - 1, other.end - opening - 1):
                inner[i] = ""
    return bool(_HAN.search("".join(inner)))


def _in_title(text: str, start: int, end: int) -> bool:
    """《中国开发区审核公告目录》: a name inside a book or document title is part of the title."""
    opening = text.rfind("《", max(0, start - 40), start + 1)
    if opening < 0 or _TITLE_STOP.search(text, opening, start):
        return False
    closing = _TITLE_STOP.search(text, end, end + 60)
    return bool(closing) and closing.group() == "》"


def _in_brackets_after_name(text: str, start: int, end: int) -> bool:
    """台泥(贵港)入选…: a place in brackets right after a name, the whole the subject of a verb,
    says which branch of an organisation acts; the place is part of its name.

    In a list (新中轴(海珠)、罗冲围等片区) the bracket tells where an area or a project is, and
    the place counts.
    """
    if start < 2 or end + 1 >= len(text) or text[start - 1] not in "(（" or text[end] not in ")）":
        return False
    return bool(_NAME_CHAR.match(text, start - 2)) and bool(_HAN.match(text[end + 1])) \
        and text[end + 1] not in "等和与及、"


def _level_of_file(path: Path) -> Optional[str]:
    """``places_zone.jsonl`` gives its names the level ``zone``; ``places_admin`` levels come from the table."""
    stem = path.stem
    if stem.startswith("places_") and stem != "places_admin":
        return stem[len("places_"):]
    return None


def _extend_abbreviation(text: str, cand: Candidate, abbreviations: frozenset[str]) -> None:
    """穗港澳: a list name made of one-character abbreviations absorbs one more before it."""
    surface = text[cand.start:cand.end]
    if cand.label != "PLACE" or not surface or not all(ch in abbreviations for ch in surface):
        return
    while cand.start > 0 and text[cand.start - 1] in abbreviations and cand.end - cand.start < 5:
        cand.start -= 1
        cand.kb_id = text[cand.start:cand.end]


def _after_places(left: int, head_start: int, place_spans: list[tuple[int, int]]) -> int:
    """The start of a town's own name: after the listed places that open it (华亭市马峡镇)."""
    i = bisect.bisect_left(place_spans, (left, left))
    while i < len(place_spans) and place_spans[i][0] == left and place_spans[i][1] < head_start:
        left = max(p_end for p_start, p_end in place_spans[i:] if p_start == left and p_end < head_start)
        i = bisect.bisect_left(place_spans, (left, left))
    return left


def _words_at(starts: list[int], lo: int, hi: int) -> list[int]:
    """The word starts in ``[lo, hi)``."""
    return starts[bisect.bisect_left(starts, lo):bisect.bisect_left(starts, hi)]


def _ends_with_count(text: str, pos: int) -> bool:
    """True if a count or measure (10GW, 19个, 30万吨级) ends right at ``pos``."""
    return any(m.end() == pos for m in _COUNT.finditer(text, max(0, pos - 12), pos))


def _sentence_bounds(text: str) -> list[int]:
    return [0] + [m.end() for m in _SENTENCE_END.finditer(text)] + [len(text)]


class _Words:
    """Where the segmenter's words start and end, by character offset."""

    def __init__(self, doc: Doc) -> None:
        self.starts, self.end_list = token_offsets(doc)
        self.ends = set(self.end_list)


def _clause(text: str, start: int, end: int) -> str:
    """The clause around ``text[start:end]``, at most ``_CLAUSE_REACH`` characters each side
    (a text without punctuation is one endless clause: the reach keeps the rules linear)."""
    lo = start
    floor = max(0, start - _CLAUSE_REACH)
    while lo > floor and text[lo - 1] not in "，,。；;！？\n":
        lo -= 1
    hi = end
    ceiling = min(len(text), end + _CLAUSE_REACH)
    while hi < ceiling and text[hi] not in "，,。；;！？\n":
        hi += 1
    return text[lo:hi]


def _split_items(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Character ranges of the ``、``-separated items in ``text[start:end]``."""
    items = []
    s = start
    for i in range(start, end):
        if text[i] == "、":
            items.append((s, i))
            s = i + 1
    items.append((s, end))
    return [(a, b) for a, b in items if b > a]


def _resolve_overlaps(cands: list[Candidate]) -> tuple[list[Candidate], list[Candidate]]:
    """Longest first; a name inside a chosen one is nested, a crossing one is dropped."""
    order = sorted(cands, key=lambda c: (-(c.end - c.start), c.rank, c.start))
    chosen: list[Candidate] = []
    nested: list[Candidate] = []
    seen: set[tuple[int, int]] = set()
    owner: dict[int, Candidate] = {}  # character offset -> the chosen name covering it
    for cand in order:
        if (cand.start, cand.end) in seen:
            continue
        seen.add((cand.start, cand.end))
        other = next((owner[i] for i in range(cand.start, cand.end) if i in owner), None)
        if other is not None and other.start <= cand.start and cand.end <= other.end:
            nested.append(cand)
        elif other is None and not cand.nested_only:
            chosen.append(cand)
            owner.update(dict.fromkeys(range(cand.start, cand.end), cand))
    chosen.sort(key=lambda c: c.start)
    nested.sort(key=lambda c: (c.start, c.end))
    return chosen, nested
