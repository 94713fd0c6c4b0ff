"""Article mode's speed on real news text: one article of 1,500 words, then 10, 50 and 100 KB.

The texts are the real-news articles of ``data/news`` joined one after another (paragraphs
kept) and cut at a paragraph end near the target size, so every size reads like news. Each is
analysed end to end in this process (``serving.article.analyze.analyze``: extraction, scoring
with the model, speaker stance), best of ``--repeat``, after one warm-up; extraction alone is
timed too. Linear means seconds per KB stays flat as the size grows.

    python -m bench.article_speed [--model models:/stance-classifier@champion]

Writes ``bench/results/article_speed.json`` and prints a markdown table.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time

from bench.common import RESULTS, markdown_table
from tests.servers import ROOT

NEWS = ROOT / "data" / "news"


def news_text(target_chars: int | None = None, target_words: int | None = None) -> str:
    """Real articles joined until the target size (characters, or words), cut at a
    paragraph end."""
    paragraphs: list[str] = []
    while True:
        for path in sorted(NEWS.glob("*.txt")):
            for para in path.read_text(encoding="utf-8").split("\n\n"):
                if not para.strip():
                    continue
                paragraphs.append(para.strip())
                text = "\n\n".join(paragraphs)
                if target_words and len(text.split()) >= target_words:
                    return text
                if target_chars and len(text) >= target_chars:
                    # the paragraph that crossed the target is dropped: at most the target
                    return "\n\n".join(paragraphs[:-1])


def best_of(fn, repeat: int) -> float:
    fn()  # warm-up
    best = float("inf")
    for _ in range(repeat):
        started = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - started)
    return best


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--model", default="models:/stance-classifier@champion")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)
    from inference.mlflow_env import configure
    from inference.predict import load_model
    from serving.article.analyze import analyze
    from serving.article.extract import extract

    configure()
    model = load_model(args.model)
    texts = {"1,500 words": news_text(target_words=1500)}
    for kb in (10, 50, 100):
        texts[f"{kb} KB"] = news_text(target_chars=kb * 1000)
    rows = []
    for name, text in texts.items():
        size_kb = len(text) / 1000
        result = analyze(model, text)
        rows.append(
            {
                "text": name,
                "kb": round(size_kb, 1),
                "words": len(text.split()),
                "statements": sum(len(s["statements"]) for s in result["speakers"]),
                "analyze_s": round(best_of(lambda t=text: analyze(model, t), args.repeat), 3),
                "extract_s": round(best_of(lambda t=text: extract(t), args.repeat), 3),
            }
        )
        rows[-1]["analyze_s_per_kb"] = round(rows[-1]["analyze_s"] / size_kb, 4)
        print(json.dumps(rows[-1]), file=sys.stderr, flush=True)
    out = {
        "model": args.model,
        "runtime": model.describe() if hasattr(model, "describe") else None,
        "load_avg": os.getloadavg(),
        "rows": rows,
    }
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "article_speed.json").write_text(json.dumps(out, indent=1, default=str))
    keys = ["text", "kb", "words", "statements", "analyze_s", "extract_s", "analyze_s_per_kb"]
    print(markdown_table(keys, [[r[k] for k in keys] for r in rows]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
