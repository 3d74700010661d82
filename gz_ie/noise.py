"""The noise filter: find what a scraped policy page carries that the report did not say.

Scraped pages arrive with symbol clusters between clauses (``◈ღ✿◈``), gambling and SEO
phrases glued into sentences (``凯发K8娱乐官网app下载``, ``广东公式网``), HTML and Markdown
markup, zero-width and control characters, and the doubled punctuation those leave behind.
The filter only *finds* them: every hit is a :class:`Removal` with raw offsets, and the clean
text is the raw text with those ranges deleted, nothing else changed. That is what lets the
integrator map every clean offset back to the raw page (``gz_ie.offsets``).

    >>> raw = "增长5%◈ღ✿◈,白云站凯发K8娱乐官网app下载、新塘站"
    >>> apply(raw, find_noise(raw))
    '增长5%,白云站、新塘站'

Detection is by shape, with the vocabularies as data in ``models/noise/`` (see its
``SOURCE.md``): Unicode classes and blocks for decoration, brand/code + keyword chains for
advertising, a clause-end test for phrases that are also ordinary words. Every pattern is a
union of literals or character classes under possessive quantifiers, so matching is linear.

Kinds of :class:`Removal`:

* ``decoration``: symbols, emoji (keycaps ``1️⃣`` too), other-script letters, Greek letters
  that are no science symbol (ζ ξ of kaomoji), and stray combining marks.
* ``advertising``: gambling/SEO brands, site names, web addresses (full width, or ``。``/``点``
  for the dot), injected phrases, bracketed ad labels (``【推广】``), calls to action
  (``扫码关注公众号``), contact details (``QQ：28475619``, mobile numbers), also written in
  traditional characters (``開獎``); a
  figure glued after an ad stays (``…app下载2800万标准箱``), digits ending the clause go
  with it (``…app下载8888。``).
* ``punctuation``: a clause mark made redundant by a removal (``，，`` ``。。`` ``、。`` ``!。``)
  or doubled anywhere (``，，`` ``。。`` ``、，``: the last stays; ``，、`` before an item is a
  list that lost its first item and stays),
  an empty bracket pair left by a removal, a clause mark left at the start of a line.
* ``markup``: HTML tags, comments and entities (escaped once more too: ``&amp;nbsp;``,
  ``&lt;br&gt;``, full-width ``＆nbsp；``), Markdown ``**``, rules and heading marks.
* ``control``: control and format characters (zero-width space, BOM, bidi marks); ``\\n``,
  ``\\r`` and ``\\t`` are kept.
* ``gap``: deletes nothing (``start == end``, ``text == ""``); marks where words are probably
  missing: a clause that starts with a bare ``、``, or a clause emptied of advertising.
"""
from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Iterable, Sequence

import re

import regex

from .errors import Errors, GzIeError
from .offsets import OffsetMap

try:  # the integrator's single source of data paths
    from .paths import MODELS_DIR as _MODELS_DIR
except ImportError:  # pragma: no cover - only before gz_ie.paths existed
    _MODELS_DIR = Path(__file__).resolve().parent.parent / "models"

KINDS: tuple[str, ...] = ("decoration", "advertising", "punctuation", "markup", "control", "gap")

DEFAULT_DATA_DIR: Path = _MODELS_DIR / "noise"

#: Vocabulary files of ``models/noise/``; an extra file feeds the one its name starts with.
VOCABULARIES: tuple[str, ...] = (
    "decoration", "keep", "scripts", "ad_brands", "ad_keywords", "injections",
    "site_words", "site_prefixes", "tlds", "prose_ends", "traditional", "ad_labels", "contacts", "calls",
    "site_owners", "net_words",
)
_AD_ROLES = ("marker", "gambling", "link", "tail")
_CALL_ROLES = ("verb", "strong", "object", "filler")
_CONTACT_ROLES = ("label", "prefix", "phone")
#: Rounds of passes before ``find`` gives up looking for noise that removals uncover; one
#: round finds everything on real pages, the second confirms. Only nesting deeper than this
#: (``<<<<b>i>i>i>``) would be left for a second call.
_MAX_PASSES = 8
_INJECTION_MODES = ("anywhere", "clause_end", "alone")


@dataclass(frozen=True, slots=True)
class Removal:
    """One stretch of the raw text that the clean text leaves out.

    Attributes:
        start: offset into the raw text (half-open).
        end: end offset; equal to ``start`` for a gap.
        text: ``raw[start:end]``; ``""`` for a gap.
        kind: one of :data:`KINDS`.
    """

    start: int
    end: int
    text: str
    kind: str


# --- fixed fragments (not vocabulary: the syntax of HTML, Markdown and Unicode) ---------------

#: Marks that end a clause; the ones doubled up by a removal are debris.
_CLAUSE_MARKS = "，,、。；;：:！!？?"
_CLAUSE_MARK = "[" + regex.escape(_CLAUSE_MARKS) + "]"
#: What an ad that starts with a code may follow and still own the whole code (，2WRWJ体育投注).
_AD_OPENERS = frozenset(_CLAUSE_MARKS + "\n（(“《【")
#: The prose's part of a code that an ad is glued to: up to its last digit before two letters
#: (第1|XX体育, G107|XX体育, 沿岸8.|XX体育; 5G has one letter and stays whole).
_PROSE_CODE = regex.compile(r"[A-Za-z0-9.]*[0-9][.]?(?=[A-Za-z]{2})")
_HAN2 = regex.compile(r"\p{Han}{2}")
#: Circles that pages type for the numeral 〇 (二○二五年), and the numerals they stand among.
_CIRCLES = frozenset("○◯Ｏ")
_NUMERALS = frozenset("〇零一二三四五六七八九十百千万亿两○◯")
#: Characters of a figure at the end of a code (2800, 93.9, full-width ２８).
_FIGURE_CHARS = frozenset("0123456789.０１２３４５６７８９．")
#: What may follow a phrase that "ends a clause": a clause mark, a closing quote or bracket,
#: whitespace, or the end of the text.
_BOUNDARY = r"(?=[" + regex.escape(_CLAUSE_MARKS + "．”’」』》〉）)]】〕") + r"\s]|\Z)"
#: Where digits glued after an ad are its own code (…app下载8888。): a clause mark, whitespace
#: or the end; before anything else, a closing quote too (建设“…app下载12218”), they are a figure.
_CLAUSE_END = r"(?=[" + regex.escape(_CLAUSE_MARKS) + r"\s]|\Z)"
#: Full-width clause marks that official prose never writes twice in a row; a run of one of
#: them is debris even where nothing was removed (the scraper's or the injector's).
_DOUBLED_MARKS = frozenset("，、。；：！？")
#: A clause that starts with one of these and then ``、`` has lost its first item.
_CLAUSE_OPENERS = "\n，,。；;：:！!？?（(“《"
_EMPTY_PAIRS = ("（）", "()", "“”", "‘’", "《》", "【】", "「」", "〔〕")

