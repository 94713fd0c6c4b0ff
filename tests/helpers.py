"""Small helpers shared by the tests (and the benchmarks): request bodies, the corpus, and
registry helpers that leave the session's ``stance-classifier`` alone. Servers: tests/servers.py.
"""

from __future__ import annotations

import json
import shutil
import tempfile
import uuid
from pathlib import Path
from urllib.parse import unquote, urlparse

from tests.servers import PARLEY, ROOT

__all__ = [
    "CORPUS",
    "PARLEY",
    "ROOT",
    "clone_model",
    "corpus_texts",
    "corrupt_model",
    "log_copy",
    "predict_body",
    "register",
    "set_alias",
    "unique_name",
]

CORPUS = ROOT / "data" / "real_statements.jsonl"


def corpus_texts(n: int | None = None) -> list[str]:
    """Real statements (their real length mix), cycled to ``n`` when more are asked for."""
    texts = [json.loads(line)["text"] for line in CORPUS.read_text().splitlines() if line.strip()]
    if n is None:
        return texts
    return [texts[i % len(texts)] for i in range(n)]


def predict_body(texts: list[str], ids: list | None = None) -> dict:
    ids = ids if ids is not None else [f"s{i}" for i in range(len(texts))]
    return {"statements": [{"id": i, "text": t} for i, t in zip(ids, texts, strict=True)]}


def unique_name(prefix: str = "parley-test") -> str:
    """A registered-model name of its own, so the session's stance-classifier is untouched."""
    return f"{prefix}-{uuid.uuid4().hex[:8]}"


def register(model_uri: str, name: str, alias: str | None = None) -> str:
    """Register ``model_uri`` as a new version of ``name`` (optionally aliased); the version."""
    import mlflow
    from mlflow import MlflowClient

    version = str(mlflow.register_model(model_uri, name).version)
    if alias:
        MlflowClient().set_registered_model_alias(name, alias, version)
    return version


def set_alias(name: str, alias: str, version: str) -> None:
    from mlflow import MlflowClient

    MlflowClient().set_registered_model_alias(name, alias, version)


def log_copy(model_uri: str, **run_args) -> str:
    """Log a copy of a logged model the way training logs one (same engine files, its own
    artifact folder) in a new run (``run_args`` go to ``mlflow.start_run``); its URI."""
    import mlflow
    from mlflow.models import Model

    from parley_model.pyfunc import ARTIFACT_KEY
    from training.track import log_model

    tmp = Path(tempfile.mkdtemp(prefix="parley-clone-"))
    try:
        local = Path(mlflow.artifacts.download_artifacts(artifact_uri=model_uri, dst_path=str(tmp)))
        kind = (Model.load(str(local)).metadata or {}).get("kind", "tfidf")
        with mlflow.start_run(**({"run_name": "test-clone"} | run_args)):
            return log_model(local / "artifacts" / ARTIFACT_KEY, kind).model_uri
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def clone_model(model_uri: str) -> str:
    """A copy of a logged model in the active experiment; its URI."""
    return log_copy(model_uri)


def corrupt_model(model_uri: str) -> Path:
    """Overwrite the engine's meta.json in the artifact store with a torn write; its path."""
    import mlflow

    from parley_model.pyfunc import ARTIFACT_KEY

    model_id = model_uri.removeprefix("models:/")
    location = mlflow.get_logged_model(model_id).artifact_location
    meta = Path(unquote(urlparse(location).path)) / "artifacts" / ARTIFACT_KEY / "meta.json"
    assert meta.is_file(), f"no meta.json at {meta}"
    text = meta.read_text()
    json.loads(text)  # it was valid before
    meta.write_text(text[: len(text) // 2])
    return meta
