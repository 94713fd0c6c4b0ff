"""Dynamic micro-batching: concurrent requests share one predict call.

Requests put their statements on a bounded queue and await a future; one worker thread takes
the first waiting job, gathers more for up to ``max_wait_s`` (or until ``max_batch_size``
statements), scores them with :func:`inference.predict.predict` in one call and hands each job its
rows. How that call becomes forward passes is the engine's business: fp32 and torch pad
length-sorted batches within a token budget; int8 runs one statement per pass, several passes
side by side (``parley_model.engines``). A job is pinned to the model that was live when it was accepted, so a hot reload never
changes the model under a request, and jobs for different models are never mixed in a batch.

The queue is bounded in statements (waiting or in the forward pass): a job that does not fit
is refused with :class:`Overloaded` at once, instead of growing memory and latency.

By default the batcher is greedy (``max_wait_s = 0``): it takes the jobs already queued and never
waits for more. Under load the batches form by themselves (requests queue while a forward pass
runs); with one client in flight, any wait is pure latency.
"""

from __future__ import annotations

import asyncio
import collections
import contextlib
import logging
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass

import pandas as pd

from inference.predict import LoadedModel, predict
from serving.api.logs import REQUEST_ID, current_request_id
from serving.api.metrics import Metrics

log = logging.getLogger(__name__)


class Overloaded(RuntimeError):
    """The queue is full (or the batcher is stopping): retry later."""


@dataclass
class _Job:
    model: LoadedModel
    texts: list[str]
    future: asyncio.Future
    loop: asyncio.AbstractEventLoop
    request_id: str | None = None  # for the worker thread's log lines (serving/api/logs.py)


class MicroBatcher:
    def __init__(
        self,
        max_batch_size: int = 32,
        max_wait_s: float = 0.0,
        queue_size: int = 512,
        metrics: Metrics | None = None,
    ):
        self.max_batch_size = max_batch_size
        self.max_wait_s = max_wait_s
        self.queue_size = queue_size
        self.metrics = metrics
        self._jobs: collections.deque[_Job] = collections.deque()
        self._cond = threading.Condition()
        self._pending = 0  # statements accepted and not yet answered
        self._closed = False
        self._thread: threading.Thread | None = None

    @property
    def pending(self) -> int:
        return self._pending

    def start(self) -> None:
        self._closed = False
        self._thread = threading.Thread(target=self._run, name="parley-batcher", daemon=True)
        self._thread.start()

    def stop(self, timeout: float = 30.0) -> None:
        """Finish what was accepted, then end the worker."""
        with self._cond:
            self._closed = True
            self._cond.notify_all()
        if self._thread is not None:
            self._thread.join(timeout)

    async def submit(self, model: LoadedModel, texts: Sequence[str]) -> pd.DataFrame:
        """Score ``texts`` with ``model`` in some batch; rows come back in order."""
        loop = asyncio.get_running_loop()
        job = _Job(model, list(texts), loop.create_future(), loop, current_request_id())
        n = len(job.texts)
        with self._cond:
            if self._closed:
                raise Overloaded("the server is shutting down")
            # An empty queue takes any job, so one request can never be refused forever.
            if self._pending and self._pending + n > self.queue_size:
                raise Overloaded(
                    f"{self._pending} statements are queued; the limit is {self.queue_size}"
                )
            self._pending += n
            self._jobs.append(job)
            self._gauge()
            self._cond.notify()
        return await job.future

    def _gauge(self) -> None:
        if self.metrics is not None:
            self.metrics.queue_depth.set(self._pending)

    def _next_batch(self) -> list[_Job] | None:
        """Block for a first job, then coalesce compatible jobs until full or the wait ends."""
        with self._cond:
            while not self._jobs:
                if self._closed:
                    return None
                self._cond.wait()
            batch = [self._jobs.popleft()]
            size = len(batch[0].texts)
            deadline = time.monotonic() + self.max_wait_s
            while size < self.max_batch_size:
                if self._jobs:
                    nxt = self._jobs[0]
                    if (
                        nxt.model is not batch[0].model
                        or size + len(nxt.texts) > self.max_batch_size
                    ):
                        break
                    batch.append(self._jobs.popleft())
                    size += len(nxt.texts)
                    continue
                remaining = deadline - time.monotonic()
                if remaining <= 0 or self._closed:
                    break
                self._cond.wait(remaining)
            return batch

    def _run(self) -> None:
        while (batch := self._next_batch()) is not None:
            size = sum(len(job.texts) for job in batch)
            # Log lines while scoring (ours, the model's) name every request in the batch.
            token = REQUEST_ID.set(",".join(j.request_id for j in batch if j.request_id) or None)
            try:
                self._score(batch)
            except BaseException as exc:  # never leave a caller waiting
                log.exception("batch of %d statements failed", size)
                for job in batch:
                    _deliver(job, None, exc)
            finally:
                REQUEST_ID.reset(token)
                with self._cond:
                    self._pending -= size
                    self._gauge()

    def _score(self, batch: list[_Job]) -> None:
        texts = [text for job in batch for text in job.texts]
        if self.metrics is not None:
            self.metrics.batch_size.observe(len(texts))
            self.metrics.batch_requests.observe(len(batch))
        try:
            frame = predict(batch[0].model, texts)
        except Exception as exc:
            if len(batch) == 1:
                log.warning("request failed in the model: %s: %s", type(exc).__name__, exc)
                _deliver(batch[0], None, exc)
                return
            # One bad job must not fail its neighbours: score each on its own.
            log.warning("batch failed (%s); scoring its %d requests one by one", exc, len(batch))
            for job in batch:
                token = REQUEST_ID.set(job.request_id)
                try:
                    _deliver(job, predict(job.model, job.texts), None)
                except Exception as one:
                    log.warning("request failed in the model: %s: %s", type(one).__name__, one)
                    _deliver(job, None, one)
                finally:
                    REQUEST_ID.reset(token)
            return
        start = 0
        for job in batch:
            end = start + len(job.texts)
            _deliver(job, frame.iloc[start:end].reset_index(drop=True), None)
            start = end


def _deliver(job: _Job, result: pd.DataFrame | None, exc: BaseException | None) -> None:
    def settle() -> None:
        if job.future.done():  # the client went away and the request was cancelled
            return
        if exc is not None:
            job.future.set_exception(exc)
        else:
            job.future.set_result(result)

    with contextlib.suppress(RuntimeError):  # a closed loop: nobody is waiting any more
        job.loop.call_soon_threadsafe(settle)
