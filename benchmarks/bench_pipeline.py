"""How fast and how big the whole gz_ie pipeline is, as ratios to bare segmentation.

Segmentation is the floor: every stage after it should cost little next to pkuseg. One run
measures everything on the same machine, so the ratios hold even when the absolute numbers
are noisy (other jobs on a shared machine). Memory and cold start are measured in a fresh
subprocess each, so one measurement cannot inflate the next.

    python benchmarks/bench_pipeline.py --teacher-dir /path/to/pkuseg/models/default
    python benchmarks/bench_pipeline.py --corpus ../shared/corpus --repeat 3 --json out.json

Benchmark-only packages (never dependencies of gz_ie): ``cn2an`` and ``jionlp`` for the
numeral comparison; each is skipped if it does not import.
"""
from __future__ import annotations

import argparse
import gc
import json
import math
import os
import platform
import subprocess
import sys
import textwrap
import time
import warnings
from pathlib import Path
from typing import Any, Callable, Iterable, Optional

REPO = Path(__file__).resolve().parents[1]
EXAMPLE = REPO / "examples" / "guangzhou-2026-report.txt"
DEFAULT_CORPUS = REPO.parent / "shared" / "corpus"
COLD_TEXT = "全年地区生产总值3.2万亿元、同比增长4%。"
MB = 1024 * 1024

GOALS = {
    "full pipeline / bare segmentation": "<= 1.3",
    "numeral normaliser": ">= 1,000,000 chars/s",
    "cold start (import gz_ie; parse one sentence)": "< 1 s",
    "peak memory": "< 300 MB",
    "parse_many n_process=2 vs 1": "faster",
}


# ---------------------------------------------------------------- inputs and helpers

def read_texts(corpus: Optional[Path]) -> dict[str, str]:
    """The bundled report, then every ``*.txt`` of the corpus directory (if it exists)."""
    texts = {"example": EXAMPLE.read_text(encoding="utf-8")}
    if corpus is not None and corpus.is_dir():
        for path in sorted(corpus.glob("*.txt")):
            text = path.read_text(encoding="utf-8")
            if text.strip():
                texts[path.stem] = text
    return texts


def best_time(fn: Callable[[], Any], repeat: int) -> float:
    """The fastest of ``repeat`` runs (the least disturbed by other jobs)."""
    best = math.inf
    for _ in range(repeat):
        gc.collect()
        t0 = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - t0)
    return best


def probe(code: str, env: dict[str, str], timeout: float = 600) -> dict[str, Any]:
    """Run ``code`` in a fresh interpreter; it prints one JSON line, to which we add the
    wall time seen from outside and the child's peak RSS.

    The peak is ``VmHWM`` where ``/proc`` has it: on Linux a child's ``ru_maxrss`` starts at
    the size of the process that forked it (exec records the old high-water mark), so a
    probe started from this benchmark, which holds a loaded pipeline, would report at least
    that. Elsewhere it is ``ru_maxrss``.
    """
    prelude = "import json, resource, sys, time\n_t0 = time.perf_counter()\n"
    epilogue = textwrap.dedent("""
        out["maxrss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        try:  # Linux: ru_maxrss after exec starts at the parent's size; VmHWM is this program's own
            with open("/proc/self/status", encoding="utf-8") as f:
                out["maxrss_mb"] = next(int(l.split()[1]) for l in f if l.startswith("VmHWM")) / 1024
        except (OSError, StopIteration):
            pass
        print(json.dumps(out))
    """)
    t0 = time.perf_counter()
    try:
        proc = subprocess.run(
            [sys.executable, "-c", prelude + textwrap.dedent(code) + epilogue],
            env=env, capture_output=True, text=True, timeout=timeout, cwd=str(REPO),
        )
    except subprocess.TimeoutExpired:
        return {"error": f"did not finish in {timeout:.0f} s"}
    wall = time.perf_counter() - t0
    if proc.returncode != 0:
        return {"error": proc.stderr.strip().splitlines()[-1] if proc.stderr.strip() else "failed"}
    result = json.loads(proc.stdout.strip().splitlines()[-1])
    result["wall_s"] = wall
    return result


def field(obj: Any, name: str) -> Any:
    """``obj.name`` or ``obj[name]``: quantities may be objects or dicts."""
    if isinstance(obj, dict):
        return obj.get(name)
    return getattr(obj, name, None)


