"""MLflow logging and registration for one training run."""

from __future__ import annotations

import importlib.metadata as md
import json
import platform
from pathlib import Path

import pandas as pd

from serving.labels import LABELS, MODEL_NAME, SCORE_COLUMNS
from serving.mlflow_env import PROJECT_ROOT
from serving.runtime import META_FILE, StanceClassifier, choose_runtime

# What each engine needs at load time (serving/runtime.py). MLflow is pinned as mlflow-skinny:
# loading a pyfunc needs nothing of the full package (which adds scikit-learn, pyarrow, Flask...).
COMMON_PACKAGES = ("mlflow-skinny", "numpy", "pandas")
ENGINE_PACKAGES = {
    "onnx-int8": ("onnxruntime", "tokenizers"),
    "onnx": ("onnxruntime", "tokenizers"),
    "torch": ("torch", "transformers", "tokenizers", "safetensors"),
    "sklearn": ("scikit-learn", "joblib"),
}
RUNTIME_PACKAGES = tuple(
    dict.fromkeys(COMMON_PACKAGES + sum(ENGINE_PACKAGES.values(), ()) + ("onnx",))
)
LIBRARY_VERSIONS = RUNTIME_PACKAGES + ("mlflow", "fastapi", "pydantic")


def versions(names=LIBRARY_VERSIONS) -> dict[str, str]:
    out = {"python": platform.python_version()}
    for name in names:
        try:
            out[name] = md.version(name)
        except md.PackageNotFoundError:
            continue
    return out


def engine_of(artifact_dir: Path, kind: str) -> str:
    """The engine a server picks for this version by default (``PARLEY_RUNTIME=auto``)."""
    if kind != "transformer":
        return "sklearn"
    meta = json.loads((artifact_dir / META_FILE).read_text())
    return choose_runtime(meta, artifact_dir, "auto")[0]


def pinned_requirements(engine: str) -> list[str]:
    """Explicit pins of what ``engine`` imports, and nothing else.

    MLflow's inference is slow and writes wrong ones (e.g. CUDA torch). A version served on ONNX
    lists no torch: the serve-only install loads it. Asking such a version for the torch runtime
    (``PARLEY_RUNTIME=torch``) needs the ``train`` extra.
    """
    if engine not in ENGINE_PACKAGES:
        raise ValueError(f"unknown engine {engine!r}; one of {', '.join(ENGINE_PACKAGES)}")
    return [
        f"{name}=={md.version(name).split('+')[0]}"
        for name in COMMON_PACKAGES + ENGINE_PACKAGES[engine]
    ]


def signature():
    from mlflow.models import ModelSignature
    from mlflow.types.schema import ColSpec, Schema

    inputs = Schema([ColSpec("string", "text")])
    outputs = Schema(
        [ColSpec("string", "label")]
        + [ColSpec("double", col) for col in SCORE_COLUMNS]
        + [ColSpec("boolean", "truncated")]
    )
    return ModelSignature(inputs=inputs, outputs=outputs)


def log_model(artifact_dir: Path, kind: str):
    """Log the pyfunc (runtime code travels in code_paths) and return its ModelInfo."""
    import mlflow

    example = pd.DataFrame(
        {
            "text": [
                "We have to keep the channels open, especially now.",
                "Talking to them only buys them time.",
            ]
        }
    )
    return mlflow.pyfunc.log_model(
        name="model",
        python_model=StanceClassifier(),
        artifacts={"stance": str(artifact_dir)},
        code_paths=[str(PROJECT_ROOT / "serving")],
        signature=signature(),
        input_example=example,
        pip_requirements=pinned_requirements(engine_of(artifact_dir, kind)),
        metadata={"labels": list(LABELS), "kind": kind},
    )


def register(model_uri: str, tags: dict[str, str]) -> str:
    """Register a new version of the stance classifier and give it the `challenger` alias."""
    import mlflow
    from mlflow import MlflowClient

    mv = mlflow.register_model(model_uri, MODEL_NAME, tags=tags)
    client = MlflowClient()
    client.set_registered_model_alias(MODEL_NAME, "challenger", mv.version)
    return str(mv.version)
