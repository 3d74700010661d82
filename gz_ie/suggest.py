"""The pattern tuning loop: propose names the patterns miss, and check a pattern file.

``suggest`` parses a corpus and collects two kinds of candidates for
``models/patterns/*.jsonl``:

* **parser**: entities the shape rules found (``广汕高铁``) that no pattern lists; listing
  them makes them found everywhere, also where the shape rules lack evidence.
* **ngram**: phrases ending in a head word of ``models/patterns/shapes.json`` (工程, 高铁,
  站, 商务区, ...) that no entity covers. Every occurrence offers the phrases from each word
  boundary to its left (within the clause, up to a stop word); a phrase is kept when it
  occurs ``min_count`` times and is not always preceded by the same longer phrase (then
  the longer one is the name), and when its words are not all generic (重点项目).

Candidates are written as spaCy pattern JSONL (``label``, ``pattern``, ``id`` only, so
spaCy's SpanRuler and annotation tools read the file unchanged) plus a review sheet beside
it (``NAME.review.tsv``: count, documents, source, an example sentence). Review it, delete
what is wrong, fix labels, then ``gz-ie patterns check`` and try it with
``gz-ie evaluate --patterns``.

Example:
    >>> cands = suggest(["reports/"], min_count=3)
    >>> write_suggestions(cands, "candidates.jsonl")
    >>> check_patterns("candidates.jsonl")
    []
"""
from __future__ import annotations

import bisect
import json
import os
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Literal, Optional, Sequence, Union

import regex

from .paths import PATTERNS_DIR

LABELS = ("PLACE", "PROJECT")
SHAPES_FILE = "shapes.json"
_CLAUSE_PUNCT = frozenset("，,。；;：:！!？?、\n（）()《》“”\"‘’「」【】[]—…·")
_NUMERAL = regex.compile(r"[0-9０-９.一二三四五六七八九十百千万亿两]+")
# a counter word ends a name on its left (12个石门山站): it belongs to a number
_COUNTERS = frozenset("个家项条座所处批种类名位")
Level = Literal["error", "warning"]


# ---------------------------------------------------------------- suggest


@dataclass
class Candidate:
    """A proposed pattern with the evidence a reviewer needs."""

    label: str
    pattern: str
    count: int = 0
    docs: set[str] = field(default_factory=set)
    examples: list[str] = field(default_factory=list)
    sources: set[str] = field(default_factory=set)

    def as_pattern(self) -> dict:
        """The spaCy JSONL entry: a new name is its own canonical id."""
        return {"label": self.label, "pattern": self.pattern, "id": self.pattern}


@dataclass(frozen=True)
class _Heads:
    """Head words, stop words and generic words of the shape rules (``shapes.json``)."""

    labels: dict[str, str]
    stop: frozenset[str]
    stop_prefixes: tuple[str, ...]
    not_followed_by: tuple[str, ...]
    head_words: tuple[str, ...]
    generic: tuple[str, ...]
    max_name: int
    head_re: Optional[regex.Pattern]

    @classmethod
    def load(cls, path: Path = PATTERNS_DIR / SHAPES_FILE, heads: Optional[dict[str, str]] = None) -> "_Heads":
        data = json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}
        labels = heads if heads is not None else {
            h["head"]: h.get("label", "PROJECT") for h in data.get("heads", []) if isinstance(h, dict) and h.get("head")
        }
        alternation = "|".join(regex.escape(h) for h in sorted(labels, key=len, reverse=True))
        return cls(
            labels=labels,
            stop=frozenset(data.get("stop_tokens", [])),
            stop_prefixes=tuple(data.get("stop_tokens", [])),
            not_followed_by=tuple(data.get("not_followed_by", [])),
            head_words=tuple(labels),
            generic=tuple(sorted(data.get("generic", []), key=len, reverse=True)),
            max_name=int(data.get("max_name_chars", 14)),
            head_re=regex.compile(alternation) if alternation else None,
        )

    def specific(self, name: str) -> str:
        """The name without numerals and generic words: ``市重点`` -> ``市``."""
        rest = _NUMERAL.sub("", name)
        for word in self.generic:
            rest = rest.replace(word, "")
        return rest


