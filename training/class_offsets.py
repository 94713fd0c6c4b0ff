"""Per-class offsets on the log-scores, fitted on dev: does a prior shift chosen on dev carry
over to test? (An experiment of issue 12; not part of any served model.)

    python -m training.class_offsets --model models:/stance-classifier/1 [--model URI ...]

For each model: dev and test real statements are scored once through the shared predict
function; offsets for `against` and `neutral` (`favor` fixed at 0) are searched on a grid to
maximise dev macro-F1, the smallest shift winning ties; test macro-F1 is reported before and
after, never used to choose.
"""

from __future__ import annotations

import argparse
import itertools
import json

import numpy as np
from sklearn.metrics import f1_score

from parley_model.labels import LABELS

GRID = np.round(np.arange(-1.5, 1.51, 0.1), 2)


def apply_offsets(probs: np.ndarray, offsets: np.ndarray) -> np.ndarray:
    """Label indices after adding ``offsets`` (one per class) to the log-scores."""
    return (np.log(np.clip(probs, 1e-9, None)) + offsets).argmax(axis=1)


def macro_f1(y: np.ndarray, pred: np.ndarray) -> float:
    return float(f1_score(y, pred, labels=range(len(LABELS)), average="macro", zero_division=0))


def fit_offsets(probs: np.ndarray, y: np.ndarray, grid: np.ndarray = GRID) -> np.ndarray:
    """The offsets (favor 0, against, neutral) that maximise macro-F1 on ``probs``/``y``."""
    best_key, best = None, np.zeros(len(LABELS))
    for a, n in itertools.product(grid, grid):
        offsets = np.array([0.0, a, n])
        key = (macro_f1(y, apply_offsets(probs, offsets)), -abs(a) - abs(n))
        if best_key is None or key > best_key:
            best_key, best = key, offsets
    return best


def evaluate(model_uri: str) -> dict:
    from inference.mlflow_env import configure
    from inference.predict import load_model
    from inference.settings import Settings
    from training.error_analysis import split_records
    from training.train import score_records

    settings = Settings.from_env()
    configure(settings)
    model = load_model(model_uri, settings.engine())
    scored = {}
    for split in ("dev", "test"):
        records = split_records(split)
        labels = np.array([LABELS.index(r.label) for r in records])
        scored[split] = (score_records(model, records), labels)
    fitted = fit_offsets(*scored["dev"])  # chosen on dev only
    row: dict = {
        "model": model_uri,
        "offsets": dict(zip(LABELS, fitted.round(2).tolist(), strict=True)),
    }
    for split, (probs, y) in scored.items():
        row[split] = {
            "n": len(y),
            "before": round(macro_f1(y, probs.argmax(axis=1)), 3),
            "after": round(macro_f1(y, apply_offsets(probs, fitted)), 3),
        }
    return row


def main(argv: list[str] | None = None) -> list[dict]:
    p = argparse.ArgumentParser(prog="python -m training.class_offsets", description=__doc__)
    p.add_argument("--model", action="append", required=True, help="a model URI (repeatable)")
    args = p.parse_args(argv)
    from mlflow.exceptions import MlflowException

    rows = []
    for uri in args.model:
        try:
            row = evaluate(uri)
        except (MlflowException, OSError) as exc:  # an unknown version, a missing artifact
            raise SystemExit(f"{uri}: {exc}") from None
        rows.append(row)
        print(json.dumps(row), flush=True)
    return rows


if __name__ == "__main__":
    main()
