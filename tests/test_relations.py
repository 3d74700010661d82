"""Metric - value - change relations (gz_ie.relations, gz_ie.clauses, gz_ie.periods).

The golden cases are data: ``tests/data/relations.jsonl`` (one sentence each, by construction:
level, change, carry-over, basis, rank, 分别, lists, counted nouns, negatives) and
``tests/data/relations_periods.jsonl`` (small reports, for period and kind). Each case sets
its quantity spans directly on a Doc of single-character tokens, so these tests exercise the
relation rules alone, whatever the segmenter and the numerals grammar do.
"""
from __future__ import annotations

import json
from pathlib import Path

import pytest
import spacy
from hypothesis import example, given, settings
from hypothesis import strategies as st
from spacy.tokens import Doc

from gz_ie import _extensions
from gz_ie.periods import PERIODS_FILE, Frame, PeriodCues, ReportStructure, detect_year, plan_first_year, plan_name
from gz_ie.relation_vocab import (
    LEXICON_FILE, QUANTITY_KINDS, RULES_FILE, MetricLexicon, RuleVocab, read_jsonl,
    validate_lexicon_rows, validate_rules,
)
from gz_ie.relations import RelationFinder, make_relations  # noqa: F401  (registers the factory)
from gz_ie.sentences import SentenceSplitter
from case_files import read_cases

DATA = Path(__file__).parent / "data"



PERIOD_CASES = read_cases("relations_periods.jsonl")
# constructions of other provinces' and prefectures' reports (lists with 以及, shared heads and
# topics, a second unit, policy names, capacities of projects, shared rates, earlier clauses)
GENERALISE_CASES = read_cases("relations_generalise.jsonl")
CASES = read_cases("relations.jsonl")


def _case(metric: str, value: str | None = None, change: str | None = None, **extra) -> dict:
    return {"metric": metric, "value": value, "change": change, **extra}


