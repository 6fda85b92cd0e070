import json
import pickle
import shutil

import numpy as np
import pytest

from boilerfree.blocks import segment
from boilerfree.document import load_document
from boilerfree.errors import ModelError
from boilerfree.labels import LABELS
from boilerfree.model import DEFAULT_MODEL_DIR, LinearHead, Model, load_model


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
    def __reduce__(self):
        return (open, ("/tmp/boilerfree-pwned", "w"))


def test_pickled_file_is_never_unpickled(tmp_path):
    tiny_model().save(tmp_path / "m")
    bad = tmp_path / "m" / "weights.npz"
    bad.write_bytes(pickle.dumps({"html_columns": _Exploit()}))
    manifest = json.loads((tmp_path / "m" / "manifest.json").read_text())
    import hashlib

    manifest["weights_sha256"] = hashlib.sha256(bad.read_bytes()).hexdigest()  # even with a matching hash
    (tmp_path / "m" / "manifest.json").write_text(json.dumps(manifest))
    with pytest.raises(ModelError):
        Model.load(tmp_path / "m")
    import os

    assert not os.path.exists("/tmp/boilerfree-pwned")


def test_version_mismatch_is_a_clear_error(tmp_path):
    tiny_model().save(tmp_path / "m")
    manifest = json.loads((tmp_path / "m" / "manifest.json").read_text())
    manifest["feature_set_version"] = 999
    (tmp_path / "m" / "manifest.json").write_text(json.dumps(manifest))
    with pytest.raises(ModelError, match="feature set"):
        Model.load(tmp_path / "m")


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
