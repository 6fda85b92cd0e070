"""Segmentation: a `Document` becomes a `Page` of text blocks, each with the DOM context the features need.

HTML is cut at block-level elements and ``<br>`` (as jusText and Kohlschütter et al. 2010 do); the walk is one
loop over Lexbor's tree (first child, next sibling, parent), so deep pages cannot overflow Python's stack. Each
element the walk opens is recorded once (tag, parent, class/id tokens, inherited region flags); after the walk, one
pass over that table from its end gives every element the words and link words of its subtree: the container
features (the density of every ancestor) without a second walk. Words are counted for all blocks at once
(`word_counts`, `JoinedTexts`): the walk runs Python for every node, and what it can leave to a pass over arrays, it
does. The same walk compiled (`boilerfree._walk`, Cython, built when boilerfree is installed) reads Lexbor's node
structs directly and is used when it is there; ``BOILERFREE_PURE=1`` turns it off.

Plain text is cut at lines; a hard-wrapped paragraph (a line that does not end a sentence followed by one that
starts in lower case) is joined back into one block.

Guard limits (`boilerfree.limits`): a page with more than ``max_blocks`` blocks or ``max_elements`` elements raises
`LimitError` as soon as the walk reaches that many (before the features, which hold most of the memory); elements
deeper than ``max_depth`` start no block and no element record of their own, their text joins the block above.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from itertools import count

import numpy as np
from selectolax.lexbor import LexborHTMLParser, LexborNode

from .document import Document
from .errors import LimitError
from .limits import Limits, resolve
from .speedups import compiled

# Combining marks (Unicode categories Mn, Mc, Me): the vowel signs, viramas and nasal signs of Devanagari, Bengali,
# Tamil and the other Brahmic scripts, the accents of decomposed (NFD) Latin, the dot that "İ".lower() leaves. re's \w
# (str.isalnum or "_") has none of them, so \w+ cut "वैज्ञानिकों" into "व", "ज", "ञ", "न", "क". A word is a \w
# character followed by \w characters and marks: a mark continues the word before it, as in Unicode's word boundaries
# (UAX #29, rule WB4), and starts none (the variation selector U+FE0F after an emoji is no word).
# The marks of unicodedata 14.0.0 (Python 3.11), as ranges of code points in hex: reading them costs nothing at import,
# where finding them (`find_mark_ranges`) costs 10-15 ms; a Python of another Unicode version finds its own.
_MARKS_UNICODE = "14.0.0"
_MARKS_HEX = (
    "300-36f 483-489 591-5bd 5bf 5c1-5c2 5c4-5c5 5c7 610-61a 64b-65f 670 6d6-6dc 6df-6e4 6e7-6e8 6ea-6ed 711 "
    "730-74a 7a6-7b0 7eb-7f3 7fd 816-819 81b-823 825-827 829-82d 859-85b 898-89f 8ca-8e1 8e3-903 93a-93c 93e-94f "
    "951-957 962-963 981-983 9bc 9be-9c4 9c7-9c8 9cb-9cd 9d7 9e2-9e3 9fe a01-a03 a3c a3e-a42 a47-a48 a4b-a4d a51 "
    "a70-a71 a75 a81-a83 abc abe-ac5 ac7-ac9 acb-acd ae2-ae3 afa-aff b01-b03 b3c b3e-b44 b47-b48 b4b-b4d b55-b57 "
    "b62-b63 b82 bbe-bc2 bc6-bc8 bca-bcd bd7 c00-c04 c3c c3e-c44 c46-c48 c4a-c4d c55-c56 c62-c63 c81-c83 cbc "
    "cbe-cc4 cc6-cc8 cca-ccd cd5-cd6 ce2-ce3 d00-d03 d3b-d3c d3e-d44 d46-d48 d4a-d4d d57 d62-d63 d81-d83 dca "
    "dcf-dd4 dd6 dd8-ddf df2-df3 e31 e34-e3a e47-e4e eb1 eb4-ebc ec8-ecd f18-f19 f35 f37 f39 f3e-f3f f71-f84 "
    "f86-f87 f8d-f97 f99-fbc fc6 102b-103e 1056-1059 105e-1060 1062-1064 1067-106d 1071-1074 1082-108d 108f "
    "109a-109d 135d-135f 1712-1715 1732-1734 1752-1753 1772-1773 17b4-17d3 17dd 180b-180d 180f 1885-1886 18a9 "
    "1920-192b 1930-193b 1a17-1a1b 1a55-1a5e 1a60-1a7c 1a7f 1ab0-1ace 1b00-1b04 1b34-1b44 1b6b-1b73 1b80-1b82 "
    "1ba1-1bad 1be6-1bf3 1c24-1c37 1cd0-1cd2 1cd4-1ce8 1ced 1cf4 1cf7-1cf9 1dc0-1dff 20d0-20f0 2cef-2cf1 2d7f "
    "2de0-2dff 302a-302f 3099-309a a66f-a672 a674-a67d a69e-a69f a6f0-a6f1 a802 a806 a80b a823-a827 a82c a880-a881 "
    "a8b4-a8c5 a8e0-a8f1 a8ff a926-a92d a947-a953 a980-a983 a9b3-a9c0 a9e5 aa29-aa36 aa43 aa4c-aa4d aa7b-aa7d aab0 "
    "aab2-aab4 aab7-aab8 aabe-aabf aac1 aaeb-aaef aaf5-aaf6 abe3-abea abec-abed fb1e fe00-fe0f fe20-fe2f 101fd "
    "102e0 10376-1037a 10a01-10a03 10a05-10a06 10a0c-10a0f 10a38-10a3a 10a3f 10ae5-10ae6 10d24-10d27 10eab-10eac "
    "10f46-10f50 10f82-10f85 11000-11002 11038-11046 11070 11073-11074 1107f-11082 110b0-110ba 110c2 11100-11102 "
    "11127-11134 11145-11146 11173 11180-11182 111b3-111c0 111c9-111cc 111ce-111cf 1122c-11237 1123e 112df-112ea "
    "11300-11303 1133b-1133c 1133e-11344 11347-11348 1134b-1134d 11357 11362-11363 11366-1136c 11370-11374 "
    "11435-11446 1145e 114b0-114c3 115af-115b5 115b8-115c0 115dc-115dd 11630-11640 116ab-116b7 1171d-1172b "
    "1182c-1183a 11930-11935 11937-11938 1193b-1193e 11940 11942-11943 119d1-119d7 119da-119e0 119e4 11a01-11a0a "
    "11a33-11a39 11a3b-11a3e 11a47 11a51-11a5b 11a8a-11a99 11c2f-11c36 11c38-11c3f 11c92-11ca7 11ca9-11cb6 "
    "11d31-11d36 11d3a 11d3c-11d3d 11d3f-11d45 11d47 11d8a-11d8e 11d90-11d91 11d93-11d97 11ef3-11ef6 16af0-16af4 "
    "16b30-16b36 16f4f 16f51-16f87 16f8f-16f92 16fe4 16ff0-16ff1 1bc9d-1bc9e 1cf00-1cf2d 1cf30-1cf46 1d165-1d169 "
    "1d16d-1d172 1d17b-1d182 1d185-1d18b 1d1aa-1d1ad 1d242-1d244 1da00-1da36 1da3b-1da6c 1da75 1da84 1da9b-1da9f "
    "1daa1-1daaf 1e000-1e006 1e008-1e018 1e01b-1e021 1e023-1e024 1e026-1e02a 1e130-1e136 1e2ae 1e2ec-1e2ef "
    "1e8d0-1e8d6 1e944-1e94a e0100-e01ef"
)


def find_mark_ranges() -> tuple[tuple[int, int], ...]:
    """The (first, last) code points of every run of combining marks that this Python's unicodedata knows, in the
    planes where Unicode puts them (0, 1 and 14: planes 2 and 3 hold CJK ideographs, 15 and 16 private use)."""
    import unicodedata

    ranges: list[list[int]] = []
    for plane in (0, 1, 14):
        for code in range(plane << 16, (plane + 1) << 16):
            if unicodedata.category(chr(code))[0] == "M":
                if ranges and ranges[-1][1] == code - 1:
                    ranges[-1][1] = code
                else:
                    ranges.append([code, code])
    return tuple((first, last) for first, last in ranges)


def _mark_ranges() -> tuple[tuple[int, int], ...]:
    import unicodedata

    if unicodedata.unidata_version != _MARKS_UNICODE:
        return find_mark_ranges()
    bounds = (part.partition("-") for part in _MARKS_HEX.split())
    return tuple((int(first, 16), int(last or first, 16)) for first, _, last in bounds)


MARK_RANGES = _mark_ranges()  # the compiled modules read it at their import (boilerfree._walk, boilerfree._features)


def _class_body(ranges: list[tuple[int, int]]) -> str:
    return "".join(rf"\U{first:08x}" if first == last else rf"\U{first:08x}-\U{last:08x}" for first, last in ranges)


# the marks as the body of a regular-expression character class ("[" + MARKS + "]"), and those of the Basic
# Multilingual Plane and past it apart. sre reads a class's characters of the BMP from one table, those past it range
# after range: the ~160 ranges of marks past the BMP would be tried at every character that ends a word (re.findall of
# \w[\w<marks>]* took 2.3x the time of \w+ over English text), so a pattern tries them only at a character past the
# BMP, a lookahead of one range (1.25x the time of \w+).
MARKS = _class_body(list(MARK_RANGES))
BMP_MARKS = _class_body([(first, min(last, 0xFFFF)) for first, last in MARK_RANGES if first <= 0xFFFF])
ASTRAL_MARKS = _class_body([(max(first, 0x10000), last) for first, last in MARK_RANGES if last > 0xFFFF])
ASTRAL = r"(?=[\U00010000-\U0010ffff])"
WORD = re.compile(rf"\w[\w{BMP_MARKS}]*(?:{ASTRAL}[{ASTRAL_MARKS}][\w{BMP_MARKS}]*)*")
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")


class CharacterClasses:
    """Membership of every character of a text in a few classes (regular-expression character classes, or str
    predicates such as str.isupper), as one bit each: a table for ASCII, and each other distinct character of the
    text looked up once. Counting a class over many blocks is then a sum over arrays, not a regex scan per block.

    The bits of a character depend on it alone, so those of the Basic Multilingual Plane are kept once found (a
    table of 2**16, filled as texts bring new characters: the regular expressions ran for the same few quotes and
    dashes on every page); texts with astral characters take `of_each`, the specification, which keeps nothing."""

    def __init__(self, classes: dict[str, str | Callable[[str], bool]]) -> None:
        if len(classes) > 31:
            raise ValueError("at most 31 character classes")  # the 32nd bit marks a character not yet classified
        self.classes = classes
        self.bit = {name: 1 << i for i, name in enumerate(classes)}
        self._ascii = self._classify("".join(map(chr, range(128))))
        self._plane = np.full(0x10000, _UNCLASSIFIED, dtype=np.uint32)
        self._plane[:128] = self._ascii

    def of(self, text: str) -> np.ndarray:
        """The class bits of every character of ``text``: `of_each`, the characters met before read from a table.
        Threads may fill it at once: each writes the same bits for a character. Once the table holds every
        character of the text, it is read by the compiled loop when it is built (`boilerfree._features.plane_bits`:
        one pass, where numpy encoded the text and made a few arrays of it)."""
        if _features is not None:
            bits = _features.plane_bits(text, self._plane, _UNCLASSIFIED)
            if bits is not None:
                return bits
        points = _code_points(text)
        if not points.size or points.max() > 0xFFFF:
            return self.of_each(text)
        bits = self._plane[points]
        unknown = np.flatnonzero(bits == _UNCLASSIFIED)
        if unknown.size:
            distinct = np.unique(points[unknown])
            self._plane[distinct] = self._classify(distinct.tobytes().decode("utf-32-le", "surrogatepass"))
            bits[unknown] = self._plane[points[unknown]]
        return bits

    def of_each(self, text: str) -> np.ndarray:
        """The class bits of every character of ``text``: ASCII from a table, each other distinct character
        classified (`_classify`)."""
        points = _code_points(text)
        bits = self._ascii[np.minimum(points, 127)]
        wide = np.flatnonzero(points > 127)
        if wide.size:
            distinct, where = np.unique(points[wide], return_inverse=True)
            bits[wide] = self._classify(distinct.tobytes().decode("utf-32-le", "surrogatepass"))[where]
        return bits

    def _classify(self, chars: str) -> np.ndarray:
        """The bits of each of ``chars`` (distinct characters). A pattern replaces its members by a character that
        ``chars`` lacks (chr(128) for the ASCII table, else NUL: never a backslash, which sub would read)."""
        free = next(c for c in map(chr, count()) if c not in chars)
        bits = np.zeros(len(chars), dtype=np.uint32)
        for name, test in self.classes.items():
            if isinstance(test, str):
                marked = re.sub(test, free, chars)
                if len(marked) != len(chars):
                    raise ValueError(f"character class {name!r} must match single characters: {test!r}")
                members = _code_points(marked) == ord(free)
            else:
                members = np.fromiter(map(test, chars), dtype=bool, count=len(chars))
            bits[members] |= self.bit[name]
        return bits


_UNCLASSIFIED = np.uint32(1 << 31)  # `CharacterClasses._plane`: a character not classified yet


def _code_points(text: str) -> np.ndarray:
    return np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)


class JoinedTexts:
    """Texts, each followed by "\\n", with the class bits of every character: what the features of all blocks of a
    page count at once. "\\n" must be whitespace only, in no other class, for counts that look past a block's end."""

    def __init__(self, texts: list[str], classes: CharacterClasses) -> None:
        self.joined = "\n".join(texts) + "\n"
        self.classes = classes
        self.bits = classes.of(self.joined)
        self.lengths = np.fromiter(map(len, texts), dtype=np.int64, count=len(texts))
        self.ends = np.cumsum(self.lengths + 1) - 1  # where each text's "\n" is
        self.starts = self.ends - self.lengths
        self._bounds: dict[int | None, tuple[np.ndarray, np.ndarray]] = {}  # head -> reduceat bounds, empty texts

    def has(self, name: str) -> np.ndarray:
        return (self.bits & self.classes.bit[name]) != 0

    def count(self, mask: np.ndarray, head: int | None = None) -> np.ndarray:
        """Positions of ``mask`` (one per character) in each text, or in its first ``head`` characters. Sums over
        [start, end) and the ignored [end, next start), which is never empty; an empty text counts 0. The bounds
        of a head are computed once a page."""
        known = self._bounds.get(head)
        if known is None:
            ends = self.ends if head is None else self.starts + np.minimum(self.lengths, head)
            known = self._bounds[head] = (
                np.column_stack([self.starts, ends]).ravel(),
                np.flatnonzero(ends <= self.starts),
            )
        bounds, empty = known
        sums = np.add.reduceat(mask, bounds, dtype=np.int64)[::2]
        if empty.size:
            sums[empty] = 0
        return sums

    def matching(self, pattern: re.Pattern[str]) -> np.ndarray:
        """Does a search of each text find ``pattern``, for a pattern whose matches never hold a "\\n"?"""
        found = np.zeros(len(self.lengths), dtype=bool)
        found[np.searchsorted(self.ends, [m.start() for m in pattern.finditer(self.joined)])] = True
        return found


