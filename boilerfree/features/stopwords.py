"""Stop-word lists for many languages (stopwords-iso, via the maintained `stopwordsiso` package).

jusText's key signal is stop-word density (Pomikálek 2011): prose is full of function words, menus are not. The page's
language is guessed as the list that covers most of its words, then each block is measured against that list.
"""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Iterable
from functools import cache
from itertools import islice

from ..hashing import _compiled

_lock = threading.Lock()
_languages_by_word: dict[str, tuple[str, ...]] | None = None


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
