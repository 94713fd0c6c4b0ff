"""`parley score` under faults: ``kill -9`` at random points then ``--resume``; a full disk; a
read-only output directory. Real processes, real signals, real file systems (a small tmpfs in a
private mount namespace), nothing mocked.

Kill points are drawn from a seeded RNG among: during start-up (imports, model load), after a
random number of newly committed chunks (mid-scoring, including mid-commit), and while the
final file is being assembled. The resumed output must be byte-identical to an uninterrupted
run and hold every input row exactly once, in order.
"""

from __future__ import annotations

import hashlib
import os
import random
import shutil
import signal
import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path

from tests.servers import PARLEY


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def output_ids(path: Path, column: str = "id") -> list:
    """The ``column`` of a CSV/JSONL/Parquet output, in file order (as text)."""
    import pyarrow as pa
    import pyarrow.csv as pacsv
    import pyarrow.parquet as pq

    if path.suffix == ".parquet":
        return pq.read_table(path, columns=[column]).column(column).to_pylist()
    if path.suffix == ".csv":
        opts = pacsv.ConvertOptions(column_types={column: pa.string()}, include_columns=[column])
        parse = pacsv.ParseOptions(newlines_in_values=True)
        return pacsv.read_csv(path, parse_options=parse, convert_options=opts)[column].to_pylist()
    import json

    with open(path, encoding="utf-8") as fh:
        return [json.loads(line).get(column) for line in fh if line.strip()]


def score_argv(inp: Path, out: Path, model: str, chunk_rows: int, *extra: str) -> list[str]:
    return [PARLEY, "score", str(inp), "-o", str(out), "--model", model, "--chunk-size"] + [
        str(chunk_rows),
        *extra,
    ]


def parts_dir(out: Path) -> Path:
    return out.with_name(out.name + ".parts")


def committed(out: Path) -> int:
    d = parts_dir(out)
    return len(list(d.glob("part-*.parquet"))) if d.is_dir() else 0


def assembling(out: Path) -> bool:
    return any(out.parent.glob(f".{out.name}.tmp-*"))


@dataclass
class KillChain:
    seed: int
    points: list[dict] = field(default_factory=list)  # what was aimed at, what happened
    final_rc: int | None = None
    final_stdout: str = ""
    identical: bool = False
    rows_in_order: bool = False

    @property
    def kills(self) -> int:
        return sum(1 for p in self.points if p["killed"])


def run_until_killed(
    argv: list[str], env: dict, point: str, rng: random.Random, out: Path, timeout: float
) -> dict:
    """Start ``argv``; SIGKILL it at ``point``; report what happened."""
    before = committed(out)
    proc = subprocess.Popen(
        argv, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True
    )
    deadline = time.monotonic() + timeout
    target = None
    if point == "start-up":
        target = rng.uniform(0.2, 2.5)  # seconds: imports, manifest, model load
    elif point == "scoring":
        target = rng.randint(1, 8)  # newly committed chunks before the kill
    started = time.monotonic()
    killed = False
    try:
        while time.monotonic() < deadline and proc.poll() is None:
            if (
                (point == "start-up" and time.monotonic() - started >= target)
                or (point == "scoring" and committed(out) - before >= target)
                or (point == "assembly" and assembling(out))
            ):
                os.kill(proc.pid, signal.SIGKILL)
                killed = True
                break
            time.sleep(0.002)
        proc.wait(timeout=60)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    stderr = proc.stderr.read() if proc.stderr else ""
    return {
        "point": point,
        "target": target,
        "killed": killed,
        "rc": proc.returncode,
        "committed_before": before,
        "committed_after": committed(out),
        "output_exists": out.exists(),
        "stderr": "" if killed else stderr[-2000:],
    }


def kill_resume_chain(
    inp: Path,
    out: Path,
    clean: Path,
    model: str,
    env: dict,
    chunk_rows: int,
    kills: int = 5,
    seed: int = 7,
    timeout: float = 600,
) -> KillChain:
    """Kill ``parley score`` at ``kills`` random points (each run resuming the last), then let
    a last ``--resume`` finish; compare with the uninterrupted ``clean`` output."""
    rng = random.Random(seed)
    chain = KillChain(seed)
    # Always one of each kind, the rest drawn at random; assembly (the end) comes last.
    middle = ["start-up", "scoring"] + [
        rng.choice(["start-up", "scoring"]) for _ in range(max(0, kills - 3))
    ]
    rng.shuffle(middle)
    plan = [*middle, "assembly"] if kills >= 3 else middle[:kills]
    for i, point in enumerate(plan):
        extra = ("--resume",) if i else ()
        if point == "assembly":
            # Let a resume run to the assembly of the final file, and kill it there.
            result = run_until_killed(
                score_argv(inp, out, model, chunk_rows, "--resume"), env, point, rng, out, timeout
            )
        else:
            result = run_until_killed(
                score_argv(inp, out, model, chunk_rows, *extra), env, point, rng, out, timeout
            )
        chain.points.append(result)
        if not result["killed"]:
            break  # the job ended before the kill point (reported; the rest is checked below)
    final = subprocess.run(
        score_argv(inp, out, model, chunk_rows, "--resume"),
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    chain.final_rc, chain.final_stdout = final.returncode, final.stdout + final.stderr[-2000:]
    if final.returncode == 0 and out.exists():
        chain.identical = sha256(out) == sha256(clean)
        chain.rows_in_order = output_ids(out) == output_ids(clean)
    return chain


def clean_run(inp: Path, clean: Path, model: str, env: dict, chunk_rows: int, timeout=600) -> None:
    out = subprocess.run(
        score_argv(inp, clean, model, chunk_rows),
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    if out.returncode != 0:
        raise RuntimeError(f"the uninterrupted run failed:\n{out.stderr[-3000:]}")


# ----------------------------------------------------------------- small or read-only disks


def namespace_prefix() -> list[str] | None:
    """``unshare`` for a private mount namespace (root: -m; otherwise a user namespace too)."""
    if shutil.which("unshare") is None:
        return None
    prefix = ["unshare", "-m"] if os.geteuid() == 0 else ["unshare", "-r", "-m"]
    probe = subprocess.run([*prefix, "true"], capture_output=True, timeout=30)
    return prefix if probe.returncode == 0 else None


def run_on_small_disk(script: str, mount: Path, options: str, env: dict, timeout=600):
    """Run a bash ``script`` with a fresh tmpfs (``options``: size=..., ro) at ``mount``."""
    prefix = namespace_prefix()
    if prefix is None:
        raise RuntimeError("unshare with a private mount namespace is not available here")
    mount.mkdir(parents=True, exist_ok=True)
    full = f"mount -t tmpfs -o {options} parley-stress {mount} || exit 99\n{script}"
    return subprocess.run(
        [*prefix, "bash", "-c", full], env=env, capture_output=True, text=True, timeout=timeout
    )
