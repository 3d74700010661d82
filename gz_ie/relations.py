"""Metric - value - change relations: the ``gz_relations`` component.

For every sentence the clause rules (:mod:`gz_ie.clauses`) attach the sentence's quantities
(span group ``gz_quantities``) to the metrics they measure; the report's structure
(:mod:`gz_ie.periods`) says whether a figure is an achievement or a target and for which
period; the metric lexicon (``models/metrics/metrics.jsonl``) gives canonical ids.

Output, ``doc._.gz_relations``, is a list of plain dicts (so a Doc survives DocBin)::

    {"metric": "地区生产总值", "metric_id": "gdp", "start": 12, "end": 33,
     "value": {"start": 18, "end": 24}, "change": {"start": 29, "end": 31, "sign": 1},
     "basis": "yoy", "period": "2025", "kind": "actual"}

``start``/``end`` run from the metric to the last figure; ``value`` and ``change`` are the
offsets of quantity spans, ``sign`` is -1 for 下降/减少/回落.
"""
from __future__ import annotations

import json
from bisect import bisect_left
from dataclasses import replace
from typing import Iterable, Optional

import srsly

from spacy.language import Language
from spacy.tokens import Doc, Span
from spacy.util import ensure_path

from . import _extensions
from ._spans import token_offsets
from .clauses import ClauseRules, Figure, Statement
from .periods import PERIODS_FILE, Frame, PeriodCues, ReportStructure, detect_year, plan_first_year
from .relation_vocab import LEXICON_FILE, RULES_FILE, MetricLexicon, RuleVocab, read_jsonl

QUANTITIES_KEY = "gz_quantities"
DEFAULT_CONFIG = {"lexicon_file": "", "rules_file": "", "periods_file": ""}


@Language.factory(
    "gz_relations",
    assigns=["doc._.gz_relations", "doc._.gz_year"],
    requires=["doc.spans"],
    default_config=DEFAULT_CONFIG,
)
def make_relations(nlp: Language, name: str, lexicon_file: str, rules_file: str, periods_file: str) -> "RelationFinder":
    """Build the component; empty paths mean the bundled files in ``models/metrics/``."""
    _extensions.register()
    return RelationFinder(
        lexicon_file=lexicon_file or LEXICON_FILE,
        rules_file=rules_file or RULES_FILE,
        periods_file=periods_file or PERIODS_FILE,
    )


