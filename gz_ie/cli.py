"""The ``gz-ie`` command line: parse, clean, and (see docs/) the research tools.

    gz-ie parse FILE... [--format json|jsonl|table]     ('-' reads standard input)
    gz-ie clean FILE [--diff]
    gz-ie evaluate GOLD.jsonl... --raw RAW.txt [--json] [--scope sentences] [--patterns F] [--baseline OLD.json]
    gz-ie patterns suggest CORPUS_DIR... [--out FILE] [--min-count N] [--n-process N]
    gz-ie patterns check FILE... [--strict]
    gz-ie mine DIR... --out facts.parquet|csv|jsonl [--n-process N]
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Iterable, Sequence, TextIO

from .errors import GzIeError


def _read(name: str) -> str:
    if name == "-":
        return sys.stdin.read()
    return Path(name).read_text(encoding="utf-8")


def _fmt_num(x: float | None) -> str:
    if x is None:
        return ""
    return f"{x:,.0f}" if abs(x) >= 1e4 else f"{x:g}"


def _quantity_cell(value, unit, qualifier=None, high=None, signed=False) -> str:
    if value is None:
        return ""
    sign = "+" if signed and value > 0 else ""
    text = sign + _fmt_num(value) + (f"-{_fmt_num(high)}" if high is not None else "") + (unit or "")
    marks = {"approx": "~", "over": ">", "under": "<", "up_to": "≤"}
    return marks.get(qualifier or "", "") + text


def render_table(doc, out: TextIO, name: str = "") -> None:
    """A readable summary: counts, then one row per relation."""
    counts = {"noise": len(doc.noise), "sentences": len(doc.sentences), "quantities": len(doc.quantities),
              "entities": len(doc.entities), "relations": len(doc.relations)}
    head = f"# {name}  " if name else "# "
    out.write(head + f"year={doc.year}  " + "  ".join(f"{k}={v}" for k, v in counts.items()) + "\n")
    cols = ("metric", "value", "change", "basis", "period", "kind")
    rows = []
    for row in doc.relations_table():
        rows.append((
            row["metric"],
            _quantity_cell(row["value"], row["unit"], row["qualifier"], row["high"]),
            _quantity_cell(row["change"], row["change_unit"], row["change_qualifier"], signed=True),
            row["basis"] or "", row["period"] or "", row["kind"],
        ))
    widths = [max([_width(c)] + [_width(r[i]) for r in rows]) for i, c in enumerate(cols)]
    for r in [cols, *rows]:
        out.write("  ".join(_pad(cell, w) for cell, w in zip(r, widths)).rstrip() + "\n")
    places = sorted({e.id or e.text for e in doc.entities if e.label == "PLACE"})
    projects = sorted({e.id or e.text for e in doc.entities if e.label == "PROJECT"})
    out.write(f"places ({len(places)}): " + "、".join(places) + "\n")
    out.write(f"projects ({len(projects)}): " + "、".join(projects) + "\n")


def _width(s: str) -> int:
    import unicodedata
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in s)


def _pad(s: str, width: int) -> str:
    return s + " " * (width - _width(s))


def cmd_parse(args: argparse.Namespace) -> int:
    from . import parse

    for name in args.files:
        doc = parse(_read(name), year=args.year)
        if args.format == "json":
            sys.stdout.write(doc.model_dump_json(indent=1) + "\n")
        elif args.format == "jsonl":
            sys.stdout.write(doc.model_dump_json() + "\n")
        else:
            render_table(doc, sys.stdout, name)
    return 0


def cmd_clean(args: argparse.Namespace) -> int:
    from .noise import apply, find_noise

    raw = _read(args.file)
    removals = find_noise(raw)
    if not args.diff:
        sys.stdout.write(apply(raw, removals))
        return 0
    for r in removals:
        line = raw.count("\n", 0, r.start) + 1
        shown = r.text if r.kind != "gap" else "∅"
        context = raw[max(0, r.start - 8):r.start].replace("\n", "⏎")
        sys.stdout.write(f"{line}:{r.start}-{r.end}\t{r.kind}\t{shown!r}\t…{context}[-]\n")
    by_kind: dict[str, int] = {}
    for r in removals:
        by_kind[r.kind] = by_kind.get(r.kind, 0) + (r.end - r.start)
    sys.stdout.write("# characters removed by kind: " + json.dumps(by_kind, ensure_ascii=False) + "\n")
    return 0


def _load_options(args: argparse.Namespace) -> dict:
    return {"patterns": list(args.patterns)} if getattr(args, "patterns", None) else {}


def cmd_evaluate(args: argparse.Namespace) -> int:
    from .evaluate import evaluate

    baseline = json.loads(Path(args.baseline).read_text(encoding="utf-8")) if args.baseline else None
    nlp = None
    if args.patterns:
        from .pipeline import load

        nlp = load(**_load_options(args))
    report = evaluate(args.gold, _read(args.raw), scope=args.scope, doc_id=args.doc, nlp=nlp, year=args.year)
    if args.json:
        sys.stdout.write(json.dumps(report.to_dict(), ensure_ascii=False, indent=1) + "\n")
    else:
        sys.stdout.write(report.to_text(show=args.show, baseline=baseline))
    return 0


def cmd_patterns_suggest(args: argparse.Namespace) -> int:
    from .suggest import suggest, write_suggestions

    failures: list = []
    cands = suggest(args.corpus, min_count=args.min_count, n_process=args.n_process, progress=not args.quiet,
                    patterns=args.patterns, glob=args.glob, recursive=args.recursive, failures=failures)
    if args.label:
        cands = [c for c in cands if c.label == args.label]
    if args.max:
        cands = cands[: args.max]
    for path, error in failures:
        print(f"gz-ie: {path}: {error}", file=sys.stderr)
    if args.out:
        out, review = write_suggestions(cands, args.out)
        print(f"{len(cands)} candidate patterns -> {out} (review sheet: {review})", file=sys.stderr)
    rows = [(str(c.count), str(len(c.docs)), c.label, c.pattern, "+".join(sorted(c.sources)),
             (c.examples[0] if c.examples else "")[:60]) for c in cands]
    header = ("count", "docs", "label", "pattern", "source", "example")
    if not args.out or not args.quiet:
        widths = [max([_width(h)] + [_width(r[i]) for r in rows]) for i, h in enumerate(header[:-1])]
        for r in [header, *rows]:
            sys.stdout.write("  ".join(_pad(c, w) for c, w in zip(r, widths)) + "  " + r[-1] + "\n")
    return 1 if failures else 0


def cmd_patterns_check(args: argparse.Namespace) -> int:
    from .suggest import check_patterns

    failed = False
    for name in args.files:
        issues = check_patterns(name, against=args.against or None)
        for issue in issues:
            print(issue, file=sys.stdout)
        errors = sum(i.level == "error" for i in issues)
        warnings = len(issues) - errors
        failed = failed or errors > 0 or (args.strict and warnings > 0)
        print(f"{name}: {errors} errors, {warnings} warnings", file=sys.stderr)
    return 1 if failed else 0


def cmd_mine(args: argparse.Namespace) -> int:
    from .mining import mine

    def report(failure) -> None:
        print(f"gz-ie: failed: {failure.path}: {failure.error}", file=sys.stderr)

    result = mine(args.dirs, args.out, n_process=args.n_process, progress=not args.quiet, glob=args.glob,
                  recursive=args.recursive, load_options=_load_options(args) or None, on_failure=report)
    print(f"mined {result.summary()}", file=sys.stderr)
    return 1 if result.failures else 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="gz-ie", description="Structured facts from Chinese policy text.")
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("parse", help="extract quantities, entities and relations")
    p.add_argument("files", nargs="+", metavar="FILE", help="text files; '-' reads standard input")
    p.add_argument("--format", choices=("json", "jsonl", "table"), default="table")
    p.add_argument("--year", type=int, default=None, help="the report's year (default: detected)")
    p.set_defaults(func=cmd_parse)

    p = sub.add_parser("clean", help="print the text with the noise removed")
    p.add_argument("file", metavar="FILE", help="a text file; '-' reads standard input")
    p.add_argument("--diff", action="store_true", help="list what was removed instead")
    p.set_defaults(func=cmd_clean)

    p = sub.add_parser("evaluate", help="score the parse of a report against gold annotation",
                       description="Precision, recall and F1 per task and label, and the misses and false hits.")
    p.add_argument("gold", nargs="+", metavar="GOLD", help="gold JSONL files (shared/data/ANNOTATION.md)")
    p.add_argument("--raw", required=True, metavar="RAW", help="the raw report text the gold annotates")
    p.add_argument("--json", action="store_true", help="print every figure and problem as JSON")
    p.add_argument("--show", type=int, default=10, metavar="N", help="problems shown per kind (default 10; 0 hides)")
    p.add_argument("--scope", choices=("document", "sentences"), default="document",
                   help="score every prediction (default) or only those in the gold's sentences")
    p.add_argument("--doc", default=None, help="only gold rows of this doc id")
    p.add_argument("--patterns", action="append", default=[], metavar="FILE",
                   help="extra entity pattern file to try (repeatable)")
    p.add_argument("--baseline", metavar="OLD.json", help="an earlier --json output: show what changed")
    p.add_argument("--year", type=int, default=None, help="the report's year (default: detected)")
    p.set_defaults(func=cmd_evaluate)

    p = sub.add_parser("patterns", help="suggest and check entity pattern files")
    psub = p.add_subparsers(dest="patterns_command", required=True)
    q = psub.add_parser("suggest", help="propose PLACE and PROJECT names the patterns miss")
    q.add_argument("corpus", nargs="+", metavar="CORPUS", help="folders of reports (or files)")
    q.add_argument("--out", metavar="FILE", help="write spaCy pattern JSONL here (and FILE.review.tsv)")
    q.add_argument("--min-count", type=int, default=2, metavar="N", help="least occurrences (default 2)")
    q.add_argument("--label", choices=("PLACE", "PROJECT"), help="only this label")
    q.add_argument("--max", type=int, default=0, metavar="N", help="at most N candidates")
    q.add_argument("--patterns", action="append", default=[], metavar="FILE",
                   help="pattern files already in use (repeatable)")
    _add_corpus_options(q)
    q.set_defaults(func=cmd_patterns_suggest)
    q = psub.add_parser("check", help="validate pattern files; exit 1 on errors")
    q.add_argument("files", nargs="+", metavar="FILE")
    q.add_argument("--against", action="append", default=[], metavar="FILE",
                   help="compare with these files instead of the bundled models/patterns")
    q.add_argument("--strict", action="store_true", help="fail on warnings too")
    q.set_defaults(func=cmd_patterns_check)

    p = sub.add_parser("mine", help="parse a folder of reports into one table of relations")
    p.add_argument("dirs", nargs="+", metavar="DIR", help="folders of reports (or files)")
    p.add_argument("--out", required=True, metavar="FILE", help="facts.parquet (needs pyarrow), .csv or .jsonl")
    p.add_argument("--patterns", action="append", default=[], metavar="FILE", help="extra entity pattern file")
    _add_corpus_options(p)
    p.set_defaults(func=cmd_mine)
    return parser


def _add_corpus_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--n-process", type=int, default=1, metavar="N", help="worker processes (-1: all cores)")
    p.add_argument("--glob", default="*.txt", help="which files of a folder (default *.txt)")
    p.add_argument("--recursive", action="store_true", help="also look in subfolders")
    p.add_argument("--quiet", action="store_true", help="no progress bar")


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return args.func(args)
    except BrokenPipeError:  # before OSError, of which it is a kind
        return 0
    except (OSError, UnicodeDecodeError, GzIeError, ImportError) as err:
        print(f"gz-ie: {err}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
