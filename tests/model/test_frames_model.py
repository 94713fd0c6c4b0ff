"""A model trained on framed news statements says so, and article mode then frames its input.

TF-IDF keeps it to seconds: the flag and the input path are the same for every model kind.
"""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_a_model_trained_with_frames_reads_articles_with_frames(mlflow_store, tmp_path: Path):
    from inference.predict import load_model
    from serving.article.analyze import analyze, model_inputs
    from serving.article.extract import extract
    from training.config import load_config
    from training.news_statements import main as write_news
    from training.train import run_training

    news = tmp_path / "news_framed.jsonl"
    assert write_news(["--news", str(ROOT / "data/news"), "--half", "all", "--frames",
                       "--out", str(news)]) == 0  # fmt: skip
    data = ["data/real_statements.jsonl", "data/real_statements_2.jsonl", str(news)]
    cfg = load_config(
        overrides=[
            "model=tfidf",
            "experiment=tests-frames",
            "register_model=false",
            f"data={data!r}".replace("'", '"'),
        ]  # fmt: skip
    )
    model = load_model(run_training(cfg, progress=lambda msg: None).model_uri)
    assert model.article_frames

    article = (ROOT / "data/articles/wire_hotline.txt").read_text(encoding="utf-8")
    statements = extract(article).statements
    inputs = model_inputs(model, article, statements)
    assert any(i != s.text and i.endswith(s.text) for i, s in zip(inputs, statements, strict=True))
    result = analyze(model, article)
    assert result["speakers"] and all(sp["stance"] for sp in result["speakers"])
