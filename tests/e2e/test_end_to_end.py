"""Train → register → promote → `parley evaluate` → HTTP predict on a real uvicorn server."""

from __future__ import annotations

import json
import os
import subprocess

import httpx
import pytest

from tests.servers import PARLEY, ParleyServer
from training.promote import frozen_test_records

pytestmark = pytest.mark.slow


def test_registry_state_after_training(trained_minilm):
    from mlflow import MlflowClient

    client = MlflowClient()
    champion = client.get_model_version_by_alias("stance-classifier", "champion")
    assert str(champion.version) == trained_minilm.version
    run = client.get_run(champion.run_id)
    assert run.info.status == "FINISHED"
    assert {
        "test_macro_f1",
        "test_unanimous_macro_f1",
        "test_ece",
        "temperature",
    } <= run.data.metrics.keys()
    assert run.data.params["data_0_sha256"] and run.data.tags["version.torch"].startswith("2.13.0")
    artifacts = {a.path for a in client.list_artifacts(run.info.run_id, "evaluation")}
    assert {
        "evaluation/confusion_test.png",
        "evaluation/reliability_test.png",
        "evaluation/MODEL_CARD.md",
    } <= artifacts


def test_cli_evaluate_matches_training_metrics(trained_minilm, tmp_path):
    data = tmp_path / "test.jsonl"
    data.write_text(
        "".join(
            json.dumps({"text": r.text, "label": r.label}) + "\n" for r in frozen_test_records()
        )
    )
    proc = subprocess.run(
        [PARLEY, "evaluate", "--data", str(data), "--json"],
        capture_output=True,
        text=True,
        timeout=300,
        env=os.environ,
    )
    assert proc.returncode == 0, proc.stderr
    out = json.loads(proc.stdout.strip().splitlines()[-1])
    assert out["n"] == len(frozen_test_records())
    assert out["macro_f1"] == pytest.approx(trained_minilm.test["macro_f1"], abs=1e-9)
    assert set(out["f1"]) == {"favor", "against", "neutral"} and 0 <= out["accuracy"] <= 1


def test_cli_evaluate_bad_file_is_a_clear_error(tmp_path):
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"text": "Talk to them.", "label": "pro"}\n')
    proc = subprocess.run(
        [PARLEY, "evaluate", "--data", str(bad)],
        capture_output=True,
        text=True,
        timeout=120,
        env=os.environ,
    )
    assert proc.returncode == 2
    assert "bad.jsonl:1" in proc.stderr and "unknown label 'pro'" in proc.stderr


def test_http_predict_from_the_champion(trained_minilm):
    server = ParleyServer()
    try:
        server.wait_ready(timeout=180)
        body = {
            "statements": [
                {
                    "id": "a",
                    "text": "We must keep the embassy open and keep talking, especially now.",
                },
                {"text": "The two delegations last met in Geneva in March."},
            ]
        }
        resp = httpx.post(f"{server.url}/v1/predict", json=body, timeout=30)
        assert resp.status_code == 200, resp.text
        out = resp.json()
        assert out["model"]["version"] == trained_minilm.version
        assert [p["id"] for p in out["predictions"]] == ["a", None]
        for pred in out["predictions"]:
            assert pred["label"] in {"favor", "against", "neutral"}
            assert sum(pred["scores"].values()) == pytest.approx(1.0, abs=1e-6)
        assert out["predictions"][0]["label"] == "favor"
    finally:
        server.stop()
