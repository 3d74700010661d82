"""gz_ie.display: HTML that escapes and nests correctly, the metric plot, the progress counter."""
from __future__ import annotations

import sys
from collections import Counter
from html.parser import HTMLParser

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from gz_ie.display import _Mark, _nest, metric_rows, plot_metric, progress, render_html
from gz_ie.document import Document, Entity, NoiseSpan, Quantity, Relation, Sentence

RAW = '<b>广州</b>◈✿◈地区生产总值3.2万亿元&增长"4%"。'
NOISE = "◈✿◈"


class _Checker(HTMLParser):
    """Checks that every tag closes in order; collects the text and each <mark>'s text.

    Tag labels (``gz-tag``), gap signs (``gz-gap``) and removed noise (``del``) are not text
    of the document's clean reading, so they are collected apart.
    """

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, bool]] = []  # (tag, skipped)
        self.text: list[str] = []
        self.marks: list[list[str]] = []
        self.open_marks: list[list[str]] = []
        self.errors: list[str] = []

    def handle_starttag(self, tag, attrs):
        cls = dict(attrs).get("class") or ""
        self.stack.append((tag, tag == "del" or cls in ("gz-tag", "gz-gap")))
        if tag == "mark":
            self.marks.append([])
            self.open_marks.append(self.marks[-1])

    def handle_endtag(self, tag):
        if not self.stack or self.stack[-1][0] != tag:
            self.errors.append(f"</{tag}> closes {self.stack[-1:] or 'nothing'}")
            return
        self.stack.pop()
        if tag == "mark":
            self.open_marks.pop()

    def handle_data(self, data):
        if any(skipped for _, skipped in self.stack):
            return
        self.text.append(data)
        for mark in self.open_marks:
            mark.append(data)

    @property
    def mark_texts(self) -> list[str]:
        return ["".join(m) for m in self.marks]


def _check(markup: str) -> _Checker:
    checker = _Checker()
    checker.feed(markup)
    checker.close()
    assert checker.errors == [] and checker.stack == []
    return checker


def _body(markup: str) -> str:
    """The text part of render_html's output (without style, legend and note)."""
    return markup.split('<div class="gz-doc">', 1)[1].rsplit("</div>", 2)[0]


def _document() -> Document:
    raw = RAW
    clean = raw.replace(NOISE, "")
    shift = len(NOISE)

    def span(sub: str) -> dict:
        start = clean.index(sub)
        raw_start = raw.index(sub)
        return {"text": sub, "start": start, "end": start + len(sub), "raw_start": raw_start,
                "raw_end": raw_start + len(sub)}

    place = span("<b>广州</b>")
    q1 = Quantity(**span("3.2万亿元"), value=3.2e12, unit="元", kind="amount")
    q2 = Quantity(**span("4%"), value=4.0, unit="%", kind="percent", qualifier="approx")
    noise_at = raw.index(NOISE)
    return Document(
        text=raw, clean_text=clean, year=2026,
        noise=[NoiseSpan(text=NOISE, start=noise_at, end=noise_at + shift, kind="decoration"),
               NoiseSpan(text="", start=len(raw) - 1, end=len(raw) - 1, kind="gap")],
        sentences=[Sentence(text=clean, start=0, end=len(clean), raw_start=0, raw_end=len(raw), index=0)],
        quantities=[q1, q2],
        entities=[Entity(**place, label="PLACE", id='广州"市', level="city", sentence=0)],
        relations=[Relation(**span("地区生产总值3.2万亿元"), metric="地区生产总值", value=q1, sentence=0)],
    )


def test_html_escapes_text_and_attributes():
    markup = render_html(_document())
    assert "<b>广州</b>" not in markup
    assert "&lt;b&gt;广州&lt;/b&gt;" in markup
    assert "&amp;增长&quot;" in markup
    assert 'title="PLACE 广州&quot;市 city"' in markup


def test_html_marks_entities_quantities_and_noise():
    doc = _document()
    body = _body(render_html(doc))
    checker = _check(body)
    assert '<mark class="gz-PLACE"' in body and '<span class="gz-tag">PLACE</span></mark>' in body
    assert '<mark class="gz-quantity" title="amount exact 3.2e+12 元">3.2万亿元</mark>' in body
    assert '<mark class="gz-quantity" title="percent approx 4 %">4%</mark>' in body
    assert f'<del class="gz-noise" title="decoration">{NOISE}</del>' in body
    assert '<span class="gz-gap" title="gap">' in body
    assert "".join(checker.text) == doc.clean_text
    assert checker.mark_texts == ["<b>广州</b>", "3.2万亿元", "4%"]


