"""Behavioural checks of the session's trained model, and the promotion gate's decisions."""

from __future__ import annotations

import os

import pytest

from inference.predict import predict
from training.behaviour import run_checks

pytestmark = pytest.mark.slow

MIN_CLEAR = float(os.environ.get("PARLEY_GATE_MIN_CLEAR", "0.8"))
MIN_NEGATION = float(os.environ.get("PARLEY_GATE_MIN_NEGATION", "0.75"))
MIN_PARAPHRASE = float(os.environ.get("PARLEY_GATE_MIN_PARAPHRASE", "0.6"))


@pytest.fixture(scope="module")
def report(champion):
    return run_checks(champion)


def test_clear_cases_are_right(report):
    assert report.clear_accuracy >= MIN_CLEAR, report.failures


def test_negation_moves_the_label_the_right_way(report):
    # Each member of a negation pair scores its own annotated label higher than its partner does.
    assert report.negation_direction_rate >= MIN_NEGATION, report.failures
    assert 0 <= report.negation_flip_rate <= report.negation_direction_rate


def test_paraphrases_keep_the_label(report):
    assert report.paraphrase_consistency >= MIN_PARAPHRASE, report.failures


def test_model_beats_chance_on_held_out_test(trained_minilm):
    assert trained_minilm.test["macro_f1"] > 0.5
    assert trained_minilm.test_unanimous["n"] <= trained_minilm.test["n"]


def test_long_text_is_scored_on_first_window_and_flagged(champion):
    long_text = "We must keep talking to them. " * 200
    frame = predict(champion, [long_text, "Keep the hotline open."])
    assert frame["truncated"].tolist() == [True, False]
    assert frame["label"].tolist()[0] in {"favor", "against", "neutral"}


def test_gate_refuses_a_worse_challenger_and_keeps_the_champion(trained_minilm):
    from mlflow import MlflowClient

    from training.config import load_config
    from training.promote import promote
    from training.train import run_training

    weak = run_training(
        load_config(overrides=["model=tfidf", "experiment=tests", "tfidf_c_grid=[0.01]"]),
        progress=lambda m: None,
    )
    decision = promote()
    client = MlflowClient()
    assert not decision.promoted
    assert any("below the champion" in r for r in decision.reasons), decision.reasons
    champion = client.get_model_version_by_alias("stance-classifier", "champion")
    assert str(champion.version) == trained_minilm.version
    tags = client.get_model_version("stance-classifier", weak.version).tags
    assert tags["gate"].startswith("refused")


def test_failed_retrain_leaves_champion_untouched(trained_minilm, tmp_path):
    from mlflow import MlflowClient

    from training.config import load_config
    from training.data import DataError
    from training.train import run_training

    bad = tmp_path / "new.jsonl"
    bad.write_text('{"id": "n1", "text": "Talks!", "label": "maybe"}\n')
    with pytest.raises(DataError, match="new.jsonl:1"):
        run_training(load_config(overrides=["experiment=tests"]), extra_data=[str(bad)])
    champion = MlflowClient().get_model_version_by_alias("stance-classifier", "champion")
    assert str(champion.version) == trained_minilm.version
