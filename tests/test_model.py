import hashlib
import io
import json
import pickle
import shutil
import zipfile

import numpy as np
import pytest

from boilerfree.blocks import segment
from boilerfree.document import load_document
from boilerfree.errors import ModelError
from boilerfree.features import scores
from boilerfree.labels import LABELS
from boilerfree.model import DEFAULT_MODEL_DIR, LinearHead, Model, StageTwo, load_model, softmax


def tiny_model(hash_bits=10):
    rng = np.random.default_rng(0)
    n = Model({}, hash_bits).featurizer.n_features
    coef = rng.normal(size=(len(LABELS), n)).astype(np.float32)
    coef[:, rng.random(n) < 0.5] = 0  # sparse columns, as a trained model has
    heads = {
        "html": LinearHead(coef, rng.normal(size=len(LABELS)).astype(np.float32), 0.4),
        "text": LinearHead(coef * 0.5, np.zeros(len(LABELS), np.float32), 0.6),
    }
    return Model(heads, hash_bits)


def features(model):
    page = segment(load_document("<html><body><p>Hello world, this is a page.</p><p>Log in</p></body></html>"))
    return model.featurizer.transform(page)


def test_save_load_round_trip_predicts_the_same(tmp_path):
    model = tiny_model()
    model.save(tmp_path / "m")
    loaded = Model.load(tmp_path / "m")
    X = features(model)
    assert np.allclose(model.head("html").predict_proba(X), loaded.head("html").predict_proba(X), atol=2e-3)
    assert loaded.head("text").threshold == 0.6 and loaded.labels == LABELS
    assert json.loads((tmp_path / "m" / "manifest.json").read_text())["weights_sha256"]


def test_extracted_text_is_kept_at_the_post_filter_threshold(tmp_path):
    model = tiny_model()
    model.heads["text"].extracted_threshold = 0.1
    loaded = Model.load(model.save(tmp_path / "m"))
    assert loaded.head("text").extracted_threshold == 0.1 and loaded.head("html").extracted_threshold is None
    text, extracted = (segment(load_document("Line one\nLine two", f)) for f in ("text", "extracted"))
    assert not text.extracted and extracted.extracted and extracted.format == "text"
    assert loaded.threshold(text) == 0.6 and loaded.threshold(extracted) == 0.1
    loaded.heads["text"].extracted_threshold = None  # a model without one: the head's threshold
    assert loaded.threshold(extracted) == 0.6


def test_probabilities_sum_to_one():
    model = tiny_model()
    proba = model.head("html").predict_proba(features(model))
    assert np.allclose(proba.sum(axis=1), 1.0)


def test_tampered_weights_are_refused(tmp_path):
    tiny_model().save(tmp_path / "m")
    with open(tmp_path / "m" / "weights.npz", "ab") as f:
        f.write(b"x")
    with pytest.raises(ModelError, match="sha256"):
        Model.load(tmp_path / "m")


class _Exploit:
    """Unpickling it creates ``marker``: the proof that a file was unpickled."""

    def __init__(self, marker):
        self.marker = str(marker)

    def __reduce__(self):
        return (open, (self.marker, "w"))


def _vouch_for(directory, **manifest_changes):
    """An attacker who controls the manifest too: its sha256 matches whatever weights.npz now holds."""
    manifest = json.loads((directory / "manifest.json").read_text())
    manifest["weights_sha256"] = hashlib.sha256((directory / "weights.npz").read_bytes()).hexdigest()
    manifest.update(manifest_changes)
    (directory / "manifest.json").write_text(json.dumps(manifest))


def _rewrite_arrays(directory, **changes):
    """weights.npz with some arrays replaced (None removes one), vouched for by the manifest."""
    with np.load(directory / "weights.npz") as data:
        arrays = dict(data)
    for name, value in changes.items():
        if value is None:
            arrays.pop(name)
        else:
            arrays[name] = value
    np.savez(directory / "weights.npz", **arrays)
    _vouch_for(directory)


def test_pickled_file_is_never_unpickled(tmp_path):
    tiny_model().save(tmp_path / "m")
    marker = tmp_path / "pwned"
    payload = pickle.dumps({"html_columns": _Exploit(marker)})
    pickle.loads(payload)  # the payload is armed: unpickling it writes the marker
    assert marker.exists()
    marker.unlink()
    (tmp_path / "m" / "weights.npz").write_bytes(payload)
    _vouch_for(tmp_path / "m")  # even with a matching hash
    with pytest.raises(ModelError, match="not a boilerfree weights file"):
        Model.load(tmp_path / "m")
    assert not marker.exists()


def test_pickled_array_inside_the_npz_is_never_unpickled(tmp_path):
    directory = tiny_model().save(tmp_path / "m")
    marker = tmp_path / "pwned"
    _rewrite_arrays(directory, html_columns=np.array([_Exploit(marker)], dtype=object))  # np.save pickles it
    with np.load(directory / "weights.npz", allow_pickle=True) as data:
        data["html_columns"]  # armed: an unsafe load writes the marker
    assert marker.exists()
    marker.unlink()
    with pytest.raises(ModelError, match="html_columns.npy holds Python objects"):
        Model.load(directory)
    assert not marker.exists()


