"""Fail safe at the edges: what /readyz tells strangers, open binds, slow and malformed bodies."""

from __future__ import annotations

import json
import socket
import time

import httpx
import pytest

from serving.api.app import create_app
from serving.api.settings import ServingSettings
from tests.helpers import unique_name
from tests.servers import wait_for

KEY = "edge-test-key-123"


def test_readyz_tells_anonymous_callers_only_the_status(serve):
    server = serve(f"models:/{unique_name('parley-edge')}@live", api_key=KEY)
    wait_for(
        lambda: (
            httpx.get(f"{server.url}/readyz", headers={"X-API-Key": KEY}, timeout=10)
            .json()
            .get("last_error")
        ),
        30,
        "the failed load was never reported",
    )
    anonymous = httpx.get(f"{server.url}/readyz", timeout=10)
    assert anonymous.status_code == 503 and anonymous.headers["Retry-After"]
    assert anonymous.json() == {"status": "loading"}  # no URI, no error text, no paths
    keyed = httpx.get(
        f"{server.url}/readyz", headers={"Authorization": f"Bearer {KEY}"}, timeout=10
    )
    assert keyed.status_code == 503
    assert keyed.json()["uri"].startswith("models:/") and keyed.json()["last_error"]
    wrong = httpx.get(f"{server.url}/readyz", headers={"X-API-Key": KEY + "x"}, timeout=10)
    assert wrong.json() == {"status": "loading"}


def test_a_non_loopback_bind_without_a_key_is_refused(monkeypatch, capsys):
    for var in ("PARLEY_API_KEY", "PARLEY_ALLOW_OPEN_NETWORK", "PARLEY_HOST"):
        monkeypatch.delenv(var, raising=False)
    with pytest.raises(ValueError, match="PARLEY_ALLOW_OPEN_NETWORK"):
        ServingSettings(host="0.0.0.0").check_exposure()
    with pytest.raises(ValueError, match="refusing to bind 0.0.0.0"):
        create_app(ServingSettings(host="0.0.0.0"))
    ServingSettings(host="0.0.0.0", api_key="k").check_exposure()
    ServingSettings(host="0.0.0.0", allow_open_network=True).check_exposure()
    ServingSettings(host="127.0.0.1").check_exposure()
    monkeypatch.setenv("PARLEY_ALLOW_OPEN_NETWORK", "1")
    ServingSettings(host="0.0.0.0").check_exposure()
    monkeypatch.delenv("PARLEY_ALLOW_OPEN_NETWORK")

    from parley.cli import main

    assert main(["serve", "--host", "0.0.0.0", "--port", "9"]) == 2  # refused before binding
    assert "refusing to bind 0.0.0.0 without an API key" in capsys.readouterr().err


def _raw(port: int, request: bytes, wait_s: float = 15.0) -> tuple[bytes, float]:
    """Send ``request`` and read until the server closes (bounded by ``wait_s``)."""
    t0 = time.monotonic()
    with socket.create_connection(("127.0.0.1", port), timeout=wait_s) as sock:
        sock.sendall(request)
        data = b""
        while True:
            try:
                chunk = sock.recv(65536)
            except TimeoutError:
                break
            if not chunk:
                break
            data += chunk
    return data, time.monotonic() - t0


def test_a_body_shorter_than_its_content_length_is_answered_408(serve, tfidf_model_uri):
    server = serve(tfidf_model_uri, body_timeout_s=1.0)
    server.wait_ready()
    body = b'{"statements": [{"text": "Talk."}]}'
    head = (
        b"POST /v1/predict HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
        b"Content-Length: " + str(len(body) + 100).encode() + b"\r\n\r\n"
    )
    data, took = _raw(server.port, head + body)
    status, _, rest = data.partition(b"\r\n")
    assert status.startswith(b"HTTP/1.1 408"), data[:300]
    payload = json.loads(rest.split(b"\r\n\r\n", 1)[1])
    assert payload["error"]["code"] == "body_timeout"
    assert b"connection: close" in rest.lower()
    assert took < 15  # answered and closed, not left hanging until the client gives up
    # the server still serves
    r = httpx.post(f"{server.url}/v1/predict", json={"statements": [{"text": "Talk."}]}, timeout=30)
    assert r.status_code == 200


def test_a_malformed_content_length_is_refused_before_the_app(serve, tfidf_model_uri):
    """uvicorn's HTTP parser (h11) answers these itself, with its own 400 (not JSON)."""
    server = serve(tfidf_model_uri)
    server.wait_ready()
    for value in (b"abc", b"-1", b"1, 2", b"12x"):
        data, took = _raw(
            server.port,
            b"POST /v1/predict HTTP/1.1\r\nHost: x\r\nContent-Length: " + value + b"\r\n\r\n{}",
        )
        assert data.startswith(b"HTTP/1.1 400"), (value, data[:200])
        assert took < 15
