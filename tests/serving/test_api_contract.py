"""The HTTP contract on a real uvicorn server: shapes, order, ids, model info, docs, metrics,
and a clear JSON error (never a 500) for each kind of bad input."""

from __future__ import annotations

import json
import logging

import httpx
import numpy as np
import pytest

from inference.predict import load_model, predict
from parley_model.labels import LABELS
from tests.helpers import predict_body
from tests.servers import LiveServer, settings

TEXTS = [
    "We must keep talking to them, especially now.",
    "Negotiating with this regime only buys them time.",
    "The delegation arrives in Vienna on Tuesday.",
]


class _Errors(logging.Handler):
    def __init__(self):
        super().__init__(logging.ERROR)
        self.records: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(self.format(record))


@pytest.fixture(scope="module")
def server(registered_tfidf):
    name, _ = registered_tfidf
    errors = _Errors()  # server-side errors, for the last test's report
    logging.getLogger().addHandler(errors)
    live = LiveServer(settings(f"models:/{name}@live")).start()
    live.errors = errors.records
    live.wait_ready()
    yield live
    live.stop()
    logging.getLogger().removeHandler(errors)


def post(server: LiveServer, body=None, **kwargs) -> httpx.Response:
    if body is not None:
        kwargs["json"] = body
    return httpx.post(f"{server.url}/v1/predict", timeout=30, **kwargs)


def test_predict_contract_in_order_with_ids_echoed(server, registered_tfidf):
    name, version = registered_tfidf
    body = predict_body(TEXTS, ids=["a", None, "c"])
    r = post(server, body)
    assert r.status_code == 200, r.text
    out = r.json()
    assert out["model"] == {"name": name, "version": version, "alias": "live"}
    preds = out["predictions"]
    assert [p["id"] for p in preds] == ["a", None, "c"]
    for p in preds:
        assert set(p) == {"id", "label", "scores", "truncated", "abstain"}
        assert p["abstain"] is False  # PARLEY_ABSTAIN_BELOW unset: never
        assert set(p["scores"]) == set(LABELS)
        assert p["label"] == max(p["scores"], key=p["scores"].get)
        assert sum(p["scores"].values()) == pytest.approx(1.0, abs=1e-6)
        assert p["truncated"] is False
    # The same numbers as the one shared predict function, called directly.
    direct = predict(load_model(f"models:/{name}/{version}"), TEXTS)
    assert [p["label"] for p in preds] == direct["label"].tolist()
    served = np.array([[p["scores"][label] for label in LABELS] for p in preds])
    expected = direct[[f"score_{label}" for label in LABELS]].to_numpy()
    np.testing.assert_allclose(served, expected, atol=1e-9)


def test_limits_are_inclusive(server):
    assert post(server, predict_body(["x" * 20_000])).status_code == 200
    assert post(server, predict_body(["fine"] * 256)).status_code == 200


def test_model_info_reports_version_run_labels_and_training_metrics(server, registered_tfidf):
    name, version = registered_tfidf
    info = httpx.get(f"{server.url}/v1/model", timeout=10).json()
    assert info["loaded"] is True
    assert (info["name"], info["version"], info["alias"]) == (name, version, "live")
    assert info["labels"] == list(LABELS)
    assert info["kind"] == "tfidf"
    assert info["run_id"]
    assert 0.0 < info["training_metrics"]["test_macro_f1"] <= 1.0
    assert info["loaded_at"]
    assert info["last_reload_error"] is None


