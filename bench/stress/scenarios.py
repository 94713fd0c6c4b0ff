"""The long reliability scenarios of ``make stress``: each bounded in time and traffic, each on
127.0.0.1, each returning what was done, what was observed, and pass or fail."""

from __future__ import annotations

import asyncio
import json
import random
import signal
import subprocess
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import httpx

from bench.stress.batch_faults import (
    clean_run,
    kill_resume_chain,
    namespace_prefix,
    run_on_small_disk,
    score_argv,
    sha256,
)
from tests.helpers import corpus_texts
from tests.registry_server import (
    FAST_TFIDF,
    MlflowServer,
    parley,
    promote,
    registered_version,
    train_tfidf,
)
from tests.servers import PARLEY, ROOT, ParleyServer, wait_for
from tests.stress.fuzz import run_schemathesis
from tests.stress.hostile import check_api, hostile_jsonl
from tests.stress.load import OpenLoop, closed_loop


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


def _timed(fn):
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


def _server_5xx(url: str) -> int:
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


# --------------------------------------------------------------------------- 1. fuzzing


@_timed
def scenario_fuzz(stack: Stack, examples: int = 1000) -> Result:
    r = Result("1. fuzzed API")
    with stack.serve("fuzz") as server:
        server.wait_ready()
        rss0 = server.rss_mb()
        out = run_schemathesis(server.url, stack.root / "schemathesis", max_examples=examples)
        five = _server_5xx(server.url)
        rss1 = server.rss_mb()
        alive = server.alive
    r.done = (
        f"schemathesis {examples} examples/operation (seed fixed), positive + negative, "
        "against /openapi.json"
    )
    r.observed = (
        f"{out['test_cases']} test cases on {out['operations']} operations, "
        f"{len(out['failures'])} failures, server 5xx: {five}; RSS {rss0:.0f} -> {rss1:.0f} MB"
    )
    r.passed = out["rc"] == 0 and not out["failures"] and not out["errors"] and five == 0 and alive
    r.details = {k: v for k, v in out.items() if k != "output"} | {"server_5xx": five}
    if not r.passed:
        r.details["output"] = out["output"]
    return r


# --------------------------------------------------------------------------- 2. overload


class RssSampler:
    def __init__(self, server: ParleyServer, every: float = 5.0):
        self.server, self.every, self.samples = server, every, []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while not self._stop.wait(self.every):
            self.samples.append(round(self.server.rss_mb(), 1))

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join(10)


@_timed
def scenario_overload(
    stack: Stack, seconds: float = 120, statements: int = 8, factor: float = 2.0
) -> Result:
    r = Result("2. overload")
    version = stack.transformer or stack.champion
    uri = f"models:/stance-classifier/{version}"
    with stack.serve("overload", PARLEY_MODEL_URI=uri, PARLEY_RELOAD_INTERVAL_S="0") as server:
        server.wait_ready()
        asyncio.run(closed_loop(server.url, concurrency=8, seconds=5, statements=statements))
        sat = asyncio.run(
            closed_loop(server.url, concurrency=16, seconds=20, statements=statements)
        )
        sat_rps = sat.ok / sat.seconds
        rate = factor * sat_rps
        rss0 = server.rss_mb()
        with RssSampler(server) as rss:
            load = OpenLoop(server.url, rate, seconds, statements, max_in_flight=512).start()
            stats = load.join()
        rss1 = server.rss_mb()
        alive = server.alive
        after = httpx.post(
            f"{server.url}/v1/predict",
            json={"statements": [{"id": "after", "text": "Keep talking."}]},
            timeout=60,
        ).status_code
        rejected_metric = server.metric("parley_overload_rejections_total")
    queue = 512  # PARLEY_QUEUE_SIZE default
    drain_s = queue / max(sat_rps * statements, 1e-9)  # the longest an accepted job can wait
    bound_ms = 1000 * (2 * drain_s + 1.0)
    p99 = stats.p(99) or 0.0
    growth = rss1 - rss0
    r.done = (
        f"saturation {sat_rps:.1f} req/s ({statements} statements each, closed loop c=16); "
        f"then open loop at {factor:g}x = {rate:.1f} req/s for {seconds:g} s "
        f"(model v{version}, {'MiniLM 1 epoch' if stack.transformer else 'TF-IDF'})"
    )
    r.observed = (
        f"{stats.sent} requests: {stats.ok} ok, {stats.rejected} 503+Retry-After, "
        f"{stats.errors} other; accepted p50 {stats.summary()['p50_ms']} ms, p99 {p99} ms "
        f"(bound {bound_ms:.0f} ms); RSS {rss0:.0f} -> {rss1:.0f} MB (peak sample "
        f"{max(rss.samples, default=rss1):.0f}); server alive: {alive}"
    )
    r.passed = (
        alive
        and after == 200
        and stats.errors == 0
        and stats.rejected > 0
        and rejected_metric >= stats.rejected
        and p99 <= bound_ms
        and growth <= max(64.0, 0.15 * rss0)
    )
    r.details = {
        "saturation": sat.summary(),
        "overload": stats.summary(),
        "rate": round(rate, 1),
        "p99_bound_ms": round(bound_ms),
        "rss_start_mb": round(rss0, 1),
        "rss_end_mb": round(rss1, 1),
        "rss_samples_mb": rss.samples,
        "server_rejections_metric": rejected_metric,
        "after_status": after,
    }
    return r


