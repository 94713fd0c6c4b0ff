"""CSV files that must not fail a whole job, and CSV output that must not run in a spreadsheet."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from inference.settings import Settings
from parley_model.labels import LABELS
from serving.batch.job import run_job
from serving.batch.prepare import BatchJob

RISKY = ["=HYPERLINK(\"http://x.test\",\"click\")", "+cmd|' /C calc'!A0", "@SUM(A1:A9)", "-2+3",
         "\t=1+1", "\r=1+1"]  # fmt: skip


def _read_csv(path: Path) -> list[dict]:
    with open(path, encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def _write_csv(path: Path, rows: list[dict]) -> Path:
    buf = io.StringIO(newline="")
    writer = csv.DictWriter(buf, fieldnames=list(rows[0]))
    writer.writeheader()
    writer.writerows(rows)
    path.write_text(buf.getvalue(), encoding="utf-8", newline="")
    return path


def test_formulas_in_text_and_pass_through_columns_are_neutralised(tmp_path, tfidf_model_uri):
    rows = [{"id": f"r{i}", "text": f"{v} We must keep talking.", "note": v}
            for i, v in enumerate(RISKY)]  # fmt: skip
    rows.append({"id": "plain", "text": "Talks must go on.", "note": "fine"})
    inp = _write_csv(tmp_path / "in.csv", rows)
    out = tmp_path / "out.csv"
    run_job(BatchJob(input=inp, output=out, model_uri=tfidf_model_uri))
    got = _read_csv(out)
    assert [r["note"] for r in got] == ["'" + v for v in RISKY] + ["fine"]
    assert [r["text"] for r in got] == ["'" + r["text"] for r in rows[:-1]] + ["Talks must go on."]
    assert all(r["label"] in LABELS for r in got)  # scored on the original text

    raw = tmp_path / "raw.csv"
    raw_csv = Settings.from_env(csv_raw=True)
    run_job(BatchJob(input=inp, output=raw, model_uri=tfidf_model_uri, settings=raw_csv))
    assert [r["note"] for r in _read_csv(raw)] == [*RISKY, "fine"]


def test_cli_switch_for_raw_csv(tmp_path, tfidf_model_uri, monkeypatch):
    from parley.cli import main

    inp = _write_csv(tmp_path / "in.csv", [{"text": "=1+1 talk", "note": "@x"}])
    assert main(["score", str(inp), "-o", str(tmp_path / "a.csv"), "--model", tfidf_model_uri]) == 0
    assert _read_csv(tmp_path / "a.csv")[0]["note"] == "'@x"
    args = ["score", str(inp), "-o", str(tmp_path / "b.csv"), "--model", tfidf_model_uri]
    assert main([*args, "--csv-raw"]) == 0
    assert _read_csv(tmp_path / "b.csv")[0]["note"] == "@x"
    monkeypatch.setenv("PARLEY_CSV_RAW", "1")
    args = ["score", str(inp), "-o", str(tmp_path / "c.csv"), "--model", tfidf_model_uri]
    assert main(args) == 0
    assert _read_csv(tmp_path / "c.csv")[0]["note"] == "@x"


def test_a_field_over_8_mib_keeps_every_row(tmp_path, tfidf_model_uri):
    big = "We must keep talking to them. " * (9 * 1024 * 1024 // 30)  # 9 MiB, one field
    rows = [{"id": "a", "text": "Talks must go on."}, {"id": "big", "text": big},
            {"id": "c", "text": "Never negotiate with them."}]  # fmt: skip
    inp = _write_csv(tmp_path / "in.csv", rows)
    out = tmp_path / "out.jsonl"
    summary = run_job(BatchJob(input=inp, output=out, model_uri=tfidf_model_uri))
    assert summary.rows == 3 and summary.errors == 0
    import json

    got = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [r["id"] for r in got] == ["a", "big", "c"]
    assert got[1]["text"] == big and got[1]["label"] in LABELS  # scored, as the JSONL row is


def test_a_row_that_is_not_utf8_keeps_its_place_with_an_error(tmp_path, tfidf_model_uri):
    inp = tmp_path / "in.csv"
    inp.write_bytes(
        b"id,text,note\n"
        b"a,Talks must go on.,x\n"
        b"b,Caf\xe9 diplomacy \xff works.,y\n"
        b"c,Never negotiate with them.,z\n"
    )
    out = tmp_path / "out.csv"
    summary = run_job(BatchJob(input=inp, output=out, model_uri=tfidf_model_uri, chunk_rows=2))
    assert summary.rows == 3 and summary.errors == 1
    got = _read_csv(out)
    assert [r["id"] for r in got] == ["a", "b", "c"]
    assert [r["note"] for r in got] == ["x", "y", "z"]  # the row's valid fields are kept
    assert "not UTF-8" in got[1]["error"] and "'text'" in got[1]["error"]
    assert got[1]["label"] == "" and got[0]["label"] in LABELS and got[2]["label"] in LABELS
