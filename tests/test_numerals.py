"""The numeral grammar: golden cases, the data tables, robustness, and the spaCy component.

Golden cases live in ``tests/data/numerals.jsonl`` (sentences and every quantity expected in
them, an empty list for the negative cases) and ``tests/data/numerals_parse.jsonl`` (single
strings for ``parse_quantity``); each line is one test.
"""
from __future__ import annotations

import json
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from gz_ie.numerals import NumeralNormaliser, QuantityMatch, find_quantities, parse_quantity
from gz_ie.quantity_grammar import KINDS, NUMERALS_DIR, QUALIFIERS, grammar, load_tables

DATA = Path(__file__).parent / "data"


def _load(name: str) -> list[dict]:
    with open(DATA / name, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


CASES = _load("numerals.jsonl")
PARSE_CASES = _load("numerals_parse.jsonl")
TABLES = load_tables()


def _fields(q: QuantityMatch) -> dict:
    return {"text": q.text, "value": q.value, "high": q.high, "unit": q.unit, "kind": q.kind, "qualifier": q.qualifier}


def _expected(want: dict) -> dict:
    out = dict(want)
    out["value"] = pytest.approx(want["value"], rel=1e-9)
    out["high"] = None if want.get("high") is None else pytest.approx(want["high"], rel=1e-9)
    return out


# ---------------------------------------------------------------- golden cases
@pytest.mark.parametrize("case", CASES, ids=[f"{c['category']}:{c['text'][:18]}" for c in CASES])
def test_find_quantities(case):
    found = find_quantities(case["text"])
    assert [_fields(q) for q in found] == [_expected(w) for w in case["quantities"]]
    for q in found:
        assert case["text"][q.start:q.end] == q.text


@pytest.mark.parametrize("case", PARSE_CASES, ids=[f"{c['category']}:{c['input']}" for c in PARSE_CASES])
def test_parse_quantity(case):
    q = parse_quantity(case["input"])
    if case["expect"] is None:
        assert q is None
        return
    want = dict(case["expect"])
    start = want.pop("start")
    assert q is not None
    assert (q.start, q.end) == (start, start + len(want["text"]))
    assert _fields(q) == _expected(want)


# ---------------------------------------------------------------- the tables in models/numerals
@pytest.mark.parametrize("i", range(10))
def test_every_digit_maps_to_its_value(i):
    assert TABLES.arabic[str(i)] == i
    assert TABLES.arabic[chr(0xFF10 + i)] == i      # full-width ０..９


@pytest.mark.parametrize("chars, value", [("零〇", 0), ("一壹", 1), ("二两俩贰貳", 2), ("三仨叁參", 3), ("四肆", 4),
                                          ("五伍", 5), ("六陆陸", 6), ("七柒", 7), ("八捌", 8), ("九玖", 9)])
def test_chinese_digits(chars, value):
    assert all(TABLES.chinese[c] == value for c in chars)


def test_scale_words_are_powers_of_ten():
    for table in (TABLES.place_values, TABLES.group_values, TABLES.arabic_scales):
        for word, value in table.items():
            assert value >= 10 and str(value).rstrip("0") == "1", word
    assert set(TABLES.arabic_scales) <= set(TABLES.place_values) | set(TABLES.group_values)


@pytest.mark.parametrize("surface", sorted(TABLES.units))
def test_every_unit_is_read_after_a_number(surface):
    unit = TABLES.units[surface]
    assert unit.kind in KINDS and unit.unit and unit.factor > 0
    assert unit.after_chinese in (True, False, "scaled")
    if unit.denominator_only:           # 日, 月: 3月15日 is a date; 万吨/日 is a rate
        assert parse_quantity(f"12{surface}") is None
        q = parse_quantity(f"12吨/{surface}")
        assert q is not None and (q.text, q.unit) == (f"12吨/{surface}", f"吨/{unit.unit}")
        return
    q = parse_quantity(f"12{surface}")
    assert q is not None and q.text == f"12{surface}"
    assert (q.unit, q.kind, q.value) == (unit.unit, unit.kind, pytest.approx(12 * unit.factor))


def test_qualifier_tables_use_known_qualifiers():
    q = TABLES.qualifiers
    for table in ("prefix", "suffix", "unit_suffix", "infix"):
        assert q[table] and set(q[table].values()) <= set(QUALIFIERS), table
    assert set(q["unit_suffix_kinds"]) <= set(KINDS)
    assert all(q["bridge_verbs"]) and all(q["coordinators"])


def test_context_table_refers_to_known_units():
    c = TABLES.context
    assert set(c["unit_blocked_followers"]) <= set(TABLES.units)
    assert set(c["half_units"]) <= set(TABLES.units)
    assert c["calendar_year"]["unit"] in TABLES.units
    assert c["calendar_year"]["min"] < c["calendar_year"]["max"]
    assert set(c["lone_numerals_need_percent"]) <= set(TABLES.chinese)
    assert all(len(pair) == 2 for pair in c["quote_pairs"])


def test_set_phrases_all_hold_a_numeral():
    assert TABLES.set_phrases
    for phrase in TABLES.set_phrases:
        assert any(c in TABLES.chinese or c in TABLES.place_values for c in phrase), phrase


def test_source_note_describes_every_data_file():
    note = (NUMERALS_DIR / "SOURCE.md").read_text(encoding="utf-8")
    for path in NUMERALS_DIR.iterdir():
        if path.name != "SOURCE.md":
            assert f"`{path.name}`" in note, path.name


def test_a_bad_units_table_is_rejected(tmp_path):
    from gz_ie.quantity_grammar import read_units

    bad = tmp_path / "units.jsonl"
    bad.write_text('{"surface": "个", "unit": "个", "kind": "things"}\n', encoding="utf-8")
    with pytest.raises(ValueError, match="unknown kind"):
        read_units(bad)


# ---------------------------------------------------------------- robustness
LONG_INPUTS = {
    "digits": ("1234567890" * 100_000, 0),
    "yi": ("一" * 1_000_000, 0),
    "numerals": ("一二三四五六七八九十百千万亿两" * 66_000, 0),
    "no-punctuation": ("增长5个百分点达到3.2万亿元居全国第一" * 45_000, 3 * 45_000),
    "separators": ("1,234,5-6:7." * 100_000, None),
}


@pytest.mark.parametrize("name", LONG_INPUTS)
def test_a_megabyte_without_structure_is_processed(name):
    """No catastrophic backtracking: each input finishes well inside the guard."""
    text, expected = LONG_INPUTS[name]
    with ThreadPoolExecutor(max_workers=1) as pool:
        found = pool.submit(find_quantities, text).result(timeout=120)
    if expected is not None:
        assert len(found) == expected
    assert all(a.end <= b.start for a, b in zip(found, found[1:]))


def _check_invariants(text: str) -> None:
    found = find_quantities(text)
    for q in found:
        assert 0 <= q.start < q.end <= len(text)
        assert text[q.start:q.end] == q.text
        assert q.kind in KINDS and q.qualifier in QUALIFIERS
        assert q.value is not None and (q.high is None or q.high > q.value)
    assert all(a.end <= b.start for a, b in zip(found, found[1:]))


@given(st.text())
@settings(max_examples=300, deadline=None)
def test_any_text_gives_well_formed_matches(text):
    _check_invariants(text)


@given(st.text(alphabet="0123456789０１２.．,一二两三十百千万亿几数多余第前首位个年%％成倍:-至“”+届次", max_size=40))
@settings(max_examples=500, deadline=None)
@example("第一百零")
@example("十几数百")
@example("“5个")
@example("1-2-3%")
def test_numeral_soup_gives_well_formed_matches(text):
    _check_invariants(text)


def test_grammar_is_built_once():
    assert grammar() is grammar()


# ---------------------------------------------------------------- the spaCy component
def test_component_marks_quantities_and_splits_tokens():
    from spacy.tokens import Doc
    from spacy.vocab import Vocab

    words = ["推动", "851个市", "重点", "项目", ",", "增长", "5%", "左右", "。"]
    doc = Doc(Vocab(), words=words, spaces=[False] * len(words))
    doc = NumeralNormaliser()(doc)
    spans = doc.spans["gz_quantities"]
    assert [(s.text, s.label_) for s in spans] == [("851个", "count"), ("5%", "percent")]
    assert [t.text for t in doc][:3] == ["推动", "851个", "市"]
    first, second = spans
    assert (first._.gz_value, first._.gz_unit, first._.gz_kind, first._.gz_qualifier) == (851.0, "个", "count", "exact")
    assert (second._.gz_value, second._.gz_high, second._.gz_qualifier) == (5.0, None, "approx")


def test_component_is_a_registered_factory_and_survives_docbin():
    import spacy
    from spacy.tokens import DocBin

    nlp = spacy.blank("zh")
    nlp.add_pipe("gz_numerals", config={"spans_key": "q"})
    doc = nlp("城镇新增就业超35万人,居全国第三。")
    restored = list(DocBin(docs=[doc], store_user_data=True).get_docs(nlp.vocab))[0]
    spans = restored.spans["q"]
    assert [s.text for s in spans] == ["35万人", "第三"]
    assert [(s._.gz_value, s._.gz_unit, s._.gz_qualifier) for s in spans] == [(350000.0, "人", "over"), (3.0, "位", "exact")]
