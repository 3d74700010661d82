"""Doc -> Document, in one function.

Components write plain values on the Doc (span groups, ``doc.ents``, ``doc._.gz_*``); this
is the only place that turns them into Pydantic objects, so components never import
Pydantic and the spaCy view and the typed view cannot drift apart.
"""
from __future__ import annotations

from bisect import bisect_right
from typing import Optional

from spacy.attrs import SENT_START
from spacy.tokens import Doc, Span

from ._extensions import clean_text
from ._spans import token_offsets
from .document import Document, Entity, NoiseSpan, Quantity, Relation, Sentence
from .offsets import OffsetMap

QUANTITIES_KEY = "gz_quantities"


def doc_to_document(doc: Doc, year: Optional[int] = None) -> Document:
    """Build the typed Document from a Doc made by a gz_ie pipeline."""
    clean = clean_text(doc)
    raw = doc._.gz_raw_text if doc._.gz_raw_text is not None else clean
    breaks = tuple(tuple(b) for b in (doc._.gz_clean_breaks or [(0, 0)]))
    omap = OffsetMap(raw, clean, breaks)

    def offsets(start: int, end: int) -> dict:
        return {"start": start, "end": end, "raw_start": omap.to_raw_start(start), "raw_end": omap.to_raw_end(end)}

    sentences = []
    for sent_start, sent_end in _sentence_bounds(doc):
        start, end = _trimmed(clean, sent_start, sent_end)
        if start < end:
            sentences.append(Sentence(text=clean[start:end], index=len(sentences), **offsets(start, end)))
    sent_starts = [s.start for s in sentences]

    def sentence_of(start: int) -> Optional[int]:
        i = bisect_right(sent_starts, start) - 1
        return i if i >= 0 else None

    quantities = [_quantity(span, clean, offsets, sentence_of) for span in doc.spans.get(QUANTITIES_KEY, [])]
    by_offsets = {(q.start, q.end): q for q in quantities}

    entities = [_entity(ent, clean, offsets, sentence_of) for ent in doc.ents if ent.label_ in ("PLACE", "PROJECT")]

    relations = []
    for rel in doc._.gz_relations or []:
        relations.append(Relation(
            text=clean[rel["start"]:rel["end"]],
            metric=rel["metric"],
            metric_id=rel.get("metric_id"),
            value=_linked(rel.get("value"), by_offsets),
            change=_linked(rel.get("change"), by_offsets),
            basis=rel.get("basis"),
            period=rel.get("period"),
            kind=rel.get("kind", "actual"),
            sentence=sentence_of(rel["start"]) or 0,
            **offsets(rel["start"], rel["end"]),
        ))

    noise = [NoiseSpan(start=s, end=e, kind=k, text=t) for s, e, k, t in (doc._.gz_noise or [])]
    return Document(
        text=raw, clean_text=clean, year=year if year is not None else doc._.gz_year,
        noise=noise, sentences=sentences, quantities=quantities, entities=entities, relations=relations,
    )


def _sentence_bounds(doc: Doc) -> list[tuple[int, int]]:
    """Character bounds of ``doc.sents``, read from the Doc's arrays (``doc.sents`` builds a
    Span and walks its tokens for each sentence)."""
    if not len(doc):
        return []
    starts, ends = token_offsets(doc)
    if not doc.has_annotation("SENT_START"):
        return [(starts[0], ends[-1])]
    flags = doc.to_array([SENT_START]).tolist()
    firsts = [0] + [i for i in range(1, len(doc)) if flags[i] == 1]
    return [(starts[a], ends[b - 1]) for a, b in zip(firsts, firsts[1:] + [len(doc)])]


def _trimmed(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _quantity(span: Span, clean: str, offsets, sentence_of) -> Quantity:
    # each ``span._`` builds a new accessor object, and Span.text a Token per token: take the
    # accessor once and the text from the clean text
    ext = span._
    start, end = span.start_char, span.end_char
    return Quantity(
        text=clean[start:end], value=ext.gz_value, high=ext.gz_high, unit=ext.gz_unit,
        kind=ext.gz_kind or span.label_, qualifier=ext.gz_qualifier or "exact",
        sentence=sentence_of(start), **offsets(start, end),
    )


def _entity(ent: Span, clean: str, offsets, sentence_of) -> Entity:
    ext = ent._
    start, end = ent.start_char, ent.end_char
    return Entity(text=clean[start:end], label=ent.label_, id=ent.kb_id_ or None, level=ext.gz_level,
                  code=ext.gz_code, sentence=sentence_of(start), **offsets(start, end))


def _linked(ref: Optional[dict], by_offsets: dict) -> Optional[Quantity]:
    """The quantity a relation points at, with the relation's sign applied (下降 5% is -5)."""
    if not ref:
        return None
    q = by_offsets.get((ref["start"], ref["end"]))
    if q is None:
        return None
    sign = ref.get("sign", 1)
    if sign == 1:
        return q
    return q.model_copy(update={
        "value": None if q.value is None else sign * q.value,
        "high": None if q.high is None else sign * q.high,
    })
