#!/usr/bin/env python
"""Train the compact pkuseg word segmenter shipped in ``models/segmenter/``.

Why this script exists
----------------------
spaCy's Chinese tokenizer needs a pkuseg model.  The published ones are either
downloaded at run time (``spacy_ontonotes``, from GitHub) or very large (the
``default`` model in the ``pkuseg==0.0.25`` sdist: ~180 MB).  The project must
parse offline and must not carry a huge file, so we *distil* the published
``default`` model (the "teacher") into a small model trained on text from our
own domain (Chinese government work reports):

1. fetch the teacher: ``pkuseg==0.0.25`` source distribution from PyPI, which
   carries ``pkuseg/models/default/{features.pkl,weights.npz}``
   (or reuse an extracted copy with ``--teacher-dir``);
2. segment the training text with the teacher (that segmentation is the
   training label; no hand-annotated data is needed);
3. train a new model with ``spacy_pkuseg.train`` on all documents except a
   deterministic held-out set (every N-th document);
4. measure word-level F1 of the student against the teacher on the held-out
   documents (text the student never saw);
5. shrink it: zero node weights with ``|w| < --prune``, drop features whose
   weights are then all zero (re-indexing the rest), keep only the lexicon
   words that kept features refer to, drop the bigram lexicon (used only while
   building features for training, never at inference), write weights with
   ``numpy.savez_compressed`` (float64, as the inference code needs) and
   features as ``features.msgpack``;
6. measure the shrunk model again, against the teacher and against the
   unshrunk student, and check the size budget.

The training text (government reports under ``../shared``) is never written
into the repository: intermediates go to ``--workdir`` (default /tmp/gz_seg).

The result loads with ``spacy_pkuseg.pkuseg("models/segmenter")``.

Example (reuse an already-extracted teacher)::

    python scripts/train_segmenter.py \
        --teacher-dir /tmp/teacher/pkuseg-0.0.25/pkuseg/models/default
"""
from __future__ import annotations

import argparse
import glob
import json
import os
import random
import re
import shutil
import subprocess
import sys
import tarfile
import time
from pathlib import Path

import numpy as np

REPO_ROOT = Path(__file__).resolve().parents[1]
TEACHER_SDIST = "pkuseg==0.0.25"
TEACHER_MEMBER = "pkuseg-0.0.25/pkuseg/models/default/"
MODEL_FILES = ("features.msgpack", "weights.npz")


def log(msg: str) -> None:
    print(msg, flush=True)


# --------------------------------------------------------------------------
# Teacher
# --------------------------------------------------------------------------
def fetch_teacher(workdir: Path) -> Path:
    """Download the pkuseg 0.0.25 sdist from PyPI and extract its default model.

    A plain ``pip download --no-binary :all: pkuseg==0.0.25`` fails while
    generating metadata (its setup.py imports numpy and Cython), so we use a
    throwaway venv that has them and pass ``--no-build-isolation``.
    """
    dest = workdir / "teacher"
    model_dir = dest / TEACHER_MEMBER
    if (model_dir / "weights.npz").exists() and (model_dir / "features.pkl").exists():
        log(f"teacher: reusing {model_dir}")
        return model_dir
    venv = workdir / "fetch-venv"
    dl = workdir / "sdist"
    dl.mkdir(parents=True, exist_ok=True)
    if not (venv / "bin" / "pip").exists():
        log(f"teacher: creating throwaway venv {venv}")
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    pip = str(venv / "bin" / "pip")
    subprocess.run([pip, "install", "-q", "wheel", "setuptools", "numpy", "cython"], check=True)
    log(f"teacher: pip download {TEACHER_SDIST} (sdist)")
    subprocess.run(
        [pip, "download", "--no-deps", "--no-binary", ":all:", "--no-build-isolation",
         TEACHER_SDIST, "-d", str(dl)],
        check=True,
    )
    tars = sorted(dl.glob("pkuseg-0.0.25*.tar.gz"))
    if not tars:
        raise SystemExit(f"no pkuseg sdist found in {dl}")
    dest.mkdir(parents=True, exist_ok=True)
    with tarfile.open(tars[0]) as tf:
        members = [m for m in tf.getmembers()
                   if m.name.startswith(TEACHER_MEMBER) and m.isfile()]
        if not members:
            raise SystemExit(f"{tars[0]} has no {TEACHER_MEMBER}")
        for m in members:
            tf.extract(m, dest)
    log(f"teacher: extracted {model_dir}")
    return model_dir


