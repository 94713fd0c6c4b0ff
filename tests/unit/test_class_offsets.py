"""Per-class offsets fitted on one set of scores (training.class_offsets)."""

from __future__ import annotations

import numpy as np
import pytest

from training.class_offsets import apply_offsets, fit_offsets, macro_f1


def test_zero_offsets_keep_the_argmax():
    probs = np.array([[0.5, 0.3, 0.2], [0.1, 0.6, 0.3], [0.2, 0.2, 0.6]])
    assert apply_offsets(probs, np.zeros(3)).tolist() == [0, 1, 2]


def test_an_under_called_class_gets_a_positive_offset():
    rng = np.random.default_rng(0)
    y = np.repeat([0, 1, 2], 40)
    probs = np.full((120, 3), 0.1) + rng.uniform(0, 0.05, (120, 3))
    probs[np.arange(120), y] += 0.4
    probs[y == 2, 0] += 0.45  # neutral statements lean favor: neutral is never predicted
    probs /= probs.sum(axis=1, keepdims=True)
    assert macro_f1(y, probs.argmax(axis=1)) < 0.6
    offsets = fit_offsets(probs, y)
    assert offsets[0] == 0 and offsets[2] > 0
    assert macro_f1(y, apply_offsets(probs, offsets)) > 0.95


def test_a_balanced_model_keeps_zero_offsets():
    y = np.repeat([0, 1, 2], 10)
    probs = np.full((30, 3), 0.1)
    probs[np.arange(30), y] = 0.8
    assert fit_offsets(probs, y).tolist() == [0.0, 0.0, 0.0]


def test_an_unknown_model_is_a_clear_error(mlflow_store):  # noqa: ARG001 - the private store
    from training.class_offsets import main

    with pytest.raises(SystemExit, match="models:/no-such-model/1: .*not found"):
        main(["--model", "models:/no-such-model/1"])
