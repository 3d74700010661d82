"""Hostile input: empty, huge, repetitive, mixed-script, markup, control characters, wrong types.

``parse`` must return a Document (or raise a clear ``TypeError``/``GzIeError``) for anything,
and time must grow linearly with the input: a test doubles a pathological input and checks
that the time at most roughly doubles (``t(2n) / t(n) < 3``, both measured in one run, so the
ratio holds on a busy machine). The noise filter and the numeral finder are tested at 5 MB;
the full pipeline, which runs the segmenter, at tens of thousands of characters (5 MB through
pkuseg takes minutes, too long for the test suite; ``benchmarks/bench_pipeline.py`` measures
the pipeline on a 1 MB input).
"""
from __future__ import annotations

import math
import re
import time
import warnings
from typing import Callable

import pytest

import gz_ie
from gz_ie.document import Document
from gz_ie.errors import GzIeError
from gz_ie.numerals import find_quantities

SENTENCE = "全年地区生产总值3.2万亿元、同比增长4%。"
RATIO_LIMIT = 3.0


# ---------------------------------------------------------------- helpers

def check_offsets(doc: Document, raw: str) -> None:
    """The offset invariants (the full set is in test_robustness.check_invariants)."""
    assert doc.text == raw
    removed: set[int] = set()
    pieces, pos = [], 0
    for n in doc.noise:
        assert pos <= n.start <= n.end <= len(raw) and raw[n.start:n.end] == n.text
        pieces.append(raw[pos:n.start])
        pos = n.end
        removed.update(range(n.start, n.end))
    pieces.append(raw[pos:])
    assert "".join(pieces) == doc.clean_text
    spans = [*doc.sentences, *doc.quantities, *doc.entities, *doc.relations]
    for s in spans:
        assert doc.clean_text[s.start:s.end] == s.text
        assert 0 <= s.raw_start <= s.raw_end <= len(raw)
        assert "".join(raw[i] for i in range(s.raw_start, s.raw_end) if i not in removed) == s.text
    for q in doc.quantities:
        assert all(v is None or math.isfinite(v) for v in (q.value, q.high)), q


