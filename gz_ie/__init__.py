"""gz_ie: structured, typed facts from noisy Chinese policy text.

    >>> import gz_ie
    >>> doc = gz_ie.parse(open("examples/guangzhou-2026-report.txt", encoding="utf-8").read())
    >>> doc.relations[0].metric

Nothing runs at import: the pipeline is built on the first ``parse``.
"""
from __future__ import annotations

from .document import Document, Entity, NoiseSpan, Quantity, Relation, Sentence
from .pipeline import load, parse, parse_many

__version__ = "0.1.0"
__all__ = [
    "Document", "Entity", "NoiseSpan", "Quantity", "Relation", "Sentence",
    "load", "parse", "parse_many", "__version__",
]
