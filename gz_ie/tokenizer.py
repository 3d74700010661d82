"""The cleaning tokenizer: noise filter first, then pkuseg on the clean text.

Noise is removed before segmentation, so decorations and injected advertising never become
tokens; the Doc's text is the clean text, and the raw text, the removed spans and the
offset map stay on the Doc (``doc._.gz_raw_text``, ``doc._.gz_noise``,
``doc._.gz_clean_breaks``). Registered as ``gz_ie.CleaningTokenizer.v1`` the way spaCy
registers ``spacy.zh.ChineseTokenizer``.
"""
from __future__ import annotations

import json
import os
import shutil
import sys
from pathlib import Path
from typing import Callable, Iterable, Iterator, Sequence

import regex
from spacy.tokens import Doc
from spacy.util import registry
from spacy.vocab import Vocab

from . import _extensions
from .errors import Errors, GzIeError
from .noise import NoiseFilter
from .offsets import OffsetMap
from .paths import MODELS_DIR, SEGMENTER_DIR

# pkuseg sees one chunk at a time: memory stays flat on long inputs, and chunks end where a
# word cannot continue anyway (sentence marks and line breaks).
_CHUNK_END = regex.compile(r"[。！？；!?;\n]+")
_MAX_CHUNK = 1000
DEFAULT_MAX_LENGTH = 10_000_000


def _model_files_present(path: Path) -> bool:
    return (path / "weights.npz").exists() and any(
        (path / f).exists() for f in ("features.msgpack", "features.pkl")
    )


def resolve_segmenter_dir(segmenter_model: str | os.PathLike | None) -> Path:
    """The directory of the pkuseg model to load: the argument, ``GZ_IE_SEGMENTER``, or the bundled one."""
    path = Path(segmenter_model or os.environ.get("GZ_IE_SEGMENTER") or SEGMENTER_DIR)
    if not _model_files_present(path):
        raise GzIeError(Errors.E003.format(path=path))
    return path


def read_user_dict(files: Iterable[str | os.PathLike]) -> list[str]:
    """Words to keep whole: one per line in ``.txt``; string patterns and ``id``s in ``.jsonl``."""
    words: set[str] = set()
    for name in files:
        path = Path(name)
        if path.is_dir():
            words.update(read_user_dict(sorted(path.glob("*.jsonl")) + sorted(path.glob("*.txt"))))
            continue
        with open(path, encoding="utf-8") as f:
            for line in f:
                line = line.strip()
                if not line or line.startswith("#"):
                    continue
                if path.suffix == ".jsonl":
                    entry = json.loads(line)
                    pattern = entry.get("pattern")
                    if isinstance(pattern, str):
                        words.add(pattern)
                    for alias in entry.get("aliases", []) if isinstance(entry.get("aliases"), list) else []:
                        words.add(alias)
                    if isinstance(entry.get("metric"), str):
                        words.add(entry["metric"])
                else:
                    words.add(line.split("\t")[0])
    return sorted(w for w in words if len(w) > 1 and not w.isspace())


class UserWords:
    """The user dictionary as pkuseg applies it (its ``preprocesser``): each dictionary word in
    a text, longest first from the left, is kept whole and the CRF cuts only the rest.

    pkuseg's own ``Preprocesser`` ends a match where its trie walk fails rather than at the
    last whole word, so a name that continues a longer one came out cut wrong
    (``企业数字化`` -> ``企业数`` + ``字化`` with 企业数字化转型 in the dictionary), and it
    builds one Python object per trie node (0.06 s at every start for ~3,700 words).
    """

    def __init__(self, words: Iterable[str]) -> None:
        # a word with whitespace never matches: pkuseg cuts the text at whitespace first
        self.words = {w for w in words if w and not any(ch.isspace() for ch in w)}
        self.prefixes = {w[:k] for w in self.words for k in range(1, len(w))}

    def solve(self, text: str) -> tuple[list[str], list[bool], list[str]]:
        """(pieces, is-dictionary-word flags, tags) covering ``text``, as pkuseg expects."""
        words, prefixes = self.words, self.prefixes
        pieces: list[str] = []
        flags: list[bool] = []
        last = i = 0
        n = len(text)
        while i < n:
            j, end = i + 1, 0
            piece = text[i]
            while True:
                if piece in words:
                    end = j
                if j >= n or piece not in prefixes:
                    break
                j += 1
                piece = text[i:j]
            if end:
                if last < i:
                    pieces.append(text[last:i])
                    flags.append(False)
                pieces.append(text[i:end])
                flags.append(True)
                last = i = end
            else:
                i += 1
        if last < n:
            pieces.append(text[last:])
            flags.append(False)
        return pieces, flags, [""] * len(pieces)


