"""What a person sees: a Document as HTML, a metric across reports as a plot, and progress.

``render_html`` draws the raw text with the noise struck through and the entities and
quantities marked, so one look shows what the cleaner removed and what the pipeline found;
Jupyter calls it through ``Document._repr_html_``. ``plot_metric`` needs matplotlib
(``pip install gz_ie[plot]``); ``progress`` uses tqdm when it is installed and a plain
counter on stderr when not.

Example:
    >>> doc = gz_ie.parse("广州地区生产总值3.2万亿元。")
    >>> html = gz_ie.display.render_html(doc)      # or just ``doc`` as a notebook cell
"""
from __future__ import annotations

import html
import statistics
import sys
from collections import Counter
from dataclasses import dataclass
from typing import Any, Callable, Iterable, Iterator, Literal, Optional, Sequence, TypeVar, Union

from .document import Document
from .errors import missing_optional

T = TypeVar("T")

DEFAULT_MAX_CHARS = 20_000

_STYLE = """<style>
.gz-doc{white-space:pre-wrap;line-height:2.1;font-family:"Noto Sans CJK SC","PingFang SC","Microsoft YaHei",sans-serif}
.gz-doc mark{padding:0.1em 0.2em;border-radius:0.3em}
.gz-doc .gz-PLACE{background:#d7ecff}
.gz-doc .gz-PROJECT{background:#ffe1b3}
.gz-doc .gz-quantity{background:#d9f5d0;border-bottom:2px solid #3a9b2b}
.gz-doc .gz-tag{font-size:0.65em;font-weight:bold;margin-left:0.3em;color:#555;vertical-align:middle}
.gz-doc del.gz-noise{color:#b0b0b0;text-decoration:line-through;background:#f4f4f4}
.gz-doc .gz-gap{color:#d33;font-size:0.7em}
.gz-legend span{margin-right:1em;padding:0.1em 0.3em;border-radius:0.3em}
</style>"""


@dataclass(frozen=True)
class _Mark:
    start: int
    end: int
    open: str
    close: str  # the final close, with the tag; a mark split by an overlap closes plainly before that


def render_html(doc: Document, *, max_chars: Optional[int] = DEFAULT_MAX_CHARS) -> str:
    """The raw text as HTML with noise, entities and quantities marked.

    Args:
        doc: a parsed Document.
        max_chars: show only the first so many raw characters (a whole report is heavy for a
            notebook); None shows everything.

    Returns:
        A self-contained HTML fragment: a ``<style>``, a legend and the text. Every piece of
        text and every attribute is escaped.
    """
    limit = len(doc.text) if max_chars is None else min(max_chars, len(doc.text))
    marks = [m for m in _marks(doc) if m.start < limit or (m.start == m.end == limit)]
    marks = [_Mark(m.start, min(m.end, limit), m.open, m.close) for m in marks]
    body = _nest(doc.text[:limit], marks)
    more = len(doc.text) - limit
    tail = (f'<p class="gz-more">… {more:,} more characters: '
            f"gz_ie.display.render_html(doc, max_chars=None) shows all.</p>") if more else ""
    counts = (f"{len(doc.entities)} entities, {len(doc.quantities)} quantities, {len(doc.relations)} relations, "
              f"{len(doc.noise)} noise spans" + (f"; year {doc.year}" if doc.year else ""))
    legend = ('<div class="gz-legend"><span class="gz-PLACE" style="background:#d7ecff">PLACE</span>'
              '<span class="gz-PROJECT" style="background:#ffe1b3">PROJECT</span>'
              '<span style="background:#d9f5d0">quantity</span>'
              '<span style="color:#b0b0b0;text-decoration:line-through">noise</span>'
              f"{html.escape(counts)}</div>")
    return f'{_STYLE}<div class="gz-document">{legend}<div class="gz-doc">{body}</div>{tail}</div>'


