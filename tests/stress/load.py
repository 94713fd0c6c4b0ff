"""Bounded HTTP load on ``POST /v1/predict`` for the reliability scenarios (127.0.0.1 only).

Two shapes:

* closed loop (:func:`closed_loop`): ``concurrency`` clients back to back, to find the server's
  saturation throughput;
* open loop (:class:`OpenLoop`): requests start at a fixed rate whatever the answers, the way
  independent users arrive, so an overloaded server sees the excess. In-flight requests are
  capped (a request that would exceed the cap is counted as ``not_sent``, never queued here).

Every answer is checked: a 200 must carry one prediction per statement with the ids in order;
a 503 must carry ``Retry-After`` and the JSON error body. Anything else is a failure.
"""

from __future__ import annotations

import asyncio
import collections
import random
import statistics
import threading
import time
from dataclasses import dataclass, field

import httpx

from tests.helpers import corpus_texts
from tests.servers import loopback_only


def percentile(values: list[float], q: float) -> float:
    """The nearest-rank ``q``-th percentile of ``values`` (not empty)."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q / 100 * len(ordered) + 0.5) - 1))]


@dataclass
class LoadStats:
    sent: int = 0
    not_sent: int = 0  # the client's in-flight cap was reached (the generator's limit, not a fault)
    statuses: collections.Counter = field(default_factory=collections.Counter)
    failures: list[str] = field(default_factory=list)  # transport errors and malformed answers
    ok_latencies: list[float] = field(default_factory=list)
    versions: collections.Counter = field(default_factory=collections.Counter)
    last_version: str | None = None
    seconds: float = 0.0

    @property
    def ok(self) -> int:
        return self.statuses.get(200, 0)

    @property
    def rejected(self) -> int:
        return self.statuses.get(503, 0)

    @property
    def errors(self) -> int:
        """Answers that are neither a correct 200 nor a well-formed overload 503."""
        return len(self.failures)

    def p(self, q: float) -> float | None:
        return round(1000 * percentile(self.ok_latencies, q), 1) if self.ok_latencies else None

    def summary(self) -> dict:
        return {
            "sent": self.sent,
            "not_sent": self.not_sent,
            "ok": self.ok,
            "rejected_503": self.rejected,
            "errors": self.errors,
            "statuses": {str(k): v for k, v in sorted(self.statuses.items())},
            "ok_per_s": round(self.ok / self.seconds, 1) if self.seconds else 0.0,
            "p50_ms": round(1000 * statistics.median(self.ok_latencies), 1)
            if self.ok_latencies
            else None,
            "p99_ms": self.p(99),
            "versions": dict(self.versions),
            "first_failures": self.failures[:5],
            "seconds": round(self.seconds, 1),
        }


class Requests:
    """Request bodies of ``statements`` real statements each, with unique ids."""

    def __init__(self, statements: int, seed: int = 7):
        self.statements = statements
        self.texts = corpus_texts()
        self.rng = random.Random(seed)
        self.n = 0

    def next(self) -> tuple[dict, list[str]]:
        self.n += 1
        ids = [f"r{self.n}-{j}" for j in range(self.statements)]
        body = {
            "statements": [{"id": i, "text": self.rng.choice(self.texts)} for i in ids],
        }
        return body, ids


async def send(client: httpx.AsyncClient, url: str, body: dict, ids: list[str], stats: LoadStats):
    """One request, its answer checked and counted."""
    stats.sent += 1
    started = time.perf_counter()
    try:
        r = await client.post(f"{url}/v1/predict", json=body)
    except httpx.HTTPError as exc:
        stats.statuses[-1] += 1
        stats.failures.append(f"transport: {type(exc).__name__}: {exc}")
        return
    elapsed = time.perf_counter() - started
    stats.statuses[r.status_code] += 1
    try:
        payload = r.json()
    except ValueError:
        stats.failures.append(f"{r.status_code}: not JSON: {r.text[:200]}")
        return
    if r.status_code == 200:
        got = [p.get("id") for p in payload.get("predictions", [])]
        if got != ids:
            stats.failures.append(f"200 with wrong ids: {got[:3]} for {ids[:3]}")
            return
        version = (payload.get("model") or {}).get("version")
        stats.versions[version] += 1
        stats.last_version = version
        stats.ok_latencies.append(elapsed)
    elif r.status_code == 503:
        code = (payload.get("error") or {}).get("code")
        if not r.headers.get("Retry-After") or code not in ("overloaded", "model_not_loaded"):
            stats.failures.append(f"503 without Retry-After or error code: {r.text[:200]}")
    else:
        stats.failures.append(f"{r.status_code}: {r.text[:200]}")


def _client(concurrency: int, timeout: float) -> httpx.AsyncClient:
    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)
    return httpx.AsyncClient(timeout=timeout, limits=limits)


async def closed_loop(
    url: str, concurrency: int, seconds: float, statements: int, timeout: float = 60
) -> LoadStats:
    """``concurrency`` clients, each sending its next request when the last is answered."""
    url = loopback_only(url)
    stats, bodies = LoadStats(), Requests(statements)
    deadline = time.perf_counter() + seconds
    async with _client(concurrency, timeout) as client:

        async def worker() -> None:
            while time.perf_counter() < deadline:
                body, ids = bodies.next()
                await send(client, url, body, ids, stats)

        started = time.perf_counter()
        await asyncio.gather(*(worker() for _ in range(concurrency)))
        stats.seconds = time.perf_counter() - started
    return stats


class OpenLoop:
    """Requests at ``rate`` per second for ``seconds`` (or until :meth:`stop`), in a thread."""

    def __init__(
        self,
        url: str,
        rate: float,
        seconds: float,
        statements: int = 1,
        max_in_flight: int = 256,
        timeout: float = 60.0,
    ):
        if rate <= 0 or seconds <= 0:
            raise ValueError("rate and seconds must be positive")
        self.url = loopback_only(url)
        self.rate, self.seconds, self.statements = rate, seconds, statements
        self.max_in_flight, self.timeout = max_in_flight, timeout
        self.stats = LoadStats()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._main, name="open-loop", daemon=True)
        self.error: BaseException | None = None

    def start(self) -> OpenLoop:
        self._thread.start()
        return self

    def stop(self) -> LoadStats:
        self._stop.set()
        return self.join()

    def join(self, timeout: float | None = None) -> LoadStats:
        self._thread.join(timeout if timeout is not None else self.seconds + self.timeout + 30)
        if self._thread.is_alive():
            raise TimeoutError("the load generator did not finish")
        if self.error is not None:
            raise self.error
        return self.stats

    def _main(self) -> None:
        try:
            asyncio.run(self._run())
        except BaseException as exc:  # reported by join()
            self.error = exc

    async def _run(self) -> None:
        bodies = Requests(self.statements)
        in_flight: set[asyncio.Task] = set()
        async with _client(self.max_in_flight, self.timeout) as client:
            started = time.perf_counter()
            i = 0
            while not self._stop.is_set():
                due = started + i / self.rate
                if due - started >= self.seconds:
                    break
                delay = due - time.perf_counter()
                if delay > 0:
                    await asyncio.sleep(delay)
                i += 1
                if len(in_flight) >= self.max_in_flight:
                    self.stats.not_sent += 1
                    continue
                body, ids = bodies.next()
                task = asyncio.create_task(send(client, self.url, body, ids, self.stats))
                in_flight.add(task)
                task.add_done_callback(in_flight.discard)
            if in_flight:
                await asyncio.gather(*in_flight)
            self.stats.seconds = time.perf_counter() - started