# Constructions met in the developer corpus, in sentences written for these tests.
GENERAL_CASES = [
    {"category": "lead-verb", "text": "争创省级现代农业园区3个。", "quantities": ["3个|count|个"],
     "relations": [_case("省级现代农业园区", "3个")]},
    {"category": "lead-verb", "text": "组建产业创新联合体12家，培育专精特新企业40家。",
     "quantities": ["12家|count|家", "40家|count|家"],
     "relations": [_case("产业创新联合体", "12家"), _case("专精特新企业", "40家")]},
    {"category": "lead-verb", "text": "治理违法建设80万平方米。", "quantities": ["80万平方米|measure|平方米"],
     "relations": [_case("治理违法建设", "80万平方米")]},
    {"category": "lead-verb", "text": "开设托管班的学校占比达到85%。", "quantities": ["85%|percent|%"],
     "relations": [_case("开设托管班的学校占比", "85%")]},
    {"category": "list-marker", "text": "（3）新建社区食堂25个。", "quantities": ["25个|count|个"],
     "relations": [_case("新建社区食堂", "25个")]},
    {"category": "list-marker", "text": "⑶完成背街小巷改造80条。", "quantities": ["80条|count|条"],
     "relations": [_case("背街小巷改造", "80条")]},
    {"category": "list-marker", "text": "4.更新新能源公交车150台。", "quantities": ["150台|count|台"],
     "relations": [_case("更新新能源公交车", "150台")]},
    {"category": "frame", "text": "面向中小企业发放创新券8000万元。", "quantities": ["8000万元|amount|元"],
     "relations": [_case("创新券", "8000万元")]},
    {"category": "running-total", "text": "新获批省级工程研究中心6个，累计28个。",
     "quantities": ["6个|count|个", "28个|count|个"],
     "relations": [_case("省级工程研究中心", "6个"), _case("省级工程研究中心", "28个")]},
    {"category": "running-total", "text": "绿色工厂新增35家、累计达210家。",
     "quantities": ["35家|count|家", "210家|count|家"],
     "relations": [_case("绿色工厂", "35家"), _case("绿色工厂", "210家")]},
    {"category": "negative", "text": "获评先进集体12个、个人30名。",
     "quantities": ["12个|count|个", "30名|count|名"],
     "relations": [_case("先进集体", "12个")]},
    {"category": "distribute", "text": "快递业务量超5亿件、业务收入超40亿元，均增长12%。",
     "quantities": ["5亿件|count|件", "40亿元|amount|元", "12%|percent|%"],
     "relations": [_case("快递业务量", "5亿件", "12%", sign=1), _case("业务收入", "40亿元", "12%", sign=1)]},
    {"category": "list-verb", "text": "新建口袋公园、街角绿地、社区公园60个。", "quantities": ["60个|count|个"],
     "relations": [_case("口袋公园、街角绿地、社区公园", "60个")]},
    {"category": "list-verb", "text": "新建、改造供水管网45公里。", "quantities": ["45公里|measure|公里"],
     "relations": [_case("新建、改造供水管网", "45公里")]},
    {"category": "list-verb", "text": "新建改扩建幼儿园、小学30所。", "quantities": ["30所|count|所"],
     "relations": [_case("新建改扩建幼儿园、小学", "30所")]},
    {"category": "list-verb", "text": "新建碧道120公里。", "quantities": ["120公里|measure|公里"],
     "relations": [_case("新建碧道", "120公里")]},
    {"category": "basis", "text": "全市志愿服务站年均服务群众200万人次。", "quantities": ["200万人次|count|人次"],
     "relations": [_case("服务群众", "200万人次", basis="annual_avg")]},
    {"category": "basis", "text": "PM2.5年均浓度降至28微克/立方米。", "quantities": ["28微克/立方米|measure|微克/立方米"],
     "relations": [_case("PM2.5年均浓度", "28微克/立方米", basis=None)]},
    {"category": "cumulative", "text": "累计投入帮扶资金36亿元，累计新设外资企业1200家。",
     "quantities": ["36亿元|amount|元", "1200家|count|家"],
     "relations": [_case("累计投入帮扶资金", "36亿元"), _case("新设外资企业", "1200家")]},
    {"category": "scope", "text": "报备市政府规范性文件45件。", "quantities": ["45件|count|件"],
     "relations": [_case("规范性文件", "45件")]},
    {"category": "counted", "text": "推动300家企业完成智能化改造。", "quantities": ["300家|count|家"],
     "relations": [_case("企业完成智能化改造", "300家")]},
    {"category": "counted", "text": "120家企业完成智能化改造。", "quantities": ["120家|count|家"],
     "relations": [_case("企业", "120家")]},
    {"category": "change", "text": "高端装备产值占比提高了2.5个百分点，高耗能行业占比降低了1.2个百分点。",
     "quantities": ["2.5个百分点|percent|个百分点", "1.2个百分点|percent|个百分点"],
     "relations": [_case("高端装备产值占比", None, "2.5个百分点", sign=1), _case("高耗能行业占比", None, "1.2个百分点", sign=-1)]},
    {"category": "change", "text": "城市和农村低保标准分别提高60元、90元。",
     "quantities": ["60元|amount|元", "90元|amount|元"],
     "relations": [_case("城市低保标准", None, "60元", sign=1), _case("农村低保标准", None, "90元", sign=1)]},
    {"category": "change", "text": "居民预期寿命达到81.2岁，比上年提高0.3岁。",
     "quantities": ["81.2岁|measure|岁", "0.3岁|measure|岁"],
     "relations": [_case("居民预期寿命", "81.2岁", "0.3岁", sign=1, basis="yoy")]},
    {"category": "change", "text": "林分优化提升15万亩。", "quantities": ["15万亩|measure|亩"],
     "relations": [_case("林分优化提升", "15万亩")]},
    {"category": "distribute", "text": "存款余额、贷款余额分别为3200亿元、2800亿元，分别比年初增长8.1%、9.4%。",
     "quantities": ["3200亿元|amount|元", "2800亿元|amount|元", "8.1%|percent|%", "9.4%|percent|%"],
     "relations": [_case("存款余额", "3200亿元", "8.1%", sign=1), _case("贷款余额", "2800亿元", "9.4%", sign=1)]},
    {"category": "distribute", "text": "城乡低保标准分别提高至每月900元和每年8000元。",
     "quantities": ["900元|amount|元", "8000元|amount|元"],
     "relations": [_case("城乡低保标准", "900元"), _case("城乡低保标准", "8000元")]},
    {"category": "list", "text": "力争单位能耗下降3%、灌溉水利用系数达到0.62、供水管网漏损率控制在8%以内。",
     "quantities": ["3%|percent|%", "0.62||", "8%|percent|%"],
     "relations": [_case("单位能耗", None, "3%", sign=-1), _case("灌溉水利用系数", "0.62"), _case("供水管网漏损率", "8%")]},
    {"category": "known-list", "text": "地区生产总值、规上工业增加值、固定资产投资增长6%左右。", "quantities": ["6%|percent|%"],
     "relations": [_case("地区生产总值", None, "6%", sign=1), _case("规上工业增加值", None, "6%", sign=1),
                   _case("固定资产投资", None, "6%", sign=1)]},
    {"category": "list", "text": "第一、第二、第三产业增加值分别增长3%以上、6%以上和7%以上。",
     "quantities": ["3%|percent|%", "6%|percent|%", "7%|percent|%"],
     "relations": [_case("第一产业增加值", None, "3%", sign=1), _case("第二产业增加值", None, "6%", sign=1),
                   _case("第三产业增加值", None, "7%", sign=1)]},
    {"category": "boundary", "text": "高等教育毛入学率达到62%。", "quantities": ["62%|percent|%"],
     "relations": [_case("高等教育毛入学率", "62%")]},
    {"category": "boundary", "text": "生产性服务业营收力争突破1.5万亿元。", "quantities": ["1.5万亿元|amount|元"],
     "relations": [_case("生产性服务业营收", "1.5万亿元")]},
    {"category": "lead-verb", "text": "制定、修订和废止政府规章9部。", "quantities": ["9部|count|部"],
     "relations": [_case("政府规章", "9部")]},
    {"category": "period", "text": "力争到2030年，全市地区生产总值迈上5万亿元新台阶。", "quantities": ["5万亿元|amount|元"],
     "year": 2026, "relations": [_case("地区生产总值", "5万亿元", period="2030", kind="target")]},
    {"category": "period", "text": "开工建设城际铁路2条，到2030年建成充电桩2万个。",
     "quantities": ["2条|count|条", "2万个|count|个"], "year": 2026,
     "relations": [_case("城际铁路", "2条", period="2030", kind="target"), _case("充电桩", "2万个", period="2030", kind="target")]},
    {"category": "negative", "text": "打造三条黄金旅游带，办好十件民生实事。", "quantities": ["三条|count|条", "十件|count|件"],
     "relations": []},
    {"category": "level", "text": "国家级开发区达到五个，省级开发区12个。", "quantities": ["五个|count|个", "12个|count|个"],
     "relations": [_case("国家级开发区", "五个"), _case("省级开发区", "12个")]},
    {"category": "share", "text": "承办省运会近30%、省残运会25%的比赛项目，创历史纪录。",
     "quantities": ["30%|percent|%", "25%|percent|%"],
     "relations": [_case("省运会比赛项目", "30%"), _case("省残运会比赛项目", "25%")]},
    {"category": "negative", "text": "建成投资超10%的项目。", "quantities": ["10%|percent|%"], "relations": []},
    {"category": "counted", "text": "综合保税区，自贸试验区12项制度创新成果在全国推广。", "quantities": ["12项|count|项"],
     "relations": [_case("自贸试验区制度创新成果", "12项")]},
    {"category": "counted", "text": "智能装备产业园等15个项目建成投产。", "quantities": ["15个|count|个"],
     "relations": [_case("项目", "15个")]},
    {"category": "counted", "text": "16个国控、省控断面水质稳定达标。", "quantities": ["16个|count|个"],
     "relations": [_case("国控、省控断面", "16个")]},
    {"category": "counted", "text": "签约12个项目、合同投资额47.5亿元。", "quantities": ["12个|count|个", "47.5亿元|amount|元"],
     "relations": [_case("项目", "12个"), _case("合同投资额", "47.5亿元")]},
    {"category": "rank", "text": "本市在“全球科研城市指数”中位居全球第八。", "quantities": ["第八|rank|位"],
     "relations": [_case("“全球科研城市指数”", "第八")]},
    {"category": "boundary", "text": "围绕家电、餐饮等领域开展促消费活动40场以上。", "quantities": ["40场|count|场"],
     "relations": [_case("促消费活动", "40场")]},
    {"category": "boundary", "text": "一般公共预算收入可比增长4.3%。", "quantities": ["4.3%|percent|%"],
     "relations": [_case("一般公共预算收入", None, "4.3%", sign=1)]},
    {"category": "counted", "text": "12类48件民生实事保质保量完成。", "quantities": ["48件|count|件"],
     "relations": [_case("民生实事", "48件")]},
    {"category": "distribute", "text": "接待游客人次和旅游总收入按可比口径分别增长12%、9%。",
     "quantities": ["12%|percent|%", "9%|percent|%"],
     "relations": [_case("接待游客人次", None, "12%", sign=1), _case("旅游总收入", None, "9%", sign=1)]},
    {"category": "count_first", "text": "12条入海河流水质达标率100%。", "quantities": ["12条|count|条", "100%|percent|%"],
     "relations": [_case("12条入海河流水质达标率", "100%")]},
    {"category": "distribute", "text": "盗窃、诈骗警情分别下降12.5%、20.1%。",
     "quantities": ["12.5%|percent|%", "20.1%|percent|%"],
     "relations": [_case("盗窃警情", None, "12.5%", sign=-1), _case("诈骗警情", None, "20.1%", sign=-1)]},
    {"category": "distribute", "text": "存款余额和贷款余额连续第2年双双超过5000亿元、分别达5600亿元和5100亿元。",
     "quantities": ["5000亿元|amount|元", "5600亿元|amount|元", "5100亿元|amount|元"],
     "relations": [_case("存款余额", "5000亿元"), _case("贷款余额", "5000亿元"),
                   _case("存款余额", "5600亿元"), _case("贷款余额", "5100亿元")]},
    {"category": "rank", "text": "社会消费品零售总额增速全省第2、规上工业增加值增速攀升至7%。",
     "quantities": ["第2|rank|位", "7%|percent|%"],
     "relations": [_case("社会消费品零售总额增速", "第2"), _case("规上工业增加值", None, "7%", sign=1)]},
    {"category": "negative", "text": "新增3家产值超百亿元工业企业。", "quantities": ["3家|count|家", "百亿元|amount|元"],
     "relations": [_case("产值超百亿元工业企业", "3家")]},
    {"category": "level", "text": "跨境人民币结算金额首次突破万亿元大关，保费收入超300亿元。",
     "quantities": ["万亿元|amount|元", "300亿元|amount|元"],
     "relations": [_case("跨境人民币结算金额", "万亿元"), _case("保费收入", "300亿元")]},
    {"category": "level", "text": "个体工商户首破80万户大关。", "quantities": ["80万户|count|户"],
     "relations": [_case("个体工商户", "80万户")]},
    {"category": "counted", "text": "提升现有18个历史文化街区品质。", "quantities": ["18个|count|个"],
     "relations": [_case("历史文化街区", "18个")]},
    {"category": "change", "text": "城乡低保综合提标9.5%。", "quantities": ["9.5%|percent|%"],
     "relations": [_case("城乡低保综合", None, "9.5%", sign=1)]},
    {"category": "negative", "text": "建成500千伏输变电工程3项。", "quantities": ["500千伏|measure|千伏", "3项|count|项"],
     "relations": [_case("500千伏输变电工程", "3项")]},
    {"category": "boundary", "text": "外贸进出口在对美出口下降的情况下增长9%。", "quantities": ["9%|percent|%"],
     "relations": [_case("外贸进出口", None, "9%", sign=1)]},
    {"category": "lead-verb", "text": "实施总投资300亿元的技改项目75个。", "quantities": ["300亿元|amount|元", "75个|count|个"],
     "relations": [_case("总投资300亿元的技改项目", "75个")]},
    {"category": "generic", "text": "招商项目128个、金额560亿元。",
     "quantities": ["128个|count|个", "560亿元|amount|元"],
     "relations": [_case("招商项目", "128个"), _case("招商项目金额", "560亿元")]},
]


