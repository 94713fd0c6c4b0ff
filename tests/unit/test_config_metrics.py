"""Training config validation, metrics and temperature scaling."""

from __future__ import annotations

import numpy as np
import pytest

from parley_model.engines import EngineOutput
from parley_model.pyfunc import scores_frame, softmax
from parley_model.text import InputError, validate_texts
from training.config import ConfigError, load_config
from training.metrics import compute_metrics, expected_calibration_error, fit_temperature


def test_defaults_and_overrides():
    cfg = load_config(
        overrides=["epochs=3", "learning_rate=1e-4", "model=tfidf", "tfidf_c_grid=[1, 2]"]
    )
    assert (cfg.epochs, cfg.learning_rate, cfg.model, cfg.tfidf_c_grid) == (
        3,
        1e-4,
        "tfidf",
        [1.0, 2.0],
    )


@pytest.mark.parametrize(
    "override, key", [("epochs=0", "epochs"), ("model=bert", "model"), ("lr=1", "lr")]
)
def test_bad_config_names_the_key(override, key):
    with pytest.raises(ConfigError, match=key):
        load_config(overrides=[override])


def test_bad_config_file(tmp_path):
    (tmp_path / "c.toml").write_text("epochs = [")
    with pytest.raises(ConfigError, match="not valid TOML"):
        load_config(tmp_path / "c.toml")


def test_metrics_known_values():
    y = ["favor", "against", "neutral", "favor"]
    probs = np.array([[0.8, 0.1, 0.1], [0.1, 0.8, 0.1], [0.6, 0.2, 0.2], [0.2, 0.2, 0.6]])
    m = compute_metrics(y, probs)
    assert m["accuracy"] == 0.5
    assert m["confusion"] == [[1, 0, 1], [0, 1, 0], [1, 0, 0]]
    assert m["f1"]["against"] == 1.0 and m["f1"]["neutral"] == 0.0
    assert abs(m["macro_f1"] - (0.5 + 1 + 0) / 3) < 1e-9


def test_ece_zero_when_calibrated_and_large_when_overconfident():
    y = np.array([0, 0, 0, 0])
    half = np.array([[0.5, 0.5, 0.0]] * 4)
    assert expected_calibration_error(np.array([[1.0, 0, 0]] * 4), y) == 0.0
    assert expected_calibration_error(np.array([[0.0, 1.0, 0]] * 4), y) == 1.0
    assert expected_calibration_error(half, np.array([0, 1, 0, 1])) == 0.0


def test_temperature_recovers_overconfidence():
    rng = np.random.default_rng(0)
    true_logits = rng.normal(size=(3000, 3)) * 2
    y = [("favor", "against", "neutral")[rng.choice(3, p=p)] for p in softmax(true_logits)]
    t = fit_temperature(true_logits * 3.0, y)  # a model 3x too confident
    assert 2.6 < t < 3.4


def test_runtime_output_frame_and_input_validation():
    out = EngineOutput(np.array([[2.0, 0.0, 0.0], [0.0, 0.0, 5.0]]), np.array([False, True]))
    frame = scores_frame(out, temperature=1.0)
    assert frame["label"].tolist() == ["favor", "neutral"]
    assert frame["truncated"].tolist() == [False, True]
    assert np.allclose(frame[["score_favor", "score_against", "score_neutral"]].sum(axis=1), 1)
    with pytest.raises(InputError, match="row 1: text is empty"):
        validate_texts(["ok", "  "])
    with pytest.raises(InputError, match="row 0: text is missing"):
        validate_texts([float("nan")])


def test_experiment_variants_use_every_real_corpus():
    from training.data import REAL_FILES
    from training.variants import REAL, VARIANTS

    assert tuple(REAL) == REAL_FILES
    assert all(set(REAL_FILES) <= set(v["data"]) for v in VARIANTS.values())
