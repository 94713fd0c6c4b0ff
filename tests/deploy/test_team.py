"""The team setup, started for real: PostgreSQL -> MLflow tracking server (PostgreSQL backend
store, shared proxied artifact root) -> two ``parley serve`` replicas polling the registry.
One ``parley train && parley promote`` under a steady load on both replicas: both switch to the
new version, and no request fails. Everything is stopped, even when the test fails."""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

import httpx
import pytest

from deploy.demo import switch_under_load, train_and_promote, wait_serving
from deploy.team import champion, db_query, down, pg_bin, up

pytestmark = pytest.mark.slow
POLL_S = 1.0


@pytest.fixture
def team():
    pg_bin()  # a clear error, never a skip, when PostgreSQL is not installed
    parent = Path(tempfile.mkdtemp(prefix="parley-team-test-"))
    parent.chmod(0o755)  # PostgreSQL runs as an unprivileged user when the tests run as root
    root = parent / "team"
    state = None
    try:
        state = up(root, replicas=2, poll_s=POLL_S)
        yield state
    finally:
        stopped = down(root, remove=False)
        for proc in [*(state.replicas if state else []), *([state.mlflow] if state else [])]:
            assert proc is None or not os.path.exists(f"/proc/{proc.pid}"), proc
        shutil.rmtree(parent, ignore_errors=True)
        assert state is None or "postgres" in stopped


def test_two_replicas_follow_one_promotion_with_no_failed_request(team):
    assert team.mlflow is not None and len(team.replicas) == 2
    assert len({r.port for r in team.replicas}) == 2
    train_and_promote(team, "tfidf")  # the first champion
    first = champion(team)
    assert first is not None
    wait_serving(team, first, timeout=240)

    report = switch_under_load(team, "tfidf", rate=8.0, statements=2, settle_s=2.0)

    new = report["new_version"]
    assert new is not None and new != first, report
    assert report["failed"] == 0 and report["not_200"] == 0, report
    for name, r in report["replicas"].items():
        assert r["sent"] > 20 and r["ok"] == r["sent"], (name, r)
        assert set(r["versions"]) == {first, new}, (name, r)  # old, then the new one
        assert r["last_version"] == new, (name, r)
        assert r["switch_s_after_alias_move"] is not None, (name, r)
    for replica in team.replicas:
        model = httpx.get(replica.url + "/v1/model", timeout=10).json()
        assert model["version"] == new and model["last_reload_error"] is None
    # The registry lives in PostgreSQL, the model files in the shared artifact root.
    rows = db_query(
        team,
        "SELECT version FROM model_versions WHERE name = 'stance-classifier' ORDER BY version",
    )
    assert [str(v) for (v,) in rows] == [first, new]
    assert any((Path(team.root) / "artifacts").rglob("MLmodel"))