@pytest.fixture(scope="module")
def nlp():
    _extensions.register()
    nlp = spacy.blank("zh")
    nlp.add_pipe("gz_relations")
    return nlp


def build_doc(nlp, text: str, quantities: list[str]) -> Doc:
    """A Doc of one-character tokens with sentence starts and the given quantity spans.

    ``quantities`` are ``"surface|kind|unit"`` strings, found in order in ``text``.
    """
    doc = Doc(nlp.vocab, words=list(text), spaces=[False] * len(text))
    doc = SentenceSplitter()(doc)
    spans, cursor = [], 0
    for spec in quantities:
        surface, kind, unit = (spec.split("|") + ["", ""])[:3]
        start = text.find(surface, cursor)
        assert start >= 0, f"{surface!r} not in {text!r}"
        span = doc.char_span(start, start + len(surface), label=kind)
        span._.gz_kind, span._.gz_unit, span._.gz_value = kind, unit or None, 1.0
        spans.append(span)
        cursor = start + len(surface)
    doc.spans["gz_quantities"] = spans
    return doc


def run(nlp, case: dict) -> tuple[Doc, list[dict]]:
    doc = build_doc(nlp, case["text"], case["quantities"])
    doc = nlp.get_pipe("gz_relations")(doc, year=case.get("year"))
    return doc, doc._.gz_relations


