"""Every Parley server the tests and the benchmarks start: on 127.0.0.1, each wait bounded.

* :class:`LiveServer`: ``create_app(settings)`` under a real ``uvicorn.Server`` in a thread of
  this process (fast to start; the app's state can be inspected); :class:`ThreadServer` does
  the same for any ASGI app (MLflow's own scoring server, for comparison).
* :class:`ParleyServer`: ``parley serve`` as its own process, configured by its environment
  (what a user runs; its output, exit code and memory can be read).
* :class:`ServerProcess`: any server command (``mlflow server``, ``mlflow models serve``, an
  other venv's ``parley serve``) in its own process group, its output in a log file.

The benchmarks import this module too (``bench/`` may import ``tests/``, never the reverse).
"""

from __future__ import annotations

import contextlib
import ipaddress
import os
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import httpx

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent  # the venv's scripts: parley, mlflow, schemathesis, uvicorn
PARLEY = str(BIN / "parley")
MLFLOW = str(BIN / "mlflow")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(check: Callable[[], Any], timeout: float, message: str, interval: float = 0.2):
    """Call ``check`` until it returns something truthy (bounded); return that."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = check()
        if value:
            return value
        time.sleep(interval)
    raise TimeoutError(message)


def loopback_only(url: str) -> str:
    """``url`` without a trailing slash when its host is a loopback address; else refuse."""
    host = urlparse(url).hostname or ""
    try:
        ok = host == "localhost" or ipaddress.ip_address(host).is_loopback
    except ValueError:
        ok = False
    if not ok:
        raise SystemExit(f"refusing {url}: only 127.0.0.1 / localhost targets are allowed")
    return url.rstrip("/")


def environment(**extra: str | None) -> dict[str, str]:
    """This process's environment for a server or command: offline, quiet, passive OpenMP
    threads, this venv first on PATH (``mlflow models serve`` execs ``uvicorn`` by name);
    ``extra`` on top, where None removes a variable."""
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
    env["PATH"] = f"{BIN}{os.pathsep}{env.get('PATH', '')}"
    for key, value in extra.items():
        if value is None:
            env.pop(key, None)
        else:
            env[key] = value
    return env


def parse_metrics(text: str) -> dict[str, float]:
    """Prometheus text as {'name{a="x",b="y"}': value}, labels sorted by name."""
    from prometheus_client.parser import text_string_to_metric_families

    out = {}
    for family in text_string_to_metric_families(text):
        for s in family.samples:
            labels = ",".join(f'{k}="{v}"' for k, v in sorted(s.labels.items()))
            out[f"{s.name}{{{labels}}}" if labels else s.name] = s.value
    return out


def ready_body(url: str) -> dict | None:
    """``url``/readyz's body when it answers 200, else None."""
    try:
        r = httpx.get(f"{url}/readyz", timeout=5)
    except httpx.TransportError:
        return None
    return r.json() if r.status_code == 200 else None


def settings(model_uri: str, **overrides):
    """Test settings: explicit values so a developer's PARLEY_* environment cannot leak in."""
    from serving.api.settings import ServingSettings

    base = {
        "model_uri": model_uri,
        "api_key": None,
        "reload_interval_s": 0,
        "max_wait_ms": 2.0,
        "torch_threads": 1,
        "access_log": False,
        "log_level": "warning",
        "abstain_below": None,
    }
    return ServingSettings(**(base | overrides))


class ThreadServer:
    """An ASGI app under a real ``uvicorn.Server`` in a thread of this process, on 127.0.0.1
    (a free port); a context manager that yields itself started."""

    def __init__(self, app, name: str = "test-uvicorn"):  # noqa: ANN001 - any ASGI app
        import uvicorn

        self.app = app
        config = uvicorn.Config(
            app,
            host="127.0.0.1",
            port=0,
            log_level="warning",
            access_log=False,
            lifespan="on",
            timeout_graceful_shutdown=10,
        )
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, name=name, daemon=True)
        self.port: int | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self, timeout: float = 60.0) -> ThreadServer:
        self.thread.start()
        deadline = time.monotonic() + timeout
        while not self.server.started:
            if not self.thread.is_alive() or time.monotonic() > deadline:
                raise RuntimeError("uvicorn did not start")
            time.sleep(0.05)
        self.port = self.server.servers[0].sockets[0].getsockname()[1]
        return self

    def stop(self) -> None:
        self.server.should_exit = True
        self.thread.join(30)

    def __enter__(self):  # noqa: ANN204 - the subclass's own type
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()


