"""gz_ie.suggest: candidate patterns from a corpus, and the pattern file checker."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
import spacy
from spacy.tokens import Doc, Span

from gz_ie.cli import main
from gz_ie.suggest import (Candidate, _Heads, check_patterns, collect, doc_occurrences, known_patterns,
                           write_suggestions)

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
EXAMPLE = REPO / "examples" / "guangzhou-2026-report.txt"
HEADS = {"站": "PROJECT", "工程": "PROJECT", "商务区": "PLACE"}


def _rules() -> _Heads:
    base = _Heads.load()
    heads = _Heads.load(heads=HEADS)
    return _Heads(labels=heads.labels, stop=frozenset({"推进", "建设"}), stop_prefixes=("推进", "建设"),
                  not_followed_by=("交通",), head_words=tuple(HEADS), generic=base.generic, max_name=14,
                  head_re=heads.head_re)


def _doc(words: list[str], ents: list[tuple[int, int, str]] = ()) -> Doc:
    doc = Doc(spacy.blank("zh").vocab, words=words, spaces=[False] * len(words))
    doc.ents = [Span(doc, s, e, label=label) for s, e, label in ents]
    return doc


# ---------------------------------------------------------------- occurrences and counting


def test_uncovered_head_phrases_offer_every_left_boundary():
    doc = _doc(["推进", "翠湖", "北", "站", "建设", "。"])
    occ = doc_occurrences(doc, "d", _rules())
    assert occ["phrases"] == [("PROJECT", ["翠湖北站"], "推进翠湖北站建设。")]
    assert occ["found"] == []


def test_phrases_stop_at_punctuation_numerals_and_stop_words():
    doc = _doc(["，", "12", "个", "石门", "山", "站", "，", "建设", "东", "站", "。"])
    phrases = [p for _, p, _ in doc_occurrences(doc, "d", _rules())["phrases"]]
    assert phrases == [["石门山站"]]  # 12个 is a number, 东站 too short a name


def test_a_head_word_is_not_a_name():
    doc = _doc(["，", "南岭", "工程", "站", "。"])
    # 南岭工程 is offered; 南岭工程站 and 工程站 are not, as their names end in a head word
    assert [p for _, p, _ in doc_occurrences(doc, "d", _rules())["phrases"]] == [["南岭工程"]]


def test_heads_inside_entities_or_words_are_skipped():
    doc = _doc(["白云", "站", "和", "工程师", "和", "枢纽", "站", "交通", "。"], ents=[(0, 2, "PROJECT")])
    occ = doc_occurrences(doc, "d", _rules())
    assert occ["phrases"] == []
    assert occ["found"] == [("PROJECT", "白云站", "白云站和工程师和枢纽站交通。")]


def _result(doc: str, *phrases: list[str], found=()) -> dict:
    return {"doc": doc, "found": list(found), "phrases": [("PROJECT", list(p), f"{p[-1]}句。") for p in phrases]}


def test_a_phrase_always_inside_a_longer_one_is_not_a_name():
    results = [_result("a", ["翠湖北站", "湖北站"]), _result("b", ["翠湖北站", "湖北站"]),
               _result("c", ["东湖北站", "湖北站"])]
    cands = collect(results, min_count=2)
    assert [(c.pattern, c.count, sorted(c.docs)) for c in cands] == [("翠湖北站", 2, ["a", "b"])]


def test_a_frequent_short_phrase_with_varied_left_context_is_kept():
    results = [_result(d, [pre + "湖北站", "湖北站"]) for d, pre in (("a", "东"), ("b", "西"), ("c", "南"))]
    results.append(_result("d", ["湖北站"]))
    assert [(c.pattern, c.count) for c in collect(results, min_count=2)] == [("湖北站", 4)]


def test_known_names_are_not_proposed_and_parser_labels_win():
    found = [("PLACE", "翠湖商务区", "翠湖商务区句。")]
    results = [_result("a", found=found), _result("b", found=found), _result("c", ["天河站"]), _result("d", ["天河站"])]
    cands = collect(results, known={"天河站"}, min_count=2)
    assert [(c.label, c.pattern, c.sources) for c in cands] == [("PLACE", "翠湖商务区", {"parser"})]
    assert cands[0].examples == ["翠湖商务区句。"]


def test_known_patterns_include_bundled_names_and_ids(tmp_path):
    extra = tmp_path / "extra.jsonl"
    extra.write_text('{"label": "PROJECT", "pattern": "翠湖北站", "id": "翠湖站"}\n', encoding="utf-8")
    names = known_patterns([extra])
    assert {"翠湖北站", "翠湖站", "广州市"} <= names


def test_written_suggestions_load_in_spacy_and_pass_the_check(tmp_path):
    cands = [Candidate("PROJECT", "翠湖北站", 3, {"a"}, ["推进翠湖北站建设。"], {"ngram"}),
             Candidate("PLACE", "翠湖商务区", 2, {"a", "b"}, [], {"parser"})]
    out, review = write_suggestions(cands, tmp_path / "cands.jsonl")
    lines = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert lines[0] == {"label": "PROJECT", "pattern": "翠湖北站", "id": "翠湖北站"}
    nlp = spacy.blank("zh")
    ruler = nlp.add_pipe("span_ruler", config={"validate": True})
    ruler.add_patterns(lines)
    assert check_patterns(out) == []
    sheet = review.read_text(encoding="utf-8").splitlines()
    assert sheet[0].split("\t") == ["line", "count", "docs", "label", "pattern", "source", "example"]
    assert sheet[1].split("\t")[:6] == ["1", "3", "1", "PROJECT", "翠湖北站", "ngram"]


@pytest.fixture(scope="session")
def example_spacy_doc(nlp, example_text):
    """The bundled report as a spaCy Doc (the suggestion step needs tokens, not the Document)."""
    return nlp(example_text)


def test_suggestions_from_the_bundled_report(example_spacy_doc):
    occ = doc_occurrences(example_spacy_doc, "guangzhou-2026")
    known = known_patterns()
    cands = collect([occ], known=known, min_count=2)
    assert cands, "the report names several projects twice that no list has"
    assert all(c.pattern not in known and c.label in ("PLACE", "PROJECT") for c in cands)
    assert all(c.count >= 2 and c.examples for c in cands)
    for c in cands:
        assert all(c.pattern in example for example in c.examples)


def test_cli_suggest_on_the_bundled_report(example_spacy_doc, monkeypatch, tmp_path, capsys):
    import gz_ie.mining
    import gz_ie.suggest

    monkeypatch.setattr(gz_ie.mining, "_build_pipeline", lambda options: None)
    monkeypatch.setattr(gz_ie.suggest, "occurrences",
                        lambda nlp, path, text: doc_occurrences(example_spacy_doc, path.stem))
    out = tmp_path / "cands.jsonl"
    assert main(["patterns", "suggest", str(EXAMPLE.parent), "--out", str(out), "--min-count", "2"]) == 0
    captured = capsys.readouterr()
    assert "candidate patterns ->" in captured.err
    assert captured.out.splitlines()[0].split()[:4] == ["count", "docs", "label", "pattern"]
    assert (tmp_path / "cands.review.tsv").exists()
    assert main(["patterns", "check", str(out)]) == 0


# ---------------------------------------------------------------- check


def _write(tmp_path, *lines: str) -> Path:
    path = tmp_path / "patterns.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


GOOD = '{"label": "PROJECT", "pattern": "翠湖北站", "id": "翠湖北站"}'


@pytest.mark.parametrize("line,level,message", [
    ("not json", "error", "invalid JSON"),
    ("[1, 2]", "error", "a line must be an object"),
    ('{"label": "ORG", "pattern": "广州大学"}', "error", "label 'ORG' is not one of PLACE, PROJECT"),
    ('{"pattern": "翠湖"}', "error", "label None"),
    ('{"label": "PROJECT", "pattern": 5}', "error", "pattern must be a string"),
    ('{"label": "PROJECT", "pattern": ""}', "error", "empty pattern"),
    ('{"label": "PROJECT", "pattern": " 翠湖东站"}', "error", "spaces around it"),
    ('{"label": "PROJECT", "pattern": "翠湖东站", "id": 3}', "error", "id must be a string"),
    ('{"label": "PROJECT", "pattern": [{"TEXTX": "地铁"}]}', "error", "token pattern: [pattern -> 0 -> TEXTX]"),
    ('{"label": "PROJECT", "pattern": "翠湖北站"}', "error", "duplicate of line 1"),
    ('{"label": "PLACE", "pattern": "翠湖北站"}', "error", "is PLACE here but PROJECT at line 1"),
    ('{"label": "PROJECT", "pattern": "广州市"}', "error", "is PROJECT here but PLACE in models/patterns/"),
    ('{"label": "PLACE", "pattern": "广州市"}', "warning", "already in models/patterns/"),
    ('{"label": "PROJECT", "pattern": "翠湖东站", "count": 3}', "warning", "spaCy ignores the keys count"),
    ('{"label": "PROJECT", "pattern": "站"}', "warning", "one-character pattern"),
    ("# reviewed by hand", "warning", "a comment line"),
])
def test_check_finds_each_problem_at_its_line(tmp_path, monkeypatch, line, level, message):
    monkeypatch.chdir(REPO)
    issues = check_patterns(_write(tmp_path, GOOD, line))
    assert [(i.line, i.level) for i in issues] == [(2, level)]
    assert message in issues[0].message
    assert str(issues[0]).startswith(f"{tmp_path / 'patterns.jsonl'}:2: {level}: ")


def test_token_patterns_that_spacy_accepts_pass(tmp_path):
    path = _write(tmp_path, '{"label": "PROJECT", "pattern": [{"TEXT": "地铁"}, {"IS_DIGIT": true}], "id": "地铁"}')
    assert check_patterns(path) == []


def test_check_against_chosen_files(tmp_path):
    other = tmp_path / "other.jsonl"
    other.write_text('{"label": "PLACE", "pattern": "翠湖北站"}\n', encoding="utf-8")
    issues = check_patterns(_write(tmp_path, GOOD), against=[other])
    assert [i.message for i in issues] == [f"pattern '翠湖北站' is PROJECT here but PLACE in {other}:1"]


def test_a_bundled_file_is_not_compared_with_itself():
    path = REPO / "models" / "patterns" / "projects_curated.jsonl"
    assert not [i for i in check_patterns(path) if "projects_curated" in i.message]


def test_cli_check_exit_codes(tmp_path, capsys):
    good = tmp_path / "good.jsonl"
    good.write_text(GOOD + "\n", encoding="utf-8")
    assert main(["patterns", "check", str(good)]) == 0
    assert main(["patterns", "check", str(_write(tmp_path, GOOD, GOOD))]) == 1
    assert "duplicate of line 1" in capsys.readouterr().out
    warn = tmp_path / "warn.jsonl"
    warn.write_text('{"label": "PROJECT", "pattern": "站"}\n', encoding="utf-8")
    assert main(["patterns", "check", str(warn)]) == 0
    assert main(["patterns", "check", "--strict", str(warn)]) == 1
    assert main(["patterns", "check", str(tmp_path / "missing.jsonl")]) == 2


@pytest.mark.shared
@pytest.mark.slow
def test_suggest_over_part_of_the_corpus(tmp_path, capsys):
    corpus = SHARED / "corpus"
    out = tmp_path / "cands.jsonl"
    files = [str(corpus / name) for name in ("guangzhou-2024.txt", "guangzhou-2025.txt", "hangzhou-2025.txt")]
    assert main(["patterns", "suggest", *files, "--out", str(out), "--min-count", "3", "--n-process", "2",
                 "--quiet"]) == 0
    lines = out.read_text(encoding="utf-8").splitlines()
    assert lines, "three reports name some project or zone three times"
    assert main(["patterns", "check", str(out)]) == 0
