"""The metric lexicon and the rule vocabularies that relations are found with, as data.

Both live in ``models/metrics/`` so a researcher can add an indicator or a trigger word
without touching code: ``metrics.jsonl`` holds one indicator per line (canonical name,
aliases, English name, the quantity kinds it is measured in), ``rules.json`` the word lists
the clause rules use (level and change triggers, qualifiers, lead verbs to strip, ...).
Regexes are built here from those lists with :func:`gz_ie.quantity_grammar.alternation`, never by slicing other
regex strings, and contain no nested quantifiers.
"""
from __future__ import annotations

import functools
import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Mapping, Sequence

import regex

from .paths import MODELS_DIR
from .quantity_grammar import alternation

#: compiled once per pattern string: regex.match(str, ...) re-reads its flags on every call
compiled_pattern = functools.lru_cache(maxsize=None)(regex.compile)

METRICS_DIR: Path = MODELS_DIR / "metrics"
LEXICON_FILE: Path = METRICS_DIR / "metrics.jsonl"
RULES_FILE: Path = METRICS_DIR / "rules.json"

QUANTITY_KINDS = frozenset(
    {"amount", "count", "measure", "percent", "multiple", "ratio", "rank", "duration"}
)
# Leading words of a metric that only situate it ("全市地区生产总值" is 地区生产总值).
_LOOKUP_PREFIXES = ("全市", "全省", "全区", "全县", "全社会", "全年", "年末", "我市", "我省")


@dataclass(frozen=True)
class MetricEntry:
    """One indicator of the lexicon: ``地区生产总值`` (id ``gdp``) with its aliases."""

    id: str
    metric: str
    aliases: tuple[str, ...]
    en: str
    unit_kinds: tuple[str, ...]
    category: str

    @property
    def names(self) -> tuple[str, ...]:
        return (self.metric, *self.aliases)


class MetricLexicon:
    """Canonical ids for metric phrases as written.

    A phrase gets an id when it is a name of an entry, possibly after a situating prefix
    such as 全市 or 年末; ``民间工业投资`` gets none rather than the id of 工业投资,
    because a sub-indicator is not its parent.
    """

    def __init__(self, entries: Sequence[MetricEntry]) -> None:
        self.entries = tuple(entries)
        self._by_name: dict[str, MetricEntry] = {}
        for entry in self.entries:
            for name in entry.names:
                self._by_name.setdefault(_normalise(name), entry)

    @classmethod
    def from_file(cls, path: str | os.PathLike = LEXICON_FILE) -> "MetricLexicon":
        return cls.from_rows(read_jsonl(path))

    @classmethod
    def from_rows(cls, rows: Sequence[Mapping]) -> "MetricLexicon":
        problems = validate_lexicon_rows(rows)
        if problems:
            raise ValueError("metric lexicon: " + "; ".join(problems[:5]))
        return cls([_entry(row) for row in rows])

    def lookup(self, phrase: str) -> MetricEntry | None:
        """The entry a metric phrase names, or None.

        Example:
            >>> lexicon.lookup("规上工业增加值").id
            'industrial_va'
        """
        key = _normalise(phrase)
        if key in self._by_name:
            return self._by_name[key]
        for prefix in _LOOKUP_PREFIXES:
            if key.startswith(prefix) and key[len(prefix):] in self._by_name:
                return self._by_name[key[len(prefix):]]
        return None

    def knows(self, name: str) -> bool:
        """Whether ``name`` (no spaces, no situating prefix) is a name of the lexicon; a
        cheap test for candidates built from text (粮食 + 产量)."""
        return name.upper() in self._by_name

    def __len__(self) -> int:
        return len(self.entries)


def _normalise(text: str) -> str:
    return compiled_pattern(r"\s+").sub("", text).upper()


def _entry(row: Mapping) -> MetricEntry:
    return MetricEntry(
        id=row["id"], metric=row["metric"], aliases=tuple(row.get("aliases", ())),
        en=row.get("en", ""), unit_kinds=tuple(row.get("unit_kinds", ())),
        category=row.get("category", ""),
    )