class LiveServer(ThreadServer):
    """Parley's app, ``create_app(settings)``, under a :class:`ThreadServer`."""

    def __init__(self, settings):  # noqa: ANN001 - serving.api.settings.ServingSettings
        from serving.api.app import create_app

        self.settings = settings
        super().__init__(create_app(settings))

    def wait_ready(self, timeout: float = 120.0) -> dict:
        """Poll /readyz until 200; return its body."""
        return wait_for(lambda: ready_body(self.url), timeout, f"{self.url}/readyz never 200")

    def metrics(self) -> dict[str, float]:
        """Every sample of /metrics as {'name{label="v",...}': value}."""
        return parse_metrics(httpx.get(f"{self.url}/metrics", timeout=10).text)


def process_tree(pid: int) -> list[int]:
    """``pid`` and all its descendants (a server may fork its workers)."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        children.setdefault(int(stat.rsplit(")", 1)[1].split()[1]), []).append(int(entry.name))
    tree, todo = [], [pid]
    while todo:
        p = todo.pop()
        tree.append(p)
        todo.extend(children.get(p, []))
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


class ServerProcess:
    """A server command in its own process group: started, waited for, always stopped.

    Its output goes to ``log`` (a temporary file when None, removed by :meth:`stop`)."""

    def __init__(
        self,
        name: str,
        argv: Sequence[str],
        env: dict[str, str],
        log: Path | None = None,
        cwd: Path = ROOT,
    ):
        self.name = name
        self._own_log = log is None
        if log is None:
            fd, path = tempfile.mkstemp(prefix="parley-server-", suffix=".log")
            os.close(fd)
            log = Path(path)
        self.log = log
        self._log_file = log.open("w")
        self.proc = subprocess.Popen(
            list(argv),
            env=env,
            cwd=cwd,
            stdout=self._log_file,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        self.output = ""  # the whole log, kept by stop()

    @property
    def pid(self) -> int:
        return self.proc.pid

    @property
    def alive(self) -> bool:
        return self.proc.poll() is None

    def wait_ready(self, url: str, timeout: float = 240.0) -> float:
        """Poll ``url`` until it answers 200; return the seconds it took."""
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

    def text(self) -> str:
        """Everything the server wrote so far."""
        if self._log_file.closed:
            return self.output
        self._log_file.flush()
        return self.log.read_text(errors="replace")

    def tail(self, n: int = 40) -> str:
        return "\n".join(self.text().splitlines()[-n:])

    def stop(self) -> str:
        """SIGTERM the process group (SIGKILL after a grace period); return the whole log."""
        if self.proc.poll() is None:
            try:
                os.killpg(self.proc.pid, signal.SIGTERM)
                self.proc.wait(timeout=20)
            except (ProcessLookupError, subprocess.TimeoutExpired):
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait(timeout=10)
        if not self._log_file.closed:
            self.output = self.text()
            self._log_file.close()
            if self._own_log:
                self.log.unlink(missing_ok=True)
        return self.output

    def __enter__(self) -> ServerProcess:
        return self

    def __exit__(self, *exc) -> None:
        self.stop()


class ParleyServer(ServerProcess):
    """``parley serve`` as its own process; ``env`` is its whole environment (see
    :func:`environment`), ``program`` another venv's ``parley`` where needed."""

    def __init__(
        self,
        env: dict[str, str] | None = None,
        log: Path | None = None,
        port: int | None = None,
        program: str = PARLEY,
        args: Sequence[str] = (),
    ):
        self.port = port or free_port()
        argv = [program, "serve", "--host", "127.0.0.1", "--port", str(self.port), *args]
        super().__init__("parley serve", argv, env if env is not None else environment(), log)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def wait_ready(self, timeout: float = 240.0) -> float:  # type: ignore[override]
        return super().wait_ready(f"{self.url}/readyz", timeout=timeout)

    def wait_exit(self, timeout: float) -> int:
        return self.proc.wait(timeout=timeout)

    def rss_mb(self) -> float:
        return rss_mb(self.pid)

    def model(self) -> dict:
        return httpx.get(f"{self.url}/v1/model", timeout=10).json()

    def metrics(self) -> dict[str, float]:
        return parse_metrics(httpx.get(f"{self.url}/metrics", timeout=10).text)

    def metric(self, name: str) -> float:
        """The sum of the samples called ``name`` on /metrics (0 if none)."""
        return sum(v for k, v in self.metrics().items() if k.split("{", 1)[0] == name)

    def __enter__(self) -> ParleyServer:
        return self


def serve_model(model_uri: str, log: Path | None = None, **env: str | None) -> ParleyServer:
    """``parley serve`` of ``model_uri`` with no API key and no reload poll, ready; ``env``
    adds PARLEY_* variables. Stop it (or use it as a context manager)."""
    env = {"PARLEY_API_KEY": None, "PARLEY_RELOAD_INTERVAL_S": "0"} | env
    server = ParleyServer(environment(PARLEY_MODEL_URI=model_uri, **env), log)
    try:
        server.wait_ready(timeout=180)
    except BaseException:
        server.stop()
        raise
    return server