# --------------------------------------------------------------------------
# Training text
# --------------------------------------------------------------------------
_HTML_COMMENT = re.compile(r"<!--.*?-->", re.S)


def clean_markdown(text: str) -> str:
    """Drop markdown bold markers and HTML comments (photo captions)."""
    text = _HTML_COMMENT.sub("", text)
    return text.replace("**", "")


def load_documents(corpus: Path, shared: Path) -> list[tuple[str, list[str]]]:
    """Return [(name, lines)] in a deterministic order.

    Corpus files: ``<corpus>/*.txt`` and ``<corpus>/more/*.txt``.  The example
    report is represented by the clean sentences of
    ``<shared>/data/dev_gold.jsonl`` (the raw report file is polluted with
    decorative symbols and injected ads, so it is not used).
    """
    docs = []
    files = sorted(glob.glob(str(corpus / "*.txt"))) + sorted(glob.glob(str(corpus / "more" / "*.txt")))
    for fn in files:
        text = clean_markdown(Path(fn).read_text(encoding="utf-8"))
        lines = [ln.strip() for ln in text.splitlines() if ln.strip()]
        docs.append((os.path.relpath(fn, corpus), lines))
    gold = shared / "data" / "dev_gold.jsonl"
    if gold.exists():
        lines = []
        with open(gold, encoding="utf-8") as f:
            for row in f:
                row = row.strip()
                if row:
                    t = json.loads(row).get("text", "").strip()
                    if t:
                        lines.append(t)
        docs.append(("dev_gold.jsonl", lines))
    else:
        log(f"warning: {gold} not found; training on corpus only")
    if not docs:
        raise SystemExit(f"no training text found under {corpus}")
    return docs


def nchars(lines) -> int:
    return sum(len("".join(ln.split())) for ln in lines)


# --------------------------------------------------------------------------
# Evaluation
# --------------------------------------------------------------------------
def spans(words):
    out, pos = set(), 0
    for w in words:
        out.add((pos, pos + len(w)))
        pos += len(w)
    return out


def word_prf(ref_segs, hyp_segs):
    """Span-based word precision/recall/F1 of hyp against ref (lists of word lists)."""
    tp = nref = nhyp = same = 0
    for r, h in zip(ref_segs, hyp_segs):
        assert "".join(r) == "".join(h), (r, h)
        rs, hs = spans(r), spans(h)
        tp += len(rs & hs)
        nref += len(rs)
        nhyp += len(hs)
        same += r == h
    p = tp / nhyp if nhyp else 0.0
    rcl = tp / nref if nref else 0.0
    f = 2 * p * rcl / (p + rcl) if p + rcl else 0.0
    return {"P": p, "R": rcl, "F1": f, "identical_lines": same / max(1, len(ref_segs))}


def fmt(m) -> str:
    return "F1={F1:.4f}  P={P:.4f}  R={R:.4f}  identical lines={identical_lines:.2%}".format(**m)


def segment(seg, lines):
    return [seg.cut(ln) for ln in lines]


