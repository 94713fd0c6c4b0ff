"""MLflow logging and registration for one training run."""

from __future__ import annotations

import importlib.metadata as md
import platform
from pathlib import Path

import pandas as pd

from serving.labels import LABELS, MODEL_NAME, SCORE_COLUMNS
from serving.mlflow_env import PROJECT_ROOT
from serving.runtime import StanceClassifier

RUNTIME_PACKAGES = (
    "mlflow",
    "torch",
    "transformers",
    "tokenizers",
    "safetensors",
    "scikit-learn",
    "numpy",
    "pandas",
    "joblib",
    "onnx",  # the exported graphs are ONNX files (serving/onnx_engine.py)
    "onnxruntime",
)
LIBRARY_VERSIONS = RUNTIME_PACKAGES + ("fastapi", "pydantic")


def versions(names=LIBRARY_VERSIONS) -> dict[str, str]:
    out = {"python": platform.python_version()}
    for name in names:
        try:
            out[name] = md.version(name)
        except md.PackageNotFoundError:
            continue
    return out


def pinned_requirements(kind: str) -> list[str]:
    """Explicit pins (MLflow's inference is slow and writes wrong ones, e.g. CUDA torch)."""
    names = (
        RUNTIME_PACKAGES
        if kind == "transformer"
        else ("mlflow", "scikit-learn", "numpy", "pandas", "joblib")
    )
    pins = []
    for name in names:
        version = md.version(name).split("+")[0]
        pins.append(f"{name}=={version}")
    return pins


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
        pip_requirements=pinned_requirements(kind),
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
