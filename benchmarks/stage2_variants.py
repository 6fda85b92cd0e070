"""Second-stage variants, cross-validated in seconds instead of a full `training/train.py` run each.

The second stage is fitted on first-stage scores of pages the first stage did not see, so every trial of a
second-stage feature costs 5 outer and 15 inner first-stage fits (each the mean of `learn.SGD_BAGS` = 3 SGD fits:
about 24 minutes on 2 cores; ``--bags 1``, about 10). ``build`` does those
fits once, with the folds, weights and filters of `training/train.py`, and stores each page's first-stage P(content)
and type distribution; ``eval`` then fits and scores each variant below from those scores, on the held-out pages of
every fold, with the metrics and threshold choice of `training/train.py`. For the text head, trafilatura's output of
the held-out pages is scored apart (the post-filter case: `boilerfree_after_trafilatura` of the anchors), as it is
and after cleaning; ``--curve`` adds those figures, the objective and fundus at every threshold.

usage: python benchmarks/stage2_variants.py build --head html --scores .cache/stage2_html.pkl
       python benchmarks/stage2_variants.py eval --head html --scores .cache/stage2_html.pkl [session6 set8 set9 ...]
       (a variant name + '@N': trafilatura's output pages weigh N times more in the second stage; + '%SOURCE=N':
       the pages of that source weigh N times more in the second stage instead of `train.STAGE2_SOURCE_FACTORS`,
       e.g. flags%fundus=2; '%fundus=1': as the first stage)
"""

from __future__ import annotations

import argparse
import pickle
import sys
from pathlib import Path

import numpy as np
import scipy.sparse as sp

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "training"))

import train as T  # noqa: E402
from data import EXTRACTED_SUFFIX, load_source, source_paths  # noqa: E402

from boilerfree.features import DEFAULT_HASH_BITS, scores  # noqa: E402
from boilerfree.learn import (  # noqa: E402
    SGD_BAGS,
    TrainingPage,
    crossfit_first_stage,
    fit_head,
    fit_stage2_on,
    matrix,
    stage2_features,
)
from boilerfree.model import combine  # noqa: E402

FOLDS = 5
# the columns each feature set added, by name (`scores.NAMES`)
_SET8 = ("type_", "window1_navigation", "window3_navigation", "window1_other", "window3_other")
_PAGE = ("page_",)
_SET10 = ("text_",)  # text mode: the logit times the page-wide shares, position, neighbours' length
# text mode: a sentence by its neighbours' scores and its type shares, the headline flag times the logit
# (`scores._sentence_columns`; "sentence-all" below, before it was one)
_SET17 = ("text_sentence_prev3_max", "text_sentence_next3_max", "text_sentence_long_before", "text_sentence_other",
          "text_sentence_promo", "text_headline_x_logit")  # fmt: skip


def _without(*prefixes: str) -> np.ndarray:
    """Indices of the second-stage columns whose names start with none of ``prefixes``."""
    return np.array([i for i, n in enumerate(scores.NAMES) if not n.startswith(prefixes)])


def load_pages(corpora: Path, cache: Path, head: str, prefix: int = 0) -> list[TrainingPage]:
    """The training pages of `training/train.py`, weighted by its defaults; ``prefix``: see `with_word_prefixes`."""
    pages = [p for path in source_paths(corpora) for p in load_source(path, cache, DEFAULT_HASH_BITS)]
    if head == "text":
        pages += T.extracted_pages(corpora, cache, T.EXTRACTED_WEIGHT)
    T.weigh(pages, head, T.SOURCE_WEIGHTS)
    if prefix and head == "text":
        for p in pages:
            with_word_prefixes(p, prefix)
    return pages


