"""Bounded HTTP load for POST /v1/predict on a local server: requests/s and latency percentiles.

Start a server first (``parley serve``), then for example::

    .venv/bin/python -m bench.http_load --url http://127.0.0.1:8000 --requests 400 \
        --concurrency 1 16

Each request carries ``--statements`` statements drawn from a fixed list of real-style
sentences. Only loopback URLs are accepted: this is a benchmark, not a load generator for
someone else's server. Every run is bounded by ``--requests`` and ``--max-seconds``.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import statistics
import sys
import time
from collections.abc import Callable

import httpx

from tests.servers import loopback_only
from tests.stress.load import percentile

TEXTS = (
    "We must keep talking to Moscow, even now; channels closed are hard to reopen.",
    "Negotiating with this regime only buys them time to regroup.",
    "The minister will travel to Geneva on Thursday for the scheduled meeting.",
    "Dialogue is not a reward; it is how wars end.",
    "There is nothing to discuss until every soldier has left our territory.",
    "The summit has been postponed to next month, officials said.",
    "I have always believed that engagement, however uncomfortable, beats isolation.",
    "Sitting down with them would legitimise the annexation.",
)


async def closed_loop(
    client: httpx.AsyncClient,
    url: str,
    make_body: Callable[[int], dict],
    n: int,
    concurrency: int,
    limit_s: float,
) -> dict:
    """POST ``make_body(i)`` for i < ``n`` to ``url``, ``concurrency`` in flight, within
    ``limit_s``; return counts, statuses, seconds and p50/p99 (the one load loop of bench/)."""
    latencies: list[float] = []
    statuses: dict[int, int] = {}
    counter = iter(range(n))
    deadline = time.perf_counter() + limit_s

    async def worker() -> None:
        for i in counter:
            if time.perf_counter() > deadline:
                return
            body = make_body(i)
            started = time.perf_counter()
            try:
                response = await client.post(url, json=body)
                status = response.status_code
            except httpx.HTTPError:
                status = -1
            latencies.append(time.perf_counter() - started)
            statuses[status] = statuses.get(status, 0) + 1

    started = time.perf_counter()
    await asyncio.gather(*(worker() for _ in range(concurrency)))
    elapsed = time.perf_counter() - started
    ok = statuses.get(200, 0)
    return {
        "concurrency": concurrency,
        "requests": len(latencies),
        "ok": ok,
        "statuses": {str(k): v for k, v in sorted(statuses.items())},
        "seconds": round(elapsed, 2),
        "ok_per_s": round(ok / elapsed, 1) if elapsed else 0.0,
        "p50_ms": round(1000 * statistics.median(latencies), 1) if latencies else None,
        "p99_ms": round(1000 * percentile(latencies, 99), 1) if latencies else None,
    }


async def run_level(
    client: httpx.AsyncClient, url: str, n: int, concurrency: int, per_request: int, limit_s: float
) -> dict:
    """Send ``n`` requests of ``per_request`` statements with ``concurrency`` in flight."""

    def body(i: int) -> dict:
        return {
            "statements": [
                {"id": f"{i}-{j}", "text": TEXTS[(i + j) % len(TEXTS)]} for j in range(per_request)
            ]
        }

    result = await closed_loop(client, f"{url}/v1/predict", body, n, concurrency, limit_s)
    result["requests_per_s"] = result.pop("ok_per_s")
    result["statements_per_request"] = per_request
    return result


async def main_async(args: argparse.Namespace) -> list[dict]:
    url = loopback_only(args.url)
    headers = {"Authorization": f"Bearer {args.api_key}"} if args.api_key else {}
    limits = httpx.Limits(max_connections=max(args.concurrency), max_keepalive_connections=64)
    async with httpx.AsyncClient(headers=headers, timeout=args.timeout, limits=limits) as client:
        ready = await client.get(f"{url}/readyz")
        if ready.status_code != 200:
            raise SystemExit(f"{url}/readyz answered {ready.status_code}: {ready.text}")
        model = ready.json().get("model")
        # Warm-up: connections, the tokenizer's caches, torch's first-call allocations.
        await run_level(client, url, args.warmup, max(args.concurrency), args.statements, 60)
        results = []
        for level in args.concurrency:
            result = await run_level(
                client, url, args.requests, level, args.statements, args.max_seconds
            )
            result["model"] = model
            results.append(result)
            print(json.dumps(result), flush=True)
        return results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", default="http://127.0.0.1:8000")
    parser.add_argument("--requests", type=int, default=400, help="requests per level (max 20000)")
    parser.add_argument("--concurrency", type=int, nargs="+", default=[1, 16])
    parser.add_argument("--statements", type=int, default=1, help="statements per request")
    parser.add_argument("--warmup", type=int, default=32)
    parser.add_argument("--timeout", type=float, default=30.0, help="per request, seconds")
    parser.add_argument("--max-seconds", type=float, default=300.0, help="per level, seconds")
    parser.add_argument("--api-key", default=os.environ.get("PARLEY_API_KEY"))
    args = parser.parse_args(argv)
    if not 1 <= args.requests <= 20_000 or min(args.concurrency) < 1 or max(args.concurrency) > 256:
        parser.error("--requests must be 1..20000 and --concurrency 1..256")
    results = asyncio.run(main_async(args))
    return 0 if all(r["ok"] == r["requests"] for r in results) else 1


if __name__ == "__main__":
    sys.exit(main())