class RelationFinder:
    """Find (metric, figure) statements and say what period and kind each belongs to."""

    def __init__(self, lexicon_file, rules_file, periods_file) -> None:
        self._set_data({
            "metrics": read_jsonl(lexicon_file),
            "rules": _read_json(rules_file),
            "periods": _read_json(periods_file),
        })

    def _set_data(self, data: dict) -> None:
        self._data = data
        self.lexicon = MetricLexicon.from_rows(data["metrics"])
        self.rules = ClauseRules(RuleVocab.from_dict(data["rules"]),
                                 [n for e in self.lexicon.entries for n in e.names if len(n) >= 3])
        self.cues = PeriodCues.from_dict(data["periods"])

    def __call__(self, doc: Doc, year: Optional[int] = None) -> Doc:
        text = _extensions.clean_text(doc)
        year = year if year is not None else detect_year(text)
        doc._.gz_year = year
        structure = ReportStructure(text, year, self.cues)
        spans = sorted(doc.spans[QUANTITIES_KEY], key=lambda s: s.start_char) if QUANTITIES_KEY in doc.spans else []
        relations: list[dict] = []
        starts = [s.start_char for s in spans]
        projects = _projects(doc)
        if spans:
            token_starts, token_ends = token_offsets(doc)
            for sent in _sentences(doc):
                lo = bisect_left(starts, sent.start_char)
                hi = bisect_left(starts, sent.end_char)
                figures = [_figure(s, doc.user_data) for s in spans[lo:hi] if s.end_char <= sent.end_char]
                if not figures:
                    continue
                bounds = {*token_starts[sent.start:sent.end], *token_ends[sent.start:sent.end]}
                frame = structure.frame_at(sent.start_char)
                found = [st for f in self.rules.find(text[sent.start_char:sent.end_char], figures, sent.start_char, bounds)
                         for st in self._split_known(f)]
                self._share_prefix(found, text)
                self._project_owner(found, projects, sent.start_char)
                relations.extend(self._as_dict(st, frame, year) for st in found)
        doc._.gz_relations = relations
        return doc

    def _split_known(self, st: Statement) -> list[Statement]:
        """A list of indicators the lexicon knows shares its figure, 分别 or not:
        ``地区生产总值、固定资产投资增长5%`` is two statements, but a count or an amount without
        分别 is the list's total (老旧小区、棚户区、城中村改造项目66个). A list of other names stays
        one metric (新建森林步道、绿道、碧道380公里), unless every item is a rate of one subject
        sharing a floor (新签约项目开工率、纳统率65%以上)."""
        if "、" not in st.metric:
            return [st]
        parts = self.rules.split_items(st.metric, st.metric_start, st.metric.count("、") + 1)
        if len(parts) < 2:
            return [st]
        if all(self.lexicon.lookup(t) for t, _ in parts):
            if st.change is None and st.value is not None and st.value.kind in ("count", "amount", "measure"):
                return [st]  # 实施老旧小区、棚户区、城中村改造项目66个: a count of the whole list
        else:
            rates = tuple(self.rules.vocab["rate_endings"])
            if not (st.value is not None and st.value.kind == "percent" and st.change is None
                    and all(t.endswith(rates) and len(t) >= 3 for t, _ in parts)):
                return [st]
            # 新签约项目开工率、纳统率65%以上: rates of one subject sharing a floor; a short
            # later rate takes the subject of the first (项目纳统率)
            every = self.rules.split_items(st.metric, st.metric_start)  # 接通率、回复率和满意率
            if all(t.endswith(rates) for t, _ in every):
                parts = every
            first = parts[0][0]
            parts = [parts[0]] + [
                (first[: len(first) - len(t)] + t if len(t) <= 3 and len(first) >= len(t) + 2 else t, s)
                for t, s in parts[1:]]
        return [replace(st, metric=t, metric_start=s, metric_end=s + len(t)) for t, s in parts]

    def _share_prefix(self, found: list[Statement], text: str) -> None:
        """A short last item of a list, or a short metric opening the next clause, takes the
        topic of the metric before it when that makes an indicator the lexicon knows:
        ``粮食播种面积和产量`` -> 粮食产量; ``生产安全事故起数、死亡人数`` -> 生产安全事故死亡人数;
        ``规模以上工业总产值达到4.7万亿元，增加值增长9.2%`` -> 规模以上工业增加值."""
        for prev, st in zip(found, found[1:]):
            if not 2 <= len(st.metric) <= 4 or not prev.metric_end < st.metric_start <= prev.metric_end + 24:
                continue
            between = text[prev.metric_end:st.metric_start]
            if not (between in "、和及与" or between[-1] in "、，," and prev.end <= st.metric_start
                    and between.count("，") + between.count(",") <= 1):
                continue  # 规模以上工业总产值达到4.7万亿元，增加值增长9.2%: the clause after goes on
            if self.lexicon.knows(st.metric):
                continue
            for k in range(2, len(prev.metric) - 1):
                joined = prev.metric[:k] + st.metric
                if self.lexicon.knows(joined):
                    st.metric = joined
                    break

    def _project_owner(self, found: list[Statement], projects: list[tuple[int, int, str]], sent_start: int) -> None:
        """A project's attribute named alone takes the project named before it in the
        sentence: ``白鹤滩水电站全部机组投产，总装机容量1600万千瓦`` -> 白鹤滩水电站总装机容量."""
        if not projects:
            return
        attributes = self.rules.vocab["project_attributes"]
        for st in found:
            if st.metric not in attributes:
                continue
            k = bisect_left(projects, (st.metric_start + 1,)) - 1
            while k >= 0 and projects[k][1] > st.metric_start:
                k -= 1
            if k >= 0 and projects[k][0] >= sent_start:
                st.metric = projects[k][2] + st.metric

    def _as_dict(self, st: Statement, frame: Frame, year: Optional[int]) -> dict:
        kind, period = frame.kind, frame.period
        if st.year is not None:
            period = str(st.year)  # 到2030年，…; 2025年，全市…
            if year is not None and st.year < year:
                kind = "actual"
            elif year is not None and st.year > year:
                kind = "target"  # 到2030年: a year still to come holds only targets
        if st.period is not None:
            period, kind = st.period, "actual"
        elif st.baseline and year is not None:
            period, kind = _baseline_period(frame, year), "actual"
        basis = st.basis
        if st.change is not None and basis is None and period is not None and period.isdigit():
            basis = "yoy"  # a plain 增长 in an annual statement is on the year before
        entry = self.lexicon.lookup(st.metric)
        return {
            "metric": st.metric,
            "metric_id": entry.id if entry else None,
            "start": min(st.metric_start, *(f.start for f in (st.value, st.change) if f)),
            "end": st.end,
            "value": {"start": st.value.start, "end": st.value.end} if st.value else None,
            "change": {"start": st.change.start, "end": st.change.end, "sign": st.sign} if st.change else None,
            "basis": basis,
            "period": period,
            "kind": kind,
        }

    # serialisation: the vocabularies travel with the pipeline -------------------------
    def to_bytes(self, *, exclude: Iterable[str] = ()) -> bytes:
        return srsly.msgpack_dumps(self._data)

    def from_bytes(self, data: bytes, *, exclude: Iterable[str] = ()) -> "RelationFinder":
        self._set_data(srsly.msgpack_loads(data))
        return self

    def to_disk(self, path, *, exclude: Iterable[str] = ()) -> None:
        path = ensure_path(path)
        path.mkdir(parents=True, exist_ok=True)
        srsly.write_json(path / "data.json", self._data)

    def from_disk(self, path, *, exclude: Iterable[str] = ()) -> "RelationFinder":
        self._set_data(srsly.read_json(ensure_path(path) / "data.json"))
        return self


