"""A real MLflow tracking server for the registry and retraining tests (and ``make stress``),
and the ``parley`` commands run against it (train, promote), each bounded in time, 127.0.0.1 only.

The MLflow server has its own store in a temporary directory (never the developer's
``mlflow.db``); the model name is the product's own ``stance-classifier``, so ``parley train``
and ``parley promote`` run unchanged against it.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import signal
import subprocess
import time
from pathlib import Path
from urllib.parse import urlparse

import httpx

from tests.helpers import log_copy
from tests.servers import MLFLOW, PARLEY, ROOT, ServerProcess, environment, free_port

MODEL_NAME = "stance-classifier"
# A TF-IDF recipe that trains in seconds: the scenarios test the machinery, not the model.
FAST_TFIDF = (
    "--model",
    "tfidf",
    "--set",
    'data=["data/real_statements.jsonl", "data/real_statements_2.jsonl"]',
    "--set",
    "tfidf_c_grid=[4.0]",
    "--set",
    "experiment=reliability",
)
# The behavioural thresholds are for MiniLM; a TF-IDF champion only has to be no worse.
GATE_FOR_TFIDF = {
    "PARLEY_GATE_MIN_CLEAR": "0",
    "PARLEY_GATE_MIN_NEGATION": "0",
    "PARLEY_GATE_MIN_PARAPHRASE": "0",
}


class MlflowServer:
    """``mlflow server`` on 127.0.0.1 with a SQLite store and proxied artifacts under ``root``."""

    def __init__(self, root: Path, port: int | None = None):
        self.root = Path(root)
        self.root.mkdir(parents=True, exist_ok=True)
        self.port = port or free_port()
        self.server: ServerProcess | None = None
        self.starts = 0

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def artifacts(self) -> Path:
        return self.root / "artifacts"

    def start(self, timeout: float = 180.0) -> MlflowServer:
        """Start (or restart, same port and store) and wait until /health answers."""
        self.starts += 1
        argv = [
            MLFLOW,
            "server",
            "--host",
            "127.0.0.1",
            "--port",
            str(self.port),
            "--workers",
            "1",
            "--backend-store-uri",
            f"sqlite:///{self.root / 'mlflow.db'}",
            "--artifacts-destination",
            str(self.artifacts),
        ]
        env = environment(MLFLOW_SERVER_ENABLE_JOB_EXECUTION="false")
        log = self.root / f"mlflow-server-{self.starts}.log"
        self.server = ServerProcess("mlflow server", argv, env, log)
        self.server.wait_ready(f"{self.url}/health", timeout=timeout)
        return self

    @property
    def alive(self) -> bool:
        return self.server is not None and self.server.proc.poll() is None

    def kill(self) -> None:
        """SIGKILL the whole server (a crash, not a shutdown); wait until the port is closed."""
        if self.server is None:
            return
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.server.pid, signal.SIGKILL)
        self.server.proc.wait(timeout=30)
        self.server.stop()
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                httpx.get(f"{self.url}/health", timeout=1)
            except httpx.TransportError:
                return
            time.sleep(0.2)
        raise RuntimeError(f"{self.url} still answers after the kill")

    def stop(self) -> None:
        if self.server is not None:
            self.server.stop()

    def env(self, **extra: str) -> dict[str, str]:
        """The environment of a process that uses this server as tracking server and registry."""
        return environment(MLFLOW_TRACKING_URI=self.url, MLFLOW_REGISTRY_URI=None, **extra)

    def client(self):
        """An MlflowClient for this server (no global tracking URI is changed)."""
        from mlflow import MlflowClient

        return MlflowClient(tracking_uri=self.url, registry_uri=self.url)

    def alias(self, alias: str) -> str | None:
        from mlflow.exceptions import MlflowException

        try:
            return str(self.client().get_model_version_by_alias(MODEL_NAME, alias).version)
        except MlflowException:
            return None

    def set_alias(self, alias: str, version: str) -> None:
        self.client().set_registered_model_alias(MODEL_NAME, alias, version)

    def runs(self, experiment: str = "reliability") -> list:
        client = self.client()
        exp = client.get_experiment_by_name(experiment)
        return client.search_runs([exp.experiment_id], max_results=500) if exp else []

    def clone(self, version: str, experiment: str = "reliability") -> str:
        """Register a new version with its own copy of ``version``'s files (seconds, where
        ``parley train`` takes tens of seconds); the new version number."""
        import mlflow

        with using_tracking(self.url):
            client = self.client()  # an explicit id: the process's active experiment stays
            exp = client.get_experiment_by_name(experiment)
            exp_id = exp.experiment_id if exp else client.create_experiment(experiment)
            uri = log_copy(
                f"models:/{MODEL_NAME}/{version}",
                experiment_id=exp_id,
                run_name=f"clone-of-v{version}",
            )
            mv = mlflow.register_model(uri, MODEL_NAME)
            self.set_alias("challenger", str(mv.version))
            return str(mv.version)

    def corrupt(self, version: str) -> Path:
        """Tear the engine's meta.json of ``version`` in the server's artifact store (a real,
        unmocked broken artifact); the path written."""
        client = self.client()
        source = client.get_model_version(MODEL_NAME, version).source  # models:/m-...
        model_id = source.removeprefix("models:/")
        location = client.get_logged_model(model_id).artifact_location
        parsed = urlparse(location)
        if parsed.scheme == "mlflow-artifacts":
            base = self.artifacts / parsed.path.lstrip("/")
        else:
            base = Path(parsed.path)
        meta = base / "artifacts" / "stance" / "meta.json"
        text = meta.read_text()
        json.loads(text)  # valid before
        meta.write_text(text[: len(text) // 2])
        return meta


@contextlib.contextmanager
def using_tracking(url: str):
    """Point this process's MLflow at ``url`` for a block, then restore what was there."""
    import mlflow

    before = (mlflow.get_tracking_uri(), mlflow.get_registry_uri())
    mlflow.set_tracking_uri(url)
    mlflow.set_registry_uri(url)
    try:
        yield
    finally:
        mlflow.set_tracking_uri(before[0])
        mlflow.set_registry_uri(before[1])


def parley(
    args: list[str] | tuple[str, ...], env: dict[str, str], timeout: float = 600
) -> subprocess.CompletedProcess:
    """Run a ``parley`` command to completion (bounded), from the project root."""
    return subprocess.run(
        [PARLEY, *args], env=env, cwd=ROOT, capture_output=True, text=True, timeout=timeout
    )


def registered_version(output: str) -> str:
    match = re.search(r"registered: \S+ version (\d+)", output)
    if not match:
        raise RuntimeError(f"no registered version in the output:\n{output[-3000:]}")
    return match.group(1)


def train_tfidf(env: dict[str, str], *extra: str, timeout: float = 600) -> str:
    """``parley train`` (fast TF-IDF recipe) against ``env``'s registry; the new version."""
    out = parley(["train", *FAST_TFIDF, *extra], env, timeout)
    if out.returncode != 0:
        raise RuntimeError(f"parley train failed ({out.returncode}):\n{out.stderr[-3000:]}")
    return registered_version(out.stdout)


def promote(env: dict[str, str], timeout: float = 600) -> subprocess.CompletedProcess:
    return parley(["promote"], {**env, **GATE_FOR_TFIDF}, timeout)
