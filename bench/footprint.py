"""Serve-only install vs the full environment: size on disk, start-up to /readyz, RSS after load.

Each environment (a venv with ``bin/parley``) serves the same registered version, in turn, for
``--rounds`` rounds (interleaved, so a busy neighbour hurts both alike); the table gives medians.
Start-up is from process start to the first 200 from ``/readyz`` (the model loaded and passed
its smoke test). RSS is the server's resident memory once ready. The venv's size is ``du -sk``.

    python -m bench.footprint --env .venv --env .venv-serve        # champion of MLFLOW_TRACKING_URI

Writes ``bench/results/footprint.json`` and prints a markdown table. 127.0.0.1 only.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import tempfile
import time
from pathlib import Path

import httpx

from bench.common import RESULTS, markdown_table
from tests.servers import ROOT, ServerProcess, environment, free_port, rss_mb

HEAVY = ("torch", "transformers", "sklearn", "scipy", "pyarrow", "pyspark", "matplotlib")
PROBE = ["We must keep talking to Moscow, even now.", "Negotiating with them is pointless."]


def venv_mb(venv: Path) -> float:
    out = subprocess.run(["du", "-sk", str(venv)], capture_output=True, text=True, check=True)
    return int(out.stdout.split()[0]) / 1024


def heavy_installed(venv: Path) -> list[str]:
    """Which of the heavy training packages this venv can import."""
    code = (
        "import importlib.util as u, json; "
        f"print(json.dumps([m for m in {HEAVY!r} if u.find_spec(m)]))"
    )
    out = subprocess.run(
        [str(venv / "bin" / "python"), "-c", code], capture_output=True, text=True, check=True
    )
    return json.loads(out.stdout)


def loaded_libraries(pid: int) -> list[str]:
    """Heavy packages whose native libraries are mapped into the server process.

    Pure-Python modules (transformers) leave no mapping; ``tests/unit/test_serve_deps.py``
    covers the import graph for those.
    """
    maps = Path(f"/proc/{pid}/maps").read_text()
    return [name for name in HEAVY if f"/site-packages/{name}/" in maps]


def one_run(venv: Path, model: str, logs: Path) -> dict:
    port = free_port()
    argv = [str(venv / "bin" / "parley"), "serve", "--host", "127.0.0.1", "--port", str(port)]
    env = environment(PYTHONPATH=str(ROOT), PARLEY_MODEL_URI=model, PARLEY_ACCESS_LOG="false")
    started = time.monotonic()
    with ServerProcess(venv.name, argv, env, logs / f"{venv.name}-{port}.log") as server:
        server.wait_ready(f"http://127.0.0.1:{port}/readyz", timeout=300)
        startup_s = time.monotonic() - started
        time.sleep(1.0)  # let the post-load allocations settle
        rss = rss_mb(server.pid)
        info = httpx.get(f"http://127.0.0.1:{port}/v1/model", timeout=10).json()
        answer = httpx.post(
            f"http://127.0.0.1:{port}/v1/predict",
            json={"statements": [{"text": t} for t in PROBE]},
            timeout=30,
        )
        answer.raise_for_status()
        return {
            "startup_s": round(startup_s, 2),
            "rss_mb": round(rss, 1),
            "engine": (info.get("runtime") or {}).get("engine"),
            "version": info.get("version"),
            "heavy_loaded": loaded_libraries(server.pid),
            "labels": [p["label"] for p in answer.json()["predictions"]],
        }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--env", action="append", type=Path, help="a venv (repeat); default both")
    ap.add_argument("--model", default="models:/stance-classifier@champion")
    ap.add_argument("--rounds", type=int, default=3)
    args = ap.parse_args(argv)
    envs = [p.resolve() for p in (args.env or [ROOT / ".venv", ROOT / ".venv-serve"])]
    runs: dict[str, list[dict]] = {str(v): [] for v in envs}
    with tempfile.TemporaryDirectory(prefix="parley-footprint-") as tmp:
        for _ in range(args.rounds):
            for venv in envs:
                runs[str(venv)].append(one_run(venv, args.model, Path(tmp)))
    rows, report = [], []
    for venv in envs:
        done = runs[str(venv)]
        entry = {
            "venv": str(venv),
            "size_mb": round(venv_mb(venv), 1),
            "heavy_installed": heavy_installed(venv),
            "startup_s_median": statistics.median(r["startup_s"] for r in done),
            "rss_mb_median": statistics.median(r["rss_mb"] for r in done),
            "runs": done,
        }
        report.append(entry)
        rows.append(
            [
                venv.name,
                entry["size_mb"],
                entry["startup_s_median"],
                entry["rss_mb_median"],
                done[0]["engine"],
                ", ".join(entry["heavy_installed"]) or "none",
                ", ".join(sorted({m for r in done for m in r["heavy_loaded"]})) or "none",
            ]
        )
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "footprint.json").write_text(
        json.dumps({"model": args.model, "envs": report}, indent=2)
    )
    header = ["venv", "size MB", "start-up s", "RSS MB", "engine", "installed", "loaded"]
    print(markdown_table(header, rows))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
