"""The ``gz_`` extension attributes that components write on Docs and Spans.

Values are plain types only (str, int, float, lists and dicts of them), so a Doc survives
``DocBin(store_user_data=True)``. ``register()`` is idempotent and called by every factory.
"""
from __future__ import annotations

from spacy.tokens import Doc, Span

DOC_EXTENSIONS = {
    "gz_raw_text": None,     # str: the input exactly as given
    "gz_clean_text": None,   # str: doc.text, kept by the tokenizer (spaCy rebuilds doc.text on each access)
    "gz_noise": None,        # list of [start, end, kind, text] raw offsets; start == end for a gap
    "gz_clean_breaks": None, # list of [clean_offset, shift]: see gz_ie.offsets.OffsetMap
    "gz_year": None,         # int | None: the report's year
    "gz_relations": None,    # list[dict]: see gz_ie.relations
}
SPAN_EXTENSIONS = {
    # quantities (span group "gz_quantities")
    "gz_value": None, "gz_high": None, "gz_unit": None, "gz_kind": None, "gz_qualifier": None,
    # entities (doc.ents and span group "gz_nested")
    "gz_id": None, "gz_level": None, "gz_code": None,
}


def clean_text(doc: Doc) -> str:
    """``doc.text`` without rebuilding it from the tokens, when the tokenizer kept it.

    Splitting and merging tokens never changes a Doc's text, so the kept copy stays valid
    through the pipeline; the length check guards a Doc made some other way.
    """
    kept = doc._.gz_clean_text if Doc.has_extension("gz_clean_text") else None
    if kept is not None and len(doc) and len(kept) == doc[-1].idx + len(doc[-1].text_with_ws):
        return kept
    return doc.text


def register() -> None:
    """Register every extension once; later calls do nothing."""
    for name, default in DOC_EXTENSIONS.items():
        if not Doc.has_extension(name):
            Doc.set_extension(name, default=default)
    for name, default in SPAN_EXTENSIONS.items():
        if not Span.has_extension(name):
            Span.set_extension(name, default=default)