# ------------------------------------------------------------------- 3. updates under load


@_timed
def scenario_updates(stack: Stack, rate: float = 25, statements: int = 2) -> Result:
    r = Result("3. model updates under load")
    old = stack.mlflow.alias("champion")
    env = stack.env()
    notes = {}
    with stack.serve("updates", PARLEY_RELOAD_INTERVAL_S="1") as server:
        server.wait_ready()
        load = OpenLoop(server.url, rate, 3600, statements).start()
        new = None
        try:
            wait_for(lambda: load.stats.ok >= 20, 60, "no traffic")
            new = train_tfidf(env)  # a real retraining, under load
            out = promote(env)
            notes["promote"] = out.returncode
            wait_for(lambda: load.stats.last_version == new, 120, "new version never served")
            broken = train_tfidf(env)
            stack.mlflow.corrupt(broken)
            refused = promote(env)
            notes["gate_refused_broken"] = refused.returncode == 1 and (
                f"challenger version {broken} cannot be loaded" in refused.stdout
            )
            stack.mlflow.set_alias("champion", broken)  # forced past the gate
            err = wait_for(lambda: server.model()["last_reload_error"], 120, "broken unseen")
            notes["server_refused_broken"] = err["version"] == broken
            seen = load.stats.ok
            wait_for(lambda: load.stats.ok >= seen + 10 * rate, 120, "traffic stopped")
            notes["still_serving"] = server.model()["version"]
        finally:
            stats = load.stop()
            stack.mlflow.set_alias("champion", new or old)
        alive = server.alive
    r.done = (
        f"open loop {rate:g} req/s; parley train + parley promote (v{old} -> v{new}); "
        f"a corrupt v{broken} through parley promote, then forced onto champion"
    )
    r.observed = (
        f"{stats.sent} requests: {stats.ok} ok, {stats.sent - stats.ok} failed; versions served "
        f"{dict(stats.versions)}; gate refused broken: {notes.get('gate_refused_broken')}; "
        f"server refused it and kept v{notes.get('still_serving')}"
    )
    r.passed = (
        alive
        and stats.errors == 0
        and stats.ok == stats.sent
        and notes.get("promote") == 0
        and stats.last_version == new
        and set(stats.versions) <= {old, new}
        and notes.get("gate_refused_broken")
        and notes.get("server_refused_broken")
        and notes.get("still_serving") == new
    )
    r.details = {"load": stats.summary(), **notes, "old": old, "new": new, "broken": broken}
    return r


# ----------------------------------------------------------------------- 4. registry faults


