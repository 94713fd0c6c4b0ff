"""`parley score` on an S3 object store: moto's standalone S3 server on 127.0.0.1, reached through
s3fs with the standard AWS_* variables. Remote in and out give the same bytes as a local run;
a ``kill -9`` mid-run then ``--resume`` gives the same bytes as an uninterrupted run; the Spark
engine refuses remote paths with a clear message."""

from __future__ import annotations

import hashlib
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from serving.batch.formats import BatchError
from serving.batch.job import run_job
from serving.batch.prepare import BatchJob

PARLEY = str(Path(sys.executable).with_name("parley"))
CORPUS = Path(__file__).resolve().parents[2] / "data" / "real_statements.jsonl"
BUCKET = "parley-test"
ROWS = 6_000


def _free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def s3(tmp_path_factory):
    """moto's S3 server on 127.0.0.1 (its own process), a bucket, and the AWS_* variables."""
    port = _free_port()
    log = open(tmp_path_factory.mktemp("moto") / "moto.log", "w")  # noqa: SIM115
    proc = subprocess.Popen(
        [sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(port)],
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    endpoint = f"http://127.0.0.1:{port}"
    env = {
        "AWS_ENDPOINT_URL": endpoint,
        "AWS_ACCESS_KEY_ID": "testing",
        "AWS_SECRET_ACCESS_KEY": "testing",
        "AWS_DEFAULT_REGION": "us-east-1",
    }
    saved = {k: os.environ.get(k) for k in env}
    os.environ.update(env)
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                httpx.get(endpoint, timeout=2)
                break
            except httpx.TransportError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError("moto's S3 server did not start") from None
                time.sleep(0.3)
        import s3fs

        fs = s3fs.S3FileSystem(endpoint_url=endpoint, key="testing", secret="testing")
        fs.mkdir(BUCKET)
        yield fs
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=10)
        log.close()


@pytest.fixture(scope="module")
def inputs(s3, tmp_path_factory):
    """Real statements (every 97th text blank) as JSONL and CSV, locally and in the bucket."""
    import pyarrow as pa
    import pyarrow.csv as pacsv

    root = tmp_path_factory.mktemp("remote-in")
    corpus = [json.loads(line)["text"] for line in CORPUS.read_text().splitlines() if line.strip()]
    texts = [corpus[i % len(corpus)] for i in range(ROWS)]
    rows = [{"id": f"s{i:05d}", "text": t if i % 97 else " "} for i, t in enumerate(texts)]
    jsonl = root / "in.jsonl"
    jsonl.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows))
    csv = root / "in.csv"
    pacsv.write_csv(pa.Table.from_pylist(rows), csv)
    for path in (jsonl, csv):
        s3.put_file(str(path), f"{BUCKET}/in/{path.name}")
    return root


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _local_run(inp: Path, out: Path, model: str, chunk: int) -> bytes:
    run_job(BatchJob(input=inp, output=out, model_uri=model, chunk_rows=chunk))
    return out.read_bytes()


