"""Baseline: TF-IDF word/bigram features + logistic regression, C picked on dev."""

from __future__ import annotations

import logging
from pathlib import Path

import joblib
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import f1_score
from sklearn.pipeline import Pipeline

from parley_model.meta import ArtifactMeta
from training.config import TrainingConfig
from training.data import Record, has_frames

log = logging.getLogger(__name__)


def build(c: float, seed: int) -> Pipeline:
    # The pipeline is fed a list of strings (the runtime selects the `text` column): a
    # DataFrame here would be iterated as column names and yield one prediction per frame.
    return Pipeline(
        [
            ("tfidf", TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True, min_df=1)),
            ("lr", LogisticRegression(C=c, max_iter=5000, random_state=seed)),
        ]
    )


def train_baseline(
    cfg: TrainingConfig, train: list[Record], dev: list[Record], out_dir: Path
) -> dict:
    """Fit one pipeline per C, keep the best on dev macro-F1, save it as a runtime artifact."""
    x_train, y_train = [r.text for r in train], [r.label for r in train]
    x_dev, y_dev = [r.text for r in dev], [r.label for r in dev]
    scores = {}
    for c in cfg.tfidf_c_grid:
        pipe = build(c, cfg.seed).fit(x_train, y_train)
        scores[c] = f1_score(y_dev, pipe.predict(x_dev), average="macro")
        log.info("tfidf C=%g dev macro-F1 %.3f", c, scores[c])
    best_c = max(scores, key=lambda c: (scores[c], -c))
    pipe = build(best_c, cfg.seed).fit(x_train, y_train)
    out_dir.mkdir(parents=True, exist_ok=True)
    joblib.dump(pipe, out_dir / "pipeline.joblib")
    ArtifactMeta(kind="tfidf", article_frames=has_frames(train)).write(out_dir)
    return {
        "params": {"tfidf_best_c": best_c},
        "dev_curve": {f"dev_macro_f1_c{c:g}": s for c, s in scores.items()},
    }
