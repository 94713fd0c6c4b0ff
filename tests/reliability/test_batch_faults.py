"""`parley score` under faults: kill -9 at five random points and --resume gives the same bytes
as an uninterrupted run (every row once, in order); a full disk or a read-only output directory
fails with one clear line, and no half-written output file ever carries the output's name.

Real processes, real signals, real file systems (a small tmpfs in a private mount namespace),
nothing mocked. ``make stress`` runs the longer version of the same faults (``bench/stress``).
"""

from __future__ import annotations

import hashlib
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pyarrow as pa
import pyarrow.csv as pacsv
import pytest

ROOT = Path(__file__).resolve().parents[2]
PARLEY = str(Path(sys.executable).with_name("parley"))
ROWS = 6_000
CHUNK = 20


def corpus_texts(n: int) -> list[str]:
    """Real statements (their real length mix), cycled to ``n``."""
    lines = (ROOT / "data" / "real_statements.jsonl").read_text(encoding="utf-8").splitlines()
    texts = [json.loads(line)["text"] for line in lines if line.strip()]
    return [texts[i % len(texts)] for i in range(n)]


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def output_ids(path: Path) -> list:
    """The ``id`` column of a CSV output, in file order."""
    opts = pacsv.ConvertOptions(column_types={"id": pa.string()}, include_columns=["id"])
    parse = pacsv.ParseOptions(newlines_in_values=True)
    return pacsv.read_csv(path, parse_options=parse, convert_options=opts)["id"].to_pylist()


def score_argv(inp: Path, out: Path, model: str, chunk_rows: int, *extra: str) -> list[str]:
    argv = [PARLEY, "score", str(inp), "-o", str(out), "--model", model]
    return [*argv, "--chunk-size", str(chunk_rows), *extra]


def committed(out: Path) -> int:
    """Chunks committed so far in ``OUT.parts/``."""
    parts = out.with_name(out.name + ".parts")
    return len(list(parts.glob("part-*.parquet"))) if parts.is_dir() else 0


def assembling(out: Path) -> bool:
    """Whether the final file is being written (``.OUT.tmp-PID``)."""
    return any(out.parent.glob(f".{out.name}.tmp-*"))


def kill_at(argv: list[str], env: dict, point: str, rng: random.Random, out: Path) -> dict:
    """Start ``argv`` and SIGKILL it at ``point``: during start-up (imports, model load), after a
    random number of newly committed chunks, or while the final file is assembled."""
    before = committed(out)
    proc = subprocess.Popen(argv, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    wait = rng.uniform(0.2, 2.5) if point == "start-up" else None
    chunks = rng.randint(1, 8) if point == "scoring" else None
    started, deadline, killed = time.monotonic(), time.monotonic() + 600, False
    try:
        while time.monotonic() < deadline and proc.poll() is None:
            if (
                (point == "start-up" and time.monotonic() - started >= wait)
                or (point == "scoring" and committed(out) - before >= chunks)
                or (point == "assembly" and assembling(out))
            ):
                os.kill(proc.pid, signal.SIGKILL)
                killed = True
                break
            time.sleep(0.002)
        proc.wait(timeout=60)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    stderr = proc.stderr.read().decode(errors="replace") if proc.stderr else ""
    return {
        "point": point,
        "killed": killed,
        "rc": proc.returncode,
        "output_exists": out.exists(),
        "stderr": "" if killed else stderr[-2000:],
    }


def namespace_prefix() -> list[str] | None:
    """``unshare`` for a private mount namespace (root: -m; otherwise a user namespace too)."""
    if shutil.which("unshare") is None:
        return None
    prefix = ["unshare", "-m"] if os.geteuid() == 0 else ["unshare", "-r", "-m"]
    probe = subprocess.run([*prefix, "true"], capture_output=True, timeout=30)
    return prefix if probe.returncode == 0 else None


def run_on_small_disk(script: str, mount: Path, options: str, env: dict):
    """Run a bash ``script`` with a fresh tmpfs (``options``: size=..., ro) at ``mount``."""
    mount.mkdir(parents=True, exist_ok=True)
    full = f"mount -t tmpfs -o {options} parley-test {mount} || exit 99\n{script}"
    return subprocess.run(
        [*namespace_prefix(), "bash", "-c", full],
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )


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
        points.append(kill_at(argv, job["env"], point, rng, out))
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
