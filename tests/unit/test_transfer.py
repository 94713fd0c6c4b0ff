"""Intermediate training on the public stance corpora: loading, sampling, the saved start point."""

import json
from pathlib import Path

import pytest

from training.config import load_config
from training.finetune import _start_from
from training.transfer import (
    CORPORA,
    LOADERS,
    PairRecord,
    main,
    sample_corpora,
    train_intermediate,
)

SHARED = Path(__file__).resolve().parents[2].parent / "shared" / "datasets"
needs_shared = pytest.mark.skipif(not SHARED.is_dir(), reason="../shared/datasets is absent")


@needs_shared
@pytest.mark.parametrize("corpus", CORPORA)
def test_each_corpus_loads_with_project_labels(corpus):
    records = LOADERS[corpus](SHARED)
    assert len(records) > 500
    assert {r.label for r in records} <= {"favor", "against", "neutral"}
    assert {r.label for r in records} >= {"favor", "against"}
    assert all(r.text.strip() and r.target.strip() for r in records)


@needs_shared
def test_sample_is_seeded_and_capped_per_corpus():
    first = sample_corpora(SHARED, 60, seed=1)
    assert first == sample_corpora(SHARED, 60, seed=1)
    assert first != sample_corpora(SHARED, 60, seed=2)
    for corpus in CORPORA:
        assert sum(r.corpus == corpus for r in first) == 60
    # an even share per label where the corpus has enough of each
    semeval = [r.label for r in first if r.corpus == "semeval"]
    assert {semeval.count(lab) for lab in ("favor", "against", "neutral")} == {20}


def test_a_missing_datasets_folder_is_a_clear_error(tmp_path, capsys):
    assert main(["--datasets", str(tmp_path / "nowhere"), "--model", "minilm"]) == 2
    assert "pass --datasets the shared datasets folder" in capsys.readouterr().err


def test_init_from_must_be_a_model_folder(tmp_path):
    cfg = load_config(overrides=[f"init_from={json.dumps(str(tmp_path))}"])
    with pytest.raises(FileNotFoundError, match="not a model folder"):
        _start_from(cfg)


@pytest.mark.slow
def test_intermediate_model_is_a_start_point_with_the_project_labels(tmp_path):
    texts = {
        "favor": "We should sit down and negotiate with them.",
        "against": "Talking to them would be a grave mistake.",
        "neutral": "The meeting took place on Tuesday.",
    }
    records = [
        PairRecord("negotiations", text, label, "vast")
        for label, text in texts.items()
        for _ in range(6)
    ]
    out = tmp_path / "minilm-stance"
    summary = train_intermediate("minilm", records, out, epochs=1, max_length=32)
    config = json.loads((out / "config.json").read_text())
    assert config["id2label"] == {"0": "favor", "1": "against", "2": "neutral"}
    assert summary["records"] == 18 and summary["holdout_accuracy"] is None
    assert json.loads((out / "intermediate.json").read_text())["base_model"] == "minilm"
    cfg = load_config(overrides=[f"init_from={json.dumps(str(out))}"])
    assert _start_from(cfg) == out
