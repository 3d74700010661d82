"""Mine a corpus: parse every report in a folder and write one table of relations.

Each file is one task, so a file that fails (bad encoding, a bug on an odd text) is
reported and skipped while the rest of the run goes on; ``nlp.pipe(n_process=...)`` cannot
do that, as an error in one text stops every worker. With ``n_process > 1`` each worker
builds its own pipeline once and parses whole files. Rows are the Document's
``relations_table()`` with the document id (the file stem) and the report's year in front.

Example:
    >>> from gz_ie.mining import mine
    >>> result = mine("reports/", "facts.csv", n_process=2)
    >>> result.files, len(result.rows), result.failures
"""
from __future__ import annotations

import csv
import json
import multiprocessing
import os
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator, Optional, Sequence, Union

import regex

from .display import progress as progress_bar
from .errors import Errors, GzIeError, missing_optional

RELATION_COLUMNS = ("metric", "metric_id", "value", "high", "unit", "qualifier", "change", "change_unit",
                    "change_qualifier", "basis", "period", "kind", "sentence")
COLUMNS = ("doc", "year", *RELATION_COLUMNS)
FORMATS = ("parquet", "csv", "jsonl")
_NUMBER_COLUMNS = frozenset({"value", "high", "change"})
_YEAR_IN_NAME = regex.compile(r"(?<![0-9])(?:19|20)[0-9]{2}(?![0-9])")

PathLike = Union[str, os.PathLike]
# a per-file task: (pipeline, path, text) -> a picklable result; module-level so workers can import it
Task = Callable[[Any, Path, str], Any]



@dataclass
class Failure:
    """A file that could not be read or parsed, and why."""

    path: str
    error: str


@dataclass
class MineResult:
    """What ``mine`` did: the rows it wrote and the files it could not parse."""

    files: int
    rows: list[dict] = field(default_factory=list)
    failures: list[Failure] = field(default_factory=list)
    seconds: float = 0.0
    out: Optional[Path] = None

    def summary(self) -> str:
        text = (f"{self.files} files, {len(self.rows):,} relations, {len(self.failures)} failed, "
                f"{self.seconds:.1f} s")
        return text + (f" -> {self.out}" if self.out else "")


def text_files(sources: Union[PathLike, Sequence[PathLike]], *, glob: str = "*.txt",
               recursive: bool = False) -> list[Path]:
    """The files to mine: every ``glob`` match in each folder, and each file named directly."""
    if isinstance(sources, (str, os.PathLike)):
        sources = [sources]
    files: list[Path] = []
    for source in map(Path, sources):
        if source.is_dir():
            found = source.rglob(glob) if recursive else source.glob(glob)
            files.extend(sorted(p for p in found if p.is_file()))
        elif source.exists():
            files.append(source)
        else:
            raise GzIeError(Errors.E013.format(path=source))
    if not files:
        raise GzIeError(Errors.E012.format(glob=glob, where=", ".join(map(str, sources))))
    return files


def year_from_name(path: PathLike) -> Optional[int]:
    """The year in a file name (``guangzhou-2025.txt`` -> 2025), if there is exactly one."""
    years = _YEAR_IN_NAME.findall(Path(path).stem)
    return int(years[0]) if len(years) == 1 else None


# ---------------------------------------------------------------- running tasks over files

_worker_nlp = None
_worker_error: Optional[str] = None


def _build_pipeline(load_options: Optional[dict]):
    from .pipeline import default_pipeline, load

    return load(**load_options) if load_options else default_pipeline()


def _init_worker(load_options: Optional[dict]) -> None:
    # an initializer that raises makes Pool start new workers for ever: keep the error instead
    global _worker_nlp, _worker_error
    try:
        _worker_nlp = _build_pipeline(load_options)
    except Exception as err:
        _worker_error = f"the pipeline did not load: {type(err).__name__}: {err}"


def _attempt(task: Task, nlp, path: Path) -> tuple[Path, Any, Optional[str]]:
    try:
        text = path.read_text(encoding="utf-8")
        return path, task(nlp, path, text), None
    except Exception as err:  # one bad file must not stop a corpus run
        return path, None, f"{type(err).__name__}: {err}"


def _in_worker(job: tuple[Task, Path]) -> tuple[Path, Any, Optional[str]]:
    task, path = job
    if _worker_error is not None:
        return path, None, _worker_error
    return _attempt(task, _worker_nlp, path)


