"""Remote paths for `parley score`: ``s3://…`` and any other fsspec filesystem, in and out.

How the local engine's resumable design carries over to a store without rename:

* **Input** is copied once, streamed, into a local staging directory (``TMPDIR``); the job then
  reads that copy exactly as it reads a local file (same chunks, same SHA-256 in the manifest).
* **Parts**: each scored chunk is serialised in memory and written with one PUT to
  ``OUTPUT.parts/part-NNNNNN.parquet``. An object store makes an object visible only once it is
  whole, so a listed part is always complete. Stores that are real filesystems (HDFS, SFTP...)
  get a temporary name and a rename instead. ``manifest.json`` is written the same way, first.
* **Assembly**: the committed parts are streamed into a local file by the local engine's own
  writers (hence the same bytes), which is then uploaded to ``OUTPUT`` (an object appears only
  when the upload completes), and ``OUTPUT.parts/`` is deleted.

Credentials and endpoints come from the filesystem's usual sources (for S3: ``AWS_ACCESS_KEY_ID``
/ ``AWS_SECRET_ACCESS_KEY`` / ``AWS_ENDPOINT_URL`` / ``~/.aws``...); ``Settings.storage_options``
(``PARLEY_STORAGE_OPTIONS``, a JSON object) passes extra fsspec storage options, e.g.
``{"endpoint_url": "http://…"}``; the job hands them to :class:`Staging`.
"""

from __future__ import annotations

import contextlib
import io
import json
import logging
import os
import re
import shutil
import tempfile
from collections import Counter
from collections.abc import Iterator
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, Any

import pyarrow as pa
import pyarrow.parquet as pq

from serving.batch.formats import BatchError
from serving.batch.workdir import MANIFEST, MANIFEST_VERSION, assemble, check_same, pid_alive

if TYPE_CHECKING:
    from fsspec import AbstractFileSystem

log = logging.getLogger("parley.batch")

# Stores where a written object is visible only once complete (no rename needed, or possible).
OBJECT_STORES = {"s3", "s3a", "gs", "gcs", "az", "abfs", "abfss", "adl", "oss", "memory"}
_SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.-]*)://")
SPARK_REFUSAL = (
    "remote paths ({url}) work with the local engine only: Spark reads object stores through "
    "the hadoop-aws/gcs connector jars, which pyspark does not ship (and which cannot be "
    "installed offline here); use --engine local, or copy the files to a shared filesystem"
)


def scheme(path: str | Path) -> str | None:
    match = _SCHEME.match(str(path))
    return match.group(1).lower() if match else None


def is_remote(path: str | Path) -> bool:
    """``s3://bucket/key`` and other ``scheme://`` URLs; ``file://`` and plain paths are local."""
    return scheme(path) not in (None, "file")


def batch_path(arg: str) -> str | Path:
    """A command-line path: kept as a URL when remote (``Path`` would fold ``//``)."""
    if is_remote(arg):
        return arg
    return Path(arg.removeprefix("file://")) if scheme(arg) == "file" else Path(arg)


def filesystem(url: str, options: dict[str, Any] | None = None) -> tuple[AbstractFileSystem, str]:
    """The fsspec filesystem for ``url`` and the path inside it; ``options`` are fsspec storage
    options (``Settings.storage_options``)."""
    import fsspec

    try:
        return fsspec.core.url_to_fs(url, **(options or {}))
    except ImportError as exc:
        raise BatchError(
            f"{url}: the filesystem for {scheme(url)}:// is not installed ({exc}); install its "
            "fsspec package (s3fs for s3://, gcsfs for gs://, adlfs for az://)"
        ) from exc
    except ValueError as exc:
        raise BatchError(f"{url}: {exc}") from exc


@contextlib.contextmanager
def remote_errors(url: str) -> Iterator[None]:
    """A store that cannot be reached or refuses: one clear line (``OSError`` passes through
    as it is: the job turns it into its own message)."""
    try:
        yield
    except (OSError, BatchError):
        raise
    except Exception as exc:  # botocore's connection / credential errors are not OSError
        raise BatchError(f"{url}: {type(exc).__name__}: {exc}") from exc


class Staging:
    """A local directory for a remote job's input copy and assembled output, removed at the end,
    and the storage options every remote path of the job is opened with. Directories left by a
    killed job (its process id gone) are removed by the next one."""

    PREFIX = "parley-score-"

    def __init__(self, storage_options: dict[str, Any] | None = None) -> None:
        self.storage_options = dict(storage_options or {})
        base = Path(tempfile.gettempdir())
        for stale in base.glob(f"{self.PREFIX}*"):
            pid = stale.name.removeprefix(self.PREFIX).split("-", 1)[0]
            if pid.isdigit() and not pid_alive(int(pid)):
                shutil.rmtree(stale, ignore_errors=True)
        self.path = Path(tempfile.mkdtemp(prefix=f"{self.PREFIX}{os.getpid()}-", dir=base))
        self.fetch_path: Path | None = None  # the local copy of a remote input

    def fetch(self, url: str) -> Path:
        """Copy the object at ``url`` here (streamed); the local path, with the same name."""
        fs, path = filesystem(url, self.storage_options)
        with remote_errors(url):
            if not fs.isfile(path):
                raise BatchError(f"{url}: no such file")
            local = self.path / "input" / PurePosixPath(path).name
            local.parent.mkdir()
            fs.get_file(path, str(local))
        self.fetch_path = local
        log.info("copied %s to %s (%s bytes)", url, local, f"{local.stat().st_size:,}")
        return local

    def cleanup(self) -> None:
        shutil.rmtree(self.path, ignore_errors=True)