def _marks(doc: Document) -> list[_Mark]:
    """Every span to draw, in raw offsets."""
    marks = []
    for n in doc.noise:
        if n.start == n.end:
            marks.append(_Mark(n.start, n.end, f'<span class="gz-gap" title="{_attr(n.kind)}">∅', "</span>"))
        else:
            marks.append(_Mark(n.start, n.end, f'<del class="gz-noise" title="{_attr(n.kind)}">', "</del>"))
    for e in doc.entities:
        title = " ".join(str(x) for x in (e.label, e.id, e.level, e.code) if x)
        marks.append(_Mark(e.raw_start, e.raw_end, f'<mark class="gz-{_attr(e.label)}" title="{_attr(title)}">',
                           f'<span class="gz-tag">{html.escape(e.label)}</span></mark>'))
    for q in doc.quantities:
        value = "?" if q.value is None else f"{q.value:g}" + (f"–{q.high:g}" if q.high is not None else "")
        title = f"{q.kind} {q.qualifier} {value} {q.unit or ''}".strip()
        marks.append(_Mark(q.raw_start, q.raw_end, f'<mark class="gz-quantity" title="{_attr(title)}">', "</mark>"))
    return marks


def _nest(text: str, marks: Sequence[_Mark]) -> str:
    """Well-formed HTML for marks that may overlap: a mark that crosses another is split in two."""
    opening: dict[int, list[_Mark]] = {}
    closing: dict[int, list[_Mark]] = {}
    for m in marks:
        opening.setdefault(m.start, []).append(m)
        closing.setdefault(m.end, []).append(m)
    points = sorted(set(opening) | set(closing) | {0, len(text)})
    out: list[str] = []
    stack: list[_Mark] = []
    for here, there in zip(points, [*points[1:], None]):
        ending = [m for m in closing.get(here, []) if m.start != m.end]
        if ending:
            reopen = []
            while any(m in stack for m in ending):
                top = stack.pop()
                if top in ending:
                    out.append(top.close)
                else:  # crosses a mark that ends here: close for now, open again after
                    out.append(_plain_close(top))
                    reopen.append(top)
            for m in reversed(reopen):
                out.append(m.open)
                stack.append(m)
        # longer marks open first so that shorter ones nest inside them
        for m in sorted(opening.get(here, []), key=lambda m: -m.end):
            if m.start == m.end:
                out.append(m.open + m.close)
            else:
                out.append(m.open)
                stack.append(m)
        if there is not None:
            out.append(html.escape(text[here:there]))
    out.extend(m.close for m in reversed(stack))
    return "".join(out)


def _plain_close(m: _Mark) -> str:
    return m.close[m.close.rfind("</"):]


def _attr(value: Any) -> str:
    return html.escape(str(value), quote=True)


# ---------------------------------------------------------------- plots

Rows = Union[Sequence[Document], Sequence[dict], Any]


def plot_metric(
    data: Rows,
    metric: str,
    *,
    slot: Literal["value", "change"] = "value",
    kind: Optional[Literal["actual", "target"]] = None,
    x: Literal["year", "period"] = "year",
    unit: Optional[str] = None,
    group: Union[str, Callable[[dict], Any], None] = None,
    match: Literal["exact", "contains"] = "exact",
    ax=None,
):
    """Plot one metric across documents, years on the x axis.

    Args:
        data: Documents, rows as ``gz-ie mine`` writes them (dicts with ``doc`` and ``year``),
            or a pandas DataFrame of such rows.
        metric: the indicator, as written (``地区生产总值``) or its ``metric_id``.
        slot: plot the level (``value``) or the change (``change``, e.g. growth in %).
        kind: only ``actual`` figures or only ``target`` ones; default both.
        x: the report's ``year``, or the ``period`` the figure belongs to (a report of 2025
            gives 2024's results and 2025's targets).
        unit: keep figures in this unit; default the most common one for the metric.
        group: one line per value of this row key (``"doc"``) or of this function of a row
            (``lambda r: r["doc"].split("-")[0]`` for one line per city).
        match: ``contains`` also takes metrics that contain ``metric`` (``全市地区生产总值``).
        ax: a matplotlib Axes to draw on.

    Returns:
        The matplotlib Axes. Points are the figures; the line joins each year's median.

    Example:
        >>> rows = [r for d in docs for r in d.relations_table()]
        >>> gz_ie.display.plot_metric(docs, "地区生产总值", slot="change", kind="actual")
    """
    try:
        import matplotlib.pyplot as plt
    except ImportError:
        raise missing_optional("gz_ie.display.plot_metric", "matplotlib") from None
    rows = [r for r in metric_rows(data, metric, match=match) if kind is None or r.get("kind") == kind]
    num_key, unit_key = ("value", "unit") if slot == "value" else ("change", "change_unit")
    rows = [r for r in rows if r.get(num_key) is not None and _as_year(r.get(x)) is not None]
    units = Counter(r.get(unit_key) for r in rows)
    chosen = unit if unit is not None else (units.most_common(1)[0][0] if units else None)
    rows = [r for r in rows if r.get(unit_key) == chosen]
    if ax is None:
        _, ax = plt.subplots(figsize=(7, 4))
    font = _cjk_font()
    series: dict[Any, list[dict]] = {}
    for r in rows:
        key = r.get(group) if isinstance(group, str) else group(r) if callable(group) else None
        series.setdefault(key, []).append(r)
    for key, items in sorted(series.items(), key=lambda kv: str(kv[0])):
        xs = [_as_year(r[x]) for r in items]
        ys = [r[num_key] for r in items]
        points = ax.scatter(xs, ys, alpha=0.6, label=None if key is None else str(key))
        by_year: dict[int, list[float]] = {}
        for xv, yv in zip(xs, ys):
            by_year.setdefault(xv, []).append(yv)
        years = sorted(by_year)
        ax.plot(years, [statistics.median(by_year[y]) for y in years], color=points.get_facecolor()[0])
    ax.set_xlabel(x)
    ax.set_ylabel(f"{slot} ({chosen})" if chosen else slot)
    ax.set_title(metric + ("" if kind is None else f" ({kind})"), fontproperties=font)
    ax.xaxis.get_major_locator().set_params(integer=True)
    if group is not None and series:
        ax.legend(prop=font)
    if not rows:
        ax.text(0.5, 0.5, "no figures", transform=ax.transAxes, ha="center")
    return ax


