"""Model updates under open-loop load on `parley serve`: `parley promote` moves the champion
with no failed request; a broken version is refused by the gate and, forced past it, by the
server, which keeps serving the old one. And overload: the excess gets 503 + Retry-After."""

from __future__ import annotations

import asyncio

import httpx

from tests.helpers import register, unique_name
from tests.registry_server import promote
from tests.servers import LiveServer, ParleyServer, settings, wait_for
from tests.stress.load import OpenLoop, closed_loop


def test_promotion_under_load_fails_no_request(registry, tmp_path):
    old = registry.server.alias("champion")
    new = None
    env = registry.env(PARLEY_RELOAD_INTERVAL_S="0.5", PARLEY_ACCESS_LOG="false")
    with ParleyServer(env, tmp_path / "serve.log") as server:
        server.wait_ready()
        load = OpenLoop(server.url, rate=15, seconds=600, statements=2).start()
        try:
            wait_for(lambda: load.stats.ok >= 10, 60, "no traffic")
            new = registry.server.clone(old)  # a new version, as good as the champion
            out = promote(registry.env())
            assert out.returncode == 0 and "PROMOTED" in out.stdout, out.stdout + out.stderr
            assert registry.server.alias("champion") == new
            wait_for(lambda: load.stats.last_version == new, 60, "the new version never served")

            broken = registry.server.clone(new)
            registry.server.corrupt(broken)
            out = promote(registry.env())
            assert out.returncode == 1, out.stdout + out.stderr
            assert f"challenger version {broken} cannot be loaded" in out.stdout
            assert registry.server.alias("champion") == new  # the gate refused it

            registry.server.set_alias("champion", broken)  # forced past the gate
            error = wait_for(
                lambda: server.model()["last_reload_error"], 60, "the broken version went unseen"
            )
            assert error["version"] == broken
            seen = load.stats.ok
            wait_for(lambda: load.stats.ok >= seen + 20, 60, "traffic stopped")
            assert server.model()["version"] == new
        finally:
            stats = load.stop()
            registry.server.set_alias("champion", new or old)  # never leave the broken one
        assert server.alive  # it never crashed
    summary = stats.summary()
    assert stats.errors == 0 and set(stats.statuses) == {200}, summary
    assert set(stats.versions) <= {old, new} and stats.last_version == new, summary


def test_overload_is_answered_with_503_and_retry_after(tfidf_model_uri):
    """A tiny queue, a burst of concurrent clients: the excess is refused at once with 503 +
    Retry-After; everything accepted is answered correctly; the server keeps working."""
    name = unique_name("parley-test-overload")
    register(tfidf_model_uri, name, alias="live")
    server = LiveServer(
        settings(f"models:/{name}@live", queue_size=4, max_batch_size=4, max_wait_ms=25)
    ).start()
    try:
        server.wait_ready()
        stats = asyncio.run(closed_loop(server.url, concurrency=48, seconds=4, statements=2))
        summary = stats.summary()
        assert stats.errors == 0, summary  # every answer: a correct 200 or a well-formed 503
        assert stats.rejected > 0 and stats.ok > 0, summary
        assert set(stats.statuses) == {200, 503}, summary
        m = server.metrics()
        assert m["parley_overload_rejections_total"] == stats.rejected
        body = {"statements": [{"id": "after", "text": "Keep talking."}]}
        r = httpx.post(f"{server.url}/v1/predict", json=body, timeout=30)
        assert r.status_code == 200  # the burst is over: served again
    finally:
        server.stop()