def _surface(doc: Doc, ref: dict | None) -> str | None:
    return None if ref is None else doc.text[ref["start"]:ref["end"]]


def _view(doc: Doc, rel: dict, keys) -> dict:
    out = {"metric": rel["metric"], "value": _surface(doc, rel["value"]), "change": _surface(doc, rel["change"])}
    if rel["change"] is not None:
        out["sign"] = rel["change"]["sign"]
    for key in keys:
        out[key] = rel[key]
    return out


@pytest.mark.parametrize("case", CASES + GENERAL_CASES + GENERALISE_CASES,
                         ids=[f"{c['category']}:{c['text'][:18]}" for c in CASES + GENERAL_CASES + GENERALISE_CASES])
def test_golden_sentence(nlp, case):
    doc, rels = run(nlp, case)
    expected = case["relations"]
    keys = sorted({k for e in expected for k in e} - {"metric", "value", "change", "sign"})
    got = [_view(doc, r, keys) for r in rels]
    want = [{**{k: None for k in keys}, **e} for e in expected]
    for w in want:
        if w["change"] is None:
            w.pop("sign", None)
    assert got == want


@pytest.mark.parametrize("case", PERIOD_CASES, ids=[f"{c['category']}" for c in PERIOD_CASES])
def test_golden_periods(nlp, case):
    doc, rels = run(nlp, case)
    got = [{"metric": r["metric"], "kind": r["kind"], "period": r["period"]} for r in rels]
    assert got == case["relations"]
    if "report_year" in case:
        assert doc._.gz_year == case["report_year"]


