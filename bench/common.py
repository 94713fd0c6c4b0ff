"""Shared pieces of the benchmarks: where results go, measuring subprocesses, tables.

Servers, processes and memory readings are the tests' (``tests/servers.py``); the input corpus
is ``tests.helpers.corpus_texts``. Everything is bounded and 127.0.0.1 only.
"""

from __future__ import annotations

import json
import subprocess
from collections.abc import Sequence

from tests.helpers import corpus_texts
from tests.servers import ROOT

__all__ = ["RESULTS", "ROOT", "corpus_texts", "markdown_table", "run_json"]

RESULTS = ROOT / "bench" / "results"


def run_json(argv: Sequence[str], env: dict[str, str], timeout: float) -> dict:
    """Run a measuring subprocess that prints one JSON object on its last stdout line."""
    out = subprocess.run(
        list(argv), env=env, capture_output=True, text=True, timeout=timeout, cwd=ROOT
    )
    if out.returncode != 0:
        raise RuntimeError(f"{' '.join(argv)} failed ({out.returncode}):\n{out.stderr[-3000:]}")
    return json.loads(out.stdout.strip().splitlines()[-1])


def markdown_table(header: Sequence[str], rows: Sequence[Sequence[object]]) -> str:
    def cell(v: object) -> str:
        if v is None:
            return "-"
        if isinstance(v, float):
            return f"{v:,.1f}" if abs(v) >= 10 else f"{v:.2f}"
        return str(v)

    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(cell(v) for v in row) + " |" for row in rows]
    return "\n".join(lines)