def with_word_prefixes(page: TrainingPage, length: int) -> None:
    """A probe of a text-mode feature (session 17, not shipped): each word longer than ``length`` characters also
    hashed as its first ``length`` characters ("publicidade", "publicitario" -> "p:publi"), added to the page's
    text-head matrices, so that a wording seen in training carries over to its inflections and compounds."""
    from boilerfree.features import DENSE_NAMES, lower_words
    from boilerfree.features.lexical import MAX_WORDS
    from boilerfree.hashing import TokenHasher
    from boilerfree.learn import post_extraction_blocks

    hasher = TokenHasher(2**DEFAULT_HASH_BITS)

    def columns(texts: list[str]) -> sp.csr_matrix:
        tokens = [
            sorted({"p:" + w[:length] for w in words[:MAX_WORDS] if len(w) > length}) for words in lower_words(texts)
        ]
        return sp.hstack([sp.csr_matrix((len(texts), len(DENSE_NAMES))), hasher.transform(tokens)], format="csr")

    page.X_text = (page.X_text + columns(page.texts)).tocsr()
    if page.post is not None:
        X, y, words = page.post
        kept = [t for t, k in zip(page.texts, post_extraction_blocks(page.y)) if k]
        page.post = ((X + columns(kept)).tocsr(), y, words)


def build(pages: list[TrainingPage], head: str, seed: int = 0, bags: int = SGD_BAGS) -> dict:
    """Per outer fold: first-stage scores of its held-out pages, and the inner cross-fitted scores of its training
    pages (`learn.crossfit_first_stage`, what `learn.fit_stage2` trains on)."""
    out = {}
    for k in range(FOLDS):
        train = [p for p in pages if T.fold_of(p, FOLDS) != k]
        first = fit_head(train, head, seed=seed, bags=bags)
        held_out = {i: first.split_proba(matrix(p, head)) for i, p in enumerate(pages)
                    if T.held_out(p, k, FOLDS, head) or T.extracted_held_out(p, k, FOLDS, head)}  # fmt: skip
        index = {id(p): i for i, p in enumerate(pages)}
        inner_pages, inner_scores = crossfit_first_stage(train, head, seed=seed, bags=bags)
        out[k] = (held_out, {index[id(p)]: scores_ for p, scores_ in zip(inner_pages, inner_scores)})
        print(f"fold {k} done", flush=True)
    return out


def _interactions(z: np.ndarray) -> np.ndarray:
    """``z`` and the first-stage logit times in/out of the best span and before/after the first/last likely content
    block."""
    col = scores.NAMES.index
    logit = z[:, :1]
    return np.hstack([z, logit * z[:, [col("in_span")]], logit * (1 - z[:, [col("content_after")]]),
                      logit * (1 - z[:, [col("content_before")]])])  # fmt: skip


def main_container(p: np.ndarray, words: np.ndarray, tree: tuple[np.ndarray, np.ndarray] | None,
                   shares: tuple[float, ...] = (0.5, 0.8)) -> np.ndarray:  # fmt: skip
    """Per share s: is the block inside the deepest element holding at least s of the page's content mass
    (word-weighted first-stage P(content)), found by descending from the root into the child with the most content
    (the container trafilatura and Readability read); and that element's share of the page's words."""
    out = np.zeros((len(p), 2 * len(shares)), dtype=np.float32)
    if tree is None or not len(p):
        return out
    owners, parents = tree
    weights = words.astype(np.float64) + 1.0
    own = np.stack([np.bincount(owners, weights=w, minlength=len(parents)) for w in (weights, p * weights)]
                   + [np.ones(len(parents))], axis=1)  # fmt: skip
    mass, content, size = scores.subtree_sums(own, parents).T
    best = np.full(len(parents), -1)
    for e in range(1, len(parents)):
        if parents[e] >= 0 and (best[parents[e]] < 0 or content[e] > content[best[parents[e]]]):
            best[parents[e]] = e
    for j, share in enumerate(shares):
        node = 0
        while best[node] >= 0 and content[best[node]] >= share * content[0]:
            node = best[node]
        out[:, 2 * j] = (owners >= node) & (owners < node + int(size[node]))  # a subtree is a run of element numbers
        out[:, 2 * j + 1] = mass[node] / mass[0]
    return out


def _page_everywhere(p: TrainingPage, h: str, c: np.ndarray, t: np.ndarray) -> np.ndarray:
    """Feature set 9 with the page-wide columns in HTML too (the shipped set computes them in text mode only)."""
    z = stage2_features(p, h, c, t)
    text_mode = scores.numeric(c, t, p.words.astype(np.float64), None)
    page = [i for i, n in enumerate(scores.NAMES) if n.startswith(_PAGE)]
    z[:, page] = text_mode[:, page]
    return z


