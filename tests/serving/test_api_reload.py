"""Readiness and hot reload against a real registry (a test-only registered-model name in the
private store): not ready before a model exists, reload under traffic with no failed request,
and a broken version that leaves the old model serving."""

from __future__ import annotations

import asyncio

import httpx

from tests.helpers import clone_model, corrupt_model, predict_body, register, set_alias, unique_name
from tests.servers import wait_for


def _version(server) -> str | None:
    return httpx.get(f"{server.url}/v1/model", timeout=10).json()["version"]


def test_not_ready_until_a_model_is_loaded(serve, tfidf_model_uri):
    name = unique_name("parley-test-ready")
    server = serve(f"models:/{name}@live")  # nothing is registered under that name yet
    assert httpx.get(f"{server.url}/healthz", timeout=10).status_code == 200
    wait_for(
        lambda: httpx.get(f"{server.url}/v1/model", timeout=10).json()["last_reload_error"],
        30,
        "the failed first load was never reported",
    )
    ready = httpx.get(f"{server.url}/readyz", timeout=10)
    assert ready.status_code == 503 and ready.json()["status"] == "loading"
    assert ready.json()["last_error"]
    r = httpx.post(f"{server.url}/v1/predict", json=predict_body(["Talk."]), timeout=10)
    assert r.status_code == 503 and r.headers["Retry-After"]
    assert r.json()["error"]["code"] == "model_not_loaded"
    info = httpx.get(f"{server.url}/v1/model", timeout=10).json()
    assert info["loaded"] is False and info["version"] is None

    version = register(tfidf_model_uri, name, alias="live")
    reload = httpx.post(f"{server.url}/admin/reload", timeout=120)
    assert reload.status_code == 200, reload.text
    assert reload.json()["outcome"] == "loaded"
    assert server.wait_ready(timeout=10)["model"]["version"] == version
    r = httpx.post(f"{server.url}/v1/predict", json=predict_body(["Talk."]), timeout=30)
    assert r.status_code == 200 and r.json()["model"]["version"] == version
    assert httpx.get(f"{server.url}/v1/model", timeout=10).json()["last_reload_error"] is None


async def _traffic(url: str, stop: asyncio.Event, results: list, clients: int = 6) -> None:
    """``clients`` loops posting until ``stop``; results get (status, version or error)."""
    async with httpx.AsyncClient(timeout=60) as client:

        async def loop(k: int) -> None:
            i = 0
            while not stop.is_set():
                body = predict_body([f"Client {k} says talks must go on ({i})."], [f"{k}-{i}"])
                try:
                    r = await client.post(f"{url}/v1/predict", json=body)
                    ok = r.status_code == 200 and r.json()["predictions"][0]["id"] == f"{k}-{i}"
                    results.append((r.status_code if ok else -r.status_code, _model(r)))
                except httpx.HTTPError as exc:
                    results.append((0, repr(exc)))
                i += 1

        await asyncio.gather(*(loop(k) for k in range(clients)))


def _model(r: httpx.Response) -> str | None:
    return r.json()["model"]["version"] if r.status_code == 200 else r.text


def test_reload_under_traffic_fails_no_request(serve, tfidf_model_uri):
    name = unique_name("parley-test-reload")
    v1 = register(tfidf_model_uri, name, alias="live")
    server = serve(f"models:/{name}@live", reload_interval_s=0.3, max_wait_ms=5)
    server.wait_ready()
    results: list = []

    async def scenario() -> tuple[str, str]:
        stop = asyncio.Event()
        traffic = asyncio.create_task(_traffic(server.url, stop, results))
        try:
            await _until(lambda: len(results) >= 20)
            # 1) the poller follows the alias
            v2 = await asyncio.to_thread(register, tfidf_model_uri, name, "live")
            await _until(lambda: _version(server) == v2, timeout=60)
            seen = len(results)
            await _until(lambda: len(results) >= seen + 20)
            # 2) POST /admin/reload follows it at once
            v3 = await asyncio.to_thread(register, tfidf_model_uri, name, None)
            await asyncio.to_thread(set_alias, name, "live", v3)
            async with httpx.AsyncClient(timeout=120) as admin:
                r = await admin.post(f"{server.url}/admin/reload")
            assert r.status_code == 200, r.text
            # the poller may have won the race; either way v3 is live now
            assert r.json()["model"]["version"] == v3
            seen = len(results)
            await _until(lambda: len(results) >= seen + 20)
            return v2, v3
        finally:
            stop.set()
            await traffic

    v2, v3 = asyncio.run(scenario())
    failures = [r for r in results if r[0] != 200]
    assert not failures, failures[:5]
    versions = [v for _, v in results]
    assert set(versions) == {v1, v2, v3}
    assert versions[-1] == v3
    assert _version(server) == v3
    m = server.metrics()
    assert m['parley_model_reloads_total{outcome="loaded"}'] >= 3
    assert m["parley_model_version"] == float(v3)


async def _until(check, timeout: float = 60.0) -> None:
    deadline = asyncio.get_running_loop().time() + timeout
    while not await asyncio.to_thread(check):
        if asyncio.get_running_loop().time() > deadline:
            raise TimeoutError("condition not reached")
        await asyncio.sleep(0.1)


def test_failing_reload_keeps_the_old_model(serve, tfidf_model_uri):
    name = unique_name("parley-test-broken")
    v1 = register(tfidf_model_uri, name, alias="live")
    server = serve(f"models:/{name}@live")
    server.wait_ready()

    broken_uri = clone_model(tfidf_model_uri)
    corrupt_model(broken_uri)  # a torn meta.json in the artifact store: real, not mocked
    v2 = register(broken_uri, name, alias="live")
    r = httpx.post(f"{server.url}/admin/reload", timeout=120)
    assert r.status_code == 502, r.text
    err = r.json()["error"]
    assert err["code"] == "reload_failed" and f"version {v1} keeps serving" in err["message"]
    assert err["fix"]

    info = httpx.get(f"{server.url}/v1/model", timeout=10).json()
    assert info["version"] == v1
    assert info["last_reload_error"]["version"] == v2
    assert info["last_reload_error"]["message"]
    assert httpx.get(f"{server.url}/readyz", timeout=10).status_code == 200
    p = httpx.post(f"{server.url}/v1/predict", json=predict_body(["Keep talking."]), timeout=30)
    assert p.status_code == 200 and p.json()["model"]["version"] == v1
    assert server.metrics()['parley_model_reloads_total{outcome="failed"}'] >= 1

    # A fixed version replaces it, and the error clears.
    fixed_uri = clone_model(tfidf_model_uri)
    v3 = register(fixed_uri, name, alias="live")
    r = httpx.post(f"{server.url}/admin/reload", timeout=120)
    assert r.status_code == 200 and r.json()["model"]["version"] == v3
    info = httpx.get(f"{server.url}/v1/model", timeout=10).json()
    assert info["version"] == v3 and info["last_reload_error"] is None
