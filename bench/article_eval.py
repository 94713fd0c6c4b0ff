"""Article mode figures: extraction / attribution on data/articles, and stance per speaker.

    .venv/bin/python bench/article_eval.py [--model URI] [--out bench/results/article_eval.json]

Extraction and attribution need no model; stance per speaker uses the given model (default the
developer champion in ./mlflow.db). Same code as `parley analyze --evaluate data/articles`.
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--model", default="models:/stance-classifier@champion")
    parser.add_argument("--articles", default=str(ROOT / "data" / "articles"))
    parser.add_argument("--out", default=str(ROOT / "bench" / "results" / "article_eval.json"))
    parser.add_argument("--no-model", action="store_true")
    args = parser.parse_args()

    from inference.mlflow_env import configure
    from serving.article.evaluate import evaluate_extraction, format_evaluation, load_articles
    from serving.article.stance_eval import evaluate_stance

    configure()
    articles = load_articles(args.articles)
    t0 = time.perf_counter()
    report = evaluate_extraction(articles)
    report["extraction_seconds"] = round(time.perf_counter() - t0, 3)
    if not args.no_model:
        from inference.predict import load_model

        model = load_model(args.model)
        report["stance"] = evaluate_stance(articles, model)
        report["model"] = model.describe() | {"uri": args.model}
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(report, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(format_evaluation(report))
    print(f"written: {out}")


if __name__ == "__main__":
    main()