def test_header_claiming_more_data_than_stored_is_refused_before_numpy_allocates(tmp_path):
    directory = tiny_model().save(tmp_path / "m")
    header = io.BytesIO()
    np.lib.format.write_array_header_1_0(header, {"descr": "<f4", "fortran_order": False, "shape": (10**12,)})
    with zipfile.ZipFile(directory / "weights.npz", "a") as archive:
        archive.writestr("huge.npy", header.getvalue() + b"\0" * 64)
    _vouch_for(directory)
    with pytest.raises(ModelError, match="huge.npy claims more data than it holds"):
        Model.load(directory)


def test_single_npy_array_in_place_of_the_archive_is_refused(tmp_path):
    directory = tiny_model().save(tmp_path / "m")
    with open(directory / "weights.npz", "wb") as f:
        np.save(f, np.zeros(10))
    _vouch_for(directory)
    with pytest.raises(ModelError, match="not a boilerfree weights file"):
        Model.load(directory)


@pytest.mark.parametrize(
    "changes, message",
    [
        ({"html_columns": np.array([0.5, 1.5])}, "dtype"),
        ({"html_columns": np.array([-1], dtype=np.int32)}, "out of range"),
        ({"html_columns": np.array([1 << 30], dtype=np.int32)}, "out of range"),
        ({"html_weights": np.zeros((2, 3), np.float16)}, "shape"),
        ({"html_intercept": np.full(len(LABELS), np.nan, np.float32)}, "NaN"),
        ({"html_intercept": None}, "html_intercept"),
    ],
)
def test_foreign_arrays_are_model_errors(tmp_path, changes, message):
    directory = tiny_model().save(tmp_path / "m")
    _rewrite_arrays(directory, **changes)
    with pytest.raises(ModelError, match=message):
        Model.load(directory)


@pytest.mark.parametrize(
    "changes",
    [
        {"hash_bits": "16"},
        {"hash_bits": 99},
        {"labels": 7},
        {"labels": ["content"]},
        {"heads": ["html"]},
        {"heads": {"html": 0.5}},
        {"heads": {"html": {"threshold": "high"}}},
        {"heads": {"html": {"threshold": float("nan")}}},
        {"heads": {"html": {"threshold": 0.5, "extracted_threshold": 1.5}}},
        {"weights_file": "../elsewhere/weights.npz"},
    ],
)
def test_malformed_manifest_is_a_model_error(tmp_path, changes):
    directory = tiny_model().save(tmp_path / "m")
    _vouch_for(directory, **changes)
    with pytest.raises(ModelError):
        Model.load(directory)


@pytest.mark.parametrize("content", ["[1, 2]", "not json", "[" * 100_000 + "]" * 100_000, " " * (2 << 20)])
def test_manifest_that_is_not_a_manifest_is_a_model_error(tmp_path, content):
    directory = tiny_model().save(tmp_path / "m")
    (directory / "manifest.json").write_text(content)
    with pytest.raises(ModelError, match="manifest"):
        Model.load(directory)


def test_version_mismatch_is_a_clear_error(tmp_path):
    tiny_model().save(tmp_path / "m")
    manifest = json.loads((tmp_path / "m" / "manifest.json").read_text())
    manifest["feature_set_version"] = 999
    (tmp_path / "m" / "manifest.json").write_text(json.dumps(manifest))
    with pytest.raises(
        ModelError, match="trained on feature set 999, this boilerfree computes feature set .*; retrain"
    ):
        Model.load(tmp_path / "m")


def test_format_version_mismatch_is_a_clear_error(tmp_path):
    directory = tiny_model().save(tmp_path / "m")
    _vouch_for(directory, format_version=2)
    with pytest.raises(ModelError, match="model format 2, this boilerfree reads 1; retrain it"):
        Model.load(directory)


def test_probabilities_sum_to_one_when_the_first_stage_is_certain():
    """A first-stage P(content) of exactly 1 leaves no boilerplate share; when the second stage lowers P(content),
    the types come from the first stage's type scores, not from zeros."""
    model = tiny_model()
    model.heads["html"].intercept[0] = 1000.0  # first stage: content, certainly
    model.stage2["html"] = StageTwo(np.zeros(len(scores.NAMES)), -1.0)  # second stage: P(content) 0.27
    page = segment(load_document("<html><body><p>Hello world, this is a page.</p><p>Log in</p></body></html>"))
    proba = model.predict_page(page)
    assert np.allclose(proba.sum(axis=1), 1.0) and np.allclose(proba[:, 0], 1 / (1 + np.exp(1.0)))
    types = softmax(model.head("html").decision(model.featurizer.transform(page))[:, 1:])
    assert (proba[:, 1:].argmax(axis=1) == types.argmax(axis=1)).all()


def test_missing_directory_is_a_clear_error(tmp_path):
    with pytest.raises(ModelError, match="manifest"):
        Model.load(tmp_path / "nothing")


def test_default_model_ships_and_loads(tmp_path):
    model = load_model()
    assert model.labels == LABELS and set(model.heads) == {"html", "text"}
    cv = model.manifest["cross_validation"]
    # folds 0: a final-only run whose thresholds came from an earlier cross-validation (README, "The default model")
    assert model.manifest["training_data"] and (cv["figures"] or cv["folds"] == 0)
    copy = tmp_path / "copy"
    shutil.copytree(DEFAULT_MODEL_DIR, copy)
    assert Model.load(copy).hash_bits == model.hash_bits