def _with_main(gated: bool):
    """`_page_everywhere` and the main container; ``gated``: 'inside' times the block's own first-stage
    P(content)."""

    def columns(p: TrainingPage, h: str, c: np.ndarray, t: np.ndarray) -> np.ndarray:
        main = main_container(c.astype(np.float64), p.words, p.tree if h == "html" else None)
        if gated:
            main[:, ::2] *= c[:, None]
        return np.hstack([_page_everywhere(p, h, c, t), main])

    return columns


def _except(*names: str) -> np.ndarray:
    """Indices of the second-stage columns not named in ``names`` (whole names, not prefixes)."""
    return np.array([i for i, n in enumerate(scores.NAMES) if n not in names])


def _columns(keep: np.ndarray):
    return lambda p, h, c, t: stage2_features(p, h, c, t)[:, keep]


def _after_headline(min_words: int):
    """Feature set 12 and, for k = 1..3, is the block the k-th after the headline (`TrainingPage.headline`) with at
    least ``min_words`` words: the lead paragraph, which sits in the article's header beside the headline."""

    def columns(p: TrainingPage, h: str, c: np.ndarray, t: np.ndarray) -> np.ndarray:
        z = stage2_features(p, h, c, t)[:, _except(*_SET17)]
        extra = np.zeros((len(z), 3), dtype=np.float32)
        if h == "html" and p.headline is not None:
            for k in range(1, 4):
                i = p.headline + k
                if i < len(z) and p.words[i] >= min_words:
                    extra[i, k - 1] = 1.0
        return np.hstack([z, extra])

    return columns


def _with_first_stage(*names: str):
    """The shipped columns and the named dense columns of the first stage (`features.DENSE_NAMES`) in HTML: more of
    what kind of block it is (a heading, how many links), beside the region flags."""
    from boilerfree.features import DENSE_NAMES

    idx = [DENSE_NAMES.index(n) for n in names]

    def columns(p: TrainingPage, h: str, c: np.ndarray, t: np.ndarray) -> np.ndarray:
        z = stage2_features(p, h, c, t)[:, _except(*_SET17)]
        extra = matrix(p, h)[:, idx].toarray() if h == "html" else np.zeros((len(z), len(idx)))
        return np.hstack([z, extra.astype(np.float32)])

    return columns


def _overlap_in_html(p: TrainingPage, h: str, c: np.ndarray, t: np.ndarray) -> np.ndarray:
    """The shipped columns with `scores.body_overlap` in HTML too (the shipped set computes it in text mode only)."""
    z = stage2_features(p, h, c, t)
    if h == "html":
        content = c.astype(np.float64)
        first = scores.NAMES.index("text_body_overlap")
        z[:, first : first + 3] = scores.body_overlap(p.texts, content, p.words, scores.best_span(content, p.words)[0])
    return z


def _headline_within(reach: int, floor: float):
    """Feature set 15 with `scores.text_headline` searching ``reach`` blocks for ``floor`` of the words instead."""

    def columns(p: TrainingPage, h: str, c: np.ndarray, t: np.ndarray) -> np.ndarray:
        z = _columns(_without("text_sentence"))(p, h, c, t)
        if h == "text" and len(z):
            columns = [scores.NAMES.index(n) for n in ("text_headline", "text_headline_share")]
            z[:, columns] = 0.0
            overlap = z[:, scores.NAMES.index("text_body_overlap")]
            start = scores.best_span(c.astype(np.float64), p.words)[0]
            headline = scores.text_headline(overlap, p.words, start, reach, floor)
            if headline is not None:
                z[headline, columns] = (1.0, overlap[headline])
        return z

    return columns


def _after_span(reach: int):
    """Feature set 15 and, in text mode, k = 1..``reach``: is the block the k-th after the article's span
    (`scores.best_span`)? (Tried beside the sentence columns of set 16; not kept.)"""

    def columns(p: TrainingPage, h: str, c: np.ndarray, t: np.ndarray) -> np.ndarray:
        z = _columns(_without("text_sentence"))(p, h, c, t)
        extra = np.zeros((len(z), reach), dtype=np.float32)
        if h == "text" and len(z):
            end = scores.best_span(c.astype(np.float64), p.words)[1]
            for k in range(1, min(reach, len(z) - 1 - end) + 1):
                extra[end + k, k - 1] = 1.0
        return np.hstack([z, extra])

    return columns


