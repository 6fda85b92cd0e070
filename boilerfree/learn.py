"""Training: from labelled pages to a `Model`, from scratch or by adapting a model to a publisher it gets wrong.

The one training path of the project: `training/train.py` (the default model, with cross-validation) and
`boilerfree train` / `boilerfree.train` (users' own data) both go through `featurize`, `fit_head`, `fit_stage2`.

Adapting is maximum a posteriori estimation with a Gaussian prior centred on the shipped weights (Chelba and Acero
2006, "Adaptation of maximum entropy capitalizer: little data can help a lot"): the new pages move the weights they
have evidence about, and everything else stays where the big training set put it. A handful of pages is enough,
and the original training data is not needed.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp

from .align import UNLABELLED, label_by_blocks, label_by_gold, label_by_snippets, type_boilerplate
from .blocks import Page, Segment, segment
from .corpus import LabelledPage
from .document import load_document
from .errors import InputError
from .features import DEFAULT_HASH_BITS, Featurizer, scores
from .features.page import headline_block
from .labels import LABEL_INDEX, LABELS
from .model import LinearHead, Model, StageTwo, combine

HEADS = ("html", "text")
DEFAULT_ALPHA = 3e-5  # L2 penalty of the SGD logistic regression (chosen in grouped folds)
DEFAULT_EPOCHS = 15
# Averaged SGD (the mean of the iterates, Polyak-Ruppert) was tried in session 16 (model 23, on Lexbor's trees): in
# cross-validation fundus 0.9515 -> 0.9530 but CleanEval 0.9385 -> 0.9359 and WCXB 0.8400 -> 0.8374, our held-out
# HTML pages' boilerplate removed 97.9% -> 95.4%, and "You've reached your limit of free articles" in an <article>
# kept (P 0.76, tests/test_explain.py), probably as the mean lags the rare, decisive weights our own pages teach.
SGD_AVERAGE = False
# SGD's last iterate depends on the order of the rows: one training's text head moved its cross-validated objective
# over 0.0034 with the seed alone (0.9076 / 0.9070 / 0.9104, seeds 0-2). The head is the mean of the weights of this
# many fits with seeds seed, seed + 1, ... (a linear model still: the mean of their scores). Two such means (seeds
# 0-2, 3-5) both ranked our own text pages' lines better than any single fit (boilerplate removed with 95% of the
# article lines kept: 0.9549 and 0.9563 against 0.9470-0.9499; balanced 0.9507 and 0.9489 against 0.9431-0.9455),
# though their objectives still differ by 0.0033 (`benchmarks/stage2_variants.py`, README, session 18).
SGD_BAGS = 3
# SGD's alpha is a penalty per unit of sample weight, so a fixed alpha regularises a small training set far less than
# the corpora it was chosen on: 40 pages trained with 3e-5 got weights near 90 and saturated probabilities that no
# later adaptation could move. The penalty is at least ALPHA_PRIOR / total sample weight (a fixed prior, as in a
# Bayesian logistic regression); it takes over below ~33,000 weighted blocks (~300 pages), never on the corpora.
ALPHA_PRIOR = 1.0
# Prior precision around the base weights when adapting. In benchmarks/adapt.py (5 publishers held out), 1.0 scored
# as well as 0.1 from 3 and 5 pages and better from 1 page (0.1 forgets more); 0.01 hurt.
DEFAULT_ADAPT_STRENGTH = 1.0


@dataclass
class TrainingPage:
    """One page's blocks, featurized for both heads, with what is known of its truth."""

    id: str
    source: str
    group: str  # site or publisher: cross-validation never splits a group
    format: str
    texts: list[str]
    words: np.ndarray  # words per block
    y: np.ndarray  # label index per block, -1 = unlabelled
    tree: tuple[np.ndarray, np.ndarray] | None  # (owner per block, parent per element): second-stage features
    X_html: sp.csr_matrix | None
    X_text: sp.csr_matrix
    post: tuple[sp.csr_matrix, np.ndarray, np.ndarray] | None  # (X, y, words) of the post-extraction text page
    gold_text: str | None
    with_snippets: list[str] | None
    without_snippets: list[str] | None
    synthetic: bool = False  # made up for training, never scored
    weight: float = 1.0  # relative weight of the page in the loss
    headline: int | None = None  # `features.page.headline_block` (HTML): a second-stage column
    flags: np.ndarray | None = None  # `features.scores.block_flags` (HTML): second-stage columns


def as_text_page(page: Page) -> Page:
    """The same blocks as plain text lines: what the text head sees."""
    return Page("text", [Segment(s.text, i, words=s.words, blank_before=True) for i, s in enumerate(page.segments)])


