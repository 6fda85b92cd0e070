"""The feature union: every family's columns for every block of a page, as one sparse matrix.

Layout: the dense numeric families first (text, DOM, paywall), then the same text and paywall columns of the
neighbouring blocks (context), then the hashed tokens (lexical, DOM tokens, bucketed numerics) in
``2 ** hash_bits`` columns. The layout is versioned: a model records `FEATURE_SET_VERSION` and the hashing width,
and refuses to run on features it was not trained with.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import scipy.sparse as sp

from ..blocks import WORD, Page
from ..hashing import HashedRows, TokenHasher, _compiled
from . import context, dom, lexical, paywall, prose, text
from . import page as page_features
from .stopwords import guess_language_of_blocks, stop_index
from .table import BlockTable, block_table

if TYPE_CHECKING:
    from .._features import PageWords

# 17: text mode's sentences read by their neighbours' scores and their type shares, in stage 2;
# 16: text mode's sentence columns in stage 2 (and its headline in 'text_headline' only);
# 15: text mode's headline; 14: text mode's body overlap; 13: the region flags in stage 2;
# 12: the headline column of stage 2;
# 11: 'other' a lexicon/class type (comments, account dialogs);
# 10: text stage 2 columns
FEATURE_SET_VERSION = 17
DEFAULT_HASH_BITS = 16  # 2**16 scored as 2**18 in grouped folds (0.896 vs 0.897) at a quarter of the size

NUMERIC_NAMES: tuple[str, ...] = text.NAMES + dom.NAMES + paywall.NAMES + page_features.NAMES + prose.NAMES
_CONTEXT_COLUMNS = text.NAMES + paywall.NAMES
CONTEXT_NAMES: tuple[str, ...] = context.neighbours(np.zeros((0, len(_CONTEXT_COLUMNS)), np.float32), _CONTEXT_COLUMNS)[
    1
]
DENSE_NAMES: tuple[str, ...] = NUMERIC_NAMES + CONTEXT_NAMES


def block_words(page: Page) -> list[list[str]]:
    """Lower-cased word tokens of every block (computed once, shared by the families): `lower_words`."""
    return lower_words([seg.text for seg in page.segments])


def page_words(page: Page, texts: list[str] | None = None) -> list[list[str]] | PageWords:
    """`block_words`, or when the compiled module is built the same words without a string of each
    (`boilerfree._features.PageWords`: their UTF-8 in one buffer, with each one's hash and stop-word entry), which
    the families read by their compiled loops (the lists, by their Python specifications); ``texts``: the blocks'
    texts, when the caller has them."""
    if _compiled is None:
        return block_words(page)
    return _compiled.PageWords([seg.text for seg in page.segments] if texts is None else texts, stop_index())


def lower_words(texts: list[str]) -> list[list[str]]:
    """``WORD.findall(text.lower())`` of each text, by the compiled loop when it is built
    (`boilerfree._features.lower_words`)."""
    if _compiled is not None:
        return _compiled.lower_words(texts)
    return [WORD.findall(text.lower()) for text in texts]


class Featurizer:
    """Turns a segmented `Page` into a (blocks x features) CSR matrix. Stateless, like HashingVectorizer."""

    def __init__(self, hash_bits: int = DEFAULT_HASH_BITS):
        self.hash_bits = hash_bits
        self._hasher = TokenHasher(2**hash_bits)  # FeatureHasher's columns, without importing scikit-learn
        self._bucket_columns = self._hasher.columns(text.BUCKET_TOKENS)  # text.token_columns picks from these

    @property
    def n_features(self) -> int:
        return len(DENSE_NAMES) + 2**self.hash_bits

    def dense(self, page: Page, words: list[list[str]] | PageWords, blocks: BlockTable | None = None) -> np.ndarray:
        """The numeric families' columns, then the context columns (one copy of them all); ``blocks``: the page's
        `block_table`, which the families read rather than the segments (made once here when not given)."""
        blocks = block_table(page) if blocks is None else blocks
        lang = guess_language_of_blocks(words)
        text_values = text.numeric(page, words, lang, blocks)
        paywall_values = paywall.numeric(page, blocks)
        ctx = _neighbour_rows(np.concatenate([text_values, paywall_values], axis=1))
        return np.concatenate(
            [
                text_values,
                dom.numeric(page, blocks),
                paywall_values,
                page_features.numeric(page, words),
                prose.numeric(page, blocks),
                ctx,
            ],
            axis=1,
        )

    def token_parts(
        self, page: Page, words: list[list[str]], dense: np.ndarray
    ) -> tuple[list[list[str]], list[list[str]], list[list[str]]]:
        """The hashed tokens of every block, by family: lexical, DOM, bucketed numerics."""
        return lexical.tokens(page, words), dom.tokens(page), text.tokens(page, dense)

    def token_columns(self, tokens: list[str]) -> list[int]:
        """The matrix column of each hashed token (for naming columns in explanations)."""
        if not tokens:
            return []
        hashed = self._hasher.transform([[t] for t in tokens]).tocsr()
        return [len(DENSE_NAMES) + int(c) for c in hashed.indices]

    def transform(self, page: Page) -> sp.csr_matrix:
        """The matrix of `transform_with_tokens`, without the token lists: the DOM family's are hashed piece by
        piece (`dom.token_columns`), the bucket tokens' columns picked from a table (`text.token_columns`)."""
        if not page.segments:
            return sp.csr_matrix((0, self.n_features), dtype=np.float32)
        return self._stacked(*self._columns(page))

    def product(self, page: Page, weights: np.ndarray, blocks: BlockTable | None = None) -> np.ndarray:
        """``transform(page) @ weights`` (``weights``: one row per column), the same array, without the matrix when
        the compiled loop is built (`_hashed_product`): prediction needs the first stage's scores only. ``blocks``:
        the page's `BlockTable`, when the caller made it (`model.Model.predict_page`: the second stage reads it too)."""
        if not page.segments:
            return np.asarray(self.transform(page) @ weights)
        dense, parts = self._columns(page, blocks)
        scores = _hashed_product(dense, parts, weights, self._hasher.n_features)
        return np.asarray(self._stacked(dense, parts) @ weights) if scores is None else scores

    def _columns(
        self, page: Page, blocks: BlockTable | None = None
    ) -> tuple[np.ndarray, tuple[HashedRows | list[list[str]], ...]]:
        """The dense columns and the hashed families' columns (or token lists) of a page's blocks."""
        if blocks is None:
            blocks = block_table(page)  # each block's attributes read once, for all the families
        words = page_words(page, blocks.texts)
        dense = self.dense(page, words, blocks)
        parts = (
            lexical.token_columns(page, words, self._hasher, blocks.texts),
            dom.token_columns(page, self._hasher, blocks),
            text.token_columns(page, dense, self._bucket_columns, blocks),
        )
        return dense, parts

    def _stacked(self, dense: np.ndarray, parts: tuple[HashedRows | list[list[str]], ...]) -> sp.csr_matrix:
        """The matrix of the dense columns and the hashed families' columns."""
        if _compiled is not None and all(isinstance(part, HashedRows) for part in parts):
            stacked = _stack_hashed(dense, parts, self.n_features, self._hasher.n_features)
            if stacked is not None:
                return stacked
        return _stack(dense, self._hasher.transform_parts(parts), self.n_features)

    def transform_with_tokens(self, page: Page) -> tuple[sp.csr_matrix, list[list[str]]]:
        """The feature matrix and the hashed tokens of every block (explanations name columns by them)."""
        matrix, parts = self._matrix(page)
        return matrix, [a + b + c for a, b, c in zip(*parts)]

    def _matrix(self, page: Page) -> tuple[sp.csr_matrix, tuple[list[list[str]], ...]]:
        """The matrix and the token lists by family (hashed without joining each block's)."""
        if not page.segments:
            return sp.csr_matrix((0, self.n_features), dtype=np.float32), ([], [], [])
        words = block_words(page)
        dense = self.dense(page, words)
        parts = self.token_parts(page, words, dense)
        return _stack(dense, self._hasher.transform_parts(parts), self.n_features), parts


def _neighbour_rows(values: np.ndarray) -> np.ndarray:
    """The context columns, ``context.neighbours(values, _CONTEXT_COLUMNS)[0]`` (the specification), by the compiled
    loop when it is built (`boilerfree._features.neighbour_rows`: one pass, where numpy made a dozen arrays; it
    leaves values with a NaN to the specification)."""
    if _compiled is not None and values.dtype == np.float32 and values.flags.c_contiguous:
        rows = _compiled.neighbour_rows(values)
        if rows is not None:
            return rows
    return context.neighbours(values, _CONTEXT_COLUMNS)[0]


_INT32_MAX = 2**31 - 1


def _stack(dense: np.ndarray, hashed: sp.csr_matrix, n_features: int) -> sp.csr_matrix:
    """`_stack_of_arrays`, the arrays made by the compiled loop when it is built (`boilerfree._features.stack_rows`:
    one pass over the rows)."""
    if _compiled is None or dense.dtype != np.float32 or not dense.flags.c_contiguous:
        return _stack_of_arrays(dense, hashed, n_features)
    # int32 indices when scipy would make them so (they fit, and so does the shape): not converted again
    narrow = dense.size + hashed.nnz <= _INT32_MAX and max(dense.shape[0], n_features) <= _INT32_MAX
    data, indices, indptr = _compiled.stack_rows(
        dense, hashed.indptr.astype(np.int64), hashed.indices.astype(np.int64), hashed.data.astype(np.float64), narrow
    )
    matrix = sp.csr_matrix((data, indices, indptr), shape=(dense.shape[0], n_features))  # int32 if it fits
    matrix.has_sorted_indices = True
    return matrix


def _stack_hashed(
    dense: np.ndarray, parts: tuple[HashedRows, ...], n_features: int, n_hashed: int
) -> sp.csr_matrix | None:
    """``_stack(dense, TokenHasher.transform_parts(parts), n_features)`` for parts all hashed already, by the compiled
    loop (`boilerfree._features.stack_hashed`: the page's (row, column) keys radix-sorted, then counted and written
    beside the dense values in one pass); None when that loop does not apply (it is not built, or ``dense`` is not a
    C-ordered float32 array): the caller stacks them the other way."""
    if _compiled is None or dense.dtype != np.float32 or not dense.flags.c_contiguous:
        return None
    lengths = [np.ascontiguousarray(part.lengths, dtype=np.int64) for part in parts]
    columns = [np.ascontiguousarray(part.columns, dtype=np.int64) for part in parts]
    # int32 indices when `_stack` would make them so; the hashed entries are at most the tokens (their distinct
    # columns, per row), so a page whose tokens alone pass the bound goes the other way, which counts them exactly
    if dense.size + sum(len(c) for c in columns) > _INT32_MAX or max(dense.shape[0], n_features) > _INT32_MAX:
        return None
    data, indices, indptr = _compiled.stack_hashed(dense, lengths, columns, n_hashed, True)
    matrix = sp.csr_matrix((data, indices, indptr), shape=(dense.shape[0], n_features))
    matrix.has_sorted_indices = True
    return matrix


def _hashed_product(
    dense: np.ndarray, parts: tuple[HashedRows | list[list[str]], ...], weights: np.ndarray, n_hashed: int
) -> np.ndarray | None:
    """``_stack_hashed(dense, parts, ...) @ weights`` by the compiled loop (`boilerfree._features.hashed_product`:
    the same float32 sums, added in the order of scipy's product, from the page's sorted (row, column) keys; the
    matrix's stacking and product took 0.28 ms a page, this 0.21); None when that loop does not apply (it is not
    built, a part is token lists, or an array is not C-ordered float32): the caller multiplies the matrix."""
    if _compiled is None or not all(isinstance(part, HashedRows) for part in parts):
        return None
    if not all(a.dtype == np.float32 and a.flags.c_contiguous for a in (dense, weights)):
        return None
    lengths = [np.ascontiguousarray(part.lengths, dtype=np.int64) for part in parts]
    columns = [np.ascontiguousarray(part.columns, dtype=np.int64) for part in parts]
    return _compiled.hashed_product(dense, lengths, columns, n_hashed, weights)


def _stack_of_arrays(dense: np.ndarray, hashed: sp.csr_matrix, n_features: int) -> sp.csr_matrix:
    """``sp.hstack([csr(dense), hashed], format="csr", dtype=float32)``, the same arrays, built directly: every row
    holds its dense non-zeros, then its hashed columns shifted past the dense ones. Each entry's place is computed,
    not sorted for (scipy's general stacking took more time than the features it stacks; np.nonzero of a 2-d
    float array, half of this)."""
    n, width = dense.shape
    flat = np.flatnonzero(dense != 0)
    rows, columns = np.divmod(flat, width)
    dense_before = np.zeros(n + 1, dtype=np.int64)  # dense non-zeros in the rows above, and in this one
    np.cumsum(np.bincount(rows, minlength=n), out=dense_before[1:])
    hashed_indptr = hashed.indptr.astype(np.int64)
    hashed_rows = np.repeat(np.arange(n), np.diff(hashed_indptr))
    size = len(flat) + len(hashed.indices)
    at_dense = np.arange(len(flat)) + hashed_indptr[rows]  # after the hashed entries of the rows above
    at_hashed = np.arange(len(hashed.indices)) + dense_before[hashed_rows + 1]  # after the dense ones, this row's too
    indices = np.empty(size, dtype=np.int64)
    indices[at_dense] = columns
    indices[at_hashed] = hashed.indices.astype(np.int64) + width
    data = np.empty(size, dtype=np.float32)
    data[at_dense] = dense.ravel()[flat]
    data[at_hashed] = hashed.data
    matrix = sp.csr_matrix((data, indices, dense_before + hashed_indptr), shape=(n, n_features))  # int32 if it fits
    matrix.has_sorted_indices = True
    return matrix
