"""Tools for the serving tests: a real uvicorn server in a thread on 127.0.0.1, registry helpers.

Everything is bounded: servers start within a deadline, waits poll with a timeout, and every
HTTP client has a timeout.
"""

from __future__ import annotations

import json
import shutil
import tempfile
import threading
import time
import uuid
from pathlib import Path
from urllib.parse import unquote, urlparse

import httpx
import uvicorn
from prometheus_client.parser import text_string_to_metric_families

from serving.api.app import create_app
from serving.api.settings import ServingSettings

ROOT = Path(__file__).resolve().parents[2]


class LiveServer:
    """``create_app(settings)`` under a real ``uvicorn.Server`` on 127.0.0.1 (a free port)."""

    def __init__(self, settings: ServingSettings):
        self.settings = settings
        self.app = create_app(settings)
        config = uvicorn.Config(
            self.app,
            host="127.0.0.1",
            port=0,
            log_level="warning",
            access_log=False,
            lifespan="on",
            timeout_graceful_shutdown=10,
        )
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, name="test-uvicorn", daemon=True)
        self.port: int | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self, timeout: float = 60.0) -> LiveServer:
        self.thread.start()
        deadline = time.monotonic() + timeout
        while not self.server.started:
            if not self.thread.is_alive() or time.monotonic() > deadline:
                raise RuntimeError("uvicorn did not start")
            time.sleep(0.05)
        self.port = self.server.servers[0].sockets[0].getsockname()[1]
        return self

    def stop(self) -> None:
        self.server.should_exit = True
        self.thread.join(30)

    def wait_ready(self, timeout: float = 120.0) -> dict:
        """Poll /readyz until 200; return its body."""
        return wait_for(
            lambda: _ready_body(self.url), timeout, f"{self.url}/readyz never turned 200"
        )

    def metrics(self) -> dict[str, float]:
        """Every sample of /metrics as {'name{label="v",...}': value}."""
        return parse_metrics(httpx.get(f"{self.url}/metrics", timeout=10).text)


def parse_metrics(text: str) -> dict[str, float]:
    """Prometheus text as {'name{a="x",b="y"}': value}, labels sorted by name."""
    out = {}
    for family in text_string_to_metric_families(text):
        for s in family.samples:
            labels = ",".join(f'{k}="{v}"' for k, v in sorted(s.labels.items()))
            out[f"{s.name}{{{labels}}}" if labels else s.name] = s.value
    return out


def _ready_body(url: str) -> dict | None:
    try:
        r = httpx.get(f"{url}/readyz", timeout=5)
    except httpx.TransportError:
        return None
    return r.json() if r.status_code == 200 else None


def wait_for(check, timeout: float, message: str):
    """Call ``check`` until it returns something truthy (bounded); return that."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = check()
        if value:
            return value
        time.sleep(0.2)
    raise TimeoutError(message)


def settings(model_uri: str, **overrides) -> ServingSettings:
    """Test settings: explicit values so a developer's PARLEY_* environment cannot leak in."""
    base = {
        "model_uri": model_uri,
        "api_key": None,
        "reload_interval_s": 0,
        "max_wait_ms": 2.0,
        "torch_threads": 1,
        "access_log": False,
        "log_level": "warning",
        "abstain_below": None,
    }
    return ServingSettings(**(base | overrides))


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


def clone_model(model_uri: str) -> str:
    """Log a copy of a logged model (same engine files, own artifact folder); its URI."""
    import mlflow

    from parley_model.pyfunc import StanceClassifier

    tmp = Path(tempfile.mkdtemp(prefix="parley-clone-"))
    try:
        local = Path(mlflow.artifacts.download_artifacts(artifact_uri=model_uri, dst_path=str(tmp)))
        with mlflow.start_run(run_name="test-clone"):
            info = mlflow.pyfunc.log_model(
                name="model",
                python_model=StanceClassifier(),
                artifacts={"stance": str(local / "artifacts" / "stance")},
                code_paths=[str(ROOT / "serving")],
                pip_requirements=["mlflow"],
            )
        return info.model_uri
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def corrupt_model(model_uri: str) -> Path:
    """Overwrite the engine's meta.json in the artifact store with a torn write; its path."""
    import mlflow

    model_id = model_uri.removeprefix("models:/")
    location = mlflow.get_logged_model(model_id).artifact_location
    meta = Path(unquote(urlparse(location).path)) / "artifacts" / "stance" / "meta.json"
    assert meta.is_file(), f"no meta.json at {meta}"
    text = meta.read_text()
    json.loads(text)  # it was valid before
    meta.write_text(text[: len(text) // 2])
    return meta
