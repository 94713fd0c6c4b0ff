"""Peak memory of `parley score` against file size: it should stay flat (streamed chunks).

For each size, generates a file with bench/make_statements.py, runs `parley score` on it in a
child process and reads the child's peak RSS (``ru_maxrss`` from ``os.wait4``). The TF-IDF
model makes this quick; pass ``--model`` for another.

    .venv/bin/python -m bench.batch_memory --model models:/stance-classifier/1 \
        --rows 20000 200000 --in-format csv --out-format parquet
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.make_statements import write

PARLEY = str(Path(sys.executable).with_name("parley"))


def run_measured(argv: list[str], env: dict | None = None) -> tuple[int, float, float, str]:
    """Run a child; return (exit code, wall seconds, peak RSS in MiB, its stdout)."""
    t0 = time.perf_counter()
    proc = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=env)
    out = proc.stdout.read().decode()
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    return proc.returncode, time.perf_counter() - t0, usage.ru_maxrss / 1024, out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--model", default="models:/stance-classifier/1")
    ap.add_argument("--rows", type=int, nargs="+", default=[20_000, 200_000])
    ap.add_argument("--in-format", default="csv", choices=["csv", "jsonl", "parquet"])
    ap.add_argument("--out-format", default="parquet", choices=["csv", "jsonl", "parquet"])
    ap.add_argument("--chunk-size", type=int, default=2000)
    args = ap.parse_args()
    env = {**os.environ, "MLFLOW_DISABLE_TELEMETRY": "true", "HF_HUB_OFFLINE": "1"}
    print(f"model {args.model}; {args.in_format} -> {args.out_format}; chunk {args.chunk_size}")
    print(f"{'rows':>10} {'input MB':>9} {'wall s':>8} {'rows/s':>8} {'peak RSS MiB':>13}")
    with tempfile.TemporaryDirectory(prefix="parley-bench-") as tmp:
        for n in args.rows:
            inp = write(Path(tmp) / f"in-{n}.{args.in_format}", n, bad_every=1000)
            out = Path(tmp) / f"out-{n}.{args.out_format}"
            argv = [PARLEY, "score", str(inp), "-o", str(out), "--model", args.model]
            argv += ["--chunk-size", str(args.chunk_size)]
            code, wall, rss, stdout = run_measured(argv, env)
            if code != 0:
                raise SystemExit(f"parley score failed ({code}) on {n} rows")
            size = inp.stat().st_size / 1e6
            print(f"{n:>10,} {size:>9.1f} {wall:>8.1f} {n / wall:>8,.0f} {rss:>13,.0f}")
            print("           " + stdout.strip().splitlines()[-1].strip())


if __name__ == "__main__":
    main()
