"""`make bench`: every speed figure in one run, as a markdown table and a JSON file.

Sections (each in fresh processes, one after the other, so they do not share the CPU):

1. Engines: torch vs ONNX Runtime fp32 vs int8 through the serving engine (statements/s at
   the default token budget and at 8 rows per batch; one statement per call p50).
2. Ceiling: the bare int8 encoder (``InferenceSession.run`` on ready batches) and the
   machine's fp32 matmul GFLOP/s.
3. HTTP: ``parley serve`` vs ``mlflow models serve -w 1 --env-manager local`` on the same
   registered version, concurrency 1/8/32, plus the Parley server's RSS.
4. Batch: ``parley score`` vs the transformers ``pipeline`` (``bench/batch_vs_pipeline.py``).

Results go to ``bench/results/bench-<time>.json`` (and ``latest.json``); the table is printed.
The model is ``--model`` (default the champion in the configured MLflow store), pinned to its
version first. Figures from a busy machine are not comparable: run it on a quiet one.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

from bench import http_compare
from bench.common import RESULTS, markdown_table, run_json
from tests.servers import ROOT, environment

TARGETS = {
    "http_ratio_c8": 3.0,  # Parley statements/s over mlflow serve's at concurrency 8
    "http_p50_ms_c1": 15.0,
    "batch_ratio": 2.0,  # parley score over the transformers pipeline
    "batch_of_ceiling": 0.70,  # parley score over the bare encoder
    "server_rss_mb": 600.0,
}


def _py(module: str, *args: str) -> list[str]:
    return [sys.executable, "-m", module, *args]


def engines_section(artifacts: Path, meta: dict) -> dict:
    onnx = meta.get("onnx") or {}
    runtimes = ["torch"]
    if (onnx.get("fp32") or {}).get("served"):
        runtimes.append("onnx")
    if (onnx.get("int8") or {}).get("served"):
        runtimes.append("onnx-int8")
    out: dict = {"default_runtime": meta.get("runtime_default"), "gate": _gate_summary(onnx)}
    for runtime in runtimes:
        print(f"engines: {runtime} ...", file=sys.stderr, flush=True)
        out[runtime] = _safe(
            lambda r=runtime: run_json(
                _py("bench.engines", "--artifacts", str(artifacts), "--runtime", r),
                environment(),
                900,
            )
        )
    print("ceiling: bare encoder, matmul ...", file=sys.stderr, flush=True)
    out["bare"] = (
        _safe(
            lambda: run_json(
                _py("bench.engines", "--artifacts", str(artifacts), "--bare"), environment(), 600
            )
        )
        if len(runtimes) > 1
        else {"error": "no ONNX graph in this version"}
    )
    out["matmul"] = _safe(lambda: run_json(_py("bench.engines", "--matmul"), environment(), 120))
    return out


def _gate_summary(onnx: dict) -> dict:
    if not onnx or onnx.get("error"):
        return {"error": onnx.get("error") if onnx else "not exported"}
    keys = ("served", "agreement_test", "max_dprob_test", "macro_f1_test", "agreement_dev")
    return {v: {k: onnx[v].get(k) for k in keys} for v in ("fp32", "int8")} | {
        "torch_macro_f1_test": onnx["torch"]["macro_f1_test"]
    }


def batch_section(model: str, rows: int) -> dict:
    """Runs bench/batch_vs_pipeline.py (owned by the batch-scoring work) and reads its table."""
    script = ROOT / "bench" / "batch_vs_pipeline.py"
    if not script.exists():
        return {"error": "bench/batch_vs_pipeline.py is not in this checkout"}
    print("batch: parley score vs transformers pipeline ...", file=sys.stderr, flush=True)
    argv = [sys.executable, str(script), "--model", model, "--rows", str(rows)]
    try:
        done = subprocess.run(
            argv, env=environment(), capture_output=True, text=True, timeout=3600, cwd=ROOT
        )
    except subprocess.TimeoutExpired:
        return {"error": "bench/batch_vs_pipeline.py ran past an hour"}
    if done.returncode != 0:
        return {"error": f"batch_vs_pipeline.py failed ({done.returncode}): {done.stderr[-1500:]}"}
    return parse_batch_table(done.stdout) | {"rows": rows, "output": done.stdout[-2000:]}


BATCH_ROW = re.compile(
    r"^(?P<name>parley score|transformers pipeline)\s+(?P<wall>[\d.,]+)\s+"
    r"(?P<rate>[\d.,]+)\s+(?P<rss>[\d.,]+)\s*$"
)


def parse_batch_table(text: str) -> dict:
    """``name  wall s  statements/s  peak RSS MiB`` rows (+ the label agreement line)."""
    out: dict = {}
    for line in text.splitlines():
        match = BATCH_ROW.match(line.strip())
        if match:
            key = "parley" if match["name"] == "parley score" else "pipeline"
            num = {k: float(match[k].replace(",", "")) for k in ("wall", "rate", "rss")}
            out[f"{key}_wall_s"] = num["wall"]
            out[f"{key}_statements_per_s"] = num["rate"]
            out[f"{key}_peak_rss_mb"] = round(num["rss"] * 1.048576, 1)  # MiB -> MB
        elif line.startswith("label agreement:"):
            out["label_agreement"] = line.split(":", 1)[1].strip()
    if "parley_statements_per_s" not in out or "pipeline_statements_per_s" not in out:
        out["error"] = "could not read the table printed by bench/batch_vs_pipeline.py"
    return out


def _safe(fn) -> dict:
    try:
        return fn()
    except (RuntimeError, subprocess.TimeoutExpired, ValueError, OSError) as exc:
        return {"error": f"{type(exc).__name__}: {str(exc)[-2000:]}"}


def _level(section: dict, server: str, concurrency: int) -> dict:
    for level in (section.get(server) or {}).get("levels", []):
        if level["concurrency"] == concurrency:
            return level
    return {}


def _ratio(a, b):
    return round(a / b, 2) if a and b else None


def _verdict(value, target, higher_is_better=True):
    if value is None:
        return "n/a"
    ok = value >= target if higher_is_better else value <= target
    return "met" if ok else "MISSED"


def summarize(results: dict) -> tuple[str, dict]:
    """The markdown tables and the target checks."""
    eng, http, batch = results["engines"], results["http"], results["batch"]
    parts = []

    rows = []
    budget = next(
        (
            e.get("max_batch_tokens")
            for e in eng.values()
            if isinstance(e, dict) and e.get("max_batch_tokens")
        ),
        "default",
    )
    for name in ("torch", "onnx", "onnx-int8"):
        e = eng.get(name)
        if e and "error" not in e:
            rows.append(
                [
                    name,
                    e["statements_per_s"],
                    e["statements_per_s_batch8"],
                    e["p50_ms_one"],
                    e["p99_ms_one"],
                    e["rss_mb_loaded"],
                    "yes" if e["torch_imported"] else "no",
                ]
            )
        elif e:
            rows.append([name, e["error"][:80], None, None, None, None, None])
    parts.append(
        "### Engines (one process each; real corpus, length-sorted dynamic padding)\n\n"
        + markdown_table(
            [
                "runtime",
                f"stmts/s ({budget}-token budget)",
                "stmts/s (8 rows)",
                "p50 ms (1 stmt)",
                "p99 ms (1 stmt)",
                "RSS MB",
                "torch imported",
            ],
            rows,
        )
    )

    bare, mm = eng.get("bare", {}), eng.get("matmul", {})
    rows = []
    if "error" not in bare:
        rows.append(
            [
                f"bare encoder ({bare['graph']})",
                bare["statements_per_s"],
                bare["encoder_gflops"],
                _ratio(bare["encoder_gflops"], mm.get("gflops")),
            ]
        )
    for name in ("onnx-int8", "onnx", "torch"):
        e = eng.get(name)
        if e and "error" not in e and "error" not in bare:
            gf = e["statements_per_s"] * bare["gflop_per_statement"]
            rows.append(
                [
                    f"engine {name}",
                    e["statements_per_s"],
                    round(gf, 1),
                    _ratio(gf, mm.get("gflops")),
                ]
            )
    rows.append(["fp32 matmul (numpy)", None, mm.get("gflops"), 1.0 if mm.get("gflops") else None])
    parts.append(
        "### Ceiling\n\n"
        + markdown_table(
            ["what", "stmts/s", "encoder GFLOP/s (fp32-equiv.)", "of matmul ceiling"], rows
        )
        + (
            f"\n\n{bare.get('gflop_per_statement')} GFLOP per statement "
            f"({bare.get('tokens_per_statement')} tokens on average)"
            if "error" not in bare
            else ""
        )
    )

    rows = []
    for c in (1, 8, 32):
        p, m, t = (
            _level(http, "parley", c),
            _level(http, "mlflow", c),
            _level(http, "mlflow-torch", c),
        )
        rows.append(
            [
                c,
                p.get("statements_per_s"),
                m.get("statements_per_s"),
                _ratio(p.get("statements_per_s"), m.get("statements_per_s")),
                t.get("statements_per_s"),
                _ratio(p.get("statements_per_s"), t.get("statements_per_s")),
                p.get("p50_ms"),
                m.get("p50_ms"),
                t.get("p50_ms"),
                p.get("p99_ms"),
                m.get("p99_ms"),
                t.get("p99_ms"),
            ]
        )
    runtime = (http.get("mlflow") or {}).get("parley_runtime", "auto")
    parts.append(
        "### HTTP (one statement per request, 127.0.0.1, one worker each)\n\n"
        + markdown_table(
            [
                "concurrency",
                "parley stmts/s",
                f"mlflow stmts/s (runtime {runtime})",
                "ratio",
                "mlflow stmts/s (runtime torch)",
                "ratio",
                "parley p50 ms",
                "mlflow p50 ms",
                "mlflow-torch p50 ms",
                "parley p99 ms",
                "mlflow p99 ms",
                "mlflow-torch p99 ms",
            ],
            rows,
        )
    )
    mem_rows = [
        [
            name,
            (http.get(name) or {}).get("rss_mb_after_load"),
            (http.get(name) or {}).get("rss_mb_under_load"),
            (http.get(name) or {}).get("peak_rss_mb"),
        ]
        for name in ("parley", "mlflow", "mlflow-torch")
    ]
    parts.append(
        "### Server memory (MB, process tree)\n\n"
        + markdown_table(
            ["server", "RSS after load", "RSS under load (max sampled)", "peak (VmHWM)"], mem_rows
        )
    )
    for name in ("parley", "mlflow", "mlflow-torch"):
        if (http.get(name) or {}).get("error"):
            parts.append(f"HTTP {name} failed: {http[name]['error'][:300]}")

    if batch.get("error"):
        parts.append(f"### Batch\n\n{batch['error'][:500]}")
    else:
        parts.append(
            f"### Batch ({batch.get('rows')} statements, end to end, one process each)\n\n"
            + markdown_table(
                ["tool", "stmts/s", "wall s", "peak RSS MB"],
                [
                    [
                        "parley score",
                        batch["parley_statements_per_s"],
                        batch["parley_wall_s"],
                        batch["parley_peak_rss_mb"],
                    ],
                    [
                        "transformers pipeline",
                        batch["pipeline_statements_per_s"],
                        batch["pipeline_wall_s"],
                        batch["pipeline_peak_rss_mb"],
                    ],
                ],
            )
            + f"\n\nlabel agreement: {batch.get('label_agreement')}"
        )

    # Targets
    ratio_c8 = _ratio(
        _level(http, "parley", 8).get("statements_per_s"),
        _level(http, "mlflow", 8).get("statements_per_s"),
    )
    # The same pyfunc runs inside mlflow serve, so it gets Parley's ONNX runtime too; the second
    # ratio is against mlflow serving the version's torch weights (PARLEY_RUNTIME=torch).
    ratio_c8_torch = _ratio(
        _level(http, "parley", 8).get("statements_per_s"),
        _level(http, "mlflow-torch", 8).get("statements_per_s"),
    )
    p50 = _level(http, "parley", 1).get("p50_ms")
    rss = max(
        filter(
            None,
            [
                (http.get("parley") or {}).get("rss_mb_after_load"),
                (http.get("parley") or {}).get("rss_mb_under_load"),
            ],
        ),
        default=None,
    )
    parley_batch = batch.get("parley_statements_per_s")
    pipeline_batch = batch.get("pipeline_statements_per_s")
    batch_ratio = _ratio(parley_batch, pipeline_batch)
    of_ceiling = _ratio(parley_batch, bare.get("statements_per_s")) if "error" not in bare else None
    checks = {
        "http_ratio_c8": (ratio_c8, TARGETS["http_ratio_c8"], True),
        "http_ratio_c8_vs_mlflow_torch": (ratio_c8_torch, TARGETS["http_ratio_c8"], True),
        "http_p50_ms_c1": (p50, TARGETS["http_p50_ms_c1"], False),
        "batch_ratio": (batch_ratio, TARGETS["batch_ratio"], True),
        "batch_of_ceiling": (of_ceiling, TARGETS["batch_of_ceiling"], True),
        "server_rss_mb": (rss, TARGETS["server_rss_mb"], False),
    }
    rows = [
        [k, v, ("<= " if not hi else ">= ") + str(t), _verdict(v, t, hi)]
        for k, (v, t, hi) in checks.items()
    ]
    parts.insert(
        0, "### Targets\n\n" + markdown_table(["target", "value", "goal", "verdict"], rows)
    )
    verdicts = {
        k: {"value": v, "target": t, "verdict": _verdict(v, t, hi)}
        for k, (v, t, hi) in checks.items()
    }
    return "\n\n".join(parts), verdicts


def main(argv: list[str] | None = None) -> int:
    from inference.mlflow_env import configure
    from inference.predict import resolve

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", default="models:/stance-classifier@champion")
    parser.add_argument("--skip", nargs="*", default=[], choices=["engines", "http", "batch"])
    parser.add_argument(
        "--batch-rows",
        type=int,
        default=6000,
        help="statements for batch (start-up, about 3.4 s, is part of the time: more rows amortize it)",
    )
    parser.add_argument("--out", type=Path, default=None, help="JSON path (default bench/results/)")
    http_compare.add_arguments(parser)
    args = parser.parse_args(argv)
    configure()
    import mlflow

    info = resolve(args.model)
    model = f"models:/{info['name']}/{info['version']}" if info else args.model
    print(f"benchmarking {args.model} -> {model}", file=sys.stderr, flush=True)
    started = time.time()
    results: dict = {
        "model": {"uri": args.model, "pinned": model, **info},
        "started_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": {
            "cpus": os.cpu_count(),
            "platform": platform.platform(),
            "python": platform.python_version(),
            "load_avg_start": os.getloadavg(),
        },
        "env": {
            k: os.environ.get(k)
            for k in (
                "PARLEY_RUNTIME",
                "PARLEY_ORT_THREADS",
                "PARLEY_MAX_BATCH_TOKENS",
                "OMP_WAIT_POLICY",
            )
        },
    }
    with tempfile.TemporaryDirectory(prefix="parley-bench-model-") as tmp:
        local = Path(mlflow.artifacts.download_artifacts(artifact_uri=model, dst_path=tmp))
        artifacts = local / "artifacts" / "stance"
        meta = json.loads((artifacts / "meta.json").read_text())
        results["engines"] = {} if "engines" in args.skip else engines_section(artifacts, meta)
    results["http"] = {} if "http" in args.skip else http_compare.compare(model, args)
    results["batch"] = (
        {"error": "skipped"} if "batch" in args.skip else batch_section(model, args.batch_rows)
    )
    results["machine"]["load_avg_end"] = os.getloadavg()
    results["seconds"] = round(time.time() - started, 1)
    table, verdicts = summarize(results)
    results["targets"] = verdicts
    RESULTS.mkdir(parents=True, exist_ok=True)
    out = args.out or RESULTS / f"bench-{datetime.now(UTC):%Y%m%dT%H%M%SZ}.json"
    out.write_text(json.dumps(results, indent=1))
    (RESULTS / "latest.json").write_text(json.dumps(results, indent=1))
    print(
        f"## Parley benchmark: {model} ({results['started_at']}, {results['seconds']:.0f} s, "
        f"load average {results['machine']['load_avg_start'][0]:.1f} at start)\n"
    )
    print(table)
    print(f"\nJSON: {out.relative_to(ROOT) if out.is_relative_to(ROOT) else out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
