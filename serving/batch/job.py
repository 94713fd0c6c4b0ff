"""`parley score`: score a file of statements, chunk by chunk, resumably.

Design (why it survives ``kill -9``):

* The input is read in fixed-size chunks (``serving.batch.formats``); each scored chunk is committed
  to ``OUTPUT.parts/part-NNNNNN.parquet`` by write-temp + fsync + rename, so a part on disk is
  always complete. ``manifest.json`` (written first, atomically) records the input's size and
  SHA-256, the model's concrete version and the job's options; ``--resume`` refuses a mismatch.
* ``--resume`` scores only the chunks without a part. When all parts exist they are streamed
  into the final file (temp + fsync + rename), then the work directory is removed. A resumed
  job therefore writes the same bytes as an uninterrupted one.
* Remote paths (``s3://``... through fsspec, ``serving.batch.remote``): the input is copied locally
  first, each part is written with one PUT (object stores have no rename), and the assembled
  file is uploaded at the end.

Every input row comes out, in order, with its columns plus ``RESULT_COLUMNS``; a row whose text
is missing, empty or not text gets ``error`` and no label. Scoring goes through
``inference.predict.predict``, the function behind the HTTP API.
"""

from __future__ import annotations

import json
import logging
import os
import shutil
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from inference.explain import evidence_dicts, explain
from inference.predict import (
    DEFAULT_MODEL_URI,
    LoadedModel,
    add_abstain,
    load_model,
    predict,
    resolve,
)
from parley_model.labels import LABELS, SCORE_COLUMNS
from parley_model.text import unpaired_surrogate
from serving.batch.formats import (
    MISSING,
    BatchError,
    Chunk,
    Source,
    detect_format,
    file_sha256,
    fsync_path,
    open_sink,
    open_source,
    pid_alive,
)

log = logging.getLogger("parley.batch")

RESULT_FIELDS: tuple[tuple[str, pa.DataType], ...] = (
    ("label", pa.string()),
    *((col, pa.float64()) for col in SCORE_COLUMNS),
    ("truncated", pa.bool_()),
    ("model_version", pa.string()),
    ("error", pa.string()),
)
RESULT_COLUMNS = tuple(name for name, _ in RESULT_FIELDS)
# Added only when asked for: --abstain-below / PARLEY_ABSTAIN_BELOW, --explain.
OPTIONAL_FIELDS: tuple[tuple[str, pa.DataType], ...] = (
    ("abstain", pa.bool_()),  # the top score is below the threshold (inference.predict.add_abstain)
    ("evidence", pa.string()),  # JSON list of {text, start, end, weight} (inference.explain)
)
FIELD_TYPES = dict(RESULT_FIELDS + OPTIONAL_FIELDS)
DEFAULT_CHUNK_ROWS = 2000
MANIFEST = "manifest.json"
MANIFEST_VERSION = 1


@dataclass
class BatchJob:
    """What `parley score` was asked to do."""

    input: Path | str  # a str only for a remote URL (serving.batch.remote.batch_path)
    output: Path | str
    text_column: str = "text"
    id_column: str | None = None  # None: use "id" when the input has it
    model_uri: str = DEFAULT_MODEL_URI
    batch_size: int | None = None  # rows per model forward pass (PARLEY_BATCH_SIZE)
    chunk_rows: int = DEFAULT_CHUNK_ROWS  # rows per committed chunk
    prefix: str = ""  # prepended to the result column names
    resume: bool = False
    overwrite: bool = False
    engine: str = "local"
    spark_master: str = "local[*]"
    abstain_below: float | None = None  # adds `abstain` (top score below it); None: no column
    explain: bool = False  # adds `evidence` (occlusion, ~30-65 model calls per row)
    csv_raw: bool = False  # CSV output without the formula guard (leading ' on =,+,-,@ cells)

    def names(self) -> dict[str, str]:
        """Result column -> its name in the output (the optional ones only when asked for)."""
        columns = list(RESULT_COLUMNS)
        columns += ["abstain"] if self.abstain_below is not None else []
        columns += ["evidence"] if self.explain else []
        return {name: self.prefix + name for name in columns}


