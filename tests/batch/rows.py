"""Batch test data: real statements written as CSV/JSONL/Parquet, and outputs read back."""

from __future__ import annotations

import json
from pathlib import Path

import pyarrow as pa
import pyarrow.csv as pacsv
import pyarrow.parquet as pq

ROOT = Path(__file__).resolve().parents[2]
FORMATS = ("csv", "jsonl", "parquet")


def real_texts() -> list[str]:
    with open(ROOT / "data" / "real_statements.jsonl", encoding="utf-8") as fh:
        return [json.loads(line)["text"] for line in fh if line.strip()]


def make_rows(n: int, bad_every: int = 0) -> list[dict]:
    """``n`` rows of real statements with an id, a topic and a number; every ``bad_every``-th
    row (if > 0) has a missing or blank text."""
    texts = real_texts()
    rows = []
    for i in range(n):
        text: str | None = texts[i % len(texts)]
        if bad_every and i % bad_every == bad_every - 1:
            text = None if (i // bad_every) % 2 else "  \t "
        rows.append({"id": f"s{i:06d}", "text": text, "topic": f"t{i % 7}", "n": i})
    return rows


def write_rows(path: Path, rows: list[dict]) -> Path:
    """Write rows in the format the extension names (CSV via Arrow: None -> empty field)."""
    if path.suffix == ".jsonl":
        with open(path, "w", encoding="utf-8") as fh:
            for row in rows:
                fh.write(json.dumps(row, ensure_ascii=False) + "\n")
        return path
    table = pa.Table.from_pylist(rows)
    if path.suffix == ".csv":
        pacsv.write_csv(table, path)
    else:
        pq.write_table(table, path)
    return path


def read_output(path: Path) -> list[dict]:
    """Read any output format back as a list of dicts (CSV: all text)."""
    if path.suffix == ".jsonl":
        with open(path, encoding="utf-8") as fh:
            return [json.loads(line) for line in fh]
    if path.suffix == ".csv":
        names = pacsv.open_csv(path).schema.names
        opts = pacsv.ConvertOptions(
            column_types={n: pa.string() for n in names},
            null_values=[""],
            strings_can_be_null=True,
            quoted_strings_can_be_null=False,
        )
        table = pacsv.read_csv(
            path, parse_options=pacsv.ParseOptions(newlines_in_values=True), convert_options=opts
        )
        return table.to_pylist()
    return pq.read_table(path).to_pylist()