@pytest.mark.parametrize("case", CASES + GENERAL_CASES + GENERALISE_CASES + PERIOD_CASES,
                         ids=[f"{c['category']}:{c['text'][:12]}" for c in CASES + GENERAL_CASES + GENERALISE_CASES + PERIOD_CASES])
def test_relations_point_at_quantity_spans(nlp, case):
    """convert.py drops a reference that is not a quantity span: every one must be."""
    doc, rels = run(nlp, case)
    spans = {(s.start_char, s.end_char) for s in doc.spans["gz_quantities"]}
    for rel in rels:
        assert 0 <= rel["start"] < rel["end"] <= len(doc.text)
        assert rel["value"] is not None or rel["change"] is not None
        for ref in (rel["value"], rel["change"]):
            if ref is not None:
                assert (ref["start"], ref["end"]) in spans
                assert rel["start"] <= ref["start"] and ref["end"] <= rel["end"]
        assert rel["kind"] in ("target", "actual")
        assert rel["basis"] in (None, "yoy", "annual_avg", "vs_year")
        if rel["change"] is not None:
            assert rel["change"]["sign"] in (1, -1)
        assert json.loads(json.dumps(rel, ensure_ascii=False)) == rel  # plain values only


def test_word_boundaries_guard_single_character_stops(nlp):
    """With a segmenter's words, 达 inside 直达 does not end the counted noun."""
    words = ["率先", "开通", "省内", "3条", "短途", "运输", "直达", "航线", "，",
             "推动", "近", "4万件", "矛盾", "纠纷", "化解", "在", "基层", "。"]
    doc = Doc(nlp.vocab, words=words, spaces=[False] * len(words))
    doc = SentenceSplitter()(doc)
    spans = []
    for token in doc:
        if token.text in ("3条", "4万件"):
            span = doc[token.i:token.i + 1]
            span._.gz_kind, span._.gz_unit = "count", token.text[-1]
            spans.append(span)
    doc.spans["gz_quantities"] = spans
    rels = nlp.get_pipe("gz_relations")(doc)._.gz_relations
    assert [r["metric"] for r in rels] == ["短途运输直达航线", "矛盾纠纷化解"]


