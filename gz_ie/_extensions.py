"""The ``gz_`` extension attributes that components write on Docs and Spans.

Values are plain types only (str, int, float, lists and dicts of them), so a Doc survives
``DocBin(store_user_data=True)``. ``register()`` is idempotent and called by every factory.
"""
from __future__ import annotations

from spacy.tokens import Doc, Span

DOC_EXTENSIONS = {
    "gz_raw_text": None,     # str: the input exactly as given
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


def register() -> None:
    """Register every extension once; later calls do nothing."""
    for name, default in DOC_EXTENSIONS.items():
        if not Doc.has_extension(name):
            Doc.set_extension(name, default=default)
    for name, default in SPAN_EXTENSIONS.items():
        if not Span.has_extension(name):
            Span.set_extension(name, default=default)