def repeat_to(unit: str, n: int) -> str:
    return (unit * (n // len(unit) + 1))[:n]


def best_time(fn: Callable[[], object], repeat: int = 3) -> float:
    best = math.inf
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - t0)
        if best > 1.0:  # long enough that one run is a fair measurement
            break
    return best


def assert_linear(fn: Callable[[str], object], make: Callable[[int], str], n: int, budget: float,
                  max_n: int = 0) -> None:
    """``fn(make(2n))`` takes at most about twice ``fn(make(n))``.

    ``n`` grows (up to ``max_n``) until ``fn(make(n))`` takes a measurable 0.2 s, so timer
    noise does not decide the ratio; a ratio over the limit is measured once more, since on a
    shared machine another job can stall one run, while a quadratic stage shows a ratio near 4
    every time. ``budget`` (seconds at size n) stops the test early instead of letting a
    quadratic stage run for minutes.
    """
    fn(make(1000))  # warm-up: lazy loading, regex compilation
    t1 = best_time(lambda: fn(make(n)), repeat=1)
    while t1 < 0.2 and 2 * n <= max(max_n, n):
        n *= 2
        t1 = best_time(lambda: fn(make(n)), repeat=1)
    t1 = min(t1, best_time(lambda: fn(make(n)), repeat=2))
    assert t1 < budget, f"{t1:.2f} s for {n:,} characters (budget {budget} s): far too slow"
    small, large = make(n), make(2 * n)
    t2 = best_time(lambda: fn(large))
    if t2 / t1 >= RATIO_LIMIT and t2 < 4 * budget:  # once more, interleaved: other jobs may have stalled one run
        t1 = min(t1, best_time(lambda: fn(small)))
        t2 = min(t2, best_time(lambda: fn(large)))
    assert t2 / max(t1, 1e-3) < RATIO_LIMIT, (
        f"t(2n)/t(n) = {t2:.3f}/{t1:.3f} = {t2 / t1:.1f} for n = {n:,}: time grows faster than linearly")


@pytest.fixture(scope="module")
def flat_report(example_text) -> str:
    """Report text without any punctuation or line breaks (one endless 'sentence')."""
    import regex

    return regex.sub(r"[\p{P}\p{S}\s]+", "", example_text)


# ---------------------------------------------------------------- odd but valid strings

@pytest.mark.parametrize("text", [
    "", " ", "   \t  ", "\n\n\n", "\u3000\u3000", "\r\n" * 20, "\u200b", "\ufeff",
], ids=["empty", "space", "spaces-tab", "newlines", "ideographic-space", "crlf", "zwsp", "bom"])
def test_empty_and_whitespace_only(nlp, text):
    doc = gz_ie.parse(text, nlp=nlp)
    check_offsets(doc, text)
    assert doc.quantities == [] and doc.entities == [] and doc.relations == []
    assert doc.clean_text.strip() == ""


MIXED = {
    "mixed-scripts": "GDP增长5%，GDP grew by 5 percent；ВВП вырос на 5%；国内総生産は5%増加；국내총생산 5% 증가；"
                     "الناتج ١٢٣ ; ผลผลิต ๕ ; 😀🚀 增长5%。",
    "traditional": "全年地區生產總值3.2萬億元、同比增長4%。城鎮新增就業26萬人以上。廣州南沙。",
    "full-width": "地区生产总值３．２万亿元、同比增长４％。ＧＤＰ增长５％。新增就业２６万人。",
    "html-page": (
        "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>政府工作报告</title>"
        "<style>p{color:red}</style><script>var x = 5; if (a < b && c > d) {}</script></head>"
        "<body><div class=\"article\"><p>全年地区生产总值3.2万亿元、<b>同比增长4%</b>。</p>"
        "<p>新增就业26万人&nbsp;以上。<br/></p><!-- 注释 --></div></body></html>"),
    "control": "\x00\x01\x07\x08\x1b[31m全年地区生产总值\x7f3.2万亿元\x1b[0m、\x0b同比增长4%。\x0c",
    "zero-width-and-bidi": "全\u200b年\u200c地\u200d区\u2060生\ufeff产总值\u200e3.2\u200f万亿元\u202e、同比增长4%\u202c。",
    "combining": "增长5%\u0301。e\u0301\u0308",
    "private-use": "\ue000\uf8ff增长5%\U000f0000。",
    "astral": "𠀀𠀁𪚥 增长5% 𝟓𝟔 🀄。",
    "lone-surrogate": "\ud800",
    "surrogate-in-text": "增长\udfff5%。\udbff",
}


@pytest.mark.parametrize("text", MIXED.values(), ids=MIXED.keys())
def test_odd_strings_parse(nlp, text):
    doc = gz_ie.parse(text, nlp=nlp)
    check_offsets(doc, text)


@pytest.mark.parametrize("text", MIXED.values(), ids=MIXED.keys())
def test_every_document_round_trips_through_json(nlp, text):
    """``Document.text`` keeps the raw input, lone surrogates included; JSON cannot carry
    those, so it writes each as U+FFFD, one for one: every offset still holds."""
    doc = gz_ie.parse(text, nlp=nlp)
    again = Document.model_validate_json(doc.model_dump_json())
    lone = re.compile("[\ud800-\udfff]")
    assert again.text == lone.sub("\ufffd", text) and len(again.text) == len(text)
    assert [n.text for n in again.noise] == [lone.sub("\ufffd", n.text) for n in doc.noise]
    assert again.model_copy(update={"text": doc.text, "noise": doc.noise}) == doc


def test_full_width_digits_are_numbers(nlp):
    doc = gz_ie.parse(MIXED["full-width"], nlp=nlp)
    assert [(q.value, q.unit) for q in doc.quantities][:2] == [(3.2e12, "元"), (4.0, "%")]


def test_markup_is_not_clean_text(nlp):
    doc = gz_ie.parse(MIXED["html-page"], nlp=nlp)
    for tag in ("<p>", "</p>", "<b>", "<br/>", "<div", "<!--"):
        assert tag not in doc.clean_text
    assert "3.2万亿元" in [q.text for q in doc.quantities]


def test_zero_width_and_control_characters_are_removed(nlp):
    for key in ("control", "zero-width-and-bidi"):
        doc = gz_ie.parse(MIXED[key], nlp=nlp)
        assert not any(c in doc.clean_text for c in "\x00\x01\x07\x08\x7f\u200b\u200c\u200d\u2060\ufeff"), key
        assert "3.2万亿元" in [q.text for q in doc.quantities], key


def test_lone_surrogates_never_reach_the_segmenter(nlp):
    """A lone surrogate cannot be encoded (spaCy's StringStore hashes UTF-8); it is noise."""
    doc = gz_ie.parse(MIXED["surrogate-in-text"], nlp=nlp)
    assert not any(0xD800 <= ord(c) <= 0xDFFF for c in doc.clean_text)
    assert [q.text for q in doc.quantities] == ["5%"]


def test_huge_numerals_stay_finite_and_json_survives(nlp):
    text = "投资" + "9" * 400 + "亿元，增长" + "1" + "0" * 320 + "%。第" + "9" * 500 + "位。"
    doc = gz_ie.parse(text, nlp=nlp)
    check_offsets(doc, text)
    assert Document.model_validate_json(doc.model_dump_json()) == doc


# ---------------------------------------------------------------- wrong types

@pytest.mark.parametrize("value", [None, b"\xe5\xa2\x9e\xe9\x95\xbf5%", bytearray(b"x"), 42, 3.5, ["增长5%"], object()],
                         ids=["None", "bytes", "bytearray", "int", "float", "list", "object"])
def test_wrong_type_is_a_type_error_that_says_what_to_pass(nlp, value):
    with pytest.raises(TypeError, match=r"expects a str, got " + type(value).__name__):
        gz_ie.parse(value, nlp=nlp)
    with pytest.raises(TypeError, match="expects a str"):
        nlp.tokenizer(value)  # nlp(value) itself is spaCy's: it reads bytes as a serialised Doc


def test_bytes_error_says_how_to_decode(nlp):
    with pytest.raises(TypeError, match=r"decode\('utf-8'\)"):
        gz_ie.parse("增长5%".encode("utf-8"), nlp=nlp)


def test_a_str_subclass_is_a_str(nlp):
    class Text(str):
        pass

    doc = gz_ie.parse(Text(SENTENCE), nlp=nlp)
    assert [q.text for q in doc.quantities] == ["3.2万亿元", "4%"]


# ---------------------------------------------------------------- the size limit

@pytest.fixture(scope="module")
def small_nlp():
    return gz_ie.load(max_length=len(SENTENCE) * 3)


def test_input_at_the_limit_is_accepted_and_past_it_is_a_clear_error(small_nlp):
    limit = len(SENTENCE) * 3
    assert gz_ie.parse(SENTENCE * 3, nlp=small_nlp).quantities
    with pytest.raises(GzIeError, match=rf"E002.*limit of {limit}.*max_length") as info:
        gz_ie.parse(SENTENCE * 3 + "。", nlp=small_nlp)
    assert isinstance(info.value, ValueError)
    assert f"{limit + 1:,}" in str(info.value)


def test_the_limit_counts_raw_characters_noise_included(small_nlp):
    with pytest.raises(GzIeError, match="E002"):
        gz_ie.parse(SENTENCE + "◈ღ✿◈" * 40, nlp=small_nlp)


def test_the_limit_survives_serialisation(tmp_path, small_nlp):
    import spacy

    small_nlp.to_disk(tmp_path / "pipe")
    again = spacy.load(tmp_path / "pipe")
    with pytest.raises(GzIeError, match="E002"):
        gz_ie.parse(SENTENCE * 4, nlp=again)


def test_a_raised_limit_survives_serialisation(tmp_path):
    """spaCy's own ``nlp.max_length`` (default 1,000,000) is not saved: after ``spacy.load``
    the pipeline must still accept what ``load(max_length=...)`` accepted."""
    import spacy

    big = gz_ie.load(max_length=1_200_000)
    big.to_disk(tmp_path / "pipe")
    again = spacy.load(tmp_path / "pipe")
    text = " " * 1_100_000  # whitespace only: no segmentation, quick at any length
    assert gz_ie.parse(text, nlp=big).text == text
    assert gz_ie.parse(text, nlp=again).text == text


# ---------------------------------------------------------------- parse_many and bad items

def test_parse_many_keeps_going_past_bad_items(small_nlp):
    """A non-str or over-long item in the middle of a stream must not abort the stream:
    the good documents still come out, in order, and each bad item gives a warning."""
    good = ["地区生产总值增长5%。", "新增就业26万人以上。"]
    stream = [good[0], None, SENTENCE * 4, b"bytes", good[1]]
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        out = list(gz_ie.parse_many(iter(stream), nlp=small_nlp))
    texts = [d.text for d in out if isinstance(d, Document)]
    assert [t for t in texts if t in good] == good
    assert len(caught) >= 3, [str(w.message) for w in caught]


def test_parse_many_of_an_empty_stream(nlp):
    assert list(gz_ie.parse_many([], nlp=nlp)) == []


# ---------------------------------------------------------------- big and repetitive

REPEATED = ["一", "两", "5", "0", "。", "◈", "<", " ", "\n", "\u200b", "a", "广", "%", "第", "亿"]


@pytest.mark.parametrize("char", REPEATED, ids=[f"U+{ord(c):04X}" for c in REPEATED])
def test_one_repeated_character_through_the_pipeline(nlp, char):
    text = char * 20_000
    t0 = time.perf_counter()
    doc = gz_ie.parse(text, nlp=nlp)
    elapsed = time.perf_counter() - t0
    check_offsets(doc, text)
    assert elapsed < 20, f"{elapsed:.1f} s for 20,000 × {char!r}"


@pytest.mark.parametrize("char", REPEATED, ids=[f"U+{ord(c):04X}" for c in REPEATED])
def test_1mb_of_one_character_in_the_filter_and_the_numeral_finder(nlp, char):
    text = char * 1_000_000
    t0 = time.perf_counter()
    removals = nlp.tokenizer.noise_filter.find(text)
    clean = "".join(text[a:b] for a, b in _kept(removals, len(text)))
    find_quantities(clean)
    elapsed = time.perf_counter() - t0
    assert elapsed < 15, f"{elapsed:.1f} s for 1 MB of {char!r}"


def _kept(removals, length):
    pos = 0
    for r in removals:
        yield pos, r.start
        pos = max(pos, r.end)
    yield pos, length


def test_noise_filter_is_linear_at_5mb_without_punctuation(nlp, flat_report):
    find = nlp.tokenizer.noise_filter.find
    assert_linear(find, lambda n: repeat_to(flat_report, n), 2_500_000, budget=15)


def test_numeral_finder_is_linear_at_5mb_without_punctuation(flat_report):
    assert_linear(find_quantities, lambda n: repeat_to(flat_report, n), 2_500_000, budget=15)


PATHOLOGICAL = {
    # every character a numeral: one endless Chinese number
    "chinese-digits": "一",
    "digit-and-scale": "一亿",
    "digit-pairs": "三十",
    "liang": "两",
    # a quantity every other character
    "percent": "5%",
    "ranges": "1-",
    "thousands": "1,0",
    # an unterminated tag, a tag opener, entity-like ampersands
    "unterminated-tag": "<",
    "tag-openers": "<a ",
    "ampersands": "&#",
    "decorations": "◈ღ✿",
    "advert-prefix": "凯发K8娱乐",
    "zero-width": "\u200b",
}


@pytest.mark.parametrize("unit", PATHOLOGICAL.values(), ids=PATHOLOGICAL.keys())
def test_noise_filter_and_numeral_finder_are_linear(nlp, unit):
    find = nlp.tokenizer.noise_filter.find
    assert_linear(find, lambda n: repeat_to(unit, n), 100_000, budget=5, max_n=2_500_000)
    assert_linear(find_quantities, lambda n: repeat_to(unit, n), 20_000, budget=5, max_n=2_500_000)


PIPELINE_INPUTS = {
    "sentences-with-quantities": "增长5%。",
    "quantities-no-breaks": "增长5%",
    "places": "广州",
    "report-flat": None,  # the report without punctuation
    "report": "",         # the report itself, repeated
}


@pytest.mark.slow
@pytest.mark.parametrize("key", PIPELINE_INPUTS, ids=PIPELINE_INPUTS.keys())
def test_full_pipeline_is_linear(nlp, key, example_text, flat_report):
    unit = {"report-flat": flat_report, "report": example_text}.get(key) or PIPELINE_INPUTS[key]
    assert_linear(lambda t: gz_ie.parse(t, nlp=nlp), lambda n: repeat_to(unit, n), 10_000, budget=3,
                  max_n=40_000)