def shifted(mask: np.ndarray, offset: int, beyond: bool = False) -> np.ndarray:
    """mask[i - offset] at i (``beyond`` past the ends): offset 1 reads the previous character, -1 the next."""
    out = np.full_like(mask, beyond)
    if offset > 0:
        out[offset:] = mask[:-offset]
    else:
        out[:offset] = mask[-offset:]
    return out


# "mark": the class [MARKS] as a set (a pattern of the class costs 1 ms to compile at import)
_MARK_SET = frozenset(chr(code) for first, last in MARK_RANGES for code in range(first, last + 1))
_WORD_CLASSES = CharacterClasses({"word": r"\w", "mark": _MARK_SET.__contains__, "cjk": _CJK.pattern})


def word_counts(texts: list[str]) -> list[int]:
    """Words of each block: a \\w character and the \\w characters and combining marks after it (as
    ``len(WORD.findall(text))``); Chinese and Japanese are written without spaces, so two ideographs or kana count as
    one word there (the average word length of both languages is close to two characters)."""
    if not texts:
        return []
    joined = JoinedTexts(texts, _WORD_CLASSES)
    word = joined.has("word")
    mark = joined.has("mark")
    if mark.any():  # a mark is in the word of the last character before it that is no mark, when that is \w
        last = np.maximum.accumulate(np.where(mark, -1, np.arange(len(mark))))
        word |= mark & (last >= 0) & word[last]
    runs = joined.count(word & ~shifted(word, 1))
    return (runs + joined.count(joined.has("cjk")) // 2).tolist()


_CLASS_TOKEN = re.compile(r"[a-z]+")
_CAMEL = re.compile(r"(?<=[a-z])(?=[A-Z])")

BLOCK_TAGS = frozenset(
    "html body div p li ul ol dl dt dd td th tr table thead tbody tfoot caption h1 h2 h3 h4 h5 h6 blockquote pre "
    "section article header footer nav aside main figure figcaption form fieldset legend address details summary "
    "dialog hr center option menu".split()
)
# <noscript> is read, not skipped: Discourse and other forums serve their posts inside it. <title> is no text of the
# page wherever it is (browsers hide it): an HTML5 parser puts it in the body when the head ended early (`head_titles`).
SKIP_TAGS = frozenset(
    "head title script style template svg math iframe object embed canvas select video audio map frameset "
    "textarea".split()
)
HEADING_LEVEL = {"h1": 1, "h2": 2, "h3": 3, "h4": 4, "h5": 5, "h6": 6}

# Region flags, inherited from ancestors: a bit is set for a block when any ancestor (or itself) has it.
FLAG_ARTICLE = 1  # <article>, <main>, role=main, itemprop=articleBody
FLAG_NAV = 2  # <nav>, role=navigation, <menu>
FLAG_HEADER = 4  # <header>, role=banner
FLAG_FOOTER = 8  # <footer>, role=contentinfo
FLAG_ASIDE = 16  # <aside>, role=complementary
FLAG_FORM = 32  # <form>, <button>
FLAG_LIST = 64  # <li>, <dd>, <dt>
FLAG_TABLE = 128  # <td>, <th>
FLAG_SCHEMA_PAYWALL = 256  # matches a schema.org isAccessibleForFree=false cssSelector
FLAG_LINK = 512  # inside an <a>, or 80% or more of the text is link text
FLAG_QUOTE = 1024  # <blockquote>, <q>
FLAG_FIGURE = 2048  # <figure>, <figcaption>
FLAG_HIDDEN = 4096  # hidden, aria-hidden=true, display:none or visibility:hidden on the element or an ancestor
FLAGS = {
    "article": FLAG_ARTICLE, "nav": FLAG_NAV, "header": FLAG_HEADER, "footer": FLAG_FOOTER, "aside": FLAG_ASIDE,
    "form": FLAG_FORM, "list": FLAG_LIST, "table": FLAG_TABLE, "schema_paywall": FLAG_SCHEMA_PAYWALL,
    "link": FLAG_LINK, "quote": FLAG_QUOTE, "figure": FLAG_FIGURE, "hidden": FLAG_HIDDEN,
}  # fmt: skip
_TAG_FLAGS = {
    "article": FLAG_ARTICLE, "main": FLAG_ARTICLE, "nav": FLAG_NAV, "menu": FLAG_NAV, "header": FLAG_HEADER,
    "footer": FLAG_FOOTER, "aside": FLAG_ASIDE, "form": FLAG_FORM, "button": FLAG_FORM, "li": FLAG_LIST,
    "dd": FLAG_LIST, "dt": FLAG_LIST, "td": FLAG_TABLE, "th": FLAG_TABLE, "a": FLAG_LINK, "blockquote": FLAG_QUOTE,
    "q": FLAG_QUOTE, "figure": FLAG_FIGURE, "figcaption": FLAG_FIGURE,
}  # fmt: skip
_ROLE_FLAGS = {
    "main": FLAG_ARTICLE,
    "article": FLAG_ARTICLE,
    "navigation": FLAG_NAV,
    "menu": FLAG_NAV,
    "menubar": FLAG_NAV,
    "banner": FLAG_HEADER,
    "contentinfo": FLAG_FOOTER,
    "complementary": FLAG_ASIDE,
}
_ARTICLE_ITEMPROPS = ("articlebody", "text", "reviewbody")  # itemprop values (lower-cased) of FLAG_ARTICLE
_SCHEMA_SELECTOR = re.compile(r'"cssSelector"\s*:\s*"([^"]{1,200})"')
_SCHEMA_NOT_FREE = re.compile(r'"isAccessibleForFree"\s*:\s*"?(false|False)"?')
_SENTENCE_END = re.compile(r"[.!?:;。！？…\"'”»)]\s*$")
_PARTICLE_END = re.compile(r"[^\s。！？][のをがにでへや]$")
_CJK_START = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff]")
_CJK_ONLY = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff]+$")