def post_extraction_blocks(y: np.ndarray, reach: int = 2) -> np.ndarray:
    """The blocks an extractor's output would still hold: the content, the boilerplate next to it (within
    ``reach`` blocks), and every paywall/pricing/disclaimer/promo block. Trains the text head on text shaped like
    a cleaned article with some boilerplate left in, the text mode's common case, not only on whole pages."""
    content = y == 0
    if not content.any():
        return np.zeros(len(y), dtype=bool)
    near = content.copy()
    for shift in range(1, reach + 1):
        near[shift:] |= content[:-shift]
        near[:-shift] |= content[shift:]
    typed = (y >= 1) & (y <= 4)  # paywall, pricing, disclaimer, promo (labels.LABELS order)
    return (near & (y >= 0)) | typed


def block_labels(lp: LabelledPage, page: Page) -> list[str]:
    """Labels of the page's blocks from what the row knows: block labels, gold text, or snippets."""
    if lp.block_labels is not None:
        labels = label_by_blocks(page, lp.block_labels)
    elif lp.gold_text and lp.gold_text.strip():
        labels = label_by_gold(page, lp.gold_text)
    elif lp.with_snippets is not None:
        labels = label_by_snippets(page, lp.with_snippets, lp.without_snippets or [])
    else:
        labels = [UNLABELLED] * len(page.segments)
    return type_boilerplate(page, labels)


def featurize(lp: LabelledPage, featurizer: Featurizer) -> TrainingPage:
    """Segment, label and featurize one labelled page for both heads."""
    page = segment(load_document(lp.document, lp.format))
    labels = block_labels(lp, page)
    y = np.array([LABEL_INDEX[label] if label else -1 for label in labels], dtype=np.int8)
    X_html = featurizer.transform(page) if page.format == "html" else None
    tree = scores.block_tree(page) if page.format == "html" else None
    X_text = featurizer.transform(as_text_page(page) if page.format == "html" else page)
    post = None
    if page.format == "html":
        keep = post_extraction_blocks(y)
        if keep.any():
            kept = [s for s, k in zip(page.segments, keep) if k]
            X_post = featurizer.transform(as_text_page(Page("html", kept)))
            post = (X_post, y[keep], np.array([s.words for s in kept], dtype=np.int32))
    return TrainingPage(
        lp.id, lp.source, lp.group, page.format, [s.text for s in page.segments],
        np.array([s.words for s in page.segments], dtype=np.int32), y, tree, X_html, X_text, post,
        lp.gold_text, lp.with_snippets, lp.without_snippets,
        headline=headline_block(page) if page.format == "html" else None, flags=scores.block_flags(page),
    )  # fmt: skip


def matrix(page: TrainingPage, head: str) -> sp.csr_matrix | None:
    return page.X_html if head == "html" else page.X_text


def block_weights(words: np.ndarray, scale: float = 1.0) -> np.ndarray:
    """Sample weights of a page's labelled blocks: sqrt(words) each, summing to min(blocks, 200) * ``scale``."""
    w = np.sqrt(1.0 + words)
    return w / w.sum() * min(len(words), 200) * scale


def design(pages: list[TrainingPage], head: str) -> tuple[sp.csr_matrix, np.ndarray, np.ndarray]:
    """Labelled blocks of the pages, with sample weights: sqrt(words) per block, each page summing to the same
    total (times its weight), so the loss follows token-level scores and no single huge page dominates."""
    Xs, ys, ws = [], [], []

    def add(X: sp.csr_matrix, y: np.ndarray, words: np.ndarray, scale: float) -> None:
        mask = y >= 0
        if mask.any():
            Xs.append(X[mask])
            ys.append(y[mask])
            ws.append(block_weights(words[mask], scale))

    for p in pages:
        X = matrix(p, head)
        if X is not None:
            add(X, p.y, p.words, p.weight)
        if head == "text" and p.post is not None:
            add(*p.post, 1.0)
    if not Xs:
        raise InputError(f"no labelled blocks to train the {head} head on")
    return sp.vstack(Xs, format="csr"), np.concatenate(ys), np.concatenate(ws)


