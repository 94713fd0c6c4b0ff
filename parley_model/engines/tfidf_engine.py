"""The scikit-learn baseline: a pipeline whose first step takes a list of strings.

Its log-probabilities stand in for logits, so the same softmax and temperature apply.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from parley_model.engines.base import EngineOutput, MissingRuntime
from parley_model.labels import LABELS


class TfidfEngine:
    """The scikit-learn baseline: a pipeline whose first step takes a list of strings."""

    def __init__(self, path: str | Path):
        try:
            import joblib
            import sklearn  # noqa: F401 - the pickled pipeline's classes
        except ImportError as exc:
            raise MissingRuntime(
                f"a TF-IDF model needs scikit-learn, which this environment lacks ({exc}); "
                "install the 'tfidf' extra (pip install '.[serve,tfidf]')"
            ) from exc

        self.pipeline = joblib.load(path)
        classes = list(self.pipeline.classes_)
        self.order = [classes.index(label) for label in LABELS]

    def logits(self, texts: list[str]) -> EngineOutput:
        proba = self.pipeline.predict_proba(list(texts))[:, self.order]
        return EngineOutput(np.log(np.clip(proba, 1e-12, 1.0)), np.zeros(len(texts), dtype=bool))
