"""The runtime inside every registered model: an MLflow pyfunc over a stance engine.

This module travels with the model (``code_paths``), so loading a registered version needs
nothing from ``training``. Two engines share one interface, ``logits(texts)``:

* ``transformer``: a fine-tuned sequence classifier, run in ONNX Runtime (int8, else fp32) when
  the version carries exported graphs that passed the fidelity gate, else in torch;
  ``PARLEY_RUNTIME=auto|onnx-int8|onnx|torch`` picks (default ``auto``; see ``serving/onnx_engine.py``);
* ``tfidf``: the scikit-learn baseline (log-probabilities stand in for logits).

Transformer engines batch by length: texts are sorted by token count, cut into batches whose
padded size (rows x longest row) stays within ``PARLEY_MAX_BATCH_TOKENS`` (default 1024), each
batch padded only to its own longest row, and results are put back in input order.

Scores are ``softmax(logits / temperature)``; the temperature is fitted on the dev split.
"""

from __future__ import annotations

import json
import os
import warnings
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
RUNTIMES = ("auto", "onnx-int8", "onnx", "torch")
# Interleaved A/B on the 2-core machine (corpus of 453 statements, ~45 tokens each): ONNX
# Runtime ran 52/49/45/43 statements/s at 512/1024/2048/4096 tokens, torch 41/36/38/36, so
# bigger batches buy nothing here (activations fall out of cache) and cost latency.
DEFAULT_MAX_BATCH_TOKENS = 1024
# Rows per forward pass of the int8 graph. Dynamic quantization scales activations per tensor, so
# in a batch a statement's scores would move with its batch mates (up to ~0.05 in probability);
# one statement per pass makes them a function of the statement alone, as fp32's are. Speed comes
# back from running single-threaded passes side by side (serving.onnx_engine.int8_engine): on the
# quiet 2-core machine, 348 statements/s against 314 for 1024-token batches on 2 threads.
INT8_ROWS = 1


class InputError(ValueError):
    """The model input is malformed (missing column, empty or non-text statement)."""


class MissingRuntime(ImportError):
    """The engine this version needs is not installed here (e.g. torch in the serve-only env)."""


def validate_texts(texts: list[Any]) -> list[str]:
    """Return the texts unchanged, or raise naming the first bad row."""
    for i, text in enumerate(texts):
        if not isinstance(text, str):
            raise InputError(f"row {i}: text must be a string, got {type(text).__name__}")
        if not text.strip():
            raise InputError(f"row {i}: text is empty")
        bad = unpaired_surrogate(text)
        if bad is not None:
            raise InputError(
                f"row {i}: text is not valid Unicode (an unpaired surrogate at character {bad}); "
                "send UTF-8 text"
            )
    return texts