def _baseline_period(frame: Frame, year: int) -> str:
    """The period of the A of 从 A 提高到 B: in a review of a plan, the year before the plan
    (规上工业企业从4.7万家增加到6.1万家 in a review of 十四五: 2020); elsewhere where things
    stand now, the year before the report's (从77%提高到80%)."""
    first = plan_first_year(frame.period) if frame.kind == "actual" and frame.period else None
    return str(first - 1) if first is not None else str(year - 1)


def _read_json(path) -> dict:
    with open(path, encoding="utf-8") as f:
        return json.load(f)


def _sentences(doc: Doc) -> Iterable[Span]:
    if doc.has_annotation("SENT_START"):
        return doc.sents
    return [doc[:]]


def _projects(doc: Doc) -> list[tuple[int, int, str]]:
    """The PROJECT entities as (start, end, text), sorted by start."""
    return [(e.start_char, e.end_char, e.text) for e in doc.ents if e.label_ == "PROJECT"]


def _figure(span: Span, user_data: dict) -> Figure:
    """The figure of a quantity span. Its ``gz_kind``/``gz_unit`` are plain span extensions,
    which spaCy keeps in ``doc.user_data`` under ``("._.", name, start_char, end_char)``; reading
    them there skips building an ``Underscore`` per attribute (a tenth of this component's time)."""
    start, end = span.start_char, span.end_char
    kind = user_data.get(("._.", "gz_kind", start, end))
    return Figure(start, end, kind or span.label_ or None, user_data.get(("._.", "gz_unit", start, end)))
