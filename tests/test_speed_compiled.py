"""The compiled feature loops (`boilerfree._features`) give what their pure-Python specifications give. CI builds the
extension and sets BOILERFREE_REQUIRE_SPEEDUPS=1, so a build that silently fell back to Python fails there."""

from __future__ import annotations

import importlib.util
import os

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from boilerfree import hashing

compiled_features = hashing._compiled
compiled = pytest.mark.skipif(
    compiled_features is None, reason="boilerfree._features is not built (or BOILERFREE_PURE=1)"
)

# ASCII, Latin, CJK, astral (4-byte UTF-8), NUL and lone surrogates: every UTF-8 length and the fallback
characters = st.sampled_from(list("abz09 _:=>é€中\x00\U0001d11e\ud800\udfff"))
texts = st.text(alphabet=characters, max_size=12)


def test_the_compiled_features_are_built_when_required():
    if os.environ.get("BOILERFREE_REQUIRE_SPEEDUPS", "") in ("", "0"):
        pytest.skip("BOILERFREE_REQUIRE_SPEEDUPS is not set")
    assert os.environ.get("BOILERFREE_PURE", "") in ("", "0"), "BOILERFREE_PURE=1 contradicts the requirement"
    assert compiled_features is not None, "boilerfree._features did not build or import: pip install -e . must build it"


def test_boilerfree_pure_turns_the_compiled_features_off(monkeypatch):
    monkeypatch.setenv("BOILERFREE_PURE", "1")
    assert hashing.compiled_features() is None
    monkeypatch.setenv("BOILERFREE_PURE", "0")
    assert (hashing.compiled_features() is not None) == (importlib.util.find_spec("boilerfree._features") is not None)


@compiled
@settings(max_examples=300, deadline=None)
@given(st.lists(texts, max_size=20))
def test_compiled_murmurhash_is_mmh3_of_each_token(tokens):
    expected = hashing.murmurhash3_32_of_each(tokens)
    got = compiled_features.murmurhash3_32(tokens)
    if any(0xD800 <= ord(c) <= 0xDFFF for t in tokens for c in t):
        assert got is None  # no UTF-8 form: the caller hashes these the specification's way
        assert np.array_equal(hashing.murmurhash3_32(tokens), expected)
    else:
        assert got.dtype == np.int32 and np.array_equal(got, expected)


@compiled
def test_compiled_murmurhash_of_every_tail_length():
    tokens = ["x" * n for n in range(40)] + ["é" * n for n in range(20)] + ["\U0001d11e" * n for n in range(10)]
    assert np.array_equal(compiled_features.murmurhash3_32(tokens), hashing.murmurhash3_32_of_each(tokens))
