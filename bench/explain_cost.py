"""What evidence costs: statements/s of plain ``predict`` vs ``explain`` (occlusion) on real text.

    .venv/bin/python -m bench.explain_cost --model models:/stance-classifier@champion --n 64

Both run in this process on the same loaded model, interleaved ``--repeats`` times (best run
kept); the statements are the real corpus (its length mix). Also reports the variants scored per
statement (the cost cap: at most 64) and the time of one API-sized explain request (16
statements). Writes ``bench/results/explain_cost.json``.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import time

from bench.common import RESULTS
from tests.helpers import corpus_texts


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--model", default="models:/stance-classifier@champion")
    ap.add_argument("--n", type=int, default=64, help="statements (default 64)")
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--out", default=str(RESULTS / "explain_cost.json"))
    args = ap.parse_args(argv)

    from inference.explain import DEFAULT_MAX_VARIANTS, candidate_spans, explain, words
    from inference.mlflow_env import configure
    from inference.predict import load_model, predict

    configure()
    model = load_model(args.model)
    texts = corpus_texts(args.n)
    variants = [len(candidate_spans(words(t), t, DEFAULT_MAX_VARIANTS)) for t in texts]
    predict(model, texts[:8])  # warm-up
    plain, explained, request16 = [], [], []
    for _ in range(args.repeats):
        t0 = time.perf_counter()
        predict(model, texts)
        plain.append(time.perf_counter() - t0)
        t0 = time.perf_counter()
        explain(model, texts)
        explained.append(time.perf_counter() - t0)
        t0 = time.perf_counter()
        explain(model, texts[:16])
        request16.append(time.perf_counter() - t0)
    result = {
        "model": args.model,
        "version": model.version,
        "runtime": model.runtime,
        "statements": len(texts),
        "mean_words": statistics.mean(len(words(t)) for t in texts),
        "variants_per_statement": {"mean": statistics.mean(variants), "max": max(variants)},
        "predict_statements_per_s": len(texts) / min(plain),
        "explain_statements_per_s": len(texts) / min(explained),
        "explain_16_statements_s": min(request16),
        "slowdown": min(explained) / min(plain),
        "threads": {k: os.environ.get(k) for k in ("PARLEY_TORCH_THREADS", "PARLEY_ORT_THREADS")},
    }
    RESULTS.mkdir(parents=True, exist_ok=True)
    with open(args.out, "w") as fh:
        json.dump(result, fh, indent=2)
    print(
        f"| {model.runtime and model.runtime.get('engine')} | {len(texts)} statements, "
        f"{result['mean_words']:.0f} words avg | {result['variants_per_statement']['mean']:.0f} "
        f"variants/stmt (max {result['variants_per_statement']['max']}) | predict "
        f"{result['predict_statements_per_s']:.1f}/s | explain "
        f"{result['explain_statements_per_s']:.2f}/s ({result['slowdown']:.0f}x) | "
        f"16-statement request {result['explain_16_statements_s']:.1f} s |"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
