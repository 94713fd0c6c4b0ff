"""Request ids and JSON logs: `parley serve` with PARLEY_LOG_FORMAT=json, read from its output."""

from __future__ import annotations

import asyncio
import json
import logging

import httpx
import pytest

from inference.predict import load_model
from serving.api.logs import REQUEST_ID, JsonFormatter, RequestIdFilter, log_config
from serving.api.micro_batcher import MicroBatcher
from tests.helpers import predict_body
from tests.servers import ParleyServer, environment


def _json_lines(output: str) -> list[dict]:
    """Every line of the server's output, parsed; a line that is not one JSON object fails."""
    records = []
    for line in output.splitlines():
        if line.strip():
            record = json.loads(line)  # raises on any non-JSON line
            assert isinstance(record, dict), line
            records.append(record)
    return records


def test_json_logs_carry_the_request_id(tfidf_model_uri):
    env = {
        "PARLEY_MODEL_URI": tfidf_model_uri,
        "PARLEY_RELOAD_INTERVAL_S": "0",
        "PARLEY_LOG_FORMAT": "json",
        "PARLEY_ACCESS_LOG": "true",
        "PARLEY_LOG_LEVEL": "info",
    }
    server = ParleyServer(environment(**env))
    try:
        server.wait_ready(timeout=120)
        url = server.url
        ok = httpx.post(
            f"{url}/v1/predict",
            json=predict_body(["We should keep talking."]),
            headers={"X-Request-ID": "trace-42"},
            timeout=30,
        )
        assert ok.status_code == 200 and ok.headers["X-Request-ID"] == "trace-42"
        bad = httpx.post(
            f"{url}/v1/predict",
            json=predict_body(["   "]),
            headers={"X-Request-ID": "trace-err-1"},
            timeout=30,
        )
        assert bad.status_code == 422
        assert bad.json()["error"]["request_id"] == "trace-err-1" == bad.headers["X-Request-ID"]
        v2 = httpx.post(
            f"{url}/v2/models/no-such-model/infer",
            json={},
            headers={"X-Request-ID": "trace-err-2"},
            timeout=30,
        )
        assert v2.status_code == 404 and v2.json()["request_id"] == "trace-err-2"
        made = httpx.get(f"{url}/v1/model", timeout=30).headers["X-Request-ID"]
        assert len(made) == 32  # none sent: a fresh uuid
        # An id that could forge log lines is replaced, not echoed.
        forged = httpx.get(f"{url}/healthz", headers={"X-Request-ID": "a b\tc"}, timeout=30)
        assert forged.headers["X-Request-ID"] != "a b\tc"
    finally:
        output = server.stop()

    records = _json_lines(output)
    assert records, "the server wrote nothing"
    assert all({"time", "level", "logger", "message"} <= r.keys() for r in records)

    def access(rid: str) -> dict:
        lines = [r for r in records if r["logger"] == "uvicorn.access" and r["request_id"] == rid]
        assert len(lines) == 1, (rid, [r for r in records if r["logger"] == "uvicorn.access"])
        return lines[0]

    line = access("trace-42")
    assert line["method"] == "POST" and line["path"] == "/v1/predict" and line["status"] == 200
    assert access("trace-err-1")["status"] == 422
    assert access("trace-err-2")["status"] == 404
    assert access(made)["path"] == "/v1/model"
    # Lines outside a request (start-up, model load) are JSON too, with a null request id.
    assert any(r["request_id"] is None and r["logger"].startswith("serving") for r in records)


def test_text_stays_the_default():
    assert log_config("text", "info") is None
    config = log_config("json", "info")
    assert config["root"]["handlers"] == ["json"]
    assert config["loggers"]["uvicorn.access"]["propagate"] is False


def test_batcher_log_lines_name_the_request(tfidf_model_uri, caplog):
    """A model error logged in the batcher's thread carries the id of the request it failed."""
    model = load_model(tfidf_model_uri)
    batcher = MicroBatcher()
    batcher.start()
    handler = caplog.handler
    handler.addFilter(RequestIdFilter())

    async def failing_request() -> None:
        REQUEST_ID.set("trace-batch-9")
        with pytest.raises(Exception, match="empty"):
            await batcher.submit(model, ["fine", ""])

    try:
        with caplog.at_level(logging.WARNING, logger="serving.api.micro_batcher"):
            asyncio.run(failing_request())
    finally:
        batcher.stop()
        handler.removeFilter(handler.filters[-1])
    failed = [r for r in caplog.records if "failed in the model" in r.getMessage()]
    assert failed and failed[0].request_id == "trace-batch-9"
    line = json.loads(JsonFormatter("%(message)s %(request_id)s").format(failed[0]))
    assert line["request_id"] == "trace-batch-9"
