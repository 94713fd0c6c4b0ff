"""Engine speed in one process per runtime: statements/s, batch-1 latency, and the ceilings.

Modes (each prints one JSON line; ``bench/run.py`` calls them in fresh processes so torch
never shares a process with ONNX Runtime and memory readings are per runtime):

* ``--runtime torch|onnx|onnx-int8``: the serving engine (``parley_model.engines.load_engine``) on
  the real corpus: statements/s with the default token budget and with 8 rows per batch,
  p50/p99 of one statement per call, RSS.
* ``--bare``: the ceiling: ``InferenceSession.run`` alone on pre-tokenised, length-sorted,
  padded batches of the int8 graph (no tokenizer, no Python batching, no softmax).
* ``--matmul``: the machine's fp32 matmul GFLOP/s (numpy/BLAS), the hardware ceiling.

Encoder GFLOP/s are fp32-equivalent multiply-adds x 2 of the encoder for the tokens actually
run (padding included), so each figure can be read as a fraction of the matmul ceiling.
"""

from __future__ import annotations

import argparse
import json
import resource
import statistics
import sys
import time
from pathlib import Path

import numpy as np

from tests.helpers import corpus_texts


def encoder_flops(config: dict, batches: list[tuple[int, int]]) -> float:
    """FLOPs of the encoder layers for (rows, width) batches: projections, FFN, attention."""
    h, i, layers = config["hidden_size"], config["intermediate_size"], config["num_hidden_layers"]
    per_token = 8 * h * h + 4 * h * i
    total = 0.0
    for rows, width in batches:
        total += layers * (rows * width * per_token + rows * 4 * width * width * h)
    return total


def _rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _current_rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def _best_rate(fn, n: int, repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        started = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - started)
    return n / best


def engine_figures(artifacts: Path, runtime: str, repeat: int, latency_calls: int) -> dict:
    from parley_model.config import EngineConfig
    from parley_model.engines import load_engine

    texts = corpus_texts()
    started = time.perf_counter()
    engine, _ = load_engine(artifacts, EngineConfig(runtime=runtime))
    load_s = time.perf_counter() - started
    rss_loaded = _current_rss_mb()
    engine.logits(texts[:32])  # warm-up: allocators, kernels
    rate = _best_rate(lambda: engine.logits(texts), len(texts), repeat)
    # The fixed-batch reference point: 8 rows per batch, still length-sorted and dynamically padded.
    # Not for int8, which always runs one statement per pass (parley_model.engines.batching.INT8_ROWS).
    rate8 = None
    if runtime != "onnx-int8":
        engine.batch_size, cap = 8, engine.batch_size
        rate8 = _best_rate(lambda: engine.logits(texts), len(texts), repeat)
        engine.batch_size = cap
    latencies = []
    for k in range(latency_calls):
        text = texts[(k * 37) % len(texts)]
        t0 = time.perf_counter()
        engine.logits([text])
        latencies.append(1000 * (time.perf_counter() - t0))
    latencies.sort()
    return {
        "runtime": engine.runtime["engine"],
        "reason": engine.runtime["reason"],
        "statements": len(texts),
        "statements_per_s": round(rate, 1),
        "statements_per_s_batch8": None if rate8 is None else round(rate8, 1),
        "max_batch_tokens": engine.max_batch_tokens,
        "p50_ms_one": round(statistics.median(latencies), 2),
        "p99_ms_one": round(latencies[min(len(latencies) - 1, int(0.99 * len(latencies)))], 2),
        "load_s": round(load_s, 2),
        "rss_mb_loaded": round(rss_loaded, 1),
        "peak_rss_mb": round(_rss_mb(), 1),
        "torch_imported": "torch" in sys.modules,
    }


