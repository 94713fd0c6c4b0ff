"""A team setup on one machine, started for real: PostgreSQL -> an MLflow tracking server with
a PostgreSQL backend store and a shared (proxied) artifact root -> N ``parley serve`` replicas,
each following ``stance-classifier@champion`` by polling the registry
(``PARLEY_RELOAD_INTERVAL_S``).

Everything binds 127.0.0.1 on free ports and lives under one directory (``--root``); its
``team.json`` lists the processes so that ``down`` (another process) can stop them. PostgreSQL
refuses to run as root: as root, its commands run as an unprivileged user (``PARLEY_PG_USER``,
default ``nobody``) through ``runuser``, on a data directory owned by that user. The database
user has a random password (scram-sha-256 on TCP); it reaches MLflow through ``PGPASSWORD``,
never a command line.

    python -m deploy up      # start it all (and a first TF-IDF champion), leave it running
    python -m deploy down    # stop it all, remove the directory
    python -m deploy demo    # up, train + promote under load, report, down
"""

from __future__ import annotations

import contextlib
import glob
import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent  # the environment's parley and mlflow
DEFAULT_DIR = Path(os.environ.get("PARLEY_TEAM_DIR", "/tmp/parley-team"))
DB_USER, DB_NAME = "parley", "mlflow"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def offline_env(**extra: str) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        MLFLOW_DISABLE_TELEMETRY="true",
        DO_NOT_TRACK="true",
        HF_HUB_OFFLINE="1",
        TRANSFORMERS_OFFLINE="1",
        TOKENIZERS_PARALLELISM="false",
        OMP_WAIT_POLICY="PASSIVE",
    )
    env.update(extra)
    return env


def pg_bin() -> Path:
    """PostgreSQL's server binaries: ``PARLEY_PG_BIN``, else the newest /usr/lib/postgresql."""
    if os.environ.get("PARLEY_PG_BIN"):
        return Path(os.environ["PARLEY_PG_BIN"])
    found = sorted(
        glob.glob("/usr/lib/postgresql/*/bin/initdb"),
        key=lambda p: int(Path(p).parts[-3]) if Path(p).parts[-3].isdigit() else 0,
    )
    if found:
        return Path(found[-1]).parent
    on_path = shutil.which("initdb")
    if on_path:
        return Path(on_path).parent
    raise RuntimeError(
        "PostgreSQL's server binaries (initdb, pg_ctl) were not found: install the Debian "
        "package 'postgresql' (make team-up does it as root) or set PARLEY_PG_BIN"
    )


@dataclass
class Proc:
    """A started server: its process group id, port and log."""

    name: str
    pid: int
    port: int
    log: str

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"


@dataclass
class TeamState:
    root: str
    pg_data: str
    pg_port: int
    pg_user: str | None  # the OS user PostgreSQL runs as (None: the current user)
    mlflow: Proc | None = None
    replicas: list[Proc] = field(default_factory=list)
    poll_s: float = 2.0
    db_password: str = field(default="", repr=False)  # in memory only, never in team.json

    @property
    def tracking_uri(self) -> str:
        assert self.mlflow is not None
        return self.mlflow.url

    def save(self) -> None:
        path = Path(self.root) / "team.json"
        saved = {k: v for k, v in asdict(self).items() if k != "db_password"}
        path.write_text(json.dumps(saved, indent=2))
        path.chmod(0o600)

    @classmethod
    def load(cls, root: Path) -> TeamState:
        raw = json.loads((root / "team.json").read_text())
        raw["mlflow"] = Proc(**raw["mlflow"]) if raw.get("mlflow") else None
        raw["replicas"] = [Proc(**r) for r in raw.get("replicas", [])]
        return cls(**raw)


def _as_pg_user(argv: list[str], user: str | None) -> list[str]:
    return ["runuser", "-u", user, "--", *argv] if user else argv


def _spawn(name: str, argv: list[str], env: dict[str, str], log: Path, port: int) -> Proc:
    with open(log, "w") as fh:  # the child keeps its own descriptor
        proc = subprocess.Popen(
            argv, env=env, stdout=fh, stderr=subprocess.STDOUT, start_new_session=True, cwd=ROOT
        )
    return Proc(name, proc.pid, port, str(log))


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    with contextlib.suppress(OSError):  # a zombie child of this process is gone too
        if os.waitpid(pid, os.WNOHANG)[0] == pid:
            return False
    return True


