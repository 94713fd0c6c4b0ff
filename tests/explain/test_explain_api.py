"""`explain: true` on POST /v1/predict, on a real uvicorn server with the TF-IDF model."""

from __future__ import annotations

import asyncio

import httpx
import pytest
from explain_cases import CLEAR
from starlette.datastructures import State

from inference.explain import explain
from serving.api.errors import ApiError
from serving.api.explain_http import explain_in_thread
from serving.api.settings import ServingSettings
from tests.helpers import predict_body

TEXTS = [text for text, _, _ in CLEAR][:16]  # the explain limit per request


@pytest.fixture(scope="module")
def server(tfidf_registered):
    from tests.servers import LiveServer, settings

    live = LiveServer(settings(tfidf_registered)).start()
    live.wait_ready()
    yield live
    live.stop()


def post(server, body) -> httpx.Response:
    return httpx.post(f"{server.url}/v1/predict", json=body, timeout=60)


def test_explain_adds_evidence_at_offsets(server, tfidf_model):
    r = post(server, predict_body(TEXTS) | {"explain": True})
    assert r.status_code == 200, r.text
    preds = r.json()["predictions"]
    _, expected = explain(tfidf_model, TEXTS)  # the same function, called directly
    for text, pred, spans in zip(TEXTS, preds, expected, strict=True):
        assert set(pred) == {"id", "label", "scores", "truncated", "abstain", "evidence"}
        assert pred["evidence"] == [ev.to_dict() for ev in spans]
        for ev in pred["evidence"]:
            assert text[ev["start"] : ev["end"]] == ev["text"]
    assert any(p["evidence"] for p in preds)


def test_explain_keeps_labels_and_plain_requests_have_no_evidence(server):
    plain = post(server, predict_body(TEXTS)).json()["predictions"]
    explained = post(server, predict_body(TEXTS) | {"explain": True}).json()["predictions"]
    assert [p["label"] for p in plain] == [p["label"] for p in explained]
    for a, b in zip(plain, explained, strict=True):
        assert a["scores"] == pytest.approx(b["scores"], abs=1e-9)
    assert all("evidence" not in p for p in plain)


def test_explain_limit_is_16_statements(server):
    ok = post(server, predict_body(["We must keep talking."] * 16) | {"explain": True})
    assert ok.status_code == 200, ok.text
    r = post(server, predict_body(["We must keep talking."] * 17) | {"explain": True})
    assert r.status_code == 422
    err = r.json()["error"]
    assert err["code"] == "too_many_to_explain"
    assert "at most 16" in err["message"] and "17" in err["message"]
    # Without explain the ordinary limit applies.
    assert post(server, predict_body(["We must keep talking."] * 17)).status_code == 200


def test_explain_still_validates_statements(server):
    r = post(server, predict_body(["fine", "  "]) | {"explain": True})
    assert r.status_code == 422
    assert r.json()["error"]["code"] == "invalid_statement"
    r = post(server, predict_body(["fine"]) | {"explain": "please"})
    assert r.status_code == 422


def test_openapi_documents_explain_abstain_and_evidence(server):
    schemas = httpx.get(f"{server.url}/openapi.json", timeout=10).json()["components"]["schemas"]
    assert "explain" in schemas["PredictRequest"]["properties"]
    assert {"abstain", "evidence"} <= set(schemas["Prediction"]["properties"])
    assert set(schemas["Evidence"]["properties"]) == {"text", "start", "end", "weight"}


def test_busy_explain_is_503_with_retry_after(tfidf_model):
    """Beyond PARLEY_EXPLAIN_CONCURRENCY running explanations, the next one is refused."""
    settings = ServingSettings(explain_concurrency=1, retry_after_s=2)
    state = State()
    state.explain_running = 1  # one is running
    with pytest.raises(ApiError) as info:
        asyncio.run(explain_in_thread(state, tfidf_model, TEXTS[:1], settings))
    assert info.value.status_code == 503 and info.value.code == "explain_busy"
    assert info.value.headers == {"Retry-After": "2"}
    state.explain_running = 0
    frame, found = asyncio.run(explain_in_thread(state, tfidf_model, TEXTS[:2], settings))
    assert len(frame) == 2 and len(found) == 2
    assert state.explain_running == 0  # released
