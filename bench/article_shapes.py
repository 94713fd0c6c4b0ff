"""The growth table of the pathological article shapes (tests/stress/article_shapes.py):
``extract()`` seconds per shape and size, each measurement in its own process, killed at a
timeout (``python -m bench.article_shapes``)."""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time

from tests.stress.article_shapes import SHAPES, SIZES, make


def _time_one(name: str, size: int) -> float:
    from serving.article.extract import extract

    text = make(name, size)
    t0 = time.perf_counter()
    extract(text)
    return time.perf_counter() - t0


def growth_table(names: list[str], sizes: tuple[int, ...], timeout_s: float) -> dict:
    """Seconds per shape and size, each in its own process so that a timeout can kill it;
    after one timeout the larger sizes of that shape are not tried (they are slower still)."""
    table: dict[str, dict[str, float | str]] = {}
    for name in names:
        row: dict[str, float | str] = {}
        for size in sizes:
            if any(isinstance(v, str) for v in row.values()):
                row[str(size)] = f">{timeout_s:g}"
                continue
            code = (
                "import sys; from bench.article_shapes import _time_one; "
                f"print(_time_one({name!r}, {size}))"
            )
            try:
                out = subprocess.run(
                    [sys.executable, "-c", code],
                    capture_output=True,
                    text=True,
                    timeout=timeout_s,
                    check=True,
                )
                row[str(size)] = round(float(out.stdout.strip().splitlines()[-1]), 3)
            except subprocess.TimeoutExpired:
                row[str(size)] = f">{timeout_s:g}"
        table[name] = row
        print(name, row, flush=True)
    return table


def main() -> None:
    ap = argparse.ArgumentParser(description="extract() seconds per shape and size")
    ap.add_argument("--only", nargs="*", default=list(SHAPES))
    ap.add_argument("--timeout", type=float, default=60.0)
    ap.add_argument("--out", help="write the table as JSON here")
    args = ap.parse_args()
    table = growth_table(args.only, SIZES, args.timeout)
    if args.out:
        with open(args.out, "w", encoding="utf-8") as fh:
            json.dump({"sizes": list(SIZES), "seconds": table}, fh, indent=1)


if __name__ == "__main__":
    main()
