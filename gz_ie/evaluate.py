"""Score a parse against gold annotation, so a researcher sees what a change did.

The gold format is one JSON object per sentence (``shared/data/ANNOTATION.md``). Matching is
document-level and multiset: every gold item looks for an equal predicted item anywhere in
the document, so two sentence splitters that disagree still score the same facts. Items
marked ``"optional": true`` cost nothing when missed and absorb a predicted item that would
otherwise be a false hit. The figures follow the project's dev scorer:

- quantities: detection by surface text; on the detected pairs, value+unit and qualifier
  accuracy; ``quantity_full`` requires text, value and unit to agree.
- entities: per label, exact (text and label) and lenient (a trailing 项目 and an
  administrative suffix such as 市/区/县 ignored, for names longer than two characters).
- relations: each relation becomes one fact per filled slot (``value`` and ``change``);
  strict facts agree on metric, slot, number and unit; lenient facts let one metric contain
  the other. Kind and period accuracy are measured on the lenient pairs.

Numbers agree when equal to six significant digits.

Example:
    >>> from gz_ie.evaluate import evaluate
    >>> report = evaluate("tests/data/gold_small.jsonl", raw_text, scope="sentences")
    >>> report.scores["relation_facts"].f1
    >>> print(report.to_text())
"""
from __future__ import annotations

import json
import math
import os
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterable, Literal, Optional, Sequence, Union

import regex

from .document import Document
from .errors import Errors, GzIeError

Scope = Literal["document", "sentences"]
GoldSource = Union[str, os.PathLike, Iterable[dict]]

ENTITY_LABELS = ("PLACE", "PROJECT")
_ADMIN_SUFFIX = regex.compile(r"(?:省|市|区|县|镇|街道|新区|自治州|州)$")
_PROJECT_SUFFIX = regex.compile(r"项目$")
_SPACE = regex.compile(r"\s+")
_UNIT_ALIASES = {"％": "%", "成": "%", "：": ":", "百分点": "个百分点"}

# messages (to move to gz_ie.errors when the integrator numbers them)


# ---------------------------------------------------------------- normalisation


def number(x: Any) -> Optional[float]:
    """A number rounded to six significant digits; None for anything that is not a finite number."""
    if x is None or isinstance(x, bool):
        return None
    try:
        x = float(x)
    except (TypeError, ValueError):
        return None
    if math.isnan(x) or math.isinf(x):
        return None
    return float(f"{x:.6g}")


def unit(u: Any) -> Optional[str]:
    """One spelling per unit: full-width ％ and 成 are %, 百分点 is 个百分点."""
    if u in (None, "", "null"):
        return None
    return _UNIT_ALIASES.get(str(u), str(u))


def metric(m: Any) -> str:
    return _SPACE.sub("", str(m or ""))


def lenient_name(name: str) -> str:
    """``广州市`` and ``广州``, ``冼村项目`` and ``冼村`` compare equal in the lenient score."""
    name = _PROJECT_SUFFIX.sub("", name)
    return _ADMIN_SUFFIX.sub("", name) if len(name) > 2 else name


# ---------------------------------------------------------------- scores


@dataclass(frozen=True)
class Score:
    """True positives, false positives and false negatives, with P/R/F1 derived."""

    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def __add__(self, other: "Score") -> "Score":
        return Score(self.tp + other.tp, self.fp + other.fp, self.fn + other.fn)

    def as_dict(self) -> dict[str, Any]:
        return {"p": round(self.precision, 4), "r": round(self.recall, 4), "f1": round(self.f1, 4),
                "tp": self.tp, "fp": self.fp, "fn": self.fn}


@dataclass(frozen=True)
class Problem:
    """One thing to look at: a gold item missed, a false hit, or a matched item with a wrong field."""

    task: str            # quantities, entities, relations
    kind: str            # missed, false_hit, wrong_value, wrong_qualifier, wrong_kind, wrong_period
    item: str            # the item, readable (``26万人``, ``白云站 PROJECT``, ``地区生产总值 change 5 %``)
    sentence: str = ""   # the sentence it is in
    detail: str = ""     # for wrong fields: gold vs predicted

    @property
    def key(self) -> str:
        """Identifies the problem across two runs (for ``compare``)."""
        return "\t".join((self.task, self.kind, self.item, self.sentence, self.detail))

    def as_dict(self) -> dict[str, str]:
        return {"task": self.task, "kind": self.kind, "item": self.item,
                "sentence": self.sentence, "detail": self.detail}


