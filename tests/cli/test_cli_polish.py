"""The command line as a new user meets it: version, help, exit codes, JSON status, no noise."""

from __future__ import annotations

import json
import os
import subprocess
from importlib.metadata import version

import pytest

from tests.servers import PARLEY
from training.variants import VARIANTS

DATA = "data/behavioural.jsonl"


def parley(
    *args: str, env: dict | None = None, timeout: float = 300
) -> subprocess.CompletedProcess:
    full = {**os.environ, **(env or {})}
    if env and "MLFLOW_TRACKING_URI" in env:  # the test session's registry must not leak in
        full.pop("MLFLOW_REGISTRY_URI", None)
    return subprocess.run(
        [PARLEY, *args],
        env=full,
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def test_version():
    out = parley("--version")
    assert out.returncode == 0
    assert out.stdout.strip() == f"parley {version('parley')}"


def test_help_is_for_users_and_lists_exit_codes():
    out = parley("--help")
    assert out.returncode == 0
    assert "diplomatic engagement" in " ".join(out.stdout.split())
    assert "Heavy imports" not in out.stdout  # the module docstring is for developers
    assert "exit codes:" in out.stdout
    for code in ("0  success", "1  promote", "2  bad input", "3  status"):
        assert code in out.stdout
    for command in ("train", "promote", "evaluate", "experiment", "status", "serve", "score"):
        assert command in out.stdout
    assert "analyze" in out.stdout


def test_experiment_names_are_choices():
    out = parley("experiment", "--help")
    assert out.returncode == 0
    for name in VARIANTS:
        assert f"  {name} " in out.stdout
    wrong = parley("experiment", "tfidf-rael")
    assert wrong.returncode == 2
    assert "invalid choice: 'tfidf-rael'" in wrong.stderr and "tfidf-real" in wrong.stderr


def test_status_json_on_an_empty_store(tmp_path):
    out = parley("status", "--json", env={"MLFLOW_TRACKING_URI": f"sqlite:///{tmp_path}/m.db"})
    assert out.returncode == 3  # no champion
    body = json.loads(out.stdout)
    assert body["champion"] is None and body["versions"] == [] and body["aliases"] == {}
    assert body["model"] == "stance-classifier"
    assert out.stderr == ""


def test_status_json_matches_the_registry(mlflow_store):
    from mlflow import MlflowClient

    out = parley("status", "--json")
    body = json.loads(out.stdout)
    client = MlflowClient()
    versions = client.search_model_versions("name='stance-classifier'")
    assert [v["version"] for v in body["versions"]] == sorted(
        (str(v.version) for v in versions), key=int
    )
    aliases = client.get_registered_model("stance-classifier").aliases if versions else {}
    assert body["aliases"] == {k: str(v) for k, v in aliases.items()}
    assert out.returncode == (0 if "champion" in aliases else 3)
    assert parley("status", "--json", "--quiet").returncode == 2  # one or the other


def test_evaluate_prints_no_third_party_warnings(tfidf_model_uri):
    out = parley("evaluate", "--model", tfidf_model_uri, "--data", DATA)
    assert out.returncode == 0, out.stderr
    assert "macro-F1" in out.stdout
    assert out.stderr == "", out.stderr  # no MLflow type-hint warning, no progress bars
    as_json = parley("evaluate", "--model", tfidf_model_uri, "--data", DATA, "--json")
    assert json.loads(as_json.stdout)["n"] == 62 and as_json.stderr == ""


@pytest.mark.slow  # fine-tunes MiniLM (a tiny run, but `make test-fast` skips all of those)
def test_training_shows_a_progress_bar_per_epoch(capsys, tmp_path):
    """A tiny fine-tune with the bar forced on (stderr is not a terminal under pytest)."""
    pytest.importorskip("torch")
    from training.config import load_config
    from training.data import load_jsonl
    from training.finetune import train_transformer

    records = load_jsonl(DATA, require_id=False)
    cfg = load_config(overrides=["epochs=2", "batch_size=8", "threads=1"])
    train_transformer(cfg, records[:24], records[24:36], tmp_path, progress=print, show_bar=True)
    err = capsys.readouterr().err
    for epoch in ("epoch 1/2", "epoch 2/2"):
        assert epoch in err
    assert "3/3" in err and "batch" in err  # 24 statements in batches of 8, with the rate
    assert "<" in err  # tqdm's elapsed<remaining (ETA)
