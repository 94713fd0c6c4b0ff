"""The runtime inside every registered model: an MLflow pyfunc over a stance engine.

This module travels with the model (``code_paths``), so loading a registered version needs
nothing from ``training``. Two engines share one interface, ``logits(texts)``:

* ``transformer``: a fine-tuned sequence classifier, run with length-sorted dynamic padding;
* ``tfidf``: the scikit-learn baseline (log-probabilities stand in for logits).

Scores are ``softmax(logits / temperature)``; the temperature is fitted on the dev split.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

try:  # pyfunc base class; a plain object keeps the engines usable without mlflow.
    from mlflow.pyfunc import PythonModel
except ImportError:  # pragma: no cover
    PythonModel = object  # type: ignore[assignment,misc]

from serving.labels import LABELS, SCORE_COLUMNS

META_FILE = "meta.json"


class InputError(ValueError):
    """The model input is malformed (missing column, empty or non-text statement)."""


def validate_texts(texts: list[Any]) -> list[str]:
    """Return the texts unchanged, or raise naming the first bad row."""
    for i, text in enumerate(texts):
        if not isinstance(text, str):
            raise InputError(f"row {i}: text must be a string, got {type(text).__name__}")
        if not text.strip():
            raise InputError(f"row {i}: text is empty")
    return texts


def softmax(logits: np.ndarray, temperature: float = 1.0) -> np.ndarray:
    z = logits / temperature
    z = z - z.max(axis=1, keepdims=True)
    e = np.exp(z)
    return e / e.sum(axis=1, keepdims=True)


@dataclass
class EngineOutput:
    logits: np.ndarray  # (n, len(LABELS)), columns in LABELS order
    truncated: np.ndarray  # (n,) bool: the text was longer than the model's window


class TransformerEngine:
    """Fine-tuned encoder + classification head, CPU inference with dynamic padding."""

    def __init__(self, model_dir: str | Path, max_length: int = 256, batch_size: int = 32):
        import torch
        from transformers import AutoModelForSequenceClassification, AutoTokenizer

        threads = int(os.environ.get("PARLEY_TORCH_THREADS", "0") or 0)
        if threads > 0:
            torch.set_num_threads(threads)
        self.torch = torch
        self.tokenizer = AutoTokenizer.from_pretrained(str(model_dir), local_files_only=True)
        self.model = AutoModelForSequenceClassification.from_pretrained(
            str(model_dir), local_files_only=True
        ).eval()
        self.max_length = max_length
        self.batch_size = batch_size
        id2label = {int(k): v for k, v in self.model.config.id2label.items()}
        # Column order of the head, mapped onto LABELS order.
        self.order = [next(i for i, name in id2label.items() if name == label) for label in LABELS]

    def logits(self, texts: list[str]) -> EngineOutput:
        n = len(texts)
        out = np.zeros((n, len(LABELS)), dtype=np.float32)
        if n == 0:
            return EngineOutput(out, np.zeros(0, dtype=bool))
        enc = self.tokenizer(texts, add_special_tokens=True, truncation=False)["input_ids"]
        lengths = np.array([len(ids) for ids in enc])
        truncated = lengths > self.max_length
        order = np.argsort(lengths, kind="stable")
        sep_id = self.tokenizer.sep_token_id
        pad_id = self.tokenizer.pad_token_id or 0
        with self.torch.inference_mode():
            for start in range(0, n, self.batch_size):
                idx = order[start : start + self.batch_size]
                rows = []
                for i in idx:
                    ids = enc[i]
                    if len(ids) > self.max_length:  # keep the first window, re-closed with SEP
                        ids = ids[: self.max_length - 1] + [
                            sep_id if sep_id is not None else ids[-1]
                        ]
                    rows.append(ids)
                width = max(len(r) for r in rows)
                input_ids = np.full((len(rows), width), pad_id, dtype=np.int64)
                mask = np.zeros((len(rows), width), dtype=np.int64)
                for j, r in enumerate(rows):
                    input_ids[j, : len(r)] = r
                    mask[j, : len(r)] = 1
                logits = (
                    self.model(
                        input_ids=self.torch.from_numpy(input_ids),
                        attention_mask=self.torch.from_numpy(mask),
                    )
                    .logits.float()
                    .numpy()
                )
                out[idx] = logits[:, self.order]
        return EngineOutput(out, truncated)


class TfidfEngine:
    """The scikit-learn baseline: a pipeline whose first step takes a list of strings."""

    def __init__(self, path: str | Path):
        import joblib

        self.pipeline = joblib.load(path)
        classes = list(self.pipeline.classes_)
        self.order = [classes.index(label) for label in LABELS]

    def logits(self, texts: list[str]) -> EngineOutput:
        proba = self.pipeline.predict_proba(list(texts))[:, self.order]
        return EngineOutput(np.log(np.clip(proba, 1e-12, 1.0)), np.zeros(len(texts), dtype=bool))


def load_engine(artifact_dir: str | Path) -> tuple[Any, dict]:
    """Load the engine described by ``meta.json`` in ``artifact_dir``."""
    artifact_dir = Path(artifact_dir)
    meta = json.loads((artifact_dir / META_FILE).read_text())
    if meta["kind"] == "transformer":
        engine = TransformerEngine(
            artifact_dir / "hf",
            max_length=meta.get("max_length", 256),
            batch_size=int(os.environ.get("PARLEY_BATCH_SIZE", meta.get("batch_size", 32))),
        )
    elif meta["kind"] == "tfidf":
        engine = TfidfEngine(artifact_dir / "pipeline.joblib")
    else:
        raise ValueError(f"unknown model kind {meta['kind']!r} in {artifact_dir / META_FILE}")
    return engine, meta


def scores_frame(output: EngineOutput, temperature: float) -> pd.DataFrame:
    """Turn engine logits into the public output frame: label, score_*, truncated."""
    probs = softmax(output.logits.astype(np.float64), temperature)
    frame = pd.DataFrame(probs, columns=list(SCORE_COLUMNS))
    frame.insert(0, "label", [LABELS[i] for i in probs.argmax(axis=1)])
    frame["truncated"] = output.truncated.astype(bool)
    return frame


class StanceClassifier(PythonModel):
    """MLflow pyfunc: DataFrame with a ``text`` column in, label + per-label scores out."""

    def load_context(self, context) -> None:  # noqa: ANN001 - mlflow's type
        self.engine, self.meta = load_engine(context.artifacts["stance"])
        self.temperature = float(self.meta.get("temperature", 1.0))

    def predict(self, context, model_input, params=None) -> pd.DataFrame:  # noqa: ANN001
        if isinstance(model_input, pd.DataFrame):
            if "text" not in model_input.columns:
                raise InputError(
                    f"input needs a 'text' column; got columns {list(model_input.columns)}"
                )
            texts = model_input["text"].tolist()
        elif isinstance(model_input, (list, tuple)):
            texts = list(model_input)
        else:
            raise InputError(
                f"input must be a DataFrame with a 'text' column, got {type(model_input).__name__}"
            )
        validate_texts(texts)
        return scores_frame(self.engine.logits(texts), self.temperature)