_MARKUP = "|".join((
    # a comment (the corpus keeps photo captions in them); its body stops at the next "<!--",
    # so an unclosed one costs one scan, not one per later "<!--"
    r"<!--(?:[^<-]++|-(?!->)|<(?!!--))*+-->",
    r"<(script|style)\b[^<>]{0,300}>(?:[^<]++|<(?!/?(?:script|style)\b))*+</\1\s*>",  # and its code
    r"</?[A-Za-z][A-Za-z0-9]{0,15}(?:[\s/][^<>]{0,500})?>",      # any other tag
    r"&(?:nbsp|ensp|emsp|thinsp|amp|lt|gt|quot|apos|middot|ldquo|rdquo|mdash|hellip)(?![A-Za-z;])",  # ; lost
    # escaped once more by a careless CMS: &amp;nbsp; &amp;amp; and tags as &lt;br /&gt;
    r"&(?:amp;){1,3}(?:#[0-9]{1,7}|#[xX][0-9A-Fa-f]{1,6}|[A-Za-z][A-Za-z0-9]{1,31})(?:;|(?![A-Za-z0-9]))",
    r"&lt;/?[A-Za-z][A-Za-z0-9]{0,15}(?:[\s/](?:[^&<>\n]|&(?!gt;)){0,300}+)?&gt;",
    r"&(?:#[0-9]{1,7}|#[xX][0-9A-Fa-f]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});",  # entity
    # full-width ＆ or ；, as pages typed by hand or converted write them (＆nbsp；)
    r"(?i:＆(?:nbsp|ensp|emsp|amp|lt|gt|quot)(?:[;；]|(?![A-Za-z]))|&(?:nbsp|ensp|emsp|amp|lt|gt|quot)；)",
    r"(?m:^[ \t]{0,3}(?:-{3,}|\*{3,}|_{3,})[ \t]*(?=\r?$))",      # Markdown rule
    r"\*\*",                                                     # Markdown bold
    r"(?m:^[ \t]{0,3}#{1,6}[ \t]+)",                             # Markdown heading mark
))
_CONTROL = r"[[\p{Cc}\p{Cf}\p{Cs}]--[\n\r\t]]"
#: A web address: an optional scheme, dot-separated labels, a listed top-level domain, an
#: optional path. It must not start inside a Latin word or another address (the look-behind
#: keeps the scan linear on ``a.a.a.a…``), and ends before the first non-ASCII character.
_URL = (r"(?<![A-Za-z0-9.\-/@])(?:[hH][tT][tT][pP][sS]?+://)?+(?:[A-Za-z0-9][A-Za-z0-9\-]{{0,62}}+\.)++"
        r"(?:{tld})(?![A-Za-z\-]|[0-9]++(?:[A-Za-z\-]|\.[A-Za-z]))(?::[0-9]{{1,5}}+)?+(?:[/?#][!-~]*+)?+")
#: (Label runs are bounded, {1,6} labels of up to 63 characters, so that a start inside a long
#: run of labels costs a bounded scan: the look-behind cannot skip starts after 。 or 点.)
#: A web address written to slip past filters: full-width letters and dots (ｗｗｗ．ｘｐｊ８８．ｃｏｍ),
#: or 。/点 for the dot (www。ky2026。vip, hg0088点com). With 。 or 点 a label must be www or mix
#: letters and digits, as spam codes do, so that prose (5G。CN…) never matches.
_ALNUM_W = "A-Za-z0-9Ａ-Ｚａ-ｚ０-９"
_LABEL_W = rf"[{_ALNUM_W}][{_ALNUM_W}\-]{{0,62}}+"
#: A dot between labels; 。 and 点 only before the next label, so that 。 ends the sentence
#: after an address (bwin88点cc。)
_DOT_W = rf"(?:[.．]|[。点](?=[{_ALNUM_W}]))"
_MIXED_W = rf"(?:[A-Za-zＡ-Ｚａ-ｚ]{{1,30}}+[0-9０-９]|[0-9０-９]{{1,30}}+[A-Za-zＡ-Ｚａ-ｚ])[{_ALNUM_W}]{{0,62}}+"
_URL_WIDE = (rf"(?<![{_ALNUM_W}.．\-/@])(?:[hHｈＨ][tTｔＴ][tTｔＴ][pPｐＰ][sSｓＳ]?+[:：]//)?+"
             rf"(?:(?:{_LABEL_W}[．.]){{1,6}}+(?:{{tld}})"  # (an all-ASCII match is left to _URL)
             rf"|(?:[wWｗＷ]{{3}}{_DOT_W})?+(?:{_MIXED_W}|[wWｗＷ]{{3}}){_DOT_W}(?:{_LABEL_W}{_DOT_W}){{0,5}}+(?:{{tld}}))"
             rf"(?![A-Za-zＡ-Ｚａ-ｚ\-]|[0-9０-９]++(?:[A-Za-zＡ-Ｚａ-ｚ\-]|[.．][A-Za-zＡ-Ｚａ-ｚ]))")
#: What every such address has and prose rarely: a full-width letter or digit, or a dot
#: written as 。 or 点 right between Latin letters or digits.
#: (The standard library's ``re`` scans for a plain class several times faster than ``regex``.)
_FULL_WIDTH_PAIR = re.compile(r"[Ａ-Ｚａ-ｚ０-９]{2}")
_DOT_LETTER = re.compile(r"[。点．][A-Za-zＡ-Ｚａ-ｚ]")


