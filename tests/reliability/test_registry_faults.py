"""Registry faults against a real MLflow tracking server on 127.0.0.1: the tracking server going
away while serving does not touch predictions; a server started while it is down exits at once
with a clear message, or, with PARLEY_MODEL_CACHE_DIR, serves the cached copy and says so."""

from __future__ import annotations

import httpx

from tests.servers import ParleyServer, wait_for

TEXTS = [
    "We must keep talking to them, especially now.",
    "Negotiating with this regime only buys them time.",
    "The delegation arrives in Vienna on Tuesday.",
]


def predictions(server: ParleyServer) -> tuple[str, list]:
    body = {"statements": [{"id": str(i), "text": t} for i, t in enumerate(TEXTS)]}
    r = httpx.post(f"{server.url}/v1/predict", json=body, timeout=30)
    assert r.status_code == 200, r.text
    out = r.json()
    return out["model"]["version"], [(p["label"], p["scores"]) for p in out["predictions"]]


def test_registry_outage_at_start_and_while_serving(registry, tmp_path):
    champion = registry.server.alias("champion")
    cache = tmp_path / "model-cache"
    settings = {"PARLEY_RELOAD_INTERVAL_S": "0.5", "PARLEY_ACCESS_LOG": "false"}
    cached_env = registry.env(PARLEY_MODEL_CACHE_DIR=str(cache), **settings)
    try:
        with ParleyServer(cached_env, tmp_path / "first.log") as first:
            first.wait_ready()
            assert first.model()["source"] == "mlflow"
            wait_for(lambda: list(cache.glob("*.json")), 60, "the model was never cached")
            version, baseline = predictions(first)
            assert version == champion

            registry.server.kill()  # the tracking server crashes while we serve
            for _ in range(20):
                assert predictions(first) == (champion, baseline)
            error = wait_for(
                lambda: first.model()["last_reload_error"], 60, "the outage was never reported"
            )
            assert "MlflowException" in error["message"] or "Connection" in error["message"]
            assert first.model()["version"] == champion
            assert predictions(first) == (champion, baseline)

            # Started during the outage without a cache: exits at once, saying why.
            bare = ParleyServer(registry.env(**settings), tmp_path / "bare.log")
            try:
                assert bare.wait_exit(timeout=180) != 0
            finally:
                bare.stop()
            log = (tmp_path / "bare.log").read_text()
            assert f"the model registry at {registry.server.url} does not answer" in log
            assert "PARLEY_MODEL_CACHE_DIR" in log

            # Started during the outage with the cache: serves the cached copy, and says so.
            with ParleyServer(cached_env, tmp_path / "cached.log") as cached:
                cached.wait_ready()
                info = cached.model()
                assert info["source"] == "cache" and info["cached_at"]
                assert info["version"] == champion and info["name"] == "stance-classifier"
                assert "registry unavailable" in info["last_reload_error"]["message"]
                assert predictions(cached) == (champion, baseline)

            # The tracking server comes back: the first server's error clears by itself.
            registry.server.start()
            wait_for(
                lambda: first.model()["last_reload_error"] is None, 60, "the error never cleared"
            )
            assert predictions(first) == (champion, baseline)
    finally:
        registry.ensure_up()
