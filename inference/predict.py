"""The one predict function behind HTTP, batch scoring and evaluation.

Every caller loads a registered model with :func:`load_model` and scores with :func:`predict`;
nobody calls the engine directly, so the three paths cannot drift apart.
"""

from __future__ import annotations

import re
import shutil
import tempfile
import weakref
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from urllib.parse import urlparse

import pandas as pd

from inference.settings import DEFAULT_MODEL_URI
from parley_model.config import EngineConfig
from parley_model.labels import SCORE_COLUMNS
from parley_model.text import validate_texts

_REGISTRY_URI = re.compile(r"^models:/(?P<name>[^/@]+)(?:@(?P<alias>[^/]+)|/(?P<version>\d+))$")


@dataclass
class LoadedModel:
    """A pyfunc plus what callers report about it."""

    pyfunc: object
    uri: str
    name: str | None = None
    version: str | None = None
    alias: str | None = None
    run_id: str | None = None
    loaded_at: str = field(default_factory=lambda: datetime.now(UTC).isoformat())
    # Which engine runs the model and why: {"engine": "onnx-int8"|"onnx"|"torch"|"sklearn",
    # "requested": PARLEY_RUNTIME, "reason": ...}; None for a pyfunc that is not ours.
    runtime: dict | None = None
    # trained on statements with their reporting frames: article mode adds them (meta.json)
    article_frames: bool = False

    def describe(self) -> dict:
        return {"name": self.name, "version": self.version, "alias": self.alias}


def resolve(uri: str) -> dict:
    """For a registry URI, find the concrete version (so reports never say just 'champion')."""
    match = _REGISTRY_URI.match(uri)
    if not match:
        return {}
    from mlflow import MlflowClient

    client = MlflowClient()
    name, alias, version = match["name"], match["alias"], match["version"]
    mv = (
        client.get_model_version_by_alias(name, alias)
        if alias
        else client.get_model_version(name, version)
    )
    return {"name": name, "version": str(mv.version), "alias": alias, "run_id": mv.run_id}


def version_uri(name: str, version: str | int) -> str:
    """The registry URI of one model version: ``models:/name/3``."""
    return f"models:/{name}/{version}"


def concrete_uri(uri: str, info: dict | None = None) -> str:
    """The exact model a URI means now: ``models:/name/3`` for an alias, else the URI."""
    info = resolve(uri) if info is None else info
    return version_uri(info["name"], info["version"]) if info else uri


def load_model(uri: str = DEFAULT_MODEL_URI, engine: EngineConfig | None = None) -> LoadedModel:
    """Load a pyfunc by URI; a registry alias is pinned to its current version first.

    ``engine`` (from ``Settings.engine()``) reaches the model as MLflow's ``model_config``.
    """
    import mlflow

    info = resolve(uri)
    concrete = concrete_uri(uri, info)
    config = (engine or EngineConfig()).as_dict()
    if _stored_locally(concrete):  # MLflow loads the files where they are
        pyfunc = mlflow.pyfunc.load_model(concrete, model_config=config)
    else:
        pyfunc = _load_downloaded(concrete, config)
    return LoadedModel(
        pyfunc=pyfunc,
        uri=uri,
        runtime=_runtime_of(pyfunc),
        article_frames=_article_frames_of(pyfunc),
        **info,
    )


def _stored_locally(uri: str) -> bool:
    """Whether a model's files are already on this disk (a path, ``file:``, or a ``models:/`` or
    ``runs:/`` URI whose artifacts are), so that loading it copies nothing."""
    from mlflow.store.artifact.models_artifact_repo import ModelsArtifactRepository
    from mlflow.store.artifact.runs_artifact_repo import RunsArtifactRepository

    if ModelsArtifactRepository.is_models_uri(uri):
        uri = ModelsArtifactRepository.get_underlying_uri(uri)
    elif RunsArtifactRepository.is_runs_uri(uri):
        uri = RunsArtifactRepository.get_underlying_uri(uri)
    return urlparse(uri).scheme in ("", "file")


def _load_downloaded(uri: str, config: dict) -> object:
    """Load a model that lives behind a server (``mlflow-artifacts:``, S3, ...).

    MLflow downloads such a model into a fresh temporary folder and never removes it: one copy
    of the model (about 200 MB for MiniLM) per load, that is per process start and per reload.
    Here the folder is ours and goes when the loaded model does (or when the process exits).
    """
    import mlflow

    folder = tempfile.mkdtemp(prefix="parley-model-")
    try:
        pyfunc = mlflow.pyfunc.load_model(uri, model_config=config, dst_path=folder)
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise
    weakref.finalize(pyfunc, shutil.rmtree, folder, ignore_errors=True)
    return pyfunc


def _python_model(pyfunc) -> object | None:  # noqa: ANN001 - mlflow's PyFuncModel
    """The ``StanceClassifier`` inside a pyfunc, or None for another flavour."""
    try:
        return pyfunc.unwrap_python_model()
    except Exception:  # not a python_model flavour
        return None


def _runtime_of(pyfunc) -> dict | None:  # noqa: ANN001 - mlflow's PyFuncModel
    """The engine choice recorded by ``StanceClassifier.load_context``, if this is one."""
    runtime = getattr(_python_model(pyfunc), "runtime", None)
    return dict(runtime) if isinstance(runtime, dict) else None


def _article_frames_of(pyfunc) -> bool:  # noqa: ANN001 - mlflow's PyFuncModel
    """Whether the model's ``meta.json`` says it was trained with reporting frames."""
    meta = getattr(_python_model(pyfunc), "meta", None)
    return bool(getattr(meta, "article_frames", False))


def predict(model: LoadedModel, texts: Sequence[str]) -> pd.DataFrame:
    """Score statements: one row per text, in order, with label, score_* and truncated.

    Raises ``parley_model.text.InputError`` naming the first empty or non-text item.
    """
    texts = validate_texts(list(texts))
    if not texts:
        return pd.DataFrame(columns=["label", "score_favor", "score_against", "score_neutral"])
    frame = model.pyfunc.predict(pd.DataFrame({"text": texts}))
    return frame.reset_index(drop=True)


def add_abstain(frame: pd.DataFrame, threshold: float | None) -> pd.DataFrame:
    """A copy of a :func:`predict` frame with ``abstain``: the top calibrated score < threshold.

    The label is kept either way; abstaining only says "too unsure to act on". With no
    threshold nothing abstains. HTTP and batch both call this, so they agree row for row.
    """
    out = frame.copy()
    if threshold is None or out.empty:
        out["abstain"] = False
        return out
    top = out[list(SCORE_COLUMNS)].to_numpy(dtype=float).max(axis=1)
    out["abstain"] = top < threshold
    return out