def metric_rows(data: Rows, metric: str, *, match: Literal["exact", "contains"] = "exact") -> list[dict]:
    """Relations-table rows (with ``year``) of one metric, from Documents, rows or a DataFrame."""
    if hasattr(data, "to_dict") and hasattr(data, "columns"):  # a pandas DataFrame
        data = data.to_dict("records")
    rows: list[dict] = []
    for item in data:
        if isinstance(item, Document):
            rows.extend({**r, "year": item.year} for r in item.relations_table())
        else:
            rows.append(dict(item))

    def wanted(r: dict) -> bool:
        names = (r.get("metric") or "", r.get("metric_id") or "")
        return metric in names if match == "exact" else any(metric in n for n in names)

    return [r for r in rows if wanted(r)]


def _as_year(v: Any) -> Optional[int]:
    """A four-digit year from an int or a period such as ``"2025"``; None for ``十四五`` and blanks."""
    if v is None or isinstance(v, bool):
        return None
    if isinstance(v, float):
        return int(v) if v == v and 1000 <= v <= 9999 else None
    text = str(v).strip()
    return int(text) if text.isdigit() and len(text) == 4 else None


def _cjk_font():
    """A font with Chinese glyphs if one is installed, so titles do not turn into boxes."""
    from matplotlib import font_manager

    wanted = ("Noto Sans CJK SC", "Noto Sans CJK JP", "Source Han Sans SC", "WenQuanYi Zen Hei",
              "WenQuanYi Micro Hei", "SimHei", "Microsoft YaHei", "PingFang SC", "Heiti SC", "AR PL UMing CN")
    names = {f.name for f in font_manager.fontManager.ttflist}
    for name in wanted:
        if name in names:
            return font_manager.FontProperties(family=name)
    return None


# ---------------------------------------------------------------- progress


def progress(items: Iterable[T], *, total: Optional[int] = None, desc: str = "", enabled: bool = True) -> Iterator[T]:
    """Iterate ``items`` with a progress bar: tqdm's (notebook-aware) if installed, else a counter on stderr."""
    if not enabled:
        yield from items
        return
    if total is None and hasattr(items, "__len__"):
        total = len(items)  # type: ignore[arg-type]
    try:
        from tqdm.auto import tqdm
    except ImportError:
        yield from _count(items, total, desc)
        return
    yield from tqdm(items, total=total, desc=desc or None)


def _count(items: Iterable[T], total: Optional[int], desc: str) -> Iterator[T]:
    label = f"{desc}: " if desc else ""
    of = f"/{total}" if total is not None else ""
    n = 0
    try:
        for n, item in enumerate(items, 1):
            sys.stderr.write(f"\r{label}{n}{of}")
            sys.stderr.flush()
            yield item
    finally:
        if n:
            sys.stderr.write("\n")
