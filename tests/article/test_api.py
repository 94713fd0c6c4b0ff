"""POST /v1/analyze on `parley serve` on 127.0.0.1 (one worker, the TF-IDF test model)."""

from __future__ import annotations

import httpx
import pytest

from tests.servers import ROOT, serve_model

ARTICLE = (ROOT / "data" / "articles" / "wire_expulsions.txt").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def server(tfidf_model_uri):
    with serve_model(tfidf_model_uri) as server:
        yield server.url


def test_analyze_returns_speakers_with_offsets_and_scores(server):
    r = httpx.post(f"{server}/v1/analyze", json={"text": ARTICLE}, timeout=60)
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["model"]["uri"].startswith("runs:/") or body["model"]["uri"].startswith("models:/")
    names = [sp["name"] for sp in body["speakers"]]
    assert "Dana Kovač" in names and "Emil Strand" in names and "Petra Lind" in names
    for sp in body["speakers"]:
        assert sp["stance"] in ("favor", "against", "neutral", "mixed")
        assert sum(sp["evidence"].values()) == sp["n_statements"]
        assert set(sp["scores"]) == {"favor", "against", "neutral"}
        assert abs(sum(sp["scores"].values()) - 1) < 1e-3
        assert sp["n_statements"] == len(sp["statements"]) >= 1
        for st in sp["statements"]:
            assert st["kind"] in ("direct", "reported")
            assert st["label"] in ("favor", "against", "neutral")
            assert 0 <= st["start"] < st["end"] <= len(ARTICLE)
            for s, e in st["parts"]:
                assert ARTICLE[s:e] in st["text"]
    strand = next(sp for sp in body["speakers"] if sp["name"] == "Emil Strand")
    assert strand["role"] == "Marland's ambassador to Ostrevia"


def test_analyze_rejects_empty_and_too_long_text(server):
    r = httpx.post(f"{server}/v1/analyze", json={"text": "   \n "}, timeout=30)
    assert r.status_code == 422
    assert "empty" in r.text
    r = httpx.post(f"{server}/v1/analyze", json={"text": "a" * 100_001}, timeout=30)
    assert r.status_code == 422
    assert "100000" in r.text
    r = httpx.post(f"{server}/v1/analyze", json={"article": "wrong field"}, timeout=30)
    assert r.status_code == 422


def test_article_without_quotes_gives_no_speakers(server):
    r = httpx.post(
        f"{server}/v1/analyze", json={"text": "The two ministers met in Geneva in May."}, timeout=30
    )
    assert r.status_code == 200
    assert r.json()["speakers"] == []
