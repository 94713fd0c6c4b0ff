"""`parley score`, local engine: formats, bad rows, refusals, resume after a crash."""

from __future__ import annotations

import json
import logging
import os
import signal
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from inference.predict import predict
from parley_model.labels import LABELS, SCORE_COLUMNS
from serving.batch.formats import BatchError
from serving.batch.job import run_job
from serving.batch.prepare import BatchJob
from serving.batch.rows import RESULT_COLUMNS
from serving.batch.workdir import WorkDir
from tests.batch.rows import FORMATS, make_rows, read_output, write_rows

PARLEY = str(Path(sys.executable).with_name("parley"))


def job(inp: Path, out: Path, model: str, **kw) -> BatchJob:
    return BatchJob(input=inp, output=out, model_uri=model, **kw)


@pytest.mark.parametrize("fmt_in", FORMATS)
@pytest.mark.parametrize("fmt_out", FORMATS)
def test_every_format_in_and_out(tmp_path, tfidf_model_uri, tfidf_loaded, fmt_in, fmt_out):
    rows = make_rows(45, bad_every=10)
    inp = write_rows(tmp_path / f"in.{fmt_in}", rows)
    out = tmp_path / f"out.{fmt_out}"
    summary = run_job(job(inp, out, tfidf_model_uri, chunk_rows=8))

    got = read_output(out)
    assert [r["id"] for r in got] == [r["id"] for r in rows]  # every row, in order
    assert list(got[0]) == ["id", "text", "topic", "n", *RESULT_COLUMNS]
    # Original values survive (CSV reads every column back as text).
    cast = str if "csv" in (fmt_in, fmt_out) else (lambda v: v)
    assert [r["n"] for r in got] == [cast(r["n"]) for r in rows]
    assert [r["topic"] for r in got] == [r["topic"] for r in rows]

    good = [i for i, r in enumerate(rows) if r["text"] and r["text"].strip()]
    expected = predict(tfidf_loaded, [rows[i]["text"] for i in good])
    assert [got[i]["label"] for i in good] == expected["label"].tolist()
    for col in SCORE_COLUMNS:
        assert [float(got[i][col]) for i in good] == pytest.approx(expected[col].tolist())
    bad = sorted(set(range(len(rows))) - set(good))
    assert len(bad) == 4
    for i in bad:
        assert got[i]["label"] is None and got[i]["score_favor"] is None
        assert got[i]["error"] in ("text is missing", "text is empty")
    assert {r["model_version"] for r in got} == {tfidf_model_uri}
    assert not (tmp_path / f"out.{fmt_out}.parts").exists()  # work dir removed

    assert summary.rows == 45 and summary.errors == 4
    assert sum(summary.labels.values()) == 41
    assert summary.labels == {k: v for k in LABELS if (v := expected["label"].tolist().count(k))}


def test_bad_jsonl_rows_are_kept_with_errors(tmp_path, tfidf_model_uri):
    lines = [
        json.dumps({"id": "a", "text": "We should keep talking to them, whatever happens."}),
        json.dumps({"id": "b", "text": 42}),
        json.dumps({"id": "c"}),
        json.dumps({"id": "d", "text": None}),
        "{not json",
        "",  # a blank line is not a row
        json.dumps(["a", "list"]),
        json.dumps({"id": "g", "text": "", "extra": {"nested": [1, 2]}}),
        json.dumps({"id": "h", "text": "Sanctions, not summits, are what they understand."}),
    ]
    inp = tmp_path / "in.jsonl"
    inp.write_text("\n".join(lines) + "\n")
    out = tmp_path / "out.jsonl"
    summary = run_job(job(inp, out, tfidf_model_uri))
    got = read_output(out)
    assert [r["id"] for r in got] == ["a", "b", "c", "d", None, None, "g", "h"]
    errors = [r["error"] for r in got]
    assert errors[0] is None and errors[-1] is None
    assert errors[1] == "text is not a string (got int)"
    assert errors[2] == errors[3] == "text is missing"
    assert errors[4].startswith("invalid JSON")
    assert errors[5] == "not a JSON object (got list)"
    assert errors[6] == "text is empty"
    assert all(r["label"] is None for r in got[1:-1])
    assert got[0]["label"] in LABELS and got[-1]["label"] in LABELS
    assert got[1]["text"] == "42"  # mixed-type column -> JSON text
    assert json.loads(got[6]["extra"]) == {"nested": [1, 2]}
    assert summary.rows == 8 and summary.errors == 6


