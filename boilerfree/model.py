"""The block model: one linear (softmax) classifier per input format, stored as plain arrays plus a JSON manifest.

A model directory holds ``manifest.json`` and ``weights.npz``. Loading checks the manifest's format and feature-set
versions and the sha256 of the weights before reading them, checks every array header in the archive (no Python
objects, no more data claimed than stored), and reads them with ``allow_pickle=False``: a model file can never run
code, and a foreign one fails with `ModelError` before numpy reads it. Only the columns with a non-zero weight are
stored, as float16, which keeps the default model small enough to ship in the package.
"""

from __future__ import annotations

import hashlib
import json
import math
import os
import threading
import zipfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import scipy.sparse as sp

from .blocks import Page
from .errors import ModelError
from .features import FEATURE_SET_VERSION, Featurizer, scores
from .features.table import BlockTable, block_table
from .labels import LABELS

MODEL_FORMAT_VERSION = 1
MANIFEST = "manifest.json"
WEIGHTS = "weights.npz"
HEADS = ("html", "text")
DEFAULT_MODEL_DIR = Path(__file__).resolve().parent / "models" / "default"
MAX_MANIFEST_BYTES = 1 << 20  # the shipped manifest is a few KB
# What a damaged or foreign weights file can raise while it is read (zipfile, zlib, numpy's header parser).
_UNREADABLE = (KeyError, ValueError, TypeError, IndexError, OSError, EOFError, SyntaxError, zipfile.BadZipFile,
               zlib.error, NotImplementedError)  # fmt: skip