def _sentence_context(*parts: str):
    """Feature set 16 and, in text mode, columns that read a sentence-shaped line (`scores.ends_sentence`) by what
    stands around it: "near", "types" and "headline" are feature set 17's columns (`scores._sentence_columns`: the
    best first-stage P(content) before and after it, its other and promo shares, the headline flag times the logit);
    "run" and "second" were tried beside them and not kept."""
    shipped = {"near": _SET17[:3], "types": _SET17[3:5], "headline": _SET17[5:]}

    def columns(p: TrainingPage, h: str, c: np.ndarray, t: np.ndarray) -> np.ndarray:
        full = stage2_features(p, h, c, t)
        z = full[:, _except(*_SET17)]
        extra = np.zeros((len(z), 9), dtype=np.float32)
        for part, names in shipped.items():
            if part in parts:
                first = _SET17.index(names[0])
                extra[:, first : first + len(names)] = full[:, [scores.NAMES.index(n) for n in names]]
        if h == "text" and len(z):
            prob = c.astype(np.float64)
            n = len(prob)
            sentence = scores.ends_sentence(p.texts, p.words).astype(np.float64)
            if "run" in parts:  # prose comes in runs of sentences, a bio or a pitch alone among buttons and prices
                extra[:, 6] = sentence * scores._window_stats(sentence, 3)[0]
                near = np.zeros(n)
                for i in np.flatnonzero(sentence).tolist():
                    others = [j for j in range(max(0, i - 5), min(n, i + 6)) if j != i and sentence[j]]
                    near[i] = prob[others].mean() if others else 0.0
                extra[:, 7] = near
            if "second" in parts:  # the article goes on after a wall: the best run outside the best span
                start, end = scores.best_span(prob, p.words)
                masked = prob.copy()
                masked[start : end + 1] = 0.0
                s2, e2 = scores.best_span(masked, p.words)
                if ((masked[s2 : e2 + 1] - 0.5) * np.sqrt(1.0 + p.words[s2 : e2 + 1])).sum() > 0:
                    extra[s2 : e2 + 1, 8] = 1.0
        return np.hstack([z, extra])

    return columns


# name: (columns from (page, head, content, types), pages weighted as in the first stage)
VARIANTS = {
    "session6": (_columns(_without(*_SET8, *_PAGE, *_SET10)), False),
    "weighted": (_columns(_without(*_SET8, *_PAGE, *_SET10)), True),
    "set8": (_columns(_without(*_PAGE, *_SET10)), True),
    "set8+interactions": (lambda p, h, c, t: _interactions(_columns(_without(*_PAGE, *_SET10))(p, h, c, t)), True),
    "set9": (_columns(_without(*_SET10)), True),
    "set10": (stage2_features, True),
    "page_everywhere": (_page_everywhere, True),
    "page_everywhere+main": (_with_main(gated=False), True),
    "page_everywhere+main-gated": (_with_main(gated=True), True),
    "first_stage_only": (_columns(np.array([0])), True),
    "set12": (stage2_features, True),
    "set12-headline": (_columns(_without("headline")), True),
    "after_headline": (_after_headline(1), True),
    "after_headline10": (_after_headline(10), True),
    "set13": (_columns(_without("text_body_overlap", "text_headline", "text_sentence")), True),
    "set13-flags": (_columns(_without("flag_", "text_body_overlap", "text_headline", "text_sentence")), True),
    "set13-flags+figure": (
        _columns(
            _without("text_body_overlap", "text_sentence", *(f"flag_{n}" for n in scores.REGION_FLAGS if n != "figure"))
        ),
        True,
    ),
    "set13+heading": (_with_first_stage("heading", "heading_top"), True),
    "set13+kind": (
        _with_first_stage("heading", "heading_top", "link_density", "is_short", "inside_best", "hidden_outside_best"),
        True,
    ),
    "set14": (_columns(_without("text_headline", "text_sentence")), True),  # text mode: `scores.body_overlap`
    "set15": (_columns(_without("text_sentence")), True),  # text mode: `scores.text_headline`
    "set15+overlap-html": (_overlap_in_html, True),
    "set15-near": (_headline_within(8, 0.3), True),
    "set15+after-span": (_after_span(3), True),
    "set16-after-span": (_columns(_except("text_sentence", "text_sentence_x_logit", *_SET17)), True),
    "set16-anywhere": (_columns(_except("text_sentence_after_span", *_SET17)), True),
    "set16": (_columns(_except(*_SET17)), True),  # text mode: `scores.ends_sentence` (README, session 14)
    "set17": (stage2_features, True),  # text mode: "sentence-all" (README, session 19)
    "sentence-near": (_sentence_context("near"), True),
    "sentence-types": (_sentence_context("types"), True),
    "headline-logit": (_sentence_context("headline"), True),
    "sentence-all": (_sentence_context("near", "types", "headline"), True),
    "sentence-run": (_sentence_context("near", "types", "headline", "run"), True),
    "sentence-second": (_sentence_context("near", "types", "headline", "second"), True),
    "sentence-run-second": (_sentence_context("near", "types", "headline", "run", "second"), True),
}