def _has_wide_address(text: str) -> bool:
    """True if ``text`` may hold an address of _URL_WIDE (two scans of one class each: an
    alternation, or a class of ASCII digits first, costs ``re`` several times more)."""
    if _FULL_WIDTH_PAIR.search(text):
        return True
    return any(m.start() > 0 and text[m.start() - 1].isascii() and text[m.start() - 1].isalnum()
               for m in _DOT_LETTER.finditer(text))
#: What may follow 网 in an ordinary word (网络, 网站, 网点, 网上: 彩票网点 is prose), so a site
#: name inside a clause is only one whose 网 ends the word.
_NET_WORDS = "络站点格民友购约店商红吧页址游课盘关上"
#: What continues a decoration cluster besides decoration: joiners, variation selectors, marks,
#: and the bullets of kaomoji (๑•̀ㅂ•́): a bullet alone, as a list marker, stays.
_JOINER = r"[\p{M}\u200D\u2022\u2027\u2219]"
#: A keycap emoji (1️⃣ #️⃣): a digit, # or * with the enclosing keycap mark.
_KEYCAP = r"[0-9#*][\uFE0E\uFE0F]?+\u20E3"
#: Brackets around an ad label (【广告】 ［推广］ 〖赞助〗): official prose has no such bracket
#: with a label word of ad_labels.txt inside (its 〔2024〕 holds a year).
_LABEL_BRACKET = r"[【［〖\[〔][\p{Han}A-Za-z0-9 ]{1,10}+[】］〗\]〕]"
_OPEN_BRACKET = re.compile(r"[【［〖\[〔]")
#: A mobile phone number (13812345678) or a 400 hotline: report prose writes no phone numbers
#: (its hotlines are 12345, 12315).
_PHONE = r"(?:1[3-9][0-9]{9}|400-?[0-9]{3}-?[0-9]{4})(?![0-9])"  # and no digit before: checked
#: An account after a contact label (QQ：12345678, 加微信 kf8866): five or more letters and
#: digits with three digits at least.
_ACCOUNT = r"[：:\s@]{0,2}+(?=[A-Za-z_\-]*+[0-9][A-Za-z_\-]*+[0-9][A-Za-z_\-]*+[0-9])[A-Za-z0-9_\-]{5,20}+(?![A-Za-z0-9_\-])"
#: A combining mark with no Latin or Greek letter to sit on (``好̶``) decorates.
_STRAY_MARK = r"(?<![\p{Latin}\p{Greek}\p{M}])\p{M}++"
#: Characters that are most of any page and never decoration (checked against the vocabulary).
_PROSE_MARKS = "、。，；：！？（）“”《》"
_PROSE_CHARS = "".join(map(chr, range(0x4E00, 0xA000))) + "".join(map(chr, range(0x20, 0x7F))) + _PROSE_MARKS
#: A Latin/digit code: ``K8``, ``C919``, ``PM2.5``, full-width ``Ｋ８``; it stops before a
#: vocabulary word that starts with a Latin letter or digit (IP|bet365, 第1|K8凯发).
_CODE_CHAR = "[A-Za-z0-9Ａ-Ｚａ-ｚ０-９]"
_CODE = r"(?:(?!{words}){char})++(?:\.(?:(?!{words}){char})++)*+"


def _alternation(words: Iterable[str]) -> str:
    """A regex matching any of ``words``, the longest where several match (官网首页 over 官网).

    The words are merged into a trie (``官(?:网(?:首页)?|方)``), so each position of the text
    costs one test of its first character, not one per word. ASCII letters match either case
    and full width (``[aAａＡ]``): cheaper than the IGNORECASE flag, which folds every Han
    character too.
    """
    root: dict = {}
    for word in words:
        node = root
        for c in word.lower():
            node = node.setdefault(c, {})
        node[""] = {}
    return _trie_regex(root) or r"(?!)"


#: Full-width ASCII letters and digits to their ASCII form (ｂｅｔ３６５ -> bet365).
_FULL_WIDTH = {c + 0xFEE0: c for c in range(0x21, 0x7F)}


def _fold(s: str) -> str:
    """A matched vocabulary word as its entry: ASCII lower case, full width folded."""
    return s.translate(_FULL_WIDTH).lower()


def _char_class(c: str) -> str:
    """A vocabulary character as the text may write it: an ASCII letter or digit in either
    case and full width too (bet365, BET365, ｂｅｔ３６５)."""
    if not (c.isascii() and c.isalnum()):
        return regex.escape(c)
    forms = dict.fromkeys((c, c.upper(), chr(ord(c) + 0xFEE0), chr(ord(c.upper()) + 0xFEE0)))
    return "[" + "".join(forms) + "]"


def _trie_regex(node: dict) -> str:
    alts = [_char_class(c) + _trie_regex(child) for c, child in sorted(node.items()) if c]
    if not alts:
        return ""
    body = alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"
    return f"(?:{body})?" if "" in node else body


# --- vocabulary loading ----------------------------------------------------------------------

_TRAILING_COMMENT = regex.compile(r"\s+#")
_CODE_POINT_RANGE = regex.compile(r"U\+([0-9A-Fa-f]{4,6})\.\.U\+([0-9A-Fa-f]{4,6})")


def _entries(path: Path) -> Iterable[tuple[int, list[str]]]:
    """Yield ``(line number, fields)`` of a vocabulary file, skipping comments and blanks."""
    with open(path, encoding="utf-8") as f:
        for lineno, line in enumerate(f, 1):
            if line.lstrip().startswith("#"):
                continue
            if "#" in line:  # the module-level regex.split looks its pattern up on every call
                line = _TRAILING_COMMENT.split(line, maxsplit=1)[0]
            fields = line.split()
            if fields:
                yield lineno, fields


def _class_item(path: Path, lineno: int, item: str) -> str:
    """Turn one line of decoration.txt/keep.txt into a character-class item, validated."""
    if item.startswith("\\"):
        out = item
    else:
        m = _CODE_POINT_RANGE.fullmatch(item)
        if m:
            out = rf"\U{int(m[1], 16):08X}-\U{int(m[2], 16):08X}"
        else:
            out = "".join(rf"\U{ord(c):08X}" for c in item)
    try:
        regex.compile(f"[{out}]", regex.V1)
    except regex.error as e:
        raise GzIeError(Errors.E007.format(path=path, line=lineno, problem=f"not a character class item: {item!r} ({e})")) from None
    return out


