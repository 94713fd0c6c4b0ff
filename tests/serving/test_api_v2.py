"""Open Inference Protocol V2, driven by Triton's own HTTP client (tritonclient) and raw HTTP.

The client is NVIDIA's maintained ``tritonclient.http``: it sends BYTES tensors with the binary
tensor data extension by default, and JSON tensors when asked; both are checked against the
shared predict function.
"""

from __future__ import annotations

import asyncio

import httpx
import numpy as np
import pytest
import tritonclient.http as triton
from tritonclient.utils import InferenceServerException

from inference.predict import load_model, predict
from parley_model.labels import LABELS
from tests.helpers import predict_body

TEXTS = [
    "We must keep talking to Moscow, even now.",
    "Negotiating with them only buys them time.",
    "The delegation arrives in Geneva on Tuesday.",
    "Dialogue is the only way to end this war.",
]
KEY = "test-key-v2"  # a test value, not a credential


@pytest.fixture
def v2_server(serve, registered_tfidf):
    name, version = registered_tfidf
    server = serve(f"models:/{name}@live")
    server.wait_ready()
    return server, name, version


def _client(server) -> triton.InferenceServerClient:
    return triton.InferenceServerClient(
        server.url.removeprefix("http://"), connection_timeout=30, network_timeout=60
    )


def _text_input(texts: list[str], binary: bool) -> triton.InferInput:
    tensor = triton.InferInput("text", [len(texts)], "BYTES")
    tensor.set_data_from_numpy(np.array(texts, dtype=object), binary_data=binary)
    return tensor


def test_health_and_metadata_through_tritonclient(v2_server):
    server, name, version = v2_server
    client = _client(server)
    try:
        assert client.is_server_live() and client.is_server_ready()
        assert client.is_model_ready(name) and client.is_model_ready(name, version)
        assert not client.is_model_ready("no-such-model")
        meta = client.get_server_metadata()
        assert meta["name"] == "parley" and "binary_tensor_data" in meta["extensions"]

        model = client.get_model_metadata(name)
        assert model["name"] == name and model["versions"] == [version]
        assert model["inputs"] == [{"name": "text", "datatype": "BYTES", "shape": [-1]}]
        assert model["outputs"] == [
            {"name": "label", "datatype": "BYTES", "shape": [-1]},
            {"name": "scores", "datatype": "FP32", "shape": [-1, 3]},
        ]
        params = model["parameters"]
        assert params["labels"].split(",") == list(LABELS)  # the column order of scores
        assert params["kind"] == "tfidf" and params["engine"] == "sklearn"
        assert params["alias"] == "live" and params["run_id"]
        assert 0 < params["test_macro_f1"] <= 1
        assert client.get_model_metadata(name, version) == model
        with pytest.raises(InferenceServerException, match="not served"):
            client.get_model_metadata(name, "999")
    finally:
        client.close()


@pytest.mark.parametrize("binary", [True, False], ids=["binary-tensors", "json-tensors"])
def test_infer_matches_the_shared_predict(v2_server, tfidf_model_uri, binary):
    server, name, version = v2_server
    expected = predict(load_model(tfidf_model_uri), TEXTS)
    client = _client(server)
    try:
        outputs = [
            triton.InferRequestedOutput("label", binary_data=binary),
            triton.InferRequestedOutput("scores", binary_data=binary),
        ]
        result = client.infer(
            name, [_text_input(TEXTS, binary)], outputs=outputs, request_id="req-7"
        )
        versioned = client.infer(name, [_text_input(TEXTS, binary)], model_version=version)
    finally:
        client.close()
    response = result.get_response()
    assert response["id"] == "req-7"
    assert response["model_name"] == name and response["model_version"] == version
    for res in (result, versioned):
        # Binary BYTES come back as bytes, JSON ones as str.
        labels = [v.decode() if isinstance(v, bytes) else v for v in res.as_numpy("label")]
        scores = res.as_numpy("scores")
        assert labels == expected["label"].tolist()
        assert scores.dtype == np.float32 and scores.shape == (len(TEXTS), 3)
        want = expected[[f"score_{label}" for label in LABELS]].to_numpy()
        np.testing.assert_allclose(scores, want, atol=1e-6)


def test_infer_raw_json_one_output_and_2d_shape(v2_server):
    server, name, _ = v2_server
    body = {
        "id": "raw-1",
        "inputs": [
            {"name": "text", "shape": [2, 1], "datatype": "BYTES", "data": [[TEXTS[0]], [TEXTS[1]]]}
        ],
        "outputs": [{"name": "label"}],
    }
    r = httpx.post(f"{server.url}/v2/models/{name}/infer", json=body, timeout=30)
    assert r.status_code == 200, r.text
    out = r.json()
    assert out["id"] == "raw-1"
    assert [o["name"] for o in out["outputs"]] == ["label"]
    assert out["outputs"][0]["shape"] == [2] and len(out["outputs"][0]["data"]) == 2


