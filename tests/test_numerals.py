"""The numeral grammar: golden cases, the data tables, robustness, and the spaCy component.

Golden cases live in ``tests/data/numerals.jsonl`` (sentences and every quantity expected in
them, an empty list for the negative cases) and ``tests/data/numerals_parse.jsonl`` (single
strings for ``parse_quantity``); each line is one test.
"""
from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from gz_ie.numerals import NumeralNormaliser, QuantityMatch, find_quantities, parse_quantity
from gz_ie.quantity_grammar import KINDS, NUMERALS_DIR, QUALIFIERS, grammar, load_tables
from case_files import read_cases

DATA = Path(__file__).parent / "data"



CASES = read_cases("numerals.jsonl")
PARSE_CASES = read_cases("numerals_parse.jsonl")
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


# ---------------------------------------------------------------- constructions seen in other reports
# (category, sentence, [(text, value, high, unit, kind, qualifier), ...]); sentences written for
# these tests after constructions met in the developers' corpus of other cities' reports
Q = tuple
CONSTRUCTIONS = [
    # a vague mark inside a counter word
    ("duration-infix", "项目审批时间压缩了3个多月。", [Q(("3个多月", 3, None, "个月", "duration", "over"))]),
    ("duration-infix", "抢修历时两个多小时。", [Q(("两个多小时", 2, None, "小时", "duration", "over"))]),
    ("duration-infix", "用一个多月完成征迁。", [Q(("一个多月", 1, None, "个月", "duration", "over"))]),
    ("duration-infix", "提高1个多百分点。", [Q(("1个多百分点", 1, None, "个百分点", "percent", "over"))]),
    # ranges of Chinese fractions
    ("fraction-range", "增速保持在百分之五到百分之八之间。", [Q(("百分之五到百分之八", 5, 8, "%", "percent", "exact"))]),
    ("fraction-range", "覆盖三分之一至二分之一的乡镇。", [Q(("三分之一至二分之一", 100 / 3, 50, "%", "percent", "exact"))]),
    ("fraction-range", "百分之八到百分之五", [Q(("百分之八", 8, None, "%", "percent", "exact")),
                                        Q(("百分之五", 5, None, "%", "percent", "exact"))]),
    # fractions and their qualifier across 占 + a scope
    ("fraction", "外贸总额约占全国1/10。", [Q(("1/10", 10, None, "%", "percent", "approx"))]),
    ("fraction", "耕地面积约占全省的三分之一。", [Q(("三分之一", 100 / 3, None, "%", "percent", "approx"))]),
    ("fraction", "2023/2024榨季进厂糖料蔗减少。", []),
    ("fraction", "覆盖率达到百分之百。", [Q(("百分之百", 100, None, "%", "percent", "exact"))]),
    ("fraction", "事故率控制在百分之零点五以内。", [Q(("百分之零点五", 0.5, None, "%", "percent", "under"))]),
    ("fraction", "万分之一的概率", [Q(("万分之一", 0.01, None, "%", "percent", "exact"))]),
    ("fraction", "粮食产量占全省三分之一。", [Q(("三分之一", 100 / 3, None, "%", "percent", "exact"))]),
    ("fraction", "高于全国1.2个百分点。", [Q(("1.2个百分点", 1.2, None, "个百分点", "percent", "exact"))]),
    # a minus sign belongs to the number; a hyphen between numbers does not
    ("minus", "建筑业增加值增长-2.3%。", [Q(("-2.3%", -2.3, None, "%", "percent", "exact"))]),
    ("minus", "人口自然增长率为−1.5‰。", [Q(("−1.5‰", -1.5, None, "‰", "percent", "exact"))]),
    ("minus", "增速回落至－0.5个百分点。", [Q(("－0.5个百分点", -0.5, None, "个百分点", "percent", "exact"))]),
    ("minus", "化肥用量负增长1.2%。", [Q(("1.2%", 1.2, None, "%", "percent", "exact"))]),
    ("minus", "每年新建12-15个。", [Q(("12-15个", 12, 15, "个", "count", "exact"))]),
    ("minus", "1-11月出口增长3%。", [Q(("3%", 3, None, "%", "percent", "exact"))]),
    ("minus", "规划期为2021-2035年。", []),
    # a decimal without a unit after a level word; not a version or a code
    ("bare-decimal", "城乡居民收入比从2.12缩小至2.05。", [Q(("2.12", 2.12, None, None, "count", "exact")),
                                                 Q(("2.05", 2.05, None, None, "count", "exact"))]),
    ("bare-decimal", "农田灌溉水有效利用系数达到0.58以上。", [Q(("0.58", 0.58, None, None, "count", "over"))]),
    ("bare-decimal", "拥堵指数为1.62。", [Q(("1.62", 1.62, None, None, "count", "exact"))]),
    ("bare-decimal", "加快数字政府2.0建设。", []),
    ("bare-decimal", "推出营商环境6.5版政策。", []),
    ("bare-decimal", "升级到3.0。", []),
    ("bare-decimal", "PM2.5浓度下降。", []),
    ("bare-decimal", "全年增长5.2。", []),
    # N大 / N级 / N期 are names and classes, not measured (ANNOTATION: numbers inside names)
    ("names", "实施三大工程和5大行动。", []),
    ("names", "新增5A级景区2个。", [Q(("2个", 2, None, "个", "count", "exact"))]),
    ("names", "港区四期、地铁8号线二期建成。", []),
    ("names", "五十家子镇至八家村公路建成。", []),
    ("names", "陆家嘴金融城加快建设。", []),
    ("names", "三台县、五台山、七台河", []),
    ("names", "三家企业和五台设备", [Q(("三家", 3, None, "家", "count", "exact")), Q(("五台", 5, None, "台", "count", "exact"))]),
    ("names", "新设3家子公司。", [Q(("3家", 3, None, "家", "count", "exact"))]),
    ("names", "五十亿项目25个、百亿项目3个。", [Q(("25个", 25, None, "个", "count", "exact")),
                                         Q(("3个", 3, None, "个", "count", "exact"))]),
    ("names", "完成5项目标任务。", [Q(("5项", 5, None, "项", "count", "exact"))]),
    ("names", "建成群防共治队伍410支。", [Q(("410支", 410, None, "支", "count", "exact"))]),
    # a bare scale word after a qualifier is a round figure
    ("bare-scale", "近百家企业落户。", [Q(("百家", 100, None, "家", "count", "under"))]),
    ("bare-scale", "生物医药产值超千亿元。", [Q(("千亿元", 1e11, None, "元", "amount", "over"))]),
    ("bare-scale", "近万名大学生来访。", [Q(("万名", 10000, None, "名", "count", "under"))]),
    ("bare-scale", "贷款余额首次突破万亿元。", [Q(("万亿元", 1e12, None, "元", "amount", "over"))]),
    ("bare-scale", "全社会用电量突破千亿千瓦时。", [Q(("千亿千瓦时", 1e11, None, "千瓦时", "measure", "over"))]),
    ("bare-scale", "新签约亿元以上项目。惠及百姓，走进千家万户。", []),
    ("bare-scale", "经济总量突破千亿大关。", []),
    # 约 inside a word is no qualifier
    ("not-a-qualifier", "签约142亿元。", [Q(("142亿元", 1.42e10, None, "元", "amount", "exact"))]),
    ("not-a-qualifier", "家庭医生签约117万人。", [Q(("117万人", 1.17e6, None, "人", "count", "exact"))]),
    ("not-a-qualifier", "节约用地12%。", [Q(("12%", 12, None, "%", "percent", "exact"))]),
    # the head of a glossary entry names a term
    ("glossary", "名词解释\n〔40〕三个务必：习近平总书记提出", []),
    ("glossary", "名词解释\n三条底线：生态环境底线、民生底线", []),
    ("glossary", "我们主要抓了六个方面工作：", [Q(("六个", 6, None, "个", "count", "exact"))]),
    ("glossary", "回顾\n五年来，我们坚持创新", [Q(("五年", 5, None, "年", "duration", "exact"))]),
    # numbers inside names of roads, markets and districts
    ("names", "加快国道108周公山隧道建设。", []),
    ("names", "争取1039市场采购贸易试点。", []),
    ("names", "推动331片区改造，新建球场405片。", [Q(("405片", 405, None, "片", "count", "exact"))]),
    ("names", "与省外8市34县开展协作。", [Q(("8市", 8, None, "市", "count", "exact")),
                                  Q(("34县", 34, None, "县", "count", "exact"))]),
    # political set phrases without quotation marks
    ("slogans", "落实两个确保要求，做到三个务必，统筹推进四个着力。", []),
    ("slogans", "构建3+2产业体系，建设双一流高校，推进一网通办。", []),
    ("slogans", "打造两个中心。", [Q(("两个", 2, None, "个", "count", "exact"))]),
    ("slogans", "用好国际国内两种资源、两个市场。", []),
    ("slogans", "新增两个市场主体。", [Q(("两个", 2, None, "个", "count", "exact"))]),
    # compound counters are whole
    ("compound-counter", "接待邮轮91艘次。", [Q(("91艘次", 91, None, "艘次", "count", "exact"))]),
    ("compound-counter", "惠及企业超8万家次。", [Q(("8万家次", 80000, None, "家次", "count", "over"))]),
    ("compound-counter", "通关车辆832万辆次。", [Q(("832万辆次", 8320000, None, "辆次", "count", "exact"))]),
    ("compound-counter", "起降航班1200架次。", [Q(("1200架次", 1200, None, "架次", "count", "exact"))]),
    ("compound-counter", "家电以旧换新补贴330万件次。", [Q(("330万件次", 3300000, None, "件次", "count", "exact"))]),
    # 方 is a cubic metre only as a measure
    ("fang", "重点做好以下9方面工作。", []),
    ("fang", "从6方面提出措施。", []),
    ("fang", "完成清淤500万方。", [Q(("500万方", 5000000, None, "方", "measure", "exact"))]),
    # ordinal lists ending in 位/名, and 前N位
    ("rank-list", "两项指标分列第一、第三位。", [Q(("两项", 2, None, "项", "count", "exact")),
                                          Q(("第一", 1, None, "位", "rank", "exact")),
                                          Q(("第三位", 3, None, "位", "rank", "exact"))]),
    ("rank-list", "分获第一、第二名。", [Q(("第一", 1, None, "位", "rank", "exact")),
                                  Q(("第二名", 2, None, "位", "rank", "exact"))]),
    ("rank-list", "推动第一、第二、第三产业融合。", []),
    # a range of ranks needs its rank unit
    ("rank-range", "综合排名第3至5位。", [Q(("第3至5位", 3, 5, "位", "rank", "exact"))]),
    ("rank-range", "居全国第三至第五位。", [Q(("第三至第五位", 3, 5, "位", "rank", "exact"))]),
    ("rank-range", "第3至5年免征。", [Q(("5年", 5, None, "年", "duration", "exact"))]),
    ("rank-list", "前10位中本市占2席。", [Q(("前10位", 10, None, "位", "rank", "up_to")),
                                    Q(("2席", 2, None, "席", "count", "exact"))]),
    # list numbers at a line start
    ("list-marker", "名词解释\n27.9类重点行业：指非煤矿山等。", [Q(("9类", 9, None, "类", "count", "exact"))]),
    ("list-marker", "名词解释\n**31．4个片区：指", [Q(("4个", 4, None, "个", "count", "exact"))]),
    ("list-marker", "全年回顾\n3.2万亿元的经济总量", [Q(("3.2万亿元", 3.2e12, None, "元", "amount", "exact"))]),
    # counters and measures from the table
    ("units", "家禽出栏1.2亿羽以上。", [Q(("1.2亿羽", 1.2e8, None, "羽", "count", "over"))]),
    ("units", "推动设备更新33.6万台套。", [Q(("33.6万台套", 336000, None, "台套", "count", "exact"))]),
    ("units", "动力电池产能达150GWh。", [Q(("150GWh", 150, None, "吉瓦时", "measure", "exact"))]),
    ("units", "储能装机2.5吉瓦时。", [Q(("2.5吉瓦时", 2.5, None, "吉瓦时", "measure", "exact"))]),
    ("units", "新打抗旱井1000口。", [Q(("1000口", 1000, None, "口", "count", "exact"))]),
    ("units", "每小时产氢2000标方。", [Q(("2000标方", 2000, None, "标准立方米", "measure", "exact"))]),
    ("units", "森林蓄积量15万立方米。", [Q(("15万立方米", 150000, None, "立方米", "measure", "exact"))]),
    ("units", "年发电量35亿千瓦时。", [Q(("35亿千瓦时", 3.5e9, None, "千瓦时", "measure", "exact"))]),
    ("units", "三口之家、三门峡", []),
]


@pytest.mark.parametrize("category, text, want", CONSTRUCTIONS,
                         ids=[f"{c}:{t[:14]}" for c, t, _ in CONSTRUCTIONS])
def test_construction(category, text, want):
    found = find_quantities(text)
    keys = ("text", "value", "high", "unit", "kind", "qualifier")
    assert [_fields(q) for q in found] == [_expected(dict(zip(keys, w))) for w in want]
    for q in found:
        assert text[q.start:q.end] == q.text


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
    assert set(c["scaled_unit_blocked_followers"]) <= set(TABLES.units)
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
