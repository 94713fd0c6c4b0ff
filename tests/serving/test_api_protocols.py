"""The three APIs are one scoring path: same statements, same labels and scores on /v1/predict,
/v2 infer (Triton's client) and /invocations (MLflow's client), and concurrent requests of the
three protocols share forward passes of the one micro-batcher."""

from __future__ import annotations

import asyncio

import httpx
import numpy as np
import pandas as pd
import pytest
import tritonclient.http as triton
from mlflow.pyfunc.scoring_server.client import ScoringServerClient

from parley_model.labels import LABELS
from tests.helpers import predict_body

TEXTS = [
    "We must keep talking to Moscow, even now.",
    "Negotiating with them only buys them time.",
    "The delegation arrives in Geneva on Tuesday.",
    "Sanctions alone will not end this; we need a seat at the table.",
    "There is nothing to discuss with a regime that bombs hospitals.",
    "Officials declined to comment on the schedule of the talks. " * 40,  # past the window
]


def _three_apis(server, name: str) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """The same statements through each API, as frames of label + one column per label."""
    r = httpx.post(f"{server.url}/v1/predict", json=predict_body(TEXTS), timeout=120)
    assert r.status_code == 200, r.text
    v1 = pd.DataFrame(
        [
            {"label": p["label"], **{k: p["scores"][k] for k in LABELS}}
            for p in r.json()["predictions"]
        ]
    )

    client = triton.InferenceServerClient(server.url.removeprefix("http://"), network_timeout=120)
    try:
        tensor = triton.InferInput("text", [len(TEXTS)], "BYTES")
        tensor.set_data_from_numpy(np.array(TEXTS, dtype=object))
        order = client.get_model_metadata(name)["parameters"]["labels"].split(",")
        result = client.infer(name, [tensor])
    finally:
        client.close()
    v2 = pd.DataFrame(result.as_numpy("scores").astype(float), columns=order)
    v2.insert(0, "label", [v.decode() for v in result.as_numpy("label")])

    got = ScoringServerClient("127.0.0.1", server.port).invoke(pd.DataFrame({"text": TEXTS}))
    frame = got.get_predictions()
    mlf = pd.DataFrame({"label": frame["label"], **{k: frame[f"score_{k}"] for k in LABELS}})
    return v1, v2[["label", *LABELS]], mlf


def _agree(v1: pd.DataFrame, v2: pd.DataFrame, mlf: pd.DataFrame) -> None:
    assert v1["label"].tolist() == v2["label"].tolist() == mlf["label"].tolist()
    scores = v1[list(LABELS)].to_numpy()
    np.testing.assert_allclose(mlf[list(LABELS)].to_numpy(), scores, atol=1e-9)
    np.testing.assert_allclose(v2[list(LABELS)].to_numpy(), scores, atol=1e-6)  # FP32 tensor
    assert len(set(v1["label"])) > 1  # the statements are not all one label


def test_three_apis_agree(serve, registered_tfidf):
    name, _ = registered_tfidf
    server = serve(f"models:/{name}@live")
    server.wait_ready()
    _agree(*_three_apis(server, name))


@pytest.mark.slow
def test_three_apis_agree_on_the_minilm_champion(serve, trained_minilm):
    server = serve("models:/stance-classifier@champion")
    server.wait_ready(timeout=300)
    _agree(*_three_apis(server, "stance-classifier"))


def test_the_protocols_share_one_micro_batcher(serve, registered_tfidf):
    name, _ = registered_tfidf
    # A gathering window: concurrent requests of all three protocols land in the same passes.
    server = serve(f"models:/{name}@live", max_wait_ms=1000, max_batch_size=64)
    server.wait_ready()
    before = server.metrics()

    async def mixed() -> list[httpx.Response]:
        async with httpx.AsyncClient(timeout=60, limits=httpx.Limits(max_connections=12)) as c:
            calls = []
            for i, text in enumerate(TEXTS[:4] * 3):
                if i % 3 == 0:
                    calls.append(c.post(f"{server.url}/v1/predict", json=predict_body([text])))
                elif i % 3 == 1:
                    body = {
                        "inputs": [
                            {"name": "text", "shape": [1], "datatype": "BYTES", "data": [text]}
                        ]
                    }
                    calls.append(c.post(f"{server.url}/v2/models/{name}/infer", json=body))
                else:
                    body = {"dataframe_records": [{"text": text}]}
                    calls.append(c.post(f"{server.url}/invocations", json=body))
            return await asyncio.gather(*calls)

    responses = asyncio.run(mixed())
    assert [r.status_code for r in responses] == [200] * 12
    after = server.metrics()
    requests = after["parley_batch_requests_sum"] - before["parley_batch_requests_sum"]
    passes = after["parley_batch_requests_count"] - before["parley_batch_requests_count"]
    assert requests == 12  # every protocol's request went through the batcher
    # 4 requests per protocol: in at most 2 passes, one pass held >= 6, so >= 2 protocols.
    assert passes <= 2, f"{passes} forward passes for 12 concurrent requests"