def test_word_boundaries_guard_single_character_qualifiers(nlp):
    """共 opens 共建 here, it is no qualifier: the count is of 共建重大项目."""
    words = ["26个", "共建", "重大", "项目", "完成", "投资", "超", "300亿元", "。"]
    doc = Doc(nlp.vocab, words=words, spaces=[False] * len(words))
    doc = SentenceSplitter()(doc)
    first, second = doc[0:1], doc[7:8]
    first._.gz_kind, first._.gz_unit = "count", "个"
    second._.gz_kind, second._.gz_unit = "amount", "元"
    doc.spans["gz_quantities"] = [first, second]
    rels = nlp.get_pipe("gz_relations")(doc)._.gz_relations
    assert [(r["metric"], doc.text[r["value"]["start"]:r["value"]["end"]]) for r in rels] == [
        ("共建重大项目", "26个"), ("共建重大项目投资", "300亿元")]


# ---------------------------------------------------------------------------------------
# the component in a pipeline


def test_component_output_shape(nlp):
    doc, rels = run(nlp, {"text": "全年地区生产总值3.2万亿元、同比下降4%。", "quantities": ["3.2万亿元|amount|元", "4%|percent|%"], "year": 2026})
    assert rels == [{
        "metric": "地区生产总值", "metric_id": "gdp", "start": 2, "end": 21,
        "value": {"start": 8, "end": 14}, "change": {"start": 19, "end": 21, "sign": -1},
        "basis": "yoy", "period": "2025", "kind": "actual",
    }]
    assert doc._.gz_year == 2026


def test_year_passes_through_component_cfg(nlp):
    doc = build_doc(nlp, "全年地区生产总值增长4%。", ["4%|percent|%"])
    doc = nlp.get_pipe("gz_relations")(doc, year=2024)
    assert doc._.gz_year == 2024 and doc._.gz_relations[0]["period"] == "2023"


def test_no_quantities_no_relations(nlp):
    doc = build_doc(nlp, "今年是“十五五”开局之年。", [])
    doc = nlp.get_pipe("gz_relations")(doc)
    assert doc._.gz_relations == [] and doc._.gz_year == 2026


def test_serialisation_round_trip(nlp, tmp_path):
    case = CASES[0]
    _, before = run(nlp, case)
    other = spacy.blank("zh")
    other.add_pipe("gz_relations").from_bytes(nlp.get_pipe("gz_relations").to_bytes())
    assert run(other, case)[1] == before
    nlp.get_pipe("gz_relations").to_disk(tmp_path / "rel")
    third = spacy.blank("zh")
    third.add_pipe("gz_relations").from_disk(tmp_path / "rel")
    assert run(third, case)[1] == before


def test_pipeline_to_disk_and_load(nlp, tmp_path):
    nlp.to_disk(tmp_path / "pipe")
    loaded = spacy.load(tmp_path / "pipe")
    case = CASES[1]
    assert run(loaded, case)[1] == run(nlp, case)[1]


def test_custom_lexicon_file(tmp_path):
    path = tmp_path / "metrics.jsonl"
    path.write_text(json.dumps({"id": "toy", "metric": "玩具产量", "aliases": [], "en": "toy output",
                                "unit_kinds": ["count"], "category": "test"}, ensure_ascii=False) + "\n", encoding="utf-8")
    nlp = spacy.blank("zh")
    nlp.add_pipe("gz_relations", config={"lexicon_file": str(path)})
    _, rels = run(nlp, {"text": "玩具产量达到300万件。", "quantities": ["300万件|count|件"]})
    assert rels[0]["metric_id"] == "toy"


def test_bad_vocabularies_raise(tmp_path):
    bad = tmp_path / "metrics.jsonl"
    bad.write_text('{"id": "x", "metric": "甲"}\n', encoding="utf-8")
    with pytest.raises(ValueError, match="unit_kinds"):
        RelationFinder(bad, RULES_FILE, PERIODS_FILE)
    rules = json.loads(RULES_FILE.read_text(encoding="utf-8"))
    rules["level_triggers"] = "达到"
    with pytest.raises(ValueError, match="level_triggers"):
        RuleVocab.from_dict(rules)
    with pytest.raises(ValueError, match="period cues"):
        PeriodCues.from_dict({"target_cues": "力争"})


