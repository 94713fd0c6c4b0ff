"""`parley score` against a plain transformers ``pipeline("text-classification")``.

Both score the same CSV (the real statements cycled to ``--rows``, so the input has the length
mix of the ceiling measured by ``bench/engines.py --bare``) with the same fine-tuned weights (the ``hf/`` folder of the
registered model's artifacts), on this machine, one after the other, each in its own child
process (so each peak RSS, ``ru_maxrss`` from ``os.wait4``, is its own). Times are end to end:
start-up, model load, reading, scoring and writing a CSV. Also reports how often the two agree
on the label (they should, apart from texts past the 256-token window parley uses).

    .venv/bin/python -m bench.batch_vs_pipeline --model models:/stance-classifier@champion \
        --rows 2000
"""

from __future__ import annotations

import argparse
import csv
import os
import sys
import tempfile
from pathlib import Path

from bench.batch_memory import PARLEY, run_measured
from tests.helpers import corpus_texts

# The baseline, run as a child: read the CSV, pipeline over every text, write label + scores.
PIPELINE_SCRIPT = r"""
import csv, sys
from transformers import pipeline
hf_dir, inp, out, batch = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
with open(inp, newline="", encoding="utf-8") as fh:
    rows = list(csv.DictReader(fh))
pipe = pipeline("text-classification", model=hf_dir, tokenizer=hf_dir, device=-1)
preds = pipe([r["text"] for r in rows], batch_size=batch, truncation=True, top_k=None)
with open(out, "w", newline="", encoding="utf-8") as fh:
    w = csv.writer(fh)
    w.writerow(["id", "label", "score_favor", "score_against", "score_neutral"])
    for r, p in zip(rows, preds):
        s = {d["label"]: d["score"] for d in p}
        w.writerow([r["id"], max(s, key=s.get), s["favor"], s["against"], s["neutral"]])
"""


def hf_folder(model_uri: str, dst: Path) -> tuple[str, Path]:
    """Download the registered model and return (its concrete URI, its hf/ folder)."""
    import mlflow

    from inference.mlflow_env import configure
    from inference.predict import concrete_uri

    configure()
    concrete = concrete_uri(model_uri)
    local = Path(mlflow.artifacts.download_artifacts(concrete, dst_path=str(dst)))
    found = sorted(local.glob("artifacts/*/hf"))
    if not found:
        raise SystemExit(f"{concrete} has no hf/ folder: not a transformer model")
    return concrete, found[0]


def write_corpus(path: Path, n: int) -> Path:
    """The real statements cycled to ``n`` rows: the same length mix as the ceiling's input."""
    with open(path, "w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(["id", "text"])
        for i, text in enumerate(corpus_texts(n)):
            w.writerow([f"r{i}", text])
    return path


def labels(path: Path) -> dict[str, str]:
    with open(path, newline="", encoding="utf-8") as fh:
        return {r["id"]: r["label"] for r in csv.DictReader(fh)}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--model", default="models:/stance-classifier@champion")
    ap.add_argument("--rows", type=int, default=2000)
    ap.add_argument("--batch-size", type=int, default=32, help="pipeline batch size")
    args = ap.parse_args()
    env = {**os.environ, "MLFLOW_DISABLE_TELEMETRY": "true", "HF_HUB_OFFLINE": "1"}
    env.setdefault("TOKENIZERS_PARALLELISM", "false")
    with tempfile.TemporaryDirectory(prefix="parley-bench-") as tmp:
        tmp = Path(tmp)
        concrete, hf = hf_folder(args.model, tmp / "model")
        inp = write_corpus(tmp / "in.csv", args.rows)
        runs = {
            "parley score": [PARLEY, "score", str(inp), "-o", str(tmp / "parley.csv")]
            + ["--model", concrete],
            "transformers pipeline": [sys.executable, "-c", PIPELINE_SCRIPT, str(hf), str(inp)]
            + [str(tmp / "pipeline.csv"), str(args.batch_size)],
        }
        print(f"{args.rows:,} statements, model {concrete}, torch threads: default")
        print(f"{'':<24}{'wall s':>8}{'statements/s':>14}{'peak RSS MiB':>14}")
        for name, argv in runs.items():
            code, wall, rss, _ = run_measured(argv, env)
            if code != 0:
                raise SystemExit(f"{name} failed with exit code {code}")
            print(f"{name:<24}{wall:>8.1f}{args.rows / wall:>14.1f}{rss:>14,.0f}")
        ours, theirs = labels(tmp / "parley.csv"), labels(tmp / "pipeline.csv")
        same = sum(ours[k] == theirs[k] for k in ours)
        print(f"label agreement: {same}/{len(ours)} ({same / len(ours):.1%})")


if __name__ == "__main__":
    main()
