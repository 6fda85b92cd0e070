"""The guard limits read from the environment: a change between calls takes effect at the next call."""

import pytest

from boilerfree.errors import BoilerfreeError
from boilerfree.limits import Limits


def test_limits_follow_a_change_of_the_environment(monkeypatch):
    monkeypatch.delenv("BOILERFREE_MAX_DEPTH", raising=False)
    assert Limits.from_env() == Limits()
    monkeypatch.setenv("BOILERFREE_MAX_DEPTH", "12")
    assert Limits.from_env() == Limits(max_depth=12)
    monkeypatch.setenv("BOILERFREE_MAX_DEPTH", "0")
    for _ in range(2):  # a bad value raises at every call
        with pytest.raises(BoilerfreeError, match="max_depth must be a positive integer"):
            Limits.from_env()
    monkeypatch.delenv("BOILERFREE_MAX_DEPTH")
    assert Limits.from_env() == Limits() and Limits.from_env({"BOILERFREE_MAX_BYTES": "1_000"}).max_bytes == 1000
