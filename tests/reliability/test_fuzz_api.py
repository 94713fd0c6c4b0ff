"""Schemathesis against the server's own OpenAPI schema: no 5xx, every answer as documented.

A short, seeded run (100 examples per operation); ``make stress`` runs a long one.
"""

from __future__ import annotations

from tests.stress.fuzz import run_schemathesis


def _server_errors(server) -> float:
    return sum(
        v
        for k, v in server.metrics().items()
        if k.startswith("parley_http_requests_total") and 'status="5' in k
    )


def test_schemathesis_finds_no_5xx_and_no_schema_violation(api_server, tmp_path):
    before = _server_errors(api_server)
    result = run_schemathesis(api_server.url, tmp_path / "schemathesis", max_examples=100)
    assert result["rc"] == 0, result["output"]
    assert not result["failures"] and not result["errors"], result["output"]
    assert result["operations"] >= 5  # healthz, readyz, model, predict, analyze, reload
    assert result["test_cases"] >= 100
    # The server's own count agrees: no 5xx was answered while fuzzing (a 503 would be one).
    assert _server_errors(api_server) == before
