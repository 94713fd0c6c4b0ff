"""HTTP: Parley's server vs ``mlflow models serve`` on the same registered model version.

Each server runs alone (started, measured, stopped) on 127.0.0.1 with one worker, from the
same environment, loading the same version through its own pyfunc, so the runtime inside
(``PARLEY_RUNTIME``) is the same for both and the difference is the serving stack. Load:
one statement per request (real corpus sentences, cycled), ``--requests`` per concurrency
level (default 1, 8, 32), every level bounded by ``--max-seconds``. Memory: the server's
RSS (process tree) after load and the most seen while under load, plus the peak (VmHWM).

    .venv/bin/python -m bench.http_compare --model models:/stance-classifier@champion
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path

import httpx

from bench.http_load import closed_loop
from tests.helpers import corpus_texts
from tests.servers import (
    BIN,
    ServerProcess,
    environment,
    free_port,
    loopback_only,
    peak_rss_mb,
    rss_mb,
)

LEVELS = (1, 8, 32)


def parley_body(text: str) -> dict:
    return {"statements": [{"text": text}]}


def mlflow_body(text: str) -> dict:
    return {"dataframe_split": {"columns": ["text"], "data": [[text]]}}


class RssSampler:
    """Samples a process tree's RSS every 0.2 s in a thread; keeps the maximum."""

    def __init__(self, pid: int):
        self.pid, self.max_mb = pid, 0.0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while not self._stop.is_set():
            self.max_mb = max(self.max_mb, rss_mb(self.pid))
            self._stop.wait(0.2)

    def __enter__(self) -> RssSampler:
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join(5)


async def run_level(
    url: str,
    body: Callable[[str], dict],
    texts: list[str],
    n: int,
    concurrency: int,
    limit_s: float,
) -> dict:
    """``n`` requests, ``concurrency`` in flight, one keep-alive connection per worker."""
    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)
    async with httpx.AsyncClient(timeout=60.0, limits=limits) as client:
        result = await closed_loop(
            client, url, lambda i: body(texts[i % len(texts)]), n, concurrency, limit_s
        )
    result["statements_per_s"] = result.pop("ok_per_s")  # one statement per request
    return result


def measure(
    server: ServerProcess,
    ready_url: str,
    url: str,
    body: Callable[[str], dict],
    args: argparse.Namespace,
) -> dict:
    load_s = server.wait_ready(ready_url)
    time.sleep(1.0)  # let start-up allocations settle before the "after load" reading
    rss_after_load = rss_mb(server.pid)
    texts = corpus_texts()
    asyncio.run(run_level(url, body, texts, args.warmup, 4, 60))
    levels = []
    with RssSampler(server.pid) as sampler:
        for level in args.concurrency:
            result = asyncio.run(
                run_level(url, body, texts, args.requests, level, args.max_seconds)
            )
            print(f"  {server.name} c={level}: {json.dumps(result)}", file=sys.stderr, flush=True)
            levels.append(result)
    return {
        "ready_s": round(load_s, 1),
        "rss_mb_after_load": round(rss_after_load, 1),
        "rss_mb_under_load": round(sampler.max_mb, 1),
        "peak_rss_mb": round(peak_rss_mb(server.pid), 1),
        "levels": levels,
    }


def run_parley(model: str, args: argparse.Namespace, logs: Path) -> dict:
    port = free_port()
    argv = [str(BIN / "parley"), "serve", "--host", "127.0.0.1", "--port", str(port)]
    env = environment(PARLEY_MODEL_URI=model, PARLEY_LOG_LEVEL="warning", PARLEY_ACCESS_LOG="false")
    base = loopback_only(f"http://127.0.0.1:{port}")
    with ServerProcess("parley", [*argv, "--model", model], env, logs / "parley.log") as server:
        result = measure(server, f"{base}/readyz", f"{base}/v1/predict", parley_body, args)
        try:  # which engine served, when the server reports it
            info = httpx.get(f"{base}/v1/model", timeout=5).json()
            result["model"] = {k: info.get(k) for k in ("name", "version", "runtime") if k in info}
        except (httpx.HTTPError, ValueError):
            pass
    return result


def run_mlflow(
    model: str, args: argparse.Namespace, logs: Path, runtime: str | None = None
) -> dict:
    """``mlflow models serve``; ``runtime`` sets PARLEY_RUNTIME inside its pyfunc (None: as is)."""
    port = free_port()
    argv = [
        str(BIN / "mlflow"),
        "models",
        "serve",
        "-m",
        model,
        "-w",
        "1",
        "--env-manager",
        "local",
        "-h",
        "127.0.0.1",
        "-p",
        str(port),
    ]
    base = loopback_only(f"http://127.0.0.1:{port}")
    env = environment(**({"PARLEY_RUNTIME": runtime} if runtime else {}))
    name = f"mlflow-{runtime}" if runtime else "mlflow"
    with ServerProcess(name, argv, env, logs / f"{name}.log") as server:
        result = measure(server, f"{base}/ping", f"{base}/invocations", mlflow_body, args)
    return result | {"parley_runtime": runtime or os.environ.get("PARLEY_RUNTIME", "auto")}


def compare(model: str, args: argparse.Namespace) -> dict:
    """Both servers, one after the other; the registry URI is pinned to a version first."""
    with tempfile.TemporaryDirectory(prefix="parley-bench-") as tmp:
        logs = Path(tmp)
        out = {"model": model, "requests_per_level": args.requests}
        servers = {
            "parley": lambda: run_parley(model, args, logs),
            # The same version's pyfunc: the same runtime inside, so only the server differs.
            "mlflow": lambda: run_mlflow(model, args, logs),
            # What serving it without Parley's ONNX path gives: the pyfunc forced onto torch.
            "mlflow-torch": lambda: run_mlflow(model, args, logs, runtime="torch"),
        }
        for name in args.servers:
            print(f"HTTP: {name} ...", file=sys.stderr, flush=True)
            try:
                out[name] = servers[name]()
            except Exception as exc:  # one failing server must not lose the other's figures
                out[name] = {"error": f"{type(exc).__name__}: {exc}"}
    return out


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--requests", type=int, default=300, help="requests per level (max 5000)")
    parser.add_argument("--concurrency", type=int, nargs="+", default=list(LEVELS))
    parser.add_argument("--warmup", type=int, default=40)
    parser.add_argument("--max-seconds", type=float, default=60.0, help="per level")
    parser.add_argument(
        "--servers",
        nargs="+",
        default=["parley", "mlflow", "mlflow-torch"],
        choices=["parley", "mlflow", "mlflow-torch"],
    )


def main(argv: list[str] | None = None) -> int:
    from inference.mlflow_env import configure
    from inference.predict import resolve

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", default="models:/stance-classifier@champion")
    add_arguments(parser)
    args = parser.parse_args(argv)
    if not 1 <= args.requests <= 5000 or not 1 <= max(args.concurrency) <= 64:
        parser.error("--requests must be 1..5000 and --concurrency 1..64")
    configure()
    info = resolve(args.model)
    model = f"models:/{info['name']}/{info['version']}" if info else args.model
    print(json.dumps(compare(model, args)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
