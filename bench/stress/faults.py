"""The ``make stress`` scenarios of the jobs around serving: batch faults (``parley score``
killed and resumed), retraining faults, hostile input, and article mode under attack."""

from __future__ import annotations

import json
import random
import signal
import subprocess
import time
from pathlib import Path

from bench.stress.stack import Result, Stack, server_5xx, timed
from tests.helpers import corpus_texts
from tests.registry_server import FAST_TFIDF, parley, promote, train_tfidf
from tests.servers import PARLEY, ROOT, wait_for
from tests.stress.batch_faults import (
    clean_run,
    kill_resume_chain,
    namespace_prefix,
    run_on_small_disk,
    score_argv,
    sha256,
)
from tests.stress.hostile import check_api, hostile_jsonl

# --------------------------------------------------------------------------- 5. batch faults


@timed
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


@timed
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


@timed
def scenario_hostile(stack: Stack, rounds: int = 20, rows: int = 200_000) -> Result:
    r = Result("7. hostile input")
    version = stack.transformer or stack.champion
    uri = f"models:/stance-classifier/{version}"
    with stack.serve("hostile", PARLEY_MODEL_URI=uri, PARLEY_RELOAD_INTERVAL_S="0") as server:
        server.wait_ready()
        api = check_api(server.url, rounds=rounds)
        five = server_5xx(server.url)
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


@timed
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
