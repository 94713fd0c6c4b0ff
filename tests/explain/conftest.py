"""Fixtures for evidence (occlusion) and abstain tests: the fast TF-IDF model, loaded and served.

The servers are tests/servers.py's.
"""

from __future__ import annotations

import pytest

from tests.helpers import register, unique_name
from tests.servers import LiveServer, settings


@pytest.fixture(scope="session")
def tfidf_model(tfidf_model_uri):
    from inference.predict import load_model

    return load_model(tfidf_model_uri)


@pytest.fixture(scope="session")
def tfidf_registered(tfidf_model_uri) -> str:
    """The TF-IDF model under a test-only name with alias `live`; the URI to serve."""
    name = unique_name("parley-test-explain")
    register(tfidf_model_uri, name, alias="live")
    return f"models:/{name}@live"


@pytest.fixture
def serve():
    """``serve(model_uri, **settings)``: a ready uvicorn server on 127.0.0.1, stopped after."""
    servers: list[LiveServer] = []

    def start(model_uri: str, **overrides) -> LiveServer:
        server = LiveServer(settings(model_uri, **overrides)).start()
        servers.append(server)
        server.wait_ready()
        return server

    yield start
    for server in servers:
        server.stop()