@dataclass(slots=True)
class Segment:
    """One text block before classification, with what the features need."""

    text: str
    index: int
    owner: int = -1  # index of the block-level element holding the text (Page.elements), -1 in text mode
    tag: str = ""  # tag of that element
    words: int = 0
    link_chars: int = 0
    heading: int = 0  # 1..6 for h1..h6, else 0
    flags: int = 0  # FLAG_* bits of the element and its ancestors
    blank_before: bool = False  # text mode: a blank line precedes this block


@dataclass
class Elements:
    """Every element the walk opened, as parallel lists (cheaper than one object each)."""

    tag: list[str] = field(default_factory=list)
    parent: list[int] = field(default_factory=list)
    tokens: list[tuple[str, ...]] = field(default_factory=list)  # class/id/role/itemprop tokens of the element
    words: list[int] = field(default_factory=list)  # words of the element's subtree
    link_words: list[int] = field(default_factory=list)
    blocks: list[int] = field(default_factory=list)  # blocks in the subtree
    flags: list[int] = field(default_factory=list)  # FLAG_* bits of the element and its ancestors

    def ancestors(self, index: int, limit: int = 64) -> list[int]:
        """``index`` and its ancestors, nearest first."""
        parent = self.parent
        out = []
        for _ in range(limit):
            if index < 0:
                break
            out.append(index)
            index = parent[index]
        return out

    def ancestor_tokens(self, index: int, limit: int = 8) -> set[str]:
        """Class/id tokens of ``index`` and its ``limit - 1`` nearest ancestors, together."""
        tokens: set[str] = set()
        for a in self.ancestors(index, limit):
            tokens.update(self.tokens[a])
        return tokens

    def path(self, index: int, limit: int = 64) -> list[str]:
        """Tag path from the root down to ``index``."""
        return [self.tag[i] for i in reversed(self.ancestors(index, limit))]