@dataclass
class Summary:
    output: Path
    model_version: str
    rows: int = 0
    labels: dict[str, int] = field(default_factory=dict)
    errors: int = 0
    scored_now: int = 0
    resumed_rows: int = 0
    seconds: float = 0.0

    @property
    def rows_per_second(self) -> float:
        return self.scored_now / self.seconds if self.seconds > 0 else 0.0

    def format(self) -> str:
        labels = " · ".join(f"{label} {self.labels.get(label, 0):,}" for label in LABELS)
        lines = [
            f"scored {self.rows:,} rows -> {self.output}",
            f"  model:  {self.model_version}",
            f"  labels: {labels}",
            f"  errors: {self.errors:,}" + (" (kept, with no label)" if self.errors else ""),
            f"  this run: {self.scored_now:,} rows in {self.seconds:.1f} s "
            f"({self.rows_per_second:,.0f} rows/s)"
            + (
                f"; resumed after {self.resumed_rows:,} committed rows" if self.resumed_rows else ""
            ),
        ]
        return "\n".join(lines)


# ------------------------------------------------------------------------------ rows


def text_error(value: Any) -> str | None:
    """Why a text cannot be scored, or None. Agrees with ``serving.runtime.validate_texts``."""
    if value is None or value is MISSING:
        return "text is missing"
    if isinstance(value, float) and value != value:  # NaN from a numeric column
        return "text is missing"
    if not isinstance(value, str):
        return f"text is not a string (got {type(value).__name__})"
    if not value.strip():
        return "text is empty"
    if unpaired_surrogate(value) is not None:
        return "text is not valid Unicode (a lone surrogate)"
    return None


def output_schema(input_schema: pa.Schema, names: dict[str, str]) -> pa.Schema:
    """Input columns then the result columns; a clash is an error, never a silent overwrite."""
    clash = [names[c] for c in names if names[c] in input_schema.names]
    if clash:
        raise BatchError(
            f"the input already has column(s) {clash}, which the output adds; "
            "rename them or pass --output-prefix (e.g. --output-prefix parley_)"
        )
    extra = [pa.field(names[name], FIELD_TYPES[name]) for name in names]
    return pa.schema(list(input_schema) + extra)


def concrete_model(uri: str) -> str:
    """The exact model a URI means now: ``models:/name/3`` for an alias, else the URI."""
    info = resolve(uri)
    return f"models:/{info['name']}/{info['version']}" if info else uri


def score_chunk(
    model: LoadedModel,
    chunk: Chunk,
    model_version: str,
    schema: pa.Schema,
    names: dict[str, str],
    abstain_below: float | None = None,
) -> pa.Table:
    """Original columns + results for one chunk; only valid texts reach the model.

    With ``evidence`` in ``names`` the chunk is scored by ``inference.explain.explain`` (the same
    predict, plus each text's variants); with ``abstain``, ``add_abstain`` as in the API.
    """
    n = chunk.num_rows
    errors = [pe or text_error(t) for pe, t in zip(chunk.parse_errors, chunk.texts, strict=True)]
    good = np.array([i for i, e in enumerate(errors) if e is None], dtype=np.int64)
    null = np.ones(n, dtype=bool)
    null[good] = False
    labels = np.full(n, None, dtype=object)
    scores = {col: np.zeros(n) for col in SCORE_COLUMNS}
    truncated = np.zeros(n, dtype=bool)
    abstain = np.zeros(n, dtype=bool)
    evidence = np.full(n, None, dtype=object)
    if len(good):
        texts = [chunk.texts[i] for i in good]
        if "evidence" in names:
            frame, found = explain(model, texts)
            evidence[good] = [json.dumps(evidence_dicts(ev), ensure_ascii=False) for ev in found]
        else:
            frame = predict(model, texts)
        if len(frame) != len(good):
            raise RuntimeError(f"model returned {len(frame)} rows for {len(good)} texts")
        labels[good] = frame["label"].to_numpy(dtype=object)
        for col in SCORE_COLUMNS:
            scores[col][good] = frame[col].to_numpy(dtype=np.float64)
        truncated[good] = frame["truncated"].to_numpy(dtype=bool)
        abstain[good] = add_abstain(frame, abstain_below)["abstain"].to_numpy(dtype=bool)
    results = {
        "label": pa.array(labels, type=pa.string()),
        **{col: pa.array(scores[col], mask=null) for col in SCORE_COLUMNS},
        "truncated": pa.array(truncated, mask=null),
        "model_version": pa.array([model_version] * n, type=pa.string()),
        "error": pa.array(errors, type=pa.string()),
        "abstain": pa.array(abstain, mask=null),
        "evidence": pa.array(evidence, type=pa.string()),
    }
    table = chunk.table
    for name in names:
        table = table.append_column(names[name], results[name])
    return table.cast(schema)


