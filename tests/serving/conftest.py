"""Fixtures for the serving tests: real uvicorn servers on 127.0.0.1, stopped after each test."""

from __future__ import annotations

import pytest

from tests.helpers import register, unique_name
from tests.servers import LiveServer, settings


@pytest.fixture
def serve():
    """``serve(model_uri, **settings)`` starts a server (not waiting for the model)."""
    servers: list[LiveServer] = []

    def start(model_uri: str, **overrides) -> LiveServer:
        server = LiveServer(settings(model_uri, **overrides)).start()
        servers.append(server)
        return server

    yield start
    for server in servers:
        server.stop()


@pytest.fixture(scope="session")
def registered_tfidf(tfidf_model_uri) -> tuple[str, str]:
    """The TF-IDF model registered under a test-only name with alias `live`: (name, version)."""
    name = unique_name("parley-test-contract")
    return name, register(tfidf_model_uri, name, alias="live")