@dataclass
class _Vocab:
    decoration: list[str] = field(default_factory=list)
    keep: list[str] = field(default_factory=list)
    scripts: list[str] = field(default_factory=list)
    brands: list[str] = field(default_factory=list)
    keywords: dict[str, str] = field(default_factory=dict)
    injections: dict[str, str] = field(default_factory=dict)
    site_words: dict[str, str] = field(default_factory=dict)
    site_prefixes: list[str] = field(default_factory=list)
    tlds: list[str] = field(default_factory=list)
    prose_ends: list[str] = field(default_factory=list)
    traditional: dict[str, str] = field(default_factory=dict)
    ad_labels: list[str] = field(default_factory=list)
    contacts: dict[str, str] = field(default_factory=dict)
    calls: dict[str, str] = field(default_factory=dict)
    site_owners: list[str] = field(default_factory=list)
    net_words: list[str] = field(default_factory=list)

    def read(self, path: Path, name: str) -> None:
        """Add the entries of one file, read as the vocabulary ``name``."""
        for lineno, fields in _entries(path):
            head, rest = fields[0], fields[1:]
            if name in ("decoration", "keep"):
                getattr(self, name).append(_class_item(path, lineno, head))
            elif name == "scripts":
                try:
                    regex.compile(rf"\p{{sc={head}}}")
                except regex.error:
                    raise GzIeError(Errors.E007.format(path=path, line=lineno, problem=f"unknown script {head!r}")) from None
                self.scripts.append(head)
            elif name == "ad_keywords":
                role = rest[0] if rest else "link"
                if role not in _AD_ROLES:
                    raise GzIeError(Errors.E007.format(path=path, line=lineno, problem=f"role must be one of {_AD_ROLES}, not {role!r}"))
                self.keywords[head.lower()] = role
            elif name in ("injections", "site_words"):
                mode = rest[0] if rest else ("anywhere" if name == "injections" else "clause_end")
                if mode not in _INJECTION_MODES:
                    raise GzIeError(Errors.E007.format(path=path, line=lineno, problem=f"mode must be one of {_INJECTION_MODES}, not {mode!r}"))
                getattr(self, name)[head.lower()] = mode
            elif name == "tlds":
                if not regex.fullmatch(r"[A-Za-z]{2,24}+", head):
                    raise GzIeError(Errors.E007.format(path=path, line=lineno, problem=f"a top-level domain is 2 to 24 Latin letters, not {head!r}"))
                self.tlds.append(head.lower())
            elif name == "ad_brands":
                self.brands.append(head.lower())
            elif name == "traditional":
                if not (len(fields) == 2 and len(head) == 1 and len(rest[0]) == 1):
                    raise GzIeError(Errors.E007.format(path=path, line=lineno, problem=f"expected a simplified and a traditional character, not {' '.join(fields)!r}"))
                self.traditional[rest[0]] = head
            elif name in ("contacts", "calls"):
                roles = _CONTACT_ROLES if name == "contacts" else _CALL_ROLES
                role = rest[0] if rest else roles[0]
                if role not in roles:
                    raise GzIeError(Errors.E007.format(path=path, line=lineno, problem=f"role must be one of {roles}, not {role!r}"))
                getattr(self, name)[head.lower()] = role
            elif name == "ad_labels":
                self.ad_labels.append(head.lower())
            else:
                getattr(self, name).append(head)


def _vocabulary_of(path: Path) -> str:
    """The vocabulary an extra file extends: the one its file name starts with."""
    for name in sorted(VOCABULARIES, key=len, reverse=True):
        if path.name.startswith(name):
            return name
    raise GzIeError(Errors.E008.format(path=path, names=VOCABULARIES))


# --- the filter ------------------------------------------------------------------------------

