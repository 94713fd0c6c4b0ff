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
import os
import sys
from pathlib import Path

from serving.article.extract import Extraction
from serving.article.worker import from_dict

log = logging.getLogger(__name__)
_ROOT = str(Path(__file__).resolve().parents[2])  # the directory that holds serving/
_LINE_LIMIT = 64 * 1024 * 1024  # one answer line (an extraction of a 100 KB article)


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
    def __init__(self, size: int = 2, timeout_s: float = 10.0, niceness: int = 10):
        self.size, self.timeout_s, self.niceness = size, timeout_s, niceness
        self._idle: list[_Worker] = []
        self._busy = 0
        self.killed = 0  # workers stopped at the deadline (for logs and tests)

    async def _spawn(self) -> _Worker:
        env = dict(os.environ)
        env["PYTHONPATH"] = os.pathsep.join(p for p in (_ROOT, env.get("PYTHONPATH")) if p)
        env["PARLEY_ARTICLE_NICE"] = str(self.niceness)
        proc = await asyncio.create_subprocess_exec(
            sys.executable,
            "-m",
            "serving.article.worker",
            stdin=asyncio.subprocess.PIPE,
            stdout=asyncio.subprocess.PIPE,
            env=env,
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