# --------------------------------------------------------------------- commit & resume


def _atomic_write_bytes(path: Path, data: bytes) -> None:
    tmp = path.with_name(f".{path.name}.tmp")
    with open(tmp, "wb") as fh:
        fh.write(data)
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, path)
    fsync_path(path.parent)


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
                self._check_same(manifest, identity)
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

    @staticmethod
    def _check_same(manifest: dict, identity: dict) -> None:
        if manifest.get("version") != MANIFEST_VERSION:
            raise BatchError("the unfinished job was written by another version; use --overwrite")
        for key, value in identity.items():
            if manifest.get(key) != value:
                raise BatchError(
                    f"cannot resume: the unfinished job used {key} {manifest.get(key)!r}, "
                    f"this one {value!r}; pass the same options, or --overwrite to start again"
                )

    def commit(self, index: int, table: pa.Table) -> None:
        """Write one chunk so that it is either wholly on disk or absent."""
        final = self.part(index)
        tmp = final.with_name(f".{final.name}.tmp")
        pq.write_table(table, tmp)
        fsync_path(tmp)
        os.replace(tmp, final)
        fsync_path(self.path)

    def finish(self) -> None:
        self.manifest_path.unlink(missing_ok=True)  # first: a dir without manifest is junk
        shutil.rmtree(self.path, ignore_errors=True)


