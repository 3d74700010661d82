#!/usr/bin/env python
"""Benchmark the embedded pkuseg model (models/segmenter) against its teacher.

For each model this measures, in a fresh subprocess (so that memory figures
do not mix): size on disk, load time, time to segment the report text line by
line, throughput (characters per second) and peak resident memory
(``resource.getrusage(RUSAGE_SELF).ru_maxrss``, read in the child after it
has segmented the text).  The report is the bundled example report by
default.  This is a script, not a test; it prints a small table.

    python benchmarks/bench_segmenter.py \
        --teacher-dir /tmp/teacher/pkuseg-0.0.25/pkuseg/models/default
"""
from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]
DEFAULT_TEXT = REPO_ROOT / ".." / "shared" / "data" / "guangzhou-2026-report.txt"
DEFAULT_TEACHER = Path("/tmp/teacher/pkuseg-0.0.25/pkuseg/models/default")


def child(model_dir: str, text_path: str, repeat: int) -> None:
    import resource
    import time

    import spacy_pkuseg

    rss_import = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    lines = [ln.strip() for ln in Path(text_path).read_text(encoding="utf-8").splitlines()]
    lines = [ln for ln in lines if ln]
    t = time.perf_counter()
    seg = spacy_pkuseg.pkuseg(model_dir)
    load_s = time.perf_counter() - t
    t = time.perf_counter()
    n_words = 0
    for _ in range(repeat):
        for ln in lines:
            n_words += len(seg.cut(ln))
    seg_s = (time.perf_counter() - t) / repeat
    n_chars = sum(len(ln) for ln in lines)
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KiB on Linux
    print(json.dumps({
        "load_s": load_s, "seg_s": seg_s, "chars": n_chars, "words": n_words // repeat,
        "peak_rss_kib": rss, "rss_after_import_kib": rss_import,
    }))


def dir_size(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def run(model_dir: Path, text: Path, repeat: int) -> dict:
    proc = subprocess.run(
        [sys.executable, __file__, "--child", str(model_dir), str(text), str(repeat)],
        capture_output=True, text=True, check=True,
    )
    res = json.loads(proc.stdout.strip().splitlines()[-1])
    res["size"] = dir_size(model_dir)
    return res


def main(argv=None) -> int:
    if argv is None and len(sys.argv) > 1 and sys.argv[1] == "--child":
        child(sys.argv[2], sys.argv[3], int(sys.argv[4]))
        return 0
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter,
                                 epilog=__doc__.split("\n", 2)[2])
    ap.add_argument("text", nargs="?", type=Path, default=DEFAULT_TEXT,
                    help="text to segment (default: %(default)s)")
    ap.add_argument("--model-dir", type=Path, default=REPO_ROOT / "models" / "segmenter",
                    help="embedded model (default: %(default)s)")
    ap.add_argument("--teacher-dir", type=Path, default=DEFAULT_TEACHER,
                    help="teacher model directory, pkuseg 0.0.25 'default' (default: %(default)s)")
    ap.add_argument("--repeat", type=int, default=1,
                    help="segment the text this many times and average (default: %(default)s)")
    args = ap.parse_args(argv)

    rows = []
    for name, d in (("embedded", args.model_dir), ("teacher", args.teacher_dir)):
        if not d.is_dir():
            print(f"skipping {name}: {d} not found", file=sys.stderr)
            continue
        rows.append((name, run(d.resolve(), args.text.resolve(), args.repeat)))

    if rows:
        r0 = rows[0][1]
        print(f"text: {args.text.resolve()} ({r0['chars']} chars, non-empty lines, repeat={args.repeat})")
    hdr = ("model", "size MB", "load s", "segment s", "chars/s", "peak RSS MB", "RSS after import MB")
    print("| " + " | ".join(hdr) + " |")
    print("|" + "|".join("---" for _ in hdr) + "|")
    for name, r in rows:
        print("| {} | {:.1f} | {:.2f} | {:.2f} | {:,.0f} | {:.0f} | {:.0f} |".format(
            name, r["size"] / 1e6, r["load_s"], r["seg_s"], r["chars"] / r["seg_s"],
            r["peak_rss_kib"] / 1024, r["rss_after_import_kib"] / 1024))
    return 0


if __name__ == "__main__":
    sys.exit(main())
