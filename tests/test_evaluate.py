"""gz_ie.evaluate: matching rules on hand-built Documents, then the bundled report and the CLI."""
from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from gz_ie.cli import main
from gz_ie.document import Document, Entity, Quantity, Relation, Sentence
from gz_ie.errors import GzIeError
from gz_ie.evaluate import Score, evaluate, lenient_name, load_gold, match, number, unit

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
EXAMPLE = REPO / "examples" / "guangzhou-2026-report.txt"
GOLD_SMALL = REPO / "tests" / "data" / "gold_small.jsonl"
# the keys the dev scorer (shared/tools/score.py) prints; ours must carry the same figures
SCORER_KEYS = (
    "quantity_detection", "quantity_value_acc", "quantity_qualifier_acc", "quantity_full",
    "entities_PLACE", "entities_PLACE_lenient", "entities_PROJECT", "entities_PROJECT_lenient",
    "entities_ALL", "entities_ALL_lenient", "relation_facts", "relation_facts_lenient",
    "relation_kind_acc", "relation_period_acc",
)

SENTENCE = "全年地区生产总值3.2万亿元、同比增长4%,广州南站建成。"


def _span(text: str, sub: str, nth: int = 0) -> dict:
    start = -1
    for _ in range(nth + 1):
        start = text.index(sub, start + 1)
    return {"text": sub, "start": start, "end": start + len(sub), "raw_start": start, "raw_end": start + len(sub)}


def _document(*, qualifier: str = "exact", place: str = "广州南站", label: str = "PROJECT") -> Document:
    """A Document as the pipeline would make it for SENTENCE."""
    t = SENTENCE
    q1 = Quantity(**_span(t, "3.2万亿元"), value=3.2e12, unit="元", kind="amount", sentence=0)
    q2 = Quantity(**_span(t, "4%"), value=4.0, unit="%", kind="percent", qualifier=qualifier, sentence=0)
    rel = Relation(**_span(t, "地区生产总值3.2万亿元、同比增长4%"), metric="地区生产总值", value=q1, change=q2,
                   basis="yoy", period="2025", kind="actual", sentence=0)
    return Document(
        text=t, clean_text=t, year=2026,
        sentences=[Sentence(**_span(t, t), index=0)],
        quantities=[q1, q2],
        entities=[Entity(**_span(t, place), label=label, sentence=0)],
        relations=[rel],
    )


def _gold(**changes) -> dict:
    row = {
        "doc": "x", "sent": 0, "text": SENTENCE,
        "quantities": [{"text": "3.2万亿元", "value": 3.2e12, "unit": "元", "kind": "amount", "qualifier": "exact"},
                       {"text": "4%", "value": 4.0, "unit": "%", "kind": "percent", "qualifier": "exact"}],
        "entities": [{"text": "广州南站", "label": "PROJECT"}],
        "relations": [{"metric": "地区生产总值", "value": 3.2e12, "unit": "元", "qualifier": "exact", "change": 4.0,
                       "change_unit": "%", "basis": "yoy", "period": "2025", "kind": "actual"}],
    }
    row.update(changes)
    return row


# ---------------------------------------------------------------- rules


def test_score_derives_precision_recall_f1():
    s = Score(tp=3, fp=1, fn=2)
    assert (s.precision, s.recall) == (0.75, 0.6)
    assert s.f1 == pytest.approx(2 * 0.75 * 0.6 / 1.35)
    assert Score().f1 == 0.0
    assert (s + Score(1, 0, 0)).tp == 4


@pytest.mark.parametrize("raw,expected", [
    (3.2e12, 3.2e12), ("5", 5.0), (1 / 3, 0.333333), (None, None), ("五", None), (float("nan"), None),
    (float("inf"), None), (True, None),
])
def test_number_rounds_to_six_significant_digits(raw, expected):
    assert number(raw) == expected


@pytest.mark.parametrize("raw,expected", [
    ("％", "%"), ("成", "%"), ("：", ":"), ("百分点", "个百分点"), ("", None), ("null", None), (None, None), ("元", "元"),
])
def test_unit_spellings_are_one(raw, expected):
    assert unit(raw) == expected


@pytest.mark.parametrize("name,expected", [
    ("广州市", "广州"), ("冼村项目", "冼村"), ("南沙新区", "南沙"), ("黔南州", "黔南"),
    ("天河区", "天河"), ("市区", "市区"), ("白云站", "白云站"),
])
def test_lenient_names(name, expected):
    assert lenient_name(name) == expected


def test_matching_is_a_greedy_multiset_with_optional_items():
    same = lambda g, p: g == p  # noqa: E731
    m = match(["a", "a", "b"], ["c"], ["a", "c", "c", "d"], same)
    assert [g for g, _ in m.pairs] == ["a"]
    assert m.missed == ["a", "b"]
    assert m.false_hits == ["c", "d"]  # one c is excused by the optional gold c, not two
    assert m.score == Score(1, 2, 2)


