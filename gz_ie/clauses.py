"""Sentence rules: attach each quantity of a sentence to the metric it measures.

Chinese policy prose states figures in a few fixed shapes, and the rules follow them:

- metric, then figure: ``地区生产总值3.2万亿元``, ``城镇新增就业超35万人``, with a level trigger
  (达, 突破, 增至, 提升至, 为, ...) or a change trigger (增长, 下降, 涨幅, ...) between them,
  possibly a basis (同比, 年均, 比2020年) and a distributor (分别, 均, 各);
- figure, then metric, for counted things: ``实施291个城市品质提升项目``;
- a rank: ``机场旅客吞吐量超8300万人次、居全球前十``.

A clause with no metric of its own continues the previous one (``…余额18.3万亿元、增长6.4%``
is one statement with a level and a change); ``A、B分别增长5%和6%`` pairs items and figures.
The rules work on characters, with word boundaries from the segmenter as an optional guard,
so they do not depend on how pkuseg happened to cut a metric name.
"""
from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass
from typing import Iterable, Literal, Optional, Sequence

import regex

from .quantity_grammar import alternation
from .relation_vocab import RuleVocab, compiled_pattern as _pattern

#: words that close a figure as a milestone (突破万亿元大关, 迈上4万亿元新台阶)
_MILESTONE_WORDS = ("大关", "关口", "新台阶", "台阶")


Role = Literal["level", "change", "rank"]


@dataclass(frozen=True)
class Figure:
    """A quantity as the rules see it: character offsets (absolute), kind and unit."""

    start: int
    end: int
    kind: Optional[str]
    unit: Optional[str]


@dataclass
class Statement:
    """A relation under construction: a metric and the figures a sentence gives for it."""

    metric: str
    metric_start: int
    metric_end: int
    value: Optional[Figure] = None
    change: Optional[Figure] = None
    sign: int = 1
    basis: Optional[str] = None
    period: Optional[str] = None  # a year stated for this figure ("由2020年第34位")
    year: Optional[int] = None  # a year the clause is about ("到2030年", "2025年,…")
    baseline: bool = False  # the starting level of 从 A 提高到 B: it stands before the period

    @property
    def end(self) -> int:
        ends = [f.end for f in (self.value, self.change) if f is not None]
        return max(ends) if ends else self.metric_end


@dataclass
class _Left:
    """What stands before a figure: the metric text and the words between it and the figure."""

    start: int  # sentence-relative start of ``metric``
    metric: str
    trigger: Optional[str] = None  # "level" | "up" | "down" | "rank"
    distribute: bool = False
    basis: Optional[str] = None
    period: Optional[str] = None
    baseline: bool = False  # the A of 从 A 提高到 B
    running: bool = False  # 累计, 达: the figure is a level reached (…新增711家、累计达2215家)
    suffix: str = ""  # 分别实现产值, 分别占全省的: what each item of the list is measured by


@dataclass
class _Item:
    figure: Figure
    rel: tuple[int, int]  # sentence-relative offsets
    tail_end: int  # relative end of the figure with its tail (多, 以上, (户))
    share_of: str = ""  # 35%的比赛项目: the noun a percentage is a share of