def occurrences(nlp, path: Path, text: str) -> dict:
    """A per-file task for ``gz_ie.mining.map_files``: parse, then ``doc_occurrences``."""
    return doc_occurrences(nlp(text), path.stem)


def doc_occurrences(doc, name: str = "", rules: Optional[_Heads] = None) -> dict:
    """What one parsed Doc offers: entities the parser found and uncovered head-word phrases.

    Returns plain data (picklable): ``{"doc", "found": [(label, text, sentence)],
    "phrases": [(label, [phrase, ...longest first], sentence)]}``.
    """
    rules = rules or _Heads.load()
    text = doc.text
    found = [(e.label_, e.text, _sentence(text, e.start_char))
             for e in doc.ents if e.label_ in LABELS and (not e.kb_id_ or e.kb_id_ == e.text)]
    covered = [(e.start_char, e.end_char) for e in doc.ents]
    starts = sorted(t.idx for t in doc)
    ends = {t.idx + len(t.text) for t in doc}
    phrases = []
    if rules.head_re is not None:
        for m in rules.head_re.finditer(text):
            hs, he = m.span()
            if any(s < he and hs < e for s, e in covered):
                continue
            if he not in ends and he < len(text) and text[he] not in _CLAUSE_PUNCT:
                continue  # 工程师: the head is only the start of a word
            if text.startswith(rules.not_followed_by, he):
                continue  # 城际交通: the head word modifies another noun
            options = _left_phrases(text, hs, he, starts, rules)
            if options:
                phrases.append((rules.labels[m.group()], options, _sentence(text, hs)))
    return {"doc": name, "found": found, "phrases": phrases}


def _left_phrases(text: str, hs: int, he: int, starts: list[int], rules: _Heads) -> list[str]:
    """The phrases ending at the head, one per word boundary to its left, longest first."""
    out = []
    i = bisect.bisect_right(starts, hs) - 1
    left = hs
    while i >= 0:
        start = starts[i]
        if start < left:
            word = text[start:left]
            if (any(ch in _CLAUSE_PUNCT or ch.isspace() for ch in word) or word in rules.stop
                    or _NUMERAL.fullmatch(word) or word in _COUNTERS or hs - start > rules.max_name):
                break
            left = start
            name = text[left:hs]
            if name.startswith(rules.stop_prefixes):
                break  # 加快建设白云站: a merged word that opens with a verb
            if len(name) >= 2 and len(rules.specific(name)) >= 2 and not name.endswith(rules.head_words):
                out.append(text[left:he])  # 工程项目 is two heads, not a name
        i -= 1
    return out[::-1]


def _sentence(text: str, at: int) -> str:
    lo = max(text.rfind(ch, 0, at) for ch in "。！？；\n") + 1
    ends = [i for i in (text.find(ch, at) for ch in "。！？；\n") if i >= 0]
    return text[lo:min(ends) + 1 if ends else len(text)].strip()


def collect(results: Iterable[dict], *, known: Iterable[str] = (), min_count: int = 2,
            max_examples: int = 3) -> list[Candidate]:
    """Count the occurrences of every document and keep the candidates worth a review."""
    known = set(known)
    cands: dict[str, Candidate] = {}

    def add(label: str, phrase: str, doc: str, sentence: str, source: str) -> None:
        cand = cands.setdefault(phrase, Candidate(label=label, pattern=phrase))
        if source == "parser":
            cand.label = label  # the parser's label wins over the head word's
        cand.count += 1
        cand.docs.add(doc)
        cand.sources.add(source)
        if sentence and len(cand.examples) < max_examples and sentence not in cand.examples:
            cand.examples.append(sentence)

    ngram_counts: Counter[str] = Counter()
    longer: dict[str, set[str]] = {}
    results = list(results)
    for res in results:
        for _, options, _ in res["phrases"]:
            ngram_counts.update(options)
            for k, phrase in enumerate(options):
                longer.setdefault(phrase, set()).update(options[:k])
    for res in results:
        for label, text, sentence in res["found"]:
            add(label, text, res["doc"], sentence, "parser")
        for label, options, sentence in res["phrases"]:
            for phrase in options:
                if _closed(phrase, ngram_counts, longer, min_count):
                    add(label, phrase, res["doc"], sentence, "ngram")
                    break  # the longest good phrase of an occurrence is its name
    keep = [c for c in cands.values() if c.count >= min_count and c.pattern not in known]
    return sorted(keep, key=lambda c: (-c.count, c.label, c.pattern))