@_timed
def scenario_registry(stack: Stack, outage_s: float = 60, rate: float = 20) -> Result:
    r = Result("4. registry faults")
    cache = stack.root / "model-cache"
    settings = {"PARLEY_RELOAD_INTERVAL_S": "1", "PARLEY_MODEL_CACHE_DIR": str(cache)}
    notes: dict = {}
    try:
        with stack.serve("registry-first", **settings) as first:
            first.wait_ready()
            wait_for(lambda: list(cache.glob("*.json")), 60, "never cached")
            load = OpenLoop(first.url, rate, 3600, 2).start()
            try:
                wait_for(lambda: load.stats.ok >= 20, 60, "no traffic")
                stack.mlflow.kill()
                down_at = time.monotonic()
                error = wait_for(lambda: first.model()["last_reload_error"], 60, "unseen")
                notes["outage_reported"] = bool(error)
                bare = stack.serve("registry-bare", PARLEY_RELOAD_INTERVAL_S="1")
                t0 = time.monotonic()
                try:
                    notes["bare_exit"] = bare.wait_exit(timeout=180)
                finally:
                    bare.stop()
                notes["bare_exit_s"] = round(time.monotonic() - t0, 1)
                log = (stack.root / "registry-bare.log").read_text()
                notes["bare_message"] = next(
                    (
                        ln.split("ERROR serving.api.app: ")[-1][:160]
                        for ln in log.splitlines()
                        if "cannot start" in ln
                    ),
                    None,
                )
                with stack.serve("registry-cached", **settings) as cached:
                    cached.wait_ready()
                    info = cached.model()
                    notes["cached_source"] = info["source"]
                    notes["cached_version"] = info["version"]
                remaining = outage_s - (time.monotonic() - down_at)
                if remaining > 0:
                    time.sleep(remaining)
                notes["outage_s"] = round(time.monotonic() - down_at, 1)
                stack.mlflow.start()
                wait_for(lambda: first.model()["last_reload_error"] is None, 120, "never cleared")
                notes["recovered"] = True
                seen = load.stats.ok
                wait_for(lambda: load.stats.ok >= seen + 5 * rate, 60, "traffic stopped")
            finally:
                stats = load.stop()
            alive = first.alive
    finally:
        if not stack.mlflow.alive:
            stack.mlflow.start()
    r.done = (
        f"open loop {rate:g} req/s on a server with a model cache; MLflow server SIGKILLed for "
        f"{notes.get('outage_s')} s; meanwhile a server started without cache, one with it"
    )
    r.observed = (
        f"{stats.sent} requests during/around the outage: {stats.ok} ok, "
        f"{stats.sent - stats.ok} failed; no-cache server exited {notes.get('bare_exit')} after "
        f"{notes.get('bare_exit_s')} s; cached server: source={notes.get('cached_source')} "
        f"v{notes.get('cached_version')}; error cleared on recovery: {notes.get('recovered')}"
    )
    r.passed = (
        alive
        and stats.errors == 0
        and stats.ok == stats.sent
        and notes.get("outage_reported")
        and notes.get("bare_exit") not in (None, 0)
        and bool(notes.get("bare_message"))
        and notes.get("cached_source") == "cache"
        and notes.get("cached_version") == stack.mlflow.alias("champion")
        and notes.get("recovered")
    )
    r.details = {"load": stats.summary(), **notes}
    return r


# --------------------------------------------------------------------------- 5. batch faults


