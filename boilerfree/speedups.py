"""The optional compiled modules, built from Cython when boilerfree is installed: ``_walk`` (the segmentation walk)
and ``_features`` (the inner loops of the features). Each compiled function has a Python specification that runs
instead when the module is missing (no C compiler at install time, or a selectolax whose Lexbor structs differ) or when
``BOILERFREE_PURE=1`` is set; both give the same output (tests/test_speed_walk.py, tests/test_speed_compiled.py)."""

from __future__ import annotations

import importlib
import os
from types import ModuleType

MODULES = ("_walk", "_features")


def compiled(name: str) -> ModuleType | None:
    """``boilerfree.<name>``, or None when it is not built or ``BOILERFREE_PURE=1`` is set. The callers read it
    once, at import."""
    if os.environ.get("BOILERFREE_PURE", "").strip() not in ("", "0"):
        return None
    try:
        return importlib.import_module(f"boilerfree.{name}")
    except ImportError:
        return None


def built() -> dict[str, bool]:
    """Which compiled modules this installation would use: ``python -c 'import boilerfree.speedups as s;
    print(s.built())'``."""
    return {name: compiled(name) is not None for name in MODULES}