class NoiseFilter:
    """Finds noise in raw text; built from the vocabularies in ``models/noise/``.

    Args:
        data_dir: directory holding the vocabulary files (default ``models/noise``).
        extra_files: more vocabulary files, each extending the vocabulary its name starts
            with (``injections_mysite.txt`` adds injections).

    Example:
        >>> NoiseFilter().find("示范城市国际财经!。")[0].text
        '国际财经'
    """

    def __init__(self, data_dir: str | Path | None = None, extra_files: Sequence[str | Path] = ()) -> None:
        root = Path(data_dir) if data_dir is not None else DEFAULT_DATA_DIR
        vocab = _Vocab()
        for name in VOCABULARIES:
            path = root / f"{name}.txt"
            if path.is_file():
                vocab.read(path, name)
        for extra in extra_files:
            extra = Path(extra)
            vocab.read(extra, _vocabulary_of(extra))
        #: traditional characters to simplified: a page with any is read through this table
        #: (one character for one, so offsets stay), and 開獎 is matched as 开奖
        self._simplify = str.maketrans(vocab.traditional)
        self._traditional = re.compile(  # plain class: ``re`` finds it several times faster
            "[" + re.escape("".join(vocab.traditional)) + "]" if vocab.traditional else r"(?!)")
        key = self._key
        self._roles: dict[str, str] = {key(w): "brand" for w in vocab.brands}
        self._roles.update({key(w): role for w, role in vocab.keywords.items()})
        self._roles.update({key(w): "inject" for w, mode in vocab.injections.items() if mode == "anywhere"})

        scripts = "".join(rf"\p{{sc={s}}}" for s in vocab.scripts)
        foreign = f"[^{scripts}]" if scripts else ""
        keep = "".join(vocab.keep)
        deco = (f"[[{''.join(vocab.decoration)}{foreign}]"
                rf"--[{keep}\x00-\x7F\s\p{{Cc}}\p{{Cf}}\p{{M}}]]")
        if not regex.search(deco, _PROSE_CHARS, flags=regex.V1):
            # a range test first skips the Han and ASCII that make up most of a page; the
            # full class (set operations over scripts and blocks) is slow per character
            deco = rf"[[^\u4E00-\u9FFF\x00-\x7F{_PROSE_MARKS}]&&{deco}]"
        # spaces between symbols stay: they may be the page's own (市长☀ ☀郭永航 has one)
        # Greek letters stay even inside a cluster: ☀α☀ may be two clusters around the prose's α
        cluster = rf"{deco}(?:{deco}|{_JOINER})*+"
        # One regex per kind: the `regex` module finds each one's first character fast,
        # an alternation of them all it has to try at every position (several times slower).
        self._char_patterns = tuple((kind, regex.compile(p, regex.V1)) for kind, p in (
            ("markup", _MARKUP), ("control", _CONTROL), ("decoration", _KEYCAP), ("decoration", cluster),
            ("decoration", _STRAY_MARK)))
        alt = lambda words: _alternation(map(key, words))  # noqa: E731 - traditional folded too
        latin = alt(w for w in self._roles if w[0].isascii() and w[0].isalnum())
        code = _CODE.format(words=latin, char=_CODE_CHAR)
        token = f"{alt(self._roles)}|{code}"
        clause_end = (w for w, mode in vocab.injections.items() if mode == "clause_end")
        site_words = alt(vocab.site_words)
        anywhere = alt(w for w, mode in vocab.site_words.items() if mode == "anywhere")
        # a name starts where no site word ends, so a long run of them is scanned once
        self._site = regex.compile(
            rf"(?<!{site_words})(?:(?:{site_words})++网{_BOUNDARY}|(?:{anywhere})(?:{site_words})*+网(?![{_NET_WORDS}]))",
            regex.V1)
        self._url = regex.compile(_URL.format(tld=_alternation(vocab.tlds)), regex.V1)
        self._url_wide = regex.compile(_URL_WIDE.replace("{tld}", _alternation(vocab.tlds)), regex.V1)
        self._label_bracket = regex.compile(_LABEL_BRACKET, regex.V1)
        self._ad_label = regex.compile(alt(vocab.ad_labels), regex.V1)
        contact = {role: alt(w for w, r in vocab.contacts.items() if r == role) for role in _CONTACT_ROLES}
        prefixes = [w for w, r in vocab.contacts.items() if r == "prefix"]
        labels = [w for w, r in vocab.contacts.items() if r == "label"]
        self._contact = regex.compile(rf"(?:{alt(labels)})(?:号码|号|群)?+{_ACCOUNT}", regex.V1)
        self._contact_prefix = regex.compile(rf"(?:{alt(prefixes)})\Z", regex.V1)
        self._contact_prefix_len = max(map(len, prefixes), default=0)
        self._phone = re.compile(_PHONE)
        self._phone_label = regex.compile(
            rf"(?:(?:{contact['prefix']})?+(?:{contact['phone']})[：:\s]?+)\Z", regex.V1)
        self._calls = {self._key(w): role for w, role in vocab.calls.items()}
        verbs = alt(w for w, role in self._calls.items() if role in ("verb", "strong"))
        # plain tries of literals: ``re`` scans them faster than ``regex``
        self._call_run = re.compile(rf"(?:{verbs})(?:{alt(self._calls)})++")
        self._call_token = re.compile(alt(self._calls))
        self._site_prefix = regex.compile(rf"(?:{alt(vocab.site_prefixes)}|\p{{Han}}{{2}})\Z", regex.V1)
        self._site_prefix_len = max(map(len, vocab.site_prefixes), default=2)
        # an unknown site: a listed owner, two Han characters that are no net of prose, 网
        # (found from its 网 at a clause end, a rare character, then the owner looked up behind)
        self._net_end = regex.compile(rf"(?<=\p{{Han}}{{2}})网{_BOUNDARY}", regex.V1)
        self._owner = regex.compile(rf"(?:{alt(vocab.site_owners)})\Z", regex.V1)
        self._owner_len = max(map(len, vocab.site_owners), default=0)
        self._net_words = frozenset(vocab.net_words)
        self._prose_ends = frozenset(vocab.prose_ends)
        self._phrase = regex.compile(rf"(?:{alt(clause_end)}){_BOUNDARY}", regex.V1)
        # phrases that go by themselves, never part of a brand's ad: a plain trie, which ``re``
        # scans fast, kept out of the ad tokens (each word there costs every position a test)
        self._alone = re.compile(alt(w for w, mode in vocab.injections.items() if mode == "alone"))
        self._run = regex.compile(rf"(?:{token})++", regex.V1)
        self._token = regex.compile(token, regex.V1)
        self._code = regex.compile(code, regex.V1)
        self._boundary = regex.compile(_BOUNDARY, regex.V1)
        self._clause_end = regex.compile(_CLAUSE_END, regex.V1)
        self._debris_marks = regex.compile(rf"(?m:^{_CLAUSE_MARK}++)|{_CLAUSE_MARK}{{2,}}+")
        self._empty_pair = regex.compile(_alternation(_EMPTY_PAIRS))
        self._bare_enum = regex.compile(rf"(?:^|(?<=[{regex.escape(_CLAUSE_OPENERS)}]))、")

    def _key(self, s: str) -> str:
        """A matched vocabulary word as its entry: ASCII lower case, full width and traditional
        characters folded (ＫＹ開雲 -> ky开云)."""
        return _fold(s).translate(self._simplify)

    # The passes. Each looks at the current *view* (raw minus what is found so far) and
    # returns view spans; ``find`` maps them back to raw offsets. Decoration goes first so
    # that ads and debris are judged on text without it.

    def _char_noise(self, text: str) -> list[tuple[int, int, str]]:
        return _first_come([(m.start(), m.end(), kind) for kind, p in self._char_patterns
                            for m in p.finditer(text) if not _is_numeral_zero(text, m.start(), m.end())])

    def _advertising(self, text: str, traditional: bool = False) -> list[tuple[int, int, str]]:
        if traditional:
            text = text.translate(self._simplify)
        spans = []
        for m in self._url.finditer(text):
            stop = m.end()
            percent = text[stop - 1] == "%"  # no address ends in %: x.cn/a.html55.5%。
            if percent or (not self._boundary.match(text, stop) and not text[stop:stop + 1].isascii()):
                # m.abc.com/17个村, x.cn/a.html90%以上: the figure is the clause's
                end = stop - 1 if percent else stop
                figure = _trailing_figure(text, m.start(), end)
                stop = figure if figure < end else stop
            spans.append((m.start(), stop, "advertising"))
        if _has_wide_address(text):
            for m in self._url_wide.finditer(text):
                if not m.group().isascii():  # an ASCII address is _url's
                    spans.append((m.start(), m.end(), "advertising"))
        if _OPEN_BRACKET.search(text):
            for m in self._label_bracket.finditer(text):
                if self._ad_label.search(text, m.start() + 1, m.end() - 1):
                    spans.append((m.start(), m.end(), "advertising"))
        for m in self._contact.finditer(text):
            prefix = self._contact_prefix.search(text, max(0, m.start() - self._contact_prefix_len), m.start())
            spans.append((prefix.start() if prefix else m.start(), m.end(), "advertising"))
        for m in self._phone.finditer(text):
            if m.start() > 0 and text[m.start() - 1] in _FIGURE_CHARS:
                continue  # inside a longer number
            label = self._phone_label.search(text, max(0, m.start() - 8), m.start())
            spans.append((label.start() if label else m.start(), m.end(), "advertising"))
        for m in self._call_run.finditer(text):
            span = self._judge_call(text, m.start(), m.end())
            if span is not None:
                spans.append((span[0], span[1], "advertising"))
        for m in self._site.finditer(text):
            # the site's own name: a listed prefix, else the two Han characters before
            prefix = self._site_prefix.search(text, max(0, m.start() - self._site_prefix_len), m.start())
            if prefix:
                spans.append((prefix.start(), m.end(), "advertising"))
        spans.extend((m.start(), m.end(), "advertising") for m in self._phrase.finditer(text))
        spans.extend((m.start(), m.end(), "advertising") for m in self._alone.finditer(text))
        for m in self._net_end.finditer(text):
            word = m.start() - 2
            if text[word:m.start()] not in self._net_words:
                owner = self._owner.search(text, max(0, word - self._owner_len), word)
                if owner:
                    spans.append((owner.start(), m.end(), "advertising"))
        for m in self._run.finditer(text):
            if self._code.fullmatch(text, m.start(), m.end()) and self._key(m.group()) not in self._roles:
                continue  # a lone code: REITs, C919, 2025 (not bet365)
            span = self._judge_run(text, m.start(), m.end())
            if span is not None:
                spans.append((span[0], span[1], "advertising"))
        return _first_come(spans)

    def _judge_run(self, text: str, start: int, end: int) -> tuple[int, int] | None:
        """Decide whether a run of brand/code/keyword tokens is advertising, and which part.

        Strong evidence (a brand with a keyword or code, a code with an ad-only marker, a
        known injection) counts anywhere; weaker evidence (a code with a gambling word, two
        keywords with a marker behind an unknown brand) only at the end of a clause, where
        injections sit. The prose keeps what the ad is glued to: a code before a brand
        (华星光电T8凯发…), a number (2968件凯发…), and ordinary words after it (凯发K8体育公园)
        unless the ad runs to a clause boundary.
        """
        # (start, end, role) per token; role is brand, inject, marker, gambling, link, tail or code
        get = self._roles.get
        tokens = [(m.start(), m.end(), get(self._key(m.group()), "code"))
                  for m in self._token.finditer(text, start, end)]
        roles = {t[2] for t in tokens}
        if len(tokens) < 2 and not ("inject" in roles or ("brand" in roles and _has_code(text[start:end]))):
            return None
        if roles & {"brand", "inject"}:
            first = next(i for i, t in enumerate(tokens) if t[2] in ("brand", "inject"))
        else:
            # the code nearest before the first ad word (CBD国际XX体育官网: XX, not CBD)
            codes = [i for i, t in enumerate(tokens) if t[2] == "code" and _has_letter(text[t[0]:t[1]])]
            word = next((i for i, t in enumerate(tokens) if t[2] in ("marker", "gambling")), len(tokens))
            first = max((i for i in codes if i < word), default=codes[0] if codes else None)
        if first is None:
            if "marker" in roles and tokens[-1][2] != "code" and self._boundary.match(text, end):
                prefix = start - 2
                if (prefix >= 0 and regex.fullmatch(r"\p{Han}{2}", text[prefix:start])
                        and text[prefix:start] not in self._prose_ends):
                    return prefix, end  # 某某彩票app下载: an unknown two-character brand
            # a gambling word is its own brand when a marker follows it (体育投注, 博彩官网入口)
            # (or an entry word: 棋牌首页, 博彩在线登录; not app: 智慧体育APP is prose)
            entry = max((i for i, t in enumerate(tokens) if self._is_entry(text, t)), default=-1)
            first = next((i for i, t in enumerate(tokens[:entry]) if t[2] == "gambling"), None)
            if first is None:
                return None
            brandless = True
        else:
            brandless = False
        begin = tokens[first][0]
        if brandless:
            # an unknown brand's digits glued before the gambling word (辉煌55真人登录入口); its
            # Han name is not told from the prose before it (列入|体育投注, 达到|棋牌首页)
            if first > 0 and tokens[first - 1][2] == "code" and tokens[first - 1][1] == begin:
                digits = _trailing_figure(text, tokens[first - 1][0], begin)
                begin = digits if digits < begin and text[digits:begin].isdigit() else begin

        if tokens[first][2] == "code" and begin > 0 and text[begin - 1] not in _AD_OPENERS:
            # after a clause mark the whole code is the ad's (，2WRWJ体育投注), else its
            # prose part stays (第1|XX体育)
            prose = _PROSE_CODE.match(text, begin, tokens[first][1])
            begin = prose.end() if prose else begin
        last = len(tokens) - 1
        stop = tokens[last][1]
        if tokens[last][2] == "code" and last > first:
            # a figure glued after the ad belongs to the clause (…app下载2800万标准箱, 亚博yabo93.9%);
            # digits that end the clause are the code of an ad with a brand or code (…K8官网
            # app下载8888。), not after a whole injected phrase or a brand-less ad (全国前澳门
            # 新葡京30。, 全国第体育投注11。); an upper-case
            # code after the ad words is a name of the prose (…app下载T8、, …官网REITs项目)
            ad_code = (self._clause_end.match(text, stop) and tokens[last - 1][2] != "inject"
                       and any(t[2] in ("brand", "code") for t in tokens[first:last]))
            figure = stop if ad_code else _trailing_figure(text, tokens[last][0], stop)
            if figure == tokens[last][0] or (figure == stop and tokens[last - 1][2] != "code"
                                              and _is_prose_code(text[tokens[last][0]:stop])):
                last -= 1
                stop = tokens[last][1]
            elif figure < stop:
                stop = figure
        if last == len(tokens) - 1 and not self._boundary.match(text, stop):
            while last > first and tokens[last][2] in ("link", "gambling"):
                last -= 1  # 凯发K8体育公园: 体育 belongs to 体育公园
                stop = tokens[last][1]
        at_boundary = stop == end and self._boundary.match(text, end) is not None
        roles = {t[2] for t in tokens[first:last + 1]}
        if ("inject" in roles
                or ("brand" in roles and (last > first or _has_code(text[tokens[first][0]:tokens[first][1]])))
                or ("code" in roles and "marker" in roles)
                or (tokens[first][2] == "gambling" and any(self._is_entry(text, t) for t in tokens[first + 1:last + 1]))
                or ("code" in roles and "gambling" in roles and "tail" in roles)
                or ("code" in roles and "gambling" in roles and at_boundary)):
            if (tokens[first][2] == "code" and begin == tokens[first][0] and begin >= 2
                    and _is_lower_code(text[begin:tokens[first][1]])
                    and not _is_full_code(text[begin:tokens[first][1]])
                    and _HAN2.fullmatch(text, begin - 2, begin) and text[begin - 2:begin] not in self._prose_ends
                    and (text[begin:tokens[first][1]].isalpha() or at_boundary
                         or begin == 2 or text[begin - 3] in _AD_OPENERS)):
                # 大发vip娱乐网页版: a lower-case code is written after its brand; a code with a
                # digit may be a brand by itself (投硬科|wns1手机版|技), so inside a clause it
                # takes the two characters only at the clause's start or end
                begin -= 2
            elif (tokens[first][2] == "brand" and first > 0 and tokens[first - 1][1] == begin
                    and _is_lower_code(text[tokens[first - 1][0]:begin])):
                begin = tokens[first - 1][0]  # ky开云官方网站: a lower-case code before its brand
            return begin, stop
        return None

    def _judge_call(self, text: str, start: int, end: int) -> tuple[int, int] | None:
        """A call to action (扫码关注公众号, 点此进入官方网站, 长按识别二维码): from its first verb
        to its last word that is no filler, at least two words with an object or a verb that
        only ads use (扫码, 长按, 戳); fillers (这里, 立即) only join them."""
        get = self._calls.get
        tokens = [(m.start(), m.end(), get(self._key(m.group()), "filler"))
                  for m in self._call_token.finditer(text, start, end)]
        while tokens and (tokens[-1][2] == "filler" or tokens[-1][1] - tokens[-1][0] == 1):
            tokens.pop()  # a one-character verb may be the prose's (领|导)
        roles = {t[2] for t in tokens}
        if len(tokens) < 2 or not roles & {"object", "strong"}:
            return None
        return tokens[0][0], tokens[-1][1]

    @staticmethod
    def _is_entry(text: str, token: tuple[int, int, str]) -> bool:
        """A marker, or a tail word that names a site's entry (首页, 入口, 登录), not ``app``."""
        return token[2] == "marker" or (token[2] == "tail" and _fold(text[token[0]:token[1]]) != "app")

    def _debris(self, view: "_View", ads: "_Ads", gaps: set[int]) -> list[tuple[int, int, str]]:
        """Clause marks that a removal doubled up or left opening a line, and bracket pairs
        it emptied.

        A run of clause marks is debris when something was removed between its marks, or
        advertising right before or after it (an ad may carry its own mark: ``凯发K8旗舰厅,,``).
        Of the run the last mark stays: injections sit in front of the page's own mark, so
        ``示范城市国际财经!。`` cleans to ``示范城市。`` and ``社交电商凯发K8官网、。`` to
        ``社交电商。``. A clause between two marks that held advertising and nothing else is
        reported as a gap in ``gaps``. Runs no removal touches are the page's own and stay.
        """
        text, cuts = view.text, view.cuts
        spans: list[tuple[int, int, str]] = []
        for m in self._debris_marks.finditer(text):
            a, b = m.span()
            inside = [i for i in range(a + 1, b) if i in cuts]
            if not (inside or self._ad_at(view, ads, a) or self._ad_at(view, ads, b)):
                lost_item = b - a == 2 and text[b - 1] == "、" and text[b:b + 1] not in ("", "\n")
                if b - a >= 2 and (text.count(text[a], a, b) == b - a
                                   or (any(c in _DOUBLED_MARKS for c in text[a:b]) and not lost_item)):
                    # ，， 。。 、， ；，: official prose never writes two clause marks in a row
                    # (half-width ?! may be a quotation's own; ，、 is a list that lost its
                    # first item, a gap)
                    spans.append((a, b - 1, "punctuation"))
                continue
            for i in inside:
                ad = ads.first_in(view.to_raw_start(i - 1) + 1, view.to_raw_start(i))
                if ad is not None:
                    gaps.add(ad)
            if a == 0 or text[a - 1] == "\n":
                spans.append((a, b, "punctuation"))  # clause marks left opening a line
            else:
                spans.append((a, b - 1, "punctuation"))
        spans.extend((m.start(), m.end(), "punctuation") for m in self._empty_pair.finditer(text)
                     if m.start() + 1 in view.cuts)
        return _first_come(spans)

    @staticmethod
    def _ad_at(view: "_View", ads: "_Ads", i: int) -> bool:
        """True if advertising was removed just before view character ``i``."""
        if i not in view.cuts:
            return False
        lo = view.to_raw_start(i - 1) + 1 if i > 0 else 0
        hi = view.to_raw_start(i) if i < len(view.text) else len(view.raw)
        return ads.first_in(lo, hi) is not None

    def find(self, raw: str) -> list[Removal]:
        """Every removal and gap in ``raw``, sorted by start and non-overlapping.

        The passes repeat until none finds anything new, so cleaning is idempotent even when
        a removal joins two halves of something (``<<b>i>``).
        """
        removals: list[Removal] = []
        gaps: set[int] = set()
        view = _View(OffsetMap.identity(raw))
        traditional = self._traditional.search(raw) is not None
        for _ in range(_MAX_PASSES):
            found = False
            for stage in ("chars", "ads", "debris"):
                if stage == "chars":
                    spans = self._char_noise(view.text)
                elif stage == "ads":
                    spans = self._advertising(view.text, traditional)
                else:
                    spans = self._debris(view, _Ads(removals), gaps)
                new = view.to_raw(spans)
                if new:
                    found = True
                    removals = sorted(removals + new, key=lambda r: r.start)
                    view = _View(OffsetMap.from_removals(raw, removals))
            if not found:
                break
        for m in self._bare_enum.finditer(view.text):
            gaps.add(view.to_raw_start(m.start()))
        out = removals + [Removal(p, p, "", "gap") for p in gaps]
        return sorted(out, key=lambda r: (r.start, r.end))


