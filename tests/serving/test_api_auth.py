"""The API key, on (through `parley serve` itself, settings from the environment) and off."""

from __future__ import annotations

import logging

import httpx
import pytest

from serving.api.server import announce
from serving.api.settings import ServingSettings
from tests.helpers import predict_body
from tests.servers import ParleyServer, environment, parse_metrics

KEY = "test-key-5b1c"  # a test value, not a credential


@pytest.fixture
def cli_server(tfidf_model_uri):
    """`parley serve` as a subprocess; yields (start, the servers started) and stops them."""
    started: list[ParleyServer] = []

    def start(env: dict) -> ParleyServer:
        env = {"PARLEY_MODEL_URI": tfidf_model_uri, "PARLEY_RELOAD_INTERVAL_S": "0"} | env
        server = ParleyServer(environment(**env))
        started.append(server)
        server.wait_ready(timeout=120)
        return server

    yield start, started
    for server in started:
        server.stop()


def test_api_key_required_when_set(cli_server):
    start, procs = cli_server
    url = start({"PARLEY_API_KEY": KEY}).url
    body = predict_body(["We should keep talking."])

    for headers in ({}, {"Authorization": "Bearer wrong"}, {"X-API-Key": "wrong"}):
        r = httpx.post(f"{url}/v1/predict", json=body, headers=headers, timeout=30)
        assert r.status_code == 401, r.text
        assert r.headers["WWW-Authenticate"] == "Bearer"
        assert "PARLEY_API_KEY" in r.json()["error"]["fix"]
    assert httpx.get(f"{url}/v1/model", timeout=10).status_code == 401
    assert httpx.post(f"{url}/admin/reload", timeout=10).status_code == 401

    for headers in ({"Authorization": f"Bearer {KEY}"}, {"X-API-Key": KEY}):
        r = httpx.post(f"{url}/v1/predict", json=body, headers=headers, timeout=30)
        assert r.status_code == 200, r.text
    assert httpx.get(f"{url}/v1/model", headers={"X-API-Key": KEY}, timeout=10).status_code == 200
    # Health and metrics stay open.
    for path in ("/healthz", "/readyz", "/metrics"):
        assert httpx.get(f"{url}{path}", timeout=10).status_code == 200
    metrics = parse_metrics(httpx.get(f"{url}/metrics", timeout=10).text)
    assert (
        metrics['parley_http_requests_total{method="POST",route="/v1/predict",status="401"}'] == 3
    )

    log = procs.pop().stop()
    assert "PARLEY_API_KEY is set" in log
    assert KEY not in log


def test_without_key_everything_is_open(serve, tfidf_model_uri):
    server = serve(tfidf_model_uri)  # api_key=None
    server.wait_ready()
    r = httpx.post(
        f"{server.url}/v1/predict", json=predict_body(["We should keep talking."]), timeout=30
    )
    assert r.status_code == 200
    assert httpx.get(f"{server.url}/v1/model", timeout=10).status_code == 200
    assert httpx.post(f"{server.url}/admin/reload", timeout=60).status_code == 200


def test_default_bind_is_loopback_and_the_start_says_so(monkeypatch, caplog):
    monkeypatch.delenv("PARLEY_HOST", raising=False)
    monkeypatch.delenv("PARLEY_API_KEY", raising=False)
    defaults = ServingSettings()
    assert defaults.host == "127.0.0.1" and defaults.api_key_value() is None
    with caplog.at_level(logging.INFO, logger="serving.api.server"):
        announce(defaults)
        announce(ServingSettings(host="0.0.0.0"))
        announce(ServingSettings(api_key=""))  # empty means no key, not the empty key
    assert "PARLEY_API_KEY is not set: binding 127.0.0.1 only" in caplog.text
    assert "binds 0.0.0.0: anyone who can reach it can use it" in caplog.text
    assert "PARLEY_API_KEY is set" not in caplog.text
