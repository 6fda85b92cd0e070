"""Stop-word lists for many languages (stopwords-iso, via the maintained `stopwordsiso` package).

jusText's key signal is stop-word density (Pomikálek 2011): prose is full of function words, menus are not. The page's
language is guessed as the list that covers most of its words, then each block is measured against that list.
"""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Iterable
from functools import cache
from itertools import chain, islice
from typing import TYPE_CHECKING

from ..hashing import _compiled

if TYPE_CHECKING:
    from .._features import PageWords

_lock = threading.Lock()
_languages_by_word: dict[str, tuple[str, ...]] | None = None
_numbered: tuple[tuple[str, ...], dict[str, tuple[int, ...]]] | None = None
_stop_index = None  # the compiled table of _numbered_index (`boilerfree._features.StopIndex`)


def _index() -> dict[str, tuple[str, ...]]:
    global _languages_by_word
    if _languages_by_word is None:
        with _lock:
            if _languages_by_word is None:
                import stopwordsiso

                index: dict[str, list[str]] = {}
                for lang in sorted(stopwordsiso.langs()):
                    for word in stopwordsiso.stopwords(lang):
                        index.setdefault(word.lower(), []).append(lang)
                _languages_by_word = {w: tuple(langs) for w, langs in index.items()}
    return _languages_by_word


def _numbered_index() -> tuple[tuple[str, ...], dict[str, tuple[int, ...]]]:
    """The languages of `_index`, sorted, and every stop word's languages as their numbers there (in the order of
    its tuple): the index of the compiled words (`stop_index`), which add up numbers in an array rather than names
    in a dict."""
    global _numbered
    if _numbered is None:
        index = _index()
        with _lock:
            if _numbered is None:
                langs = tuple(sorted({lang for word_langs in index.values() for lang in word_langs}))
                number = {lang: i for i, lang in enumerate(langs)}
                _numbered = langs, {w: tuple(number[lang] for lang in word_langs) for w, word_langs in index.items()}
    return _numbered


def stop_index():
    """`_numbered_index` as the compiled words look their words up in it (`boilerfree._features.StopIndex`: a table
    keyed by the hash of a word's UTF-8), built once; None when the compiled module is not built."""
    global _stop_index
    if _compiled is None:
        return None
    if _stop_index is None:
        langs, numbers = _numbered_index()
        with _lock:
            if _stop_index is None:
                _stop_index = _compiled.StopIndex(numbers, langs)
    return _stop_index


@cache
def stopword_set(lang: str) -> frozenset[str]:
    """The stop words of one language ('' gives the empty set)."""
    if not lang:
        return frozenset()
    import stopwordsiso

    return frozenset(w.lower() for w in stopwordsiso.stopwords(lang))


def guess_language(words: Iterable[str], sample: int = 3000) -> str:
    """The language whose stop-word list covers most of ``words`` ('' when none does). Each distinct word is looked
    up once, in order of first occurrence, so the counts and their tie order are those of a word-by-word count."""
    index = _index()
    if _compiled is not None:  # the loop below, compiled (`boilerfree._features.most_covering`)
        return _compiled.most_covering(Counter(islice(words, sample)), index)
    counts: Counter[str] = Counter()
    for word, occurrences in Counter(islice(words, sample)).items():
        langs = index.get(word)
        if langs:
            for lang in langs:
                counts[lang] += occurrences
    return counts.most_common(1)[0][0] if counts else ""


def guess_language_of_blocks(words: list[list[str]] | PageWords, sample: int = 3000) -> str:
    """`guess_language` of the blocks' words (``words``: one list per block, read in order), by the compiled words
    when they are those (`boilerfree._features.PageWords.language`: word by word, each word's stop-word entry found
    as the words were split, without the Counter)."""
    if not isinstance(words, list):
        return words.language(sample)
    return guess_language(chain.from_iterable(words), sample)
