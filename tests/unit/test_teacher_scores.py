"""The distillation file: teacher runs averaged per statement, every statement scored."""

import json

import pytest

from training.teacher_scores import average, main


def test_average_is_the_mean_of_the_runs():
    runs = [
        {"a": {"favor": 0.8, "against": 0.1, "neutral": 0.1}},
        {"a": {"favor": 0.4, "against": 0.5, "neutral": 0.1}},
    ]
    assert average(runs, ["a"]) == {"a": {"favor": 0.6, "against": 0.3, "neutral": 0.1}}


def test_a_statement_missing_from_a_run_is_an_error():
    runs = [{"a": {"favor": 1.0, "against": 0.0, "neutral": 0.0}}, {}]
    with pytest.raises(ValueError, match="statement a has no score in run"):
        average(runs, ["a"])


def test_main_writes_the_written_records_with_scores(tmp_path):
    written = tmp_path / "w.jsonl"
    written.write_text(json.dumps({"id": "w1", "text": "Talk.", "label": "favor"}) + "\n")
    scores = tmp_path / "s.jsonl"
    scores.write_text(
        json.dumps({"id": "w1", "teacher_scores": {"favor": 0.7, "against": 0.2, "neutral": 0.1}})
        + "\n"
    )
    out = tmp_path / "out.jsonl"
    assert main(["--written", str(written), "--scores", str(scores), "--out", str(out)]) == 0
    row = json.loads(out.read_text())
    assert row["text"] == "Talk." and row["teacher_scores"]["favor"] == 0.7