def _tail(log: str, n: int = 30) -> str:
    try:
        return "\n".join(Path(log).read_text(errors="replace").splitlines()[-n:])
    except OSError:
        return "(no log)"


def wait_http(proc: Proc, path: str, timeout: float, ok=(200,)) -> float:
    """Poll ``proc``'s ``path`` until it answers one of ``ok``; the seconds it took."""
    started = time.monotonic()
    while time.monotonic() - started < timeout:
        if not _alive(proc.pid):
            raise RuntimeError(f"{proc.name} exited; log:\n{_tail(proc.log)}")
        with contextlib.suppress(httpx.HTTPError):
            if httpx.get(proc.url + path, timeout=2).status_code in ok:
                return time.monotonic() - started
        time.sleep(0.3)
    raise TimeoutError(f"{proc.name} not ready after {timeout:.0f} s; log:\n{_tail(proc.log)}")


def stop_proc(proc: Proc, timeout: float = 20) -> None:
    """SIGTERM the process group, then SIGKILL if it is still there after ``timeout``."""
    for sig, wait in ((signal.SIGTERM, timeout), (signal.SIGKILL, 10)):
        try:
            os.killpg(proc.pid, sig)
        except ProcessLookupError:
            return
        deadline = time.monotonic() + wait
        while time.monotonic() < deadline and _alive(proc.pid):
            time.sleep(0.1)
        if not _alive(proc.pid):
            return


def start_postgres(root: Path) -> tuple[TeamState, str]:
    """initdb into ``root/pg`` and start PostgreSQL on 127.0.0.1 (TCP only, password auth);
    the state and the database password."""
    bindir = pg_bin()
    user = os.environ.get("PARLEY_PG_USER", "nobody") if os.geteuid() == 0 else None
    pg_root = root / "pg"
    pg_root.mkdir(mode=0o700)
    password = secrets.token_urlsafe(18)
    pwfile = pg_root / "pw"
    pwfile.write_text(password + "\n")
    pwfile.chmod(0o600)
    if user:
        root.chmod(0o755)  # the PostgreSQL user must reach its own directory
        closed = [str(p) for p in root.parents if not os.stat(p).st_mode & 0o001]
        if closed:
            raise RuntimeError(
                f"{closed[0]} is not traversable by other users, so PostgreSQL (running as "
                f"{user!r}) cannot reach {root}; choose a directory under an open one (/tmp)"
            )
        import pwd

        uid, gid = pwd.getpwnam(user).pw_uid, pwd.getpwnam(user).pw_gid
        for p in (pg_root, pwfile):
            os.chown(p, uid, gid)
    data, port = pg_root / "data", free_port()
    run = subprocess.run
    out = run(
        _as_pg_user(
            [
                str(bindir / "initdb"),
                "-D",
                str(data),
                "-U",
                DB_USER,
                "-E",
                "UTF8",
                "--auth-host=scram-sha-256",
                "--auth-local=peer",
                f"--pwfile={pwfile}",
                "--no-instructions",
            ],
            user,
        ),
        capture_output=True,
        text=True,
        timeout=120,
    )
    pwfile.unlink()
    if out.returncode:
        raise RuntimeError(f"initdb failed:\n{out.stdout}{out.stderr}")
    opts = f"-p {port} -c listen_addresses=127.0.0.1 -c unix_socket_directories=''"
    out = run(
        _as_pg_user(
            [str(bindir / "pg_ctl"), "-D", str(data), "-l", str(pg_root / "postgres.log")]
            + ["-w", "-t", "60", "-o", opts, "start"],
            user,
        ),
        capture_output=True,
        text=True,
        timeout=90,
    )
    state = TeamState(str(root), str(data), port, user)
    state.save()
    if out.returncode:
        raise RuntimeError(f"pg_ctl start failed:\n{out.stdout}{out.stderr}")
    out = run(
        [str(bindir / "createdb"), "-h", "127.0.0.1", "-p", str(port), "-U", DB_USER, DB_NAME],
        env={**os.environ, "PGPASSWORD": password},
        capture_output=True,
        text=True,
        timeout=60,
    )
    if out.returncode:
        raise RuntimeError(f"createdb failed:\n{out.stdout}{out.stderr}")
    state.db_password = password
    return state, password


