"""`parley score --engine spark` equals the local engine (a real local[2] Spark, real models)."""

from __future__ import annotations

import json

import pyarrow.parquet as pq
import pytest

from serving.batch.formats import BatchError
from serving.batch.job import run_job
from serving.batch.prepare import BatchJob
from tests.batch.rows import FORMATS, make_rows, write_rows


def both_engines(tmp_path, inp, model_uri, **kw):
    """Score ``inp`` with each engine into Parquet; return (local table, spark table, paths)."""
    local = tmp_path / "local.parquet"
    spark = tmp_path / "spark.parquet"
    run_job(BatchJob(input=inp, output=local, model_uri=model_uri, engine="local", **kw))
    summary = run_job(BatchJob(input=inp, output=spark, model_uri=model_uri, engine="spark", **kw))
    return pq.read_table(local), pq.read_table(spark), (local, spark), summary


@pytest.mark.parametrize("fmt", FORMATS)
def test_spark_equals_local(tmp_path, spark, tfidf_model_uri, fmt):
    rows = make_rows(60, bad_every=11)
    rows[5]["text"] = 'Quoted "words", a comma,\nand a second line: keep talking.'
    inp = write_rows(tmp_path / f"in.{fmt}", rows)
    if fmt == "jsonl":  # unreadable lines must stay rows in both engines
        with open(inp, "a", encoding="utf-8") as fh:
            fh.write('{"id": "broken", \n\n[1, 2]\n' + json.dumps({"id": "num", "text": 7}) + "\n")

    local, on_spark, (local_path, spark_path), summary = both_engines(
        tmp_path, inp, tfidf_model_uri, chunk_rows=25
    )
    assert on_spark.schema == local.schema
    assert on_spark.column("label").to_pylist() == local.column("label").to_pylist()
    assert on_spark.to_pylist() == local.to_pylist()
    assert spark_path.read_bytes() == local_path.read_bytes()
    n_bad = 5 + (3 if fmt == "jsonl" else 0)
    assert summary.rows == len(local) == 60 + (3 if fmt == "jsonl" else 0)
    assert summary.errors == n_bad == sum(e is not None for e in local.column("error").to_pylist())
    assert local.column("label").null_count == n_bad
    assert spark.sparkContext._jsc is not None  # the shared session was not stopped


def test_spark_refuses_resume(tmp_path, tfidf_model_uri):
    inp = write_rows(tmp_path / "in.csv", make_rows(3))
    job = BatchJob(
        input=inp, output=tmp_path / "o.csv", model_uri=tfidf_model_uri, engine="spark", resume=True
    )
    with pytest.raises(BatchError, match="--resume works with the local engine"):
        run_job(job)


@pytest.mark.slow
def test_spark_equals_local_with_the_registered_transformer(tmp_path, spark, champion):
    """The real champion (fine-tuned MiniLM) on a few hundred rows: same labels, same scores.

    Scores are compared to 0.01, not exactly: the engines batch differently, and fp32 kernels
    on different batch shapes differ in float rounding (ONNX int8 runs one statement per pass).
    """
    rows = make_rows(300, bad_every=50)
    inp = write_rows(tmp_path / "in.csv", rows)
    local, on_spark, _, summary = both_engines(tmp_path, inp, "models:/stance-classifier@champion")
    assert summary.model_version == f"models:/stance-classifier/{champion.version}"
    labels = local.column("label").to_pylist()
    assert on_spark.column("label").to_pylist() == labels
    good = [i for i, label in enumerate(labels) if label is not None]
    favor = local.column("score_favor").to_pylist()
    assert len({round(favor[i], 6) for i in good}) > 50  # real per-text scores, not a constant
    for col in ("score_favor", "score_against", "score_neutral"):
        a, b = on_spark.column(col).to_pylist(), local.column(col).to_pylist()
        assert [a[i] for i in good] == pytest.approx([b[i] for i in good], abs=0.01)
    assert on_spark.column("error").to_pylist() == local.column("error").to_pylist()
    assert local.column("error").null_count == 294
