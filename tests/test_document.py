"""The Document's invariants on the whole bundled report, and its JSON round trip."""
from __future__ import annotations

import json

import pytest

import gz_ie
from gz_ie.document import Document


def _spans(doc: Document):
    yield from doc.sentences
    yield from doc.quantities
    yield from doc.entities
    yield from doc.relations


def test_text_is_the_raw_input(example_doc, example_text):
    assert example_doc.text == example_text


def test_deleting_noise_gives_clean_text(example_doc):
    raw, pieces, pos = example_doc.text, [], 0
    for n in example_doc.noise:
        assert raw[n.start:n.end] == n.text
        assert n.start >= pos
        pieces.append(raw[pos:n.start])
        pos = n.end
    pieces.append(raw[pos:])
    assert "".join(pieces) == example_doc.clean_text


def test_every_span_matches_clean_and_raw_text(example_doc):
    clean, raw = example_doc.clean_text, example_doc.text
    removed = set()
    for n in example_doc.noise:
        removed.update(range(n.start, n.end))
    count = 0
    for span in _spans(example_doc):
        count += 1
        assert clean[span.start:span.end] == span.text
        assert 0 <= span.raw_start <= span.raw_end <= len(raw)
        # the raw range holds the span's characters in order, plus only removed noise
        kept = "".join(ch for i, ch in enumerate(raw[span.raw_start:span.raw_end], span.raw_start) if i not in removed)
        assert kept == span.text
    assert count > 300


def test_report_yields_facts(example_doc):
    assert len(example_doc.sentences) > 500
    assert example_doc.quantities, "the report is full of figures"


def test_json_round_trip(example_doc):
    data = example_doc.model_dump_json()
    again = Document.model_validate_json(data)
    assert again == example_doc
    assert json.loads(data)["clean_text"] == example_doc.clean_text


def test_models_are_frozen(example_doc):
    with pytest.raises(Exception):
        example_doc.quantities[0].value = 1.0  # type: ignore[misc]


@pytest.mark.parametrize("bad", [None, b"\xe5\xb9\xbf\xe5\xb7\x9e", 42, ["广州"]])
def test_non_text_input_is_a_type_error(bad):
    with pytest.raises(TypeError, match="expects a str"):
        gz_ie.parse(bad)


@pytest.mark.parametrize("text", ["", "   ", "\n\n", "。。。"])
def test_empty_input_gives_empty_document(text, nlp):
    doc = gz_ie.parse(text, nlp=nlp)
    assert doc.text == text
    assert doc.quantities == [] and doc.relations == []
