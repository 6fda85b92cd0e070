"""Exceptions: one base class so callers can catch everything boilerfree raises on purpose."""

from __future__ import annotations


class BoilerfreeError(Exception):
    """Base class of every error boilerfree raises on purpose."""


class InputError(BoilerfreeError, ValueError):
    """The document cannot be read (wrong type, undecodable, not a page)."""


class LimitError(InputError):
    """The document is over a guard limit (`boilerfree.limits.Limits`): too many bytes or too many blocks."""


class ModelError(BoilerfreeError):
    """A model directory is missing, tampered with, or from an incompatible version."""