def machine() -> dict[str, str]:
    cpu = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text(encoding="utf-8").splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem = "unknown"
    try:
        for line in Path("/proc/meminfo").read_text(encoding="utf-8").splitlines():
            if line.startswith("MemTotal"):
                mem = f"{int(line.split()[1]) / MB:.1f} GiB"
                break
    except OSError:
        pass
    try:
        load = " ".join(f"{x:.2f}" for x in os.getloadavg())
    except OSError:
        load = "unknown"
    return {
        "date": time.strftime("%Y-%m-%d %H:%M %Z"),
        "nproc": str(os.cpu_count()),
        "cpu": cpu,
        "memory": mem,
        "python": platform.python_version(),
        "load average (1/5/15 min) at start": load,
    }


# ---------------------------------------------------------------- measurements

STOCK = "pkuseg.cut, stock settings (default-dictionary post-processing, as spaCy runs it)"


def measure_throughput(nlp, teacher, texts: dict[str, str], repeat: int, stock=None) -> dict[str, Any]:
    """Seconds per stage, summed over the texts (best of ``repeat`` per text).

    ``stock`` is the embedded model loaded with pkuseg's own defaults (what spaCy's ``pkuseg``
    segmenter does): it re-merges words with pkuseg's 390,000-word dictionary, which gz_ie's
    tokenizer leaves out."""
    import gz_ie
    from gz_ie.convert import doc_to_document

    tok = nlp.tokenizer
    totals: dict[str, float] = {}
    raw_chars = clean_chars = 0

    def add(key: str, seconds: float) -> None:
        totals[key] = totals.get(key, 0.0) + seconds

    for name, text in texts.items():
        clean = gz_ie.parse(text, nlp=nlp).clean_text  # warm-up, and the clean text
        raw_chars += len(text)
        clean_chars += len(clean)
        add("full pipeline (gz_ie.parse)", best_time(lambda: gz_ie.parse(text, nlp=nlp), repeat))
        add("bare segmentation (embedded model)", best_time(lambda: tok.segment(clean), repeat))
        add("pkuseg.cut, whole text unchunked", best_time(lambda: tok.segmenter.cut(clean), repeat))
        if stock is not None:
            add(STOCK, best_time(lambda: stock.cut(clean), repeat))
        if teacher is not None:
            add("teacher model segmentation", best_time(lambda: teacher.segment(clean), repeat))
        add("  stage: noise filter", best_time(lambda: tok.noise_filter.find(text), repeat))
        # stage by stage: one Doc carried through the pipeline, each stage timed, best of repeat
        stage_best: dict[str, float] = {}
        for _ in range(repeat):
            t0 = time.perf_counter()
            doc = tok(text)
            times = {"  stage: tokenizer (filter + segment + Doc)": time.perf_counter() - t0}
            for pipe_name, pipe in nlp.pipeline:
                t0 = time.perf_counter()
                doc = pipe(doc)
                times[f"  stage: {pipe_name}"] = time.perf_counter() - t0
            t0 = time.perf_counter()
            doc_to_document(doc)
            times["  stage: doc_to_document"] = time.perf_counter() - t0
            for key, sec in times.items():
                stage_best[key] = min(stage_best.get(key, math.inf), sec)
        for key, sec in stage_best.items():
            add(key, sec)
        try:
            from gz_ie.numerals import find_quantities
        except ImportError:
            find_quantities = None
        if find_quantities is not None:
            add("numeral normaliser (find_quantities)", best_time(lambda: find_quantities(clean), repeat))
    return {"seconds": totals, "raw_chars": raw_chars, "clean_chars": clean_chars}


def measure_parse_many(nlp, texts: list[str], batch_size: int, repeat: int) -> dict[str, float]:
    import gz_ie

    out = {}
    for n_process in (1, 2):
        def run(n_process=n_process):
            for _ in gz_ie.parse_many(texts, nlp=nlp, n_process=n_process, batch_size=batch_size):
                pass
        try:
            out[f"n_process={n_process}"] = best_time(run, repeat)
        except Exception as exc:  # report, do not abort the whole benchmark
            out[f"n_process={n_process}"] = f"error: {type(exc).__name__}: {exc}"
    return out