# ---------------------------------------------------------------------------------------
# data files


def test_lexicon_is_valid():
    rows = read_jsonl(LEXICON_FILE)
    assert validate_lexicon_rows(rows) == []
    assert len(rows) >= 80
    ids = [r["id"] for r in rows]
    assert len(ids) == len(set(ids))
    for row in rows:
        assert row["en"] and set(row["unit_kinds"]) <= QUANTITY_KINDS


def test_lexicon_validation_catches_problems():
    rows = [
        {"id": "gdp", "metric": "地区生产总值", "aliases": ["GDP"], "en": "GDP", "unit_kinds": ["amount"], "category": "e"},
        {"id": "gdp", "metric": "生产总值", "aliases": ["GDP"], "en": "GDP", "unit_kinds": ["money"], "category": "e"},
        {"id": "Bad Id", "metric": "甲", "aliases": [], "en": "a", "unit_kinds": ["count"], "category": "e", "extra": 1},
        {"id": "other", "metric": "乙", "aliases": ["地区生产总值"], "en": "b", "unit_kinds": ["count"], "category": "e"},
    ]
    problems = " | ".join(validate_lexicon_rows(rows))
    for fragment in ("duplicate id", "not a non-empty subset", "listed twice", "also belongs to", "snake_case", "unknown fields"):
        assert fragment in problems


def test_lexicon_lookup():
    lexicon = MetricLexicon.from_file()
    assert lexicon.lookup("规上工业增加值").id == "industrial_va"
    assert lexicon.lookup("全市地区生产总值").id == "gdp"
    assert lexicon.lookup("gdp").id == "gdp"
    assert lexicon.lookup("民间工业投资") is None


def test_rules_file_is_valid():
    data = json.loads(RULES_FILE.read_text(encoding="utf-8"))
    assert validate_rules(data) == []
    vocab = RuleVocab.from_dict(data)
    for key, words in vocab.lists.items():
        assert len(words) == len(set(words)), f"{key} lists a word twice"


def test_metric_files_have_a_source_note():
    folder = LEXICON_FILE.parent
    note = (folder / "SOURCE.md").read_text(encoding="utf-8")
    for path in folder.iterdir():
        if path.suffix in (".json", ".jsonl"):
            assert path.name in note, f"{path.name} is not described in SOURCE.md"


# ---------------------------------------------------------------------------------------
# periods


@pytest.mark.parametrize("year, name", [(2021, "十四五"), (2025, "十四五"), (2026, "十五五"), (2016, "十三五"), (2010, "十一五")])
def test_plan_name(year, name):
    assert plan_name(year) == name
    assert plan_first_year(name) <= year < plan_first_year(name) + 5


@pytest.mark.parametrize("text, year", [
    ("——2026年1月26日在天津市第十八届人民代表大会第四次会议上", 2026),
    ("——2022年12月26日在曲靖市第六届人民代表大会第二次会议上", 2023),
    ("一、2024年工作回顾\n过去一年……", 2025),
    ("**三、2026年工作安排**", 2026),
    ("今年是“十五五”开局之年。", 2026),
    ("今年是“十四五”规划收官之年。", 2025),
    ("全年地区生产总值增长5%。", None),
    ("——二〇二五年一月十四日在某市第十七届人民代表大会第五次会议上", 2025),
    ("——二○二二年十二月二十日在某州第十五届人民代表大会第二次会议上", 2023),
    ("2024年某市政府工作报告\n各位代表：", 2024),
])
def test_detect_year(text, year):
    assert detect_year(text) == year


def test_baseline_of_a_plan_review_is_the_plan_base_year(nlp):
    text = "五年来，规上工业企业从4.2万家增加到5.6万家。\n三、2026年工作安排\n上市公司从300家增加到360家。\n"
    case = {"text": text, "quantities": ["4.2万家|count|家", "5.6万家|count|家", "300家|count|家", "360家|count|家"], "year": 2026}
    _, rels = run(nlp, case)
    assert [(r["metric"], r["kind"], r["period"]) for r in rels] == [
        ("规上工业企业", "actual", "2020"), ("规上工业企业", "actual", "十四五"),
        ("上市公司", "actual", "2025"), ("上市公司", "target", "2026")]