@dataclass
class LinearHead:
    """Linear scores ``X @ coef.T + intercept``, one row of ``coef`` per label.

    Row 0 is a logistic content-vs-boilerplate model, so P(content) = sigmoid(score 0) is calibrated on its own;
    the other rows rank the boilerplate types, and share P(boilerplate) = 1 - P(content) by a softmax.
    """

    coef: np.ndarray
    intercept: np.ndarray
    threshold: float = 0.5  # P(content) above which a block is kept
    # the threshold for text that an extractor already reduced to the main content (text head; None: ``threshold``)
    extracted_threshold: float | None = None
    _transposed_of: tuple[np.ndarray, np.ndarray] | None = field(default=None, init=False, repr=False, compare=False)

    def decision(self, X: sp.spmatrix) -> np.ndarray:
        return np.asarray(X @ self._transposed())[:, : len(self.coef)] + self.intercept

    def _transposed(self) -> np.ndarray:
        """``coef.T`` in C order, then zero columns up to a multiple of 8, made once: scipy copied the transposed
        view to C order on every product (a few MB a page), and the compiled product adds a row of 8 weights in two
        vector operations where it added 7 one by one (`_features._add_keyed_lanes`); each column's sums are its
        own, so the labels' columns are the same without the padding's (dropped by the callers). The model is
        read-only once loaded; a new ``coef`` array is noticed, an edit in place is not."""
        cached = self._transposed_of
        if cached is None or cached[0] is not self.coef:
            k, n_features = self.coef.shape
            padded = np.zeros((n_features, -(-k // 8) * 8), dtype=self.coef.dtype)
            padded[:, :k] = self.coef.T
            cached = self._transposed_of = (self.coef, padded)
        return cached[1]

    def page_decision(self, featurizer: Featurizer, page: Page, blocks: BlockTable | None = None) -> np.ndarray:
        """``decision(featurizer.transform(page))``, the same scores, summed without the matrix when the compiled
        product is built (`Featurizer.product`; ``blocks``: the page's `BlockTable`, when the caller made it)."""
        return featurizer.product(page, self._transposed(), blocks)[:, : len(self.coef)] + self.intercept

    def split_proba(self, X: sp.spmatrix) -> tuple[np.ndarray, np.ndarray]:
        """`split_scores` of the rows of ``X``."""
        return split_scores(self.decision(X))

    def predict_proba(self, X: sp.spmatrix) -> np.ndarray:
        return combine(*self.split_proba(X))


def split_scores(z: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """P(content) (float32, as the second stage reads it) and the distribution over the boilerplate types (rows
    summing to 1) from a head's scores, kept apart so that a P(content) that rounds to 1 does not wipe out the
    types."""
    content = 1.0 / (1.0 + np.exp(-_clip(z[:, 0], 50.0)))
    return content.astype(np.float32, copy=False), softmax(z[:, 1:])


def _clip(z: np.ndarray, bound: float) -> np.ndarray:
    """``np.clip(z, -bound, bound)``, the same values (NaN kept), by the two ufuncs it is made of: ``np.clip``
    passes through three Python wrappers, which on a page's few hundred values cost more than the arithmetic."""
    return np.minimum(np.maximum(z, -bound), bound)


def softmax(z: np.ndarray) -> np.ndarray:
    z = z - z.max(axis=1, keepdims=True)
    z = np.exp(z)
    z /= z.sum(axis=1, keepdims=True)
    return z


@dataclass
class StageTwo:
    """Logistic P(content) from the first stage's scores of a block's neighbours and containers
    (`boilerfree.features.scores`)."""

    coef: np.ndarray  # (len(scores.NAMES),)
    intercept: float

    def content_proba(
        self, first: np.ndarray, types: np.ndarray, page: Page, blocks: BlockTable | None = None
    ) -> np.ndarray:
        """P(content) of every block (``blocks``: the page's `BlockTable`, which the first stage read, if given)."""
        words, tree, headline, flags = scores.html_inputs(page, blocks)
        if tree is None:  # text mode
            texts = [seg.text for seg in page.segments] if blocks is None else blocks.texts
            return self.proba(scores.numeric(first, types, words, None, texts=texts))
        return self.proba(scores.numeric(first, types, words, tree, headline, flags))

    def proba(self, features: np.ndarray) -> np.ndarray:
        """P(content) from the second-stage features (`scores.numeric`) of a page's blocks."""
        z = features @ self.coef + self.intercept
        return 1.0 / (1.0 + np.exp(-_clip(z, 50.0)))


def combine(content: np.ndarray, types: np.ndarray) -> np.ndarray:
    """P(label) rows: P(content), then 1 - P(content) shared among the boilerplate types by their distribution."""
    # written into one float32 array (each value computed in the type numpy's stacking made, then rounded once)
    out = np.empty((len(content), types.shape[1] + 1), dtype=np.float32)
    out[:, 0] = content
    np.multiply(types, (1.0 - content)[:, None], out=out[:, 1:], casting="same_kind")
    return out


@dataclass
class Model:
    """A loaded model: the featurizer it was trained with and, per input format, a first-stage head and optionally
    a second stage."""

    heads: dict[str, LinearHead]
    hash_bits: int
    labels: tuple[str, ...] = LABELS
    manifest: dict[str, Any] = field(default_factory=dict)
    stage2: dict[str, StageTwo] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.featurizer = Featurizer(self.hash_bits)

    def head(self, fmt: str) -> LinearHead:
        return self.heads[fmt] if fmt in self.heads else self.heads["html"]

    def threshold(self, page: Page) -> float:
        """The P(content) threshold for ``page``: its head's, or the head's post-filter threshold for extracted
        text (format="extracted")."""
        head = self.head(page.format)
        if page.extracted and head.extracted_threshold is not None:
            return head.extracted_threshold
        return head.threshold

    def predict_page(self, page: Page) -> np.ndarray:
        """P(label) for every block of a segmented page: (blocks x labels)."""
        if not page.segments:
            return np.zeros((0, len(self.labels)), dtype=np.float32)
        fmt = page.format if page.format in self.heads else "html"
        blocks = block_table(page)  # each block's attributes read once, for both stages
        content, types = split_scores(self.heads[fmt].page_decision(self.featurizer, page, blocks))
        second = self.stage2.get(fmt)
        if second is not None:
            content = second.content_proba(content, types, page, blocks)
        return combine(content, types)

    def save(self, directory: str | Path, extra_manifest: dict[str, Any] | None = None) -> Path:
        """Write ``weights.npz`` (non-zero columns only) and ``manifest.json`` with its sha256."""
        directory = Path(directory)
        directory.mkdir(parents=True, exist_ok=True)
        arrays: dict[str, np.ndarray] = {}
        for name, head in self.heads.items():
            columns = np.flatnonzero(np.any(head.coef != 0, axis=0)).astype(np.int32)
            arrays[f"{name}_columns"] = columns
            arrays[f"{name}_weights"] = head.coef[:, columns].astype(np.float16)  # halves the file; 1e-3 relative
            arrays[f"{name}_intercept"] = head.intercept.astype(np.float32)
        for name, second in self.stage2.items():
            arrays[f"{name}_stage2"] = np.append(second.coef, second.intercept).astype(np.float32)
        weights = directory / WEIGHTS
        np.savez_compressed(weights, **arrays)
        manifest = dict(self.manifest)
        manifest.update(extra_manifest or {})
        manifest.update(
            format_version=MODEL_FORMAT_VERSION, feature_set_version=FEATURE_SET_VERSION, hash_bits=self.hash_bits,
            labels=list(self.labels),
            heads={n: _head_info(h, n in self.stage2) for n, h in self.heads.items()},
            weights_file=WEIGHTS, weights_sha256=_sha256(weights), weights_bytes=weights.stat().st_size,
        )  # fmt: skip
        (directory / MANIFEST).write_text(json.dumps(manifest, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
        self.manifest = manifest
        return directory

    @classmethod
    def load(cls, directory: str | Path) -> Model:
        """Load and verify a model directory; raises ModelError with what to do when it is not usable."""
        directory = Path(directory)
        try:
            if (directory / MANIFEST).stat().st_size > MAX_MANIFEST_BYTES:
                raise ValueError(f"larger than {MAX_MANIFEST_BYTES:,} bytes")
            manifest = json.loads((directory / MANIFEST).read_text(encoding="utf-8"))
        except FileNotFoundError:
            raise ModelError(f"{directory}: no {MANIFEST}; is this a boilerfree model directory?") from None
        except (OSError, ValueError, RecursionError) as exc:
            raise ModelError(f"{directory}/{MANIFEST} is unreadable: {exc}") from None
        if not isinstance(manifest, dict):
            raise ModelError(f"{directory}/{MANIFEST} is not a boilerfree manifest")
        if manifest.get("format_version") != MODEL_FORMAT_VERSION:
            raise ModelError(
                f"{directory}: model format {manifest.get('format_version')!r}, this boilerfree reads "
                f"{MODEL_FORMAT_VERSION}; retrain it with `boilerfree train` or install the matching boilerfree"
            )
        if manifest.get("feature_set_version") != FEATURE_SET_VERSION:
            raise ModelError(
                f"{directory}: trained on feature set {manifest.get('feature_set_version')!r}, this boilerfree "
                f"computes feature set {FEATURE_SET_VERSION}; retrain the model with this version"
            )
        if manifest.get("weights_file", WEIGHTS) != WEIGHTS:
            raise ModelError(f"{directory}/{MANIFEST}: weights_file must be {WEIGHTS!r}")
        weights = directory / WEIGHTS
        if not weights.is_file():
            raise ModelError(f"{directory}: weights file {weights.name!r} is missing")
        if _sha256(weights) != manifest.get("weights_sha256"):
            raise ModelError(f"{weights}: sha256 does not match the manifest; the file was changed or damaged")
        labels = manifest.get("labels")
        hash_bits = manifest.get("hash_bits")
        head_info = manifest.get("heads")
        if (
            not isinstance(labels, list)
            or len(labels) < 2
            or not all(isinstance(label, str) for label in labels)
            or type(hash_bits) is not int
            or not 8 <= hash_bits <= 24
            or not isinstance(head_info, dict)
            or not all(isinstance(info, dict) for info in head_info.values())
        ):
            raise ModelError(f"{directory}/{MANIFEST}: labels, hash_bits or heads missing or malformed")
        labels = tuple(labels)
        n_features = Featurizer(hash_bits).n_features
        heads: dict[str, LinearHead] = {}
        stage2: dict[str, StageTwo] = {}
        try:
            _check_archive(weights, len(head_info) * (len(labels) + 2) * n_features * 4 + (1 << 20))
            with np.load(weights, allow_pickle=False) as data:
                for name, info in head_info.items():
                    columns = _array(data, f"{name}_columns", "iu", 1)
                    if len(columns) and (columns.min() < 0 or columns.max() >= n_features):
                        raise ValueError(f"{name}_columns out of range")
                    weights_ = _array(data, f"{name}_weights", "f", (len(labels), len(columns)))
                    intercept = _array(data, f"{name}_intercept", "f", (len(labels),))
                    threshold = _probability(info.get("threshold", 0.5), f"{name} threshold")
                    extracted = info.get("extracted_threshold")
                    if extracted is not None:
                        extracted = _probability(extracted, f"{name} extracted_threshold")
                    coef = np.zeros((len(labels), n_features), dtype=np.float32)
                    coef[:, columns] = weights_
                    heads[name] = LinearHead(coef, intercept.astype(np.float32), threshold, extracted)
                    if info.get("stage2"):
                        values = _array(data, f"{name}_stage2", "f", (len(scores.NAMES) + 1,)).astype(np.float64)
                        stage2[name] = StageTwo(values[:-1], float(values[-1]))
        except _UNREADABLE as exc:
            raise ModelError(f"{weights}: not a boilerfree weights file ({type(exc).__name__}: {exc})") from None
        if "html" not in heads:
            raise ModelError(f"{directory}: the model has no 'html' head")
        return cls(heads, hash_bits, labels, manifest, stage2)


def _head_info(head: LinearHead, stage2: bool) -> dict[str, Any]:
    info: dict[str, Any] = {"threshold": head.threshold, "stage2": stage2}
    if head.extracted_threshold is not None:
        info["extracted_threshold"] = head.extracted_threshold
    return info


def _probability(value: Any, what: str) -> float:
    value = float(value)
    if not 0.0 <= value <= 1.0:
        raise ValueError(f"{what} {value} is not a probability")
    return value


def _check_archive(path: Path, max_bytes: int) -> None:
    """Before numpy reads anything: ``path`` is a zip of .npy arrays of numbers, at most ``max_bytes`` in all, whose
    headers claim no more data than their member holds (numpy allocates what a header claims before reading)."""
    with zipfile.ZipFile(path) as archive:
        members = archive.infolist()
        if sum(m.file_size for m in members) > max_bytes:
            raise ValueError(f"{sum(m.file_size for m in members):,} bytes unpacked, more than this model could hold")
        for member in members:
            with archive.open(member) as f:
                version = np.lib.format.read_magic(f)
                if version not in ((1, 0), (2, 0)):
                    raise ValueError(f"{member.filename}: .npy format {version}")
                read_header = (
                    np.lib.format.read_array_header_1_0 if version == (1, 0) else np.lib.format.read_array_header_2_0
                )
                shape, _, dtype = read_header(f)
                if dtype.hasobject:
                    raise ValueError(f"{member.filename} holds Python objects")
                if math.prod(shape) * dtype.itemsize > member.file_size:
                    raise ValueError(f"{member.filename} claims more data than it holds")


def _array(data: Any, key: str, kinds: str, shape: int | tuple[int, ...]) -> np.ndarray:
    """``data[key]``, checked: its dtype kind is one of ``kinds``, its shape (or number of dimensions) as expected,
    its values finite."""
    array = data[key]
    if array.dtype.kind not in kinds:
        raise ValueError(f"{key} has dtype {array.dtype}")
    if array.ndim != shape if isinstance(shape, int) else array.shape != shape:
        raise ValueError(f"{key} has shape {array.shape}, expected {shape}")
    if array.dtype.kind == "f" and not np.isfinite(array).all():
        raise ValueError(f"{key} holds NaN or infinite values")
    return array


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


_default_lock = threading.Lock()
_default: Model | None = None


def default_model() -> Model:
    """The shipped model, loaded once (thread-safe) and shared read-only; ``BOILERFREE_MODEL`` overrides its path."""
    global _default
    if _default is None:
        with _default_lock:
            if _default is None:
                _default = Model.load(os.environ.get("BOILERFREE_MODEL") or DEFAULT_MODEL_DIR)
    return _default


def load_model(path: str | Path | None = None) -> Model:
    """A model directory, or the default model when ``path`` is None."""
    return default_model() if path is None else Model.load(path)
