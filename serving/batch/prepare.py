"""A batch job from request to summary, shared by the local and Spark engines.

:class:`BatchJob` is what `parley score` was asked to do (with the process :class:`Settings`);
:func:`prepare` checks it, opens its input and starts (or resumes) its work directory, giving a
:class:`Prepared`; an engine scores it and calls :func:`finish`, which assembles the output and
returns the :class:`Summary`.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pyarrow as pa

from inference.predict import concrete_uri
from inference.settings import DEFAULT_MODEL_URI, Settings
from parley_model.labels import LABELS
from serving.batch.formats import BatchError, detect_format
from serving.batch.remote import RemoteWorkDir, Staging, is_remote
from serving.batch.rows import output_schema, result_names
from serving.batch.sources import Source, open_source
from serving.batch.workdir import WorkDir, file_sha256

DEFAULT_CHUNK_ROWS = 2000


@dataclass
class BatchJob:
    """What `parley score` was asked to do. The process settings carry the knobs that have an
    environment variable (rows per forward pass, abstain threshold, raw CSV, storage options,
    progress interval, Spark tuning); the CLI builds them once and passes them here."""

    input: Path | str  # a str only for a remote URL (serving.batch.remote.batch_path)
    output: Path | str
    text_column: str = "text"
    id_column: str | None = None  # None: use "id" when the input has it
    model_uri: str = DEFAULT_MODEL_URI
    chunk_rows: int = DEFAULT_CHUNK_ROWS  # rows per committed chunk
    prefix: str = ""  # prepended to the result column names
    resume: bool = False
    overwrite: bool = False
    engine: str = "local"
    spark_master: str = "local[*]"
    explain: bool = False  # adds `evidence` (occlusion: dozens of model calls per row)
    settings: Settings = field(default_factory=Settings.from_env)

    def names(self) -> dict[str, str]:
        """Result column -> its name in the output (the optional ones only when asked for)."""
        return result_names(self.prefix, self.settings.abstain_below is not None, self.explain)


@dataclass
class Summary:
    output: Path | str
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


@dataclass
class Prepared:
    """Everything both engines need before scoring starts."""

    job: BatchJob
    source: Source
    out_format: str
    schema: pa.Schema
    names: dict[str, str]
    model_version: str
    work: WorkDir | RemoteWorkDir
    done: set[int]
    n_chunks: int
    id_column: str | None
    staging: Staging | None = None  # the local copies when a path is remote

    @property
    def settings(self) -> Settings:
        return self.job.settings


def prepare(job: BatchJob, staging: Staging | None = None) -> Prepared:
    """Check the job, open its input, start (or resume) its work directory. With a remote
    input or output, ``staging`` holds the local copies."""
    if job.chunk_rows < 1:
        raise BatchError("--chunk-size must be at least 1")
    out_format = detect_format(job.output)
    remote_in, remote_out = is_remote(job.input), is_remote(job.output)
    if staging is None and (remote_in or remote_out):
        raise BatchError("remote paths need a staging directory (run_job makes one)")
    if staging is not None:  # a remote input and/or output (serving.batch.remote)
        if str(job.input) == str(job.output):
            raise BatchError("the output must not be the input file")
        local_input: Any = staging.fetch(job.input) if remote_in else job.input
    else:
        if job.input.resolve() == job.output.resolve():
            raise BatchError("the output must not be the input file")
        local_input = job.input
    if not remote_out and not job.output.parent.is_dir():
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
    model_version = concrete_uri(job.model_uri)
    identity = {
        "input": str(job.input) if remote_in else str(job.input.resolve()),
        "input_bytes": local_input.stat().st_size,
        "input_sha256": file_sha256(local_input),
        "model": model_version,
        "text_column": job.text_column,
        "prefix": job.prefix,
        "chunk_rows": job.chunk_rows,
        "output_format": out_format,
        "engine": job.engine,
        "abstain_below": job.settings.abstain_below,
        "explain": job.explain or None,  # None when off: a job started before --explain resumes
    }
    work = RemoteWorkDir(job.output, staging) if remote_out else WorkDir(job.output)
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


def finish(p: Prepared, *, scored: int, resumed_rows: int, t0: float, parts=None) -> Summary:
    """Assemble the committed parts into the output and summarise. A remote work directory
    assembles locally with the same writers, then uploads."""
    parts = parts if parts is not None else [p.work.part(i) for i in range(p.n_chunks)]
    escape = not p.settings.csv_raw
    rows, labels, errors = p.work.assemble(parts, p.out_format, p.schema, p.names, escape)
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
