"""The spaCy side: tokenizer, sentences, span alignment, serialisation, options."""
from __future__ import annotations

import pytest
import spacy
from spacy.tokens import Doc

import gz_ie
from gz_ie._spans import align, char_span
from gz_ie.errors import GzIeError
from test_hostile_input import assert_linear

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


def _counted_doc(n: int) -> Doc:
    """``地区生产总值851个市`` n times, one sentence each, with an entity and a span group."""
    gz_ie._extensions.register()
    vocab = spacy.blank("zh").vocab
    words = ["地区", "生产总值", "851个市", "。"] * n
    doc = Doc(vocab, words=words, spaces=[False] * len(words), sent_starts=[True, False, False, False] * n)
    doc.ents = [doc.char_span(12 * i, 12 * i + 6, label="METRIC", kb_id="gdp") for i in range(n)]
    doc.spans["g"] = [doc[4 * i:4 * i + 2] for i in range(n)]
    doc.spans["g"].attrs["source"] = "test"
    doc.spans["g"][0]._.gz_unit = "元"
    doc._.gz_raw_text = doc.text
    return doc


@pytest.mark.parametrize("n", [2, 40], ids=["few-splits-in-place", "many-splits-rebuilt"])
def test_align_splits_every_range_and_keeps_the_annotations(n):
    doc = _counted_doc(n)
    text = doc.text
    ranges = [(12 * i + 6, 12 * i + 10) for i in range(n)]  # "851个" ends inside "851个市"
    aligned = align(doc, ranges)
    assert (aligned is doc) == (n == 2)
    assert aligned.text == text
    assert [t.text for t in aligned[:5]] == ["地区", "生产总值", "851个", "市", "。"]
    assert all(aligned.char_span(s, e).text == "851个" for s, e in ranges)
    assert [s.text for s in aligned.sents] == ["地区生产总值851个市。"] * n
    assert [(e.start_char, e.label_, e.kb_id_) for e in aligned.ents][:2] == [(0, "METRIC", "gdp"), (12, "METRIC", "gdp")]
    assert [s.text for s in aligned.spans["g"]] == ["地区生产总值"] * n
    assert aligned.spans["g"].attrs == {"source": "test"}
    assert aligned.spans["g"][0]._.gz_unit == "元"
    assert aligned._.gz_raw_text == text


def test_align_leaves_an_aligned_doc_alone_and_rejects_ranges_outside():
    doc = _counted_doc(3)
    assert align(doc, [(0, 6), (6, 12)]) is doc
    with pytest.raises(ValueError, match="outside"):
        align(doc, [(30, 40)])


def test_align_is_linear_in_the_number_of_splits():
    # spaCy's retokenizer shifts the whole Doc per split; many splits must not be quadratic
    def run(doc):
        align(doc, [(12 * i + 6, 12 * i + 10) for i in range(len(doc) // 4)])

    assert_linear(run, _counted_doc, 5_000, budget=3, max_n=80_000)


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


def test_user_words_are_whole_dictionary_words_longest_first():
    from gz_ie.tokenizer import UserWords

    words = UserWords(["企业数字化转型", "数字化", "甘孜", "甘孜藏族自治州", "南沙 港区"])
    # pkuseg's own preprocessor kept 企业数 and 甘孜藏 here (where its trie walk failed)
    assert words.solve("推进企业数字化改造") == (["推进企业", "数字化", "改造"], [False, True, False], ["", "", ""])
    assert words.solve("去甘孜藏区") == (["去", "甘孜", "藏区"], [False, True, False], ["", "", ""])
    assert words.solve("甘孜藏族自治州") == (["甘孜藏族自治州"], [True], [""])
    assert words.solve("南沙港区") == (["南沙港区"], [False], [""])  # words with spaces never match
    assert words.solve("") == ([], [], [])


def test_the_tokenizer_keeps_dictionary_names_whole(nlp):
    doc = nlp("推进企业数字化转型试点城市建设，研发投入强度达3.4%。")
    assert "企业数" not in [t.text for t in doc]
