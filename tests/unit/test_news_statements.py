"""The real-news dev statements as training records: dev only, two disjoint halves, loadable."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from training.data import load_jsonl
from training.news_statements import NewsDataError, main, news_records

NEWS = Path(__file__).resolve().parents[2] / "data" / "news"


def _split_of(record: dict) -> str:
    stem = record["id"].removeprefix("news-").rsplit("-", 1)[0]
    return json.loads((NEWS / f"{stem}.json").read_text())["split"]


def test_only_dev_articles_and_the_halves_are_disjoint():
    train, holdout, every = (news_records(NEWS, h) for h in ("train", "holdout", "all"))
    assert train and holdout
    assert {_split_of(r) for r in every} == {"dev"}
    ids = lambda rs: {r["id"].rsplit("-", 1)[0] for r in rs}  # noqa: E731
    assert not ids(train) & ids(holdout)
    assert ids(train) | ids(holdout) == ids(every)
    assert all(len(r["text"].split()) >= 4 and r["speaker"] for r in every)


def test_the_written_file_loads_as_training_data(tmp_path):
    out = tmp_path / "news.jsonl"
    assert main(["--news", str(NEWS), "--half", "train", "--out", str(out)]) == 0
    records = load_jsonl(out)
    assert records and {r.label for r in records} == {"favor", "against", "neutral"}
    assert all(r.source_url and r.speaker for r in records)


def test_a_folder_without_articles_is_a_clear_error(tmp_path, capsys):
    with pytest.raises(NewsDataError, match="no annotated articles"):
        news_records(tmp_path)
    assert main(["--news", str(tmp_path), "--out", str(tmp_path / "x.jsonl")]) == 2
    assert "no annotated articles" in capsys.readouterr().err


def test_with_frames_every_record_carries_its_reporting_frame(tmp_path):
    from parley_model.frames import framed_text

    assert not any("frame" in r for r in news_records(NEWS, "all"))  # the shipped form
    records = news_records(NEWS, "all", frames=True)
    assert all(r["text"] == framed_text(r["frame"], r["statement"]) for r in records)
    framed = [r for r in records if r["frame"]]
    # most reported statements have a verb before them; direct quotes mostly open a sentence
    assert len(framed) > len(records) / 2
    assert all(r["frame"] == r["frame"].lower() for r in framed)
    from training.data import has_frames

    def loaded(recs: list[dict], name: str):
        path = tmp_path / name
        path.write_text("".join(json.dumps(r) + "\n" for r in recs), encoding="utf-8")
        return load_jsonl(path)

    framed_loaded = loaded(records, "framed.jsonl")
    assert all("frame" in r.extra for r in framed_loaded) and has_frames(framed_loaded)
    assert not has_frames(loaded(news_records(NEWS, "train"), "plain.jsonl"))


def test_batches_keep_only_the_articles_whose_names_start_with_them():
    every = news_records(NEWS, "all")
    a_only = news_records(NEWS, "all", batches="a")
    batch = lambda r: r["id"].removeprefix("news-")[:1]  # noqa: E731
    assert a_only and {batch(r) for r in a_only} == {"a"}
    assert a_only == [r for r in every if batch(r) == "a"]
    assert news_records(NEWS, "all", batches="") == []
