"""Fixtures for the reliability tests: a Parley server on the private test store, and
a real MLflow tracking server with a TF-IDF champion for the registry and retraining faults.

The harness (tests/servers.py, tests/registry_server.py, tests/stress/) is shared with
``make stress`` (``bench/stress``), which runs its long versions.
"""

from __future__ import annotations

import pytest

from tests.helpers import register, unique_name
from tests.registry_server import MlflowServer, promote, train_tfidf
from tests.servers import LiveServer, settings


@pytest.fixture(scope="module")
def api_server(tfidf_model_uri):
    """A real uvicorn server on 127.0.0.1 serving the TF-IDF model under a test-only name."""
    name = unique_name("parley-test-reliability")
    register(tfidf_model_uri, name, alias="live")
    server = LiveServer(settings(f"models:/{name}@live")).start()
    server.wait_ready()
    yield server
    server.stop()


class Registry:
    """A live MLflow server whose `stance-classifier@champion` is a TF-IDF model."""

    def __init__(self, server: MlflowServer, first: str):
        self.server = server
        self.first = first

    def env(self, **extra: str) -> dict[str, str]:
        return self.server.env(**extra)

    def ensure_up(self) -> None:
        if not self.server.alive:
            self.server.start()


@pytest.fixture(scope="session")
def registry(tmp_path_factory):
    server = MlflowServer(tmp_path_factory.mktemp("mlflow-server")).start()
    try:
        env = server.env()
        first = train_tfidf(env)
        out = promote(env)
        assert out.returncode == 0, out.stdout + out.stderr
        assert server.alias("champion") == first
        yield Registry(server, first)
    finally:
        server.stop()