def fit_head(
    pages: list[TrainingPage], head: str, alpha: float = DEFAULT_ALPHA, epochs: int = DEFAULT_EPOCHS, seed: int = 0,
    bags: int = SGD_BAGS,
) -> LinearHead:  # fmt: skip
    """One-vs-rest logistic regression by SGD: row 0 (content vs the rest) is a calibrated binary model; the other
    rows rank the boilerplate types. lbfgs on the full multinomial took 250 s a fold and had not converged; SGD
    takes 20 s and scored as well in a grouped fold. The weights are the mean of ``bags`` fits with seeds ``seed``,
    ``seed + 1``, ... (`SGD_BAGS`)."""
    from sklearn.linear_model import SGDClassifier

    if bags < 1:
        raise ValueError(f"bags must be at least 1, not {bags}")
    X, y, w = design(pages, head)
    alpha = max(alpha, ALPHA_PRIOR / float(w.sum()))
    coef = np.zeros((len(LABELS), X.shape[1]), dtype=np.float64)
    intercept = np.zeros(len(LABELS), dtype=np.float64)
    for bag in range(bags):
        clf = SGDClassifier(
            loss="log_loss", alpha=alpha, max_iter=epochs, tol=None, n_jobs=2, random_state=seed + bag,
            average=SGD_AVERAGE,
        )  # fmt: skip
        clf.fit(X, y, sample_weight=w)
        coef[clf.classes_] += clf.coef_ / bags
        intercept[clf.classes_] += clf.intercept_ / bags
    unseen = np.ones(len(LABELS), dtype=bool)
    unseen[np.unique(y)] = False
    intercept[unseen] = -30.0  # a label never seen in training is never predicted
    return LinearHead(coef.astype(np.float32), intercept.astype(np.float32))


def stage2_features(page: TrainingPage, head: str, first: np.ndarray, types: np.ndarray) -> np.ndarray:
    if head != "html":
        return scores.numeric(first, types, page.words.astype(np.float64), None, texts=page.texts)
    return scores.numeric(first, types, page.words.astype(np.float64), page.tree, page.headline, page.flags)


def crossfit_first_stage(
    pages: list[TrainingPage], head: str, alpha: float = DEFAULT_ALPHA, epochs: int = DEFAULT_EPOCHS, inner: int = 3,
    seed: int = 0, bags: int = SGD_BAGS,
) -> tuple[list[TrainingPage], list[tuple[np.ndarray, np.ndarray]]]:  # fmt: skip
    """The pages with labelled blocks for ``head``, and each one's first-stage P(content) and type distribution
    from a model fitted without its site (``inner`` folds grouped by site): what the second stage trains on."""
    pages = [p for p in pages if matrix(p, head) is not None and (p.y >= 0).any()]
    part = [group_fold(p.source, p.group, inner, salt="inner") for p in pages]
    first: list[tuple[np.ndarray, np.ndarray]] = [(np.zeros(0), np.zeros(0))] * len(pages)
    for k in range(inner):
        model = fit_head([p for p, f in zip(pages, part) if f != k], head, alpha, epochs, seed, bags)
        for i, p in enumerate(pages):
            if part[i] == k:
                first[i] = model.split_proba(matrix(p, head))
    return pages, first


def fit_stage2(
    pages: list[TrainingPage], head: str, alpha: float = DEFAULT_ALPHA, epochs: int = DEFAULT_EPOCHS, inner: int = 3,
    source_factors: dict[str, float] | None = None, bags: int = SGD_BAGS,
) -> StageTwo:  # fmt: skip
    """Second stage: a logistic regression on the first stage's scores of neighbours and containers. Its training
    scores come from first-stage models that did not see the page (`crossfit_first_stage`), as at prediction time.
    Pages weigh as in the first stage (``TrainingPage.weight``): unweighted, the second stage undid what the weight
    of our own typed pages and of fundus taught the first (README, "What was measured and kept", session 7).
    ``source_factors``: the pages of these sources weigh that many times more here than in the first stage."""
    pages, first = crossfit_first_stage(pages, head, alpha, epochs, inner, bags=bags)
    return fit_stage2_on(pages, head, first, source_factors=source_factors)


def fit_stage2_on(
    pages: list[TrainingPage], head: str, first: list[tuple[np.ndarray, np.ndarray]],
    features: Callable[[TrainingPage, str, np.ndarray, np.ndarray], np.ndarray] | None = None, weighted: bool = True,
    source_factors: dict[str, float] | None = None,
) -> StageTwo:  # fmt: skip
    """The second stage fitted on given first-stage scores; ``features``, ``weighted`` and ``source_factors`` (as
    in `fit_stage2`) let `benchmarks/stage2_variants.py` try other columns and weights with the same fit."""
    from sklearn.linear_model import LogisticRegression

    features = features or stage2_features
    Z, y, w = [], [], []
    for p, (content, types) in zip(pages, first):
        mask = p.y >= 0
        Z.append(features(p, head, content, types)[mask])
        y.append(p.y[mask] == 0)
        factor = (source_factors or {}).get(p.source, 1.0)
        w.append(block_weights(p.words[mask], p.weight * factor if weighted else 1.0))
    clf = LogisticRegression(C=1.0, max_iter=3000).fit(np.vstack(Z), np.concatenate(y), sample_weight=np.concatenate(w))
    return StageTwo(clf.coef_[0].astype(np.float64), float(clf.intercept_[0]))


def group_fold(source: str, group: str, folds: int, salt: str = "") -> int:
    """A deterministic fold per (source, site), so no site is in both the training and the scored part."""
    return int(hashlib.md5(f"{salt}{source}/{group}".encode()).hexdigest(), 16) % folds


