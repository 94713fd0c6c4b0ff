"""Hostile input, over HTTP and through the shared predict function: a clear error or a correct
result, never a 500, a crash or a silently dropped statement."""

from __future__ import annotations

import json

import httpx
import numpy as np
import pytest

from inference.predict import load_model, predict
from parley_model.labels import LABELS, SCORE_COLUMNS
from tests.helpers import predict_body
from tests.stress.hostile import BAD_BODIES, BAD_PAYLOADS, ODD_TEXTS, hostile_jsonl


def post(server, payload=None, path="/v1/predict", **kw) -> httpx.Response:
    """POST JSON as a client library would send it (ASCII escapes, so a lone surrogate goes
    over the wire as the valid JSON escape ``\\ud800``)."""
    if payload is not None:
        kw["content"] = json.dumps(payload)
        kw["headers"] = {"Content-Type": "application/json"}
    return httpx.post(f"{server.url}{path}", timeout=60, **kw)


def error_of(r: httpx.Response, status: int) -> dict:
    assert r.status_code == status, r.text
    err = r.json()["error"]
    assert err["status"] == status and err["message"] and err["fix"], err
    return err


def test_odd_but_valid_texts_are_all_scored_like_the_shared_predict(api_server):
    ids = list(ODD_TEXTS)
    r = post(api_server, predict_body(list(ODD_TEXTS.values()), ids))
    assert r.status_code == 200, r.text
    preds = r.json()["predictions"]
    assert [p["id"] for p in preds] == ids  # nothing dropped, order kept
    model = r.json()["model"]
    direct = predict(
        load_model(f"models:/{model['name']}/{model['version']}"), list(ODD_TEXTS.values())
    )
    assert [p["label"] for p in preds] == direct["label"].tolist()
    served = np.array([[p["scores"][label] for label in LABELS] for p in preds])
    np.testing.assert_allclose(served, direct[list(SCORE_COLUMNS)].to_numpy(), atol=1e-9)


@pytest.mark.parametrize("payload, field, words", BAD_PAYLOADS)
def test_bad_json_gets_a_422_that_names_the_field(api_server, payload, field, words):
    err = error_of(post(api_server, payload), 422)
    text = json.dumps(err)
    assert words in text, err
    if field:
        assert any(e["field"] == field for e in err["errors"]) or err["message"].startswith(
            field
        ), err


def test_extra_fields_are_ignored_and_the_answer_is_correct(api_server):
    payload = {
        "statements": [{"id": "a", "text": "Keep talking.", "speaker": "X", "lang": "en"}],
        "options": {"explain": True},
    }
    r = post(api_server, payload)
    assert r.status_code == 200, r.text
    assert [p["id"] for p in r.json()["predictions"]] == ["a"]


@pytest.mark.parametrize("body, words", BAD_BODIES)
def test_undecodable_bodies_get_a_clear_422(api_server, body, words):
    r = post(api_server, content=body, headers={"Content-Type": "application/json"})
    err = error_of(r, 422)
    assert words in json.dumps(err), err


def test_too_many_rows_or_bytes_are_refused_whole_not_truncated(api_server):
    huge = {"statements": [{"id": str(i), "text": "Keep talking."} for i in range(100_000)]}
    err = error_of(post(api_server, huge), 413)
    assert "limit" in err["message"]
    at_limit = {"statements": [{"id": str(i), "text": "Keep talking."} for i in range(256)]}
    r = post(api_server, at_limit)
    assert r.status_code == 200 and len(r.json()["predictions"]) == 256


def test_analyze_refuses_bad_unicode_and_survives_odd_articles(api_server):
    err = error_of(post(api_server, {"text": '"Talk \ud800," she said.'}, path="/v1/analyze"), 422)
    assert "Unicode" in json.dumps(err)
    for text in ODD_TEXTS.values():
        r = post(
            api_server, {"text": f'"{text}," the minister said.\n\n{text}'}, path="/v1/analyze"
        )
        assert r.status_code == 200, (text[:40], r.text)