class ClauseRules:
    """The rules, built once from a :class:`RuleVocab`."""

    def __init__(self, vocab: RuleVocab, metric_names: Sequence[str] = ()) -> None:
        """``metric_names``: the lexicon's names, so a figure with no metric of its own can
        find one named in an earlier clause (地区生产总值保持较快增长，增长6.5%)."""
        self.vocab = vocab
        self._known_metric = regex.compile(alternation(metric_names))
        v = vocab
        self._cat: dict[str, str] = {}
        for key, cat in (("qualifiers", "qual"), ("level_triggers", "level"), ("change_up", "up"),
                         ("change_down", "down"), ("distributors", "dist"), ("basis_yoy", "yoy"),
                         ("basis_annual_avg", "annual_avg")):
            for word in v[key]:
                self._cat[word] = cat
        self._rank_cat = dict(self._cat)
        for word in v["rank_triggers"]:
            self._rank_cat[word] = "rank"
        for word in v["rank_scopes"]:
            self._rank_cat[word] = "scope"
        # 的 and the aspect particle 了 (提高了3.5个百分点) join a trigger to its figure
        self._tail_word = regex.compile(alternation([*self._cat, "的", "了"]) + "$")
        self._tail_word_rank = regex.compile(alternation([*self._rank_cat, "的", "了"]) + "$")
        self._compared = vocab.patterns["compared"]  # 比上年提高0.07岁: a change whatever its unit
        self._rank_trigger = regex.compile(alternation(v["rank_triggers"]))
        self._scope_end = regex.compile(alternation(v["rank_scopes"]) + "$")
        # time and scope words are stripped anywhere; verbs only when whole words (建设用地)
        self._lead_free = regex.compile("^" + alternation([*v["lead_time_words"], *v["lead_scope_words"], *v["lead_determiners"]]))
        self._lead_verb = regex.compile("^" + alternation(v["lead_verbs"]))
        # 高标准建设…: an adverb goes only with the verb it modifies (高标准农田 stays)
        self._lead_adverb = regex.compile("^" + alternation(v["lead_adverbs"]) + "(?=" + alternation([*v["lead_verbs"], *v["metric_prefix_verbs"]]) + ")")
        self._comparison = regex.compile(alternation(v["comparison_words"]))
        self._inner_verb = regex.compile(alternation(v["inner_level_verbs"]))
        self._separators = set(vocab.strings["list_separators"]) | set("，,、 \t")
        self._np_stop = regex.compile(alternation(v["np_stop_words"]))
        self._np_drop = regex.compile(alternation(v["np_trailing_drop"]) + "$")
        self._object_verbs = regex.compile(alternation(v["np_object_verbs"]))
        self._generic_start = regex.compile("^" + alternation(v["generic_metric_words"]))
        self._shared_head = regex.compile(alternation(v["shared_metric_heads"]) + "$")
        # 减轻个人负担38%: a change verb before the noun (not 增加值, 提高率: nouns)
        self._change_verb_up = regex.compile("(?>" + alternation(v["change_verbs_up"]) + r")(?![值量额率幅速])")
        self._change_verb_down = regex.compile("(?>" + alternation(v["change_verbs_down"]) + r")(?![值量额率幅速])")
        # 以及 before its 及: 民间投资以及基础设施投资 splits after 民间投资, not after 以
        # 以及, and a separator that does not end a word (普及, 涉及, 惠及 are no lists)
        inside = {w[-1]: [] for w in v["words_ending_in_a_separator"]}
        for w in v["words_ending_in_a_separator"]:
            inside[w[-1]].append(w[:-1])
        separators = vocab.strings["list_separators"]
        self._list_split = regex.compile("以及|" + "|".join(
            (f"(?<!{alternation(inside[c])})" if c in inside else "") + regex.escape(c) for c in dict.fromkeys(separators + "、")))
        # 多, 以上, (户); 突破万亿元大关, 迈上4万亿元新台阶: words that close a figure
        closers = alternation(_MILESTONE_WORDS)
        self._figure_tail = regex.compile(rf"(?:多|余)?(?:以上|以下|左右|之多|上下)?{closers}?(?:[（(][^（）()]{{1,6}}[）)])?")
        # 超百亿元的项目, 亿元以上项目; not 6%以上和7%以上 (a list goes on)
        self._attributive = regex.compile(
            "^(?:多|余)?" + alternation(v["attributive_links"]) + "(?![" + regex.escape(vocab.strings["list_separators"]) + r"或])[\p{Han}A-Z]"
        )
        # 超10亿元或1亿美元项目: an amount that sorts projects, not a figure of a metric
        self._attributive_head = regex.compile(
            "^(?:多|余)?(?:以上|以下)?(?:的)?" + alternation(v["attributive_heads"]) + "|^或"
        )
        self._ordinal_follow = regex.compile("^" + alternation(v["ordinal_followers"]))
        # a trigger opening what follows a figure (not 增加值, 增长率: nouns that start alike)
        self._trigger_start = regex.compile(
            "^(?>" + alternation([*v["level_triggers"], *v["change_up"], *v["change_down"], *v["qualifiers"]])
            + ")(?![值量额率])"
        )
        # a predicate inside an earlier list item: 水质稳定保持Ⅱ类、生态岸线占比保持全省第一
        self._predicate = regex.compile("(?>" + alternation(
            w for w in (*v["level_triggers"], *v["change_up"], *v["change_down"], *v["rank_triggers"], *v["list_item_predicates"])
            if len(w) >= 2 and w not in v["metric_prefix_verbs"]
        ) + ")(?![值量额率幅速])")
        self._rank_rest_cat = {w: c for w, c in self._cat.items() if c in ("qual", "dist")}
        self._policy_noun = regex.compile(alternation(v["policy_nouns"]))
        self._trailing_level_verb = regex.compile(alternation(v["trailing_level_verbs"]) + "$")
        self._trailing_level_words = tuple(v["trailing_level_verbs"])
        self._beneficiary_endings = tuple(w for w in v["beneficiary_verbs"] if w != "服务")  # 政务服务 is a noun
        self._project_head_endings = tuple(v["project_heads"])
        self._inner_level_known = regex.compile(r"(\p{Han}{2,6}?)(?:实现|完成)(" + alternation(
            [*metric_names, *(w for w in (*v["shared_metric_heads"], *v["aggregate_endings"]) if len(w) >= 2 and w != "投资")]) + ")")
        self._growth_clause = regex.compile(r"([\p{Han}“”]{2,16}?)(?:" + alternation([*v["qualifiers"], "全年", "继续"]) + r")?" + alternation(v["growth_predicates"]))
        self._qualifier_words = frozenset(v["qualifiers"]) - frozenset(v["level_triggers"]) - frozenset(v["change_up"]) - frozenset(v["change_down"])
        self._numeral_start = regex.compile(r"[\d.一二三四五六七八九十两百千万亿]")
        self._project_spend = regex.compile(r"(?:年度)?投资(?:额)?")
        self._rate_subject = regex.compile(r"(?:项目|企业)\p{Han}*?" + alternation(v["rate_endings"]) + "(?:、|$)")
        self._new_verb_end = regex.compile("新" + alternation(
            [w[1:] if w.startswith("新") else w for w in v["lead_verbs"]]) + "$")
        self._policy_count = regex.compile(r"(?:\d+|[一二三四五六七八九十]{1,3})" + alternation(v["policy_article_units"]))
        self._object_verb_shared = regex.compile(alternation(v["shared_object_verbs"]))
        # 300万吨焦化联产项目, 年产10万吨锂电池负极材料等项目: a capacity before a project's name
        self._project_attribute = regex.compile(
            r"(?:多|余)?(?:[^，,。；;：:、的]{1,16}?|[^，,。；;：:的]{1,40}?等[^，,。；;：:、的]{0,8}?)" + alternation(v["project_heads"]))
        # what may stand right before a counted figure: a verb, trigger, qualifier, 等, 的
        self._verb_end = regex.compile(alternation([
            *v["lead_verbs"], *v["metric_prefix_verbs"], *v["level_triggers"], *v["qualifiers"],
            *v["change_up"], *v["change_down"], *v["distributors"], *v["beneficiary_verbs"],
            "等", "的", "了", "对", "和", "及", "与", "各", "共"]) + "$")
        self._tail_word_rank_rest = regex.compile(alternation([*self._rank_rest_cat, "的", "了"]) + "$")
        self._p = vocab.patterns
        # 35%的比赛项目, at the end of a clause: the percentage is a share of that noun
        self._zone_end = regex.compile("^[^、，,和及与的]+" + alternation(v["owner_zone_endings"]) + "$")
        self._field_then_verb = regex.compile(
            alternation(v["non_metric_nouns"]) + alternation([*v["frame_verbs"], *v["lead_verbs"]]))
        self._noun_next = regex.compile(
            r"(?!" + alternation([*v["level_triggers"], *v["change_up"], *v["change_down"], *v["qualifiers"], *_MILESTONE_WORDS])
            + r")[\p{Han}“]")
        self._trailing_attribute = regex.compile(alternation(v["np_trailing_attributes"]) + "$")
        self._closing_attribute = regex.compile(alternation(v["np_closing_attributes"]) + "$")
        self._threshold = regex.compile(r"(?:超过|超|逾|高于|低于|不足)$")
        self._share_of = regex.compile(r"的(\p{Han}{2,8})(?=[" + regex.escape(vocab.strings["sentence_breaks"]) + "]|$)")
        # 三条, 十件, 二十项: a count in words under a hundred (statistics are written in digits)
        self._small_hanzi_count = regex.compile(r"[一二三四五六七八九十两]{1,3}(?![一二三四五六七八九十两百千万亿\d])")
        self._trigger_end = regex.compile(
            alternation([*v["level_triggers"], *v["qualifiers"], *v["change_up"], *v["change_down"]]) + "$")
        self._causative = regex.compile(alternation(v["causative_verbs"]) + "$")
        self._prefix_verb = regex.compile("^" + alternation(v["metric_prefix_verbs"]))
        self._inner_basis = regex.compile(alternation(v["basis_annual_avg"]))
        self._age_modifier = regex.compile(r"(?:及)?(?:以上|以下)?(?:的)?" + self._noun_next.pattern)
        self._compared_set_before = regex.compile("(?:在|于)" + alternation(v["rank_scopes"]) + "?$")
        self._compared_set_after = regex.compile(r"\p{Han}{1,10}?(?:之中|当中|中)")
        self._compared_set_phrase = regex.compile(r"(?:在|于)[^，,、；;\d]{0,8}\d{1,4}个[^，,、；;]{1,10}?(?:之中|当中|中)$")
        self._threshold_then_count = regex.compile(r"(?:多|余)?及?(?:以上|以下)[\d一二三四五六七八九十两]")
        # 10亿元以上 standing alone as a metric: a sub-class of the metric before (其中10亿元以上56个)
        self._threshold_only = regex.compile(r"[\d.]*[十百千万亿]*(?:美元|元|吨|千瓦|平方米|亩)及?(?:以上|以下)")
        self._threshold_lead = regex.compile(r"^[\d.]*[十百千万亿]*(?:美元|元|吨|千瓦|平方米|亩)及?(?:以上|以下)的?")
        self._dist_aggregate = regex.compile(r"(?:分别|各)(?:实现|完成)(\p{Han}{2,6})$")
        self._dist_share = regex.compile(r"(?:分别|各)占(\p{Han}{1,8}?)的?(?:比重|比例)?$")
        self._circle_name = regex.compile(r"\p{Han}{0,6}?圈")
        self._contest = regex.compile(r"\p{Han}{0,8}?(?:参加|参与|参赛)(\p{Han}{2,14}?)(?:获得|获)(\p{Han}{2,8}(?:、\p{Han}{2,8})*)$")
        self._coverage = regex.compile(r"(\p{Han}{1,6}?)(?:全覆盖|全部覆盖)")
        # 优良天数233天, 审批时间缩短17天: a duration is the figure of a metric that counts time
        self._duration_metric = regex.compile(
            alternation(v["duration_metric_endings"]) + "(?:" + alternation([
                *v["level_triggers"], *v["change_up"], *v["change_down"], *v["qualifiers"],
                *v["basis_yoy"], *v["basis_annual_avg"], *v["distributors"], "了", "平均"]) + "){0,3}$")
        self._volume_metric = regex.compile(
            alternation(v["volume_metric_endings"]) + "(?:" + alternation([
                *v["level_triggers"], *v["change_up"], *v["change_down"], *v["qualifiers"],
                *v["basis_yoy"], *v["distributors"], "了"]) + "){0,3}$")
        self._continued = regex.compile("[、，,](?:" + alternation([
            *v["level_triggers"], *v["change_up"], *v["change_down"], *v["qualifiers"],
            *v["basis_yoy"], *v["distributors"], "了"]) + "){1,3}$")
        self._activity_verb = regex.compile(alternation([*v["lead_verbs"], *v["beneficiary_verbs"], *v["frame_verbs"], *v["metric_prefix_verbs"]]))

    # ------------------------------------------------------------------------------
    def find(
        self,
        text: str,
        figures: Sequence[Figure],
        offset: int = 0,
        boundaries: Optional[Iterable[int]] = None,
    ) -> list[Statement]:
        """The statements of one sentence.

        Args:
            text: the sentence text.
            figures: its quantities, with offsets into the document (``offset`` is where
                ``text`` starts).
            offset: the document offset of ``text[0]``.
            boundaries: document offsets where words start or end, if a segmenter ran;
                words are then stripped from a metric only when they are whole words.

        Example:
            >>> rules.find("全年地区生产总值3.2万亿元、同比增长4%。", figures)[0].metric
            '地区生产总值'
        """
        bounds = None if boundaries is None else {b - offset for b in boundaries}
        quoted = _quoted_mask(text, self.vocab["quote_pairs"])
        items: list[_Item] = []
        for f in sorted(figures, key=lambda f: f.start):
            s, e = f.start - offset, f.end - offset
            if s < 0 or e > len(text) or s >= e:
                continue
            tail = self._figure_tail.match(text, e)
            end = tail.end() if tail else e
            share = None
            if f.kind == "percent" and not quoted[s] and not self._threshold.search(text, max(0, s - 2), s) and "以" not in text[e:end]:
                share = self._share_of.match(text, end)  # not 投资超10%的项目: a threshold sorts them
            if share is not None:  # 承办全运会近40%、残特奥会35%的比赛项目
                items.append(_Item(f, (s, e), share.end(1), share.group(1)))
                continue
            if self._skip(text, f, s, e, quoted, items[-1] if items else None):
                continue
            items.append(_Item(f, (s, e), end))
        return _Sentence(self, text, offset, items, bounds).run()

    def _skip(self, text: str, f: Figure, s: int, e: int, quoted: list[bool], prev_item: Optional["_Item"] = None) -> bool:
        """Figures that measure no metric: durations, ordinals, names in quotes, modifiers."""
        v = self.vocab
        if f.kind in v["non_relational_kinds"] and not (
            f.kind == "duration" and (self._duration_metric.search(text, max(0, s - _LOOK), s) or (
                prev_item is not None and prev_item.figure.kind == "duration" and self._continued.search(text, max(0, s - _LOOK), s)))
        ):  # 优良天数达到323天、增加20天: the second continues the first
            return True
        if f.kind != "rank" and f.unit in v["non_relational_units"] and not self._volume_metric.search(text, max(0, s - _LOOK), s):
            return True  # not 总点击量超610亿次, 召开会议次数12次: a volume counted in 次
        if quoted[s]:
            return True
        after = text[e:e + _LOOK]
        if f.kind == "measure" and self._project_attribute.match(text, e, min(len(text), e + 2 * _LOOK)) and not (
                prev_item is not None and prev_item.figure.kind == "count"
                and not _pattern(r"[，,、；;和及与]").search(text, prev_item.tail_end, s)):
            # 建成100万千瓦海上风电项目: the capacity describes one project (not 47个老旧小区154万
            # 平方米改造项目: the area of the districts counted before)
            return True
        if f.unit in v["policy_article_units"] and self._policy_name(text, s, after):
            return True  # 稳经济38条措施, 国务院33条: the articles of one policy, named by them
        if f.kind == "rank":
            # 第三个…城市, 第一方阵 are ordinals; 摆在首位 is an idiom
            return bool(self._ordinal_follow.match(after)) or text[max(0, s - _LOOK):s].endswith(tuple(v["rank_idiom_leads"]))
        if f.unit is None and text[s:e].endswith(tuple(v["non_relational_endings"])):
            return True  # 四大重点片区, 八大行动: a slogan's count
        if f.kind == "count" and self._small_hanzi_count.match(text, s, e) and not self._trigger_end.search(text, max(0, s - _LOOK), s):
            return True  # 三篇文章, 十件民生实事, 两个市场: a slogan's count, not a statistic
        if f.kind in ("amount", "measure", "percent", "multiple") and (
            self._attributive.match(after) or self._attributive_head.match(after)
        ):
            return True  # 投资超百亿元的项目, 亿元以上项目, 20万吨级航道, 1亿美元项目
        if f.kind == "count" and self._compared_set_before.search(text, max(0, s - _LOOK), s) and self._compared_set_after.match(after):
            return True  # 在全国168个重点城市中排第21位: the size of the field ranked in
        if f.kind in ("amount", "measure") and self._threshold_then_count.match(after):
            return True  # 其中10亿元以上56个: the amount sorts the projects counted next
        if f.kind in ("measure", "duration") and self._circle_name.match(after):
            return True  # 农村5公里文化圈, 1小时经济圈: the radius names a circle
        if f.unit == "岁" and self._age_modifier.match(after):
            return True  # 0—6岁儿童, 65岁以上老年人: an age that names a group of people
        if f.kind == "count" and _pattern(r"(?:多|余)?(?:以上|以下)\p{Han}").match(after) and not (
            f.unit in v["counters_of_what_follows"]
            and not _pattern(r"(?:多|余)?(?:以上|以下)的?[^，,。；;]{0,10}?[\d一二三四五六七八九十两]").match(after)
        ):
            return True  # 3000头以上奶牛养殖场 (not 培育5个以上龙头企业: five firms or more)
        if f.kind == "amount" and self._threshold.search(text, max(0, s - 2), s) and self._noun_next.match(after):
            return True  # 产值超百亿元工业企业, 新增超百亿元集群: a threshold that sorts what follows
        if f.kind == "count" and after.startswith(("的", "以上的")) and self._threshold.search(text, max(0, s - 2), s) and _pattern(r"(?:以上)?的\p{Han}").match(after):
            return True  # 吞吐量超千万人次的机场: a threshold that sorts the airports
        return False

    def _policy_name(self, text: str, s: int, after: str) -> bool:
        """Whether a count of articles is part of a policy's name: a topic word right before
        it (稳经济38条措施, 房地产12条新政, 国务院33条、自治区40条稳大盘政策), not a verb
        (出台25条措施, 推进199项改革措施: counts of measures) nor a list mark."""
        before = text[max(0, s - _LOOK):s]
        if not before or not _pattern(r"\p{Han}").match(before[-1]) or self._verb_end.search(before):
            return False
        clause = _pattern(r"[^，,。；;：:！？]*").match(after).group()
        # 国务院33条、自治区40条稳大盘政策, 稳经济41条、促进…等政策措施: the list of names
        # ends in the noun; an item that is no such name ends the search
        for k, seg in enumerate(clause.split("、")):
            if self._policy_noun.search(seg):
                return True
            if seg and (k == 0 or not self._policy_count.search(seg)):
                return False
        return False

    # pieces the sentence walker uses ---------------------------------------------------
    def strip_left(self, metric: str, start: int, bounds: Optional[set[int]], scopes: bool = True) -> tuple[str, int]:
        """Drop leading separators, time and scope words and action verbs (建成, 实施, 力争…)."""
        stripped, new_start = self._strip_left(metric, start, bounds, scopes)
        if stripped[:2] in ("项目", "企业") and self._rate_subject.match(stripped):
            m = self._new_verb_end.search(metric, 0, new_start - start)
            if m:  # 新签约项目开工率: the projects newly signed are the subject of the rate
                return metric[m.start():], start + m.start()
        return stripped, new_start

    def _strip_left(self, metric: str, start: int, bounds: Optional[set[int]], scopes: bool) -> tuple[str, int]:
        for _ in range(12):
            before = metric
            while metric and metric[0] in self._separators:
                metric, start = metric[1:], start + 1
            m = self._p["list_marker"].match(metric)
            if m:
                metric, start = metric[m.end():], start + m.end()
            m = self._lead_free.match(metric) if scopes else None
            if m and (m.end() > 1 or bounds is None or start + 1 in bounds):  # 共建 is no 共
                metric, start = metric[m.end():], start + m.end()
            m = self._p["lead_time_phrase"].match(metric)
            if m and m.end() > 0:
                metric, start = metric[m.end():], start + m.end()
            m = self._lead_adverb.match(metric)
            if m:
                metric, start = metric[m.end():], start + m.end()
            m = self._lead_verb.match(metric)
            de = metric.find("的", m.end()) if m else -1
            if de >= 0 and not _pattern(r"\d").search(metric[m.end():de]):
                m = None  # 开设托班的幼儿园占比: the verb is inside a relative clause (not 实施总投资3亿元的项目)
            if m and (bounds is None or start + m.end() in bounds):
                metric, start = metric[m.end():], start + m.end()
            if metric == before:
                break
        return metric, start

    def parse_left(self, text: str, lo: int, hi: int, rank: bool, bounds: Optional[set[int]], kind: Optional[str] = None) -> _Left:
        """Split ``text[lo:hi]`` into the metric and the trigger words before the figure."""
        window = text[lo:hi]
        left = _Left(start=lo, metric=window)
        cats, tail_word = self._cat, self._tail_word
        if rank:
            m = self._p["from_year"].search(window)
            if m:  # GaWC排名由2020年第34位
                left.period = m.group(1)
                window = window[: m.start()]
            cut = self._last_rank_trigger(window)
            if cut is not None and window[cut:] in self.vocab["rank_noun_triggers"]:
                # 排名 right before the rank names the metric (GaWC排名第22位)
                left.trigger = "rank"
                cats, tail_word = self._rank_rest_cat, self._tail_word_rank_rest
            elif cut is not None:
                # what stands before 居/位列/排名 is the metric itself (自然指数排名升至第六位)
                window = window[:cut]
                m = self._compared_set_phrase.search(window)
                if m:  # 空气质量在全国168个重点城市中排第21位: the field ranked in is no metric
                    window = window[: m.start()]
                left.trigger = "rank"
                cats, tail_word = self._rank_rest_cat, self._tail_word_rank_rest
            else:
                window = self._strip_scope(window)
                cats, tail_word = self._rank_cat, self._tail_word_rank
        p = self._p
        if not rank:
            m = self._dist_aggregate.search(window)
            if m and m.group(1).endswith(tuple(self.vocab["aggregate_endings"])):
                left.suffix, left.distribute, left.trigger = m.group(1), True, "level"
                window = window[: m.start()]  # A、B、C分别实现产值X、Y、Z: A产值, B产值, C产值
            elif kind == "percent":
                m = self._dist_share.search(window)
                if m:  # A、B分别占全省的X%、Y%: A占全省比重, B占全省比重
                    left.suffix, left.distribute, left.trigger = "占" + m.group(1) + "比重", True, "level"
                    window = window[: m.start()]
        for _ in range(10):
            m = p["from_year"].search(window)
            if m:
                left.period = m.group(1)
                window = window[: m.start()]
                continue
            m = p["from_level"].search(window)
            if m and m.start() > 0 and left.trigger is None and not left.baseline:
                left.baseline = True
                left.distribute = left.distribute or bool(m.group(1))
                window = window[: m.start()]
                continue
            m = p["basis_multiple"].search(window) or p["basis_vs_year"].search(window)
            if m:
                left.basis = left.basis or "vs_year"
                window = window[: m.start()]
                continue
            m = p["basis_multiple_yoy"].search(window)
            if m:  # 是去年的2倍
                left.basis = left.basis or "yoy"
                window = window[: m.start()]
                continue
            m = p["streak"].search(window)
            if m:
                window = window[: m.start()]
                continue
            m = tail_word.search(window)
            if not m:
                break
            word = m.group()
            if word == "均" and window[m.start() - 1:m.start()] == "平":
                window = window[: m.start() - 1]  # 办理时限平均压减50%: 平均 is an adverb, not 均
                continue
            cat = cats.get(word, "de")
            if rank and word in self.vocab["change_nouns"]:
                break  # 社会消费品零售总额增速全省第2: the growth rate is what is ranked
            if left.trigger == "level" and cat == "up" and word in self.vocab["change_nouns"] and kind == "percent":
                left.trigger = "up"  # 增加值增速攀升至7%: a growth of 7%, as 涨幅2% is
            if cat in ("up", "down") and word in self.vocab["change_percent_only"] and kind not in ("percent", "multiple", "amount", "places") and not (
                self._compared.search(window, 0, m.start())
            ):
                break  # 林分优化提升200万亩: 提升 names the task, it is no change (提高30元 is one)
            if cat == "dist":
                left.distribute = True
            elif cat == "qual" and word in self.vocab["running_total_words"]:
                left.running = True
            elif cat in ("yoy", "annual_avg"):
                left.basis = left.basis or cat
            elif cat in ("level", "up", "down", "rank") and left.trigger is None:
                left.trigger = cat
            window = window[: m.start()]
        left.metric = window
        return left

    def _last_rank_trigger(self, window: str) -> Optional[int]:
        """Where the last rank verb (居, 位列, 排名…) starts; what follows it is the scope."""
        last = None
        for m in self._rank_trigger.finditer(window):
            word, nxt = m.group(), window[m.end(): m.end() + 1]
            if len(word) == 1 and nxt and nxt in _COMPOUND_FOLLOWERS.get(word, ""):
                continue  # 居民, 排放, 列入: not a rank verb
            last = m.start()
        return last

    def _strip_scope(self, window: str) -> str:
        for _ in range(3):
            m = self._scope_end.search(window) or self._p["streak"].search(window)
            if not m:
                break
            window = window[: m.start()]
        return window

    def noun_after(
        self, text: str, pos: int, stop: int, bounds: Optional[set[int]], caused: bool = False,
    ) -> tuple[str, int, int, Optional[str]]:
        """The noun phrase a count introduces (``291个城市品质提升项目``).

        Returns the phrase, its relative start and end, and the head after 等 if the phrase
        closes a list (``4个国铁、7个城际、8个地铁等续建项目``), so the list can share it.
        """
        segment = text[pos:min(stop, pos + _NOUN_MAX)]
        listed = _pattern(r"[^、，,。；;]{1,8}(?:、[^、，,。；;]{1,8})+等").match(segment)
        if listed:
            # 20000名视力、听力、肢体等残疾儿童: the count is of the class after 等
            segment, pos = segment[listed.end():], pos + listed.end()
        m = _pattern("、").search(segment)
        if m and not self._joined_modifiers(segment, m.start()):
            segment = segment[: m.start()]
        if stop < len(text) and segment and segment[-1] in self.vocab.strings["list_separators"]:
            segment = segment[:-1]  # 52个专项借款项目和109个…
        paren = _pattern(r"[（(][^（）()]{1,6}[）)]").match(segment)
        start = pos
        if paren:
            segment, start = segment[paren.end():], pos + paren.end()
        opener = self._trigger_start.match(segment)
        if opener and len(opener.group()) == 1 and bounds is not None and start + 1 not in bounds:
            opener = None  # 共建重大项目: 共 inside a word
        if opener and opener.group() in self._qualifier_words and not self._numeral_start.match(segment, opener.end()):
            opener = None  # 616.2万名近亲属: a qualifier stands before a figure, 近 here opens a noun
        if not segment or not _pattern(r"[\p{Han}A-Za-z“\"‘《]").match(segment) or opener or segment[0] in "和及":
            return "", start, start, None  # 惠及企业7700多户和职工8万人: 和 opens the next item
        de = segment.rfind("的")
        scan_from = de + 1 if de >= 0 else 0
        stop_m = self._np_stop.search(segment, scan_from)
        while stop_m and (len(stop_m.group()) == 1 and bounds is not None and not (
            pos + stop_m.start() in bounds and pos + stop_m.end() in bounds
        ) or caused and stop_m.start() > 0 and stop_m.group() in self.vocab["caused_results"]
                or segment[stop_m.start() - 1: stop_m.start()] == "可" and stop_m.group() == "持续"):
            # 直达航线: 达 inside a word stops nothing; 推动N家企业完成…: the result is named;
            # 农业可持续发展模式: 持续 inside 可持续
            stop_m = self._np_stop.search(segment, stop_m.end())
        if stop_m and stop_m.start() == 0:
            return "", start, start, None
        phrase = segment[: stop_m.start()] if stop_m else segment
        if phrase.endswith("的") or _pattern(r"“[^”]{1,12}”的").match(phrase):
            return "", start, start, _SKIP  # 32个国家（地区）的113个展园: the count modifies
        # 150个老旧社区品质全面提升, 提升26个历史文化街区品质: the count is of the districts
        attr = self._trailing_attribute.search(phrase) if stop_m else self._closing_attribute.search(phrase)
        if attr and attr.start() >= 2:
            phrase = phrase[: attr.start()]
        if stop_m and self._object_verbs.fullmatch(stop_m.group()) and phrase in self.vocab["np_generic_heads"]:
            # 20个项目入选国家重点专项: what is counted is the list they joined
            obj_start = stop_m.end()
            obj = self._drop_tail(segment[obj_start:])
            if len(obj) >= 2:
                obj_end = start + obj_start + len(obj)
                if obj.endswith(tuple(self.vocab["np_list_suffix_heads"])):
                    obj = obj + phrase
                return obj, start + obj_start, obj_end, None
        phrase = self._drop_tail(phrase).rstrip("等和及与")
        end = start + len(phrase)  # where the phrase ends in the text, before 等 is taken out
        head = None
        if "等" in phrase:
            before, _, after = phrase.partition("等")
            if len(after) >= 2:
                head, phrase = after, before + after
        if phrase.startswith(tuple(self.vocab["non_metric_nouns"])):
            return "", start, start, _SKIP  # 以下14个方面的工作: a count of topics
        if phrase in self.vocab["too_generic_metrics"] or len(phrase) < 2:
            return "", start, start, None
        return phrase, start, end, head

    def _joined_modifiers(self, segment: str, mark: int) -> bool:
        """``20个国考、省考断面水质全面优良``: a modifier of two characters joined by 、 to the
        counted noun is part of it when a predicate (全面, 稳定…) closes the phrase;
        ``4个团队、2名个人`` and ``30万吨铝制品、云浩海25万吨…`` are items of a list."""
        if not 1 <= mark <= 2:
            return False
        stop = self._np_stop.search(segment, mark + 1)
        if stop is None or stop.start() < mark + 3 or "、" in segment[mark + 1: stop.start()]:
            return False
        rest = segment[mark + 1: stop.start()]
        return bool(_pattern(r"\p{Han}{2,8}").fullmatch(rest)) and not (
            self._trigger_start.match(rest) or self._lead_verb.match(rest) or self._activity_verb.match(rest))

    def _drop_tail(self, phrase: str) -> str:
        for _ in range(3):
            before = phrase
            m = self._np_drop.search(phrase)
            if m and m.start() > 0:
                phrase = phrase[: m.start()]
            m = self._p["paren_end"].search(phrase)
            if m and m.start() > 0:
                phrase = phrase[: m.start()]
            if phrase == before:
                break
        return phrase

    def split_items(self, metric: str, start: int, wanted: int = 0) -> list[tuple[str, int]]:
        """``A、B和C`` as ``[(A, start_a), (B, start_b), (C, start_c)]``.

        With ``wanted`` figures to pair, a split at 、 alone is preferred when it gives that
        many items: in ``信息传输、租赁和商务服务业增加值`` the 和 is inside a name.
        """
        if wanted > 1 and metric.count("、") + 1 == wanted:
            pattern = regex.compile("、")
        else:
            pattern = self._list_split
        items, pos = [], 0
        for m in pattern.finditer(metric):
            items.append((metric[pos:m.start()], start + pos))
            pos = m.end()
        items.append((metric[pos:], start + pos))
        return [(t, s) for t, s in items if t]

    def share_affixes(self, items: list[tuple[str, int]], bounds: Optional[set[int]]) -> list[tuple[str, int]]:
        """Give list items the part they share: ``天河、琶洲CBD竞争力`` -> 天河CBD竞争力, 琶洲CBD竞争力;
        ``产业园和龙头企业数量`` -> 产业园数量, 龙头企业数量."""
        if len(items) < 2:
            return items
        texts = [t for t, _ in items]
        last, last_start = items[-1]
        first_len = max(len(t) for t in texts[:-1])
        complete = tuple(self.vocab["complete_metric_endings"])
        if first_len <= 3 and len(last) >= first_len + 3 and not any(t.endswith(complete) for t in texts[:-1]):
            cut = first_len
            if bounds is not None:  # move to a word boundary: 普惠性|幼儿园
                inner = sorted(b - last_start for b in bounds if first_len <= b - last_start <= 4)
                cut = inner[0] if inner else first_len
            while cut < 4 and last[cut] in _MODIFIER_ENDINGS:
                cut += 1  # 普惠性幼儿园: the modifier is 普惠性
            suffix = last[cut:]
            return [(t + suffix, s) for t, s in items[:-1]] + [items[-1]]
        parallel = _parallel_suffix(texts[0], last)
        if parallel and self._shared_head.search(parallel) and all(not t.endswith(parallel) for t in texts[:-1]):
            # 城镇居民和农村居民人均可支配收入: the first item ends as the last one's subject
            # does (居民), and what follows that subject is shared (人均可支配收入)
            return [(t + parallel, s) for t, s in items[:-1]] + [items[-1]]
        m = self._shared_head.search(last)
        complete = tuple(self.vocab["complete_metric_endings"])  # 接待旅游人次和旅游总收入: no head to share
        if m and m.start() > 0 and not any(self._shared_head.search(t) or t.endswith(complete) for t in texts[:-1]):
            suffix = last[m.start():]
            return [(t + suffix, s) for t, s in items[:-1]] + [items[-1]]
        return items

    def prefix_verb(self, metric: str) -> int:
        """The length of a leading 新增/新建 that leaves a name of two characters or more."""
        m = self._prefix_verb.match(metric)
        return m.end() if m and len(metric) - m.end() >= 2 else 0

    def cut_inner_basis(self, metric: str, start: int, left: _Left) -> tuple[str, int]:
        """``社工站年均服务困难群众``: what stands before 年均 is the subject; the figure is a
        yearly average of what follows."""
        m = None
        for m in self._inner_basis.finditer(metric):
            pass
        if m is None or m.start() < 2 or len(metric) - m.end() < 2 or not self._activity_verb.match(metric, m.end()):
            return metric, start  # PM2.5年均浓度: 年均 before a noun is part of the name
        left.basis = left.basis or "annual_avg"
        return metric[m.end():], start + m.end()

    def drop_inner_verbs(self, phrase: str) -> str:
        """``年度实现投资`` -> 年度投资: the level verbs inside a counted noun's predicate."""
        return self._inner_verb.sub("", phrase)

    def cut_frame(self, metric: str, start: int) -> tuple[str, int]:
        """``为全省养老护理员开展职业技能培训``: in a 为/对… frame the metric follows its verb."""
        if not metric.startswith(tuple(self.vocab["frame_prepositions"])):
            return metric, start
        last = None
        for m in _pattern(alternation(self.vocab["frame_verbs"])).finditer(metric):
            last = m
        if last is None or len(metric) - last.end() < 2:
            return metric, start
        return metric[last.end():], start + last.end()

    def change_verb(self, metric: str) -> tuple[int, int]:
        """Sign of a change verb before the metric's noun (``减轻个人负担38%``) and where the
        noun starts, else (0, 0)."""
        found = (0, 0)
        for sign, pattern in ((-1, self._change_verb_down), (1, self._change_verb_up)):
            for m in pattern.finditer(metric):
                if len(metric) - m.end() >= 2 and m.end() > found[1]:
                    found = (sign, m.end())
        return found

    def is_generic(self, metric: str) -> bool:
        return bool(self._generic_start.match(metric)) and len(metric) <= 6 or metric.startswith("占")