def test_parquet_text_column_of_numbers_is_an_error_per_row(tmp_path, tfidf_model_uri):
    inp = tmp_path / "in.parquet"
    pq.write_table(pa.table({"id": [1, 2], "body": [3, None]}), inp)
    out = tmp_path / "out.csv"
    run_job(job(inp, out, tfidf_model_uri, text_column="body"))
    got = read_output(out)
    assert [r["error"] for r in got] == ["text is not a string (got int)", "text is missing"]


def test_refusals_are_clear(tmp_path, tfidf_model_uri):
    inp = write_rows(tmp_path / "in.csv", make_rows(5))
    with pytest.raises(BatchError, match="no column 'body'"):
        run_job(job(inp, tmp_path / "o.csv", tfidf_model_uri, text_column="body"))
    with pytest.raises(BatchError, match="unsupported format '.txt'"):
        run_job(job(inp, tmp_path / "o.txt", tfidf_model_uri))
    with pytest.raises(BatchError, match="no id column 'key'"):
        run_job(job(inp, tmp_path / "o.csv", tfidf_model_uri, id_column="key"))

    clash = write_rows(tmp_path / "clash.csv", [{"text": "Talk to them.", "label": "x"}])
    with pytest.raises(BatchError, match=r"already has column\(s\) \['label'\].*--output-prefix"):
        run_job(job(clash, tmp_path / "o.csv", tfidf_model_uri))
    run_job(job(clash, tmp_path / "o.csv", tfidf_model_uri, prefix="parley_"))
    got = read_output(tmp_path / "o.csv")
    assert got[0]["label"] == "x" and got[0]["parley_label"] in LABELS

    with pytest.raises(BatchError, match="exists; pass --overwrite"):
        run_job(job(clash, tmp_path / "o.csv", tfidf_model_uri, prefix="parley_"))
    run_job(job(clash, tmp_path / "o.csv", tfidf_model_uri, prefix="parley_", overwrite=True))


def test_cli_summary_and_exit_codes(tmp_path, tfidf_model_uri, capsys, caplog, monkeypatch):
    from parley.cli import main

    inp = write_rows(tmp_path / "in.jsonl", make_rows(30, bad_every=7))
    out = tmp_path / "out.parquet"
    args = ["score", str(inp), "-o", str(out), "--model", tfidf_model_uri, "--chunk-size", "10"]
    monkeypatch.setenv("PARLEY_PROGRESS_SECONDS", "0")  # a progress line after every chunk
    with caplog.at_level(logging.INFO, logger="parley.batch"):
        assert main(args) == 0
    printed = capsys.readouterr().out
    assert "scored 30 rows" in printed and "errors: 4" in printed
    progress = [r.getMessage() for r in caplog.records if "progress:" in r.getMessage()]
    assert len(progress) == 3 and progress[-1].startswith("progress: 30/30 rows (100%)")
    assert any("row 7 (id=s000006): text is empty" in r.getMessage() for r in caplog.records)

    assert main(args) == 2  # the output exists
    assert "pass --overwrite" in capsys.readouterr().err


class Crash(RuntimeError):
    pass


@contextmanager
def crash_at_chunk(index: int):
    """Fault injection: the commit of chunk ``index`` dies, as a crash would."""
    commit = WorkDir.commit

    def failing_commit(self, i, table):
        if i == index:
            raise Crash(f"crash while committing chunk {i}")
        commit(self, i, table)

    WorkDir.commit = failing_commit
    try:
        with pytest.raises(Crash):
            yield
    finally:
        WorkDir.commit = commit