def _closed(phrase: str, counts: Counter, longer: dict[str, set[str]], min_count: int) -> bool:
    """Frequent, and not always inside the same longer phrase (``云站`` inside ``白云站``)."""
    n = counts[phrase]
    return n >= min_count and not any(counts[q] == n for q in longer.get(phrase, ()))


def known_patterns(files: Iterable[Union[str, os.PathLike]] = ()) -> set[str]:
    """Every phrase pattern and id in the bundled pattern files and in ``files``."""
    from .entities import pattern_files_in

    names: set[str] = set()
    for path in [*pattern_files_in(PATTERNS_DIR), *map(Path, files)]:
        for _, entry in _entries(path):
            if isinstance(entry, dict):
                names.update(v for v in (entry.get("pattern"), entry.get("id")) if isinstance(v, str))
    return names


def suggest(
    sources: Union[str, os.PathLike, Sequence[Union[str, os.PathLike]]],
    *,
    min_count: int = 2,
    n_process: int = 1,
    progress: bool = True,
    patterns: Sequence[Union[str, os.PathLike]] = (),
    glob: str = "*.txt",
    recursive: bool = False,
    failures: Optional[list] = None,
    nlp=None,
) -> list[Candidate]:
    """Propose PLACE and PROJECT patterns from a corpus (folders or files).

    Args:
        sources: folders of reports, or files.
        min_count: how often a name must occur in the whole corpus.
        n_process: worker processes.
        progress: show a progress bar.
        patterns: pattern files already in use (their names are not proposed again).
        failures: a list to append ``(path, error)`` of files that failed.
        nlp: a pipeline already built, used when ``n_process`` is 1.
    """
    from .mining import map_files, text_files

    paths = text_files(sources, glob=glob, recursive=recursive)
    options = {"disable": ["gz_relations"], "patterns": [str(p) for p in patterns]}
    results = []
    for path, result, error in map_files(paths, occurrences, n_process=n_process, progress=progress,
                                         desc="suggest", load_options=options, nlp=nlp):
        if error is None:
            results.append(result)
        elif failures is not None:
            failures.append((str(path), error))
    return collect(results, known=known_patterns(patterns), min_count=min_count)


def write_suggestions(cands: Sequence[Candidate], out: Union[str, os.PathLike]) -> tuple[Path, Path]:
    """Write the pattern JSONL and its review sheet (``NAME.review.tsv``) beside it."""
    out = Path(out)
    review = out.with_name(out.stem + ".review.tsv")
    with open(out, "w", encoding="utf-8") as f:
        for c in cands:
            f.write(json.dumps(c.as_pattern(), ensure_ascii=False) + "\n")
    with open(review, "w", encoding="utf-8") as f:
        f.write("line\tcount\tdocs\tlabel\tpattern\tsource\texample\n")
        for n, c in enumerate(cands, 1):
            example = c.examples[0].replace("\t", " ").replace("\n", " ") if c.examples else ""
            f.write(f"{n}\t{c.count}\t{len(c.docs)}\t{c.label}\t{c.pattern}\t{'+'.join(sorted(c.sources))}\t{example}\n")
    return out, review


# ---------------------------------------------------------------- check


@dataclass(frozen=True)
class Issue:
    """One problem of a pattern file, at a line."""

    path: str
    line: int
    level: Level
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.level}: {self.message}"


