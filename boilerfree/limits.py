"""Guard limits: how large a document boilerfree reads, so one hostile page cannot take a crawler's time and memory.

Time and memory grow with the number of blocks (the features of every block are built at once, about 10 KB of
memory and 0.2 ms each), so ``max_blocks`` is the limit that bounds them; ``max_elements`` bounds the element table
the walk records on pages of bare tags, which have elements but no blocks (10 MB of ``<br>`` is 2.5 million of
them); ``max_bytes`` refuses a huge input before it is decoded and parsed. Past any of them, `LimitError` names the
limit and how to raise it: a silently truncated page would look complete. ``max_depth`` flattens instead: elements
nested deeper than ``max_depth`` lose their structure (their text joins the block above) but not their text; long
markup that deep is flattened before it is parsed, as Lexbor's tree builder takes time quadratic in the depth.

The defaults leave room above every page of the four evaluation corpora (2,854 pages: at most 5.3 MB, 6,570 blocks,
15,795 elements, 56 levels deep). ``BOILERFREE_MAX_BYTES``, ``BOILERFREE_MAX_BLOCKS``, ``BOILERFREE_MAX_ELEMENTS``
and ``BOILERFREE_MAX_DEPTH`` change them for a process (and its workers) when ``limits=`` is not given.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, fields

from .errors import BoilerfreeError

PARSER_MAX_DEPTH = 2000  # markup flattened to this depth parses in a few ms (Lexbor is quadratic in the depth)
ENV_PREFIX = "BOILERFREE_"


@dataclass(frozen=True)
class Limits:
    """``max_bytes``: input size (bytes, or characters of a str); ``max_blocks``: blocks of a page; ``max_elements``:
    elements of a page (outside script, style and other skipped subtrees); ``max_depth``: element nesting kept as
    structure (1..2000)."""

    max_bytes: int = 10_000_000
    max_blocks: int = 20_000
    max_depth: int = 1_000
    max_elements: int = 500_000

    def __post_init__(self) -> None:
        for f in fields(self):
            value = getattr(self, f.name)
            if isinstance(value, bool) or not isinstance(value, int) or value < 1:
                raise ValueError(f"Limits.{f.name} must be a positive integer, not {value!r}")
        if self.max_depth > PARSER_MAX_DEPTH:
            raise ValueError(f"Limits.max_depth must be at most {PARSER_MAX_DEPTH} (deeper markup parses slowly)")

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> Limits:
        """The defaults, overridden by ``BOILERFREE_MAX_BYTES`` / ``_MAX_BLOCKS`` / ``_MAX_DEPTH`` / ``_MAX_ELEMENTS``
        when set."""
        environ = os.environ if environ is None else environ
        values: dict[str, int] = {}
        for f in fields(cls):
            name = ENV_PREFIX + f.name.upper()
            raw = environ.get(name, "").strip().replace("_", "")
            if raw:
                try:
                    values[f.name] = int(raw)
                except ValueError:
                    raise BoilerfreeError(f"{name} must be a positive integer, not {raw!r}") from None
        try:
            return cls(**values)
        except ValueError as exc:
            raise BoilerfreeError(f"{exc}; check the {ENV_PREFIX}MAX_* environment variables") from None


def resolve(limits: Limits | None) -> Limits:
    """``limits``, or the defaults as the environment sets them."""
    return Limits.from_env() if limits is None else limits