def test_resume_after_an_in_process_crash_matches_a_clean_run(tmp_path, tfidf_model_uri):
    inp = write_rows(tmp_path / "in.csv", make_rows(95, bad_every=9))
    clean = tmp_path / "clean.parquet"
    run_job(job(inp, clean, tfidf_model_uri, chunk_rows=10))

    out = tmp_path / "out.parquet"
    with crash_at_chunk(4):
        run_job(job(inp, out, tfidf_model_uri, chunk_rows=10))
    work = WorkDir(out)
    assert work.committed() == {0, 1, 2, 3} and not out.exists()

    with pytest.raises(BatchError, match="pass --resume"):
        run_job(job(inp, out, tfidf_model_uri, chunk_rows=10))
    with pytest.raises(BatchError, match="cannot resume.*chunk_rows"):
        run_job(job(inp, out, tfidf_model_uri, chunk_rows=20, resume=True))
    summary = run_job(job(inp, out, tfidf_model_uri, chunk_rows=10, resume=True))
    assert summary.resumed_rows == 40 and summary.scored_now == 55 and summary.rows == 95
    assert out.read_bytes() == clean.read_bytes()
    assert not work.path.exists()


def test_resume_refuses_a_changed_input_or_model(tmp_path, tfidf_model_uri):
    inp = write_rows(tmp_path / "in.jsonl", make_rows(20))
    out = tmp_path / "out.csv"
    with crash_at_chunk(2):
        run_job(job(inp, out, tfidf_model_uri, chunk_rows=5))
    with pytest.raises(BatchError, match="cannot resume: the unfinished job used model"):
        run_job(job(inp, out, "models:/m-another", chunk_rows=5, resume=True))
    with open(inp, "a") as fh:
        fh.write(json.dumps({"id": "new", "text": "One more statement."}) + "\n")
    with pytest.raises(BatchError, match="cannot resume: the unfinished job used input_bytes"):
        run_job(job(inp, out, tfidf_model_uri, chunk_rows=5, resume=True))
    assert WorkDir(out).committed() == {0, 1}  # refusing touched nothing
    run_job(job(inp, out, tfidf_model_uri, chunk_rows=5, overwrite=True))
    assert len(read_output(out)) == 21


def _wait_for_parts(work: WorkDir, proc: subprocess.Popen, timeout: float = 120.0) -> int:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise AssertionError(f"parley score ended before it could be killed:\n{proc.stderr}")
        done = len(work.committed())
        if done >= 2:
            return done
        time.sleep(0.01)
    raise TimeoutError("no chunk committed in time")


def test_kill_9_then_resume_gives_every_row_exactly_once(tmp_path, tfidf_model_uri):
    rows = make_rows(6_000, bad_every=97)
    inp = write_rows(tmp_path / "in.jsonl", rows)
    out = tmp_path / "out.csv"
    argv = [PARLEY, "score", str(inp), "-o", str(out), "--model", tfidf_model_uri]
    argv += ["--chunk-size", "20"]
    proc = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        _wait_for_parts(WorkDir(out), proc)
        os.kill(proc.pid, signal.SIGKILL)
    finally:
        proc.wait(timeout=60)
    assert proc.returncode == -signal.SIGKILL
    work = WorkDir(out)
    committed = work.committed()
    assert 2 <= len(committed) < 300 and not out.exists()

    done = subprocess.run([*argv, "--resume"], capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert f"resumed after {len(committed) * 20:,} committed rows" in done.stdout
    got = read_output(out)
    assert [r["id"] for r in got] == [r["id"] for r in rows]  # each row exactly once, in order
    assert sum(r["error"] is not None for r in got) == 61

    clean = tmp_path / "clean.csv"
    run_job(job(inp, clean, tfidf_model_uri, chunk_rows=20))
    assert out.read_bytes() == clean.read_bytes()
