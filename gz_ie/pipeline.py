"""Build and cache the gz_ie spaCy pipeline; the public ``load``/``parse``/``parse_many``.

Pipeline order (each stage's module and data file share its name):

    tokenizer      gz_ie.tokenizer   noise filter (models/noise/) + pkuseg (models/segmenter/)
    gz_sentences   gz_ie.sentences   sentence boundaries
    gz_numerals    gz_ie.numerals    quantities          (models/numerals/)
    gz_entities    gz_ie.entities    places and projects (models/patterns/)
    gz_relations   gz_ie.relations   metric-value-change (models/metrics/)
"""
from __future__ import annotations

import functools
import os
import warnings
from pathlib import Path
from typing import Iterable, Iterator, Optional, Sequence, Sized

import spacy
from spacy.language import Language

from . import _extensions
from .convert import doc_to_document
from .document import Document
from .errors import Errors, GzIeError, GzIeWarning, Warnings
from .paths import MODELS_DIR, PATTERNS_DIR
from .tokenizer import DEFAULT_MAX_LENGTH

COMPONENTS = ("gz_sentences", "gz_numerals", "gz_entities", "gz_relations")


def _default_user_dicts() -> list[str]:
    files = [PATTERNS_DIR, MODELS_DIR / "metrics"]
    return [str(p) for p in files if p.exists()]


def load(
    *,
    segmenter_model: str | os.PathLike | None = None,
    patterns: Sequence[str | os.PathLike] = (),
    noise_files: Sequence[str | os.PathLike] = (),
    disable: Sequence[str] = (),
    max_length: int = DEFAULT_MAX_LENGTH,
) -> Language:
    """Build a gz_ie pipeline.

    Args:
        segmenter_model: a pkuseg model directory; default the bundled ``models/segmenter``.
        patterns: extra entity pattern files (spaCy JSONL) added to the bundled ones; their
            names also go to the segmenter's user dictionary so they stay whole words.
        noise_files: extra noise vocabularies (see ``models/noise/``).
        disable: components to leave out, e.g. ``("gz_relations",)``.
        max_length: longest input accepted, in characters.

    Example:
        >>> nlp = gz_ie.load(patterns=["my_projects.jsonl"])
        >>> doc = nlp("加快华星光电T8建设")
    """
    _extensions.register()
    unknown = [name for name in disable if name not in COMPONENTS]
    if unknown:
        raise GzIeError(Errors.E005.format(name=unknown[0], names=list(COMPONENTS)))
    extra = [str(p) for p in patterns]
    config = {
        "nlp": {
            "tokenizer": {
                "@tokenizers": "gz_ie.CleaningTokenizer.v1",
                "segmenter_model": str(segmenter_model or ""),
                "user_dict_files": _default_user_dicts() + extra,
                "noise_files": [str(p) for p in noise_files],
                "max_length": max_length,
            }
        }
    }
    nlp = spacy.blank("zh", config=config)
    # importing registers the factories
    from . import entities, numerals, relations, sentences  # noqa: F401

    for name in COMPONENTS:
        if name in disable:
            continue
        cfg = {"pattern_files": extra} if name == "gz_entities" and extra else {}
        nlp.add_pipe(name, config=cfg)
    nlp.initialize()
    return nlp


@functools.lru_cache(maxsize=1)
def default_pipeline() -> Language:
    """The pipeline ``parse`` uses, built on first call and kept."""
    return load()


def parse(text: str, *, year: Optional[int] = None, nlp: Optional[Language] = None) -> Document:
    """Extract the facts of one text.

    Args:
        text: the raw text, noise and all.
        year: the report's year, if known; otherwise detected from the text.
        nlp: a pipeline from ``load``; default the cached default one.

    Example:
        >>> doc = gz_ie.parse("全年地区生产总值3.2万亿元、同比增长4%。")
        >>> doc.quantities[0].value
        3200000000000.0
    """
    if not isinstance(text, str):
        raise TypeError(Errors.E001.format(type_name=type(text).__name__))
    nlp = nlp or default_pipeline()
    cfg = {"gz_relations": {"year": year}} if year is not None and "gz_relations" in nlp.pipe_names else {}
    return doc_to_document(nlp(text, component_cfg=cfg), year=year)


def parse_many(
    texts: Iterable[str],
    *,
    batch_size: int = 8,
    n_process: int = 1,
    nlp: Optional[Language] = None,
    progress: bool = False,
) -> Iterator[Document]:
    """Stream Documents for many texts with ``nlp.pipe`` (``n_process > 1`` forks workers).

    An item that ``parse`` would reject (not a str, or longer than the limit) is skipped with
    a ``GzIeWarning``, so one bad file does not end a corpus run.

    ``progress=True`` shows a progress bar: tqdm's (notebook-aware) if tqdm is installed,
    else a counter on stderr. A list of texts gives the bar its total.
    """
    nlp = nlp or default_pipeline()
    limit = getattr(nlp.tokenizer, "max_length", None)
    docs = nlp.pipe(_usable(texts, limit), batch_size=batch_size, n_process=n_process)
    if progress:
        from .display import progress as progress_bar

        docs = progress_bar(docs, total=len(texts) if isinstance(texts, Sized) else None, desc="parse")
    for doc in docs:
        yield doc_to_document(doc)


def _usable(texts: Iterable[str], limit: Optional[int]) -> Iterator[str]:
    """The texts ``parse`` would accept; one bad item in a corpus warns instead of ending the stream."""
    for index, text in enumerate(texts):
        if not isinstance(text, str):
            problem = Errors.E001.format(type_name=type(text).__name__)
        elif limit is not None and len(text) > limit:
            problem = Errors.E002.format(length=len(text), limit=limit)
        else:
            yield text
            continue
        warnings.warn(Warnings.W001.format(index=index, problem=problem), GzIeWarning, stacklevel=3)
