"""Sentence boundaries as the gold annotation draws them.

A sentence is the clean text between sentence-final marks (。！？； and their half-width
forms) or a line break; closing quotes and brackets right after a final mark stay with the
sentence they close. Rule-based because policy prose marks its sentences reliably.
"""
from __future__ import annotations

import numpy
from spacy.attrs import SENT_START
from spacy.language import Language
from spacy.tokens import Doc

from ._extensions import clean_text
from ._spans import token_offsets

FINAL_MARKS = frozenset("。！？；!?;")
CLOSERS = frozenset("”’」』）)》】")
_FINAL = "".join(FINAL_MARKS)
_NOT_START = numpy.uint64(2**64 - 1)  # -1 as spaCy stores it in a uint64 array


@Language.factory("gz_sentences", assigns=["token.is_sent_start"], default_config={})
def make_sentence_splitter(nlp: Language, name: str) -> "SentenceSplitter":
    return SentenceSplitter()


class SentenceSplitter:
    """Mark sentence starts after final punctuation and line breaks."""

    def __call__(self, doc: Doc) -> Doc:
        if not len(doc):
            return doc
        # One array write: setting token.is_sent_start one by one re-checks the whole Doc
        # each time (quadratic on a long document).
        starts = numpy.full((len(doc), 1), _NOT_START, dtype="uint64")
        clean = clean_text(doc)
        ended = True
        for i, (start, end) in enumerate(zip(*token_offsets(doc))):
            text = clean[start:end]
            if ended and (i == 0 or not set(text) <= CLOSERS):
                starts[i, 0] = 1
                ended = False
            if "\n" in text:
                ended = True
            elif text and text[-1] in FINAL_MARKS and text.strip(_FINAL) == "":
                ended = True
        doc.from_array([SENT_START], starts)
        return doc