@_timed
def scenario_batch(stack: Stack, rows: int = 12_000, kills: int = 10, seed: int = 1130) -> Result:
    r = Result("5. batch faults")
    env = stack.env()
    model = f"models:/stance-classifier/{stack.champion}"
    root = stack.root / "batch"
    root.mkdir(exist_ok=True)
    inp = root / "in.jsonl"
    texts = corpus_texts(rows)
    with open(inp, "w", encoding="utf-8") as fh:
        for i, text in enumerate(texts):
            fh.write(json.dumps({"id": f"s{i:06d}", "text": text if i % 97 else ""}) + "\n")
    chains = {}
    planned = {"parquet": kills, "csv": 5, "jsonl": 5}
    for k, (fmt, n) in enumerate(planned.items()):
        clean = root / f"clean.{fmt}"
        clean_run(inp, clean, model, env, 50)
        chain = kill_resume_chain(
            inp, root / f"out.{fmt}", clean, model, env, 50, kills=n, seed=seed + k
        )
        chains[fmt] = chain
    disks = {}
    if namespace_prefix() is not None:
        clean = root / "clean.csv"
        for size in ("300k", "1500k"):
            disk = root / f"disk-{size}"
            out = disk / "out.csv"
            argv = " ".join(score_argv(inp, out, model, 100))
            script = (
                f"{argv} >/dev/null 2>{root}/full-{size}.err; echo first_rc=$?\n"
                f"test -e {out} && echo partial=yes || echo partial=no\n"
                f"mount -o remount,size=64m {disk}\n"
                f"{argv} --resume >/dev/null 2>&1; echo second_rc=$?\nsha256sum {out}\n"
            )
            proc = run_on_small_disk(script, disk, f"size={size}", env)
            err = (root / f"full-{size}.err").read_text()
            line = next((ln for ln in err.splitlines() if ln.startswith("parley score:")), "")
            disks[size] = {
                "first_rc": "first_rc=2" in proc.stdout,
                "no_partial": "partial=no" in proc.stdout,
                "clear": "No space left" in line and "Traceback" not in err,
                "resumed_identical": "second_rc=0" in proc.stdout and sha256(clean) in proc.stdout,
                "message": line[:200],
            }
        ro = root / "ro"
        proc = run_on_small_disk(
            " ".join(score_argv(inp, ro / "out.csv", model, 100))
            + f"; echo rc=$?; ls -A {ro}|wc -l",
            ro,
            "ro",
            env,
        )
        disks["read-only"] = {
            "first_rc": "rc=2" in proc.stdout,
            "no_partial": proc.stdout.strip().endswith("0"),
            "clear": "Read-only file system" in proc.stderr and "Traceback" not in proc.stderr,
            "resumed_identical": True,
            "message": next(
                (ln for ln in proc.stderr.splitlines() if ln.startswith("parley score:")), ""
            )[:200],
        }
    total_kills = sum(c.kills for c in chains.values())
    points = sorted({p["point"] for c in chains.values() for p in c.points if p["killed"]})
    r.done = (
        f"{rows:,} rows, chunks of 50, into parquet/csv/jsonl: kill -9 at {total_kills} random "
        f"points ({', '.join(points)}), each followed by --resume; full disk (tmpfs 300k, 1500k) "
        "and read-only output"
    )
    r.observed = (
        "; ".join(
            f"{fmt}: {c.kills} kills, identical={c.identical}, rows once in order={c.rows_in_order}"
            for fmt, c in chains.items()
        )
        + "; "
        + "; ".join(
            f"{k}: clear error={v['clear']}, no partial file={v['no_partial']}"
            + (f", resumed identical={v['resumed_identical']}" if k != "read-only" else "")
            for k, v in disks.items()
        )
    )
    r.passed = (
        all(c.identical and c.rows_in_order and c.final_rc == 0 for c in chains.values())
        and all(c.kills == planned[fmt] for fmt, c in chains.items())
        and all(
            all(v[k] for k in ("first_rc", "no_partial", "clear", "resumed_identical"))
            for v in disks.values()
        )
        and bool(disks)
    )
    r.details = {
        "chains": {
            fmt: {
                "seed": c.seed,
                "points": c.points,
                "identical": c.identical,
                "rows_in_order": c.rows_in_order,
                "final_rc": c.final_rc,
            }
            for fmt, c in chains.items()
        },
        "disks": disks,
    }
    return r


# ------------------------------------------------------------------- 6. retraining faults


def _start_training(env: dict, log: Path, *extra: str) -> subprocess.Popen:
    with open(log, "w") as fh:
        return subprocess.Popen(
            [PARLEY, "train", *FAST_TFIDF, *extra],
            env=env,
            cwd=ROOT,
            stdout=fh,
            stderr=subprocess.STDOUT,
        )