# --------------------------------------------------------------------------
# Shrinking
# --------------------------------------------------------------------------
def shrink(src: Path, dst: Path, threshold: float) -> dict:
    """Prune a spacy_pkuseg model directory ``src`` into ``dst``.

    Layout (spacy_pkuseg/model.py, feature_extractor.pyx): ``w`` has
    ``n_tag * (n_feature + n_tag)`` entries; node weight of (feature f, tag t)
    is ``w[f * n_tag + t]``; the last ``n_tag * n_tag`` entries are tag
    transitions.  Feature 0 is the bias feature "$$", which inference always
    emits as index 0, so it is always kept (and stays at index 0 because the
    re-indexing preserves order).
    """
    import srsly
    from spacy_pkuseg.feature_extractor import FeatureExtractor

    fe = FeatureExtractor.load(str(src))
    npz = np.load(src / "weights.npz")
    n_tag, n_feature = (int(x) for x in npz["sizes"])
    w = np.asarray(npz["w"], dtype=np.float64)
    assert w.shape[0] == n_tag * (n_feature + n_tag)
    node = w[: n_feature * n_tag].reshape(n_feature, n_tag).copy()
    trans = w[n_feature * n_tag:].copy()
    node[np.abs(node) < threshold] = 0.0
    keep = np.any(node != 0.0, axis=1)
    keep[0] = True
    new_index = np.cumsum(keep) - 1
    idx_to_feat = {i: f for f, i in fe.feature_to_idx.items()}
    assert idx_to_feat[0] == "$$", idx_to_feat[0]
    kept_idx = np.nonzero(keep)[0]
    feature_to_idx = {idx_to_feat[int(i)]: int(new_index[i]) for i in kept_idx}

    # Lexicon words still referenced by kept word features. Dropping any other
    # word only changes feature strings that are no longer in feature_to_idx.
    words = set()
    unigram = fe.unigram
    for feat in feature_to_idx:
        if feat.startswith("w-1.") or feat.startswith("w1."):
            words.add(feat.split(".", 1)[1])
        elif feat.startswith("ww.l.") or feat.startswith("ww.r."):
            body = feat[5:]
            for m in re.finditer(r"\*", body):
                for part in (body[: m.start()], body[m.end():]):
                    if part in unigram:
                        words.add(part)
    words &= unigram

    new_node = node[keep]
    new_w = np.concatenate([new_node.reshape(-1), trans]).astype(np.float64)
    dst.mkdir(parents=True, exist_ok=True)
    for fn in MODEL_FILES + ("features.pkl",):
        if (dst / fn).exists():
            (dst / fn).unlink()
    srsly.write_msgpack(dst / "features.msgpack", {
        "unigram": sorted(words),
        "bigram": [],  # only used when building training features
        "feature_to_idx": feature_to_idx,
        "tag_to_idx": fe.tag_to_idx,
    })
    np.savez_compressed(dst / "weights.npz",
                        sizes=np.array([n_tag, int(keep.sum())]), w=new_w)
    return {
        "features_before": n_feature, "features_after": int(keep.sum()),
        "unigram_before": len(unigram), "unigram_after": len(words),
        "nonzero_weights": int(np.count_nonzero(new_w)),
    }


def dir_size(path: Path, files=None) -> int:
    if files is None:
        return sum(p.stat().st_size for p in Path(path).rglob("*") if p.is_file())
    return sum((Path(path) / f).stat().st_size for f in files if (Path(path) / f).exists())


def mb(n: int) -> str:
    return f"{n / 1e6:.2f} MB"


