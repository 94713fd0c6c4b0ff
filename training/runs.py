"""Training runs that fail: why they failed, and runs left RUNNING by a process that died.

An exception inside ``mlflow.start_run()`` marks the run FAILED (MLflow's context manager);
:func:`record_failure` adds the reason as the ``parley.error`` tag. A ``kill -9`` (or a lost
machine) ends the process before MLflow can write anything, so the run stays RUNNING forever.
Each run therefore carries its owner (host, pid, process start time), and the next training
run in the same experiment closes such orphans as FAILED (:func:`mark_stale_runs`). A run
owned by another host is left alone: from here we cannot tell whether it is still alive.
Training never touches the ``champion`` alias; only ``parley promote`` moves it.
"""

from __future__ import annotations

import os
import signal
import socket
from pathlib import Path

PID_TAG = "parley.pid"
HOST_TAG = "parley.host"
START_TAG = "parley.pid_start"  # the pid's start time: a recycled pid is not the same process
ERROR_TAG = "parley.error"


def process_start(pid: int) -> str | None:
    """The kernel's start time of ``pid`` (clock ticks since boot), or None if it is gone."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    return stat.rsplit(")", 1)[1].split()[19]


def owner_tags() -> dict[str, str]:
    """Tags that let a later run tell whether this one's process is still alive."""
    pid = os.getpid()
    return {PID_TAG: str(pid), HOST_TAG: socket.gethostname(), START_TAG: process_start(pid) or ""}


def owner_alive(tags: dict[str, str]) -> bool | None:
    """True/False for a run started on this host; None when it cannot be told."""
    if tags.get(HOST_TAG) != socket.gethostname() or not tags.get(PID_TAG, "").isdigit():
        return None
    if not Path("/proc/self/stat").exists():
        return None
    started = process_start(int(tags[PID_TAG]))
    return started is not None and started == tags.get(START_TAG)


def mark_stale_runs(experiment_id: str) -> list[str]:
    """Mark FAILED the RUNNING runs of this experiment whose training process is dead."""
    from mlflow import MlflowClient

    client = MlflowClient()
    closed = []
    for run in client.search_runs(
        [experiment_id], filter_string="attributes.status = 'RUNNING'", max_results=200
    ):
        tags = run.data.tags
        if owner_alive(tags) is not False:
            continue
        client.set_tag(
            run.info.run_id,
            ERROR_TAG,
            f"the training process (pid {tags[PID_TAG]} on {tags[HOST_TAG]}) ended without "
            "closing the run (killed?); marked FAILED by a later training run",
        )
        client.set_terminated(run.info.run_id, "FAILED")
        closed.append(run.info.run_id)
    return closed


def describe(exc: BaseException) -> str:
    """Why a run ended: the exception, or the signal that stopped the process."""
    if isinstance(exc, KeyboardInterrupt):
        return "interrupted (Ctrl-C / SIGINT)"
    if isinstance(exc, SystemExit):
        code = exc.code if isinstance(exc.code, int) else 1
        if code > 128:
            try:
                return f"stopped by {signal.Signals(code - 128).name} (exit code {code})"
            except ValueError:
                pass
        return f"stopped (exit code {exc.code})"
    return f"{type(exc).__name__}: {exc}".strip().rstrip(":")


def record_failure(run_id: str, exc: BaseException) -> None:
    """Tag a run that failed with the reason, and make sure it is not left RUNNING."""
    from mlflow import MlflowClient

    reason = describe(exc)
    try:
        client = MlflowClient()
        client.set_tag(run_id, ERROR_TAG, reason[:4000])
        if client.get_run(run_id).info.status == "RUNNING":
            client.set_terminated(run_id, "FAILED")
    except Exception:  # the tracking server may be the thing that failed; the run stays as is
        pass