@pytest.mark.parametrize(
    ("src", "dst"),
    [("in.jsonl", "out.csv"), ("in.csv", "out.parquet"), ("in.jsonl", "out.jsonl")],
)
def test_remote_in_and_out_give_the_local_bytes(s3, inputs, tfidf_model_uri, tmp_path, src, dst):
    local = _local_run(inputs / src, tmp_path / dst, tfidf_model_uri, chunk=500)
    url = f"s3://{BUCKET}/round-trip/{src}-{dst}"
    summary = run_job(
        BatchJob(
            input=f"s3://{BUCKET}/in/{src}", output=url, model_uri=tfidf_model_uri, chunk_rows=500
        )
    )
    assert summary.rows == ROWS and summary.errors == -(-ROWS // 97)
    s3.invalidate_cache()
    assert _digest(s3.cat_file(url)) == _digest(local)
    assert not s3.exists(f"{url}.parts")  # the work directory is gone once assembled
    # Mixed: a remote input to a local file, and a local input to a remote object.
    mixed = tmp_path / f"mixed-{dst}"
    run_job(
        BatchJob(
            input=f"s3://{BUCKET}/in/{src}", output=mixed, model_uri=tfidf_model_uri, chunk_rows=500
        )
    )
    assert mixed.read_bytes() == local
    url2 = f"{url}-from-local.{dst.rsplit('.', 1)[1]}"
    run_job(BatchJob(input=inputs / src, output=url2, model_uri=tfidf_model_uri, chunk_rows=500))
    assert _digest(s3.cat_file(url2)) == _digest(local)


@pytest.mark.slow
def test_kill_9_mid_run_then_resume_is_byte_identical(s3, inputs, tfidf_model_uri, tmp_path):
    chunk = 25
    clean = _local_run(inputs / "in.jsonl", tmp_path / "clean.csv", tfidf_model_uri, chunk)
    url = f"s3://{BUCKET}/killed/out.csv"
    parts = f"{BUCKET}/killed/out.csv.parts"
    argv = [PARLEY, "score", f"s3://{BUCKET}/in/in.jsonl", "-o", url, "--model", tfidf_model_uri]
    argv += ["--chunk-size", str(chunk)]
    env = {**os.environ, "PARLEY_PROGRESS_SECONDS": "3600"}
    proc = subprocess.Popen(argv, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 300
        committed: list[str] = []
        while len(committed) < 8:
            assert proc.poll() is None, proc.stdout.read().decode()  # killed before it finishes
            assert time.monotonic() < deadline, "no parts were committed"
            time.sleep(0.05)
            s3.invalidate_cache()
            committed = s3.glob(f"{parts}/part-*.parquet")
    finally:
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(timeout=30)
    assert proc.returncode == -signal.SIGKILL
    s3.invalidate_cache()
    assert not s3.exists(url)  # no output object until the job is whole
    kept = s3.glob(f"{parts}/part-*.parquet")
    total = -(-ROWS // chunk)
    assert 8 <= len(kept) < total and s3.exists(f"{parts}/manifest.json")

    out = subprocess.run(
        [*argv, "--resume"], env=env, capture_output=True, text=True, timeout=600, check=False
    )
    assert out.returncode == 0, out.stdout + out.stderr
    assert "resumed after" in out.stdout
    s3.invalidate_cache()
    assert _digest(s3.cat_file(url)) == _digest(clean)
    assert not s3.exists(parts)


def test_resume_refuses_a_changed_remote_input(s3, inputs, tfidf_model_uri):
    """The manifest keeps the input's SHA-256: an object replaced under the same key is refused."""
    from serving.batch.prepare import prepare
    from serving.batch.remote import Staging

    key = f"{BUCKET}/changing/in.jsonl"
    s3.put_file(str(inputs / "in.jsonl"), key)
    url = f"s3://{BUCKET}/changing/out.csv"
    job = BatchJob(input=f"s3://{key}", output=url, model_uri=tfidf_model_uri, chunk_rows=500)
    staging = Staging()
    try:
        prepare(job, staging)  # the manifest is written; nothing scored (as if killed here)
    finally:
        staging.cleanup()
    s3.pipe_file(key, (inputs / "in.jsonl").read_bytes()[:-200])
    job.resume = True
    with pytest.raises(BatchError, match="cannot resume: the unfinished job used input_bytes"):
        run_job(job)
    job.resume, job.overwrite = False, True
    assert run_job(job).rows > 0


def test_clear_errors_for_missing_objects_and_spark(s3, inputs, tfidf_model_uri, tmp_path):
    with pytest.raises(BatchError, match=f"s3://{BUCKET}/in/nope.csv: no such file"):
        run_job(BatchJob(input=f"s3://{BUCKET}/in/nope.csv", output=tmp_path / "o.csv"))
    with pytest.raises(BatchError, match="local engine only"):
        run_job(
            BatchJob(
                input=f"s3://{BUCKET}/in/in.csv",
                output=tmp_path / "o.csv",
                model_uri=tfidf_model_uri,
                engine="spark",
            )
        )
    # A bad column in a remote input is reported under its URL, not the local copy.
    with pytest.raises(BatchError, match=f"s3://{BUCKET}/in/in.csv: no column 'body'"):
        run_job(
            BatchJob(
                input=f"s3://{BUCKET}/in/in.csv",
                output=tmp_path / "o.csv",
                text_column="body",
                model_uri=tfidf_model_uri,
            )
        )
