"""Feature hashing without scikit-learn: the same columns as ``sklearn.feature_extraction.FeatureHasher``
(``input_type="string"``, ``alternate_sign=False``).

Prediction needs nothing else from scikit-learn, whose import costs most of ``import boilerfree`` (0.8 s of 1.1 s,
and ~100 MB of memory in every worker process). The hash is MurmurHash3 x86 32-bit with seed 0 over the token's
UTF-8 bytes, as scikit-learn's ``murmurhash3_32``, from the ``mmh3`` package (C; 20,000 tokens in ~2 ms), or with
no Python call per token from `boilerfree._features` (compiled, optional: loaded here, through `speedups.compiled`,
for every feature family that has a compiled loop); the column is ``|hash| mod n_features``.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import chain

import mmh3
import numpy as np
import scipy.sparse as sp

from .speedups import compiled

_compiled = compiled("_features")  # None: the Python loops (`speedups`)


def murmurhash3_32(tokens: Sequence[str]) -> np.ndarray:
    """`murmurhash3_32_of_each`, by the compiled loop when it is built (`boilerfree._features`: one C call for all
    tokens rather than one Python call each)."""
    if _compiled is not None:
        hashes = _compiled.murmurhash3_32(tokens if isinstance(tokens, list) else list(tokens))
        if hashes is not None:  # None: a lone surrogate
            return hashes
    return murmurhash3_32_of_each(tokens)


def murmurhash3_32_of_each(tokens: Sequence[str]) -> np.ndarray:
    """Signed 32-bit MurmurHash3 (seed 0) of every token's UTF-8 bytes, as an int32 array.

    mmh3 hashes a ``str`` as its UTF-8 bytes, but crashes the interpreter on a lone surrogate, which text input can
    hold: the tokens are hashed as ``str`` when none has one (one check of all of them joined: a strict encode, in
    half the time of a search), else each as the bytes Python writes for it (``surrogatepass``)."""
    if _encodable("".join(tokens)):
        return np.fromiter(map(mmh3.hash, tokens), dtype=np.int32, count=len(tokens))
    parts = [t.encode("utf-8", "surrogatepass") for t in tokens]
    return np.fromiter(map(mmh3.hash, parts), dtype=np.int32, count=len(tokens))


def _encodable(text: str) -> bool:
    """Is ``text`` free of lone surrogates (can it be written as UTF-8)?"""
    if text.isascii():
        return True
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


@dataclass(frozen=True)
class HashedRows:
    """Token lists already hashed (a family that builds its rows from shared pieces hashes each piece once): the
    number of tokens of every row, and their columns, row after row."""

    lengths: np.ndarray  # int64, one per row
    columns: np.ndarray  # int64, sum(lengths) of them

    def __len__(self) -> int:
        return len(self.lengths)


class TokenHasher:
    """``transform(token lists) -> CSR`` (rows x ``n_features``, float64 counts), column for column the matrix of
    ``FeatureHasher(n_features, input_type="string", alternate_sign=False)``. Stateless."""

    def __init__(self, n_features: int) -> None:
        self.n_features = n_features

    def transform(self, token_lists: Iterable[Sequence[str]]) -> sp.csr_matrix:
        rows = token_lists if isinstance(token_lists, list) else list(token_lists)
        return self.transform_parts([rows])

    def transform_parts(self, parts: Sequence[Sequence[Sequence[str]] | HashedRows]) -> sp.csr_matrix:
        """``transform`` of the rows ``[a + b + ... for a, b, ... in zip(*parts)]`` (each part: one token list per
        row, as each feature family gives them, or those lists hashed already as `HashedRows`), without building
        those rows: the counts do not depend on order."""
        n_rows = len(parts[0]) if parts else 0
        if not n_rows:
            raise ValueError("Cannot vectorize empty sequence.")
        row_keys = np.arange(n_rows, dtype=np.int64) * self.n_features
        keys = np.concatenate([self._keys(rows, row_keys) for rows in parts])
        # (row, column) as one sorted key: the duplicates summed and the columns sorted, as FeatureHasher's
        # sum_duplicates leaves them, in one sort of the page's tokens rather than one per row
        keys.sort()
        first = np.empty(len(keys), dtype=bool)
        first[:1] = True
        np.not_equal(keys[1:], keys[:-1], out=first[1:])
        starts = np.flatnonzero(first)
        row, column = np.divmod(keys[starts], self.n_features)
        indptr = np.zeros(n_rows + 1, dtype=np.int64)
        np.cumsum(np.bincount(row, minlength=n_rows), out=indptr[1:])
        index_type = np.int32 if indptr[-1] <= np.iinfo(np.int32).max else np.int64
        counts = np.diff(np.append(starts, len(keys))).astype(np.float64)
        matrix = sp.csr_matrix(
            (counts, column.astype(index_type), indptr.astype(index_type)), shape=(n_rows, self.n_features)
        )
        matrix.has_canonical_format = True
        return matrix

    def columns(self, tokens: Sequence[str]) -> np.ndarray:
        """The column of every token (int64)."""
        hashes = murmurhash3_32(tokens).astype(np.int64)
        return np.abs(hashes) % self.n_features  # |-2**31| is 2**31 in int64, as scikit-learn defines it

    def columns_of(self, tokens: list[str]) -> list[int]:
        """`columns` as a list."""
        return self.columns(tokens).tolist() if tokens else []

    def _keys(self, rows: Sequence[Sequence[str]] | HashedRows, row_keys: np.ndarray) -> np.ndarray:
        """row * n_features + column of every token of ``rows``."""
        if isinstance(rows, HashedRows):
            return np.repeat(row_keys, rows.lengths) + rows.columns
        columns = self.columns(list(chain.from_iterable(rows)))
        return np.repeat(row_keys, list(map(len, rows))) + columns