def measure_subprocesses(env: dict[str, str], corpus_files: list[Path], teacher_dir: Optional[Path],
                         repeat: int, timeout: float) -> dict[str, Any]:
    """Cold start and peak memory, each in a fresh interpreter."""
    results: dict[str, Any] = {}
    cold = [probe(f"""
        import gz_ie
        _t1 = time.perf_counter()
        gz_ie.parse({COLD_TEXT!r})
        out = {{"import_s": _t1 - _t0, "first_parse_s": time.perf_counter() - _t1}}
    """, env) for _ in range(repeat)]
    ok = [c for c in cold if "error" not in c]
    results["cold start"] = min(ok, key=lambda c: c["wall_s"]) if ok else cold[0]
    results["python -c 'import spacy'"] = min(
        (probe("import spacy\nout = {}", env) for _ in range(repeat)), key=lambda c: c.get("wall_s", math.inf))
    results["python -c 'pass'"] = min(
        (probe("out = {}", env) for _ in range(repeat)), key=lambda c: c.get("wall_s", math.inf))
    results["import gz_ie"] = probe("import gz_ie\nout = {'import_s': time.perf_counter() - _t0}", env)
    results["load()"] = probe("""
        import gz_ie
        _t1 = time.perf_counter()
        nlp = gz_ie.load()
        nlp.tokenizer.segmenter  # the model loads lazily: force it
        out = {"load_s": time.perf_counter() - _t1}
    """, env)
    results["load() + parse(example)"] = probe(f"""
        import gz_ie
        text = open({str(EXAMPLE)!r}, encoding="utf-8").read()
        gz_ie.parse(text)
        out = {{"chars": len(text)}}
    """, env)
    if corpus_files:
        largest = max(corpus_files, key=lambda p: p.stat().st_size)
        results[f"load() + parse({largest.stem})"] = probe(f"""
            import gz_ie
            text = open({str(largest)!r}, encoding="utf-8").read()
            gz_ie.parse(text)
            out = {{"chars": len(text)}}
        """, env)
        results["load() + parse_many(corpus)"] = probe(f"""
            import gz_ie
            texts = [open(p, encoding="utf-8").read() for p in {[str(p) for p in corpus_files]!r}]
            n = sum(1 for _ in gz_ie.parse_many(texts))
            out = {{"docs": n, "chars": sum(map(len, texts))}}
        """, env)
        results["load() + parse(1 MB: corpus concatenated)"] = probe(f"""
            import gz_ie
            texts = [open(p, encoding="utf-8").read() for p in {[str(p) for p in corpus_files]!r}]
            text = "\\n".join(texts)
            text = (text * (1_000_000 // max(len(text), 1) + 1))[:1_000_000]
            _t1 = time.perf_counter()
            gz_ie.parse(text)
            out = {{"chars": len(text), "parse_s": time.perf_counter() - _t1}}
        """, env, timeout)
    if teacher_dir is not None:
        results["teacher pkuseg model loaded"] = probe(f"""
            import spacy_pkuseg
            _t1 = time.perf_counter()
            spacy_pkuseg.pkuseg({str(teacher_dir)!r})
            out = {{"load_s": time.perf_counter() - _t1}}
        """, env)
    return results


def numeral_strings(quantities: Iterable[Any], text: str) -> list[tuple[str, float, str]]:
    """(numeral without unit, our value in the numeral's own terms, kind) for comparison.

    Our ``value`` is in base units (``26万人`` is 260000); cn2an and jionlp read the numeral
    part alone, so we strip the unit and any qualifier the surface text carries. Percent-like
    kinds keep their numeral (``5%`` -> ``5``), which the others read as 5 too.
    """
    out = []
    for q in quantities:
        surface = field(q, "text")
        if surface is None:
            start, end = field(q, "start"), field(q, "end")
            surface = text[start:end]
        value = field(q, "value")
        unit = field(q, "unit") or ""
        kind = field(q, "kind") or ""
        if value is None or field(q, "high") is not None:
            continue
        numeral = surface
        for tail in (unit, "%", "％"):
            if tail and numeral.endswith(tail):
                numeral = numeral[: -len(tail)]
        if numeral:
            out.append((numeral, float(value), kind))
    return out


