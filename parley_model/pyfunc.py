"""The MLflow pyfunc: a DataFrame with a ``text`` column in; label, per-label scores and
``truncated`` out. Scores are ``softmax(logits / temperature)``, the temperature fitted on dev.

Registered with MLflow's models-from-code (``parley_model/model_code.py``): MLflow stores that
file, not a pickled object, so this class can move without breaking registered versions.
Engine knobs arrive as MLflow's ``model_config`` (:class:`parley_model.config.EngineConfig`).
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
from mlflow.pyfunc import PythonModel, PythonModelContext

from parley_model.config import EngineConfig
from parley_model.engines import EngineOutput, load_engine
from parley_model.labels import LABELS, SCORE_COLUMNS
from parley_model.text import InputError, validate_texts

ARTIFACT_KEY = "stance"  # the artifact directory's name in the logged model


def softmax(logits: np.ndarray, temperature: float = 1.0) -> np.ndarray:
    z = logits / temperature
    z = z - z.max(axis=1, keepdims=True)
    e = np.exp(z)
    return e / e.sum(axis=1, keepdims=True)


def scores_frame(output: EngineOutput, temperature: float) -> pd.DataFrame:
    """Turn engine logits into the public output frame: label, score_*, truncated."""
    probs = softmax(output.logits.astype(np.float64), temperature)
    frame = pd.DataFrame(probs, columns=list(SCORE_COLUMNS))
    frame.insert(0, "label", [LABELS[i] for i in probs.argmax(axis=1)])
    frame["truncated"] = output.truncated.astype(bool)
    return frame


def texts_of(model_input: object) -> list:
    """The statements of a pyfunc input: a DataFrame's ``text`` column, or a list of texts."""
    if isinstance(model_input, pd.DataFrame):
        if "text" not in model_input.columns:
            raise InputError(
                f"input needs a 'text' column; got columns {list(model_input.columns)}"
            )
        return model_input["text"].tolist()
    if isinstance(model_input, (list, tuple)):
        return list(model_input)
    raise InputError(
        f"input must be a DataFrame with a 'text' column, got {type(model_input).__name__}"
    )


class StanceClassifier(PythonModel):
    def load_context(self, context: PythonModelContext) -> None:
        config = EngineConfig.from_mapping(getattr(context, "model_config", None))
        self.engine, self.meta = load_engine(context.artifacts[ARTIFACT_KEY], config)
        self.temperature = float(self.meta.temperature)
        self.runtime = dict(self.engine.runtime)  # which engine serves, and why

    # The DataFrame hint tells MLflow there is no schema to infer from the hint (the signature
    # is logged explicitly); without an input hint MLflow warns when the class is defined.
    def predict(
        self,
        context: PythonModelContext | None,
        model_input: pd.DataFrame,
        params: dict[str, Any] | None = None,
    ) -> pd.DataFrame:
        texts = validate_texts(texts_of(model_input))
        return scores_frame(self.engine.logits(texts), self.temperature)
