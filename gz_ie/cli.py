"""The ``gz-ie`` command line: parse, clean, and (see docs/) the research tools.

    gz-ie parse FILE... [--format json|jsonl|table]     ('-' reads standard input)
    gz-ie clean FILE [--diff]
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Iterable, Sequence, TextIO


def _read(name: str) -> str:
    if name == "-":
        return sys.stdin.read()
    return Path(name).read_text(encoding="utf-8")


def _fmt_num(x: float | None) -> str:
    if x is None:
        return ""
    return f"{x:,.0f}" if abs(x) >= 1e4 else f"{x:g}"


def _quantity_cell(value, unit, qualifier=None, high=None) -> str:
    if value is None:
        return ""
    text = _fmt_num(value) + (f"-{_fmt_num(high)}" if high is not None else "") + (unit or "")
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
            ("+" if (row["change"] or 0) > 0 else "") + _quantity_cell(row["change"], row["change_unit"]),
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


    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return args.func(args)
    except (OSError, UnicodeDecodeError) as err:
        print(f"gz-ie: {err}", file=sys.stderr)
        return 2
    except BrokenPipeError:
        return 0


if __name__ == "__main__":
    sys.exit(main())