@dataclass
class Page:
    """A segmented document: the blocks in document order, plus the element table for HTML."""

    format: str
    segments: list[Segment]
    elements: Elements | None = None
    titles: tuple[str, ...] = ()  # <title>, og:title, twitter:title (HTML only): where the headline is named
    extracted: bool = False  # text that an extractor already reduced to the main content (format="extracted")

    @property
    def total_words(self) -> int:
        return sum(s.words for s in self.segments)


@dataclass(frozen=True)
class Block:
    """A classified block: what `boilerfree.classify` returns."""

    text: str
    label: str
    score: float  # P(content)
    probabilities: dict[str, float]
    index: int
    tag_path: str = ""  # e.g. "html/body/div/article/p"; empty in text mode

    @property
    def is_content(self) -> bool:
        return self.label == "content"


def segment(doc: Document, limits: Limits | None = None) -> Page:
    """Split a document into blocks: DOM text blocks for HTML, lines/paragraphs for text."""
    limits = resolve(limits)
    if doc.format == "text":
        page = segment_text(doc.text, limits.max_blocks)
        page.extracted = doc.extracted
        return page
    if doc.root is None:
        return Page("html", [], Elements())
    return segment_html(doc.root, limits.max_blocks, limits.max_depth, limits.max_elements)


def _too_many_blocks(max_blocks: int) -> LimitError:
    return LimitError(
        f"the page has more than {max_blocks:,} blocks; raise the limit with limits=Limits(max_blocks=...) or "
        "BOILERFREE_MAX_BLOCKS"
    )