def _run_of(stack: Stack, pid: int, status: str = "RUNNING"):
    return next(
        (
            r
            for r in stack.mlflow.runs()
            if r.info.status == status and r.data.tags.get("parley.pid") == str(pid)
        ),
        None,
    )


@_timed
def scenario_retraining(stack: Stack, seed: int = 606) -> Result:
    r = Result("6. retraining faults")
    rng = random.Random(seed)
    env = stack.env()
    client = stack.mlflow.client()
    champion = stack.mlflow.alias("champion")
    outcomes = {}
    for name, sig in (
        ("SIGTERM", signal.SIGTERM),
        ("SIGINT", signal.SIGINT),
        ("SIGKILL", signal.SIGKILL),
    ):
        # A random point inside the run. On a quiet machine a run can end (its MLflow run
        # FINISHED, the process still exiting) before the point comes: then start another one
        # and pick from an earlier window.
        window = 3.0
        for _ in range(5):
            proc = _start_training(env, stack.root / f"train-{name}.log")
            run = wait_for(lambda p=proc: _run_of(stack, p.pid), 300, f"{name}: no run")
            time.sleep(rng.uniform(0.0, window))
            if proc.poll() is None and client.get_run(run.info.run_id).info.status == "RUNNING":
                break
            proc.wait(timeout=180)  # finished (or finishing) on its own: try an earlier point
            window /= 2
        proc.send_signal(sig)
        rc = proc.wait(timeout=180)
        info = client.get_run(run.info.run_id)
        outcomes[name] = {
            "rc": rc,
            "status": info.info.status,
            "reason": info.data.tags.get("parley.error"),
        }
    killed_run = next(run for run in stack.mlflow.runs() if run.info.status == "RUNNING")
    weak = train_tfidf(env, "--set", "tfidf_c_grid=[0.0005]")  # also closes the orphan
    orphan = client.get_run(killed_run.info.run_id)
    outcomes["orphan_after_next_run"] = {
        "status": orphan.info.status,
        "reason": orphan.data.tags.get("parley.error"),
    }
    gate = promote(env)
    outcomes["weak_promote"] = {
        "rc": gate.returncode,
        "says_why": "below the champion's" in gate.stdout,
    }
    bad_files = {
        "invalid UTF-8": b'{"id": "n1", "text": "Talks \xff are over.", "label": "favor"}\n',
        "lone surrogate": b'{"id": "n1", "text": "Talks \\ud800.", "label": "favor"}\n',
        "unknown label": b'{"id": "n1", "text": "Talks are over.", "label": "maybe"}\n',
        "not JSON": b"{oops\n",
    }
    runs_before = len(stack.mlflow.runs())
    bad_out = {}
    for kind, content in bad_files.items():
        path = stack.root / f"bad-{kind.replace(' ', '-')}.jsonl"
        path.write_bytes(content)
        out = parley(["train", *FAST_TFIDF, "--data", str(path)], env, timeout=300)
        bad_out[kind] = (
            out.returncode == 2 and f"{path}:1:" in out.stderr and ("Traceback" not in out.stderr)
        )
    outcomes["bad_data_clear"] = bad_out
    outcomes["bad_data_new_runs"] = len(stack.mlflow.runs()) - runs_before
    still = stack.mlflow.alias("champion")
    r.done = (
        "parley train stopped at random points by SIGTERM, SIGINT, SIGKILL; a worse challenger "
        "(C=0.0005) through parley promote; 4 bad --data files"
    )
    r.observed = (
        f"SIGTERM: {outcomes['SIGTERM']['status']} ({outcomes['SIGTERM']['reason']}); SIGINT: "
        f"{outcomes['SIGINT']['status']}; SIGKILL: {outcomes['SIGKILL']['status']} until the next "
        f"run, then {orphan.info.status}; weak v{weak} refused: {gate.returncode == 1}; bad data "
        f"refused clearly: {sum(bad_out.values())}/{len(bad_out)}, new runs "
        f"{outcomes['bad_data_new_runs']}; champion v{champion} -> v{still}"
    )
    r.passed = (
        outcomes["SIGTERM"]["status"] == "FAILED"
        and outcomes["SIGINT"]["status"] == "FAILED"
        and outcomes["SIGKILL"]["status"] == "RUNNING"
        and orphan.info.status == "FAILED"
        and gate.returncode == 1
        and outcomes["weak_promote"]["says_why"]
        and all(bad_out.values())
        and outcomes["bad_data_new_runs"] == 0
        and still == champion
    )
    r.details = outcomes
    return r


