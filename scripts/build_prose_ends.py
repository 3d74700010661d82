"""Build ``models/noise/prose_ends.txt``: two-character words that end a clause in official prose.

The noise filter takes the two Han characters before a brand-less gambling ad at a clause end
as the ad's unknown brand (``某某彩票app下载，``); a word of this list there is the prose's own
(``增长10%左右棋牌官方网站，`` keeps 左右). The list is every Han bigram found right before a
clause mark or line break in the developer corpus of government reports, a line each, sorted::

    python scripts/build_prose_ends.py --corpus ../shared/corpus --out models/noise/prose_ends.txt
"""
from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

import regex

from gz_ie.noise import find_noise, apply

CLAUSE_END = regex.compile(r"(\p{Han}{2})(?=[，,、。；;：:！!？?\n）)”])")

HEADER = """\
# Two-character words that end a clause in official prose (左右, 水平, 成果). Before a gambling
# ad that has no known brand (体育投注, 彩票app下载) at a clause end, two Han characters that
# are not listed here are taken as the ad's brand; listed ones stay with the prose.
# Built by scripts/build_prose_ends.py from the developer corpus ({files} reports,
# min count {min_count}): every Han bigram right before a clause mark or line break.
"""


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--corpus", type=Path, default=Path("../shared/corpus"))
    ap.add_argument("--out", type=Path, default=Path("models/noise/prose_ends.txt"))
    ap.add_argument("--min-count", type=int, default=1)
    args = ap.parse_args(argv)
    paths = sorted(args.corpus.glob("*.txt")) + sorted((args.corpus / "more").glob("*.txt"))
    counts: Counter[str] = Counter()
    for path in paths:
        raw = path.read_text(encoding="utf-8")
        counts.update(m[1] for m in CLAUSE_END.finditer(apply(raw, find_noise(raw))))
    words = sorted(w for w, n in counts.items() if n >= args.min_count)
    with open(args.out, "w", encoding="utf-8") as f:
        f.write(HEADER.format(files=len(paths), min_count=args.min_count))
        f.write("\n".join(words) + "\n")
    print(f"{len(words)} words -> {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
