"""Generate a large statements file for batch-scoring benchmarks (CSV, JSONL or Parquet).

Texts are the project's real statements (data/real_statements.jsonl), combined pairwise so that
rows differ; every ``--bad-every``-th row has an empty or missing text. Written in slices, so
the generator's own memory stays small whatever ``--rows`` is.

    .venv/bin/python bench/make_statements.py /tmp/statements.csv --rows 200000
"""

from __future__ import annotations

import argparse
import json
import random
from pathlib import Path

import pyarrow as pa
import pyarrow.csv as pacsv
import pyarrow.parquet as pq

ROOT = Path(__file__).resolve().parent.parent
SLICE = 10_000


def load_statements() -> list[dict]:
    with open(ROOT / "data" / "real_statements.jsonl", encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def rows(n: int, bad_every: int = 0, seed: int = 0):
    """Yield ``n`` rows: id, text, topic, speaker."""
    rng = random.Random(seed)
    pool = load_statements()
    for i in range(n):
        a = pool[rng.randrange(len(pool))]
        text: str | None = a["text"]
        if rng.random() < 0.5:  # a second statement's first sentence, for variety
            b = pool[rng.randrange(len(pool))]["text"]
            text = f"{text} {b.split('. ')[0].rstrip('.')}."
        if bad_every and i % bad_every == bad_every - 1:
            text = None if (i // bad_every) % 2 else "   "
        yield {"id": f"st-{i:08d}", "text": text, "topic": a["topic"], "speaker": a["speaker"]}


def write(path: Path, n: int, bad_every: int = 0, seed: int = 0) -> Path:
    """Write ``n`` generated rows to ``path`` in the format its extension names."""
    schema = pa.schema([(k, pa.string()) for k in ("id", "text", "topic", "speaker")])
    gen = rows(n, bad_every, seed)
    suffix = path.suffix.lower()
    if suffix == ".jsonl":
        with open(path, "w", encoding="utf-8") as fh:
            for row in gen:
                fh.write(json.dumps(row, ensure_ascii=False) + "\n")
        return path
    writer = (
        pacsv.CSVWriter(str(path), schema)
        if suffix == ".csv"
        else pq.ParquetWriter(str(path), schema)
        if suffix == ".parquet"
        else None
    )
    if writer is None:
        raise SystemExit(f"{path}: use .csv, .jsonl or .parquet")
    buf: list[dict] = []
    for row in gen:
        buf.append(row)
        if len(buf) == SLICE:
            writer.write_table(pa.Table.from_pylist(buf, schema=schema))
            buf = []
    if buf:
        writer.write_table(pa.Table.from_pylist(buf, schema=schema))
    writer.close()
    return path


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("output", type=Path)
    ap.add_argument("--rows", type=int, default=200_000)
    ap.add_argument("--bad-every", type=int, default=1000, help="0: no bad rows")
    ap.add_argument("--seed", type=int, default=0)
    args = ap.parse_args()
    write(args.output, args.rows, args.bad_every, args.seed)
    print(f"wrote {args.rows:,} rows to {args.output} ({args.output.stat().st_size / 1e6:.1f} MB)")


if __name__ == "__main__":
    main()