def assemble(
    parts: list[Path],
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


# ------------------------------------------------------------------------------ progress


class Progress:
    """A tqdm bar on a terminal; otherwise a log line every ``PARLEY_PROGRESS_SECONDS``."""

    def __init__(self, total: int, initial: int = 0, interval: float | None = None):
        self.total, self.done, self.start_done = total, initial, initial
        self.interval = (
            float(os.environ.get("PARLEY_PROGRESS_SECONDS", "10")) if interval is None else interval
        )
        self.t0 = self.last = time.monotonic()
        self.bar = None
        if sys.stderr.isatty():
            from tqdm import tqdm

            self.bar = tqdm(total=total, initial=initial, unit="rows", unit_scale=True)

    def update(self, rows: int) -> None:
        self.done += rows
        if self.bar is not None:
            self.bar.update(rows)
            return
        now = time.monotonic()
        if now - self.last >= self.interval or self.done >= self.total:
            self.last = now
            rate = (self.done - self.start_done) / max(now - self.t0, 1e-9)
            eta = (self.total - self.done) / rate if rate > 0 else float("nan")
            log.info(
                "progress: %s/%s rows (%.0f%%), %.0f rows/s, ETA %s",
                f"{self.done:,}",
                f"{self.total:,}",
                100.0 * self.done / max(self.total, 1),
                rate,
                "-" if eta != eta else f"{eta:.0f} s",
            )

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()


# ------------------------------------------------------------------------------ the job


@contextmanager
def _env(name: str, value: str | None) -> Iterator[None]:
    """Set an environment variable for the duration of a model load."""
    if value is None:
        yield
        return
    old = os.environ.get(name)
    os.environ[name] = value
    try:
        yield
    finally:
        if old is None:
            os.environ.pop(name, None)
        else:
            os.environ[name] = old


def _log_bad_rows(errors: list[str | None], ids: list | None, first_row: int, budget: int) -> int:
    """Log the first few rows that got an error, by row number and id; return how many."""
    shown = 0
    for i, err in enumerate(errors):
        if err is None:
            continue
        if shown >= budget:
            break
        ident = f" (id={ids[i]})" if ids and ids[i] is not None else ""
        log.warning("row %d%s: %s", first_row + i + 1, ident, err)
        shown += 1
    return shown


@dataclass
class Prepared:
    """Everything both engines need before scoring starts."""

    job: BatchJob
    source: Source
    out_format: str
    schema: pa.Schema
    names: dict[str, str]
    model_version: str
    work: WorkDir
    done: set[int]
    n_chunks: int
    id_column: str | None
    staging: Any = None  # serving.batch.remote.Staging when a path is remote


def prepare(job: BatchJob, staging: Any = None) -> Prepared:
    """Check the job, open its input, start (or resume) its work directory. With a remote
    input or output, ``staging`` (``serving.batch.remote.Staging``) holds the local copies."""
    if job.chunk_rows < 1:
        raise BatchError("--chunk-size must be at least 1")
    if job.batch_size is not None and job.batch_size < 1:
        raise BatchError("--batch-size must be at least 1")
    out_format = detect_format(job.output)
    if staging is None and (_remote(job.input) or _remote(job.output)):
        raise BatchError("remote paths need a staging directory (run_job makes one)")
    if staging is not None:  # a remote input and/or output (serving.batch.remote)
        if str(job.input) == str(job.output):
            raise BatchError("the output must not be the input file")
        local_input = staging.fetch(job.input) if _remote(job.input) else job.input
    else:
        if job.input.resolve() == job.output.resolve():
            raise BatchError("the output must not be the input file")
        local_input = job.input
    if not _remote(job.output) and not job.output.parent.is_dir():
        raise BatchError(f"{job.output.parent}: no such directory")
    source = open_source(local_input, job.text_column)
    id_column = job.id_column
    if id_column is not None and id_column not in source.schema.names:
        raise BatchError(
            f"{job.input}: no id column {id_column!r}; columns are {source.schema.names}"
        )
    if id_column is None and "id" in source.schema.names:
        id_column = "id"
    names = job.names()
    schema = output_schema(source.schema, names)
    model_version = concrete_model(job.model_uri)
    identity = {
        "input": str(job.input) if _remote(job.input) else str(job.input.resolve()),
        "input_bytes": local_input.stat().st_size,
        "input_sha256": file_sha256(local_input),
        "model": model_version,
        "text_column": job.text_column,
        "prefix": job.prefix,
        "chunk_rows": job.chunk_rows,
        "output_format": out_format,
        "engine": job.engine,
        "abstain_below": job.abstain_below,
        "explain": job.explain or None,  # None when off: a job started before --explain resumes
    }
    work = WorkDir(job.output) if not _remote(job.output) else _remote_work(job.output, staging)
    done = work.start(identity, resume=job.resume, overwrite=job.overwrite)
    n_chunks = -(-source.num_rows // job.chunk_rows)
    if any(i >= n_chunks for i in done):
        raise BatchError(f"{work.path} has parts beyond the input's end; use --overwrite")
    return Prepared(
        job,
        source,
        out_format,
        schema,
        names,
        model_version,
        work,
        done,
        n_chunks,
        id_column,
        staging,
    )


def _remote(path: Path | str) -> bool:
    from serving.batch.remote import is_remote

    return is_remote(path)


def _remote_work(output: str, staging: Any):
    from serving.batch.remote import RemoteWorkDir

    return RemoteWorkDir(output, staging)


def run_local(p: Prepared) -> Summary:
    job = p.job
    t0 = time.monotonic()
    with _env("PARLEY_BATCH_SIZE", str(job.batch_size) if job.batch_size else None):
        model = load_model(p.model_version)
    resumed_rows = sum(min(job.chunk_rows, p.source.num_rows - i * job.chunk_rows) for i in p.done)
    if p.done:
        log.info("resuming: %d of %d chunk(s) already committed", len(p.done), p.n_chunks)
    progress = Progress(p.source.num_rows, initial=resumed_rows)
    scored, warned = 0, 0
    try:
        for index, chunk in enumerate(p.source.iter_chunks(job.chunk_rows, p.done)):
            if chunk is None:
                continue
            table = score_chunk(model, chunk, p.model_version, p.schema, p.names, job.abstain_below)
            p.work.commit(index, table)
            if warned < 5:
                errors = table.column(p.names["error"]).to_pylist()
                ids = chunk.table.column(p.id_column).to_pylist() if p.id_column else None
                warned += _log_bad_rows(errors, ids, index * job.chunk_rows, 5 - warned)
            scored += chunk.num_rows
            progress.update(chunk.num_rows)
    finally:
        progress.close()
    return finish(p, scored=scored, resumed_rows=resumed_rows, t0=t0)


def finish(p: Prepared, *, scored: int, resumed_rows: int, t0: float, parts=None) -> Summary:
    """Assemble the committed parts into the output and summarise."""
    parts = parts if parts is not None else [p.work.part(i) for i in range(p.n_chunks)]
    if isinstance(p.work, WorkDir):
        missing = [str(x) for x in parts if not x.exists()]
        if missing:
            raise BatchError(f"cannot assemble: missing parts {missing[:3]}; rerun with --resume")
        rows, labels, errors = assemble(
            parts, p.job.output, p.out_format, p.schema, p.names, not p.job.csv_raw
        )
    else:  # a remote work directory: assembled locally with the same writers, then uploaded
        rows, labels, errors = p.work.assemble(
            parts, p.out_format, p.schema, p.names, assemble, not p.job.csv_raw
        )
    seconds = time.monotonic() - t0
    if rows != p.source.num_rows:
        raise RuntimeError(f"assembled {rows} rows but the input has {p.source.num_rows}")
    p.work.finish()
    return Summary(
        output=p.job.output,
        model_version=p.model_version,
        rows=rows,
        labels=dict(labels),
        errors=errors,
        scored_now=scored,
        resumed_rows=resumed_rows,
        seconds=seconds,
    )


def run_job(job: BatchJob) -> Summary:
    """Score ``job.input`` into ``job.output`` with the chosen engine."""
    if job.engine not in ("local", "spark"):
        raise BatchError(f"unknown engine {job.engine!r}; use local or spark")
    if job.engine == "spark" and job.explain:
        raise BatchError("--explain works with the local engine (it scores ~65 variants per row)")
    if job.engine == "spark" and job.resume:
        raise BatchError(
            "--resume works with the local engine; Spark retries failed tasks itself "
            "(rerun with --overwrite)"
        )
    staging = None
    if _remote(job.input) or _remote(job.output):
        from serving.batch.remote import SPARK_REFUSAL, Staging

        if job.engine == "spark":
            remote = job.input if _remote(job.input) else job.output
            raise BatchError(SPARK_REFUSAL.format(url=remote))
        staging = Staging()
    try:
        p = prepare(job, staging)
        if job.engine == "spark":
            from serving.batch.spark import run_spark

            return run_spark(p)
        return run_local(p)
    except OSError as exc:  # disk full, read-only or unwritable output: say so, keep the parts
        raise BatchError(io_error_message(exc, job)) from exc
    except BatchError as exc:  # name the remote input, not its local copy
        if staging is None or staging.fetch_path is None or str(staging.fetch_path) not in str(exc):
            raise
        raise BatchError(str(exc).replace(str(staging.fetch_path), str(job.input))) from exc
    finally:
        if staging is not None:
            staging.cleanup()


def io_error_message(exc: OSError, job: BatchJob) -> str:
    """A file-system failure as one line: what failed, and what to do (no traceback)."""
    import errno

    where = exc.filename or job.output
    what = exc.strerror or str(exc)
    if _remote(job.output) or _remote(job.input):
        return (
            f"cannot read or write {where}: {what}. Chunks committed so far are kept in "
            f"{job.output}.parts; fix the cause, then rerun with --resume"
        )
    work = WorkDir(job.output)
    kept = len(work.committed()) if work.path.is_dir() else 0
    state = (
        f"{job.output} was not written; {kept} committed chunk(s) are kept in {work.path}"
        if kept
        else f"{job.output} was not written"
    )
    if exc.errno == errno.ENOSPC or "No space left" in str(exc):
        fix = "free disk space (or choose another -o), then rerun with --resume"
    elif exc.errno in (errno.EROFS, errno.EACCES, errno.EPERM):
        fix = "choose a writable output directory (-o), or fix its permissions"
    else:
        fix = "fix the cause, then rerun with --resume"
    return f"cannot write {where}: {what}. {state}; {fix}"
