"""Shared pieces of the benchmarks: the input corpus, processes, memory readings, tables.

Everything here is bounded: processes start within a deadline and are always stopped, and
network access is 127.0.0.1 only.
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import socket
import subprocess
import time
from collections.abc import Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENV_BIN = ROOT / ".venv" / "bin"
CORPUS = ROOT / "data" / "real_statements.jsonl"
RESULTS = ROOT / "bench" / "results"


def corpus_texts(n: int | None = None) -> list[str]:
    """Real statements (their real length mix), cycled to ``n`` when more are asked for."""
    texts = [json.loads(line)["text"] for line in CORPUS.read_text().splitlines() if line.strip()]
    if n is None:
        return texts
    return [texts[i % len(texts)] for i in range(n)]


def bench_env(**extra: str) -> dict[str, str]:
    """The environment of every measured process: offline, quiet, passive OpenMP threads."""
    env = dict(os.environ)
    env.update(
        {
            "MLFLOW_DISABLE_TELEMETRY": "true",
            "DO_NOT_TRACK": "true",
            "HF_HUB_OFFLINE": "1",
            "TRANSFORMERS_OFFLINE": "1",
            "TOKENIZERS_PARALLELISM": "false",
            "OMP_WAIT_POLICY": "PASSIVE",
        }
    )
    # mlflow models serve execs `uvicorn` by name: the venv's must come first on PATH.
    env["PATH"] = f"{VENV_BIN}{os.pathsep}{env.get('PATH', '')}"
    env.update(extra)
    return env


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _children(pid: int) -> list[int]:
    out = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        ppid = int(stat.rsplit(")", 1)[1].split()[1])
        if ppid == pid:
            out.append(int(entry.name))
    return out


def process_tree(pid: int) -> list[int]:
    """``pid`` and all its descendants (a server may fork its workers)."""
    tree, todo = [], [pid]
    while todo:
        p = todo.pop()
        tree.append(p)
        todo.extend(_children(p))
    return tree


def _status_kb(pid: int, key: str) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith(key + ":"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def rss_mb(pid: int) -> float:
    """Resident memory of a process tree now, in MB (VmRSS summed)."""
    return sum(_status_kb(p, "VmRSS") for p in process_tree(pid)) / 1024


def peak_rss_mb(pid: int) -> float:
    """Peak resident memory (VmHWM) summed over a process tree, in MB."""
    return sum(_status_kb(p, "VmHWM") for p in process_tree(pid)) / 1024


class Server:
    """A server process in its own process group: started, waited for, always stopped."""

    def __init__(self, name: str, argv: Sequence[str], env: dict[str, str], log: Path):
        self.name = name
        self.log = log
        self._log_file = log.open("w")
        self.proc = subprocess.Popen(
            list(argv),
            env=env,
            stdout=self._log_file,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )

    @property
    def pid(self) -> int:
        return self.proc.pid

    def wait_ready(self, url: str, timeout: float = 240.0) -> float:
        """Poll ``url`` until it answers 200; return the seconds it took."""
        import httpx

        started = time.monotonic()
        while time.monotonic() - started < timeout:
            if self.proc.poll() is not None:
                raise RuntimeError(
                    f"{self.name} exited with {self.proc.returncode}; log:\n{self.tail()}"
                )
            try:
                if httpx.get(url, timeout=2.0).status_code == 200:
                    return time.monotonic() - started
            except httpx.HTTPError:
                pass
            time.sleep(0.5)
        raise TimeoutError(f"{self.name} not ready after {timeout:.0f}s; log:\n{self.tail()}")

    def tail(self, n: int = 40) -> str:
        self._log_file.flush()
        return "\n".join(self.log.read_text(errors="replace").splitlines()[-n:])

    def stop(self) -> None:
        if self.proc.poll() is None:
            try:
                os.killpg(self.proc.pid, signal.SIGTERM)
                self.proc.wait(timeout=20)
            except (ProcessLookupError, subprocess.TimeoutExpired):
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait(timeout=10)
        self._log_file.close()

    def __enter__(self) -> Server:
        return self

    def __exit__(self, *exc) -> None:
        self.stop()


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
