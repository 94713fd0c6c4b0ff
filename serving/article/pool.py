"""Article extraction out of the server process: a bounded pool of worker processes.

The extractor is pure Python: while it runs it holds the GIL, so in the server's own process a
slow article would stall every other request, ``/healthz`` included. Here each article goes to
an idle worker process (:mod:`serving.article.worker`) and the event loop only waits on a pipe.

* at most ``size`` articles are extracted at once; one more is refused at once with
  :class:`PoolBusy` (the route answers 503 + Retry-After) rather than queued behind slow ones;
* each article has ``timeout_s``: past it the worker is killed (the work stops, the core is
  freed) and replaced, and the caller gets :class:`PoolTimeout`;
* a worker that dies is replaced on the next request.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import sys

from inference.settings import PROJECT_ROOT, Settings, child_environment
from serving.article.extract import Extraction
from serving.article.worker import from_dict

log = logging.getLogger(__name__)
_LINE_LIMIT = 64 * 1024 * 1024  # one answer line: the extraction of the longest article


class PoolBusy(Exception):
    """Every worker is busy."""


class PoolTimeout(Exception):
    """The article took longer than the deadline; its worker was stopped."""


class WorkerFailed(Exception):
    """The worker died or answered an error."""


class _Worker:
    def __init__(self, proc: asyncio.subprocess.Process):
        self.proc = proc

    @property
    def alive(self) -> bool:
        return self.proc.returncode is None

    async def kill(self) -> None:
        if self.alive:
            with contextlib.suppress(ProcessLookupError):
                self.proc.kill()
        with contextlib.suppress(Exception):
            await self.proc.wait()


class ArticlePool:
    def __init__(self, size: int, timeout_s: float, niceness: int):
        self.size, self.timeout_s, self.niceness = size, timeout_s, niceness
        self._idle: list[_Worker] = []
        self._busy = 0
        self.killed = 0  # workers stopped at the deadline (for logs and tests)

    @classmethod
    def from_settings(cls, settings: Settings) -> ArticlePool:
        """A pool sized by ``article_workers``, ``article_timeout_s`` and ``article_nice``."""
        return cls(settings.article_workers, settings.article_timeout_s, settings.article_nice)

    async def _spawn(self) -> _Worker:
        proc = await asyncio.create_subprocess_exec(
            sys.executable,
            "-m",
            "serving.article.worker",
            "--nice",
            str(self.niceness),
            stdin=asyncio.subprocess.PIPE,
            stdout=asyncio.subprocess.PIPE,
            env=child_environment(str(PROJECT_ROOT)),  # the worker imports serving/ from here
            limit=_LINE_LIMIT,
        )
        return _Worker(proc)

    async def extract(self, text: str) -> Extraction:
        """The article's extraction, computed in a worker process within the deadline."""
        if self._busy >= self.size:
            raise PoolBusy(f"all {self.size} article workers are busy")
        self._busy += 1
        worker: _Worker | None = None
        try:
            while self._idle and not (worker := self._idle.pop()).alive:
                worker = None
            worker = worker or await self._spawn()
            try:
                line = await asyncio.wait_for(self._ask(worker, text), self.timeout_s)
            except (TimeoutError, asyncio.CancelledError) as exc:
                # past the deadline, or the request was abandoned: stop the work, free the core
                await worker.kill()
                worker = None
                if isinstance(exc, asyncio.CancelledError):
                    raise
                self.killed += 1
                log.warning(
                    "article extraction stopped after %.1f s (worker killed)", self.timeout_s
                )
                raise PoolTimeout(f"the article took longer than {self.timeout_s:g} s") from None
            if not line:
                await worker.kill()
                worker = None
                raise WorkerFailed("the article worker ended without an answer")
            answer = json.loads(line)
            if "error" in answer:
                raise WorkerFailed(answer["error"])
            return from_dict(answer["ok"])
        finally:
            self._busy -= 1
            if worker is not None and worker.alive:
                self._idle.append(worker)

    @staticmethod
    async def _ask(worker: _Worker, text: str) -> bytes:
        assert worker.proc.stdin is not None and worker.proc.stdout is not None
        worker.proc.stdin.write(json.dumps({"text": text}).encode() + b"\n")
        await worker.proc.stdin.drain()
        return await worker.proc.stdout.readline()

    async def close(self) -> None:
        idle, self._idle = self._idle, []
        for worker in idle:
            if worker.proc.stdin is not None:
                worker.proc.stdin.close()
            await worker.kill()
