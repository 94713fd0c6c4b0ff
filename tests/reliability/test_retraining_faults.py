"""Retraining faults with the real CLI against a real MLflow server: a stopped or killed
training run never moves `champion`; a stopped run is FAILED with the reason, a killed one
(`kill -9`: nothing can be written) is closed as FAILED by the next run; bad data is refused
before any run starts; `parley promote` refuses a worse challenger and says why."""

from __future__ import annotations

import signal
import subprocess

from tests.registry_server import FAST_TFIDF, parley, promote, train_tfidf
from tests.servers import PARLEY, ROOT, wait_for

# A grid of 400 values of C keeps the run busy for minutes (about 0.4 s a value), so the
# signal always lands mid-training; the fast grid can end between the poll and the signal.
LONG_GRID = "tfidf_c_grid=[" + ", ".join(f"{1 + i / 100:.2f}" for i in range(400)) + "]"


def start_training(env: dict, log) -> subprocess.Popen:
    return subprocess.Popen(
        [PARLEY, "train", *FAST_TFIDF, "--set", LONG_GRID],
        env=env,
        cwd=ROOT,
        stdout=log,
        stderr=subprocess.STDOUT,
    )


def running_run(registry, pid: int):
    """Wait for the MLflow run that process ``pid`` started, while it is RUNNING."""

    def find():
        return next(
            (
                r
                for r in registry.server.runs()
                if r.info.status == "RUNNING" and r.data.tags.get("parley.pid") == str(pid)
            ),
            None,
        )

    return wait_for(find, 180, f"process {pid} never started a run")


def test_stopped_and_killed_training_never_move_the_champion(registry, tmp_path):
    registry.ensure_up()
    env, client = registry.env(), registry.server.client()
    champion = registry.server.alias("champion")

    with open(tmp_path / "term.log", "w") as log:  # `kill` (SIGTERM) mid-training
        proc = start_training(env, log)
        run = running_run(registry, proc.pid)
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(timeout=120) == 128 + signal.SIGTERM
    stopped = client.get_run(run.info.run_id)
    assert stopped.info.status == "FAILED"
    assert stopped.data.tags["parley.error"] == "stopped by SIGTERM (exit code 143)"

    with open(tmp_path / "kill.log", "w") as log:  # `kill -9` mid-training
        proc = start_training(env, log)
        killed = running_run(registry, proc.pid)
        proc.kill()
        proc.wait(timeout=60)
    # Nothing could be written: MLflow still says RUNNING until the next run looks.
    assert client.get_run(killed.info.run_id).info.status == "RUNNING"
    assert registry.server.alias("champion") == champion

    # The next run closes the orphan; its challenger is worse and the gate says so.
    weak = train_tfidf(env, "--set", "tfidf_c_grid=[0.0005]")
    orphan = client.get_run(killed.info.run_id)
    assert orphan.info.status == "FAILED"
    assert "ended without closing the run" in orphan.data.tags["parley.error"]
    out = promote(env)
    assert out.returncode == 1, out.stdout + out.stderr
    assert "NOT PROMOTED" in out.stdout and "below the champion's" in out.stdout
    assert registry.server.alias("champion") == champion
    tags = client.get_model_version("stance-classifier", weak).tags
    assert tags["gate"].startswith("refused: ") and "below the champion's" in tags["gate"]


def test_bad_data_file_is_refused_before_a_run_starts(registry, tmp_path):
    registry.ensure_up()
    env = registry.env()
    champion = registry.server.alias("champion")
    bad = tmp_path / "new.jsonl"
    bad.write_bytes(
        b'{"id": "n1", "text": "We must keep talking.", "label": "favor"}\n'
        b'{"id": "n2", "text": "Talks \xff\xfe are over.", "label": "against"}\n'
    )
    runs_before = {r.info.run_id for r in registry.server.runs()}
    out = parley(["train", *FAST_TFIDF, "--data", str(bad)], env, timeout=300)
    assert out.returncode == 2, out.stdout + out.stderr
    assert f"{bad}:2: not valid UTF-8 (byte 0xff" in out.stderr
    assert "Traceback" not in out.stderr
    new_runs = [r for r in registry.server.runs() if r.info.run_id not in runs_before]
    assert new_runs == []  # nothing half-done to clean up
    assert registry.server.alias("champion") == champion
