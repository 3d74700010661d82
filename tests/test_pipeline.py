"""The spaCy side: tokenizer, sentences, span alignment, serialisation, options."""
from __future__ import annotations

import pytest
import spacy
from spacy.tokens import Doc

import gz_ie
from gz_ie._spans import char_span
from gz_ie.errors import GzIeError

POLLUTED = "全年地区生产总值◈ღ✿◈3.2万亿元、同比增长4%。\n推动851个市重点项目年度实现投资3800亿元以上。"


def test_tokens_cover_the_clean_text_only(nlp):
    doc = nlp(POLLUTED)
    assert doc.text == "".join(t.text_with_ws for t in doc)
    assert "◈" not in doc.text
    assert doc._.gz_raw_text == POLLUTED
    assert any(n[2] != "gap" and "◈" in n[3] for n in doc._.gz_noise)


def test_sentences_end_at_final_marks_and_line_breaks(nlp):
    doc = gz_ie.parse("第一句。第二句！第三句;第四句\n第五句", nlp=nlp)
    assert [s.text for s in doc.sentences] == ["第一句。", "第二句！", "第三句;", "第四句", "第五句"]


def test_closing_quote_stays_with_its_sentence(nlp):
    doc = gz_ie.parse("他说“要快。”然后开工。", nlp=nlp)
    assert [s.text for s in doc.sentences] == ["他说“要快。”", "然后开工。"]


def test_char_span_splits_a_token_and_keeps_span_groups():
    nlp = spacy.blank("zh")
    doc = Doc(nlp.vocab, words=["地区", "生产总值", "851个市"], spaces=[False, False, False])
    doc.spans["g"] = [doc[0:2]]
    span = char_span(doc, 6, 10, label="count")
    assert span.text == "851个"
    assert [t.text for t in doc] == ["地区", "生产总值", "851个", "市"]
    assert [s.text for s in doc.spans["g"]] == ["地区生产总值"]


def test_disable_and_unknown_component():
    nlp = gz_ie.load(disable=["gz_relations"])
    assert "gz_relations" not in nlp.pipe_names
    with pytest.raises(GzIeError, match="E005"):
        gz_ie.load(disable=["parser"])


def test_input_size_limit_is_a_clear_error():
    nlp = gz_ie.load(max_length=100)
    with pytest.raises(GzIeError, match="more than the limit"):
        nlp("增长5%。" * 50)


def test_to_disk_and_spacy_load_give_the_same_facts(tmp_path, nlp):
    nlp.to_disk(tmp_path / "pipe")
    again = spacy.load(tmp_path / "pipe")
    a = gz_ie.parse(POLLUTED, nlp=nlp)
    b = gz_ie.parse(POLLUTED, nlp=again)
    assert a == b


def test_parse_many_streams_documents(nlp):
    texts = ["地区生产总值增长5%。", "", "新增就业26万人以上。"]
    docs = list(gz_ie.parse_many(texts, nlp=nlp))
    assert [d.text for d in docs] == texts