def _first_come(spans: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """Sorted, non-overlapping spans, touching ones of a kind merged: of two that overlap
    the earlier (then the one listed first) wins; what it hides is looked at again in the
    next pass."""
    out: list[tuple[int, int, str]] = []
    last = 0
    for _, span in sorted(enumerate(spans), key=lambda x: (x[1][0], x[0])):
        if span[0] < last:
            continue
        if out and span[0] == last and span[2] == out[-1][2]:
            out[-1] = (out[-1][0], span[1], span[2])  # one removal per stretch of one kind
        else:
            out.append(span)
        last = span[1]
    return out


def _is_numeral_zero(text: str, start: int, end: int) -> bool:
    """True for circles written for 〇 in a Chinese numeral (二○二五年, 一○○): not decoration."""
    if not all(c in _CIRCLES for c in text[start:end]):
        return False
    return (start > 0 and text[start - 1] in _NUMERALS) or (end < len(text) and text[end] in _NUMERALS)


def _is_lower_code(s: str) -> bool:
    """True for a code in lower case (vip, hth, ky, v8): spam glues it to its brand (开云kaiyun,
    大发vip); the codes of official prose are upper case (5G, T8, REITs)."""
    return s.isascii() and s.isalnum() and s.islower()


def _is_full_code(s: str) -> bool:
    """True for a code that is a whole brand by itself: two letters and two digits at least
    (hg0088, xpj8888: pinyin initials and lucky digits), not a suffix of a Han brand (vip, v8)."""
    return sum(c.isdigit() for c in s) >= 2 and sum(c.isalpha() for c in s) >= 2


def _is_prose_code(s: str) -> bool:
    """True for a code as official prose writes it, with an upper-case letter (T8, C919,
    REITs, GDP); not a bare number (8888) or lower case (vip)."""
    return any(c.isupper() for c in s)


def _trailing_figure(text: str, start: int, end: int) -> int:
    """Where the figure that ends ``text[start:end]`` begins (``end`` if it ends in no digit).

    ``亚博yabo93.9`` -> the offset of ``93.9``; the figure starts with a digit.
    """
    i = end
    while i > start and text[i - 1] in _FIGURE_CHARS:
        i -= 1
    while i < end and not text[i].isdigit():
        i += 1  # a figure starts with a digit, not a point
    return i


def _has_code(s: str) -> bool:
    """True for a brand written with its code (凯发K8): a brand and a code in one token."""
    return any(c.isascii() and c.isalnum() for c in s)


def _has_letter(s: str) -> bool:
    return any(c.isalpha() for c in s)


class _Ads:
    """The advertising removals found so far, to ask what lies in a raw range."""

    __slots__ = ("starts",)

    def __init__(self, removals: Sequence[Removal]) -> None:
        self.starts = [r.start for r in removals if r.kind == "advertising"]

    def first_in(self, lo: int, hi: int) -> int | None:
        """Start of the first advertising removal inside raw ``[lo, hi)``, if any."""
        i = bisect_left(self.starts, lo)
        return self.starts[i] if i < len(self.starts) and self.starts[i] < hi else None


class _View:
    """The raw text minus the removals found so far, and where its characters came from."""

    __slots__ = ("raw", "text", "_at", "_shifts", "cuts")

    def __init__(self, omap: OffsetMap) -> None:
        self.raw = omap.raw
        self.text = omap.clean
        # from view offset _at[j] on, raw = view + _shifts[j]; several deletions at one
        # view offset leave several entries, of which the last holds the shift
        self._at = [clean for clean, _ in omap.breaks]
        self._shifts = [shift for _, shift in omap.breaks]
        #: view offsets with a deletion just before them (``len(text)``: at the end)
        self.cuts = frozenset(self._at[1:])

    def to_raw_start(self, i: int) -> int:
        """Raw offset of view character ``i``."""
        return i + self._shifts[bisect_right(self._at, i) - 1]

    def to_raw(self, spans: Iterable[tuple[int, int, str]]) -> list[Removal]:
        """Removals for sorted, disjoint view spans, split around earlier deletions.

        One merge-walk over the spans and the deletions, so a page with a hundred thousand
        clusters costs no more per cluster than one with ten.
        """
        raw, at, shifts = self.raw, self._at, self._shifts
        out: list[Removal] = []
        j, last = 0, len(at) - 1
        for a, b, kind in spans:
            while j < last and at[j + 1] <= a:
                j += 1
            seg = a
            while j < last and at[j + 1] < b:
                j += 1
                if at[j] > seg:
                    start, end = seg + shifts[j - 1], at[j] + shifts[j - 1]
                    out.append(Removal(start, end, raw[start:end], kind))
                    seg = at[j]
            start, end = seg + shifts[j], b + shifts[j]
            out.append(Removal(start, end, raw[start:end], kind))
        return out


@lru_cache(maxsize=1)
def default_filter() -> NoiseFilter:
    """The filter over the bundled vocabularies, built once."""
    return NoiseFilter()


def find_noise(raw: str) -> list[Removal]:
    """:meth:`NoiseFilter.find` with the bundled vocabularies."""
    return default_filter().find(raw)


def apply(raw: str, removals: Sequence[Removal]) -> str:
    """The clean text: ``raw`` with every non-gap removal deleted.

    Example:
        >>> apply("增长5%◈ღ", [Removal(4, 6, "◈ღ", "decoration")])
        '增长5%'
    """
    pieces: list[str] = []
    pos = 0
    for r in sorted(removals, key=lambda r: r.start):
        if r.end <= r.start:
            continue
        if r.start < pos:
            raise ValueError(f"overlapping removal at {r.start}")
        pieces.append(raw[pos:r.start])
        pos = r.end
    pieces.append(raw[pos:])
    return "".join(pieces)
