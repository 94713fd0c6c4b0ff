"""Speed of two or more registered versions side by side (e.g. the default and the `full` profile).

Each version runs on the engine it is served with (``meta.json`` ``runtime_default``), in a fresh
process, one version after the other, on the same corpus (``bench/engines.py --runtime``):
statements/s at the default token budget, p50/p99 of one statement per call, load time and RSS.

    python -m bench.profiles --models models:/stance-classifier@champion models:/stance-classifier/2

Results go to ``bench/results/profiles-<time>.json``; the table is printed. Run it on a quiet
machine: the ratios are comparable within one run only.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

from bench.common import RESULTS, markdown_table, run_json
from tests.servers import ROOT, environment


def measure(uri: str) -> dict:
    """Pin ``uri`` to its version, then time its served engine in a fresh process."""
    import mlflow

    from inference.predict import resolve

    info = resolve(uri)
    pinned = f"models:/{info['name']}/{info['version']}" if info else uri
    with tempfile.TemporaryDirectory(prefix="parley-bench-profile-") as tmp:
        local = Path(mlflow.artifacts.download_artifacts(artifact_uri=pinned, dst_path=tmp))
        artifacts = next(p.parent for p in local.rglob("meta.json"))
        meta = json.loads((artifacts / "meta.json").read_text())
        runtime = (meta.get("runtime_default") or {}).get("engine", "torch")
        config = json.loads((artifacts / "hf" / "config.json").read_text())
        print(f"{pinned}: {runtime} ...", file=sys.stderr, flush=True)
        figures = run_json(
            [sys.executable, "-m", "bench.engines", "--artifacts", str(artifacts),
             "--runtime", runtime, "--latency-calls", "50"],
            environment(),
            1800,
        )  # fmt: skip
    return {
        "uri": uri,
        "pinned": pinned,
        "encoder": config.get("_name_or_path") or config.get("model_type"),
        "layers": config.get("num_hidden_layers"),
        "hidden": config.get("hidden_size"),
        "served_runtime": runtime,
        **figures,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--models", nargs="+", required=True, help="model URIs to compare")
    parser.add_argument("--out", type=Path, default=None)
    args = parser.parse_args(argv)
    from inference.mlflow_env import configure

    configure()
    started = time.time()
    load_start = os.getloadavg()
    rows = [measure(uri) for uri in args.models]
    base = rows[0]["statements_per_s"]
    for row in rows:
        row["speed_vs_first"] = round(row["statements_per_s"] / base, 3) if base else None
    results = {
        "started_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "seconds": round(time.time() - started, 1),
        "load_avg_start": load_start,
        "load_avg_end": os.getloadavg(),
        "models": rows,
    }
    RESULTS.mkdir(parents=True, exist_ok=True)
    out = args.out or RESULTS / f"profiles-{datetime.now(UTC):%Y%m%dT%H%M%SZ}.json"
    out.write_text(json.dumps(results, indent=1))
    keys = ("pinned", "layers", "hidden", "served_runtime", "statements_per_s", "speed_vs_first",
            "p50_ms_one", "p99_ms_one", "load_s", "rss_mb_loaded")  # fmt: skip
    print(markdown_table(keys, [[row.get(k) for k in keys] for row in rows]))
    print(f"\nJSON: {out.relative_to(ROOT) if out.is_relative_to(ROOT) else out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