def start_mlflow(state: TeamState, password: str, timeout: float = 240) -> None:
    """``mlflow server`` on the PostgreSQL store; artifacts proxied from ``root/artifacts``."""
    root = Path(state.root)
    port = free_port()
    store = f"postgresql+psycopg2://{DB_USER}@127.0.0.1:{state.pg_port}/{DB_NAME}"
    argv = [str(BIN / "mlflow"), "server", "--host", "127.0.0.1", "--port", str(port)]
    argv += ["--workers", "1", "--backend-store-uri", store]
    argv += ["--serve-artifacts", "--artifacts-destination", str(root / "artifacts")]
    env = offline_env(PGPASSWORD=password, MLFLOW_SERVER_ENABLE_JOB_EXECUTION="false")
    state.mlflow = _spawn("mlflow server", argv, env, root / "mlflow.log", port)
    state.save()
    wait_http(state.mlflow, "/health", timeout)


def start_replicas(state: TeamState, n: int, poll_s: float, **extra_env: str) -> None:
    """``n`` ``parley serve`` processes following the champion on the team's registry."""
    state.poll_s = poll_s
    for i in range(1, n + 1):
        port = free_port()
        env = offline_env(
            MLFLOW_TRACKING_URI=state.tracking_uri,
            PARLEY_RELOAD_INTERVAL_S=str(poll_s),
            PARLEY_ACCESS_LOG="false",
            **extra_env,
        )
        env.pop("MLFLOW_REGISTRY_URI", None)
        argv = [str(BIN / "parley"), "serve", "--host", "127.0.0.1", "--port", str(port)]
        log = Path(state.root) / f"replica-{i}.log"
        state.replicas.append(_spawn(f"replica {i}", argv, env, log, port))
        state.save()
    for replica in state.replicas:  # alive and answering; ready once a champion exists
        wait_http(replica, "/healthz", 240)


def up(root: Path, replicas: int = 2, poll_s: float = 2.0, **extra_env: str) -> TeamState:
    """Start PostgreSQL, the MLflow server and the replicas under ``root`` (a new directory).
    On any failure, whatever was started is stopped again."""
    root.mkdir(parents=True, exist_ok=False)
    try:
        state, password = start_postgres(root)
        start_mlflow(state, password)
        start_replicas(state, replicas, poll_s, **extra_env)
    except BaseException:
        down(root, remove=False)
        raise
    return state


def down(root: Path, remove: bool = True) -> list[str]:
    """Stop everything ``root/team.json`` lists (replicas, MLflow, PostgreSQL); what stopped."""
    stopped: list[str] = []
    try:
        state = TeamState.load(root)
    except FileNotFoundError:
        state = None
    if state is not None:
        for proc in [*state.replicas, *([state.mlflow] if state.mlflow else [])]:
            stop_proc(proc)
            stopped.append(proc.name)
        data = Path(state.pg_data)
        if (data / "postmaster.pid").exists():
            argv = [str(pg_bin() / "pg_ctl"), "-D", str(data), "-m", "fast", "-w", "stop"]
            subprocess.run(_as_pg_user(argv, state.pg_user), capture_output=True, timeout=60)
            stopped.append("postgres")
    if remove:
        shutil.rmtree(root, ignore_errors=True)
    return stopped


def parley(args: list[str], state: TeamState, timeout: float = 1800, **extra_env: str):
    """A ``parley`` command against the team's tracking server (bounded)."""
    env = offline_env(MLFLOW_TRACKING_URI=state.tracking_uri, **extra_env)
    env.pop("MLFLOW_REGISTRY_URI", None)
    return subprocess.run(
        [str(BIN / "parley"), *args],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def db_query(state: TeamState, sql: str) -> list[tuple]:
    """Rows of a query on the backend store (PostgreSQL), as the database user."""
    import psycopg2

    conn = psycopg2.connect(
        host="127.0.0.1",
        port=state.pg_port,
        user=DB_USER,
        password=state.db_password,
        dbname=DB_NAME,
        connect_timeout=10,
    )
    try:
        with conn.cursor() as cur:
            cur.execute(sql)
            return list(cur.fetchall())
    finally:
        conn.close()


def champion(state: TeamState) -> str | None:
    from mlflow import MlflowClient
    from mlflow.exceptions import MlflowException

    client = MlflowClient(tracking_uri=state.tracking_uri, registry_uri=state.tracking_uri)
    try:
        return str(client.get_model_version_by_alias("stance-classifier", "champion").version)
    except MlflowException:
        return None


def served_version(replica: Proc) -> str | None:
    try:
        return httpx.get(replica.url + "/v1/model", timeout=5).json().get("version")
    except (httpx.HTTPError, ValueError):
        return None