def test_long_documents_are_cut_with_a_note():
    doc = _document()
    markup = render_html(doc, max_chars=6)
    assert "more characters" in markup and "3.2万亿元" not in markup
    _check(markup)
    assert "more characters" not in render_html(doc, max_chars=None)


def test_repr_html_is_the_rendering():
    doc = _document()
    assert doc._repr_html_() == render_html(doc)


marks = st.lists(st.tuples(st.integers(0, 12), st.integers(0, 12)).map(sorted), max_size=6)


@given(text=st.text(alphabet="ab<&\"'广州 ", max_size=12), spans=marks)
@example(text="abcdef", spans=[[0, 4], [2, 6]])  # crossing
@example(text="abcdef", spans=[[1, 1], [0, 3], [0, 3]])  # empty and duplicate
def test_nesting_is_well_formed_and_keeps_the_text(text, spans):
    spans = [(min(s, len(text)), min(e, len(text))) for s, e in spans]
    items = [_Mark(s, e, '<mark class="x">', '<span class="gz-tag">T</span></mark>') for s, e in spans]
    checker = _check(_nest(text, items))
    assert "".join(checker.text) == text


def test_every_entity_and_quantity_of_the_report_is_marked(example_doc):
    body = _body(render_html(example_doc, max_chars=None))
    checker = _check(body)
    assert "".join(checker.text) == example_doc.clean_text
    spans = [(x.raw_start, x.raw_end, x.text) for x in [*example_doc.entities, *example_doc.quantities]]
    # a span that crosses another is drawn in pieces; every other one is one <mark> with its text
    whole = [t for s, e, t in spans if not any(s < e2 and s2 < e and not (s <= s2 and e2 <= e or s2 <= s and e <= e2)
                                                for s2, e2, _ in spans)]
    assert not Counter(whole) - Counter(checker.mark_texts)
    assert body.count('<del class="gz-noise"') == sum(1 for n in example_doc.noise if n.end > n.start)
    for label in {e.label for e in example_doc.entities}:
        assert f'<mark class="gz-{label}"' in body


def test_plot_metric_from_documents_and_rows(example_doc, monkeypatch):
    pytest.importorskip("matplotlib")
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    metric = example_doc.relations[0].metric
    ax = plot_metric([example_doc], metric, slot="change" if example_doc.relations[0].change else "value")
    assert ax.get_xlabel() == "year"
    rows = [{"doc": "a", "year": 2024, "metric": "地区生产总值", "value": 3.0e12, "unit": "元"},
            {"doc": "b", "year": 2025, "metric": "地区生产总值", "value": 3.1e12, "unit": "元"},
            {"doc": "b", "year": 2025, "metric": "地区生产总值", "value": 5.0, "unit": "%"},
            {"doc": "c", "year": 2025, "metric": "全市地区生产总值", "value": 3.2e12, "unit": "元"}]
    ax = plot_metric(rows, "地区生产总值", group="doc")
    assert ax.get_ylabel() == "value (元)"
    assert sum(len(c.get_offsets()) for c in ax.collections) == 2  # the % figure and the other metric left out
    ax = plot_metric(rows, "地区生产总值", match="contains", x="year")
    assert sum(len(c.get_offsets()) for c in ax.collections) == 3
    plt.close("all")


def test_metric_rows_from_a_dataframe(example_doc):
    pd = pytest.importorskip("pandas")
    frame = pd.DataFrame([{**r, "year": 2026} for r in example_doc.relations_table()])
    metric = example_doc.relations[0].metric
    assert len(metric_rows(frame, metric)) == sum(r.metric == metric for r in example_doc.relations)


def test_plot_without_matplotlib_says_what_to_install(monkeypatch):
    monkeypatch.setitem(sys.modules, "matplotlib", None)
    monkeypatch.setitem(sys.modules, "matplotlib.pyplot", None)
    with pytest.raises(ImportError, match="pip install matplotlib"):
        plot_metric([], "地区生产总值")


def test_progress_counter_without_tqdm(monkeypatch, capsys):
    monkeypatch.setitem(sys.modules, "tqdm", None)
    monkeypatch.setitem(sys.modules, "tqdm.auto", None)
    assert list(progress([1, 2, 3], desc="mine")) == [1, 2, 3]
    err = capsys.readouterr().err
    assert "mine: 3/3" in err and err.endswith("\n")
    assert list(progress(iter("ab"))) == ["a", "b"]
    assert capsys.readouterr().err.rstrip().endswith("2")


def test_progress_can_be_off_and_uses_tqdm(capsys):
    assert list(progress(range(3), enabled=False)) == [0, 1, 2]
    assert capsys.readouterr().err == ""
    pytest.importorskip("tqdm")
    assert list(progress(range(3), desc="x")) == [0, 1, 2]
    assert "3/3" in capsys.readouterr().err