def compare_numerals(texts: dict[str, str], nlp, repeat: int) -> dict[str, Any]:
    """Speed on the same text and value agreement on the same numeral strings."""
    import gz_ie
    from gz_ie.numerals import find_quantities

    cleans = [gz_ie.parse(t, nlp=nlp).clean_text for t in texts.values()]
    chars = sum(map(len, cleans))
    result: dict[str, Any] = {"chars": chars, "speed": {}, "agreement": {}}
    t = best_time(lambda: [find_quantities(c) for c in cleans], repeat)
    result["speed"]["gz_ie.numerals.find_quantities"] = chars / t
    items = [s for c in cleans for s in numeral_strings(find_quantities(c), c)]
    result["numerals compared"] = len(items)
    result["non-ASCII numerals"] = sum(not n.isascii() for n, _, _ in items)

    converters: dict[str, Callable[[str], Optional[float]]] = {}
    try:
        import cn2an

        def by_cn2an(s: str) -> Optional[float]:
            return float(cn2an.cn2an(s, "smart"))

        converters["cn2an.cn2an(smart)"] = by_cn2an
        t = best_time(lambda: [cn2an.transform(c, "cn2an") for c in cleans], repeat)
        result["speed"]["cn2an.transform(text, 'cn2an')"] = chars / t
    except ImportError:
        result["cn2an"] = "not installed"
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            import jionlp

        def by_jionlp(s: str) -> Optional[float]:
            parsed = jionlp.parse_money(s + "元")
            return float(parsed["num"]) if parsed and parsed.get("num") is not None else None

        converters["jionlp.parse_money"] = by_jionlp
        t = best_time(lambda: [jionlp.ner.extract_money(c) for c in cleans], max(1, repeat // 2))
        result["speed"]["jionlp.ner.extract_money(text)"] = chars / t
    except ImportError:
        result["jionlp"] = "not installed"

    for name, convert in converters.items():
        agree = agree_cjk = 0
        differ: list[str] = []
        failed: dict[str, list[str]] = {}
        for numeral, ours, kind in items:
            try:
                with warnings.catch_warnings():
                    warnings.simplefilter("ignore")
                    theirs = convert(numeral)
            except Exception:
                theirs = None
            if theirs is None:
                failed.setdefault(kind, []).append(numeral)
            elif math.isclose(ours, theirs, rel_tol=1e-9, abs_tol=1e-9):
                agree += 1
                agree_cjk += not numeral.isascii()  # 3800亿, 二十六: more than float()
            else:
                differ.append(f"{numeral!r}: ours {ours:g}, theirs {theirs:g}")
        result["agreement"][name] = {
            "agree": agree, "agree_non_ascii": agree_cjk, "differ": len(differ), "failed": sum(map(len, failed.values())),
            "differ_examples": differ[:8],
            "failed_by_kind": {k: {"n": len(v), "examples": sorted(set(v), key=v.index)[:4]}
                               for k, v in sorted(failed.items(), key=lambda kv: -len(kv[1]))},
        }
    return result


# ---------------------------------------------------------------- report

def fmt_rate(chars: float, seconds: float) -> str:
    return f"{chars / seconds:,.0f}" if seconds > 0 else "n/a"


def print_report(info, thr, many, subs, nums, teacher_dir) -> list[str]:
    """Print the tables (Markdown, so they paste into docs/performance.md); return goal lines."""
    print("## Machine\n")
    for k, v in info.items():
        print(f"- {k}: {v}")
    goals: list[str] = []
    if thr:
        secs = thr["seconds"]
        base = secs["bare segmentation (embedded model)"]
        print(f"\n## Throughput ({len(thr['names'])} texts, {thr['raw_chars']:,} raw / "
              f"{thr['clean_chars']:,} clean characters; best of {thr['repeat']})\n")
        print("| measurement | seconds | chars/s | × bare segmentation |")
        print("|---|---:|---:|---:|")
        for key, s in secs.items():
            chars = thr["raw_chars"] if ("full" in key or "stage" in key) else thr["clean_chars"]
            print(f"| {key} | {s:.3f} | {fmt_rate(chars, s)} | {s / base:.2f} |")
        ratio = secs["full pipeline (gz_ie.parse)"] / base
        goals.append(f"full pipeline / bare segmentation = {ratio:.2f} (goal <= 1.3): "
                     f"{'MET' if ratio <= 1.3 else 'MISSED'}")
        if STOCK in secs:
            goals.append(f"(full pipeline / {STOCK} = {secs['full pipeline (gz_ie.parse)'] / secs[STOCK]:.2f})")
    if nums:
        print(f"\n## Numeral normaliser ({nums['chars']:,} clean characters, "
              f"{nums['numerals compared']} numeral strings compared)\n")
        print("| normaliser | chars/s |")
        print("|---|---:|")
        for name, rate in nums["speed"].items():
            print(f"| {name} | {rate:,.0f} |")
        print(f"\nValue agreement on the {nums['numerals compared']} numeral strings our finder extracts, "
              f"{nums['non-ASCII numerals']} of them with Chinese numerals or scale words (3800亿, 二十六):")
        print("\n| value agreement with gz_ie | agree (non-ASCII) | differ | cannot read | values that differ | what it cannot read, by our kind |")
        print("|---|---:|---:|---:|---|---|")
        for name, a in nums["agreement"].items():
            differ = "; ".join(a["differ_examples"][:4]).replace("|", "\\|") or "none"
            failed = "; ".join(f"{k} {v['n']} ({', '.join(v['examples'][:3])})"
                               for k, v in a["failed_by_kind"].items()).replace("|", "\\|")
            print(f"| {name} | {a['agree']} ({a['agree_non_ascii']}) | {a['differ']} | {a['failed']} | {differ} | {failed} |")
        rate = nums["speed"]["gz_ie.numerals.find_quantities"]
        goals.append(f"numeral normaliser = {rate:,.0f} chars/s (goal >= 1,000,000): "
                     f"{'MET' if rate >= 1e6 else 'MISSED'}")
    if many:
        print(f"\n## parse_many over the corpus ({many['docs']} texts, {many['chars']:,} characters, "
              f"batch_size={many['batch_size']}, best of {many['repeat']})\n")
        print("| n_process | seconds | chars/s |")
        print("|---|---:|---:|")
        for key, s in many["seconds"].items():
            if isinstance(s, float):
                print(f"| {key} | {s:.2f} | {fmt_rate(many['chars'], s)} |")
            else:
                print(f"| {key} | {s} | |")
        s1, s2 = many["seconds"].get("n_process=1"), many["seconds"].get("n_process=2")
        if isinstance(s1, float) and isinstance(s2, float):
            goals.append(f"parse_many n_process=2 / n_process=1 = {s2 / s1:.2f} (goal < 1): "
                         f"{'MET' if s2 < s1 else 'MISSED'}")
        else:
            goals.append(f"parse_many n_process=2: MISSED ({s2})")
    if subs:
        print("\n## Fresh interpreter per measurement (cold start, load, peak memory)\n")
        print("| measurement | wall s | detail | peak RSS MB |")
        print("|---|---:|---|---:|")
        peak = 0.0
        for key, r in subs.items():
            if "error" in r:
                print(f"| {key} | | error: {r['error']} | |")
                continue
            detail = ", ".join(f"{k} {v:.2f}" if isinstance(v, float) else f"{k} {v}"
                               for k, v in r.items() if k not in ("wall_s", "maxrss_mb"))
            print(f"| {key} | {r['wall_s']:.2f} | {detail} | {r['maxrss_mb']:.0f} |")
            if key.startswith(("load()", "cold", "import gz_ie")) and "1 MB" not in key:
                peak = max(peak, r["maxrss_mb"])
        cold = subs.get("cold start", {})
        if "wall_s" in cold:
            # the time to the first result: interpreter start (python -c pass) + import + parse;
            # the wall time also holds the interpreter's exit, which frees every object
            start = subs.get("python -c 'pass'", {}).get("wall_s", 0.0)
            to_result = start + cold["import_s"] + cold["first_parse_s"]
            goals.append(f"cold start = {to_result:.2f} s to the first result (interpreter {start:.2f} s + "
                         f"import {cold['import_s']:.2f} s + first parse {cold['first_parse_s']:.2f} s; "
                         f"{cold['wall_s']:.2f} s wall with the exit) (goal < 1 s): "
                         f"{'MET' if to_result < 1 else 'MISSED'}")
        goals.append(f"peak memory on reports (gz_ie runs up to parse_many over the corpus) = {peak:.0f} MB "
                     f"(goal < 300 MB): {'MET' if peak < 300 else 'MISSED'}")
        one_mb = next((r for k, r in subs.items() if "1 MB" in k and "maxrss_mb" in r), None)
        if one_mb is not None:
            goals.append(f"(one 1 MB text: {one_mb['maxrss_mb']:.0f} MB; memory grows with the longest text)")
    print("\n## Goals\n")
    for g in goals:
        print(f"- {g}")
    return goals


def main(argv: Optional[list[str]] = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS,
                        help="directory of *.txt reports (default ../shared/corpus; skipped if absent)")
    parser.add_argument("--teacher-dir", type=Path, default=None,
                        help="the teacher pkuseg model directory, for comparison (optional)")
    parser.add_argument("--segmenter", type=Path, default=None,
                        help="the embedded segmenter model (default: GZ_IE_SEGMENTER or models/segmenter)")
    parser.add_argument("--repeat", type=int, default=3, help="runs per measurement; the best counts")
    parser.add_argument("--batch-size", type=int, default=2, help="parse_many batch size")
    parser.add_argument("--skip", nargs="*", default=[],
                        choices=["throughput", "numerals", "parse_many", "subprocess"],
                        help="sections to leave out")
    parser.add_argument("--json", type=Path, default=None,
                        help="also write the raw results here (rewritten after each section)")
    parser.add_argument("--timeout", type=float, default=900,
                        help="seconds allowed to the 1 MB parse in a subprocess")
    parser.add_argument("--from-json", type=Path, default=None,
                        help="print the tables of an earlier --json file instead of measuring")
    args = parser.parse_args(argv)
    if args.from_json:
        saved = json.loads(args.from_json.read_text(encoding="utf-8"))
        print_report(saved["machine"], saved["throughput"], saved["parse_many"], saved["subprocess"],
                     saved["numerals"], None)
        return 0

    env = dict(os.environ)
    if args.segmenter is not None:
        env["GZ_IE_SEGMENTER"] = str(args.segmenter)
        os.environ["GZ_IE_SEGMENTER"] = str(args.segmenter)
    corpus = args.corpus if args.corpus and args.corpus.is_dir() else None
    if args.corpus and corpus is None:
        print(f"(corpus {args.corpus} not found: the bundled report only)", file=sys.stderr)
    texts = read_texts(corpus)
    corpus_files = sorted(corpus.glob("*.txt")) if corpus else []
    teacher_dir = args.teacher_dir if args.teacher_dir and args.teacher_dir.is_dir() else None
    if args.teacher_dir and teacher_dir is None:
        print(f"(teacher model {args.teacher_dir} not found: skipped)", file=sys.stderr)

    info = machine()
    import gz_ie
    from gz_ie.tokenizer import CleaningTokenizer

    nlp = gz_ie.load()
    nlp.tokenizer.segmenter  # load the model before any timing (and before parse_many forks)
    teacher = None
    if teacher_dir is not None:
        teacher = CleaningTokenizer(nlp.vocab, segmenter_model=str(teacher_dir))
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            teacher.segmenter

    import spacy_pkuseg
    from gz_ie.tokenizer import resolve_segmenter_dir

    stock = spacy_pkuseg.pkuseg(str(resolve_segmenter_dir(nlp.tokenizer.segmenter_model)))
    thr = nums = many = subs = None

    def save() -> None:
        if args.json:
            args.json.write_text(json.dumps({"machine": info, "throughput": thr, "numerals": nums,
                                             "parse_many": many, "subprocess": subs},
                                            ensure_ascii=False, indent=1, default=str), encoding="utf-8")

    if "throughput" not in args.skip:
        thr = measure_throughput(nlp, teacher, texts, args.repeat, stock)
        thr.update(names=list(texts), repeat=args.repeat)
        save()
    if "numerals" not in args.skip:
        try:
            nums = compare_numerals(texts, nlp, args.repeat)
        except ImportError as exc:
            print(f"(numerals skipped: {exc})", file=sys.stderr)
        save()
    del teacher  # not in the forked parse_many workers, nor in the way of the memory probes
    gc.collect()
    if "parse_many" not in args.skip and corpus_files:
        corpus_texts = [t for k, t in texts.items() if k != "example"]
        many = {"seconds": measure_parse_many(nlp, corpus_texts, args.batch_size, args.repeat),
                "docs": len(corpus_texts), "chars": sum(map(len, corpus_texts)),
                "batch_size": args.batch_size, "repeat": args.repeat}
        save()
    if "subprocess" not in args.skip:
        subs = measure_subprocesses(env, corpus_files, teacher_dir, args.repeat, args.timeout)
        save()

    print_report(info, thr, many, subs, nums, teacher_dir)
    return 0


if __name__ == "__main__":
    sys.exit(main())
