"""Measure how much noise changes the extracted facts, end to end.

``noise_injection.py`` asks whether the filter removes injected noise; this asks whether the
facts survive it. Each report is parsed as it is and again with a piece of noise of a random
family (all of ``noise_injection.ALL_FAMILIES`` but the doubled page mark and the site names
no rule can know) inserted about every ``--every`` characters, at the places that family is
put in; the facts are compared as multisets:

* quantities as (text, value, unit), entities as (text, label), relations as
  (metric, value text, change text, period, kind);
* "kept" is the share of the clean report's facts found again in the noisy one; the lost and
  new facts are printed to look at.

    python scripts/noise_robustness.py --corpus ../shared/corpus/more --files 10 --seed 7

The corpus texts are read, never copied into the repository.
"""
from __future__ import annotations

import argparse
import random
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import noise_injection as injection  # noqa: E402

import gz_ie  # noqa: E402

SKIPPED_FAMILIES = ("doubled_mark", "unseen_site_both")


def inject(text: str, rng: random.Random, every: int) -> str:
    """``text`` with a piece of noise about every ``every`` characters."""
    families = [f for f in injection.ALL_FAMILIES if f not in SKIPPED_FAMILIES]
    pieces, pos = [], 0
    for target in sorted(rng.sample(range(1, len(text)), max(1, len(text) // every))):
        family = rng.choice(families)
        place = rng.choice(injection.PLACES.get(family, injection.DEFAULT_PLACES))
        lo = max(pos, target - 30)
        spots = injection.insertion_points(text[lo:target + 30], place)
        if not spots:
            continue
        at = lo + spots[0]
        pieces += [text[pos:at], injection.make_noise(rng, family)]
        pos = at
    pieces.append(text[pos:])
    return "".join(pieces)


def facts(doc: gz_ie.Document) -> dict[str, Counter]:
    return {
        "quantities": Counter((q.text, q.value, q.unit) for q in doc.quantities),
        "entities": Counter((e.text, e.label) for e in doc.entities),
        "relations": Counter((r.metric, r.value and r.value.text, r.change and r.change.text, r.period, r.kind)
                             for r in doc.relations),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, default=Path("../shared/corpus/more"))
    parser.add_argument("--files", type=int, default=10, help="how many reports, drawn at random")
    parser.add_argument("--every", type=int, default=200, help="characters per piece of noise")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--show", type=int, default=10, help="lost and new facts to print per kind")
    args = parser.parse_args(argv)
    paths = sorted(args.corpus.glob("*.txt"))
    if not paths:
        parser.error(f"no .txt files in {args.corpus}")
    rng = random.Random(args.seed)
    nlp = gz_ie.load()
    kept: dict[str, list[int]] = {}
    changed: dict[str, list[tuple]] = {}
    for path in rng.sample(paths, min(args.files, len(paths))):
        clean = path.read_text(encoding="utf-8")
        before = facts(gz_ie.parse(clean, nlp=nlp))
        after = facts(gz_ie.parse(inject(clean, rng, args.every), nlp=nlp))
        for kind in before:
            counts = kept.setdefault(kind, [0, 0])
            counts[0] += sum((before[kind] & after[kind]).values())
            counts[1] += sum(before[kind].values())
            out = changed.setdefault(kind, [])
            out += [("lost", path.name, f) for f in (before[kind] - after[kind]).elements()]
            out += [("new", path.name, f) for f in (after[kind] - before[kind]).elements()]
    for kind, (same, total) in kept.items():
        print(f"{kind}: kept {same:,} of {total:,} = {same / max(total, 1):.3f}")
        for item in changed[kind][:args.show]:
            print("   ", *item)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
