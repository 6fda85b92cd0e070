"""`boilerfree.hashing` gives exactly scikit-learn's FeatureHasher columns (the model's hashed columns depend on it),
and prediction does not import scikit-learn."""

from __future__ import annotations

import subprocess
import sys

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st
from sklearn.feature_extraction import FeatureHasher
from sklearn.utils import murmurhash3_32 as reference

from boilerfree.hashing import TokenHasher, murmurhash3_32

tokens = st.text(st.characters(exclude_categories=("Cs",)), max_size=90)  # Cs: lone surrogates, not UTF-8


@settings(max_examples=200, deadline=None)
@given(st.lists(tokens, max_size=60))
def test_murmurhash_matches_scikit_learn(words):
    expected = np.array([reference(w, seed=0) for w in words], dtype=np.int32)
    assert np.array_equal(murmurhash3_32(words), expected)


@settings(max_examples=100, deadline=None)
@given(st.lists(st.lists(tokens, max_size=20), min_size=1, max_size=8), st.sampled_from([8, 16, 18]))
def test_token_hasher_gives_feature_hashers_matrix(rows, bits):
    expected = FeatureHasher(n_features=2**bits, input_type="string", alternate_sign=False).transform(rows)
    got = TokenHasher(2**bits).transform(rows)
    assert got.shape == expected.shape and got.dtype == expected.dtype
    for name in ("indptr", "indices", "data"):
        assert np.array_equal(getattr(got, name), getattr(expected, name))


def test_edge_tokens_hash_like_the_reference():
    words = ["", "a", "ab", "abc", "abcd", "abcde", "with\0nul", "\0", "x" * 400, "ünïcödé", "中文字", "😀" * 7]
    assert murmurhash3_32(words).tolist() == [reference(w, seed=0) for w in words]


def test_lone_surrogates_hash_as_their_bytes():
    assert murmurhash3_32(["ok", "bad\ud800"]).tolist()[0] == reference("ok", seed=0)
    assert len(murmurhash3_32(["bad\ud800"])) == 1


def test_cleaning_does_not_import_scikit_learn():
    code = "import sys, boilerfree; boilerfree.clean('<p>One paragraph of text.</p>'); print('sklearn' in sys.modules)"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "False"