def read_jsonl(path: str | os.PathLike) -> list[dict]:
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def validate_lexicon_rows(rows: Sequence[Mapping]) -> list[str]:
    """Problems in lexicon rows (empty when the file is sound); the lexicon test runs this."""
    problems: list[str] = []
    ids: set[str] = set()
    names: dict[str, str] = {}
    for i, row in enumerate(rows, 1):
        for key, kind in (("id", str), ("metric", str), ("en", str), ("category", str),
                          ("aliases", list), ("unit_kinds", list)):
            if not isinstance(row.get(key), kind):
                problems.append(f"line {i}: field {key!r} missing or not a {kind.__name__}")
        if problems and problems[-1].startswith(f"line {i}:"):
            continue
        if not compiled_pattern(r"[a-z0-9_]+").fullmatch(row["id"]):
            problems.append(f"line {i}: id {row['id']!r} is not snake_case ascii")
        if row["id"] in ids:
            problems.append(f"line {i}: duplicate id {row['id']!r}")
        ids.add(row["id"])
        if not row["unit_kinds"] or set(row["unit_kinds"]) - QUANTITY_KINDS:
            problems.append(f"line {i}: unit_kinds {row['unit_kinds']} not a non-empty subset of {sorted(QUANTITY_KINDS)}")
        for name in [row["metric"], *row["aliases"]]:
            if not isinstance(name, str) or not name.strip():
                problems.append(f"line {i}: empty name")
                continue
            key = _normalise(name)
            if key in names and names[key] != row["id"]:
                problems.append(f"line {i}: name {name!r} also belongs to {names[key]!r}")
            elif key in names:
                problems.append(f"line {i}: name {name!r} listed twice")
            names[key] = row["id"]
        extra = set(row) - {"id", "metric", "aliases", "en", "unit_kinds", "category"}
        if extra:
            problems.append(f"line {i}: unknown fields {sorted(extra)}")
    return problems


# ---------------------------------------------------------------------------------------
# rule vocabularies

_LIST_KEYS = (
    "level_triggers", "change_up", "change_down", "change_verbs_up", "change_verbs_down",
    "rank_triggers", "rank_scopes", "qualifiers", "distributors", "basis_yoy", "basis_annual_avg",
    "lead_time_words", "lead_scope_words", "lead_determiners", "lead_verbs", "generic_metric_words",
    "np_stop_words", "np_trailing_drop", "np_object_verbs", "np_generic_heads", "np_list_suffix_heads",
    "too_generic_metrics", "non_relational_units", "non_relational_kinds", "ordinal_followers",
    "attributive_links", "target_cues", "quote_pairs", "np_trailing_attributes", "rank_noun_triggers",
    "count_generic_words", "rank_idiom_leads", "non_relational_endings", "lead_adverbs", "shared_metric_heads",
    "modifier_endings", "change_percent_only", "non_metric_nouns", "frame_prepositions", "frame_verbs",
    "beneficiary_verbs", "attributive_heads", "metric_prefix_verbs", "comparison_words",
    "inner_level_verbs", "running_total_words", "causative_verbs", "caused_results",
    "list_item_predicates", "owner_zone_endings", "complete_metric_endings",
    "rate_endings", "change_nouns", "np_closing_attributes", "duration_metric_endings",
    "aggregate_endings", "bare_result_verbs", "counters_of_what_follows",
    "volume_metric_endings", "trailing_level_verbs", "policy_nouns", "policy_article_units", "project_heads", "project_attributes", "shared_object_verbs", "growth_predicates",
    "words_ending_in_a_separator",
)
_STR_KEYS = ("sentence_breaks", "list_separators")


@dataclass(frozen=True)
class RuleVocab:
    """The word lists of ``rules.json`` and the regexes built from them."""

    lists: Mapping[str, tuple[str, ...]]
    strings: Mapping[str, str]
    patterns: Mapping[str, "regex.Pattern[str]"] = field(default_factory=dict)

    @classmethod
    def from_file(cls, path: str | os.PathLike = RULES_FILE) -> "RuleVocab":
        with open(path, encoding="utf-8") as f:
            return cls.from_dict(json.load(f))

    @classmethod
    def from_dict(cls, data: Mapping) -> "RuleVocab":
        problems = validate_rules(data)
        if problems:
            raise ValueError("relation rules: " + "; ".join(problems))
        lists = {k: tuple(data[k]) for k in _LIST_KEYS}
        strings = {k: data[k] for k in _STR_KEYS}
        return cls(lists, strings, _compile(lists, strings))

    def __getitem__(self, key: str) -> tuple[str, ...]:
        return self.lists[key]


