"""`parley score --explain`: an evidence column (JSON) equal to the API's evidence, kept through
bad rows and chunking; a resumed job must use the same options; Spark refuses it clearly."""

from __future__ import annotations

import json

import pyarrow.parquet as pq
import pytest
from explain_cases import CLEAR

from inference.explain import explain
from serving.batch.formats import BatchError
from serving.batch.job import BatchJob, run_job

TEXTS = [text for text, _, _ in CLEAR]


def write_input(path, texts):
    rows = [{"id": f"s{i}", "text": t} for i, t in enumerate(texts)]
    rows.insert(2, {"id": "blank", "text": "   "})
    path.write_text("".join(json.dumps(r) + "\n" for r in rows))
    return rows


def test_evidence_column(tfidf_model_uri, tfidf_model, tmp_path):
    inp = tmp_path / "in.jsonl"
    rows = write_input(inp, TEXTS)
    out = tmp_path / "out.parquet"
    run_job(BatchJob(input=inp, output=out, model_uri=tfidf_model_uri, explain=True, chunk_rows=5))
    got = pq.read_table(out).to_pylist()
    assert [r["id"] for r in got] == [r["id"] for r in rows]
    assert "abstain" not in got[0]  # only with a threshold
    assert got[2]["evidence"] is None and got[2]["error"] == "text is empty"
    good = [r for r in got if r["error"] is None]
    _, expected = explain(tfidf_model, [r["text"] for r in good])
    for row, spans in zip(good, expected, strict=True):
        evidence = json.loads(row["evidence"])
        assert evidence == [ev.to_dict() for ev in spans]
        for ev in evidence:
            assert row["text"][ev["start"] : ev["end"]] == ev["text"]


def test_resume_needs_the_same_explain_option(tfidf_model_uri, tmp_path):
    inp = tmp_path / "in.jsonl"
    write_input(inp, TEXTS)
    out = tmp_path / "out.jsonl"
    # An unfinished job: the work directory and its manifest, as a crash would leave them.
    from serving.batch.job import WorkDir, prepare

    prepare(BatchJob(input=inp, output=out, model_uri=tfidf_model_uri, explain=True))
    assert WorkDir(out).manifest_path.exists()
    with pytest.raises(BatchError, match="explain"):
        run_job(BatchJob(input=inp, output=out, model_uri=tfidf_model_uri, resume=True))
    run_job(BatchJob(input=inp, output=out, model_uri=tfidf_model_uri, explain=True, resume=True))
    assert all("evidence" in json.loads(line) for line in out.read_text().splitlines())


def test_spark_refuses_explain(tfidf_model_uri, tmp_path):
    inp = tmp_path / "in.jsonl"
    write_input(inp, TEXTS[:2])
    job = BatchJob(
        input=inp,
        output=tmp_path / "o.csv",
        model_uri=tfidf_model_uri,
        explain=True,
        engine="spark",
    )
    with pytest.raises(BatchError, match="--explain works with the local engine"):
        run_job(job)