def test_report_structure_frames():
    text = "一、2025年工作回顾\n过去一年，增长5%。\n五年来，增长6%。\n二、2026年工作安排\n增长7%。\n"
    structure = ReportStructure(text, 2026, PeriodCues.from_file())
    periods = [(f.kind, f.period) for f in (structure.frame_at(text.index(s)) for s in ("5%", "6%", "7%"))]
    assert periods == [("actual", "2025"), ("actual", "十四五"), ("target", "2026")]



@pytest.mark.parametrize("year, period", [(2026, "十四五"), (2021, "十三五"), (2023, "2018-2022"), (2024, "2019-2023")])
def test_five_year_review_is_a_plan_only_when_the_years_are_one(year, period):
    text = f"一、{year - 1}年工作回顾\n五年来，增长6%。\n"
    structure = ReportStructure(text, year, PeriodCues.from_file())
    assert structure.frame_at(text.index("6%")) == Frame("actual", period)


@pytest.mark.parametrize("year, period", [(2026, "十五五"), (2021, "十四五"), (2023, "2023-2027")])
def test_next_five_years_are_targets_of_a_plan_or_a_span(year, period):
    text = f"一、{year - 1}年工作回顾\n增长5%。\n二、今后五年的目标任务\n今后五年，年均增长6%。\n三、{year}年工作安排\n增长7%。\n"
    structure = ReportStructure(text, year, PeriodCues.from_file())
    frames = [structure.frame_at(text.index(s)) for s in ("5%", "6%", "7%")]
    assert frames == [Frame("actual", str(year - 1)), Frame("target", period), Frame("target", str(year))]


def test_a_project_attribute_takes_the_project_named_before(nlp):
    """白鹤滩水电站…，总装机容量…: the capacity is the project's, named as a PROJECT entity."""
    case = {"text": "白鹤滩水电站全部机组投产，总装机容量1600万千瓦。", "quantities": ["1600万千瓦|measure|千瓦"], "year": 2026}
    doc = build_doc(nlp, case["text"], case["quantities"])
    doc.ents = [doc.char_span(0, 6, label="PROJECT")]
    doc = nlp.get_pipe("gz_relations")(doc, year=2026)
    assert [r["metric"] for r in doc._.gz_relations] == ["白鹤滩水电站总装机容量"]
    doc = build_doc(nlp, case["text"], case["quantities"])  # no project named: the bare attribute
    doc = nlp.get_pipe("gz_relations")(doc, year=2026)
    assert [r["metric"] for r in doc._.gz_relations] == ["总装机容量"]


# ---------------------------------------------------------------------------------------
# properties

_TEXT = st.text(alphabet="地区生产总值增长达到分别、，。居全国第三的万亿元个家%12345\n比2020年同均上", max_size=60)


@settings(max_examples=150, deadline=None)
@given(text=_TEXT, data=st.data())
@example(text="分别增长、", data=None)
@example(text="居第三", data=None)
def test_never_crashes_and_stays_in_bounds(nlp, text, data):
    """Any text with any non-overlapping quantity spans: no crash, offsets in range."""
    spans: list[tuple[int, int]] = []
    if data is not None and text:
        cuts = sorted(set(data.draw(st.lists(st.integers(0, len(text)), max_size=8))))
        spans = [(a, b) for a, b in zip(cuts[::2], cuts[1::2]) if a < b]
    doc = Doc(nlp.vocab, words=list(text) or [" "], spaces=[False] * max(len(text), 1))
    doc = SentenceSplitter()(doc)
    group = []
    kinds = ["amount", "count", "percent", "rank", "multiple", "duration"]
    for k, (a, b) in enumerate(spans):
        span = doc.char_span(a, b, label=kinds[k % len(kinds)])
        span._.gz_kind, span._.gz_unit = kinds[k % len(kinds)], None
        group.append(span)
    doc.spans["gz_quantities"] = group
    doc = nlp.get_pipe("gz_relations")(doc, year=2026)
    for rel in doc._.gz_relations:
        assert 0 <= rel["start"] < rel["end"] <= len(doc.text)
        for ref in (rel["value"], rel["change"]):
            if ref is not None:
                assert (ref["start"], ref["end"]) in spans
