"""`parley score` under faults: kill -9 at five random points and --resume gives the same bytes
as an uninterrupted run (every row once, in order); a full disk or a read-only output directory
fails with one clear line, and no half-written output file ever carries the output's name.

Real processes, real signals, real file systems (a small tmpfs in a private mount namespace),
nothing mocked. The harness is shared with ``make stress`` (``tests/stress/batch_faults.py``),
which runs the longer version of the same faults.
"""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess

import pytest

from tests.helpers import corpus_texts
from tests.stress.batch_faults import (
    namespace_prefix,
    output_ids,
    run_on_small_disk,
    run_until_killed,
    score_argv,
    sha256,
)

ROWS = 6_000
CHUNK = 20


@pytest.fixture(scope="module")
def job(tmp_path_factory, tfidf_model_uri):
    """An input of real statements (some rows bad) and its uninterrupted output."""
    root = tmp_path_factory.mktemp("batch-faults")
    inp = root / "in.jsonl"
    with open(inp, "w", encoding="utf-8") as fh:
        for i, text in enumerate(corpus_texts(ROWS)):
            row = {"id": f"s{i:05d}", "text": text if i % 101 else "  "}
            fh.write(json.dumps(row, ensure_ascii=False) + "\n")
    clean = root / "clean.csv"
    env = dict(os.environ)
    done = subprocess.run(
        score_argv(inp, clean, tfidf_model_uri, CHUNK),
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    assert output_ids(clean) == [f"s{i:05d}" for i in range(ROWS)]
    return {"root": root, "inp": inp, "clean": clean, "model": tfidf_model_uri, "env": env}


def test_kill_9_at_five_random_points_then_resume_is_byte_identical(job, tmp_path):
    out = tmp_path / "out.csv"
    rng = random.Random(20261130)
    # One start-up and one scoring kill, two more drawn at random, then one during assembly.
    plan = ["start-up", "scoring"] + [rng.choice(["start-up", "scoring"]) for _ in range(2)]
    rng.shuffle(plan)
    plan.append("assembly")
    points = []
    for i, point in enumerate(plan):
        extra = ("--resume",) if i else ()
        argv = score_argv(job["inp"], out, job["model"], CHUNK, *extra)
        points.append(run_until_killed(argv, job["env"], point, rng, out, timeout=600))
        assert points[-1]["killed"], points  # the job did not end before its kill point
    assert {p["point"] for p in points} == {"start-up", "scoring", "assembly"}, points
    assert all(p["rc"] == -signal.SIGKILL for p in points), points
    assert not any(p["output_exists"] for p in points)  # never a partial out.csv

    final = subprocess.run(
        score_argv(job["inp"], out, job["model"], CHUNK, "--resume"),
        env=job["env"],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert final.returncode == 0, final.stdout + final.stderr[-2000:]
    assert sha256(out) == sha256(job["clean"])
    assert output_ids(out) == output_ids(job["clean"])  # every row once, in order
    assert list(tmp_path.glob(".out.csv.tmp-*")) == []  # no leftover half-assembled file
    assert not (tmp_path / "out.csv.parts").exists()


needs_mounts = pytest.mark.skipif(
    namespace_prefix() is None, reason="needs unshare and a private mount namespace"
)


@needs_mounts
def test_disk_full_fails_clearly_then_resumes_after_space_is_freed(job, tmp_path):
    disk = tmp_path / "disk"
    out = disk / "out.csv"
    argv = " ".join(score_argv(job["inp"], out, job["model"], 100))
    script = f"""
{argv} > /dev/null 2> {tmp_path}/first.err; echo "first_rc=$?"
test -e {out} && echo "output_after_failure=yes" || echo "output_after_failure=no"
mount -o remount,size=64m {disk}
{argv} --resume > {tmp_path}/second.out 2> {tmp_path}/second.err; echo "second_rc=$?"
sha256sum {out}
"""
    proc = run_on_small_disk(script, disk, "size=300k", job["env"])  # full mid-scoring
    assert proc.returncode == 0, proc.stdout + proc.stderr
    lines = proc.stdout
    err = (tmp_path / "first.err").read_text()
    assert "first_rc=2" in lines, lines + err
    assert "output_after_failure=no" in lines
    message = [line for line in err.splitlines() if line.startswith("parley score: error:")]
    assert len(message) == 1 and "No space left on device" in message[0], err
    assert "free disk space" in message[0] and "--resume" in message[0]
    assert "Traceback" not in err
    assert "second_rc=0" in lines, (tmp_path / "second.err").read_text()
    assert sha256(job["clean"]) in lines  # the resumed output is the uninterrupted one


@needs_mounts
def test_read_only_output_fails_clearly_and_writes_nothing(job, tmp_path):
    disk = tmp_path / "ro"
    argv = " ".join(score_argv(job["inp"], disk / "out.csv", job["model"], 100))
    script = f'{argv} > /dev/null; echo "rc=$?"; ls -A {disk} | wc -l'
    proc = run_on_small_disk(script, disk, "ro", job["env"])
    assert "rc=2" in proc.stdout, proc.stdout + proc.stderr
    assert proc.stdout.strip().splitlines()[-1] == "0"  # nothing was created
    message = [line for line in proc.stderr.splitlines() if line.startswith("parley score:")]
    assert len(message) == 1 and "Read-only file system" in message[0], proc.stderr
    assert "choose a writable output directory" in message[0]
    assert "Traceback" not in proc.stderr