def evaluate(pages: list[TrainingPage], head: str, stored: dict, name: str, curve: bool = False) -> str:
    """``name`` is a key of VARIANTS, optionally followed by ``@N``: trafilatura's output pages weigh N times more
    in the second stage's fit (the first stage's scores stay as built). ``curve``: the figures at every threshold,
    not only the chosen one (the text head: the post-filter's too)."""
    name_and_factor, _, source_factor = name.partition("%")
    base, _, factor = name_and_factor.partition("@")
    columns, weighted = VARIANTS[base]
    source, _, times = source_factor.partition("=")
    results, extracted, own = [], [], []
    for held_out, inner in stored.values():
        fit_pages = [pages[i] for i in inner]
        if factor:
            fit_pages = [_reweighted(p, float(factor)) if p.id.endswith(EXTRACTED_SUFFIX) else p for p in fit_pages]
        factors = {source: float(times)} if source else T.STAGE2_SOURCE_FACTORS[head]
        second = fit_stage2_on(fit_pages, head, list(inner.values()), columns, weighted, factors)
        for i, (content, types) in held_out.items():
            proba = second.proba(columns(pages[i], head, content, types))
            scored = (pages[i], T.page_scores(pages[i], combine(proba, types), T.THRESHOLDS))
            (extracted if pages[i].id.endswith(EXTRACTED_SUFFIX) else results).append(scored)
            if pages[i].source == T.OWN_TEXT_SOURCE:
                own.append((pages[i], content, proba))
    table = T.summarise(results, T.THRESHOLDS)
    best = T.best_threshold(T.objective(table))
    line = f"{name:20s} threshold {T.THRESHOLDS[best]:.2f} objective {T.objective(table)[best]:.4f} "
    line += " ".join(_cells(table, best))
    if own:
        line += "\n" + " " * 21 + _lost_by_position(own, T.THRESHOLDS[best])
    if curve:
        by_threshold = zip(T.THRESHOLDS, T.objective(table), table.get("fundus", {}).get("token_f1_mean", []))
        line += f"\n{'':21s}objective (fundus) by threshold: "
        line += " ".join(f"{t:.2f}={o:.4f} ({f:.4f})" for t, o, f in by_threshold)
        for k, threshold in enumerate(T.THRESHOLDS):
            line += f"\n{'':21s}  at {threshold:.2f}: " + " ".join(_cells(table, k))
    if extracted:  # the text head as a post-filter: trafilatura's output as it is, then cleaned at the threshold
        as_is = [(p, T.page_scores(p, np.ones((len(p.texts), 1)), np.zeros(1))) for p, _ in extracted]
        cleaned = _cells(T.summarise(extracted, T.THRESHOLDS), best, T.summarise(as_is, np.zeros(1)))
        line += "\n" + " " * 21 + "after trafilatura (as is -> cleaned): " + " ".join(cleaned)
        if curve:
            table = T.summarise(extracted, T.THRESHOLDS)
            for k, threshold in enumerate(T.THRESHOLDS):
                line += f"\n{'':21s}  at {threshold:.2f}: " + " ".join(_cells(table, k))
    return line