def bare_figures(artifacts: Path, repeat: int) -> dict:
    """The int8 (else fp32) graph alone on ready-made batches: the encoder's ceiling here.

    Measured two ways, the faster is the ceiling: batches one after the other on a session with
    one intra-op thread per core, and batches on single-threaded sessions, one per core, side
    by side (no tokenizer, no Python batching, no softmax in either)."""
    from parley_model.engines.batching import clip_window, pad_rows, plan_batches
    from parley_model.engines.onnx_engine import OnnxEngine

    meta = json.loads((artifacts / "meta.json").read_text())
    onnx = meta.get("onnx") or {}
    variant = "int8" if (onnx.get("int8") or {}).get("served") else "fp32"
    if not (onnx.get(variant) or {}).get("served"):
        raise SystemExit("this model version has no ONNX graph to measure (see meta.json 'onnx')")
    engine = OnnxEngine(artifacts / onnx[variant]["path"], artifacts / "hf")
    texts = corpus_texts()
    enc = engine.encode(texts)
    lengths = np.array([min(len(e), engine.max_length) for e in enc])
    feeds = []
    for idx in plan_batches(lengths, engine.max_batch_tokens):
        ids, mask = pad_rows(
            [clip_window(enc[i], engine.max_length, engine.sep_id) for i in idx], engine.pad_id
        )
        feeds.append({"input_ids": ids, "attention_mask": mask})
    run = engine.session.run

    def all_batches() -> None:
        for feed in feeds:
            run(["logits"], feed)

    all_batches()  # warm-up
    rate_threads = _best_rate(all_batches, len(texts), repeat)
    # The other way to use the cores: single-threaded sessions' passes side by side.
    from concurrent.futures import ThreadPoolExecutor

    from parley_model.engines.onnx_engine import available_cores

    cores = available_cores()
    single = OnnxEngine(artifacts / onnx[variant]["path"], artifacts / "hf", threads=1).session
    with ThreadPoolExecutor(cores) as pool:

        def side_by_side() -> None:
            list(pool.map(lambda feed: single.run(["logits"], feed), feeds))

        side_by_side()  # warm-up
        rate_streams = _best_rate(side_by_side, len(texts), repeat)
    rate = max(rate_threads, rate_streams)
    config = json.loads((artifacts / "hf" / "config.json").read_text())
    flops = encoder_flops(config, [f["input_ids"].shape for f in feeds])
    return {
        "graph": variant,
        "statements_per_s": round(rate, 1),  # the better of the two ways below
        "statements_per_s_threads": round(rate_threads, 1),
        "statements_per_s_streams": round(rate_streams, 1),
        "tokens_per_statement": round(float(np.mean(lengths)), 1),
        "gflop_per_statement": round(flops / len(texts) / 1e9, 3),
        "encoder_gflops": round(rate * flops / len(texts) / 1e9, 1),
        "batches": len(feeds),
    }


def matmul_gflops(n: int = 1024, seconds: float = 3.0) -> dict:
    """Best fp32 GEMM rate over a few seconds (numpy's BLAS, all cores it uses)."""
    rng = np.random.default_rng(0)
    a = rng.standard_normal((n, n), dtype=np.float32)
    b = rng.standard_normal((n, n), dtype=np.float32)
    a @ b  # warm-up
    best, deadline = float("inf"), time.perf_counter() + seconds
    while time.perf_counter() < deadline:
        t0 = time.perf_counter()
        a @ b
        best = min(best, time.perf_counter() - t0)
    return {"n": n, "gflops": round(2 * n**3 / best / 1e9, 1)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--artifacts", type=Path, help="a model version's artifacts/stance folder")
    mode = parser.add_mutually_exclusive_group(required=True)
    mode.add_argument("--runtime", choices=["torch", "onnx", "onnx-int8"])
    mode.add_argument("--bare", action="store_true")
    mode.add_argument("--matmul", action="store_true")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--latency-calls", type=int, default=100)
    args = parser.parse_args(argv)
    if args.matmul:
        result = matmul_gflops()
    elif args.artifacts is None:
        parser.error("--artifacts is required with --runtime/--bare")
    elif args.bare:
        result = bare_figures(args.artifacts, args.repeat)
    else:
        result = engine_figures(args.artifacts, args.runtime, args.repeat, args.latency_calls)
    print(json.dumps(result), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