def _too_many_elements(max_elements: int) -> LimitError:
    return LimitError(
        f"the page has more than {max_elements:,} elements; raise the limit with limits=Limits(max_elements=...) or "
        "BOILERFREE_MAX_ELEMENTS"
    )


def segment_text(text: str, max_blocks: int = Limits.max_blocks) -> Page:
    """Lines become blocks; the lines of one hard-wrapped paragraph are joined back together."""
    segments: list[Segment] = []
    blank = True
    current: list[str] = []
    current_blank = True

    def flush() -> None:
        if current:
            if len(segments) >= max_blocks:
                raise _too_many_blocks(max_blocks)
            joined = " ".join(current)
            segments.append(Segment(joined, len(segments), blank_before=current_blank))
            current.clear()

    for raw in text.splitlines():
        line = " ".join(raw.split())
        if not line:
            flush()
            blank = True
            continue
        if current and _continues(current[-1], line, len(current) > 1):
            current.append(line)
        else:
            flush()
            current.append(line)
            current_blank = blank
        blank = False
    flush()
    for seg, words in zip(segments, word_counts([seg.text for seg in segments])):
        seg.words = words
    return Page("text", segments)


def _continues(previous: str, line: str, chained: bool = False) -> bool:
    """A hard-wrapped line: the previous one is long and unfinished, this one starts in lower case.

    Or Japanese text that an extractor broke at inline elements (ruby readings, links; trafilatura's output of a
    Yomiuri article: one sentence on five lines): this line goes on in CJK script, and the previous one ends in a
    particle (の, を, に, ...), which a sentence does not end in (は and と are left out: headlines end in 〜とは), or
    is a short CJK fragment inside such a run."""
    if len(previous) >= 40 and line[0].islower() and not _SENTENCE_END.search(previous):
        return True
    if not _CJK_START.match(line):
        return False
    if len(previous) >= 6 and _PARTICLE_END.search(previous):
        return True
    return chained and len(previous) <= 8 and _CJK_ONLY.match(previous) is not None