def predict(page: TrainingPage, head: str, first_stage: LinearHead, second: StageTwo | None) -> np.ndarray:
    """What `Model.predict_page` computes, from a training page's cached features."""
    content, types = first_stage.split_proba(matrix(page, head))
    if second is not None:
        content = second.proba(stage2_features(page, head, content, types))
    return combine(content, types)


def adapt_head(base: LinearHead, pages: list[TrainingPage], head: str, strength: float = DEFAULT_ADAPT_STRENGTH,
               max_iter: int = 200) -> LinearHead:  # fmt: skip
    """The base head moved towards the pages: per label row, minimise the weighted logistic loss on the pages plus
    ``strength / 2 * ||w - w_base||^2`` (L-BFGS). Labels the pages never show keep their base weights."""
    from scipy.optimize import minimize

    X, y, w = design(pages, head)
    coef = base.coef.copy()
    intercept = base.intercept.copy()
    ones = np.ones((X.shape[0], 1), dtype=np.float32)
    Xb = sp.hstack([X, ones], format="csr")
    for k in range(len(LABELS)):
        target = (y == k).astype(np.float64)
        if k and not target.any():
            continue
        origin = np.append(base.coef[k], base.intercept[k]).astype(np.float64)

        def loss(
            theta: np.ndarray, target: np.ndarray = target, origin: np.ndarray = origin
        ) -> tuple[float, np.ndarray]:
            z = Xb @ theta
            # log(1 + exp(-s z)) with s = +-1, computed stably
            margin = np.where(target > 0, z, -z)
            value = float(np.sum(w * np.logaddexp(0.0, -margin)))
            p = 0.5 * (1.0 + np.tanh(0.5 * z))
            grad = Xb.T @ (w * (p - target))
            diff = theta - origin
            return value + 0.5 * strength * float(diff @ diff), grad + strength * diff

        result = minimize(loss, origin, jac=True, method="L-BFGS-B", options={"maxiter": max_iter})
        coef[k] = result.x[:-1]
        intercept[k] = result.x[-1]
    return LinearHead(coef.astype(np.float32), intercept.astype(np.float32), base.threshold, base.extracted_threshold)


def load_pages(
    data: Iterable[LabelledPage], hash_bits: int = DEFAULT_HASH_BITS, progress: bool = False
) -> list[TrainingPage]:
    """Featurize labelled pages (with a progress bar when asked)."""
    featurizer = Featurizer(hash_bits)
    items = list(data)
    if progress:
        from tqdm import tqdm

        items = tqdm(items, desc="featurizing", unit="page")
    return [featurize(lp, featurizer) for lp in items]


def train(
    data: Iterable[LabelledPage], base: Model | None = None, *, heads: Iterable[str] = HEADS,
    alpha: float = DEFAULT_ALPHA, epochs: int = DEFAULT_EPOCHS, strength: float = DEFAULT_ADAPT_STRENGTH,
    progress: bool = False,
) -> Model:  # fmt: skip
    """A model trained on ``data`` (labelled pages: `boilerfree.corpus.read_any` reads every supported layout).

    With ``base`` (e.g. `boilerfree.load_model()`), the base model is adapted to the pages: its first-stage heads
    move towards them (`adapt_head`); its second stage and thresholds are kept. Without, heads are trained from
    scratch, with a second stage when there are enough sites to cross-fit it (three or more).
    """
    pages = load_pages(data, base.hash_bits if base is not None else DEFAULT_HASH_BITS, progress)
    if not any((p.y >= 0).any() for p in pages):
        raise InputError("the training data has no labelled blocks")
    out: dict[str, LinearHead] = {}
    second: dict[str, StageTwo] = {}
    for head in heads:
        usable = [p for p in pages if (matrix(p, head) is not None or (head == "text" and p.post is not None))]
        if base is not None:
            if head in base.heads:
                out[head] = adapt_head(base.heads[head], usable, head, strength) if usable else base.heads[head]
                if head in base.stage2:
                    second[head] = base.stage2[head]
            continue
        if not usable:
            continue
        out[head] = fit_head(usable, head, alpha, epochs)
        if len({p.group for p in usable}) >= 3:
            second[head] = fit_stage2(usable, head, alpha, epochs)
    if "html" not in out:
        raise InputError("no HTML pages to train the html head on (text pages train only the text head)")
    manifest = {"name": "boilerfree-adapted" if base is not None else "boilerfree-trained",
                "training_data": {"pages": len(pages), "sites": len({p.group for p in pages})}}  # fmt: skip
    if base is not None:
        manifest["base_model"] = {k: base.manifest.get(k) for k in ("name", "trained", "weights_sha256")}
    return Model(out, base.hash_bits if base is not None else DEFAULT_HASH_BITS, stage2=second, manifest=manifest)
