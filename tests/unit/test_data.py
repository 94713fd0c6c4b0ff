"""Schema validation: every error names the file and the line."""

from __future__ import annotations

import json

import pytest

from training.data import DataError, load_corpus, load_jsonl


def write(path, rows):
    path.write_text("".join((r if isinstance(r, str) else json.dumps(r)) + "\n" for r in rows))
    return path


GOOD = {"id": "a1", "text": "We must keep talking.", "label": "favor"}


def test_valid_file_loads_with_provenance(tmp_path):
    f = write(
        tmp_path / "ok.jsonl",
        [GOOD | {"speaker": "X", "source_url": "http://e.org/1", "topic": "T"}],
    )
    (rec,) = load_jsonl(f)
    assert rec.label == "favor" and rec.speaker == "X" and rec.extra == {"topic": "T"}
    assert rec.source_file.endswith("ok.jsonl:1")


@pytest.mark.parametrize(
    "bad, message",
    [
        ({"id": "a2", "text": "Talks now.", "label": "support"}, "unknown label 'support'"),
        ({"id": "a2", "text": "   ", "label": "favor"}, "'text' must be a non-empty string"),
        ({"id": "a2", "label": "favor"}, "'text' must be a non-empty string"),
        ({"text": "No id here.", "label": "neutral"}, "'id' must be a non-empty string"),
        ("{not json", "not valid JSON"),
        ("[1, 2]", "expected a JSON object"),
    ],
)
def test_bad_record_names_file_and_line(tmp_path, bad, message):
    f = write(tmp_path / "bad.jsonl", [GOOD, bad])
    with pytest.raises(DataError) as err:
        load_jsonl(f)
    assert "bad.jsonl:2" in str(err.value) and message in str(err.value)


def test_duplicate_id_and_text_across_files(tmp_path):
    a = write(tmp_path / "a.jsonl", [GOOD])
    b = write(
        tmp_path / "b.jsonl", [{"id": "a1", "text": "Other words entirely.", "label": "against"}]
    )
    with pytest.raises(DataError, match=r"b.jsonl:1: duplicate id 'a1' \(first at .*a.jsonl:1\)"):
        load_corpus([a, b])
    c = write(
        tmp_path / "c.jsonl", [{"id": "c1", "text": "we MUST keep   talking.", "label": "favor"}]
    )
    with pytest.raises(DataError, match=r"c.jsonl:1: duplicate text"):
        load_corpus([a, c])


def test_missing_and_empty_files(tmp_path):
    with pytest.raises(DataError, match="no such file"):
        load_jsonl(tmp_path / "nope.jsonl")
    (tmp_path / "empty.jsonl").write_text("\n")
    with pytest.raises(DataError, match="no records"):
        load_jsonl(tmp_path / "empty.jsonl")


def test_evaluation_files_need_no_id(tmp_path):
    f = write(
        tmp_path / "eval.jsonl",
        [
            {"text": "Talks resume Monday.", "label": "neutral", "x": 1},
            {"id": 7, "text": "No talks.", "label": "against"},
        ],
    )
    recs = load_jsonl(f, require_id=False)
    assert [r.label for r in recs] == ["neutral", "against"] and recs[1].id == "7"


def test_sample_extra_keeps_every_real_statement_and_samples_the_others():
    from training.data import REAL_FILES, load_corpus
    from training.train import PROJECT_ROOT, sample_extra

    files = [PROJECT_ROOT / f for f in REAL_FILES] + [PROJECT_ROOT / "data/written_teacher.jsonl"]
    records = load_corpus(files)
    n_real = sum(not r.id.startswith("wr-") for r in records)
    assert n_real > 600  # the second real file alone is larger than the limit below
    kept = sample_extra(records, set(files[:2]), 600, seed=13)
    assert sum(not r.id.startswith("wr-") for r in kept) == n_real
    assert sum(r.id.startswith("wr-") for r in kept) == 600
    # two extra files share the budget in proportion to their sizes (the recipe's mix is kept)
    news = PROJECT_ROOT / "data/news_statements.jsonl"
    both = load_corpus([*files, news])
    n_written, n_news = (
        sum(r.source_file.startswith(str(f)) for r in both) for f in files[2:] + [news]
    )
    kept = sample_extra(both, set(files[:2]), 600, seed=13)
    got_written = sum(r.source_file.startswith(str(files[2])) for r in kept)
    got_news = sum(r.source_file.startswith(str(news)) for r in kept)
    assert got_written == round(600 * n_written / (n_written + n_news))
    assert got_news == round(600 * n_news / (n_written + n_news)) and got_written + got_news == 600
    assert len(sample_extra(both, set(files[:2]), 10_000, seed=13)) == len(both)