def _schema_paywall_selectors(root: LexborNode) -> tuple[set[str], set[str]]:
    """Classes and ids named by schema.org ``isAccessibleForFree: false`` + ``cssSelector`` markup (Google's
    paywalled-content structured data)."""
    return _paywall_selectors(script_texts(root, _LD_JSON))


def _paywall_selectors(texts: list[str]) -> tuple[set[str], set[str]]:
    """`_schema_paywall_selectors` from the texts of the page's ld+json scripts."""
    classes: set[str] = set()
    ids: set[str] = set()
    for text in texts:
        if not _SCHEMA_NOT_FREE.search(text):
            continue
        for selector in _SCHEMA_SELECTOR.findall(text):
            for part in selector.split(","):
                for name in re.findall(r"([.#])([\w-]+)", part):
                    (classes if name[0] == "." else ids).add(name[1])
    return classes, ids


_LD_JSON = "application/ld+json"


def root_element(tree: LexborHTMLParser | LexborNode) -> LexborNode:
    """The element a walk starts at: the ``<html>`` element of a parsed page (`document.parse_html`), or the
    element given. Anything else (a text node, a comment, another library's tree) raises ValueError or TypeError."""
    node = tree.root if isinstance(tree, LexborHTMLParser) else tree
    if not isinstance(node, LexborNode):
        raise TypeError(f"a Lexbor tree or element is needed, not {type(tree).__name__}")
    if not node.is_element_node:
        raise ValueError(f"the walk starts at an element, not a {node.tag or 'node'}")
    return node


def _texts_of(node: LexborNode) -> str | None:
    """lxml's ``.text`` over Lexbor's children: the data of the text nodes before the first other child, joined;
    None when there are none or they are empty."""
    texts = []
    child = node.first_child
    while child is not None and child.is_text_node:
        data = child.text_content
        if data:
            texts.append(data)
        child = child.next
    return "".join(texts) if texts else None


def _first_element(node: LexborNode | None) -> LexborNode | None:
    """``node`` or the first element among its next siblings (text and comments skipped); None if there is none."""
    while node is not None and not node.is_element_node:
        node = node.next
    return node


def _document_order(top: LexborNode):
    """``top`` and the elements under it, in document order (a loop, not recursion: no depth overflows it)."""
    top_id = top.mem_id
    node = top
    while True:
        yield node
        child = _first_element(node.first_child)
        if child is not None:
            node = child
            continue
        while True:
            if node.mem_id == top_id:
                return
            sibling = _first_element(node.next)
            if sibling is not None:
                node = sibling
                break
            node = node.parent


def script_texts(root: LexborNode, script_type: str) -> list[str]:
    """The text of every ``<script>`` whose type attribute, lower-cased, is ``script_type`` (and whose text is not
    empty), in document order; the specification of ``boilerfree._walk.script_texts``."""
    texts = []
    for el in _document_order(root_element(root)):
        if el.tag == "script" and (el.attributes.get("type") or "").lower() == script_type:
            text = _texts_of(el)
            if text:
                texts.append(text)
    return texts


def _attribute_tokens(
    cls: str | None, ident: str | None, role: str | None, itemprop: str | None
) -> tuple[tuple[str, ...], int, str, str]:
    """Class/id tokens (Dragnet-style), region flags from role/itemprop, the class attribute and the id, from an
    element's class, id, role and itemprop attributes."""
    flags = 0
    tokens: list[str] = []
    for value in (cls, ident):
        if value:
            lowered = value.lower()  # no upper-case letter, no camelCase boundary to split at
            tokens.extend(_CLASS_TOKEN.findall(lowered if lowered == value else _CAMEL.sub(" ", value).lower()))
    if role:
        flags |= _ROLE_FLAGS.get(role.lower(), 0)
        tokens.append("role_" + role.lower())
    if itemprop:
        if itemprop.lower() in _ARTICLE_ITEMPROPS:
            flags |= FLAG_ARTICLE
        tokens.append("itemprop_" + itemprop.lower())
    return tuple(dict.fromkeys(tokens)), flags, cls or "", ident or ""


def _hidden_by_style(style: str) -> bool:
    """Does an inline style hide the element (display:none, visibility:hidden)?"""
    if "none" in style or "hidden" in style:
        compact = style.replace(" ", "").lower()
        return "display:none" in compact or "visibility:hidden" in compact
    return False


_TITLE_META = frozenset(("og:title", "twitter:title", "title"))


def page_titles(root: LexborNode) -> tuple[str, ...]:
    """The page's own names for itself: ``<title>`` and the og:/twitter: title metas of ``<head>``. The headline
    block repeats one of them (trafilatura and Readability read the title from the same places)."""
    titles = head_titles(root) if _compiled is None else _compiled.head_titles(root, _TITLE_META)
    return tuple(dict.fromkeys(t for t in (" ".join(x.split())[:500] for x in titles) if t))