def test_a_perfect_parse_scores_one_everywhere():
    report = evaluate([_gold()], _document())
    for key in ("quantity_detection", "quantity_full", "entities_PROJECT", "entities_ALL", "relation_facts",
                "relation_facts_lenient"):
        assert report.scores[key].f1 == 1.0, key
    assert set(report.accuracy.values()) == {1.0}
    assert report.problems == []
    assert report.scores["entities_PLACE"] == Score(0, 0, 0)


def test_misses_and_false_hits_are_listed_with_their_sentence():
    report = evaluate([_gold()], _document(place="广州", label="PLACE"))
    kinds = {(p.task, p.kind, p.item) for p in report.problems}
    assert ("entities", "missed", "广州南站 PROJECT") in kinds
    assert ("entities", "false_hit", "广州 PLACE") in kinds
    assert all(p.sentence == SENTENCE for p in report.problems)
    assert report.by_label["entity"]["PLACE"] == Score(0, 1, 0)
    assert report.by_label["entity"]["PROJECT"] == Score(0, 0, 1)


def test_wrong_qualifier_counts_against_accuracy_not_detection():
    report = evaluate([_gold()], _document(qualifier="approx"))
    assert report.scores["quantity_detection"].f1 == 1.0
    assert report.accuracy["quantity_qualifier_acc"] == 0.5
    wrong = [p for p in report.problems if p.kind == "wrong_qualifier"]
    assert [(p.item, p.detail) for p in wrong] == [("4%", "gold exact / got approx")]


def test_optional_gold_costs_nothing():
    row = _gold(entities=[{"text": "广州南站", "label": "PROJECT", "optional": True},
                          {"text": "珠江", "label": "PLACE", "optional": True}])
    report = evaluate([row], _document())
    assert report.scores["entities_ALL"] == Score(0, 0, 0)


def test_lenient_relations_accept_a_longer_metric():
    row = _gold(relations=[{**_gold()["relations"][0], "metric": "全市地区生产总值"}])
    report = evaluate([row], _document())
    assert report.scores["relation_facts"].f1 == 0.0
    assert report.scores["relation_facts_lenient"].f1 == 1.0


def test_sentence_scope_ignores_predictions_in_other_sentences():
    other = _gold(text="另一句。", quantities=[], entities=[], relations=[])
    assert evaluate([other], _document(), scope="sentences").scores["quantity_detection"] == Score(0, 0, 0)
    assert evaluate([other], _document()).scores["quantity_detection"] == Score(0, 2, 0)


def test_sentence_scope_counts_a_repeated_sentence_once():
    one = _document()
    n = len(SENTENCE)
    twice = Document(
        text=SENTENCE * 2, clean_text=SENTENCE * 2,
        sentences=[one.sentences[0], one.sentences[0].model_copy(update={
            "index": 1, "start": n, "end": 2 * n, "raw_start": n, "raw_end": 2 * n})],
        quantities=[*one.quantities, *(q.model_copy(update={"sentence": 1}) for q in one.quantities)],
    )
    report = evaluate([_gold(sent=1)], twice, scope="sentences")
    assert report.scores["quantity_detection"] == Score(2, 0, 0)
    assert report.info["gold_sentences_found"] == 1
    assert evaluate([_gold(), _gold()], twice, scope="sentences").scores["quantity_detection"] == Score(4, 0, 0)


def test_doc_id_filters_gold_rows():
    with pytest.raises(GzIeError, match="No gold rows"):
        evaluate([_gold()], _document(), doc_id="elsewhere")


def test_to_dict_is_json_with_the_scorer_keys():
    data = json.loads(json.dumps(evaluate([_gold()], _document()).to_dict()))
    assert set(SCORER_KEYS) <= set(data)
    assert data["relation_facts"] == {"p": 1.0, "r": 1.0, "f1": 1.0, "tp": 2, "fp": 0, "fn": 0}


def test_baseline_shows_fixed_and_new_problems():
    before = evaluate([_gold()], _document(place="广州", label="PLACE")).to_dict()
    text = evaluate([_gold()], _document()).to_text(baseline=before)
    assert "2 problems fixed, 0 new" in text
    assert "fixed: entities missed 广州南站 PROJECT" in text
    assert "+1.000" in text


@pytest.mark.parametrize("line,message", [
    ("not json", "line 2: invalid JSON"),
    ('{"quantities": []}', 'line 2: missing "text"'),
    ('{"text": "x", "entities": [{"text": "广州", "label": "CITY"}]}', "line 2: entities[0]"),
    ('{"text": "x", "relations": [{"value": 1}]}', 'line 2: relations[0] needs a "metric"'),
    ('{"text": "x", "quantities": {}}', 'line 2: "quantities" must be a list'),
    ("[1]", "line 2: a line must be a JSON object"),
])
def test_bad_gold_lines_are_reported_with_their_number(tmp_path, line, message):
    path = tmp_path / "gold.jsonl"
    path.write_text(json.dumps(_gold(), ensure_ascii=False) + "\n" + line + "\n", encoding="utf-8")
    with pytest.raises(GzIeError, match=re.escape(message)):
        load_gold(path)