def _entries(path: Path) -> Iterable[tuple[int, object]]:
    """``(line number, parsed JSON or the JSONDecodeError)`` for each non-blank, non-comment line."""
    with open(path, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            if not line.strip() or line.lstrip().startswith("#"):
                continue
            try:
                yield n, json.loads(line)
            except json.JSONDecodeError as err:
                yield n, err


def _key(pattern: object) -> str:
    return pattern if isinstance(pattern, str) else json.dumps(pattern, ensure_ascii=False, sort_keys=True)


def _shown(path: Path) -> str:
    """A path relative to the working directory when it is under it (shorter messages)."""
    try:
        return str(path.resolve().relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def check_patterns(
    path: Union[str, os.PathLike],
    *,
    against: Optional[Sequence[Union[str, os.PathLike]]] = None,
    labels: Sequence[str] = LABELS,
) -> list[Issue]:
    """Validate a spaCy pattern JSONL file for gz_ie.

    Errors: a line that is not JSON or not an object, a missing or unknown label, a pattern
    that is neither a non-empty string nor a token pattern spaCy's schema accepts, an ``id``
    that is not a string, the same pattern twice, the same pattern with two labels (in the
    file, or against the bundled files). Warnings: a pattern already bundled with the same
    label, keys spaCy ignores, one-character names, comment lines (gz_ie skips them, other
    spaCy tools do not).

    Args:
        path: the file to check.
        against: pattern files to compare with; default the bundled ``models/patterns``
            (without ``path`` itself).
        labels: the labels gz_ie keeps.
    """
    from spacy.schemas import validate_token_pattern

    from .entities import pattern_files_in

    path = Path(path)
    others = [Path(p) for p in against] if against is not None else pattern_files_in(PATTERNS_DIR)
    others = [p for p in others if p.resolve() != path.resolve()]
    bundled: dict[str, tuple[str, Path, int]] = {}
    for other in others:
        for n, entry in _entries(other):
            if isinstance(entry, dict) and "pattern" in entry:
                bundled.setdefault(_key(entry["pattern"]), (str(entry.get("label")), other, n))

    issues: list[Issue] = []

    def report(line: int, level: Level, message: str) -> None:
        issues.append(Issue(str(path), line, level, message))

    with open(path, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            if line.lstrip().startswith("#"):
                report(n, "warning", "a comment line: gz_ie skips it, spaCy's own readers do not")
    seen: dict[str, tuple[str, int]] = {}
    for n, entry in _entries(path):
        if isinstance(entry, json.JSONDecodeError):
            report(n, "error", f"invalid JSON: {entry.msg} (column {entry.colno})")
            continue
        if not isinstance(entry, dict):
            report(n, "error", 'a line must be an object {"label", "pattern", "id"}')
            continue
        label, pattern = entry.get("label"), entry.get("pattern")
        if label not in labels:
            report(n, "error", f"label {label!r} is not one of {', '.join(labels)}")
        if "id" in entry and not isinstance(entry["id"], str):
            report(n, "error", f"id must be a string, not {type(entry['id']).__name__}")
        extra = sorted(set(entry) - {"label", "pattern", "id"})
        if extra:
            report(n, "warning", f"spaCy ignores the keys {', '.join(extra)} (keep review notes in a sidecar)")
        if isinstance(pattern, str):
            if not pattern.strip():
                report(n, "error", "empty pattern")
                continue
            if pattern != pattern.strip():
                report(n, "error", f"pattern {pattern!r} has spaces around it; it would never match")
            if len(pattern.strip()) == 1:
                report(n, "warning", f"one-character pattern {pattern!r} matches inside many words")
        elif isinstance(pattern, list):
            for problem in validate_token_pattern(pattern):
                report(n, "error", f"token pattern: {problem}")
        else:
            report(n, "error", "pattern must be a string (a phrase) or a list (a token pattern)")
            continue
        key = _key(pattern)
        if key in seen:
            first_label, first_line = seen[key]
            if first_label == label:
                report(n, "error", f"duplicate of line {first_line}")
            else:
                report(n, "error", f"pattern {key!r} is {label} here but {first_label} at line {first_line}")
        else:
            seen[key] = (str(label), n)
        if key in bundled:
            other_label, other, line = bundled[key]
            where = f"{_shown(other)}:{line}"
            if other_label != label:
                report(n, "error", f"pattern {key!r} is {label} here but {other_label} in {where}")
            else:
                report(n, "warning", f"already in {where}")
    return sorted(issues, key=lambda i: (i.line, i.level != "error"))