def validate_rules(data: Mapping) -> list[str]:
    """Problems in a rules.json mapping (empty when sound)."""
    problems = []
    for key in _LIST_KEYS:
        value = data.get(key)
        if not isinstance(value, list) or not all(isinstance(w, str) and w for w in value):
            problems.append(f"{key!r} must be a list of non-empty strings")
    for key in _STR_KEYS:
        if not isinstance(data.get(key), str) or not data.get(key):
            problems.append(f"{key!r} must be a non-empty string")
    extra = set(data) - set(_LIST_KEYS) - set(_STR_KEYS)
    if extra:
        problems.append(f"unknown keys {sorted(extra)}")
    return problems


# Named fragments the patterns are composed from.
_YEAR_DIGITS = r"(?:19|20)\d\d"
_YEAR = _YEAR_DIGITS + "年"
_PLAN = r"“?(?:十[一二三四五六七八九]五|十五五)”?(?:时期|期间|末)?"
_HANZI_NUM = r"[一二三四五六七八九十两]{1,3}"


def _compile(lists: Mapping[str, tuple[str, ...]], strings: Mapping[str, str]) -> dict:
    breaks = regex.escape(strings["sentence_breaks"])
    base_year = rf"(?:{_YEAR}(?:末|底|同期)?|{_PLAN})"  # 比上年 is a yoy basis (basis_yoy)
    vs_year = rf"(?:比|较|相比|对比|与){base_year}(?:相比)?"
    return {
        # "比2020年", "较“十三五”时期": the base of a vs_year change
        "basis_vs_year": regex.compile(rf"{vs_year}$"),
        # 比上年提高0.07岁, 分别提高180元: what stands before a trigger that makes its figure a change
        "compared": regex.compile(
            "(?:" + alternation([*lists["distributors"], *lists["basis_yoy"], *lists["basis_annual_avg"]]) + f"|{vs_year})$"
        ),
        # "是2020年末的" before a multiple
        "basis_multiple": regex.compile(rf"是{base_year}的$"),
        "basis_multiple_yoy": regex.compile(r"是(?:上年|去年)(?:同期)?的$"),
        # "由2020年" before the starting figure of a 由 A 提升到 B statement
        "from_year": regex.compile(rf"(?:由|从)({_YEAR_DIGITS})年(?:末|底)?(?:的)?$"),
        # "从每人每月" before the starting figure of 从 A 提高到 B: A is the level before the change
        "from_level": regex.compile(r"(分别)?(?:由|从)(?:每人每月|每人每年|每月|每年|人均)?$"),
        "basis_yoy": regex.compile(alternation(lists["basis_yoy"]) + "$"),
        "basis_annual_avg": regex.compile(alternation(lists["basis_annual_avg"]) + "$"),
        # "连续3年", "连年", "多年" between a metric and its rank
        "streak": regex.compile(rf"(?:(?:连续)?第?(?:\d+|{_HANZI_NUM})个?(?:年|月|季度)(?:来)?|连年|多年|始终|一直|持续)$"),
        "hard_break": regex.compile(f"[{breaks}\n]"),
        "year_lead": regex.compile(rf"^(?:到|至|在|截至|截止)?({_YEAR_DIGITS})年(?:末|底|全年)?(?!以来|来|以前|前|是)"),
        # 2020年以来, 今年以来, 近三年: time phrases before a metric
        "lead_time_phrase": regex.compile(rf"^(?:(?:到|至|截至|截止)?{_YEAR}(?:以来|来|末|底|全年)?|今年以来|近年来|多年来|近(?:\d+|{_HANZI_NUM})年(?:来)?)[，,]?"),
        "year_to": regex.compile(rf"(?:到|至|截至|截止)({_YEAR_DIGITS})年(?:末|底)?"),
        # （2）, (三), 3., ⑤: a list marker that opens a numbered task, not part of a metric
        "list_marker": regex.compile(rf"^(?:[（(](?:\d{{1,2}}|{_HANZI_NUM})[）)]|\d{{1,2}}[.．、](?!\d)|[①-⑳⑴-⒇⒈-⒛])"),
        # 在“2024自然指数—科研城市”中, 在国家级高新区综合评价中: where a rank was given
        "ranked_in": regex.compile(r"在([^在中，,]{2,30})中$"),
        # 在对美贸易下降超3成的情况下: a circumstance inside a metric, no part of it
        "circumstance": regex.compile(r"在[^在，,]{1,30}?(?:的)?(?:情况|背景|形势|基础)(?:下|上)"),
        "paren_tail": regex.compile(r"^(?:多|余)?(?:[（(][^（）()]{1,6}[）)])?"),
        "paren_end": regex.compile(r"[（(][^（）()]{1,8}[）)]$"),
    }
