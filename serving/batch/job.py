"""`parley score`: score a file of statements, chunk by chunk, resumably, on the chosen engine.

The top of ``serving.batch``: :func:`run_job` checks the engine's limits, stages remote paths,
prepares the job (``serving.batch.prepare``) and hands it to the local engine
(``serving.batch.local``) or to Spark (``serving.batch.spark``); a file-system failure becomes one
line that says what to do.

* The input is read in fixed-size chunks (``serving.batch.sources``); each scored chunk is
  committed to ``OUTPUT.parts/`` so that ``--resume`` scores only what is missing
  (``serving.batch.workdir``). A resumed job writes the same bytes as an uninterrupted one.
* Remote paths (``s3://``... through fsspec, ``serving.batch.remote``): the input is copied locally
  first, each part is written with one PUT (object stores have no rename), and the assembled
  file is uploaded at the end.
"""

from __future__ import annotations

import errno

from serving.batch.formats import BatchError
from serving.batch.local import run_local
from serving.batch.prepare import BatchJob, Summary, prepare
from serving.batch.remote import SPARK_REFUSAL, Staging, is_remote
from serving.batch.spark import run_spark
from serving.batch.workdir import WorkDir

__all__ = ["BatchJob", "Summary", "io_error_message", "prepare", "run_job"]


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
    if is_remote(job.input) or is_remote(job.output):
        if job.engine == "spark":
            remote = job.input if is_remote(job.input) else job.output
            raise BatchError(SPARK_REFUSAL.format(url=remote))
        staging = Staging(job.settings.storage_options)
    try:
        p = prepare(job, staging)
        return run_spark(p) if job.engine == "spark" else run_local(p)
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
    where = exc.filename or job.output
    what = exc.strerror or str(exc)
    if is_remote(job.output) or is_remote(job.input):
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
