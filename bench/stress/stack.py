"""What every ``make stress`` scenario shares: the stack (a private MLflow server with a TF-IDF
champion, and ``parley serve`` processes against it), the result record, and the 5xx count."""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path

import httpx

from tests.registry_server import MlflowServer, parley, promote, registered_version, train_tfidf
from tests.servers import ParleyServer


@dataclass
class Result:
    scenario: str
    done: str = ""
    observed: str = ""
    passed: bool = False
    details: dict = field(default_factory=dict)
    seconds: float = 0.0


@dataclass
class Stack:
    """The shared set-up: a private MLflow server with a TF-IDF champion (and, for overload,
    a one-epoch MiniLM version whose forward pass makes the server CPU-bound)."""

    root: Path
    mlflow: MlflowServer
    champion: str
    transformer: str | None = None

    def env(self, **extra: str) -> dict[str, str]:
        return self.mlflow.env(**extra)

    def serve(self, name: str, **settings: str) -> ParleyServer:
        base = {"PARLEY_ACCESS_LOG": "false", "PARLEY_LOG_LEVEL": "warning"}
        return ParleyServer(self.env(**(base | settings)), self.root / f"{name}.log")


def build_stack(root: Path, transformer: bool = True) -> Stack:
    mlflow = MlflowServer(root / "mlflow").start()
    env = mlflow.env()
    champion = train_tfidf(env)
    out = promote(env)
    if out.returncode != 0:
        raise RuntimeError(f"the first promote failed:\n{out.stdout}{out.stderr}")
    stack = Stack(root, mlflow, champion)
    if transformer:  # registered, never promoted: overload serves it by version
        args = ["train", "--model", "minilm", "--epochs", "1"]
        args += [
            "--set",
            'data=["data/real_statements.jsonl", "data/real_statements_2.jsonl"]',
            "--set",
            "experiment=reliability",
        ]
        out = parley(args, env, timeout=1800)
        if out.returncode != 0:
            raise RuntimeError(f"training the MiniLM version failed:\n{out.stderr[-3000:]}")
        stack.transformer = registered_version(out.stdout)
        mlflow.set_alias("challenger", stack.champion)  # keep the gate's view simple
    return stack


def timed(fn):
    def run(*args, **kwargs) -> Result:
        started = time.monotonic()
        try:
            result = fn(*args, **kwargs)
        except Exception as exc:  # a scenario that crashes is a failed scenario, not a crash
            result = Result(fn.__name__.removeprefix("scenario_").replace("_", "-"))
            result.observed = f"scenario error: {type(exc).__name__}: {str(exc)[:400]}"
        result.seconds = round(time.monotonic() - started, 1)
        return result

    run.__name__ = fn.__name__
    return run


def server_5xx(url: str) -> int:
    from prometheus_client.parser import text_string_to_metric_families

    text = httpx.get(f"{url}/metrics", timeout=10).text
    total = 0
    for family in text_string_to_metric_families(text):
        for s in family.samples:
            if (
                s.name == "parley_http_requests_total"
                and s.labels.get("status", "").startswith("5")
                and s.labels.get("route") != "/readyz"
            ):
                total += int(s.value)
    return total