def test_health_readiness_docs_and_metrics(server, registered_tfidf):
    assert httpx.get(f"{server.url}/healthz", timeout=10).json() == {"status": "ok"}
    ready = httpx.get(f"{server.url}/readyz", timeout=10)
    assert ready.status_code == 200 and ready.json()["status"] == "ready"
    assert httpx.get(f"{server.url}/docs", timeout=10).status_code == 200
    spec = httpx.get(f"{server.url}/openapi.json", timeout=10).json()
    assert {"/v1/predict", "/v1/model", "/admin/reload", "/healthz", "/readyz"} <= set(
        spec["paths"]
    )
    post(server, predict_body(TEXTS[:1]))
    m = server.metrics()
    assert m['parley_http_requests_total{method="POST",route="/v1/predict",status="200"}'] >= 1
    assert m['parley_http_request_duration_seconds_count{method="POST",route="/v1/predict"}'] >= 1
    assert m["parley_batch_size_count"] >= 1
    assert "parley_queue_depth" in m
    name, version = registered_tfidf
    assert m[f'parley_model_loaded{{alias="live",name="{name}",version="{version}"}}'] == 1
    assert m["parley_model_version"] == float(version)


def _assert_error(r: httpx.Response, status: int, field: str | None = None) -> dict:
    assert r.status_code == status, r.text
    assert r.headers["content-type"].startswith("application/json")
    err = r.json()["error"]
    assert err["status"] == status
    assert err["message"] and err["fix"], err
    if field is not None:
        assert field in err["message"], err
        assert any(e["field"] == field for e in err["errors"]), err
    return err


@pytest.mark.parametrize(
    ("statements", "field"),
    [
        ([{"text": "ok"}, {"text": ""}], "statements[1].text"),
        ([{"text": "ok"}, {"text": "ok"}, {"text": "  \n\t "}], "statements[2].text"),
        ([{"text": "ok"}, {"text": 5}], "statements[1].text"),
        ([{"text": None}], "statements[0].text"),
        ([{"text": ["a", "list"]}], "statements[0].text"),
        ([{"id": "no text"}], "statements[0].text"),
        ([{"text": "ok"}, {"id": 7, "text": "ok"}], "statements[1].id"),
        ([{"text": "ok"}, {"text": "x" * 20_001}], "statements[1].text"),
        ([], "statements"),
    ],
)
def test_bad_statements_get_422_naming_the_item(server, statements, field):
    _assert_error(post(server, {"statements": statements}), 422, field)


def test_too_many_statements_get_422(server):
    err = _assert_error(post(server, predict_body(["fine"] * 257)), 422)
    assert "256" in err["message"]


@pytest.mark.parametrize(
    "content",
    [b'{"statements": [{"text": "unterminated"', b"", b"[1, 2]", b'"just a string"', b"nul\x00"],
)
def test_malformed_bodies_get_422(server, content):
    r = post(server, content=content, headers={"Content-Type": "application/json"})
    _assert_error(r, 422)


def test_wrong_content_type_gets_422(server):
    r = post(server, content=b"We must talk.", headers={"Content-Type": "text/plain"})
    err = _assert_error(r, 422)
    assert "application/json" in err["fix"]


def test_body_over_the_limit_gets_413(server):
    big = json.dumps(predict_body(["x" * 19_000] * 120)).encode()  # ~2.3 MB of valid JSON
    assert len(big) > server.settings.max_body_bytes
    _assert_error(post(server, content=big, headers={"Content-Type": "application/json"}), 413)

    def chunks():  # no Content-Length: the limit must hold while streaming too
        for start in range(0, len(big), 64 * 1024):
            yield big[start : start + 64 * 1024]

    r = post(server, content=chunks(), headers={"Content-Type": "application/json"})
    _assert_error(r, 413)
    m = server.metrics()  # answered before routing, still counted under the route
    assert m['parley_http_requests_total{method="POST",route="/v1/predict",status="413"}'] == 2


def test_unknown_route_and_method_get_json_errors(server):
    _assert_error(httpx.get(f"{server.url}/v1/nothing", timeout=10), 404)
    _assert_error(httpx.get(f"{server.url}/v1/predict", timeout=10), 405)


def test_no_bad_input_ever_produced_a_500(server):
    # Runs last in this module (file order): every error case above has been sent by now.
    m = server.metrics()
    # (/readyz may have said 503 while the model loaded: that is its job, not an error.)
    errors = {
        k: v
        for k, v in m.items()
        if k.startswith("parley_http_requests_total") and 'status="5' in k and "/readyz" not in k
    }
    assert not {k: v for k, v in errors.items() if v}, server.errors