# ---------------------------------------------------------------------- 7. hostile input


@_timed
def scenario_hostile(stack: Stack, rounds: int = 20, rows: int = 200_000) -> Result:
    r = Result("7. hostile input")
    version = stack.transformer or stack.champion
    uri = f"models:/stance-classifier/{version}"
    with stack.serve("hostile", PARLEY_MODEL_URI=uri, PARLEY_RELOAD_INTERVAL_S="0") as server:
        server.wait_ready()
        api = check_api(server.url, rounds=rounds)
        five = _server_5xx(server.url)
        alive = server.alive
    inp = stack.root / "hostile.jsonl"
    kinds = hostile_jsonl(inp, rows)
    out = stack.root / "hostile-out.jsonl"
    env = stack.env()
    t0 = time.monotonic()
    proc = parley(
        [
            "score",
            str(inp),
            "-o",
            str(out),
            "--model",
            f"models:/stance-classifier/{stack.champion}",
        ],
        env,
        timeout=1800,
    )
    score_s = time.monotonic() - t0
    got = errors = labelled = 0
    if proc.returncode == 0:
        with open(out, encoding="utf-8") as fh:
            for line in fh:
                row = json.loads(line)
                got += 1
                errors += row["error"] is not None
                labelled += row["label"] is not None
    bad = kinds["bad_utf8"] + kinds["surrogate"] + kinds["bad_json"] + kinds["no_text"]
    r.done = (
        f"{api['requests']} hostile API requests ({rounds} rounds: control chars, bidi, emoji, "
        f"mixed scripts, HTML, lone surrogates, invalid UTF-8, 200k-deep JSON, missing/extra "
        f"fields, 257 items, 20,001 chars) on v{version}; parley score of {rows:,} JSONL rows "
        f"({bad:,} broken)"
    )
    r.observed = (
        f"API: {len(api['problems'])} wrong answers, server 5xx {five}; score: rc "
        f"{proc.returncode}, {got:,} rows out ({labelled:,} labelled, {errors:,} with an error) "
        f"in {score_s:.0f} s"
    )
    r.passed = (
        alive
        and not api["problems"]
        and five == 0
        and proc.returncode == 0
        and got == rows
        and errors == bad
        and labelled == rows - bad
    )
    r.details = {
        "api": api,
        "kinds": kinds,
        "score_rc": proc.returncode,
        "score_stderr": proc.stderr[-1500:] if proc.returncode else "",
    }
    return r


# ------------------------------------------------------------------ 8. article mode


@_timed
def scenario_article(stack: Stack, seconds: float = 40, rate: float = 10) -> Result:
    from bench.stress.article import run_article_scenario, verdict

    r = Result("8. article mode")
    uri = f"models:/stance-classifier/{stack.champion}"
    with stack.serve("article", PARLEY_MODEL_URI=uri, PARLEY_RELOAD_INTERVAL_S="0") as server:
        server.wait_ready()
        m = run_article_scenario(server.url, seconds=seconds, rate=rate)
        alive = server.alive
    passed, r.done, r.observed = verdict(m)
    r.passed = passed and alive
    r.observed += f"; server alive: {alive}"
    r.details = m
    return r


SCENARIOS = {
    "fuzz": scenario_fuzz,
    "overload": scenario_overload,
    "updates": scenario_updates,
    "registry": scenario_registry,
    "batch": scenario_batch,
    "retraining": scenario_retraining,
    "hostile": scenario_hostile,
    "article": scenario_article,
}