def test_gold_from_several_files(tmp_path):
    path = tmp_path / "gold.jsonl"
    path.write_text(json.dumps(_gold(), ensure_ascii=False) + "\n\n", encoding="utf-8")
    assert len(load_gold([path, path, _gold()])) == 3
    with pytest.raises(TypeError):
        load_gold([42])


# ---------------------------------------------------------------- the bundled report


@pytest.fixture(scope="session")
def small_report(example_doc):
    return evaluate(GOLD_SMALL, example_doc, scope="sentences")


def test_gold_small_follows_the_format():
    rows = load_gold(GOLD_SMALL)
    assert len(rows) >= 8
    assert all(row["doc"] == "guangzhou-2026" for row in rows)


def test_every_gold_small_sentence_is_a_sentence_of_the_parse(small_report):
    assert small_report.info["gold_sentences_found"] == small_report.info["gold_sentences"]


def test_gold_small_report_has_every_task(small_report):
    data = small_report.to_dict()
    assert set(SCORER_KEYS) <= set(data)
    gold = load_gold(GOLD_SMALL)
    n_quantities = sum(len(r["quantities"]) for r in gold)
    detection = small_report.scores["quantity_detection"]
    assert detection.tp + detection.fn == n_quantities
    text = small_report.to_text(show=3)
    for title in ("quantities: detection", "entities PROJECT (lenient)", "relation facts", "by label:"):
        assert title in text


@pytest.fixture
def cached_parse(monkeypatch, example_doc, example_text):
    """``parse`` that answers the bundled report from the session's parse instead of parsing again."""
    import gz_ie.pipeline

    real = gz_ie.pipeline.parse

    def parse(text, *, year=None, nlp=None):
        return example_doc if text == example_text and nlp is None else real(text, year=year, nlp=nlp)

    monkeypatch.setattr(gz_ie.pipeline, "parse", parse)


def test_cli_evaluate_text(cached_parse, capsys):
    assert main(["evaluate", str(GOLD_SMALL), "--raw", str(EXAMPLE), "--scope", "sentences", "--show", "2"]) == 0
    out = capsys.readouterr().out
    assert "relation facts (lenient)" in out
    assert "gold sentences 9 (found in the parse: 9)" in out


def test_cli_evaluate_json_and_baseline(cached_parse, capsys, tmp_path):
    assert main(["evaluate", str(GOLD_SMALL), "--raw", str(EXAMPLE), "--scope", "sentences", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert set(SCORER_KEYS) <= set(data)
    baseline = tmp_path / "before.json"
    baseline.write_text(json.dumps(data), encoding="utf-8")
    args = ["evaluate", str(GOLD_SMALL), "--raw", str(EXAMPLE), "--scope", "sentences", "--baseline", str(baseline)]
    assert main(args) == 0
    assert "since the baseline: 0 problems fixed, 0 new" in capsys.readouterr().out


def test_cli_evaluate_with_a_pattern_file(tmp_path, capsys):
    """--patterns builds a pipeline with the extra file: a name the bundled data lacks is then found."""
    patterns = tmp_path / "extra.jsonl"
    patterns.write_text('{"label": "PROJECT", "pattern": "翠屏湖", "id": "翠屏湖"}\n', encoding="utf-8")
    raw = tmp_path / "raw.txt"
    raw.write_text("翠屏湖建成。", encoding="utf-8")
    gold = tmp_path / "gold.jsonl"
    gold.write_text(json.dumps({"text": "翠屏湖建成。", "entities": [{"text": "翠屏湖", "label": "PROJECT"}]},
                               ensure_ascii=False) + "\n", encoding="utf-8")
    assert main(["evaluate", str(gold), "--raw", str(raw), "--patterns", str(patterns), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["entities_PROJECT"]["tp"] == 1


def test_cli_evaluate_bad_gold_exits_2(tmp_path, capsys):
    gold = tmp_path / "gold.jsonl"
    gold.write_text("{oops\n", encoding="utf-8")
    assert main(["evaluate", str(gold), "--raw", str(gold)]) == 2
    assert "line 1: invalid JSON" in capsys.readouterr().err


@pytest.mark.shared
@pytest.mark.slow
def test_figures_agree_with_the_dev_scorer(example_doc):
    """The dev scorer parses the report itself (in a subprocess); every figure it prints must be ours."""
    gold = SHARED / "data" / "dev_gold.jsonl"
    proc = subprocess.run(
        [sys.executable, str(SHARED / "tools" / "score.py"), "--raw", str(EXAMPLE), "--gold", str(gold), "--json"],
        capture_output=True, text=True, check=True, cwd=REPO, env={**os.environ, "PYTHONPATH": str(REPO)},
    )
    theirs = json.loads(proc.stdout)
    ours = evaluate(gold, example_doc).to_dict()
    for key in SCORER_KEYS:
        assert ours[key] == theirs[key], key