def head_titles(root: LexborNode) -> list[str]:
    """The text of every ``<title>`` and the content of every title meta among the children of ``<head>``, then of
    ``<body>``, in document order: an HTML5 parser ends the head at the first element that does not belong there
    (an ``<img>`` in a ``<noscript>``, say) and puts the rest of the head's elements in the body, where a browser
    still reads the title. The specification of ``boilerfree._walk.head_titles`` (which reads Lexbor's nodes rather
    than making a proxy object of every child)."""
    root = root_element(root)
    if root.tag != "html":
        return []
    titles: list[str] = []
    part = root.first_child
    while part is not None:
        if part.tag in ("head", "body"):
            el = part.first_child
            while el is not None:
                tag = el.tag if el.is_element_node else ""
                if tag == "title":
                    text = _texts_of(el)
                    if text:
                        titles.append(text)
                elif tag == "meta":
                    attrs = el.attributes
                    if (attrs.get("property") or attrs.get("name") or "").lower() in _TITLE_META:
                        titles.append(attrs.get("content") or "")
                el = el.next
        part = part.next
    return titles


def segment_html(
    root: LexborHTMLParser | LexborNode,
    max_blocks: int = Limits.max_blocks,
    max_depth: int = Limits.max_depth,
    max_elements: int = Limits.max_elements,
) -> Page:
    """One pass over the tree (`walk_tree`, or the same walk compiled, `boilerfree._walk`), then the words of every
    block and element, counted all at once (the compiled walk counts a block's words as it makes the text, and adds
    up the subtrees at its end). ``root``: a parsed page (`document.parse_html`) or an element of one."""
    root = root_element(root)
    elements = Elements()
    if _compiled is not None:
        # the walk reads the ld+json scripts as it goes; the selectors they name flag the elements they match, so
        # a page that has some (3 pages in 100) is walked again, knowing them
        scripts: list[str] = []
        segments = _compiled_walk(root, elements, set(), set(), max_blocks, max_depth, max_elements, scripts)
        paywall_classes, paywall_ids = _paywall_selectors(scripts)
        if paywall_classes or paywall_ids:
            elements = Elements()
            segments = _compiled_walk(root, elements, paywall_classes, paywall_ids, max_blocks, max_depth, max_elements)
    else:
        paywall_classes, paywall_ids = _schema_paywall_selectors(root)
        segments = walk_tree(root, elements, paywall_classes, paywall_ids, max_blocks, max_depth, max_elements)
        _count_words(segments, elements)
    return Page("html", segments, elements, page_titles(root))


def _compiled_walk(
    root: LexborNode,
    elements: Elements,
    paywall_classes: set[str],
    paywall_ids: set[str],
    max_blocks: int,
    max_depth: int,
    max_elements: int,
    scripts: list[str] | None = None,
) -> list[Segment]:
    """`boilerfree._walk.walk` with this module's tables; ``scripts``: a list that it fills with the page's ld+json
    script texts (`script_texts`)."""
    return _compiled.walk(
        root, elements, paywall_classes, paywall_ids, max_blocks, max_depth, max_elements,
        _TAG_KINDS, _TAG_FLAGS, HEADING_LEVEL, _attribute_tokens, _hidden_by_style, Segment,
        _too_many_blocks, _too_many_elements, FLAG_LINK, FLAG_HIDDEN, FLAG_SCHEMA_PAYWALL, _ROLE_FLAGS,
        _ARTICLE_ITEMPROPS, FLAG_ARTICLE, _LD_JSON, scripts,
    )  # fmt: skip