@dataclass
class Evaluation:
    """Everything ``evaluate`` measured; ``to_dict()`` for JSON, ``to_text()`` to read."""

    scores: dict[str, Score]
    accuracy: dict[str, float]
    by_label: dict[str, dict[str, Score]]
    problems: list[Problem]
    info: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        """Flat score keys as the dev scorer prints them, then the breakdowns and problems."""
        out: dict[str, Any] = dict(self.info)
        out.update({name: score.as_dict() for name, score in self.scores.items()})
        out.update({name: round(acc, 4) for name, acc in self.accuracy.items()})
        out["by_label"] = {group: {label: s.as_dict() for label, s in rows.items()}
                           for group, rows in self.by_label.items()}
        out["problems"] = [p.as_dict() for p in self.problems]
        return out

    def to_text(self, *, show: int = 10, baseline: Optional[dict] = None) -> str:
        """A readable report; with ``baseline`` (an earlier ``to_dict()``), what changed since."""
        return _format_text(self, show=show, baseline=baseline)


# ---------------------------------------------------------------- gold


def load_gold(source: GoldSource | Sequence[str | os.PathLike]) -> list[dict]:
    """Gold rows from a JSONL path, several paths, or rows already loaded."""
    if isinstance(source, (str, os.PathLike)):
        return _read_gold_file(Path(source))
    rows: list[dict] = []
    for item in source:
        if isinstance(item, (str, os.PathLike)):
            rows.extend(_read_gold_file(Path(item)))
        elif isinstance(item, dict):
            rows.append(item)
        else:
            raise TypeError(f"gold rows must be dicts or file paths, got {type(item).__name__}")
    return rows