_METRIC_MAX = 60  # the longest stretch before a figure read as its metric
_NOUN_MAX = 40  # the longest stretch after a count read as what it counts
_LOOK = 24  # characters looked at around a figure to judge it (bounded: one huge sentence stays linear)
_RANK_SCOPE_MAX = 30  # characters between a rank verb and the rank: 居全国261个地级市第四位
_SKIP = "\x00skip"  # noun_after's answer for a figure that measures nothing
_MODIFIER_ENDINGS = "性型级类式化"
_COMPOUND_FOLLOWERS = {"居": "民住家室", "排": "放查污水除", "列": "入车表席", "进": "口出行", "保": "障险护"}


def _parallel_suffix(first: str, last: str) -> str:
    """What the last item of a list adds after a subject parallel to the first item:
    ``城镇居民`` / ``农村居民人均可支配收入`` -> ``人均可支配收入``; ``规上工业企业`` /
    ``高新技术企业数量`` -> ``数量`` (the caller shares it only when it ends in a shared head
    such as 收入 or 数量: in 困难残疾人生活补贴、重度残疾人护理补贴标准 the 标准 is the last
    item's own). Empty when the last item does not repeat the first's
    ending of two characters, or adds less than two characters after it."""
    if len(first) < 3 or len(last) < 5:
        return ""
    end = first[-2:]
    k = last.rfind(end, 1)  # 工业投资占固定资产投资、技改投资占工业投资比重: the last 投资 is the parallel one
    if k < 1 or len(last) - (k + 2) < 2 or first.endswith(last):
        return ""
    suffix = last[k + 2:]
    return suffix if _pattern(r"[\p{Han}\dA-Za-z]{2,}").fullmatch(suffix) else ""


