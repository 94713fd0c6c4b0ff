"""The team setup's commands (``python -m deploy up|down|demo``) and the switch under load:
``parley train && parley promote`` against the team's tracking server while every replica takes
a steady, bounded open-loop load; every answer is checked (``tests.stress.load``)."""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import threading
import time
from pathlib import Path

from deploy.team import (
    DEFAULT_DIR,
    TeamState,
    champion,
    down,
    parley,
    served_version,
    up,
)
from tests.stress.load import OpenLoop

# TF-IDF trains in seconds; the behavioural thresholds are for MiniLM (see training/promote.py).
TFIDF_TRAIN = ("--model", "tfidf", "--set", "tfidf_c_grid=[4.0]", "--set", "experiment=team")
TFIDF_GATE = {
    "PARLEY_GATE_MIN_CLEAR": "0",
    "PARLEY_GATE_MIN_NEGATION": "0",
    "PARLEY_GATE_MIN_PARAPHRASE": "0",
}


def recipe(model: str) -> tuple[tuple[str, ...], dict[str, str]]:
    """``parley train`` arguments and the promotion gate's environment for a model kind."""
    if model == "tfidf":
        return TFIDF_TRAIN, TFIDF_GATE
    return ("--model", model, "--set", "experiment=team"), {}


def train_and_promote(state: TeamState, model: str = "tfidf") -> dict:
    """``parley train && parley promote`` against the team's server; what each said."""
    train_args, gate = recipe(model)
    train = parley(["train", *train_args], state)
    if train.returncode:
        raise RuntimeError(f"parley train failed ({train.returncode}):\n{train.stderr[-3000:]}")
    promote = parley(["promote"], state, **gate)
    if promote.returncode:
        raise RuntimeError(f"parley promote refused or failed:\n{promote.stdout[-3000:]}")
    return {"train": train.stdout[-2000:], "promote": promote.stdout[-2000:]}


def wait_serving(state: TeamState, version: str, timeout: float = 300) -> None:
    """Every replica ready and serving ``version``."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if all(served_version(r) == version for r in state.replicas):
            return
        time.sleep(0.3)
    seen = {r.name: served_version(r) for r in state.replicas}
    raise TimeoutError(f"replicas did not all serve version {version} in {timeout} s: {seen}")


class SwitchWatch:
    """Watches, every 50 ms in a thread, when the champion alias moves and when each replica's
    answers first carry a version other than ``old``."""

    def __init__(self, state: TeamState, loads: list[OpenLoop], old: str | None):
        self.state, self.loads, self.old = state, loads, old
        self.alias_moved: float | None = None
        self.first_new: dict[str, float] = {}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="switch-watch", daemon=True)

    def _run(self) -> None:
        while not self._stop.wait(0.05):
            now = time.monotonic()
            if self.alias_moved is None and champion(self.state) not in (None, self.old):
                self.alias_moved = now
            for replica, load in zip(self.state.replicas, self.loads, strict=True):
                versions = set(load.stats.versions)  # a copy: the load thread adds to it
                if replica.name not in self.first_new and versions - {self.old}:
                    self.first_new[replica.name] = now

    def start(self) -> SwitchWatch:
        self._thread.start()
        return self

    def done(self) -> bool:
        return len(self.first_new) == len(self.loads)

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(10)

    def switch_s(self, name: str) -> float | None:
        """Seconds from the alias move to the replica's first answer from the new version."""
        if self.alias_moved is None or name not in self.first_new:
            return None
        return round(self.first_new[name] - self.alias_moved, 2)


