"""The remote-path layer of `parley score` (serving/batch/remote.py) on fsspec's in-memory store:
URL handling, storage options, and the work directory's commit / resume / overwrite rules."""

from __future__ import annotations

import contextlib
from pathlib import Path

import pyarrow as pa
import pytest
from pydantic import ValidationError

from inference.settings import Settings
from serving.batch.formats import BatchError
from serving.batch.remote import RemoteWorkDir, Staging, batch_path, filesystem, is_remote

IDENTITY = {"input": "memory://in/a.csv", "input_sha256": "abc", "chunk_rows": 10}


def test_urls_stay_urls_and_local_paths_stay_paths():
    assert is_remote("s3://bucket/key.csv") and is_remote("gs://b/k.parquet")
    assert not is_remote("/tmp/x.csv") and not is_remote("x.csv")
    assert not is_remote("file:///tmp/x.csv")
    assert batch_path("s3://bucket/a//b.csv") == "s3://bucket/a//b.csv"  # no folding of //
    assert batch_path("file:///tmp/x.csv") == Path("/tmp/x.csv")
    assert batch_path("rel/x.csv") == Path("rel/x.csv")


def test_bad_storage_options_and_unknown_schemes_are_clear(monkeypatch):
    monkeypatch.setenv("PARLEY_STORAGE_OPTIONS", "{not json")
    with pytest.raises(ValueError, match="storage_options|PARLEY_STORAGE_OPTIONS"):
        Settings.from_env()
    monkeypatch.setenv("PARLEY_STORAGE_OPTIONS", "[1]")
    with pytest.raises(ValidationError, match="must be a JSON object"):
        Settings.from_env()
    monkeypatch.delenv("PARLEY_STORAGE_OPTIONS")
    with pytest.raises(BatchError, match="nosuchfs"):
        filesystem("nosuchfs://x/y.csv")


@pytest.fixture
def work(request):
    staging = Staging()
    w = RemoteWorkDir(f"memory://parley-unit/{request.node.name}/out.csv", staging)
    yield w
    with contextlib.suppress(FileNotFoundError):
        w.fs.rm(f"/parley-unit/{request.node.name}", recursive=True)
    staging.cleanup()


def test_parts_commit_and_resume_from_the_manifest(work):
    assert work.start(IDENTITY, resume=False, overwrite=False) == set()
    assert work.read_manifest()["input_sha256"] == "abc"
    table = pa.table({"id": ["a", "b"]})
    work.commit(0, table)
    work.commit(2, table)
    assert work.committed() == {0, 2}
    assert work.read_part(work.part(2)).equals(table)
    # Without --resume an unfinished job is never silently replaced...
    with pytest.raises(BatchError, match="unfinished job"):
        work.start(IDENTITY, resume=False, overwrite=False)
    # ...with it, the committed parts count, if the options are the same.
    assert work.start(IDENTITY, resume=True, overwrite=False) == {0, 2}
    with pytest.raises(BatchError, match="cannot resume: the unfinished job used input_sha256"):
        work.start({**IDENTITY, "input_sha256": "changed"}, resume=True, overwrite=False)
    assert work.start(IDENTITY, resume=False, overwrite=True) == set()  # starts again
    assert work.committed() == set()
    work.finish()
    assert not work.fs.exists(work.path)


def test_an_existing_output_needs_overwrite(work):
    work.fs.pipe_file(work.out_path, b"id\n1\n")
    with pytest.raises(BatchError, match="exists; pass --overwrite"):
        work.start(IDENTITY, resume=False, overwrite=False)