def map_files(
    paths: Sequence[Path],
    task: Task,
    *,
    n_process: int = 1,
    progress: bool = True,
    desc: str = "",
    load_options: Optional[dict] = None,
    nlp=None,
) -> Iterator[tuple[Path, Any, Optional[str]]]:
    """Run ``task`` on every file, yielding ``(path, result, error)`` as files finish.

    Args:
        paths: the files.
        task: a module-level function ``(nlp, path, text) -> result`` (workers import it).
        n_process: worker processes; 1 runs here, -1 uses every core.
        progress: show a progress bar.
        load_options: keyword arguments for ``gz_ie.load`` (e.g. ``{"patterns": [...]}``);
            default the default pipeline.
        nlp: a pipeline to use when running here (``n_process=1``).
    """
    if n_process < 0:
        n_process = os.cpu_count() or 1
    n_process = max(1, min(n_process, len(paths)))
    if n_process == 1:
        nlp = nlp or _build_pipeline(load_options)
        yield from progress_bar((_attempt(task, nlp, p) for p in paths), total=len(paths), desc=desc,
                                enabled=progress)
        return
    # spawn: workers start clean (no inherited threads or half-built pipelines) on every platform
    context = multiprocessing.get_context("spawn")
    with context.Pool(n_process, initializer=_init_worker, initargs=(load_options,)) as pool:
        jobs = [(task, p) for p in paths]
        yield from progress_bar(pool.imap_unordered(_in_worker, jobs), total=len(paths), desc=desc,
                                enabled=progress)


# ---------------------------------------------------------------- mining


def relation_rows(nlp, path: Path, text: str) -> list[dict]:
    """One file's relations table, with ``doc`` (the file stem) and ``year`` in front."""
    from .pipeline import parse

    doc = parse(text, nlp=nlp)
    year = doc.year if doc.year is not None else year_from_name(path)
    return [{"doc": path.stem, "year": year, **row} for row in doc.relations_table()]


def mine(
    sources: Union[PathLike, Sequence[PathLike]],
    out: Optional[PathLike] = None,
    *,
    n_process: int = 1,
    progress: bool = True,
    glob: str = "*.txt",
    recursive: bool = False,
    load_options: Optional[dict] = None,
    nlp=None,
    on_failure: Optional[Callable[[Failure], None]] = None,
) -> MineResult:
    """Parse every text file and collect (and optionally write) one table of relations.

    Args:
        sources: a folder, a file, or several of either.
        out: where to write the table; ``.parquet`` (needs pyarrow), ``.csv`` or ``.jsonl``.
        n_process: worker processes (each loads the pipeline once, a few seconds).
        progress: show a progress bar (tqdm if installed).
        glob, recursive: which files of a folder to take.
        load_options: keyword arguments for ``gz_ie.load``, e.g. ``{"patterns": ["mine.jsonl"]}``.
        nlp: a pipeline already built, used when ``n_process`` is 1.
        on_failure: called with each Failure as it happens (the CLI prints it).

    Returns:
        A MineResult; rows are in file order whatever order the workers finish in.
    """
    if out is not None:
        table_format(out)  # fail before hours of parsing, not after
    paths = text_files(sources, glob=glob, recursive=recursive)
    started = time.perf_counter()
    results: dict[Path, list[dict]] = {}
    failures: list[Failure] = []
    for path, rows, error in map_files(paths, relation_rows, n_process=n_process, progress=progress,
                                       desc="mine", load_options=load_options, nlp=nlp):
        if error is not None:
            failure = Failure(str(path), error)
            failures.append(failure)
            if on_failure:
                on_failure(failure)
        else:
            results[path] = rows
    rows = [row for p in paths for row in results.get(p, [])]
    result = MineResult(files=len(paths), rows=rows, failures=failures)
    if out is not None:
        result.out = write_table(rows, out)
    result.seconds = time.perf_counter() - started
    return result


# ---------------------------------------------------------------- tables


def table_format(path: PathLike) -> str:
    suffix = Path(path).suffix.lower().lstrip(".")
    if suffix not in FORMATS:
        raise GzIeError(Errors.E011.format(path=path))
    return suffix


def columns_of(rows: Iterable[dict]) -> list[str]:
    """The standard columns, then any a newer ``relations_table`` added, in first-seen order."""
    cols = list(COLUMNS)
    for row in rows:
        cols.extend(k for k in row if k not in cols)
    return cols


def write_table(rows: Sequence[dict], path: PathLike) -> Path:
    """Write rows as parquet, csv or jsonl, chosen by the file name's suffix."""
    path = Path(path)
    fmt = table_format(path)
    cols = columns_of(rows)
    if fmt == "parquet":
        try:
            import pyarrow as pa
            import pyarrow.parquet as pq
        except ImportError:
            raise missing_optional("Writing parquet", "pyarrow") from None
        types = {"doc": pa.string(), "year": pa.int64(), **{c: pa.float64() for c in _NUMBER_COLUMNS},
                 **{c: pa.string() for c in RELATION_COLUMNS if c not in _NUMBER_COLUMNS}}
        table = pa.table({c: pa.array([r.get(c) for r in rows], type=types.get(c)) for c in cols})
        pq.write_table(table, path)
    elif fmt == "csv":
        with open(path, "w", encoding="utf-8", newline="") as f:
            writer = csv.DictWriter(f, fieldnames=cols)
            writer.writeheader()
            writer.writerows(rows)
    else:
        with open(path, "w", encoding="utf-8") as f:
            for row in rows:
                f.write(json.dumps({c: row.get(c) for c in cols}, ensure_ascii=False) + "\n")
    return path
