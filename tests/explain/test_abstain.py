"""Abstain: one rule (top calibrated score below PARLEY_ABSTAIN_BELOW), the same answer from
the shared function, the HTTP API and `parley score`; bad thresholds are clear errors."""

from __future__ import annotations

import json

import httpx
import numpy as np
import pyarrow.parquet as pq
import pytest
from apitools import predict_body
from explain_cases import CLEAR
from pydantic import ValidationError

from inference.predict import add_abstain, predict
from inference.settings import parse_threshold
from parley.cli import main as parley
from parley_model.labels import SCORE_COLUMNS
from serving.api.settings import ServingSettings
from serving.batch.job import BatchJob, run_job

TEXTS = [text for text, _, _ in CLEAR]


def top_scores(frame) -> np.ndarray:
    return frame[list(SCORE_COLUMNS)].to_numpy().max(axis=1)


def test_add_abstain_rule(tfidf_model):
    frame = predict(tfidf_model, TEXTS)
    top = top_scores(frame)
    assert top.max() < 0.99  # the TF-IDF model is never that sure of these
    assert not add_abstain(frame, None)["abstain"].any()  # unset: never
    assert add_abstain(frame, 0.99)["abstain"].all()
    middle = float(np.median(top))
    flags = add_abstain(frame, middle)["abstain"].to_numpy()
    np.testing.assert_array_equal(flags, top < middle)
    assert 0 < flags.sum() < len(TEXTS)
    out = add_abstain(frame, 0.99)
    assert out["label"].tolist() == frame["label"].tolist()  # the label is still given
    assert "abstain" not in frame  # a copy: the caller's frame is untouched


@pytest.mark.parametrize(
    ("raw", "expected"), [(None, None), ("", None), ("  ", None), ("0.6", 0.6), (1, 1.0)]
)
def test_parse_threshold(raw, expected):
    assert parse_threshold(raw) == expected


@pytest.mark.parametrize("raw", ["abc", "0", "-0.1", "1.5", "nan"])
def test_parse_threshold_refuses(raw):
    with pytest.raises(ValueError, match="PARLEY_ABSTAIN_BELOW"):
        parse_threshold(raw)


def test_setting_from_env(monkeypatch):
    monkeypatch.setenv("PARLEY_ABSTAIN_BELOW", "0.7")
    assert ServingSettings().abstain_below == 0.7
    monkeypatch.setenv("PARLEY_ABSTAIN_BELOW", "")
    assert ServingSettings().abstain_below is None
    monkeypatch.setenv("PARLEY_ABSTAIN_BELOW", "70")
    with pytest.raises(ValidationError, match=r"PARLEY_ABSTAIN_BELOW must be in \(0, 1\]"):
        ServingSettings()


def _post(server, texts):
    r = httpx.post(f"{server.url}/v1/predict", json=predict_body(texts), timeout=60)
    assert r.status_code == 200, r.text
    return r.json()["predictions"]


def test_api_abstains_at_099_and_never_when_unset(serve, tfidf_registered):
    preds = _post(serve(tfidf_registered, abstain_below=0.99), TEXTS)
    assert all(p["abstain"] is True for p in preds)
    assert all(p["label"] in p["scores"] for p in preds)  # label still given
    preds = _post(serve(tfidf_registered), TEXTS)
    assert all(p["abstain"] is False for p in preds)


def test_api_and_batch_agree(serve, tfidf_registered, tmp_path):
    """The same threshold gives the same flags over HTTP and in `parley score`."""
    threshold = float(np.median(top_scores(predict_frame(tfidf_registered))))
    served = _post(serve(tfidf_registered, abstain_below=threshold), TEXTS)

    inp = tmp_path / "in.jsonl"
    rows = [{"id": f"s{i}", "text": t} for i, t in enumerate(TEXTS)] + [{"id": "bad", "text": ""}]
    inp.write_text("".join(json.dumps(r) + "\n" for r in rows))
    out = tmp_path / "out.parquet"
    run_job(BatchJob(input=inp, output=out, model_uri=tfidf_registered, abstain_below=threshold))
    got = pq.read_table(out).to_pylist()
    assert [r["abstain"] for r in got[:-1]] == [p["abstain"] for p in served]
    assert 0 < sum(r["abstain"] for r in got[:-1]) < len(TEXTS)
    assert got[-1]["abstain"] is None and got[-1]["error"] == "text is empty"