def _read_gold_file(path: Path) -> list[dict]:
    rows = []
    with open(path, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            if not line.strip():
                continue
            try:
                row = json.loads(line)
            except json.JSONDecodeError as err:
                raise GzIeError(Errors.E009.format(path=path, line=n, problem=f"invalid JSON ({err.msg})")) from None
            problem = _gold_row_problem(row)
            if problem:
                raise GzIeError(Errors.E009.format(path=path, line=n, problem=problem))
            rows.append(row)
    return rows


def _gold_row_problem(row: Any) -> str:
    if not isinstance(row, dict):
        return "a line must be a JSON object"
    if not isinstance(row.get("text"), str):
        return 'missing "text" (the clean sentence)'
    for key in ("quantities", "entities", "relations"):
        if not isinstance(row.get(key, []), list):
            return f'"{key}" must be a list'
    for i, q in enumerate(row.get("quantities", [])):
        if not isinstance(q, dict) or not isinstance(q.get("text"), str):
            return f'quantities[{i}] needs a "text"'
    for i, e in enumerate(row.get("entities", [])):
        if not isinstance(e, dict) or not isinstance(e.get("text"), str) or e.get("label") not in ENTITY_LABELS:
            return f'entities[{i}] needs a "text" and a label, {" or ".join(ENTITY_LABELS)}'
    for i, r in enumerate(row.get("relations", [])):
        if not isinstance(r, dict) or not isinstance(r.get("metric"), str):
            return f'relations[{i}] needs a "metric"'
    return ""


# ---------------------------------------------------------------- matching


@dataclass
class _Matching:
    pairs: list[tuple[dict, dict]]
    missed: list[dict]
    false_hits: list[dict]

    @property
    def score(self) -> Score:
        return Score(len(self.pairs), len(self.false_hits), len(self.missed))


def match(gold: Sequence[dict], optional: Sequence[dict], predicted: Sequence[dict],
          same: Callable[[dict, dict], bool]) -> _Matching:
    """Greedy multiset matching in gold order; optional gold items only excuse predictions."""
    left = list(predicted)
    pairs, missed = [], []
    for g in gold:
        for i, p in enumerate(left):
            if same(g, p):
                pairs.append((g, p))
                del left[i]
                break
        else:
            missed.append(g)
    spare = list(optional)
    false_hits = []
    for p in left:
        for i, g in enumerate(spare):
            if same(g, p):
                del spare[i]
                break
        else:
            false_hits.append(p)
    return _Matching(pairs, missed, false_hits)


def _split_optional(items: Iterable[dict]) -> tuple[list[dict], list[dict]]:
    required, optional = [], []
    for x in items:
        (optional if x.get("optional") else required).append(x)
    return required, optional


# ---------------------------------------------------------------- items


def _gold_items(rows: Sequence[dict]):
    quantities, entities, facts = [], [], []
    for row in rows:
        sent = row["text"]
        for q in row.get("quantities", []):
            quantities.append({"text": q["text"], "value": number(q.get("value")), "unit": unit(q.get("unit")),
                               "qualifier": q.get("qualifier") or "exact", "kind": q.get("kind"),
                               "optional": bool(q.get("optional")), "sentence": sent})
        for e in row.get("entities", []):
            entities.append({"text": e["text"], "label": e["label"],
                             "optional": bool(e.get("optional")), "sentence": sent})
        for r in row.get("relations", []):
            facts.extend(_facts(
                r["metric"], (r.get("value"), r.get("unit")), (r.get("change"), r.get("change_unit")),
                basis=r.get("basis"), period=r.get("period"), kind=r.get("kind"),
                optional=bool(r.get("optional")), sentence=sent,
            ))
    return quantities, entities, facts


def _predicted_items(doc: Document, keep: Callable[[Optional[int]], bool]):
    def sentence(i: Optional[int]) -> str:
        return doc.sentences[i].text if i is not None and 0 <= i < len(doc.sentences) else ""

    quantities = [{"text": q.text, "value": number(q.value), "unit": unit(q.unit), "qualifier": q.qualifier or "exact",
                   "kind": q.kind, "sentence": sentence(q.sentence)}
                  for q in doc.quantities if keep(q.sentence)]
    entities = [{"text": e.text, "label": e.label, "sentence": sentence(e.sentence)}
                for e in doc.entities if e.label in ENTITY_LABELS and keep(e.sentence)]
    facts = []
    for r in doc.relations:
        if not keep(r.sentence):
            continue
        v, c = r.value, r.change
        facts.extend(_facts(
            r.metric, (v.value, v.unit) if v else (None, None), (c.value, c.unit) if c else (None, None),
            basis=r.basis, period=r.period, kind=r.kind, optional=False, sentence=sentence(r.sentence),
        ))
    return quantities, entities, facts


def _facts(name: str, value: tuple, change: tuple, *, basis: Optional[str], **common) -> list[dict]:
    """A relation as one fact per filled slot; the basis belongs to the change only."""
    out = []
    for slot, (num, u) in (("value", value), ("change", change)):
        if number(num) is not None:
            out.append({"metric": metric(name), "slot": slot, "num": number(num), "unit": unit(u),
                        "basis": basis if slot == "change" else None, **common})
    return out


# ---------------------------------------------------------------- evaluate


def evaluate(
    gold: GoldSource | Sequence[str | os.PathLike],
    raw: Union[str, Document],
    *,
    scope: Scope = "document",
    doc_id: Optional[str] = None,
    nlp=None,
    year: Optional[int] = None,
) -> Evaluation:
    """Score ``raw`` (a text to parse, or a Document) against gold annotation.

    Args:
        gold: a gold JSONL path (or several), or the rows themselves.
        raw: the raw report text, or a Document already parsed from it.
        scope: ``"document"`` scores every prediction (gold covering the whole report, as the
            dev scorer does); ``"sentences"`` only predictions in sentences the gold annotates
            (gold over a sample of sentences).
        doc_id: keep only gold rows whose ``doc`` is this.
        nlp: the pipeline to parse with (e.g. ``gz_ie.load(patterns=[...])`` to try a pattern
            file); default the cached default one.
        year: the report's year, passed to ``parse``.

    Returns:
        An Evaluation: ``scores``, ``accuracy``, ``by_label`` and ``problems``.

    Example:
        >>> report = evaluate("gold.jsonl", open("report.txt", encoding="utf-8").read())
        >>> report.scores["entities_PROJECT"].f1
    """
    rows = load_gold(gold)
    if doc_id is not None:
        rows = [r for r in rows if r.get("doc") == doc_id]
    if not rows:
        raise GzIeError(Errors.E010.format(doc=doc_id))
    info: dict[str, Any] = {"gold_sentences": len(rows)}
    if isinstance(raw, Document):
        doc = raw
    else:
        from .pipeline import parse

        started = time.perf_counter()
        doc = parse(raw, year=year, nlp=nlp)
        info["parse_s"] = round(time.perf_counter() - started, 3)
    info["chars"] = len(doc.text)

    keep = _sentence_filter(doc, rows, info) if scope == "sentences" else (lambda i: True)
    gq, ge, gf = _gold_items(rows)
    pq, pe, pf = _predicted_items(doc, keep)

    scores: dict[str, Score] = {}
    accuracy: dict[str, float] = {}
    by_label: dict[str, dict[str, Score]] = {}
    problems: list[Problem] = []
    _score_quantities(gq, pq, scores, accuracy, by_label, problems)
    _score_entities(ge, pe, scores, by_label, problems)
    _score_relations(gf, pf, scores, accuracy, by_label, problems)
    return Evaluation(scores=scores, accuracy=accuracy, by_label=by_label, problems=problems, info=info)


def _sentence_filter(doc: Document, rows: Sequence[dict], info: dict) -> Callable[[Optional[int]], bool]:
    """Keep predictions in the document sentences that the gold rows annotate.

    A sentence the report repeats (a target restated in the summary) is annotated once, so
    each gold row claims one document sentence with its text: the one at the row's ``sent``
    index if the texts agree there, else the first one not yet claimed.
    """
    by_text: dict[str, list[int]] = {}
    for s in doc.sentences:
        by_text.setdefault(metric(s.text), []).append(s.index)
    claimed: set[int] = set()
    for row in rows:
        free = [i for i in by_text.get(metric(row["text"]), []) if i not in claimed]
        if free:
            claimed.add(row.get("sent") if row.get("sent") in free else free[0])
    info["gold_sentences_found"] = len(claimed)
    return lambda i: i in claimed


def _score_quantities(gold, pred, scores, accuracy, by_label, problems) -> None:
    required, optional = _split_optional(gold)
    det = match(required, optional, pred, lambda g, p: g["text"] == p["text"])
    scores["quantity_detection"] = det.score
    right_value = [(g, p) for g, p in det.pairs if (g["value"], g["unit"]) == (p["value"], p["unit"])]
    right_qualifier = [(g, p) for g, p in det.pairs if g["qualifier"] == p["qualifier"]]
    accuracy["quantity_value_acc"] = len(right_value) / len(det.pairs) if det.pairs else 0.0
    accuracy["quantity_qualifier_acc"] = len(right_qualifier) / len(det.pairs) if det.pairs else 0.0
    full = match(required, optional, pred,
                 lambda g, p: (g["text"], g["value"], g["unit"]) == (p["text"], p["value"], p["unit"]))
    scores["quantity_full"] = full.score
    by_label["quantity_kind"] = _breakdown(det, "kind")

    problems += [Problem("quantities", "missed", g["text"], g["sentence"]) for g in det.missed]
    problems += [Problem("quantities", "false_hit", p["text"], p["sentence"]) for p in det.false_hits]
    for g, p in det.pairs:
        if (g["value"], g["unit"]) != (p["value"], p["unit"]):
            problems.append(Problem("quantities", "wrong_value", g["text"], g["sentence"],
                                    f"gold {_num(g['value'])} {g['unit'] or ''} / got {_num(p['value'])} {p['unit'] or ''}"))
        if g["qualifier"] != p["qualifier"]:
            problems.append(Problem("quantities", "wrong_qualifier", g["text"], g["sentence"],
                                    f"gold {g['qualifier']} / got {p['qualifier']}"))


def _score_entities(gold, pred, scores, by_label, problems) -> None:
    def exact(g, p):
        return g["text"] == p["text"] and g["label"] == p["label"]

    def lenient(g, p):
        return g["label"] == p["label"] and lenient_name(g["text"]) == lenient_name(p["text"])

    by_label["entity"], by_label["entity_lenient"] = {}, {}
    for label in (*ENTITY_LABELS, None):
        key = label or "ALL"
        g = [x for x in gold if label is None or x["label"] == label]
        p = [x for x in pred if label is None or x["label"] == label]
        required, optional = _split_optional(g)
        strict = match(required, optional, p, exact)
        loose = match(required, optional, p, lenient)
        scores[f"entities_{key}"] = strict.score
        scores[f"entities_{key}_lenient"] = loose.score
        if label is None:
            problems += [Problem("entities", "missed", f"{x['text']} {x['label']}", x["sentence"]) for x in strict.missed]
            problems += [Problem("entities", "false_hit", f"{x['text']} {x['label']}", x["sentence"])
                         for x in strict.false_hits]
        else:
            by_label["entity"][label] = strict.score
            by_label["entity_lenient"][label] = loose.score


def _score_relations(gold, pred, scores, accuracy, by_label, problems) -> None:
    def strict(g, p):
        return (g["metric"], g["slot"], g["num"], g["unit"]) == (p["metric"], p["slot"], p["num"], p["unit"])

    def lenient(g, p):
        return (bool(p["metric"]) and (g["metric"] in p["metric"] or p["metric"] in g["metric"])
                and (g["slot"], g["num"], g["unit"]) == (p["slot"], p["num"], p["unit"]))

    required, optional = _split_optional(gold)
    exact = match(required, optional, pred, strict)
    loose = match(required, optional, pred, lenient)
    scores["relation_facts"] = exact.score
    scores["relation_facts_lenient"] = loose.score
    pairs = loose.pairs
    accuracy["relation_kind_acc"] = sum(g["kind"] == p["kind"] for g, p in pairs) / len(pairs) if pairs else 0.0
    accuracy["relation_period_acc"] = (sum(str(g["period"]) == str(p["period"]) for g, p in pairs) / len(pairs)
                                       if pairs else 0.0)
    changes = [(g, p) for g, p in pairs if g["slot"] == "change"]
    accuracy["relation_basis_acc"] = (sum(g["basis"] == p["basis"] for g, p in changes) / len(changes)
                                      if changes else 0.0)
    by_label["relation_slot"] = _breakdown(exact, "slot")
    by_label["relation_kind"] = _breakdown(exact, "kind")

    problems += [Problem("relations", "missed", _fact(g), g["sentence"]) for g in exact.missed]
    problems += [Problem("relations", "false_hit", _fact(p), p["sentence"]) for p in exact.false_hits]
    for g, p in pairs:
        for name in ("kind", "period", "basis"):
            if str(g[name]) != str(p[name]):
                problems.append(Problem("relations", f"wrong_{name}", _fact(g), g["sentence"],
                                        f"gold {g[name]} / got {p[name]}"))


def _breakdown(m: _Matching, key: str) -> dict[str, Score]:
    """Split a matching's counts by a field: hits and misses by the gold value, false hits by the predicted."""
    counts: dict[str, Counter] = {}

    def add(value, slot):
        counts.setdefault(str(value), Counter())[slot] += 1

    for g, _ in m.pairs:
        add(g[key], "tp")
    for g in m.missed:
        add(g[key], "fn")
    for p in m.false_hits:
        add(p[key], "fp")
    return {label: Score(c["tp"], c["fp"], c["fn"]) for label, c in sorted(counts.items())}


def _num(x: Optional[float]) -> str:
    return "-" if x is None else f"{x:g}"


def _fact(f: dict) -> str:
    return f"{f['metric']} {f['slot']} {_num(f['num'])}{f['unit'] or ''}"


# ---------------------------------------------------------------- text report

_ROWS = (
    ("quantities: detection", "quantity_detection"),
    ("quantities: text+value+unit", "quantity_full"),
    ("entities PLACE", "entities_PLACE"),
    ("entities PLACE (lenient)", "entities_PLACE_lenient"),
    ("entities PROJECT", "entities_PROJECT"),
    ("entities PROJECT (lenient)", "entities_PROJECT_lenient"),
    ("entities all", "entities_ALL"),
    ("entities all (lenient)", "entities_ALL_lenient"),
    ("relation facts", "relation_facts"),
    ("relation facts (lenient)", "relation_facts_lenient"),
)


def _format_text(ev: Evaluation, *, show: int, baseline: Optional[dict]) -> str:
    lines = []
    info = ev.info
    head = f"gold sentences {info.get('gold_sentences')}"
    if "gold_sentences_found" in info:
        head += f" (found in the parse: {info['gold_sentences_found']})"
    head += f"; text {info.get('chars', 0):,} characters"
    if "parse_s" in info:
        head += f", parsed in {info['parse_s']:.1f} s"
    lines += [head, ""]
    delta = baseline is not None
    lines.append(f"{'':30} {'P':>6} {'R':>6} {'F1':>6} {'tp':>5} {'fp':>5} {'fn':>5}" + ("   ΔF1" if delta else ""))
    for title, key in _ROWS:
        s = ev.scores[key]
        row = f"{title:30} {s.precision:6.3f} {s.recall:6.3f} {s.f1:6.3f} {s.tp:5d} {s.fp:5d} {s.fn:5d}"
        if delta and isinstance(baseline.get(key), dict):
            row += f" {s.f1 - baseline[key]['f1']:+6.3f}"
        lines.append(row)
    lines.append("")
    for key, acc in ev.accuracy.items():
        row = f"{key:30} {acc:6.3f}"
        if delta and isinstance(baseline.get(key), (int, float)):
            row += f" ({acc - baseline[key]:+.3f})"
        lines.append(row)
    lines += ["", "by label:"]
    for group, rows in ev.by_label.items():
        for label, s in rows.items():
            lines.append(f"  {group + ' ' + label:28} {s.precision:6.3f} {s.recall:6.3f} {s.f1:6.3f}"
                         f" {s.tp:5d} {s.fp:5d} {s.fn:5d}")
    if delta:
        lines += ["", *_format_changes(ev, baseline, show)]
    if show:
        lines += ["", *_format_problems(ev.problems, show)]
    return "\n".join(lines) + "\n"


def _format_problems(problems: Sequence[Problem], show: int) -> list[str]:
    lines = []
    groups: dict[tuple[str, str], list[Problem]] = {}
    for p in problems:
        groups.setdefault((p.task, p.kind), []).append(p)
    for (task, kind), items in groups.items():
        lines.append(f"{task} {kind.replace('_', ' ')} ({len(items)}):")
        for p in items[:show]:
            lines.append(f"  {p.item}" + (f"  [{p.detail}]" if p.detail else "") + f"  …{_context(p)}…")
        if len(items) > show:
            lines.append(f"  … {len(items) - show} more (--show N, or --json for all)")
    return lines


def _format_changes(ev: Evaluation, baseline: dict, show: int) -> list[str]:
    before = {Problem(**p).key: Problem(**p) for p in baseline.get("problems", [])}
    now = {p.key: p for p in ev.problems}
    fixed = [p for k, p in before.items() if k not in now]
    new = [p for k, p in now.items() if k not in before]
    lines = [f"since the baseline: {len(fixed)} problems fixed, {len(new)} new"]
    for title, items in (("fixed", fixed), ("new", new)):
        for p in items[: show or len(items)]:
            lines.append(f"  {title}: {p.task} {p.kind} {p.item}" + (f" [{p.detail}]" if p.detail else ""))
    return lines


def _context(p: Problem, width: int = 24) -> str:
    """The sentence around the item (the item's first word for facts), on one line."""
    sentence = p.sentence.replace("\n", " ")
    needle = p.item.split(" ")[0]
    at = sentence.find(needle)
    if at < 0:
        return sentence[: 2 * width]
    return sentence[max(0, at - width): at + len(needle) + width]
