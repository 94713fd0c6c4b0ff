"""Behavioural checks of the session's trained model, and the promotion gate's decisions."""

from __future__ import annotations

import numpy as np
import pytest

from inference.predict import predict
from inference.settings import Settings
from parley_model.labels import LABELS, SCORE_COLUMNS
from training.behaviour import load_items, run_checks

pytestmark = pytest.mark.slow

# The promotion gate's default thresholds (``Settings.gate_*``), fixed here so that the
# environment cannot loosen what this test asks of the model.
MIN_CLEAR = 0.8
MIN_NEGATION = 0.75
MIN_PARAPHRASE = 0.6


@pytest.fixture(scope="module")
def report(champion):
    return run_checks(champion)


def test_thresholds_are_the_gate_defaults():
    defaults = Settings.model_fields
    assert defaults["gate_min_clear"].default == MIN_CLEAR
    assert defaults["gate_min_negation"].default == MIN_NEGATION
    assert defaults["gate_min_paraphrase"].default == MIN_PARAPHRASE


def test_clear_cases_are_right(report):
    assert report.clear_accuracy >= MIN_CLEAR, report.failures


@pytest.mark.parametrize("label", LABELS)
def test_clear_statements_of_each_label_get_that_label(champion, label):
    texts = [it["text"] for it in load_items() if it["kind"] == "clear" and it["label"] == label]
    assert len(texts) >= 5
    got = predict(champion, texts)["label"].tolist()
    rate = got.count(label) / len(texts)
    assert rate >= MIN_CLEAR, list(zip(texts, got, strict=True))


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
    favor = "We must keep talking to them. " * 200
    # Same first window (far longer than the model reads), then the opposite stance.
    turns = "We must keep talking to them. " * 100 + "Cut all ties with them now. " * 100
    frame = predict(champion, [favor, turns, "We must keep talking to them."])
    assert frame["truncated"].tolist() == [True, True, False]
    assert frame["label"].tolist()[:2] == ["favor", "favor"]
    scores = frame[list(SCORE_COLUMNS)].to_numpy()
    np.testing.assert_allclose(scores[0], scores[1], atol=1e-5)  # nothing past the window counts


def test_gate_refuses_a_worse_challenger_and_keeps_the_champion(trained_minilm):
    from mlflow import MlflowClient

    from training.config import load_config
    from training.promote import promote
    from training.train import run_training

    weak = run_training(
        load_config(overrides=["model=tfidf", "experiment=tests", "tfidf_c_grid=[0.01]"]),
        progress=lambda m: None,
    )
    gate = Settings(
        gate_margin=0.0,
        gate_min_clear=MIN_CLEAR,
        gate_min_negation=MIN_NEGATION,
        gate_min_paraphrase=MIN_PARAPHRASE,
    )
    decision = promote(gate)
    client = MlflowClient()
    assert not decision.promoted
    assert (decision.challenger, decision.champion_before) == (weak.version, trained_minilm.version)
    assert decision.challenger_f1 < decision.champion_f1
    assert any("below the champion" in r for r in decision.reasons), decision.reasons
    champion = client.get_model_version_by_alias("stance-classifier", "champion")
    assert str(champion.version) == trained_minilm.version
    tags = client.get_model_version("stance-classifier", weak.version).tags
    assert tags["gate"].startswith("refused")

    # The thresholds come from the settings: a margin that forgives any F1 drop leaves only an
    # impossible clear-case threshold to refuse the challenger.
    strict = gate.model_copy(update={"gate_margin": 1.0, "gate_min_clear": 1.01})
    decision = promote(strict)
    assert not decision.promoted
    assert not any("below the champion" in r for r in decision.reasons), decision.reasons
    assert any("required 101%" in r for r in decision.reasons), decision.reasons
    champion = client.get_model_version_by_alias("stance-classifier", "champion")
    assert str(champion.version) == trained_minilm.version


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
