"""The typed output: a Document of frozen Pydantic models.

Field names follow the gold annotation (shared/data/ANNOTATION.md), so a Document and a
gold line can be compared field by field. Every span carries offsets into the clean text
(``start``/``end``) and into the raw input (``raw_start``/``raw_end``); noise spans are
offsets into the raw input only. Nothing here imports spaCy: ``gz_ie.convert`` builds a
Document from a Doc.
"""
from __future__ import annotations

import re
from typing import Annotated, Any, Literal, Optional

from pydantic import BaseModel, ConfigDict, Field, PlainSerializer

QuantityKind = Literal["amount", "count", "measure", "percent", "multiple", "ratio", "rank", "duration"]
Qualifier = Literal["exact", "approx", "over", "under", "up_to"]
Basis = Literal["yoy", "annual_avg", "vs_year"]
RelationKind = Literal["target", "actual"]
NoiseKind = Literal["decoration", "advertising", "punctuation", "markup", "control", "gap"]

_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


def _json_safe(text: str) -> str:
    """Lone surrogates (text decoded with ``errors="surrogateescape"``) cannot be written as
    UTF-8 JSON; write each as U+FFFD, one for one, so every offset still holds."""
    return text if text.isascii() else _LONE_SURROGATE.sub("\ufffd", text)


#: A raw-text field: kept as given in Python, JSON-safe when dumped to JSON.
RawText = Annotated[str, PlainSerializer(_json_safe, when_used="json")]


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class NoiseSpan(_Frozen):
    """A removed stretch of the raw text; a ``gap`` is an empty span that marks a suspicious hole."""

    text: RawText
    start: int = Field(description="offset into Document.text (raw)")
    end: int
    kind: NoiseKind = Field(description="what was removed; a gap removes nothing and marks a hole")


class _Span(_Frozen):
    text: str
    start: int = Field(description="offset into Document.clean_text")
    end: int
    raw_start: int = Field(description="offset into Document.text")
    raw_end: int


class Sentence(_Span):
    index: int


class Quantity(_Span):
    """A measured number, normalised: ``3.2万亿元`` is value 3.2e12, unit 元, kind amount."""

    value: Optional[float] = Field(description="base units; the low end of a range")
    high: Optional[float] = None
    unit: Optional[str] = None
    kind: QuantityKind
    qualifier: Qualifier = "exact"
    sentence: Optional[int] = None


class Entity(_Span):
    label: Literal["PLACE", "PROJECT"]
    id: Optional[str] = Field(None, description="canonical name (e.g. 广州市 for 穗)")
    level: Optional[str] = Field(None, description="province, city, district, ... for administrative places")
    code: Optional[str] = Field(None, description="administrative division code where known")
    sentence: Optional[int] = None


class Relation(_Span):
    """One (metric, figure) statement: what a sentence says of an indicator."""

    metric: str
    metric_id: Optional[str] = None
    value: Optional[Quantity] = None
    change: Optional[Quantity] = Field(None, description="the change, with a signed value")
    basis: Optional[Basis] = None
    period: Optional[str] = None
    kind: RelationKind = "actual"
    sentence: int


class Document(_Frozen):
    """Everything gz_ie extracted from one text."""

    text: RawText = Field(description="the raw input, unchanged (in JSON, a lone surrogate is written as U+FFFD)")
    clean_text: str
    year: Optional[int] = Field(None, description="the report's year, detected or given")
    noise: list[NoiseSpan] = []
    sentences: list[Sentence] = []
    quantities: list[Quantity] = []
    entities: list[Entity] = []
    relations: list[Relation] = []

    def relations_table(self) -> list[dict[str, Any]]:
        """One plain dict per relation, ready for csv, a DataFrame or a spreadsheet."""
        rows = []
        for rel in self.relations:
            v, c = rel.value, rel.change
            rows.append({
                "metric": rel.metric,
                "metric_id": rel.metric_id,
                "value": v.value if v else None,
                "high": v.high if v else None,
                "unit": v.unit if v else None,
                "qualifier": v.qualifier if v else None,
                "change": c.value if c else None,
                "change_unit": c.unit if c else None,
                "change_qualifier": c.qualifier if c else None,
                "basis": rel.basis,
                "period": rel.period,
                "kind": rel.kind,
                "sentence": self.sentences[rel.sentence].text if rel.sentence < len(self.sentences) else None,
            })
        return rows

    def _repr_html_(self) -> str:
        """Jupyter shows a Document as its text with noise, entities and quantities marked."""
        from .display import render_html

        return render_html(self)

    def to_frame(self):
        """The relations table as a pandas DataFrame (needs ``pip install gz_ie[pandas]``)."""
        try:
            import pandas as pd
        except ImportError:
            from .errors import missing_optional

            raise missing_optional("Document.to_frame()", "pandas") from None
        return pd.DataFrame(self.relations_table())
