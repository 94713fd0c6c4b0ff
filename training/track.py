"""MLflow logging and registration for one training run."""

from __future__ import annotations

import importlib.metadata as md
import platform
from pathlib import Path

import pandas as pd

import parley_model
from parley_model.config import EngineConfig
from parley_model.engines import choose_runtime
from parley_model.labels import LABELS, MODEL_NAME, SCORE_COLUMNS
from parley_model.meta import ArtifactMeta
from parley_model.pyfunc import ARTIFACT_KEY

# The model file MLflow stores (models-from-code) and the only code shipped beside it.
MODEL_PACKAGE = Path(parley_model.__file__).resolve().parent
MODEL_CODE = MODEL_PACKAGE / "model_code.py"

# What each engine needs at load time (parley_model/engines/). MLflow is pinned as mlflow-skinny:
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
    return choose_runtime(ArtifactMeta.read(artifact_dir), artifact_dir, "auto")[0]


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
    """Log the pyfunc from code (``parley_model/model_code.py``, with the ``parley_model`` package
    as its only code) and return its ModelInfo."""
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
        python_model=str(MODEL_CODE),
        artifacts={ARTIFACT_KEY: str(artifact_dir)},
        code_paths=[str(MODEL_PACKAGE)],
        signature=signature(),
        input_example=example,
        pip_requirements=pinned_requirements(engine_of(artifact_dir, kind)),
        metadata={"labels": list(LABELS), "kind": kind},
        # MLflow lets a loader override only the model_config keys logged here, so every engine
        # knob is logged with its default; without this it drops the loader's EngineConfig.
        model_config=EngineConfig().as_dict(),
    )


def register(model_uri: str, tags: dict[str, str]) -> str:
    """Register a new version of the stance classifier and give it the `challenger` alias."""
    import mlflow
    from mlflow import MlflowClient

    mv = mlflow.register_model(model_uri, MODEL_NAME, tags=tags)
    client = MlflowClient()
    client.set_registered_model_alias(MODEL_NAME, "challenger", mv.version)
    return str(mv.version)
