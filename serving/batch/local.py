"""The local engine: score a prepared job chunk by chunk in this process, committing each chunk.

Only the chunks without a committed part are scored, so ``--resume`` picks up where a killed run
stopped. Progress is a tqdm bar on a terminal, otherwise a log line at most every
``Settings.progress_seconds``.
"""

from __future__ import annotations

import logging
import sys
import time

from inference.predict import load_model
from serving.batch.prepare import Prepared, Summary, finish
from serving.batch.rows import score_chunk

log = logging.getLogger("parley.batch")

BAD_ROWS_LOGGED = 5  # the first rows with an error are logged by number and id


class Progress:
    """A tqdm bar on a terminal; otherwise a log line every ``interval`` seconds."""

    def __init__(self, total: int, initial: int = 0, interval: float = 10.0):
        self.total, self.done, self.start_done = total, initial, initial
        self.interval = interval
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


def run_local(p: Prepared) -> Summary:
    """Score every uncommitted chunk, commit each, then assemble the output."""
    job, settings = p.job, p.settings
    t0 = time.monotonic()
    model = load_model(p.model_version, settings.engine())
    resumed_rows = sum(min(job.chunk_rows, p.source.num_rows - i * job.chunk_rows) for i in p.done)
    if p.done:
        log.info("resuming: %d of %d chunk(s) already committed", len(p.done), p.n_chunks)
    progress = Progress(p.source.num_rows, initial=resumed_rows, interval=settings.progress_seconds)
    scored, warned = 0, 0
    try:
        for index, chunk in enumerate(p.source.iter_chunks(job.chunk_rows, p.done)):
            if chunk is None:
                continue
            table = score_chunk(
                model, chunk, p.model_version, p.schema, p.names, settings.abstain_below
            )
            p.work.commit(index, table)
            if warned < BAD_ROWS_LOGGED:
                errors = table.column(p.names["error"]).to_pylist()
                ids = chunk.table.column(p.id_column).to_pylist() if p.id_column else None
                first_row = index * job.chunk_rows
                warned += _log_bad_rows(errors, ids, first_row, BAD_ROWS_LOGGED - warned)
            scored += chunk.num_rows
            progress.update(chunk.num_rows)
    finally:
        progress.close()
    return finish(p, scored=scored, resumed_rows=resumed_rows, t0=t0)