def _infer(url: str, name: str, body: dict, **kw) -> httpx.Response:
    return httpx.post(f"{url}/v2/models/{name}/infer", json=body, timeout=30, **kw)


def _input(data, shape=None, datatype="BYTES", name="text") -> dict:
    shape = shape if shape is not None else [len(data)]
    return {"inputs": [{"name": name, "shape": shape, "datatype": datatype, "data": data}]}


@pytest.mark.parametrize(
    ("body", "needle"),
    [
        (_input(["ok"], name="statement"), "one input named 'text'"),
        (_input([1.0], datatype="FP32"), "datatype 'FP32'"),
        (_input(["a", "b"], shape=[3]), "3] but 2 elements"),
        (_input(["a"], shape=[1, 2]), "shape [1, 2]"),
        (_input(["   "]), "empty"),
        (_input([7]), "not a string"),
        (_input([]), "no statements"),
        ({"inputs": []}, "non-empty list"),
        ({**_input(["a"]), "outputs": [{"name": "probs"}]}, "unknown output 'probs'"),
    ],
)
def test_bad_input_is_400_in_the_protocol_shape(v2_server, body, needle):
    server, name, _ = v2_server
    r = _infer(server.url, name, body, headers={"X-Request-ID": "bad-input-1"})
    assert r.status_code == 400, r.text
    err = r.json()
    assert isinstance(err["error"], str) and needle in err["error"], err
    assert err["request_id"] == "bad-input-1" == r.headers["X-Request-ID"]


def test_unknown_model_and_version_are_404_and_bad_json_400(v2_server):
    server, name, _ = v2_server
    r = _infer(server.url, "other-model", _input(["a"]))
    assert r.status_code == 404 and "unknown model 'other-model'" in r.json()["error"]
    r = httpx.post(f"{server.url}/v2/models/{name}/versions/999/infer", json=_input(["a"]))
    assert r.status_code == 404 and "not served" in r.json()["error"]
    r = httpx.post(f"{server.url}/v2/models/{name}/infer", content=b"{not json", timeout=30)
    assert r.status_code == 400 and "not valid JSON" in r.json()["error"]
    r = httpx.get(f"{server.url}/v2/models/{name}/nothing-here", timeout=30)
    assert r.status_code == 404 and isinstance(r.json()["error"], str)


def test_overload_is_503_with_retry_after(serve, registered_tfidf):
    name, _ = registered_tfidf
    server = serve(
        f"models:/{name}@live", queue_size=4, max_batch_size=256, max_wait_ms=2000, retry_after_s=3
    )
    server.wait_ready()

    async def flood() -> list[httpx.Response]:
        limits = httpx.Limits(max_connections=16)
        async with httpx.AsyncClient(timeout=60, limits=limits) as client:
            return await asyncio.gather(
                *(
                    client.post(f"{server.url}/v2/models/{name}/infer", json=_input([f"text {i}"]))
                    for i in range(16)
                )
            )

    responses = asyncio.run(flood())
    codes = [r.status_code for r in responses]
    assert set(codes) <= {200, 503} and codes.count(503) >= 12, codes
    for r in responses:
        if r.status_code == 503:
            assert r.headers["Retry-After"] == "3"
            assert "capacity" in r.json()["error"]


def test_api_key_guards_models_but_not_health(serve, registered_tfidf):
    name, _ = registered_tfidf
    server = serve(f"models:/{name}@live", api_key=KEY)
    server.wait_ready()
    client = _client(server)
    try:
        assert client.is_server_live() and client.is_server_ready()  # health stays open
        with pytest.raises(InferenceServerException) as exc:
            client.infer(name, [_text_input(TEXTS[:1], True)])
        assert "API key" in str(exc.value)
        result = client.infer(name, [_text_input(TEXTS[:1], True)], headers={"X-API-Key": KEY})
        assert result.as_numpy("label").shape == (1,)
    finally:
        client.close()
    r = httpx.get(f"{server.url}/v2/models/{name}", timeout=30)
    assert r.status_code == 401 and isinstance(r.json()["error"], str)
    # Same body, Parley's own route: still Parley's error shape.
    r = httpx.post(f"{server.url}/v1/predict", json=predict_body(["a"]), timeout=30)
    assert r.status_code == 401 and r.json()["error"]["code"] == "unauthorized"
