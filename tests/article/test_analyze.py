"""Scoring and aggregation through the shared predict function, with a real (TF-IDF) model."""

from __future__ import annotations

import pytest

from serving.article.analyze import MAX_ARTICLE_CHARS, aggregate, analyze, format_table

ARTICLE = (
    "Talks stalled again on Monday.\n\n"
    "“We must keep every channel open, even now,” said Anna Berg, a former envoy to Kastrav. "
    "“Closing the embassy would hurt us most.”\n\n"
    "Peter Holm, a member of parliament, said there was no point in talking to a government "
    "that lies at every meeting.\n"
)


def _row(label: str, favor: float, against: float, neutral: float) -> dict:
    return {"label": label, "scores": {"favor": favor, "against": against, "neutral": neutral}}


def test_aggregate_neutral_only_when_no_statement_takes_a_side():
    rows = [_row("neutral", 0.2, 0.1, 0.7), _row("neutral", 0.1, 0.3, 0.6)]
    agg = aggregate(rows)
    assert agg["stance"] == "neutral" and agg["n_statements"] == 2
    assert agg["scores"] == {"favor": 0.15, "against": 0.2, "neutral": 0.65}


def test_aggregate_one_side_taken_outweighs_descriptions():
    rows = [
        _row("neutral", 0.2, 0.1, 0.7),
        _row("against", 0.1, 0.6, 0.3),
        _row("neutral", 0.3, 0.1, 0.6),
    ]
    agg = aggregate(rows)
    assert agg["stance"] == "against"
    assert agg["evidence"] == {"favor": 0, "against": 1, "none": 2}


@pytest.fixture(scope="module")
def tfidf(tfidf_model_uri):
    from inference.predict import load_model

    return load_model(tfidf_model_uri)


def test_analyze_object_shape(tfidf):
    result = analyze(tfidf, ARTICLE)
    assert [sp["name"] for sp in result["speakers"]] == ["Anna Berg", "Peter Holm"]
    berg = result["speakers"][0]
    assert berg["role"] == "a former envoy to Kastrav"
    assert berg["n_statements"] == 1 and len(berg["statements"][0]["parts"]) == 2
    holm = result["speakers"][1]
    assert holm["statements"][0]["kind"] == "reported"
    assert holm["statements"][0]["text"].startswith("there was no point in talking")
    for sp in result["speakers"]:
        for st in sp["statements"]:
            assert set(st["scores"]) == {"favor", "against", "neutral"}
            assert st["label"] == max(st["scores"], key=st["scores"].get)
    table = format_table(result)
    assert "Anna Berg" in table and "Peter Holm" in table and "2 speakers, 2 statements" in table


def test_analyze_rejects_bad_input(tfidf):
    with pytest.raises(ValueError, match="empty"):
        analyze(tfidf, "  \n")
    with pytest.raises(ValueError, match="limit"):
        analyze(tfidf, "x" * (MAX_ARTICLE_CHARS + 1))


def test_analyze_without_statements(tfidf):
    result = analyze(tfidf, "The ministers met in Geneva.")
    assert result["speakers"] == [] and result["n_statements"] == 0
    assert "no attributed statements" in format_table(result)


def test_cli_analyze_table_and_json(tfidf_model_uri, tmp_path, capsys):
    import json

    from parley.cli import main

    path = tmp_path / "article.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    assert main(["analyze", str(path), "--model", tfidf_model_uri]) == 0
    out = capsys.readouterr().out
    assert "speaker" in out and "Anna Berg" in out and "a former envoy to Kastrav" in out
    assert main(["analyze", str(path), "--model", tfidf_model_uri, "--json"]) == 0
    obj = json.loads(capsys.readouterr().out)
    assert [sp["name"] for sp in obj["speakers"]] == ["Anna Berg", "Peter Holm"]
    empty = tmp_path / "empty.txt"
    empty.write_text("", encoding="utf-8")
    assert main(["analyze", str(empty), "--model", tfidf_model_uri]) == 2
    assert "empty" in capsys.readouterr().err


def test_cli_analyze_skips_an_empty_quotation(tfidf_model_uri, tmp_path, capsys):
    import json

    from parley.cli import main

    path = tmp_path / "article.txt"
    path.write_text("“” said Ann Lee.\n\n" + ARTICLE, encoding="utf-8")
    assert main(["analyze", str(path), "--model", tfidf_model_uri]) == 0
    assert "1 empty quotations skipped" in capsys.readouterr().out
    assert main(["analyze", str(path), "--model", tfidf_model_uri, "--json"]) == 0
    obj = json.loads(capsys.readouterr().out)
    assert obj["n_skipped"] == 1
    assert [sp["name"] for sp in obj["speakers"]] == ["Anna Berg", "Peter Holm"]
