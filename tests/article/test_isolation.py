"""Article mode cannot freeze the server: worker processes, a deadline, a concurrency limit.

Real servers (`parley serve`) on 127.0.0.1 with the TF-IDF test model; the slow articles are the
generated shapes of tests/stress/article_shapes.py at the 100 KB limit.
"""

from __future__ import annotations

import asyncio
import threading
import time

import httpx
import pytest

from serving.article.pool import ArticlePool, PoolBusy, PoolTimeout
from tests.servers import ROOT, serve_model
from tests.stress.article_shapes import make

ARTICLE = (ROOT / "data" / "articles" / "wire_expulsions.txt").read_text(encoding="utf-8")
SLOW = make("name_comma_run", 100_000)  # the slowest shape: about a second, all in Python


@pytest.fixture(scope="module")
def server(tfidf_model_uri):
    env = {"PARLEY_ARTICLE_WORKERS": "1", "PARLEY_ARTICLE_TIMEOUT_S": "60"}
    with serve_model(tfidf_model_uri, **env) as server:
        yield server.url


@pytest.fixture(scope="module")
def hasty_server(tfidf_model_uri):
    with serve_model(tfidf_model_uri, PARLEY_ARTICLE_TIMEOUT_S="0.05") as server:
        yield server.url


def test_healthz_stays_fast_while_the_worst_article_is_analysed(server):
    with httpx.Client(base_url=server, timeout=30) as client:
        quiet = min(_timed(client.get, "/healthz") for _ in range(5))
        result: dict = {}

        def slow() -> None:
            t0 = time.perf_counter()
            result["response"] = httpx.post(f"{server}/v1/analyze", json={"text": SLOW}, timeout=60)
            result["seconds"] = time.perf_counter() - t0

        thread = threading.Thread(target=slow)
        thread.start()
        during = []
        while thread.is_alive() and len(during) < 400:
            during.append(_timed(client.get, "/healthz"))
        thread.join(timeout=90)
    assert result["response"].status_code == 200, result["response"].text
    # answered all along: many times during the article, each far quicker than the article
    assert len(during) >= 5, (len(during), result["seconds"])
    assert max(during) < result["seconds"] / 4, (max(during), result["seconds"], quiet)


def _timed(fn, *args) -> float:
    t0 = time.perf_counter()
    assert fn(*args).status_code == 200
    return time.perf_counter() - t0


def test_more_articles_than_workers_get_503_with_retry_after(server):
    result: dict = {}

    def slow() -> None:
        result["first"] = httpx.post(f"{server}/v1/analyze", json={"text": SLOW}, timeout=60)

    thread = threading.Thread(target=slow)
    thread.start()
    time.sleep(0.2)  # the first article is in its worker (it takes about a second or more)
    second = httpx.post(f"{server}/v1/analyze", json={"text": ARTICLE}, timeout=60)
    thread.join(timeout=90)
    assert second.status_code == 503, second.text
    assert second.headers["Retry-After"].isdigit()
    assert second.json()["error"]["code"] == "articles_busy"
    assert result["first"].status_code == 200
    # and the worker is free again afterwards
    again = httpx.post(f"{server}/v1/analyze", json={"text": ARTICLE}, timeout=60)
    assert again.status_code == 200


def test_an_article_past_the_deadline_gets_504_and_the_server_goes_on(hasty_server):
    r = httpx.post(f"{hasty_server}/v1/analyze", json={"text": SLOW}, timeout=60)
    assert r.status_code == 504, r.text
    err = r.json()["error"]
    assert err["code"] == "article_timeout" and "PARLEY_ARTICLE_TIMEOUT_S" in err["message"]
    assert httpx.get(f"{hasty_server}/healthz", timeout=10).status_code == 200
    r = httpx.post(f"{hasty_server}/v1/analyze", json={"text": "“Talks,” said Ann."}, timeout=60)
    assert r.status_code in (200, 504)  # a fresh worker answers (or times out), never hangs


def test_empty_quotation_is_skipped_not_fatal(server):
    text = "“” said Ann Lee. “We must keep talking to them,” said Bo Lin."
    r = httpx.post(f"{server}/v1/analyze", json={"text": text}, timeout=60)
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["n_skipped"] == 1
    assert [sp["name"] for sp in body["speakers"]] == ["Bo Lin"]


def test_pool_kills_a_worker_past_the_deadline_and_replaces_it():
    async def scenario() -> tuple[int, int, int]:
        pool = ArticlePool(size=1, timeout_s=0.05, niceness=10)
        try:
            with pytest.raises(PoolTimeout):
                await pool.extract(SLOW)
            pool.timeout_s = 60
            task = asyncio.create_task(pool.extract(ARTICLE))
            await asyncio.sleep(0)
            with pytest.raises(PoolBusy):
                await pool.extract(ARTICLE)
            ext = await task
            return pool.killed, len(ext.statements), len(pool._idle)
        finally:
            await pool.close()

    killed, n_statements, idle = asyncio.run(scenario())
    assert killed == 1 and n_statements > 5 and idle == 1