def _lost_by_position(own: list[tuple[TrainingPage, np.ndarray, np.ndarray]], threshold: float) -> str:
    """Where our own text pages' article lines are lost, at ``threshold``: before the span of likely content that
    `scores.best_span` finds in the first stage's scores (headlines), inside it, or after it (an article that goes
    on past a wall or an ad, a short last line); ``own``: (page, first-stage P(content), final P(content))."""
    lost, lines = np.zeros(3, dtype=int), np.zeros(3, dtype=int)
    for page, first, final in own:
        start, end = scores.best_span(first.astype(np.float64), page.words)
        place = np.arange(len(first))
        where = (place >= start).astype(int) + (place > end)  # 0 before, 1 inside, 2 after
        article = page.y == 0
        lines += np.bincount(where[article], minlength=3)
        lost += np.bincount(where[article & (final < threshold)], minlength=3)
    kept = 1 - lost.sum() / max(lines.sum(), 1)
    cells = " ".join(f"{n} {a} of {b}" for n, a, b in zip(("before", "inside", "after"), lost, lines))
    ranking = _removed_at_kept(own, (0.9, 0.95, 0.97))
    return f"text_train article lines kept {kept:.4f}; lost by place (span of likely content): {cells}; {ranking}"


def _removed_at_kept(own: list[tuple[TrainingPage, np.ndarray, np.ndarray]], shares: tuple[float, ...]) -> str:
    """The share of our own pages' boilerplate lines removed at the threshold that keeps each share of their
    article lines: how well the final P(content) ranks them, whatever threshold the objective picks (the text-mode
    target is stated as such a pair, 99% kept / 95% removed)."""
    final = np.concatenate([p[page.y >= 0] for page, _, p in own])
    article = np.concatenate([page.y[page.y >= 0] == 0 for page, _, _ in own])
    cells = []
    for share in shares:
        cut = np.quantile(final[article], 1 - share)  # this share of article lines score at least ``cut``
        cells.append(f"{share:.0%}={np.mean(final[~article] < cut):.4f}")
    return "boilerplate removed with article lines kept at " + " ".join(cells)


def _reweighted(page: TrainingPage, factor: float) -> TrainingPage:
    import copy

    out = copy.copy(page)
    out.weight = page.weight * factor
    return out


def _cells(table: dict, best: int, baseline: dict | None = None) -> list[str]:
    """source=metric at threshold index ``best``; with ``baseline``, its figure (one threshold) before the arrow."""
    cells = []
    for source, entry in table.items():
        if source == "thresholds" or len(entry) == 1:
            continue
        key = next(k for k in ("token_f1_mean", "seg_f1", "own_balanced") if k in entry)
        before = f"{baseline[source][key][0]:.4f}->" if baseline else ""
        cells.append(f"{source}={before}{entry[key][best]:.4f}")
    return cells


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("command", choices=("build", "eval"))
    parser.add_argument("variants", nargs="*", default=list(VARIANTS))
    parser.add_argument("--head", default="html", choices=("html", "text"))
    parser.add_argument("--scores", type=Path, required=True, help="where build writes the first-stage scores")
    parser.add_argument("--corpora", type=Path, default=ROOT.parent / "shared" / "corpora")
    parser.add_argument("--cache", type=Path, default=ROOT / ".cache" / "features")
    parser.add_argument("--curve", action="store_true", help="the figures at every threshold (text: post-filter too)")
    parser.add_argument("--prefix", type=int, default=0, help="text head: words' first N characters as tokens too "
                        "(`with_word_prefixes`; build and eval with the same N)")  # fmt: skip
    parser.add_argument("--seed", type=int, default=0, help="build: the first stage's SGD seed, its row order "
                        "(training/train.py: 0; with --bags N, the first of N seeds); other seeds show how far one "
                        "training's figures move")  # fmt: skip
    parser.add_argument("--bags", type=int, default=SGD_BAGS, help="build: fits averaged per head (`learn.SGD_BAGS`; "
                        "1: one fit of the given seed)")  # fmt: skip
    args = parser.parse_intermixed_args()
    pages = load_pages(args.corpora, args.cache, args.head, args.prefix)
    if args.command == "build":
        args.scores.parent.mkdir(parents=True, exist_ok=True)
        args.scores.write_bytes(pickle.dumps(build(pages, args.head, args.seed, args.bags)))
        return
    stored = pickle.loads(args.scores.read_bytes())  # our own file, written by `build`
    for name in args.variants:
        print(evaluate(pages, args.head, stored, name, args.curve), flush=True)


if __name__ == "__main__":
    main()