def test_no_hostile_request_caused_a_server_error(api_server):
    """Run last in this module: the server is healthy and answered no 5xx at all."""
    m = api_server.metrics()
    errors = {
        k: v
        for k, v in m.items()
        if k.startswith("parley_http_requests_total")
        and 'status="5' in k
        and 'route="/readyz"' not in k  # 503 while the model loaded, before the tests
    }
    assert not any(errors.values()), errors
    assert httpx.get(f"{api_server.url}/readyz", timeout=10).status_code == 200


def test_parley_score_keeps_every_hostile_row_in_order(tmp_path, tfidf_model_uri):
    """Invalid UTF-8, lone surrogates, broken JSON, missing text: each row comes out, in its
    place, with an error; every other row (odd ones included) gets a label."""
    from serving.batch.job import BatchJob, run_job

    inp = tmp_path / "hostile.jsonl"
    kinds = hostile_jsonl(inp, 3_000)
    out = tmp_path / "out.jsonl"
    summary = run_job(BatchJob(input=inp, output=out, model_uri=tfidf_model_uri, chunk_rows=500))
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert len(rows) == 3_000 == summary.rows
    bad = kinds["bad_utf8"] + kinds["surrogate"] + kinds["bad_json"] + kinds["no_text"]
    assert summary.errors == bad and sum(r["error"] is not None for r in rows) == bad
    assert sum(r["label"] in LABELS for r in rows) == kinds["good"] + kinds["odd"]
    readable = [r["id"] for r in rows if r["id"] is not None]  # unparsable lines have no id
    assert readable == sorted(readable, key=lambda x: int(x[1:]))  # input order
    errors = {r["error"] for r in rows if r["error"]}
    assert any("surrogate" in e for e in errors) and any("utf-8" in e for e in errors)


@pytest.mark.slow
def test_transformer_scores_every_odd_text(champion):
    """The tokenizer path (MiniLM): each odd text gets one valid row; the long one is flagged."""
    # (20,000 emoji or one 18,000-letter word are a single [UNK] token: not truncated)
    texts = [*ODD_TEXTS.values(), "We must keep talking to them. " * 300]
    frame = predict(champion, texts)
    assert len(frame) == len(texts)
    assert set(frame["label"]) <= set(LABELS)
    np.testing.assert_allclose(frame[list(SCORE_COLUMNS)].sum(axis=1), 1.0, atol=1e-6)
    assert frame["truncated"].tolist() == [False] * len(ODD_TEXTS) + [True]
    from parley_model.text import InputError

    with pytest.raises(InputError, match="row 1: text is not valid Unicode"):
        predict(champion, ["fine", "bad \ud800"])


@pytest.mark.parametrize(
    "line, words",
    [
        (b'{"id": "n2", "text": "Talks \xff are over.", "label": "favor"}', "not valid UTF-8"),
        (b'{"id": "n2", "text": "Talks \\ud800 over.", "label": "favor"}', "unpaired surrogate"),
        (b'{"id": "n2", "text": "\\u0000\\u001b", "label": "favor"}', None),  # odd, valid
        (b'{"id": "n2", "text": "Talks.", "label": "favor", "extra": {"x": [1]}}', None),
        (b'{"id": "n2", "label": "favor"}', "'text' must be a non-empty string"),
    ],
)
def test_training_data_errors_name_the_file_and_line(tmp_path, line, words):
    """`parley train --data FILE`: each bad line is refused naming FILE:LINE (no traceback)."""
    from training.data import DataError, load_jsonl

    path = tmp_path / "new.jsonl"
    path.write_bytes(b'{"id": "n1", "text": "We must keep talking.", "label": "favor"}\n' + line)
    if words is None:
        assert len(load_jsonl(path)) == 2
        return
    with pytest.raises(DataError) as err:
        load_jsonl(path)
    assert str(err.value).startswith(f"{path}:2: ") and words in str(err.value)
