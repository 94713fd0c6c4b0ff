"""A local copy of the last model the server loaded, to start while the registry is down.

With ``PARLEY_MODEL_CACHE_DIR`` set, every successful load from MLflow copies the model's files
to ``DIR/<key>/<version>-<time>/`` (key: the model URI and the registry) and then points
``DIR/<key>.json`` at them (written to a temporary file and renamed), so a crash mid-copy never
leaves a half-written entry in use. One entry per model URI: the last one loaded. When the registry cannot be reached, the server loads
that entry instead and ``GET /v1/model`` says ``source: cache``.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import re
import shutil
import tempfile
from datetime import UTC, datetime
from pathlib import Path

from inference.predict import LoadedModel, load_model, version_uri
from parley_model.config import EngineConfig

log = logging.getLogger(__name__)
MLMODEL = "MLmodel"


def _registry() -> str:
    import mlflow

    return mlflow.get_registry_uri() or mlflow.get_tracking_uri()


def _key(uri: str) -> str:
    """A file name for a model URI in this registry: readable, unique through a short hash."""
    readable = re.sub(r"[^A-Za-z0-9._-]+", "_", uri).strip("_")[:60]
    digest = hashlib.sha256(f"{_registry()}|{uri}".encode()).hexdigest()[:10]
    return f"{readable}-{digest}"


def local_model_dir(model: LoadedModel) -> Path | None:
    """The directory MLflow loaded this pyfunc from (it holds ``MLmodel``), when we can tell."""
    try:
        stance = model.pyfunc._model_impl.context.artifacts["stance"]  # type: ignore[attr-defined]
    except (AttributeError, KeyError, TypeError):
        return None
    root = Path(stance).parents[1]
    return root if (root / MLMODEL).is_file() else None


class ModelCache:
    def __init__(self, root: str | Path):
        self.root = Path(root)

    def _pointer(self, uri: str) -> Path:
        return self.root / f"{_key(uri)}.json"

    def entry(self, uri: str) -> dict | None:
        """The cached entry for ``uri`` (metadata + ``path``), or None if there is none usable."""
        try:
            entry = json.loads(self._pointer(uri).read_text())
        except (FileNotFoundError, json.JSONDecodeError):
            return None
        if entry.get("uri") != uri or entry.get("registry") != _registry():
            return None
        if not (Path(entry.get("path", "")) / MLMODEL).is_file():
            return None
        return entry

    def save(self, model: LoadedModel, info: dict) -> Path:
        """Copy ``model``'s files into the cache and make them the entry for ``model.uri``."""
        import mlflow

        self.root.mkdir(parents=True, exist_ok=True)
        key = _key(model.uri)
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%f")
        target = self.root / key / f"{model.version or 'x'}-{stamp}"
        target.parent.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=".staging-", dir=target.parent))
        try:
            source = local_model_dir(model)
            if source is not None:
                shutil.copytree(source, staging / "model")
            else:  # not one of ours, or unknown layout: ask MLflow for the files again
                concrete = (
                    version_uri(model.name, model.version)
                    if model.name and model.version
                    else model.uri
                )
                mlflow.artifacts.download_artifacts(
                    artifact_uri=concrete, dst_path=str(staging / "model")
                )
            os.replace(staging / "model", target)
        finally:
            shutil.rmtree(staging, ignore_errors=True)
        entry = {
            "uri": model.uri,
            "registry": _registry(),
            "name": model.name,
            "version": model.version,
            "alias": model.alias,
            "run_id": model.run_id,
            "cached_at": datetime.now(UTC).isoformat(),
            "path": str(target),
            **info,
        }
        pointer = self._pointer(model.uri)
        tmp = pointer.with_name(f".{pointer.name}.tmp")
        tmp.write_text(json.dumps(entry, indent=2))
        os.replace(tmp, pointer)
        for old in (self.root / key).iterdir():  # earlier copies of this URI
            if old != target:
                shutil.rmtree(old, ignore_errors=True)
        log.info("cached version %s of %s in %s", model.version, model.uri, target)
        return target

    def load(self, uri: str, engine: EngineConfig | None = None) -> tuple[LoadedModel, dict]:
        """Load the cached copy for ``uri`` through the shared loader; (model, entry)."""
        entry = self.entry(uri)
        if entry is None:
            raise FileNotFoundError(f"no cached model for {uri} in {self.root}")
        model = load_model(entry["path"], engine)
        model.uri = uri
        model.name, model.version = entry.get("name"), entry.get("version")
        model.alias, model.run_id = entry.get("alias"), entry.get("run_id")
        return model, entry
