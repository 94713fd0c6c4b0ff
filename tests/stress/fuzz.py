"""Schemathesis against the server's own OpenAPI schema (``/openapi.json``), 127.0.0.1 only.

Checks: no 5xx (``not_a_server_error``), every status documented, every body and content type
as the schema says, and schema-invalid input refused (``negative_data_rejection``). Examples are
bounded per operation and the seed is fixed, so a run is reproducible and bounded.
"""

from __future__ import annotations

import glob
import json
import subprocess
from pathlib import Path

from tests.servers import BIN, environment, loopback_only

CHECKS = (
    "not_a_server_error",
    "status_code_conformance",
    "content_type_conformance",
    "response_headers_conformance",
    "response_schema_conformance",
    "negative_data_rejection",
)


def run_schemathesis(
    url: str, report_dir: Path, max_examples: int = 100, seed: int = 20261130, timeout: float = 900
) -> dict:
    """Fuzz every operation of the server at ``url``; the JSON report's figures plus rc/output."""
    url = loopback_only(url)
    report_dir.mkdir(parents=True, exist_ok=True)
    argv = [
        str(BIN / "schemathesis"),
        "run",
        f"{url}/openapi.json",
        "--checks",
        ",".join(CHECKS),
        "--max-examples",
        str(max_examples),
        "--seed",
        str(seed),
        "--workers",
        "1",
        "--request-timeout",
        "60",
        "--report",
        "json",
        "--report-dir",
        str(report_dir),
        "--no-color",
    ]
    out = subprocess.run(
        argv, env=environment(), capture_output=True, text=True, timeout=timeout, cwd=report_dir
    )
    reports = sorted(glob.glob(str(report_dir / "json-*.json")))
    report = json.loads(Path(reports[-1]).read_text()) if reports else {}
    return {
        "rc": out.returncode,
        "operations": (report.get("operations") or {}).get("tested"),
        "test_cases": (report.get("test_cases") or {}).get("generated"),
        "failures": report.get("failures") or [],
        "errors": report.get("errors") or [],
        "seconds": round(report.get("running_time") or 0.0, 1),
        "output": out.stdout[-6000:] + out.stderr[-2000:],
    }
