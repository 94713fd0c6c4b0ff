"""The long reliability scenarios of ``make stress``: each bounded in time and traffic, each on
127.0.0.1, each returning what was done, what was observed, and pass or fail. The serving ones
(fuzzing, overload, updates under load, registry faults) are here; the batch, retraining,
hostile-input and article ones in ``bench.stress.faults``."""

from __future__ import annotations

import asyncio
import threading
import time

import httpx

from bench.stress.faults import (
    scenario_article,
    scenario_batch,
    scenario_hostile,
    scenario_retraining,
)
from bench.stress.stack import Result, Stack, build_stack, server_5xx, timed
from tests.registry_server import promote, train_tfidf
from tests.servers import ParleyServer, wait_for
from tests.stress.fuzz import run_schemathesis
from tests.stress.load import OpenLoop, closed_loop

__all__ = ["SCENARIOS", "Result", "build_stack"]


# --------------------------------------------------------------------------- 1. fuzzing


@timed
def scenario_fuzz(stack: Stack, examples: int = 1000) -> Result:
    r = Result("1. fuzzed API")
    with stack.serve("fuzz") as server:
        server.wait_ready()
        rss0 = server.rss_mb()
        out = run_schemathesis(server.url, stack.root / "schemathesis", max_examples=examples)
        five = server_5xx(server.url)
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


@timed
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


@timed
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


@timed
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