class CleaningTokenizer:
    """Noise filter + pkuseg segmenter, producing a Doc over the clean text."""

    def __init__(
        self,
        vocab: Vocab,
        segmenter_model: str = "",
        user_dict_files: Sequence[str] = (),
        noise_files: Sequence[str] = (),
        max_length: int = DEFAULT_MAX_LENGTH,
    ) -> None:
        _extensions.register()
        self.vocab = vocab
        self.segmenter_model = str(segmenter_model or "")
        self.user_dict_files = [str(p) for p in user_dict_files]
        self.noise_files = [str(p) for p in noise_files]
        self.max_length = max_length
        self.noise_filter = NoiseFilter(extra_files=self.noise_files)
        self.user_words = read_user_dict(self.user_dict_files)
        self._segmenter = None

    @property
    def segmenter(self):
        """The pkuseg model, loaded on first use."""
        if self._segmenter is None:
            import spacy_pkuseg

            model_dir = resolve_segmenter_dir(self.segmenter_model)
            # No dictionary post-processing: the model learned the teacher's post-processed
            # output, so re-merging with pkuseg's 390,000-word default dictionary changes 0.05 %
            # of word boundaries while costing 14 % of segmentation time and 45 MB.
            self._segmenter = spacy_pkuseg.pkuseg(str(model_dir), user_dict=None)
            self._segmenter.preprocesser = UserWords(self.user_words)
        return self._segmenter

    def __call__(self, text: str) -> Doc:
        if not isinstance(text, str):
            raise TypeError(Errors.E001.format(type_name=type(text).__name__))
        if len(text) > self.max_length:
            raise GzIeError(Errors.E002.format(length=len(text), limit=self.max_length))
        removals = self.noise_filter.find(text)
        omap = OffsetMap.from_removals(text, removals)
        words, spaces = self.segment(omap.clean)
        doc = Doc(self.vocab, words=words, spaces=spaces)
        doc._.gz_raw_text = text
        doc._.gz_clean_text = omap.clean
        doc._.gz_noise = [[r.start, r.end, r.kind, r.text] for r in removals]
        doc._.gz_clean_breaks = [list(b) for b in omap.breaks]
        return doc

    def pipe(self, texts: Iterable[str], batch_size: int = 1000) -> Iterator[Doc]:
        for text in texts:
            yield self(text)

    def segment(self, text: str) -> tuple[list[str], list[bool]]:
        """Words and trailing-space flags covering ``text`` exactly."""
        words: list[str] = []
        spaces: list[bool] = []
        for start, end in _chunks(text):
            chunk = text[start:end]
            pos = 0
            for word in self.segmenter.cut(chunk) if chunk.strip() else []:
                found = chunk.find(word, pos)
                if found < 0:  # pkuseg changed the text; keep the rest as one token
                    break
                if found > pos:
                    _add_gap(chunk[pos:found], words, spaces)
                words.append(word)
                spaces.append(False)
                pos = found + len(word)
            if pos < len(chunk):
                _add_gap(chunk[pos:], words, spaces)
        return words, spaces

    # serialisation: the user dictionary travels with the pipeline; the model too if custom
    def to_disk(self, path: str | os.PathLike, *, exclude: Sequence[str] = ()) -> None:
        path = Path(path)
        path.mkdir(parents=True, exist_ok=True)
        (path / "user_dict.txt").write_text("\n".join(self.user_words), encoding="utf-8")
        settings = {"max_length": self.max_length, "bundled_model": not self.segmenter_model}
        (path / "settings.json").write_text(json.dumps(settings), encoding="utf-8")
        if self.segmenter_model:
            model_dir = path / "segmenter"
            model_dir.mkdir(exist_ok=True)
            for f in Path(self.segmenter_model).iterdir():
                if f.is_file():
                    shutil.copy2(f, model_dir / f.name)

    def from_disk(self, path: str | os.PathLike, *, exclude: Sequence[str] = ()) -> "CleaningTokenizer":
        path = Path(path)
        self.user_words = read_user_dict([path / "user_dict.txt"])
        settings = json.loads((path / "settings.json").read_text(encoding="utf-8"))
        self.max_length = settings["max_length"]
        if not settings["bundled_model"]:
            self.segmenter_model = str(path / "segmenter")
        self._segmenter = None
        return self

    def to_bytes(self, *, exclude: Sequence[str] = ()) -> bytes:
        return json.dumps({"user_words": self.user_words, "max_length": self.max_length}).encode("utf-8")

    def from_bytes(self, data: bytes, *, exclude: Sequence[str] = ()) -> "CleaningTokenizer":
        settings = json.loads(data.decode("utf-8"))
        self.user_words = settings["user_words"]
        self.max_length = settings["max_length"]
        self._segmenter = None
        return self


def _chunks(text: str) -> Iterator[tuple[int, int]]:
    start = 0
    for m in _CHUNK_END.finditer(text):
        yield from _cap(start, m.end())
        start = m.end()
    if start < len(text):
        yield from _cap(start, len(text))


def _cap(start: int, end: int) -> Iterator[tuple[int, int]]:
    while end - start > _MAX_CHUNK:
        yield start, start + _MAX_CHUNK
        start += _MAX_CHUNK
    yield start, end


def _add_gap(gap: str, words: list[str], spaces: list[bool]) -> None:
    """Whitespace between words: a single space becomes a trailing-space flag, the rest a token."""
    if gap == " " and words and not spaces[-1]:
        spaces[-1] = True
    else:
        words.append(gap)
        spaces.append(False)


@registry.tokenizers("gz_ie.CleaningTokenizer.v1")
def create_cleaning_tokenizer(
    segmenter_model: str = "",
    user_dict_files: list[str] = [],  # noqa: B006 - spaCy config values
    noise_files: list[str] = [],  # noqa: B006
    max_length: int = DEFAULT_MAX_LENGTH,
) -> Callable[..., CleaningTokenizer]:
    def tokenizer_factory(nlp) -> CleaningTokenizer:
        # The tokenizer owns the length limit (it is saved with it, and counts raw characters,
        # noise included); spaCy's own nlp.max_length is not saved, so step it aside.
        nlp.max_length = sys.maxsize
        return CleaningTokenizer(
            nlp.vocab,
            segmenter_model=segmenter_model,
            user_dict_files=user_dict_files,
            noise_files=noise_files,
            max_length=max_length,
        )

    return tokenizer_factory
