"""Sentence boundaries as the gold annotation draws them.

A sentence is the clean text between sentence-final marks (。！？； and their half-width
forms) or a line break; closing quotes and brackets right after a final mark stay with the
sentence they close. Rule-based because policy prose marks its sentences reliably.
"""
from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

FINAL_MARKS = frozenset("。！？；!?;")
CLOSERS = frozenset("”’」』）)》】")


@Language.factory("gz_sentences", assigns=["token.is_sent_start"], default_config={})
def make_sentence_splitter(nlp: Language, name: str) -> "SentenceSplitter":
    return SentenceSplitter()


class SentenceSplitter:
    """Mark sentence starts after final punctuation and line breaks."""

    def __call__(self, doc: Doc) -> Doc:
        if not len(doc):
            return doc
        ended = False
        for token in doc:
            text = token.text
            if token.i == 0:
                token.is_sent_start = True
            elif ended and not (set(text) <= CLOSERS):
                token.is_sent_start = True
                ended = False
            else:
                token.is_sent_start = False
            if "\n" in text:
                ended = True
            elif text and text[-1] in FINAL_MARKS and text.strip(''.join(FINAL_MARKS)) == "":
                ended = True
        return doc
