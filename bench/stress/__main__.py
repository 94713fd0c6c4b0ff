"""`make stress`: the long reliability scenarios, one table at the end.

    .venv/bin/python -m bench.stress [--only fuzz overload ...] [--quick]

Builds a private MLflow tracking server in a temporary directory (never the developer's
``mlflow.db``), trains a TF-IDF champion and a one-epoch MiniLM version there, runs each
scenario (bounded in time and traffic, 127.0.0.1 only) and prints a markdown table: scenario,
what was done, what was observed, pass/fail. The table and every figure behind it go to
``bench/results/stress.md`` and ``bench/results/stress.json``. Exit code 0 only if all pass.
The CPU is shared with whatever else runs: latency figures from a busy machine are noisy.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import sys
import tempfile
import time
from dataclasses import asdict
from datetime import UTC, datetime
from pathlib import Path

from bench.common import RESULTS, markdown_table
from bench.stress.scenarios import SCENARIOS
from bench.stress.stack import Result, build_stack

QUICK = {  # a smoke run of the same code paths: shorter, fewer rounds
    "fuzz": {"examples": 100},
    "overload": {"seconds": 20},
    "updates": {},
    "registry": {"outage_s": 15},
    "batch": {"rows": 4_000, "kills": 5},
    "retraining": {},
    "hostile": {"rounds": 3, "rows": 20_000},
    "article": {"seconds": 15},
}


def table(results: list[Result]) -> str:
    rows = [
        (r.scenario, r.done, r.observed, "PASS" if r.passed else "FAIL", f"{r.seconds:.0f}")
        for r in results
    ]
    return markdown_table(["scenario", "what was done", "what was observed", "result", "s"], rows)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", nargs="+", choices=list(SCENARIOS), help="run only these")
    parser.add_argument("--quick", action="store_true", help="short versions (smoke test)")
    parser.add_argument("--keep", action="store_true", help="keep the temporary directory")
    parser.add_argument("--out", type=Path, default=RESULTS, help="where stress.md/json go")
    args = parser.parse_args(argv)
    names = args.only or list(SCENARIOS)
    root = Path(tempfile.mkdtemp(prefix="parley-stress-"))
    started = time.monotonic()
    results: list[Result] = []
    stack = None
    print(f"stress: working in {root}", file=sys.stderr, flush=True)
    try:
        print("stress: MLflow server, TF-IDF champion, MiniLM version ...", file=sys.stderr)
        stack = build_stack(root, transformer=bool({"overload", "hostile"} & set(names)))
        for name in names:
            print(f"stress: {name} ...", file=sys.stderr, flush=True)
            kwargs = QUICK.get(name, {}) if args.quick else {}
            result = SCENARIOS[name](stack, **kwargs)
            print(
                f"stress: {name}: {'PASS' if result.passed else 'FAIL'} in {result.seconds:.0f} s"
                f" - {result.observed}",
                file=sys.stderr,
                flush=True,
            )
            results.append(result)
    finally:
        if stack is not None:
            stack.mlflow.stop()
        if not args.keep:
            shutil.rmtree(root, ignore_errors=True)
    md = table(results)
    total = time.monotonic() - started
    header = (
        f"# make stress — {datetime.now(UTC).strftime('%Y-%m-%d %H:%M UTC')}\n\n"
        f"{platform.node()}, {os.cpu_count()} CPUs (shared: other work may run), "
        f"{'quick' if args.quick else 'full'} run, {total / 60:.1f} min in all.\n\n"
    )
    print("\n" + md)
    args.out.mkdir(parents=True, exist_ok=True)
    suffix = "-quick" if args.quick else ""
    (args.out / f"stress{suffix}.md").write_text(header + md + "\n")
    (args.out / f"stress{suffix}.json").write_text(
        json.dumps(
            {
                "when": datetime.now(UTC).isoformat(),
                "quick": args.quick,
                "cpus": os.cpu_count(),
                "seconds": round(total, 1),
                "results": [asdict(r) for r in results],
            },
            indent=1,
            default=str,
        )
    )
    return 0 if results and all(r.passed for r in results) else 1


if __name__ == "__main__":
    sys.exit(main())
