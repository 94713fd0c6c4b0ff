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


def test_a_registered_model_scores_the_written_corpus(tmp_path, tfidf_model_uri):
    written = tmp_path / "w.jsonl"
    rows = [
        {"id": "w1", "text": "We must talk to them now, the channel is our only hope.", "label": "favor"},
        {"id": "w2", "text": "Talks with that regime would be a reward for its crimes.", "label": "against"},
    ]  # fmt: skip
    written.write_text("".join(json.dumps(r) + "\n" for r in rows))
    model_scores, out = tmp_path / "m.jsonl", tmp_path / "out.jsonl"
    main(["--written", str(written), "--model-scores", tfidf_model_uri, str(model_scores),
          "--out", str(out)])  # fmt: skip
    scored = [json.loads(line) for line in model_scores.read_text().splitlines()]
    assert [s["id"] for s in scored] == ["w1", "w2"]
    for s in scored:
        assert set(s["teacher_scores"]) == {"favor", "against", "neutral"}
        assert abs(sum(s["teacher_scores"].values()) - 1) < 1e-3
    assert [json.loads(line)["teacher_scores"] for line in out.read_text().splitlines()] == [
        s["teacher_scores"] for s in scored
    ]
