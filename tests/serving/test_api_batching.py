"""Micro-batching and overload, observed from outside: concurrent single-statement requests
share forward passes (the batch metrics say so) with each answer intact, and a full queue is
answered 503 with Retry-After instead of growing."""

from __future__ import annotations

import asyncio

import httpx
import pytest

from inference.predict import load_model, predict
from parley_model.labels import LABELS
from tests.helpers import predict_body

TEXTS = [
    f"Statement {i}: we should {'keep talking' if i % 2 else 'stop the talks'}." for i in range(24)
]


async def _concurrent(url: str, bodies: list[dict]) -> list[httpx.Response]:
    limits = httpx.Limits(max_connections=len(bodies))
    async with httpx.AsyncClient(timeout=60, limits=limits) as client:
        return await asyncio.gather(*(client.post(f"{url}/v1/predict", json=b) for b in bodies))


def test_concurrent_requests_are_batched_and_answered_correctly(serve, tfidf_model_uri):
    server = serve(tfidf_model_uri, max_wait_ms=300, max_batch_size=64)
    server.wait_ready()
    # The reference: each statement scored alone through the shared predict function.
    model = load_model(tfidf_model_uri)
    alone = {}
    for i, text in enumerate(TEXTS):
        row = predict(model, [text]).iloc[0]
        alone[f"s{i}"] = {
            "id": f"s{i}",
            "label": row.label,
            "scores": {label: row[f"score_{label}"] for label in LABELS},
            "truncated": bool(row.truncated),
        }
    before = server.metrics()

    responses = asyncio.run(
        _concurrent(server.url, [predict_body([t], [f"s{i}"]) for i, t in enumerate(TEXTS)])
    )
    assert [r.status_code for r in responses] == [200] * len(TEXTS)
    for i, r in enumerate(responses):
        (pred,) = r.json()["predictions"]
        assert pred["id"] == f"s{i}"
        expected = alone[f"s{i}"]
        assert pred["label"] == expected["label"]  # batching changed nothing in any answer
        assert pred["truncated"] == expected["truncated"]
        for label in LABELS:
            assert pred["scores"][label] == pytest.approx(expected["scores"][label], abs=1e-9)

    after = server.metrics()
    passes = after["parley_batch_requests_count"] - before["parley_batch_requests_count"]
    requests = after["parley_batch_requests_sum"] - before["parley_batch_requests_sum"]
    assert requests == len(TEXTS)
    assert passes < len(TEXTS), "no two concurrent requests shared a forward pass"
    single = after['parley_batch_requests_bucket{le="1.0"}']
    assert single < after["parley_batch_requests_count"]  # some pass had more than one request
    assert after['parley_batch_size_bucket{le="1.0"}'] < after["parley_batch_size_count"]
    assert after["parley_queue_depth"] == 0


def test_full_queue_answers_503_with_retry_after(serve, tfidf_model_uri):
    # A small queue and a long gathering window: requests pile up while the first batch waits.
    server = serve(
        tfidf_model_uri, queue_size=4, max_batch_size=256, max_wait_ms=2000, retry_after_s=3
    )
    server.wait_ready()
    responses = asyncio.run(
        _concurrent(server.url, [predict_body([f"text {i}"]) for i in range(16)])
    )
    codes = [r.status_code for r in responses]
    assert set(codes) <= {200, 503}, codes
    assert 1 <= codes.count(200) <= 4, codes
    assert codes.count(503) >= 12, codes
    for r in responses:
        if r.status_code == 503:
            assert r.headers["Retry-After"] == "3"
            err = r.json()["error"]
            assert err["code"] == "overloaded" and "retry" in err["fix"]
    m = server.metrics()
    assert m["parley_overload_rejections_total"] == codes.count(503)
    assert m['parley_http_requests_total{method="POST",route="/v1/predict",status="503"}'] == (
        codes.count(503)
    )
    # Once drained, the server serves again.
    assert m["parley_queue_depth"] == 0
    r = httpx.post(f"{server.url}/v1/predict", json=predict_body(["again"]), timeout=30)
    assert r.status_code == 200


ARTICLE = "“We must keep talking to them,” said Bo Lin. “Talks are a waste of time,” Ann Lee said."


def test_full_queue_answers_503_to_analyze_too(serve, tfidf_model_uri):
    # The article's statements go through the same queue as /v1/predict: while a predict
    # request holds the whole queue (the batcher waits for more work), an article is refused.
    server = serve(
        tfidf_model_uri, queue_size=4, max_batch_size=256, max_wait_ms=3000, retry_after_s=3
    )
    server.wait_ready()

    async def scenario() -> tuple[httpx.Response, httpx.Response, httpx.Response]:
        async with httpx.AsyncClient(base_url=server.url, timeout=60) as client:
            # a first article starts the extraction worker, so the next one is quick to extract
            warm = await client.post("/v1/analyze", json={"text": ARTICLE})
            hold = asyncio.create_task(
                client.post("/v1/predict", json=predict_body([f"text {i}" for i in range(4)]))
            )
            await asyncio.sleep(0.5)  # the predict request is queued, the batcher gathering
            refused = await client.post("/v1/analyze", json={"text": ARTICLE})
            return warm, refused, await hold

    warm, refused, held = asyncio.run(scenario())
    assert warm.status_code == 200, warm.text
    assert warm.json()["n_statements"] == 2
    assert held.status_code == 200, held.text
    assert refused.status_code == 503, refused.text
    assert refused.headers["Retry-After"] == "3"
    err = refused.json()["error"]
    assert err["code"] == "overloaded" and "retry" in err["fix"]
    m = server.metrics()
    assert m["parley_overload_rejections_total"] == 1
    assert m['parley_http_requests_total{method="POST",route="/v1/analyze",status="503"}'] == 1
    # Once drained, articles are scored again.
    again = httpx.post(f"{server.url}/v1/analyze", json={"text": ARTICLE}, timeout=60)
    assert again.status_code == 200, again.text
