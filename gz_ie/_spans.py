"""Make a Span for any character range, splitting tokens when the segmenter disagrees.

Quantity and entity boundaries come from character-level grammars, and pkuseg's words do not
always end where a quantity does (``851个市`` may be one word). ``Doc.char_span`` then returns
None. Rather than expanding the span (which would change its text), we split the token.
spaCy's retokenizer does not move span groups, so existing groups and entities are rebuilt
from their character offsets after a split; span extension values are keyed by character
offsets and survive unchanged.

Two ways in: ``char_span`` splits in place for one range (spaCy's retokenizer shifts every
later token, so each split costs a pass over the Doc); ``align`` takes all the ranges of a
component at once and splits in place when few tokens need it, else builds the re-segmented
Doc in one pass, so a long text with many splits stays linear.
"""
from __future__ import annotations

import bisect
from typing import Iterable

import numpy
from spacy.attrs import IDX, LENGTH, SENT_START
from spacy.tokens import Doc, Span

from ._extensions import clean_text

_NOT_START = 2**64 - 1  # SENT_START -1 as spaCy's uint64 arrays hold it
#: up to this many tokens to split, splitting in place is cheaper than rebuilding the Doc
#: (measured: one split costs about a fifteenth of a rebuild)
_FEW_SPLITS = 12
#: token annotations ``align`` cannot carry over to a rebuilt Doc (it splits in place instead)
_PARSE_ANNOTATIONS = ("TAG", "POS", "MORPH", "LEMMA", "DEP", "HEAD")


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
        key: ([(s.start_char, s.end_char, s.label_, s.kb_id_) for s in group], dict(group.attrs))
        for key, group in doc.spans.items()
    }
    with doc.retokenize() as retokenizer:
        for i, inner in cuts.items():
            token = doc[i]
            bounds = [0, *sorted(set(inner)), len(token.text)]
            pieces = [token.text[a:b] for a, b in zip(bounds, bounds[1:])]
            heads = [(token, 0)] * len(pieces)
            retokenizer.split(token, pieces, heads=heads)
    for key, (spans, attrs) in saved_groups.items():
        doc.spans[key] = [
            doc.char_span(s, e, label=label, kb_id=kb_id) for s, e, label, kb_id in spans
        ]
        doc.spans[key].attrs.update(attrs)


def align(doc: Doc, ranges: Iterable[tuple[int, int]]) -> Doc:
    """A Doc over the same text in which every ``(start, end)`` range is token-aligned.

    The Doc itself when no token needs splitting; otherwise a rebuilt copy that keeps the text,
    sentence starts, entities, span groups, extension values and ``cats``. A component that
    aligns returns the Doc it gets back. Ranges outside the text raise ``ValueError``.
    """
    ranges = list(ranges)
    if not ranges or not len(doc):
        return doc
    length = _text_length(doc)
    for start, end in ranges:
        if not 0 <= start < end <= length:
            raise ValueError(f"character span ({start}, {end}) outside a text of {length} characters")
    starts, ends = token_offsets(doc)
    cuts = _cuts(starts, ends, {off for rng in ranges for off in rng})
    if not cuts:
        return doc
    if len(cuts) <= _FEW_SPLITS or any(doc.has_annotation(attr) for attr in _PARSE_ANNOTATIONS):
        # spaCy's retokenizer keeps everything but costs a pass over the Doc per split
        _split_at(doc, tuple(starts[i] + c for i, inner in cuts.items() for c in inner))
        return doc
    return _rebuilt(doc, starts, ends, cuts)


def _cuts(starts: list[int], ends: list[int], offsets: set[int]) -> dict[int, list[int]]:
    """Token index -> offsets inside that token (relative to its start) where it must split."""
    cuts: dict[int, list[int]] = {}
    for off in sorted(offsets):
        i = bisect.bisect_right(starts, off) - 1
        if i >= 0 and starts[i] < off < ends[i]:
            cuts.setdefault(i, []).append(off - starts[i])
    return cuts


def _rebuilt(doc: Doc, starts: list[int], ends: list[int], cuts: dict[int, list[int]]) -> Doc:
    text = clean_text(doc)
    words = [text[a:b] for a, b in zip(starts, ends)]
    spaces = [follows > end for follows, end in zip(starts[1:] + [len(text)], ends)]
    has_sents = doc.has_annotation("SENT_START")
    flags = doc.to_array([SENT_START]).tolist() if has_sents else [0] * len(words)
    new_words: list[str] = []
    new_spaces: list[bool] = []
    new_flags: list[int] = []
    done = 0
    for i in sorted(cuts):  # copy the untouched runs whole; only split tokens are looked at
        new_words += words[done:i]
        new_spaces += spaces[done:i]
        new_flags += flags[done:i]
        bounds = [0, *cuts[i], ends[i] - starts[i]]
        new_words += [words[i][a:b] for a, b in zip(bounds, bounds[1:])]
        new_spaces += [False] * (len(bounds) - 2) + [spaces[i]]
        new_flags += [flags[i]] + [_NOT_START if has_sents else 0] * (len(bounds) - 2)
        done = i + 1
    new_words += words[done:]
    new_spaces += spaces[done:]
    new_flags += flags[done:]
    new = Doc(doc.vocab, words=new_words, spaces=new_spaces)
    if has_sents:
        new.from_array([SENT_START], numpy.asarray(new_flags, dtype="uint64").reshape(-1, 1))
    new.user_data.update(doc.user_data)
    new.cats = dict(doc.cats)
    new.ents = [_same_span(new, span) for span in doc.ents]
    for key, group in doc.spans.items():
        new.spans[key] = [_same_span(new, span) for span in group]
        new.spans[key].attrs.update(group.attrs)
    return new


def _same_span(doc: Doc, span: Span) -> Span:
    return doc.char_span(span.start_char, span.end_char, label=span.label, kb_id=span.kb_id)