def walk_tree(
    root: LexborNode,
    elements: Elements,
    paywall_classes: set[str],
    paywall_ids: set[str],
    max_blocks: int = Limits.max_blocks,
    max_depth: int = Limits.max_depth,
    max_elements: int = Limits.max_elements,
) -> list[Segment]:
    """The blocks of the tree, in document order, and its element table (filled into ``elements``; words are
    counted later); text is attached to the innermost open block-level element. The loop runs for every start and
    end of an element and for every text node (in document order: Lexbor's tree, as the DOM, holds text as nodes),
    so it reads each element's attributes in one call and skips whitespace that would be collapsed away. Comments,
    processing instructions and doctypes are passed over. This is the specification of the compiled walk
    (`boilerfree._walk`), which must give the same segments and table (tests/test_speed_walk.py)."""
    top = root_element(root)
    segments: list[Segment] = []
    schema_paywall = bool(paywall_classes or paywall_ids)
    # (class, id, role, itemprop) -> _attribute_tokens: a page repeats a few class names on hundreds of elements
    attributes: dict[tuple[str | None, ...], tuple[tuple[str, ...], int, str, str]] = {}
    open_elements: list[int] = []  # element indices of the open path (-1 skipped, -2 too deep)
    owners: list[int] = []  # open block-level elements
    parts: list[str] = []
    link_chars = 0
    link_depth = 0
    element_tag, element_flags = elements.tag, elements.flags
    element_parent, element_tokens = elements.parent, elements.tokens

    def flush() -> None:
        """The text gathered since the last block boundary becomes a block (called when ``parts`` holds some)."""
        nonlocal link_chars
        text = " ".join("".join(parts).split())
        parts.clear()
        if text:
            if len(segments) >= max_blocks:
                raise _too_many_blocks(max_blocks)
            owner = owners[-1]
            tag = element_tag[owner]
            link = min(link_chars, len(text))
            flags = element_flags[owner] | (FLAG_LINK if link >= 0.8 * len(text) else 0)
            segments.append(Segment(text, len(segments), owner, tag, 0, link, HEADING_LEVEL.get(tag, 0), flags))
        link_chars = 0

    def start(el: LexborNode) -> bool:
        """An element's start: recorded, or skipped; True to walk its children."""
        nonlocal link_depth
        tag = el.tag.lower()
        if tag in SKIP_TAGS:
            open_elements.append(-1)  # a placeholder so the matching end pops something
            return False
        attrs = el.attributes  # {name: value, None for a value-less attribute}, the first of a repeated name
        if not attrs:
            hidden = False
            key = _NO_ATTRIBUTES
        else:
            get = attrs.get
            style = get("style")
            hidden = (
                "hidden" in attrs or get("aria-hidden") == "true" or (style is not None and _hidden_by_style(style))
            )
            key = (get("class"), get("id"), get("role"), get("itemprop"))
        if hidden and tag not in BLOCK_TAGS:  # hidden inline text would join a shown block
            open_elements.append(-1)
            return False
        if len(open_elements) >= max_depth:  # too deep: its text joins the block above, as inline text
            open_elements.append(-2)
            if tag in BLOCK_TAGS or tag == "br":
                parts.append(" ")
            return True
        known = attributes.get(key)
        if known is None:
            known = attributes[key] = _attribute_tokens(*key)
        tokens, flags, cls, ident = known
        parent = open_elements[-1] if open_elements else -1
        flags |= _TAG_FLAGS.get(tag, 0)
        if hidden:  # a hidden block is kept, flagged: gated article bodies and closed tabs hold main text too
            flags |= FLAG_HIDDEN
        if schema_paywall and (
            (cls and not paywall_classes.isdisjoint(cls.split())) or (paywall_ids and ident in paywall_ids)
        ):
            flags |= FLAG_SCHEMA_PAYWALL
        index = len(element_tag)
        if index >= max_elements:
            raise _too_many_elements(max_elements)
        element_tag.append(tag)
        element_flags.append(flags | (element_flags[parent] if parent >= 0 else 0))
        element_parent.append(parent)
        element_tokens.append(tokens)
        is_block = tag in BLOCK_TAGS
        if parts and (is_block or tag == "br"):
            flush()
        if tag == "a":
            link_depth += 1
        open_elements.append(index)
        if is_block or not owners:
            owners.append(index)
        return True

    def end(el: LexborNode) -> None:
        nonlocal link_depth
        index = open_elements.pop()
        if index >= 0:
            if owners[-1] == index:
                if parts:
                    flush()
                owners.pop()
            if element_tag[index] == "a":
                link_depth -= 1
        elif index == -2 and el.tag.lower() in BLOCK_TAGS:
            parts.append(" ")

    top_id = top.mem_id
    node = top
    while True:
        child = None
        if node.is_element_node:
            if start(node):
                child = node.first_child
        elif node.is_text_node:
            text = node.text_content
            # whitespace before a block's text would be collapsed away (and counts no link characters)
            if text and (parts or not text.isspace()):
                parts.append(text)
                if link_depth:
                    link_chars += len(text.strip())
        if child is not None:
            node = child
            continue
        while True:  # the end of node and of every ancestor it closes, up to the next sibling
            if node.is_element_node:
                end(node)
            if node.mem_id == top_id:
                if owners and parts:
                    flush()
                return segments
            sibling = node.next
            if sibling is not None:
                node = sibling
                break
            node = node.parent


_NO_ATTRIBUTES = (None, None, None, None)  # the class, id, role and itemprop of an element without attributes
# the attributes the walk reads but class: an element with one attribute that is none of these has nothing hidden
_READ_ALONE = frozenset(("id", "role", "itemprop", "hidden", "aria-hidden", "style"))


def _count_words(segments: list[Segment], elements: Elements) -> None:
    """The words of every block, then the words, link words and blocks of every element's subtree (an element's
    parent comes before it in the table, so one pass from the end adds every subtree into its parent)."""
    n = len(elements.tag)
    words, link_words, blocks = [0] * n, [0] * n, [0] * n
    for seg, n_words in zip(segments, word_counts([seg.text for seg in segments])):
        seg.words = n_words
        owner = seg.owner
        words[owner] += n_words
        blocks[owner] += 1
        if seg.link_chars:  # the share of the text in links (link_chars is at most its length)
            link_words[owner] += round(n_words * min(1.0, seg.link_chars / len(seg.text)))
    parents = elements.parent
    for index in reversed(range(n)):
        parent = parents[index]
        if parent >= 0:
            if words[index]:
                words[parent] += words[index]
                link_words[parent] += link_words[index]
            if blocks[index]:
                blocks[parent] += blocks[index]
    elements.words, elements.link_words, elements.blocks = words, link_words, blocks


_compiled = compiled("_walk")  # None: the Python walk (`speedups`)
_features = compiled("_features")  # CharacterClasses.of's table read (None: numpy's)
# the KIND_* bits of every tag the compiled walk must tell apart (all others: 0)
_TAG_KINDS = (
    {tag: _compiled.kind_of_tag(tag, BLOCK_TAGS, SKIP_TAGS) for tag in BLOCK_TAGS | SKIP_TAGS | {"br", "a"}}
    if _compiled is not None
    else {}
)
