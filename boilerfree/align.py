"""Block labels from page-level truth: gold main-content text, with/without snippets, or block-labelled rows.

Gold alignment is by *ordered* match, not bag of words: a block is content when most of its word trigrams occur
in the gold text (so a menu made of words that the article also uses is not), boilerplate when few do, and left
out of training when in between (Dragnet and Web2Text label by alignment with the gold in the same spirit).
Short blocks (under three words) count as content only when they equal a gold line, and as boilerplate only when
some of their words never occur in the gold.

Three corrections keep corpus conventions from teaching the model what boilerfree's labels do not mean:
- The headline is content (`labels.py`), but some gold texts leave it out (WCXB's do on most pages, fundus' never):
  a headline the alignment calls boilerplate is left out of training instead.
- A text the page repeats (the headline again in a breadcrumb or a teaser list) matches the gold every time, but
  the gold holds it once, and token F1 counts the second copy as noise: copies beyond the gold's count are left out.
- Readers' comments are boilerplate (`labels.py`: other), but CleanEval's annotators kept them under the blog posts
  (97% of the words in comment sections are in its gold; fundus': 13%). On a page with an article outside its
  comment section (COMMENT_ARTICLE_WORDS), comment blocks the gold holds are left out. A forum thread, whose posts
  are its main content, has no such article and keeps its labels.
"""

from __future__ import annotations

import re

from .blocks import FLAG_FOOTER, FLAG_HEADER, FLAG_NAV, Page, Segment
from .features.page import headline_block
from .labels import CONTENT
from .metrics import tokens as word_tokens
from .rules import CLASS_TOKENS, NEAR_ANCESTORS, weak_label

CONTENT_SHARE = 0.75
BOILERPLATE_SHARE = 0.25
UNLABELLED = ""
COMMENT_ARTICLE_WORDS = 100  # content words outside the comment section that make the page an article with comments
COMMENT_DEPTH = 12  # ancestors whose class/id tokens can name a comment section


class GoldIndex:
    """The gold text's trigrams, words and lines, for fast lookups."""

    def __init__(self, gold: str):
        tokens = word_tokens(gold)
        self.words = set(tokens)
        self.trigrams = set(zip(tokens, tokens[1:], tokens[2:]))
        self.lines = {" ".join(word_tokens(line)) for line in gold.splitlines()}
        self.joined = " " + " ".join(tokens) + " "

    def count(self, key: str) -> int:
        """How often the words ``key`` (space-joined) occur in the gold, in that order."""
        return len(re.findall(rf"(?<= ){re.escape(key)}(?= )", self.joined))

    def content_share(self, tokens: list[str]) -> float:
        grams = list(zip(tokens, tokens[1:], tokens[2:]))
        return sum(g in self.trigrams for g in grams) / len(grams)


def label_by_gold(page: Page, gold: str) -> list[str]:
    """'content', 'boilerplate' or '' (unlabelled) for every block."""
    index = GoldIndex(gold)
    labels = []
    keys = []
    for seg in page.segments:
        tokens = word_tokens(seg.text)
        keys.append(" ".join(tokens) if len(tokens) >= 3 else "")
        if not tokens:
            labels.append(UNLABELLED)
        elif len(tokens) >= 3:
            share = index.content_share(tokens)
            labels.append(CONTENT if share >= CONTENT_SHARE else "boilerplate" if share <= BOILERPLATE_SHARE else "")
        elif " ".join(tokens) in index.lines:
            labels.append(CONTENT)
        elif any(t not in index.words for t in tokens) or f" {' '.join(tokens)} " not in index.joined:
            labels.append("boilerplate")
        else:
            labels.append(UNLABELLED)
    headline = headline_block(page)
    if headline is not None and labels[headline] == "boilerplate":
        labels[headline] = UNLABELLED
    # copies beyond the gold's count; the headline's copy is counted first, wherever its repeats stand
    order = list(range(len(labels)))
    if headline is not None:
        order.remove(headline)
        order.insert(0, headline)
    copies: dict[str, int] = {}
    for i in order:
        key = keys[i]
        if key and labels[i] == CONTENT:
            copies[key] = copies.get(key, 0) + 1
            if copies[key] > max(index.count(key), 1):
                labels[i] = UNLABELLED
    return _comments_left_out(page, labels)


def _comments_left_out(page: Page, labels: list[str]) -> list[str]:
    """``labels`` with the content blocks inside comment sections unlabelled, on pages with an article outside."""
    el = page.elements
    if el is None:
        return labels
    tokens = CLASS_TOKENS["other"]
    inside = [seg.owner >= 0 and not tokens.isdisjoint(el.ancestor_tokens(seg.owner, COMMENT_DEPTH))
              for seg in page.segments]  # fmt: skip
    outside_words = sum(s.words for s, label, c in zip(page.segments, labels, inside) if label == CONTENT and not c)
    if outside_words < COMMENT_ARTICLE_WORDS:
        return labels
    return [UNLABELLED if c and label == CONTENT else label for label, c in zip(labels, inside)]


def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def label_by_snippets(page: Page, with_snippets: list[str], without_snippets: list[str]) -> list[str]:
    """Blocks that contain a 'with' snippet are content, those containing a 'without' snippet are boilerplate."""
    labels = [UNLABELLED] * len(page.segments)
    texts = [_norm(s.text) for s in page.segments]
    for snippets, label in ((without_snippets, "boilerplate"), (with_snippets, CONTENT)):
        for snippet in snippets or []:
            snippet = _norm(snippet)
            if not snippet:
                continue
            for i, text in enumerate(texts):
                if snippet in text:
                    labels[i] = label
    return labels


def label_by_blocks(page: Page, block_labels: list[tuple[str, str]]) -> list[str]:
    """Match labelled block texts to segments in order (whitespace-normalised, containment either way)."""
    labels = [UNLABELLED] * len(page.segments)
    wanted = [(_norm(t), label) for t, label in block_labels]
    j = 0
    for i, seg in enumerate(page.segments):
        text = _norm(seg.text)
        for k in range(j, min(j + 20, len(wanted))):
            target, label = wanted[k]
            if text == target or (len(target) >= 20 and (target in text or text in target)):
                labels[i] = label
                j = k + 1 if text == target or target in text else k
                break
    return labels


def type_boilerplate(page: Page, labels: list[str]) -> list[str]:
    """Give each 'boilerplate' block its type with the weak rules of `boilerfree.rules`."""
    out = []
    for seg, label in zip(page.segments, labels):
        out.append(_typed(page, seg) if label == "boilerplate" else label)
    return out


def _typed(page: Page, seg: Segment) -> str:
    near: set[str] = set()
    far: set[str] = set()
    in_navigation = False
    if page.elements is not None and seg.owner >= 0:
        near = page.elements.ancestor_tokens(seg.owner, NEAR_ANCESTORS)
        far = page.elements.ancestor_tokens(seg.owner)
        in_navigation = bool(seg.flags & (FLAG_NAV | FLAG_HEADER | FLAG_FOOTER))
    link_density = seg.link_chars / len(seg.text) if seg.text else 0.0
    return weak_label(seg.text, near, far, link_density, in_navigation)