def _quoted_mask(text: str, pairs: Sequence[str]) -> list[bool]:
    """For each character, whether it lies inside quotes or book-title marks."""
    mask = [False] * (len(text) + 1)
    opens = {p[0]: p[1] for p in pairs if len(p) == 2 and p[0] != p[1]}
    depth_close: list[str] = []
    for i, ch in enumerate(text):
        if depth_close and ch == depth_close[-1]:
            depth_close.pop()
            continue
        if ch in opens:
            depth_close.append(opens[ch])
            continue
        mask[i] = bool(depth_close)
    return mask


class _Sentence:
    """One walk over a sentence's figures, left to right."""

    def __init__(self, rules: ClauseRules, text: str, offset: int, items: list[_Item], bounds: Optional[set[int]]):
        self.r = rules
        self.text = text
        self.offset = offset
        self.items = items
        self.bounds = bounds
        self.out: list[Statement] = []
        self.breaks = [m.start() for m in rules._p["hard_break"].finditer(text)]
        self.year = _sentence_year(rules, text)

    def _clause_start(self, pos: int) -> int:
        k = bisect_left(self.breaks, pos)
        return self.breaks[k - 1] + 1 if k > 0 else 0

    def _next_stop(self, pos: int, after_index: int) -> int:
        k = bisect_left(self.breaks, pos)
        stop = self.breaks[k] if k < len(self.breaks) else len(self.text)
        if after_index + 1 < len(self.items):
            stop = min(stop, self.items[after_index + 1].rel[0])
        return stop

    def run(self) -> list[Statement]:
        prev_end = 0
        after_noun = False
        i = 0
        while i < len(self.items):
            item = self.items[i]
            s, e = item.rel
            if self._same_metric_other_unit(i):
                # 监测“三类户”3743户1.61万人: a second figure right after the first, in another
                # unit, is a second level of the same metric
                prev = self.out[-1]
                st = Statement(metric=prev.metric, metric_start=prev.metric_start, metric_end=prev.metric_end, year=self.year)
                self._attach(st, "level", 1, item.figure, _Left(start=s, metric=""))
                self.out.append(st)
                prev_end = item.tail_end
                i += 1
                continue
            lo = max(prev_end, self._clause_start(s), s - _METRIC_MAX)
            owner = None
            if after_noun and lo == prev_end:
                # 7项成果落地转化、引育孵化科技型企业18家: the predicate of the counted noun
                # ends at the list mark
                mark = self.text.find("、", lo, s)
                if mark >= 0:
                    lo = mark + 1
                else:  # 851个市重点项目年度实现投资3800亿元: the projects' investment
                    owner = self.out[-1] if self.out else None
            after_noun = False
            is_rank = item.figure.kind == "rank"
            # 排名上升9位: places gained in a ranking are a change, whatever the verb
            places = item.figure.kind == "count" and item.figure.unit == "位"
            left = self.r.parse_left(self.text, lo, s, is_rank, self.bounds, "places" if places else item.figure.kind)
            if owner is not None and left.metric and not is_rank:
                inner = self.r.drop_inner_verbs(left.metric)
                metric, mstart = (owner.metric + inner, owner.metric_start) if len(inner) >= 2 else self.r.strip_left(left.metric, left.start, self.bounds)
            else:
                metric, mstart = self.r.strip_left(left.metric, left.start, self.bounds)
            raw = left.metric.lstrip("".join(self.r._separators))
            if metric and len(raw) > len(metric) and raw.endswith(metric) and (self.r.is_generic(metric) or len(metric) <= 2) and (
                    self.r._lead_verb.fullmatch(raw[: -len(metric)])
                    and raw[: -len(metric)] not in (*self.r.vocab["caused_results"], *self.r.vocab["target_cues"])):
                # 签约金额70.6亿元, 办理时限: the verb names which amount or time (not 完成造林)
                metric, mstart = raw, mstart - (len(raw) - len(metric))
            metric, mstart = self.r.cut_frame(metric, mstart)
            m = self.r._contest.match(metric)
            if m:  # 选手参加世界技能大赛获金牌数: the contest's medals, not the entrants
                metric, mstart = m.group(1) + m.group(2), mstart + m.start(1)
            metric, mstart = self.r.cut_inner_basis(metric, mstart, left)
            m = self.r._p["circumstance"].search(metric)
            if m and m.start() >= 2:  # 外贸进出口在对美贸易下降超3成的情况下增长12%
                metric = metric[: m.start()] + metric[m.end():]
            if self.out and self.r._threshold_only.fullmatch(metric):
                # 项目338个、其中10亿元以上56个: the projects of that size
                head = self.r._threshold_lead.sub("", self.out[-1].metric, count=1)
                if len(head) >= 2:
                    metric += head
            if self._verb_governs_list(metric):
                # 新增A 3家、B 14处; 新建A、B、C 380公里: the verb is said of every item
                verb = self.r.prefix_verb(metric)
                metric, mstart = metric[verb:], mstart + verb
            metric = metric.rstrip("的、等")
            m = self.r._inner_level_known.fullmatch(metric) if ("实现" in metric or "完成" in metric) else None
            if m and not self.r._known_metric.fullmatch(metric):
                # 县域实现生产总值2330亿元: the verb stands between the scope and the indicator
                metric = m.group(1) + m.group(2)
            done = self.r._trailing_level_verb.search(metric) if metric.endswith(self.r._trailing_level_words) else None
            if done and left.trigger is None and (
                    done.start() >= 2 and item.figure.kind in ("amount", "percent")
                    or done.start() >= 4 and item.figure.kind in ("count", "measure") and not self.r._noun_next.match(self.text, item.tail_end)):
                # 一般公共预算收入完成15.2亿元: the verb says the level was reached (before a
                # count it names what is counted: 滚动完成50个交通拥堵点治理)
                metric, left.trigger = metric[: done.start()], "level"
            cmp_m = self.r._comparison.search(metric)
            if cmp_m and cmp_m.start() >= 2:
                metric = metric[: cmp_m.start()]  # 增速高于全省平均水平2个百分点: what is compared
            if "、" in metric and (self.r._predicate.search(metric[: metric.rfind("、")])
                                  or _pattern(r"\d条").search(metric[: metric.rfind("、")])):
                # 优化营商环境100条、高质量发展政策清单200条: an earlier item is no part of it
                cut = metric.rfind("、") + 1
                metric, mstart = self.r.strip_left(metric[cut:], mstart + cut, self.bounds)
            cut = metric.rfind("等")
            if 0 < cut <= len(metric) - 3 and metric[cut - 1] not in "高中初同平对" and metric[cut + 1] != "级":
                # 更新改造复康路等道路80条: the figure counts the class after 等
                metric, mstart = metric[cut + 1:], mstart + cut + 1
                if metric[0] in "项类" and len(metric) >= 3:
                    metric, mstart = metric[1:], mstart + 1  # 转移支付、国债等项资金: 资金
                m = self.r._field_then_verb.match(metric)
                if m and len(metric) - m.end() >= 2:  # 家电等领域开展消费促进活动30场
                    metric, mstart = metric[m.end():], mstart + m.end()
            m = self.r._p["ranked_in"].search(metric) if is_rank else None
            if m:  # 南京在“2024自然指数—科研城市”中位居全球第五: the ranking is the metric
                metric, mstart = m.group(1), mstart + m.start(1)
            # figures that follow one another with only 、/和 between them form one group: they
            # share a 分别, or pair with a list of metrics (供热、燃气管网800公里、600公里)
            group = [item]
            j = i + 1
            while j < len(self.items):
                gap = self.text[group[-1].tail_end:self.items[j].rel[0]]
                nxt = self.items[j].figure
                rest = gap.lstrip("、和及与")  # 每月840元和每年7544元: a qualifier may open the next
                if gap and rest != gap and (rest == "" or rest in self.r.vocab["qualifiers"] and nxt.unit == item.figure.unit) and nxt.kind == item.figure.kind:
                    group.append(self.items[j])
                    j += 1
                else:
                    break
            baselines = self._trailing_baselines()
            if not left.distribute and len(group) > 1:
                if not metric and left.trigger == "level" and len(group) <= len(baselines):
                    pass  # 从209元、280元提高到217元、290元
                elif len(self.r.split_items(metric, mstart, len(group))) == len(group):
                    left.distribute = True
                elif len(self.r.split_items(self.r.strip_left(left.metric, left.start, self.bounds, scopes=False)[0], 0, len(group))) == len(group):
                    # 实施省、市重大项目79个和558个: the scope words are the list
                    metric, mstart = self.r.strip_left(left.metric, left.start, self.bounds, scopes=False)
                    left.distribute = True
                else:
                    group = [item]
            consumed_to = group[-1].tail_end
            role: Role = "rank" if is_rank else ("change" if left.trigger in ("up", "down") else "level")
            sign = -1 if left.trigger == "down" else 1
            if role == "level" and item.figure.kind == "multiple" and left.basis in ("vs_year", "yoy"):
                role = "change"
            if role == "level" and left.trigger is None and item.figure.kind in ("percent",) and metric:
                verb_sign, verb_len = self.r.change_verb(metric)
                if verb_sign:
                    role, sign = "change", verb_sign
                    metric, mstart = metric[verb_len:], mstart + verb_len
            # a count inside the next figure's metric or rank scope measures nothing of its own:
            # 四个支柱产业增加值增长9%, 居全国261个地级市第四位
            if role == "level" and i + 1 < len(self.items) and len(group) == 1 and self._count_in_next(item, self.items[i + 1]):
                if self._summed_count(item, self.items[i + 1]):
                    prev_end = item.tail_end  # the metric starts after the count: 重点产业链产值
                i += 1
                continue
            cov = self.r._coverage.match(self.text, item.tail_end) if role == "level" and item.figure.kind == "count" and metric else None
            if cov and self.r._activity_verb.search(cov.group(1)):
                cov = None  # 选派400名医师开展全覆盖驻点帮扶: the physicians cover nothing counted
            if cov:  # 三甲医院实现11个区全覆盖: the metric is how many districts it covers
                left.suffix = "覆盖" + cov.group(1)  # each item of 5G网络、千兆光网均实现…
                consumed_to = max(consumed_to, cov.end())
            # a count followed by what it counts: 实施291个城市品质提升项目
            np_head = None
            countable = item.figure.kind in ("count", "measure") or (item.figure.kind == "amount" and not metric)
            if role == "level" and countable and len(group) == 1 and not left.baseline and (
                not metric or left.trigger is None
            ):
                # 推进400家中小企业完成数字化改造: what is counted is the firms that did it
                caused = bool(self.r._causative.search(self.text[max(lo, s - _LOOK):s]))
                phrase, ps, pe, np_head = self.r.noun_after(
                    self.text, item.tail_end, self._next_stop(item.tail_end, i), self.bounds, caused)
                if np_head == _SKIP:
                    prev_end = item.tail_end
                    i += 1
                    continue
                if phrase and (metric in self.r.vocab["beneficiary_verbs"] or metric.endswith(self.r._beneficiary_endings) and left.trigger is None):
                    # 惠及180多万居民: 惠及居民; 居家适老化改造惠及6000余户老年人家庭: who benefited
                    cut = max(metric.rfind("、"), metric.rfind("，")) + 1
                    metric, mstart = metric[cut:] + phrase, mstart + cut
                    consumed_to = max(consumed_to, pe)
                    after_noun = True
                elif phrase:
                    # 自贸试验区181项创新成果: a zone named right before the count owns what it counts
                    owner_zone = (left.trigger is None and 2 <= len(metric) <= 8 and self.r._zone_end.search(metric)
                                  and not self.text[:s].endswith("等"))  # not 钒钛产业园等18个项目
                    metric, mstart = (metric + phrase, mstart) if owner_zone else (phrase, ps)
                    consumed_to = max(consumed_to, pe)
                    after_noun = True
            if item.share_of and role == "level" and len(group) == 1:
                self._share(metric, mstart, item)
                prev_end = item.tail_end
                i += 1
                continue
            self._emit(metric, mstart, left, role, sign, group, np_head)
            prev_end = consumed_to
            i += len(group)
        return self.out

    def _earlier_metric(self, item: _Item, role: Role, left: _Left) -> tuple[str, int]:
        """A known indicator named, without a figure, in the clause before the one a change
        or a level stands alone in: ``一般公共预算收入创历史新高，增长25%``. Only the nearest
        earlier clause is read, and only a name of the lexicon counts."""
        if role == "rank" or (role == "level" and left.trigger != "level"):
            return "", 0
        start = self._clause_start(item.rel[0])
        if start == 0:
            return "", 0
        lo = max(self._clause_start(start - 1), start - 1 - _METRIC_MAX)
        _, subject = self.r.strip_left(self.text[lo:start - 1], lo, self.bounds)
        m = self.r._known_metric.match(self.text, subject, start - 1)
        if m:
            return m.group(), m.start()
        # 批发业销售额保持较快增长，增长20%: the clause before says of its subject that it grew
        m = self.r._growth_clause.fullmatch(self.text, subject, start - 1)
        if m and not self.r._activity_verb.search(m.group(1)) and not self.r.is_generic(m.group(1)):
            return m.group(1), subject
        return "", 0

    def _same_metric_other_unit(self, i: int) -> bool:
        """Whether figure ``i`` follows figure ``i - 1`` with nothing between them and counts
        the same thing in another unit (3743户1.61万人), the earlier one being a level."""
        if i == 0 or not self.out:
            return False
        before, item, prev = self.items[i - 1], self.items[i], self.out[-1]
        return (before.tail_end == item.rel[0] and prev.value is before.figure and prev.change is None
                and prev.metric_end - self.offset <= before.rel[0]
                and item.figure.kind in ("count", "measure") and before.figure.kind in ("count", "measure")
                and item.figure.unit != before.figure.unit and item.figure.unit is not None
                and not self.r._noun_next.match(self.text, item.tail_end))  # 1096户4883人返贫风险: named after

    def _emit(self, metric: str, mstart: int, left: _Left, role: Role, sign: int, group: list[_Item], np_head: Optional[str]) -> None:
        prev = self.out[-1] if self.out else None
        if metric in self.r.vocab["too_generic_metrics"]:
            metric = ""
        if prev is not None and prev.baseline and left.trigger == "level":
            bases = self._trailing_baselines()[-len(group):]
            if len(group) > 1 and len(bases) == len(group):
                for base, it in zip(bases, group):  # 分别从A、B提高到C、D
                    st = Statement(metric=base.metric, metric_start=base.metric_start, metric_end=base.metric_end, year=self.year)
                    self._attach(st, role, sign, it.figure, _Left(start=0, metric=""))
                    self.out.append(st)
                return
            metric, mstart = prev.metric, prev.metric_start - self.offset  # 从77%提高到80%: the same metric
        if metric and prev is not None and len(metric) <= 4 and metric[-1] in "级型类" and prev.value is not None:
            # 行业级工业互联网平台7个、企业级12个: the modifier takes the previous head
            for k in range(1, len(prev.metric) - 2):
                if prev.metric[k] in "级型类":
                    metric = metric + prev.metric[k + 1:]
                    break
        if (metric in self.r.vocab["bare_result_verbs"] and prev is not None and prev.value is not None
                and prev.value.unit == group[0].figure.unit and role == "level"):
            # 筹集住房2111套、分配1721套: the verb is said of the noun before
            noun = self.r.strip_left(prev.metric, 0, None)[0]
            if len(noun) >= 2:
                metric = metric + noun
        if (role == "level" and left.trigger is None and prev is not None and prev.value is not None
                and prev.change is None and 2 <= len(metric) <= 4 and self.text[prev.end - self.offset:mstart].lstrip("多余") == "、"
                and not self.r._activity_verb.search(metric)):
            # 接待邮轮91艘次、旅客30余万人次: the verb before the first object governs the second
            verb = None
            for verb in self.r._object_verb_shared.finditer(prev.metric):
                pass
            if verb is not None and verb.start() > 0 and len(prev.metric) - verb.end() >= 2:
                metric = prev.metric[: verb.end()] + metric
                mstart = prev.metric_start - self.offset
        if (metric and prev is not None and prev.value is not None and prev.value.kind == "count" and prev.change is None
                and self.r._project_spend.fullmatch(metric) and prev.metric.endswith(self.r._project_head_endings)
                and len(self.r._p["hard_break"].findall(self.text, prev.end - self.offset, mstart)) <= 1):
            # 实施重大项目902个，完成投资1422亿元: the investment is the projects'
            metric, mstart = prev.metric + metric, prev.metric_start - self.offset
        if metric and prev is not None and self.r.is_generic(metric):
            if metric in self.r.vocab["count_generic_words"] and prev.value is not None and prev.value.kind == "count":
                metric, mstart = prev.metric, prev.metric_start - self.offset  # 20个项目入选…、数量居全国第二
                if role == "level" and (left.trigger is not None or left.running):
                    # 新增规上工业企业80户、总数达到400户: the total is of all of them
                    metric = metric[self.r.prefix_verb(metric):]
            else:
                metric, mstart = prev.metric + metric, prev.metric_start - self.offset
        if not metric and prev is None:
            metric, mstart = self._earlier_metric(group[0], role, left)
        if not metric:
            if prev is None:
                return
            if len(group) > 1 and len(self.out) >= len(group):
                targets = self.out[-len(group):]
                filled = any((st.change if role == "change" else st.value) is not None for st in targets)
                for st, it in zip(targets, group):
                    if filled:  # A、B双双超过1万亿元、分别达X和Y: new levels of the same metrics
                        st = Statement(metric=st.metric, metric_start=st.metric_start, metric_end=st.metric_end, year=self.year)
                        self.out.append(st)
                    self._attach(st, role, sign, it.figure, left)
                return
            if role == "change" and prev.change is None and (prev.value is not None):
                targets = self._open_levels() if left.distribute else [prev]
                for st in targets:  # 接待游客4000万人次、旅游收入300亿元，均增长30%
                    self._attach(st, role, sign, group[0].figure, left)
                return
            if role == "level" and prev.value is None and prev.change is not None:
                self._attach(prev, role, sign, group[0].figure, left)  # 增长5.7%、达2.35万亿元
                return
            if role == "level" and left.trigger != "level" and not (
                left.running and prev.value is not None and prev.value.kind != "rank"
                and prev.value.unit == group[0].figure.unit
            ):
                return  # a bare count with nothing named: 4个团队、2名个人
            metric, mstart = prev.metric, prev.metric_start - self.offset
            if left.running and role == "level":
                metric = metric[self.r.prefix_verb(metric):]  # 新增上市公司5家、累计达120家: all of them
            # the metric is carried over: its span stays where it was written
        items = [(metric, mstart)]
        if role == "rank" and not left.distribute and "、" in metric:
            # 外贸进出口总额、外商直接投资规模居第1位: each item holds the rank
            split = self.r.split_items(metric, mstart, metric.count("、") + 1)
            if all(len(t) >= 4 and not self.r._trigger_start.search(t) and not self.r._rank_trigger.search(t) for t, _ in split):
                items = split
        if left.distribute:
            split = self.r.split_items(metric, mstart, len(group))
            if len(split) >= 2:
                items = self.r.share_affixes(split, self.bounds)
        if np_head and self.out:
            self._share_head(np_head)
        elif np_head is None and self.out and self._chained(self.out[-1], mstart):
            self._share_modifier(self.out[-1], metric)
        if len(items) >= 2 and len(group) == 1:
            pairs = [(t, s, group[0]) for t, s in items]
        elif len(items) == 1 and len(group) >= 2:
            pairs = [(metric, mstart, it) for it in group]  # 城乡居民收入分别增长6%和7%
        else:
            pairs = [(t, s, it) for (t, s), it in zip(items, group)]
        if left.suffix:
            pairs = [(t + left.suffix, s, it) for t, s, it in pairs]
        for t, s, it in pairs:
            if len(t) > 3 and t[0] in "和及":  # 惠及企业7700多户和职工8万多人: the list's 和 is no part of it
                t, s = t[1:], s + 1
            st = Statement(metric=t, metric_start=self.offset + s, metric_end=self.offset + s + len(t),
                           year=self.year)
            self._attach(st, role, sign, it.figure, left)
            self.out.append(st)

    def _share(self, metric: str, mstart: int, item: _Item) -> None:
        """``全运会近40%、残特奥会35%的比赛项目``: each percentage of the list is a share of the
        noun after 的 (全运会比赛项目, 残特奥会比赛项目)."""
        if not metric:
            return
        head = item.share_of
        later = mstart
        for st in reversed(self.out):  # earlier shares of the same list, joined by 、
            if st.value is None or st.value.kind != "percent" or st.change is not None or st.metric.endswith(head):
                break
            between = self.text[st.value.end - self.offset: later]
            if not _pattern(r"(?:多|余)?(?:以上|以下|左右)?、").match(between) or self.r._p["hard_break"].search(between):
                break
            st.metric = st.metric + head
            later = st.metric_start - self.offset
        st = Statement(metric=metric + head, metric_start=self.offset + mstart,
                       metric_end=self.offset + mstart + len(metric), year=self.year)
        self._attach(st, "level", 1, item.figure, _Left(start=mstart, metric=metric))
        self.out.append(st)

    def _verb_governs_list(self, metric: str) -> bool:
        """Whether a metric's leading 新增/新建 governs a list of items that share one figure
        (新建森林步道、绿道、碧道380公里): the verb is no part of the list's name. Before a
        single name it is (新建碧道1035公里, 新增上市公司73家)."""
        verb = self.r.prefix_verb(metric)
        # 新建、改造高标准农田, 新建改扩建幼儿园、小学: a list of verbs, not of names
        return bool(verb) and "、" in metric and metric[verb] not in self.r._separators and not (
            metric[verb] in "改扩续" or self.r._lead_verb.match(metric, verb))

    def _open_levels(self) -> list[Statement]:
        """The statements a 均 after them distributes over: the trailing levels without a
        change, back to the start of the clause the last of them stands in."""
        prev = self.out[-1]
        lo = self._clause_start(prev.metric_start - self.offset)
        out: list[Statement] = []
        for st in reversed(self.out):
            if st.change is not None or st.value is None or st.value.kind == "rank":
                break
            if st.metric_start - self.offset < lo and st.value.start - self.offset < lo:
                break
            out.insert(0, st)
        return out or [prev]

    def _count_in_next(self, item: _Item, nxt: _Item) -> bool:
        if item.figure.kind not in ("count", "measure", "amount"):
            return False
        between = self.text[item.tail_end:nxt.rel[0]]
        if not between or self.r._p["hard_break"].search(between) or "、" in between:
            return False
        if item.figure.kind in ("measure", "amount") and nxt.figure.kind == "count":
            # 年产1.5万吨永磁智能制造等亿元以上项目33个: a capacity that describes the projects
            return not self.r.parse_left(between, 0, len(between), False, None, "count").trigger
        if nxt.figure.kind == "rank":
            lo = max(self._clause_start(item.rel[0]), item.rel[0] - _RANK_SCOPE_MAX)
            return bool(self.r._rank_trigger.search(self.text[lo:item.rel[0]]))
        left = self.r.parse_left(between, 0, len(between), False, None, nxt.figure.kind)
        if nxt.figure.kind == "percent" and len(left.metric) >= 3 and left.metric.endswith(tuple(self.r.vocab["rate_endings"])):
            return True  # 13条入海河流水质达标率100%: the count says how many rivers were measured
        if self._summed_count(item, nxt):
            return True  # 20条重点产业链产值超4500亿元: the count says how many chains were summed
        return left.trigger in ("up", "down") and len(left.metric) >= 2

    def _summed_count(self, item: _Item, nxt: _Item) -> bool:
        """A count right before an aggregate of what it counts, with no verb between:
        ``20条重点产业链产值超4500亿元`` (not 30个项目完成投资120亿元: the projects' own figure)."""
        if item.figure.kind != "count" or nxt.figure.kind not in ("amount", "measure"):
            return False
        if not _pattern(r"\d").search(self.text[nxt.rel[0]:nxt.rel[1]]):
            return False  # 8个产业规模超千亿元: a round magnitude is a bar the eight cleared
        between = self.text[item.tail_end:nxt.rel[0]]
        if not between or self.r._p["hard_break"].search(between) or "、" in between:
            return False
        left = self.r.parse_left(between, 0, len(between), False, None, nxt.figure.kind)
        return (left.trigger is None and len(left.metric) >= 3
                and left.metric.endswith(tuple(self.r.vocab["aggregate_endings"]))
                and not self.r._activity_verb.search(left.metric) and not self.r._predicate.search(left.metric))

    def _trailing_baselines(self) -> list[Statement]:
        out: list[Statement] = []
        for st in reversed(self.out):
            if not st.baseline:
                break
            out.insert(0, st)
        return out

    def _chained(self, prev: Statement, mstart: int) -> bool:
        """Whether ``prev`` is a counted noun (figure first) joined to this one by 、 alone."""
        if prev.value is None or prev.metric_start < prev.value.end:
            return False
        between = self.text[prev.metric_end - self.offset: mstart]
        return between.startswith("、") and len(between) <= 10 and not self.r._p["hard_break"].search(between)

    def _share_modifier(self, prev: Statement, metric: str) -> None:
        """``6个省级、69个市级中试平台``: the first count's phrase is only a modifier and takes
        the head of the second (省级中试平台)."""
        endings = tuple(self.r.vocab["modifier_endings"])
        if not (len(prev.metric) <= 3 or prev.metric.endswith(endings)):
            return
        for k in range(1, min(len(metric) - 2, 6)):
            if metric[k] in "级型类性式":
                suffix = metric[k + 1:]
                if not prev.metric.endswith(suffix):
                    prev.metric = prev.metric + suffix
                return

    def _share_head(self, head: str) -> None:
        """Earlier counts of the same list take the head named after 等."""
        for st in reversed(self.out):
            if st.value is None or st.metric.endswith(head):
                break
            if len(st.metric) <= 4:
                st.metric = st.metric + head
            else:
                break

    def _attach(self, st: Statement, role: Role, sign: int, figure: Figure, left: _Left) -> None:
        st.baseline = st.baseline or (left.baseline and role != "change")
        if role == "change":
            st.change, st.sign = figure, sign
            st.basis = left.basis or st.basis
        else:
            st.value = figure
            if left.basis == "annual_avg":
                st.basis = st.basis or left.basis  # 年均服务群众300万人次: a yearly average level
        if left.period:
            st.period = left.period


def _sentence_year(rules: ClauseRules, text: str) -> Optional[int]:
    """A year the whole sentence is about: ``2025年,全市…`` or ``到2030年,…``."""
    m = rules._p["year_lead"].match(text) or rules._p["year_to"].search(text)
    return int(m.group(1)) if m else None