def predict_frame(uri: str):
    from inference.predict import load_model

    return predict(load_model(uri), TEXTS)


def test_batch_has_no_abstain_column_unless_asked(tfidf_model_uri, tmp_path):
    inp = tmp_path / "in.jsonl"
    inp.write_text("".join(json.dumps({"text": t}) + "\n" for t in TEXTS[:3]))
    out = tmp_path / "out.jsonl"
    run_job(BatchJob(input=inp, output=out, model_uri=tfidf_model_uri))
    assert "abstain" not in json.loads(out.read_text().splitlines()[0])


def test_cli_flag_overrides_env(tfidf_model_uri, tmp_path, monkeypatch, capsys):
    inp = tmp_path / "in.jsonl"
    inp.write_text("".join(json.dumps({"text": t}) + "\n" for t in TEXTS[:4]))
    monkeypatch.setenv("PARLEY_ABSTAIN_BELOW", "0.99")
    out = tmp_path / "env.jsonl"
    assert parley(["score", str(inp), "-o", str(out), "--model", tfidf_model_uri]) == 0
    assert all(json.loads(line)["abstain"] for line in out.read_text().splitlines())
    out = tmp_path / "flag.jsonl"
    args = [
        "score",
        str(inp),
        "-o",
        str(out),
        "--model",
        tfidf_model_uri,
        "--abstain-below",
        "0.01",
    ]
    assert parley(args) == 0
    assert not any(json.loads(line)["abstain"] for line in out.read_text().splitlines())
    capsys.readouterr()
    bad = ["score", str(inp), "-o", str(tmp_path / "x.jsonl"), "--abstain-below", "2"]
    assert parley(bad) == 2
    assert "--abstain-below must be in (0, 1]" in capsys.readouterr().err
    monkeypatch.setenv("PARLEY_ABSTAIN_BELOW", "often")
    bad = ["score", str(inp), "-o", str(tmp_path / "y.jsonl"), "--model", tfidf_model_uri]
    assert parley(bad) == 2
    assert "PARLEY_ABSTAIN_BELOW must be a number" in capsys.readouterr().err


@pytest.mark.slow
def test_spark_engine_abstains_like_the_local_one(tfidf_model_uri, tmp_path):
    """Spark computes the rule as a column expression: the same flags as add_abstain."""
    from pyspark.sql import SparkSession

    from serving.batch.spark import build_session

    inp = tmp_path / "in.jsonl"
    rows = [{"id": f"s{i}", "text": t} for i, t in enumerate(TEXTS)] + [{"id": "bad", "text": ""}]
    inp.write_text("".join(json.dumps(r) + "\n" for r in rows))
    threshold = float(np.median(top_scores(predict_frame(tfidf_model_uri))))
    ours = SparkSession.getActiveSession() is None  # reuse the batch tests' session if running
    spark = build_session("local[2]", app_name="parley-tests-abstain")
    try:
        outputs = {}
        for engine in ("local", "spark"):
            out = tmp_path / f"{engine}.parquet"
            job = BatchJob(
                input=inp, output=out, model_uri=tfidf_model_uri, abstain_below=threshold
            )
            job.engine = engine
            run_job(job)
            outputs[engine] = pq.read_table(out).to_pylist()
    finally:
        if ours:
            spark.stop()
    flags = [r["abstain"] for r in outputs["spark"]]
    assert flags == [r["abstain"] for r in outputs["local"]]
    assert flags[-1] is None and 0 < sum(f for f in flags[:-1]) < len(TEXTS)
