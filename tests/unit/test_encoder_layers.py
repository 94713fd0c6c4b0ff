"""``encoder_layers``: a student made of a real encoder's lower layers, with their weights."""

from __future__ import annotations

import pytest
import torch

from training.config import ConfigError, load_config
from training.encoders import encoder_name, encoder_path
from training.finetune import load_classifier


def test_the_lower_layers_keep_their_pretrained_weights():
    base = str(encoder_path("minilm"))
    full = load_classifier(base)[1]
    lower = load_classifier(base, layers=2)[1]
    assert lower.config.num_hidden_layers == 2
    assert len(lower.bert.encoder.layer) == 2
    for i in range(2):
        a = full.bert.encoder.layer[i].state_dict()
        b = lower.bert.encoder.layer[i].state_dict()
        assert all(torch.equal(a[k], b[k]) for k in a)
    assert torch.equal(
        full.bert.embeddings.word_embeddings.weight, lower.bert.embeddings.word_embeddings.weight
    )


def test_more_layers_than_the_encoder_has_is_an_error():
    with pytest.raises(ValueError, match="has 6"):
        load_classifier(str(encoder_path("minilm")), layers=7)


def test_the_config_names_the_student_it_trains():
    cfg = load_config(overrides=["model=mpnet", "encoder_layers=6"])
    assert (
        encoder_name(cfg.model, cfg.encoder_layers)
        == "sentence-transformers/all-mpnet-base-v2 (lower 6 layers)"
    )
    assert encoder_name(load_config().model) == "sentence-transformers/all-MiniLM-L6-v2"
    with pytest.raises(ConfigError, match="encoder_layers"):
        load_config(overrides=["encoder_layers=0"])


def test_every_shipped_profile_is_a_valid_config():
    from training.config import DEFAULTS

    profiles = sorted((DEFAULTS.parent / "profiles").glob("*.toml"))
    assert {p.stem for p in profiles} >= {"full", "balanced"}
    balanced = load_config(DEFAULTS.parent / "profiles" / "balanced.toml")
    assert (balanced.model, balanced.encoder_layers) == ("mpnet", 6)
    for path in profiles:
        cfg = load_config(path)
        assert cfg.data[0] == "data/real_statements.jsonl"  # the frozen split comes first
