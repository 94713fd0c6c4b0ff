"""A job's local work directory (``OUTPUT.parts/``) and the assembly of its final file.

Why a job survives ``kill -9``: ``manifest.json`` (written first, atomically) records the input's
size and SHA-256, the model's concrete version and the job's options, and ``--resume`` refuses a
mismatch; each scored chunk is committed to ``part-NNNNNN.parquet`` by write-temp + fsync +
rename, so a part on disk is always complete. When all parts exist they are streamed into the
final file (temp + fsync + rename), then the work directory is removed. A resumed job therefore
writes the same bytes as an uninterrupted one.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import shutil
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from serving.batch.formats import BatchError
from serving.batch.sinks import open_sink

log = logging.getLogger("parley.batch")

MANIFEST = "manifest.json"
MANIFEST_VERSION = 1


def file_sha256(path: str | Path, block: int = 1 << 20) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        while chunk := fh.read(block):
            digest.update(chunk)
    return digest.hexdigest()


def fsync_path(path: str | Path) -> None:
    """Flush a file (or a directory entry) to disk; a rename is only durable after this."""
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def pid_alive(pid: int) -> bool:
    """Whether a process with this id exists (a job's leftovers name their owner's pid)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # exists, owned by another user
        return True
    return True


def _atomic_write_bytes(path: Path, data: bytes) -> None:
    tmp = path.with_name(f".{path.name}.tmp")
    with open(tmp, "wb") as fh:
        fh.write(data)
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, path)
    fsync_path(path.parent)


def check_same(manifest: dict, identity: dict) -> None:
    """Refuse to resume a job whose manifest differs from this job's identity."""
    if manifest.get("version") != MANIFEST_VERSION:
        raise BatchError("the unfinished job was written by another version; use --overwrite")
    for key, value in identity.items():
        if manifest.get(key) != value:
            raise BatchError(
                f"cannot resume: the unfinished job used {key} {manifest.get(key)!r}, "
                f"this one {value!r}; pass the same options, or --overwrite to start again"
            )


class WorkDir:
    """``OUTPUT.parts/``: the manifest and one committed Parquet file per chunk."""

    def __init__(self, output: Path):
        self.output = output
        self.path = output.with_name(output.name + ".parts")

    @property
    def manifest_path(self) -> Path:
        return self.path / MANIFEST

    def part(self, index: int) -> Path:
        return self.path / f"part-{index:06d}.parquet"

    def committed(self) -> set[int]:
        done = set()
        for p in self.path.glob("part-*.parquet"):
            try:
                done.add(int(p.stem.removeprefix("part-")))
            except ValueError:
                continue
        return done

    def read_manifest(self) -> dict | None:
        try:
            return json.loads(self.manifest_path.read_text())
        except (FileNotFoundError, json.JSONDecodeError):
            return None

    def start(self, identity: dict, *, resume: bool, overwrite: bool) -> set[int]:
        """Prepare the work directory; return the chunk indices already committed."""
        self._remove_dead_assemblies()
        manifest = self.read_manifest() if self.path.exists() else None
        if manifest is None and self.path.exists():
            shutil.rmtree(self.path)  # no manifest: nothing was ever committed there
        if manifest is not None:
            if resume:
                check_same(manifest, identity)
                for tmp in self.path.glob(".*.tmp"):
                    tmp.unlink()  # a write that a crash interrupted
                return self.committed()
            if not overwrite:
                raise BatchError(
                    f"an unfinished job is in {self.path} ({len(self.committed())} chunk(s) "
                    "committed); pass --resume to continue it or --overwrite to start again"
                )
            shutil.rmtree(self.path)
        elif resume:
            log.info("nothing to resume in %s; starting from the beginning", self.path)
        if self.output.exists() and not overwrite:
            raise BatchError(f"{self.output} exists; pass --overwrite to replace it")
        self.path.mkdir(parents=True)
        manifest = {"version": MANIFEST_VERSION, **identity}
        _atomic_write_bytes(self.manifest_path, json.dumps(manifest, indent=2).encode())
        return set()

    def _remove_dead_assemblies(self) -> None:
        """A final file killed mid-assembly (``.OUT.tmp-PID``) is junk once PID is gone."""
        for stale in self.output.parent.glob(f".{self.output.name}.tmp-*"):
            pid = stale.name.rsplit("-", 1)[-1]
            if pid.isdigit() and not pid_alive(int(pid)):
                stale.unlink(missing_ok=True)

    def commit(self, index: int, table: pa.Table) -> None:
        """Write one chunk so that it is either wholly on disk or absent."""
        final = self.part(index)
        tmp = final.with_name(f".{final.name}.tmp")
        pq.write_table(table, tmp)
        fsync_path(tmp)
        os.replace(tmp, final)
        fsync_path(self.path)

    def assemble(
        self, parts: list[Path], fmt: str, schema: pa.Schema, names: dict[str, str], escape: bool
    ) -> tuple[int, Counter, int]:
        """Stream the committed parts into the output; return rows, label counts, errors."""
        missing = [str(x) for x in parts if not x.exists()]
        if missing:
            raise BatchError(f"cannot assemble: missing parts {missing[:3]}; rerun with --resume")
        return assemble(parts, self.output, fmt, schema, names, escape)

    def finish(self) -> None:
        self.manifest_path.unlink(missing_ok=True)  # first: a dir without manifest is junk
        shutil.rmtree(self.path, ignore_errors=True)


def assemble(
    parts: list[Any],
    output: Path,
    fmt: str,
    schema: pa.Schema,
    names: dict[str, str],
    escape_formulas: bool = True,
    read: Callable[[Any], pa.Table] = pq.read_table,
) -> tuple[int, Counter, int]:
    """Stream committed parts into ``output`` atomically; return rows, label counts, errors.
    ``read`` opens one part (a remote work directory passes its own)."""
    tmp = output.with_name(f".{output.name}.tmp-{os.getpid()}")
    rows, errors, labels = 0, 0, Counter()
    try:
        sink = open_sink(tmp, fmt, schema, escape_formulas)
        try:
            for part in parts:
                table = read(part).select(schema.names).cast(schema)
                rows += table.num_rows
                errors += table.num_rows - table.column(names["error"]).null_count
                for item in pc.value_counts(table.column(names["label"])).to_pylist():
                    if item["values"] is not None:
                        labels[item["values"]] += item["counts"]
                sink.write(table)
        finally:
            sink.close()
        fsync_path(tmp)
        os.replace(tmp, output)
        fsync_path(output.parent)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return rows, labels, errors
