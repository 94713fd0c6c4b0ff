"""MLflow's scoring protocol: MLflow's own client, and the answers of MLflow's own scoring server.

The reference is ``mlflow.pyfunc.scoring_server.init(model)`` (the app behind ``mlflow models
serve``) run under uvicorn on 127.0.0.1 with the same logged model: every accepted input format
must give the same JSON from both servers, and the same errors must be errors on both.
"""

from __future__ import annotations

import httpx
import mlflow
import pandas as pd
import pytest
from mlflow.pyfunc.scoring_server.client import ScoringServerClient

from tests.servers import ThreadServer

TEXTS = [
    "We must keep talking to Moscow, even now.",
    "Negotiating with them only buys them time.",
    "The delegation arrives in Geneva on Tuesday.",
]
KEY = "test-key-mlflow"  # a test value, not a credential

PAYLOADS = {
    "dataframe_split": {"dataframe_split": {"columns": ["text"], "data": [[t] for t in TEXTS]}},
    "dataframe_split_index": {
        "dataframe_split": {"index": [5, 6, 7], "columns": ["text"], "data": [[t] for t in TEXTS]}
    },
    "dataframe_records": {"dataframe_records": [{"text": t} for t in TEXTS]},
    "records_extra_column": {
        "dataframe_records": [{"text": t, "id": i} for i, t in enumerate(TEXTS)]
    },
    "instances_strings": {"instances": TEXTS},
    "instances_objects": {"instances": [{"text": t} for t in TEXTS]},
    "inputs_columns": {"inputs": {"text": TEXTS}},
    "inputs_strings": {"inputs": TEXTS},
    "with_params": {"dataframe_records": [{"text": TEXTS[0]}], "params": {}},
}
BAD_PAYLOADS = {
    "no_format_key": {"data": TEXTS},
    "two_format_keys": {"instances": TEXTS, "inputs": TEXTS},
    "no_text_column": {"dataframe_records": [{"statement": TEXTS[0]}]},
    "a_list": TEXTS,
}


@pytest.fixture
def reference(tfidf_model_uri, monkeypatch):
    # init() marks the process as a serving environment; undo that after the test.
    monkeypatch.delenv("_MLFLOW_IS_IN_SERVING_ENVIRONMENT", raising=False)
    from mlflow.pyfunc import scoring_server

    app = scoring_server.init(mlflow.pyfunc.load_model(tfidf_model_uri))
    with ThreadServer(app, name="mlflow-scoring") as server:
        yield server.url


@pytest.fixture
def parley(serve, tfidf_model_uri):
    server = serve(tfidf_model_uri)
    server.wait_ready()
    return server


def _same_predictions(ours: dict, theirs: dict) -> None:
    assert list(ours) == list(theirs) == ["predictions"]
    assert len(ours["predictions"]) == len(theirs["predictions"])
    for a, b in zip(ours["predictions"], theirs["predictions"], strict=True):
        assert list(a) == list(b)  # same columns, same order
        for key, value in b.items():
            if isinstance(value, float):
                assert a[key] == pytest.approx(value, abs=1e-9)
            else:
                assert a[key] == value


def test_every_format_answers_like_mlflow_models_serve(parley, reference):
    for name, payload in PAYLOADS.items():
        ours = httpx.post(f"{parley.url}/invocations", json=payload, timeout=30)
        theirs = httpx.post(f"{reference}/invocations", json=payload, timeout=30)
        assert theirs.status_code == 200, (name, theirs.text)
        assert ours.status_code == 200, (name, ours.text)
        assert ours.headers["content-type"] == theirs.headers["content-type"]
        _same_predictions(ours.json(), theirs.json())
    csv = pd.DataFrame({"text": TEXTS}).to_csv(index=False)
    ours = httpx.post(
        f"{parley.url}/invocations", content=csv, headers={"Content-Type": "text/csv"}, timeout=30
    )
    theirs = httpx.post(
        f"{reference}/invocations", content=csv, headers={"Content-Type": "text/csv"}, timeout=30
    )
    assert ours.status_code == theirs.status_code == 200
    _same_predictions(ours.json(), theirs.json())
    for path in ("/ping", "/health"):
        ours, theirs = httpx.get(parley.url + path), httpx.get(reference + path)
        assert ours.status_code == theirs.status_code == 200 and ours.text == theirs.text
    assert httpx.get(f"{parley.url}/version").text == httpx.get(f"{reference}/version").text


def test_bad_input_is_an_error_on_both_in_mlflows_shape(parley, reference):
    for name, payload in BAD_PAYLOADS.items():
        ours = httpx.post(
            f"{parley.url}/invocations", json=payload, timeout=30, headers={"X-Request-ID": name}
        )
        theirs = httpx.post(f"{reference}/invocations", json=payload, timeout=30)
        assert theirs.status_code == ours.status_code == 400, (name, ours.text, theirs.text)
        err = ours.json()
        assert err["error_code"] == theirs.json()["error_code"], name
        assert err["message"] and err["request_id"] == name == ours.headers["X-Request-ID"]
    # Where MLflow's server fails in the model (a generic 400), Parley names the item.
    ours = httpx.post(f"{parley.url}/invocations", json={"instances": ["fine", "  "]}, timeout=30)
    assert ours.status_code == 400 and "text[1]" in ours.json()["message"]
    # Content types: MLflow's 415, in MLflow's JSON error shape.
    r = httpx.post(f"{parley.url}/invocations", content="x", headers={"Content-Type": "text/plain"})
    assert r.status_code == 415 and r.json()["error_code"] == "BAD_REQUEST"


def test_mlflows_own_client(parley, tfidf_model_uri):
    from inference.predict import load_model, predict

    client = ScoringServerClient("127.0.0.1", parley.port)
    client.wait_server_ready(timeout=30)
    response = client.invoke(pd.DataFrame({"text": TEXTS}))
    got = response.get_predictions()  # MLflow's own parsing of the answer
    expected = predict(load_model(tfidf_model_uri), TEXTS)
    assert list(got.columns) == list(expected.columns)
    assert got["label"].tolist() == expected["label"].tolist()
    pd.testing.assert_frame_equal(got, expected, check_exact=False, atol=1e-9)


def test_api_key_guards_invocations_but_not_ping(serve, tfidf_model_uri):
    server = serve(tfidf_model_uri, api_key=KEY)
    server.wait_ready()
    body = PAYLOADS["dataframe_records"]
    assert httpx.get(f"{server.url}/ping", timeout=30).status_code == 200
    r = httpx.post(f"{server.url}/invocations", json=body, timeout=30)
    assert r.status_code == 401 and r.json()["error_code"] == "UNAUTHENTICATED"
    r = httpx.post(f"{server.url}/invocations", json=body, headers={"X-API-Key": KEY}, timeout=30)
    assert r.status_code == 200 and len(r.json()["predictions"]) == len(TEXTS)