def switch_under_load(
    state: TeamState,
    model: str = "tfidf",
    rate: float = 10.0,
    statements: int = 2,
    settle_s: float = 3.0,
    switch_timeout: float = 300.0,
) -> dict:
    """Load every replica at ``rate`` requests/s, run ``parley train && parley promote``, and
    time how long after the alias moved each replica's answers carry the new version."""
    old = champion(state)
    loads = [
        OpenLoop(r.url, rate=rate, seconds=3600, statements=statements) for r in state.replicas
    ]
    for load in loads:
        load.start()
    watch = SwitchWatch(state, loads, old)
    new = None
    try:
        deadline = time.monotonic() + 60
        while any(load.stats.ok < 5 for load in loads):
            if time.monotonic() > deadline:
                raise TimeoutError("the replicas answered no traffic before the switch")
            time.sleep(0.1)
        watch.start()
        started = time.monotonic()
        said = train_and_promote(state, model)
        promoted = time.monotonic()
        new = champion(state)
        if new in (None, old):
            raise RuntimeError(f"the champion did not move (still {old}):\n{said['promote']}")
        deadline = promoted + state.poll_s + switch_timeout
        while not watch.done() and time.monotonic() < deadline:
            time.sleep(0.05)
        time.sleep(settle_s)  # keep loading the new version for a moment
    finally:
        watch.stop()
        stats = [load.stop() for load in loads]
    per_replica = {
        replica.name: {
            "url": replica.url,
            "switch_s_after_alias_move": watch.switch_s(replica.name),
            "last_version": s.last_version,
            **s.summary(),
        }
        for replica, s in zip(state.replicas, stats, strict=True)
    }
    return {
        "old_version": old,
        "new_version": new,
        "model": model,
        "poll_s": state.poll_s,
        "train_and_promote_s": round(promoted - started, 1),
        "rate_per_replica": rate,
        "sent": sum(s.sent for s in stats),
        "failed": sum(s.errors for s in stats),
        "not_200": sum(n for s in stats for code, n in s.statuses.items() if code != 200),
        "replicas": per_replica,
    }


def _print_up(state: TeamState) -> None:
    print(f"team up in {state.root} (stop: make team-down)")
    print(f"  PostgreSQL     127.0.0.1:{state.pg_port} (backend store, database mlflow)")
    print(f"  MLflow server  {state.tracking_uri}  (artifacts: {state.root}/artifacts)")
    for r in state.replicas:
        print(f"  {r.name:<13}  {r.url}  (polls the champion every {state.poll_s} s)")
    print("  train + promote a new champion; both replicas follow within the poll interval:")
    print(f"    MLFLOW_TRACKING_URI={state.tracking_uri} .venv/bin/parley train \\")
    print(f"      && MLFLOW_TRACKING_URI={state.tracking_uri} .venv/bin/parley promote")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m deploy", description=__doc__)
    sub = parser.add_subparsers(dest="cmd", required=True)
    for name in ("up", "down", "demo"):
        p = sub.add_parser(name)
        if name != "demo":
            p.add_argument("--root", type=Path, default=DEFAULT_DIR)
        if name != "down":
            p.add_argument("--replicas", type=int, default=2)
            p.add_argument("--poll-s", type=float, default=2.0)
    sub.choices["demo"].add_argument("--model", default="tfidf", help="tfidf (seconds) or minilm")
    sub.choices["demo"].add_argument("--rate", type=float, default=10.0, help="requests/s each")
    sub.choices["demo"].add_argument("--json", type=Path, help="also write the report here")
    args = parser.parse_args(argv)

    if args.cmd == "down":
        stopped = down(args.root)
        print(f"stopped: {', '.join(stopped) or 'nothing was running'}")
        return 0
    if args.cmd == "up":
        if (args.root / "team.json").exists():
            print(f"a team is already up in {args.root}: make team-down first", file=sys.stderr)
            return 2
        state = up(args.root, args.replicas, args.poll_s)
        try:
            if champion(state) is None:
                print("== no champion yet: training and promoting a TF-IDF one (seconds)")
                train_and_promote(state, "tfidf")
            wait_serving(state, champion(state) or "")
        except BaseException:
            down(args.root)
            raise
        _print_up(state)
        return 0
    root = Path(tempfile.mkdtemp(prefix="parley-team-")) / "team"
    root.parent.chmod(0o755)  # PostgreSQL's own user must reach its directory
    try:
        state = up(root, args.replicas, args.poll_s)
        _print_up(state)
        print("== first champion (TF-IDF)")
        train_and_promote(state, "tfidf")
        wait_serving(state, champion(state) or "")
        print(f"== parley train --model {args.model} && parley promote, under load")
        report = switch_under_load(state, args.model, rate=args.rate)
    finally:
        down(root)
        root.parent.rmdir()
    text = json.dumps(report, indent=2)
    print(text)
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(text + "\n")
    ok = report["failed"] == 0 and report["not_200"] == 0
    ok = ok and all(r["switch_s_after_alias_move"] is not None for r in report["replicas"].values())
    return 0 if ok else 1
