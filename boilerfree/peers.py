"""Peer extractors for `boilerfree evaluate --compare`: each name gives an ``html -> text`` callable.

Peers are optional (``pip install boilerfree[compare]``) and imported only when asked for, so a missing one costs
nothing until it is named, and then only a one-line notice. Settings follow what each project documents for main
text extraction: no comments, tables kept; jusText with the stop words of every language it ships.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import TextIO

from .errors import InputError

Extractor = Callable[[str], str]


def _trafilatura() -> Extractor:
    from trafilatura import extract

    def run(html: str) -> str:
        return extract(html, include_comments=False, include_tables=True, include_formatting=False) or ""

    return run


def _justext() -> Extractor:
    import justext

    # the page's language is unknown: every stop list together, as trafilatura's fallback to jusText does
    stoplist = frozenset(word for language in justext.get_stoplists() for word in justext.get_stoplist(language))

    def run(html: str) -> str:
        paragraphs = justext.justext(html.encode("utf-8"), stoplist, encoding="utf-8")
        return "\n".join(p.text for p in paragraphs if not p.is_boilerplate)

    return run


def _readability() -> Extractor:
    from readability import Document as ReadabilityDocument

    from .blocks import segment
    from .document import load_document

    def run(html: str) -> str:
        summary = ReadabilityDocument(html).summary(html_partial=True)
        # readability returns HTML: cut it into lines with our own segmenter, as boilerfree's output is cut
        return "\n".join(s.text for s in segment(load_document(summary, "html")).segments) if summary.strip() else ""

    return run


def _resiliparse() -> Extractor:
    from resiliparse.extract.html2text import extract_plain_text

    def run(html: str) -> str:
        return extract_plain_text(html, main_content=True)

    return run


def _boilerpy3() -> Extractor:
    from boilerpy3 import extractors

    extractor = extractors.ArticleExtractor(raise_on_failure=False)

    def run(html: str) -> str:
        return extractor.get_content(html) or ""

    return run


PEERS: dict[str, Callable[[], Extractor]] = {
    "trafilatura": _trafilatura,
    "justext": _justext,
    "readability": _readability,
    "resiliparse": _resiliparse,
    "boilerpy3": _boilerpy3,
}
PACKAGES = {"readability": "readability-lxml"}  # pip names that differ from ours


def load_peers(names: list[str], notices: TextIO | None = None) -> dict[str, Extractor]:
    """The extractors of the named peers that are installed, in the order given; each missing one is skipped with a
    one-line notice on ``notices`` (default: stderr). An unknown name raises InputError naming the known ones."""
    unknown = [n for n in names if n not in PEERS]
    if unknown:
        raise InputError(f"unknown peer {', '.join(map(repr, unknown))}; known peers: {', '.join(PEERS)}")
    loaded: dict[str, Extractor] = {}
    for name in dict.fromkeys(names):
        try:
            loaded[name] = PEERS[name]()
        except ImportError:
            print(f"boilerfree: {name} is not installed, skipped (pip install {PACKAGES.get(name, name)} or "
                  "'boilerfree[compare]')", file=notices or sys.stderr)  # fmt: skip
    return loaded