# --------------------------------------------------------------------------
def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter,
                                 epilog=__doc__.split("\n", 2)[2])
    ap.add_argument("--corpus", type=Path, default=REPO_ROOT / ".." / "shared" / "corpus",
                    help="corpus directory with *.txt and more/*.txt (default: %(default)s)")
    ap.add_argument("--shared", type=Path, default=REPO_ROOT / ".." / "shared",
                    help="shared directory holding data/dev_gold.jsonl (default: %(default)s)")
    ap.add_argument("--teacher-dir", type=Path, default=None,
                    help="existing pkuseg 'default' model directory (features.pkl, weights.npz); "
                         "if omitted, the pkuseg==0.0.25 sdist is fetched from PyPI")
    ap.add_argument("--workdir", type=Path, default=Path("/tmp/gz_seg"),
                    help="scratch directory for segmented text, the unshrunk model and downloads "
                         "(default: %(default)s; must be outside the repository)")
    ap.add_argument("--out", type=Path, default=REPO_ROOT / "models" / "segmenter",
                    help="output model directory (default: %(default)s)")
    ap.add_argument("--iters", type=int, default=10, help="training iterations (default: %(default)s)")
    ap.add_argument("--prune", type=float, default=0.02,
                    help="zero node weights with |w| below this, then drop all-zero features "
                         "(default: %(default)s)")
    ap.add_argument("--holdout-every", type=int, default=10,
                    help="hold out every N-th document (index %% N == N-1, in sorted order) "
                         "for evaluation (default: %(default)s)")
    ap.add_argument("--seed", type=int, default=0,
                    help="random seed (spacy_pkuseg shuffles training examples with the "
                         "'random' module) (default: %(default)s)")
    ap.add_argument("--min-f1", type=float, default=0.97, help="fail below this held-out F1")
    ap.add_argument("--max-mb", type=float, default=10.0, help="fail above this model size (MB)")
    ap.add_argument("--reuse-trained", action="store_true",
                    help="skip training and reuse <workdir>/unshrunk (to try other --prune values)")
    args = ap.parse_args(argv)

    workdir = args.workdir.resolve()
    out = args.out.resolve()
    if REPO_ROOT in workdir.parents or workdir == REPO_ROOT:
        raise SystemExit("--workdir must be outside the repository (training text must not be committed)")
    workdir.mkdir(parents=True, exist_ok=True)

    import spacy_pkuseg

    t0 = time.time()
    teacher_dir = args.teacher_dir.resolve() if args.teacher_dir else fetch_teacher(workdir)
    log(f"teacher model: {teacher_dir}")
    teacher = spacy_pkuseg.pkuseg(str(teacher_dir))

    docs = load_documents(args.corpus.resolve(), args.shared.resolve())
    n = args.holdout_every
    train_docs = [d for i, d in enumerate(docs) if i % n != n - 1]
    held_docs = [d for i, d in enumerate(docs) if i % n == n - 1]
    train_lines = [ln for _, lines in train_docs for ln in lines]
    held_lines = [ln for _, lines in held_docs for ln in lines]
    log(f"documents: {len(train_docs)} training, {len(held_docs)} held out: "
        + ", ".join(name for name, _ in held_docs))
    log(f"training chars: {nchars(train_lines)}  ({len(train_lines)} lines)")
    log(f"held-out chars: {nchars(held_lines)}  ({len(held_lines)} lines)")

    log("segmenting with the teacher ...")
    train_ref = segment(teacher, train_lines)
    held_ref = segment(teacher, held_lines)
    train_file = workdir / "train.txt"
    test_file = workdir / "heldout.txt"
    train_file.write_text("\n".join(" ".join(ws) for ws in train_ref if ws) + "\n", encoding="utf-8")
    test_file.write_text("\n".join(" ".join(ws) for ws in held_ref if ws) + "\n", encoding="utf-8")
    del teacher

    unshrunk = workdir / "unshrunk"
    if args.reuse_trained and (unshrunk / "weights.npz").exists():
        log(f"reusing trained model {unshrunk}")
    else:
        if unshrunk.exists():
            shutil.rmtree(unshrunk)
        log(f"training {args.iters} iterations (seed {args.seed}) ...")
        random.seed(args.seed)
        np.random.seed(args.seed)
        t = time.time()
        spacy_pkuseg.train(str(train_file), str(test_file), str(unshrunk), train_iter=args.iters)
        log(f"training took {time.time() - t:.0f} s")

    student = spacy_pkuseg.pkuseg(str(unshrunk))
    full_hyp = segment(student, held_lines)
    m_full = word_prf(held_ref, full_hyp)
    log(f"unshrunk vs teacher (held-out): {fmt(m_full)}")
    size_full = dir_size(unshrunk, MODEL_FILES)
    log(f"unshrunk size: {mb(size_full)}")
    del student

    stats = shrink(unshrunk, out, args.prune)
    log("shrink (|w| < {}): features {features_before} -> {features_after}, "
        "lexicon {unigram_before} -> {unigram_after}, nonzero weights {nonzero_weights}"
        .format(args.prune, **stats))
    small = spacy_pkuseg.pkuseg(str(out))
    small_hyp = segment(small, held_lines)
    m_small = word_prf(held_ref, small_hyp)
    m_agree = word_prf(full_hyp, small_hyp)
    log(f"shrunk vs teacher   (held-out): {fmt(m_small)}")
    log(f"shrunk vs unshrunk  (held-out): {fmt(m_agree)}")
    size_small = dir_size(out)
    log(f"model size on disk: {mb(size_small)} ({out}; "
        + ", ".join(f"{f} {mb(dir_size(out, [f]))}" for f in MODEL_FILES) + ")")
    log(f"total time: {time.time() - t0:.0f} s")

    ok = True
    if m_small["F1"] < args.min_f1:
        log(f"FAIL: held-out F1 {m_small['F1']:.4f} < {args.min_f1}")
        ok = False
    if size_small > args.max_mb * 1e6:
        log(f"FAIL: model size {mb(size_small)} > {args.max_mb} MB")
        ok = False
    if ok:
        log("OK")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