def unpaired_surrogate(text: str) -> int | None:
    """Index of the first lone surrogate (JSON allows ``"\\ud800"``; UTF-8 cannot hold it)."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as exc:
        return exc.start
    return None


def softmax(logits: np.ndarray, temperature: float = 1.0) -> np.ndarray:
    z = logits / temperature
    z = z - z.max(axis=1, keepdims=True)
    e = np.exp(z)
    return e / e.sum(axis=1, keepdims=True)


@dataclass
class EngineOutput:
    logits: np.ndarray  # (n, len(LABELS)), columns in LABELS order
    truncated: np.ndarray  # (n,) bool: the text was longer than the model's window


def env_int(name: str, default: int) -> int:
    """An integer setting from the environment; a clear error instead of a stack of ValueErrors."""
    raw = os.environ.get(name, "").strip()
    if not raw:
        return default
    try:
        value = int(raw)
    except ValueError:
        raise ValueError(f"{name} must be an integer, got {raw!r}") from None
    if value < 0:
        raise ValueError(f"{name} must be >= 0, got {value}")
    return value


def plan_batches(lengths: np.ndarray, max_tokens: int, max_rows: int = 0) -> list[np.ndarray]:
    """Indices of length-sorted batches whose padded size (rows x longest) fits ``max_tokens``.

    Sorting keeps padding small; the token budget (rather than a fixed count) lets short
    statements go in large batches and keeps long ones from blowing up memory. A text longer
    than the budget gets a batch of its own. ``max_rows`` > 0 caps the rows as well.
    """
    order = np.argsort(lengths, kind="stable")
    batches: list[np.ndarray] = []
    start = 0
    n = len(order)
    while start < n:
        end = start + 1
        while end < n:
            rows = end - start + 1
            if max_rows and rows > max_rows:
                break
            if rows * int(lengths[order[end]]) > max_tokens:  # sorted: the new row is the longest
                break
            end += 1
        batches.append(order[start:end])
        start = end
    return batches


def clip_window(ids: list[int], max_length: int, sep_id: int | None) -> list[int]:
    """Keep the first ``max_length`` tokens, re-closed with SEP (the model saw that shape)."""
    if len(ids) <= max_length:
        return ids
    return ids[: max_length - 1] + [sep_id if sep_id is not None else ids[-1]]


def pad_rows(rows: list[list[int]], pad_id: int) -> tuple[np.ndarray, np.ndarray]:
    """Pad to the longest row of this batch only: (input_ids, attention_mask), int64."""
    width = max(len(r) for r in rows)
    input_ids = np.full((len(rows), width), pad_id, dtype=np.int64)
    mask = np.zeros((len(rows), width), dtype=np.int64)
    for j, r in enumerate(rows):
        input_ids[j, : len(r)] = r
        mask[j, : len(r)] = 1
    return input_ids, mask


def run_batched(
    encoded: list[list[int]],
    forward,
    *,
    max_length: int,
    max_tokens: int,
    max_rows: int,
    sep_id: int | None,
    pad_id: int,
    mapper=map,
) -> EngineOutput:
    """Shared by every transformer engine: window, plan, pad, ``forward(ids, mask)``, reorder.

    ``mapper`` runs the batches (``map``: one after the other; an executor's ``map``: side by
    side); results are put back by index either way.
    """
    n = len(encoded)
    out = np.zeros((n, len(LABELS)), dtype=np.float32)
    lengths = np.array([len(ids) for ids in encoded], dtype=np.int64)
    truncated = lengths > max_length
    clipped = np.minimum(lengths, max_length)
    batches = plan_batches(clipped, max_tokens, max_rows)

    def run_one(idx: np.ndarray) -> np.ndarray:
        return forward(
            *pad_rows([clip_window(encoded[i], max_length, sep_id) for i in idx], pad_id)
        )

    for idx, logits in zip(batches, mapper(run_one, batches), strict=True):
        out[idx] = logits
    return EngineOutput(out, truncated)


class TransformerEngine:
    """Fine-tuned encoder + classification head in torch, CPU inference with dynamic padding."""

    name = "torch"
    # Class-level defaults so an engine wrapped around a live model (training) batches the same.
    max_batch_tokens: int = DEFAULT_MAX_BATCH_TOKENS
    batch_size: int = 0  # row cap per batch; 0 = the token budget alone decides

    def __init__(
        self,
        model_dir: str | Path,
        max_length: int = 256,
        batch_size: int = 0,
        max_batch_tokens: int = DEFAULT_MAX_BATCH_TOKENS,
    ):
        try:
            import torch
            from transformers import AutoModelForSequenceClassification, AutoTokenizer
        except ImportError as exc:
            raise MissingRuntime(
                f"the torch runtime needs torch and transformers, which this environment lacks "
                f"({exc}); the serve-only install serves ONNX graphs only: use "
                "PARLEY_RUNTIME=auto with a version that carries one, or install the 'train' extra"
            ) from exc

        threads = env_int("PARLEY_TORCH_THREADS", 0)
        if threads > 0:
            torch.set_num_threads(threads)
        self.torch = torch
        self.tokenizer = AutoTokenizer.from_pretrained(str(model_dir), local_files_only=True)
        self.model = AutoModelForSequenceClassification.from_pretrained(
            str(model_dir), local_files_only=True
        ).eval()
        self.max_length = max_length
        self.batch_size = batch_size
        self.max_batch_tokens = max_batch_tokens
        id2label = {int(k): v for k, v in self.model.config.id2label.items()}
        # Column order of the head, mapped onto LABELS order.
        self.order = [next(i for i, name in id2label.items() if name == label) for label in LABELS]

    def _forward(self, input_ids: np.ndarray, mask: np.ndarray) -> np.ndarray:
        logits = self.model(
            input_ids=self.torch.from_numpy(input_ids),
            attention_mask=self.torch.from_numpy(mask),
        ).logits
        return logits.float().numpy()[:, self.order]

    def logits(self, texts: list[str]) -> EngineOutput:
        if not texts:
            return EngineOutput(np.zeros((0, len(LABELS)), np.float32), np.zeros(0, dtype=bool))
        enc = self.tokenizer(list(texts), add_special_tokens=True, truncation=False)["input_ids"]
        with self.torch.inference_mode():
            return run_batched(
                enc,
                self._forward,
                max_length=self.max_length,
                max_tokens=self.max_batch_tokens,
                max_rows=self.batch_size,
                sep_id=self.tokenizer.sep_token_id,
                pad_id=self.tokenizer.pad_token_id or 0,
            )


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


def choose_runtime(meta: dict, artifact_dir: Path, requested: str) -> tuple[str, str]:
    """Pick the engine for a transformer version: (``onnx-int8``|``onnx``|``torch``, why).

    ``auto`` takes the int8 graph when it passed its gate (test macro-F1 within 0.01 of fp32),
    else fp32 ONNX when it passed the fidelity gate, else torch. The int8 graph runs one
    statement per forward pass (see ``INT8_ROWS``), so its scores never depend on batch mates.
    An explicit ONNX request that the version cannot honour is an error, not a silent
    fallback, so an operator never believes a runtime is in use that is not.
    """
    if requested not in RUNTIMES:
        raise ValueError(f"PARLEY_RUNTIME must be one of {', '.join(RUNTIMES)}; got {requested!r}")
    if requested == "torch":
        return "torch", "PARLEY_RUNTIME=torch"
    onnx = meta.get("onnx") or {}
    usable = {}
    for name, key in (("onnx-int8", "int8"), ("onnx", "fp32")):
        variant = onnx.get(key) or {}
        path = artifact_dir / variant.get("path", "-")
        if not variant.get("served"):
            usable[name] = variant.get("reason") or onnx.get("error") or "not exported"
        elif not path.is_file():
            usable[name] = f"{path.name} is missing from the artifacts"
        else:
            usable[name] = None  # fine
    if usable["onnx"] is None or usable["onnx-int8"] is None:
        try:
            import onnxruntime  # noqa: F401
        except ImportError:
            usable = {k: "onnxruntime is not installed" for k in usable}
    if requested != "auto":
        if usable[requested] is not None:
            raise ValueError(
                f"PARLEY_RUNTIME={requested} but this model version cannot run it: "
                f"{usable[requested]}; use PARLEY_RUNTIME=auto or torch"
            )
        return requested, f"PARLEY_RUNTIME={requested}"
    if usable["onnx-int8"] is None:
        return (
            "onnx-int8",
            "auto: int8 ONNX graph passed its gate (test macro-F1 within 0.01 of fp32)",
        )
    if usable["onnx"] is None:
        return (
            "onnx",
            f"auto: fp32 ONNX graph passed the fidelity gate (int8: {usable['onnx-int8']})",
        )
    return "torch", f"auto: no ONNX graph served ({usable['onnx']})"


def load_engine(artifact_dir: str | Path, runtime: str | None = None) -> tuple[Any, dict]:
    """Load the engine described by ``meta.json`` in ``artifact_dir``.

    The engine carries ``runtime`` = {engine, requested, reason}: which runtime and why
    (kept off ``meta``, which callers may write back to ``meta.json``).
    """
    artifact_dir = Path(artifact_dir)
    meta = json.loads((artifact_dir / META_FILE).read_text())
    if meta["kind"] == "transformer":
        requested = (runtime or os.environ.get("PARLEY_RUNTIME") or "auto").strip().lower()
        choice, reason = choose_runtime(meta, artifact_dir, requested)
        max_length = meta.get("max_length", 256)
        max_tokens = env_int("PARLEY_MAX_BATCH_TOKENS", DEFAULT_MAX_BATCH_TOKENS) or (
            DEFAULT_MAX_BATCH_TOKENS
        )
        max_rows = env_int("PARLEY_BATCH_SIZE", 0)
        if choice == "torch":
            try:
                engine = TransformerEngine(
                    artifact_dir / "hf",
                    max_length=max_length,
                    batch_size=max_rows,
                    max_batch_tokens=max_tokens,
                )
            except MissingRuntime as exc:  # say why torch was chosen
                raise MissingRuntime(f"{exc} (runtime chosen: {reason})") from exc
        else:
            from serving.onnx_engine import OnnxEngine, int8_engine

            if choice == "onnx-int8":
                engine = int8_engine(
                    artifact_dir / meta["onnx"]["int8"]["path"],
                    artifact_dir / "hf",
                    max_length=max_length,
                )
            else:
                engine = OnnxEngine(
                    artifact_dir / meta["onnx"]["fp32"]["path"],
                    artifact_dir / "hf",
                    max_length=max_length,
                    max_batch_tokens=max_tokens,
                    batch_size=max_rows,
                    name=choice,
                )
        engine.runtime = {"engine": choice, "requested": requested, "reason": reason}
    elif meta["kind"] == "tfidf":
        engine = TfidfEngine(artifact_dir / "pipeline.joblib")
        engine.runtime = {"engine": "sklearn", "requested": None, "reason": "tfidf model"}
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


# MLflow warns when a PythonModel subclass is created without type hints on predict (the
# signature is logged explicitly, training/track.py). It forces its own filter, so only
# recording the warning keeps that raw stderr line out of the logs (PARLEY_LOG_FORMAT=json).
_quiet = warnings.catch_warnings(record=True)
_quiet.__enter__()


class StanceClassifier(PythonModel):
    """MLflow pyfunc: DataFrame with a ``text`` column in, label + per-label scores out."""

    def load_context(self, context) -> None:  # noqa: ANN001 - mlflow's type
        self.engine, self.meta = load_engine(context.artifacts["stance"])
        self.temperature = float(self.meta.get("temperature", 1.0))
        self.runtime = dict(self.engine.runtime)  # which engine serves, and why

    # The DataFrame hint tells MLflow there is no schema to infer from the hint (the signature
    # comes from the input example); without any hint MLflow warns on every import.
    def predict(self, context, model_input: pd.DataFrame, params=None) -> pd.DataFrame:  # noqa: ANN001
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


_quiet.__exit__(None, None, None)
