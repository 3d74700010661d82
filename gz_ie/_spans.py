"""Make a Span for any character range, splitting tokens when the segmenter disagrees.

Quantity and entity boundaries come from character-level grammars, and pkuseg's words do not
always end where a quantity does (``851个市`` may be one word). ``Doc.char_span`` then returns
None. Rather than expanding the span (which would change its text), we split the token.
spaCy's retokenizer does not move span groups, so existing groups and entities are rebuilt
from their character offsets after a split; span extension values are keyed by character
offsets and survive unchanged.
"""
from __future__ import annotations

from spacy.attrs import IDX, LENGTH
from spacy.tokens import Doc, Span


def char_span(doc: Doc, start: int, end: int, label: str = "", kb_id: str = "") -> Span:
    """Return the Span covering ``doc.text[start:end]`` exactly, splitting tokens if needed."""
    length = _text_length(doc)
    if not 0 <= start < end <= length:
        raise ValueError(f"character span ({start}, {end}) outside a text of {length} characters")
    span = doc.char_span(start, end, label=label, kb_id=kb_id)
    if span is None:
        _split_at(doc, (start, end))
        span = doc.char_span(start, end, label=label, kb_id=kb_id)
    if span is None:  # a boundary inside whitespace attached to a token: should not happen
        raise ValueError(f"cannot align ({start}, {end}) to tokens")
    return span


def token_offsets(doc: Doc) -> tuple[list[int], list[int]]:
    """Start and end character offsets of every token, read from the Doc's arrays (iterating
    over the tokens builds a Python object per token, several times slower)."""
    if not len(doc):
        return [], []
    array = doc.to_array([IDX, LENGTH])
    starts = array[:, 0].tolist()
    return starts, [s + n for s, n in zip(starts, array[:, 1].tolist())]


def _text_length(doc: Doc) -> int:
    """``len(doc.text)`` without building the text (spaCy joins every token for it)."""
    return doc[-1].idx + len(doc[-1].text_with_ws) if len(doc) else 0


def _token_at(doc: Doc, offset: int) -> int:
    """Index of the token whose characters include ``offset`` (binary search on ``idx``)."""
    lo, hi = 0, len(doc) - 1
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if doc[mid].idx <= offset:
            lo = mid
        else:
            hi = mid - 1
    return lo


def _split_at(doc: Doc, offsets: tuple[int, ...]) -> None:
    cuts: dict[int, list[int]] = {}
    for off in offsets:
        token = doc[_token_at(doc, off)]
        if token.idx < off < token.idx + len(token.text):
            cuts.setdefault(token.i, []).append(off - token.idx)
    if not cuts:
        return
    saved_groups = {
        key: [(s.start_char, s.end_char, s.label_, s.kb_id_) for s in group]
        for key, group in doc.spans.items()
    }
    with doc.retokenize() as retokenizer:
        for i, inner in cuts.items():
            token = doc[i]
            bounds = [0, *sorted(set(inner)), len(token.text)]
            pieces = [token.text[a:b] for a, b in zip(bounds, bounds[1:])]
            heads = [(token, 0)] * len(pieces)
            retokenizer.split(token, pieces, heads=heads)
    for key, spans in saved_groups.items():
        doc.spans[key] = [
            doc.char_span(s, e, label=label, kb_id=kb_id) for s, e, label, kb_id in spans
        ]