class RemoteWorkDir:
    """``OUTPUT.parts/`` on a remote filesystem: the manifest and one Parquet object per chunk
    (the same contract as ``serving.batch.workdir.WorkDir``)."""

    def __init__(self, output: str, staging: Staging):
        self.output = output
        self.staging = staging
        self.fs, self.out_path = filesystem(output, staging.storage_options)
        self.protocol = scheme(output) or ""
        self.path = f"{self.out_path}.parts"
        self.url = f"{output}.parts"

    @property
    def manifest_path(self) -> str:
        return f"{self.path}/{MANIFEST}"

    def part(self, index: int) -> str:
        return f"{self.path}/part-{index:06d}.parquet"

    def _put(self, path: str, data: bytes) -> None:
        """Write ``data`` so that ``path`` is either whole or absent."""
        with remote_errors(self.output):
            if self.protocol in OBJECT_STORES:
                self.fs.pipe_file(path, data)
                return
            tmp = f"{path.rsplit('/', 1)[0]}/.{path.rsplit('/', 1)[1]}.tmp"
            self.fs.pipe_file(tmp, data)
            self.fs.mv(tmp, path)

    def committed(self) -> set[int]:
        with remote_errors(self.output):
            self.fs.invalidate_cache(self.path)
            names = self.fs.glob(f"{self.path}/part-*.parquet")
        done = set()
        for name in names:
            stem = PurePosixPath(name).stem.removeprefix("part-")
            if stem.isdigit():
                done.add(int(stem))
        return done

    def _exists(self, path: str) -> bool:
        with remote_errors(self.output):
            self.fs.invalidate_cache(path)
            return self.fs.exists(path)

    def read_manifest(self) -> dict | None:
        try:
            with remote_errors(self.output):
                return json.loads(self.fs.cat_file(self.manifest_path))
        except (FileNotFoundError, json.JSONDecodeError):
            return None

    def _clear(self) -> None:
        with remote_errors(self.output):
            if self._exists(self.manifest_path):
                self.fs.rm_file(self.manifest_path)  # first: parts without it are junk
            if self._exists(self.path):
                self.fs.rm(self.path, recursive=True)

    def start(self, identity: dict, *, resume: bool, overwrite: bool) -> set[int]:
        """Prepare ``OUTPUT.parts/``; return the chunk indices already committed."""
        manifest = self.read_manifest()
        if manifest is None and self._exists(self.path):
            self._clear()  # no manifest: nothing was ever committed there
        if manifest is not None:
            if resume:
                check_same(manifest, identity)
                return self.committed()
            if not overwrite:
                raise BatchError(
                    f"an unfinished job is in {self.url} ({len(self.committed())} chunk(s) "
                    "committed); pass --resume to continue it or --overwrite to start again"
                )
            self._clear()
        elif resume:
            log.info("nothing to resume in %s; starting from the beginning", self.url)
        if self._exists(self.out_path) and not overwrite:
            raise BatchError(f"{self.output} exists; pass --overwrite to replace it")
        manifest = {"version": MANIFEST_VERSION, **identity}
        self._put(self.manifest_path, json.dumps(manifest, indent=2).encode())
        return set()

    def commit(self, index: int, table: pa.Table) -> None:
        """Serialise one chunk and write it with one PUT: the part is whole or absent."""
        buf = io.BytesIO()
        pq.write_table(table, buf)
        self._put(self.part(index), buf.getvalue())

    def read_part(self, path: str) -> pa.Table:
        with remote_errors(self.output):
            return pq.read_table(pa.BufferReader(self.fs.cat_file(path)))

    def assemble(
        self,
        parts: list[str],
        fmt: str,
        schema: pa.Schema,
        names: dict[str, str],
        escape_formulas: bool = True,
    ) -> tuple[int, Counter, int]:
        """Stream the parts into a local file with the local writers, then upload it."""
        done = self.committed()
        missing = [p for i, p in enumerate(parts) if i not in done]
        if missing:
            raise BatchError(f"cannot assemble: missing parts {missing[:3]}; rerun with --resume")
        local = self.staging.path / "output" / PurePosixPath(self.out_path).name
        local.parent.mkdir(exist_ok=True)
        result = assemble(parts, local, fmt, schema, names, escape_formulas, read=self.read_part)
        with remote_errors(self.output):
            if self.protocol in OBJECT_STORES:
                self.fs.put_file(str(local), self.out_path)  # visible once complete
            else:
                tmp = f"{self.out_path}.tmp-{os.getpid()}"
                self.fs.put_file(str(local), tmp)
                self.fs.mv(tmp, self.out_path)
        local.unlink()
        return result

    def finish(self) -> None:
        self._clear()
