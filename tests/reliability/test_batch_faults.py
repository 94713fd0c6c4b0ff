"""`parley score` under faults: kill -9 at five random points and --resume gives the same bytes
as an uninterrupted run (every row once, in order); a full disk or a read-only output directory
fails with one clear line, and no half-written output file ever carries the output's name."""

from __future__ import annotations

import json
import os
import signal

import pytest

from bench.common import corpus_texts
from bench.stress.batch_faults import (
    clean_run,
    kill_resume_chain,
    namespace_prefix,
    output_ids,
    run_on_small_disk,
    score_argv,
    sha256,
)

ROWS = 6_000
CHUNK = 20


@pytest.fixture(scope="module")
def job(tmp_path_factory, tfidf_model_uri):
    """An input of real statements (some rows bad) and its uninterrupted output."""
    root = tmp_path_factory.mktemp("batch-faults")
    texts = corpus_texts(ROWS)
    inp = root / "in.jsonl"
    with open(inp, "w", encoding="utf-8") as fh:
        for i, text in enumerate(texts):
            row = {"id": f"s{i:05d}", "text": text if i % 101 else "  "}
            fh.write(json.dumps(row, ensure_ascii=False) + "\n")
    clean = root / "clean.csv"
    env = dict(os.environ)
    clean_run(inp, clean, tfidf_model_uri, env, CHUNK)
    assert output_ids(clean) == [f"s{i:05d}" for i in range(ROWS)]
    return {"root": root, "inp": inp, "clean": clean, "model": tfidf_model_uri, "env": env}


def test_kill_9_at_five_random_points_then_resume_is_byte_identical(job, tmp_path):
    out = tmp_path / "out.csv"
    chain = kill_resume_chain(
        job["inp"], out, job["clean"], job["model"], job["env"], CHUNK, kills=5, seed=20261130
    )
    points = [(p["point"], p["killed"], p["rc"]) for p in chain.points]
    assert chain.kills == 5, chain.points  # every planned point was hit
    assert {p for p, _, _ in points} == {"start-up", "scoring", "assembly"}, points
    assert all(rc == -signal.SIGKILL for _, _, rc in points), points
    assert not any(p["output_exists"] for p in chain.points)  # never a partial out.csv
    assert chain.final_rc == 0, chain.final_stdout
    assert chain.identical and chain.rows_in_order
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
