"""Stress scenario: the worst article shapes at the size limit, sent while ordinary traffic runs.

First ordinary traffic alone (an open loop of /v1/predict and a /healthz probe), then the same
traffic while ``attackers`` clients send the slowest generated shapes (tests/stress/article_shapes.py)
at 100 KB to /v1/analyze back to back, more at once than there are article workers. Passes when
ordinary traffic is unaffected within bounds (no errors; /v1/predict p99 within
``P99_FACTOR`` x its quiet p99 + ``P99_SLACK_MS``; /healthz p99 under ``HEALTHZ_P99_MS``), every
article is answered 200, 503 + Retry-After (busy) or 504 (deadline), and the server lives.
"""

from __future__ import annotations

import itertools
import json
import subprocess
import sys
import threading
import time

import httpx

from tests.stress.article_shapes import SHAPES, make
from tests.stress.load import OpenLoop, percentile

P99_FACTOR = 3.0
P99_SLACK_MS = 150.0
HEALTHZ_P99_MS = 250.0
WORST = ["name_comma_run", "quote_dog_said", "quote_said_name", "called_it_run", "dash_word",
         "spaces_before_said", "xavier_met_yolanda", "quoted_sentences"]  # fmt: skip


class Probe:
    """``GET /healthz`` every ``every`` seconds in a thread; latencies in ms."""

    def __init__(self, url: str, every: float = 0.1):
        self.url, self.every = url, every
        self.ms: list[float] = []
        self.failures = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        with httpx.Client(timeout=30) as client:
            while not self._stop.is_set():
                t0 = time.perf_counter()
                try:
                    ok = client.get(f"{self.url}/healthz").status_code == 200
                except httpx.HTTPError:
                    ok = False
                self.ms.append(1000 * (time.perf_counter() - t0))
                self.failures += not ok
                self._stop.wait(self.every)

    def __enter__(self) -> Probe:
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join(60)

    def p(self, q: float) -> float:
        return round(percentile([m / 1000 for m in self.ms], q) * 1000, 1) if self.ms else 0.0


def _attack(url: str, stop: threading.Event, texts, out: list[tuple[int, float, bool]]) -> None:
    with httpx.Client(timeout=120) as client:
        for text in texts:
            if stop.is_set():
                return
            t0 = time.perf_counter()
            r = client.post(f"{url}/v1/analyze", json={"text": text})
            retry = r.status_code != 503 or r.headers.get("Retry-After", "").isdigit()
            out.append((r.status_code, time.perf_counter() - t0, retry))
            if r.status_code == 503:
                stop.wait(float(r.headers.get("Retry-After", "1")))


def run_article_scenario(
    url: str, seconds: float = 40, rate: float = 10, attackers: int = 3, quiet_s: float = 15
) -> dict:
    """The measurements (no verdict); the caller's server must be ready."""
    with Probe(url) as quiet_probe:
        quiet = OpenLoop(url, rate, quiet_s, statements=4).start().join()
    # the attackers run in a process of their own, so that sending the largest bodies does not
    # slow down the measuring threads of this one (its GIL) and blur the server's latency
    attack = subprocess.Popen(
        [sys.executable, "-m", "bench.stress.article", url, str(seconds), str(attackers)],
        stdout=subprocess.PIPE,
        text=True,
    )
    with Probe(url) as busy_probe:
        busy = OpenLoop(url, rate, seconds, statements=4).start().join()
    out, _ = attack.communicate(timeout=seconds + 300)
    answers = [tuple(a) for a in json.loads(out)]
    statuses: dict[str, int] = {}
    for status, _, _ in answers:
        statuses[str(status)] = statuses.get(str(status), 0) + 1
    ok_s = [s for status, s, _ in answers if status == 200]
    return {
        "quiet": quiet.summary(),
        "busy": busy.summary(),
        "healthz_quiet_p99_ms": quiet_probe.p(99),
        "healthz_busy_p99_ms": busy_probe.p(99),
        "healthz_busy_max_ms": round(max(busy_probe.ms, default=0.0), 1),
        "healthz_failures": quiet_probe.failures + busy_probe.failures,
        "healthz_probes": len(busy_probe.ms),
        "articles": statuses,
        "article_200_max_s": round(max(ok_s, default=0.0), 2),
        "article_503_without_retry_after": sum(not r for _, _, r in answers),
        "shapes": WORST,
        "attackers": attackers,
        "rate": rate,
        "seconds": seconds,
    }


def verdict(m: dict) -> tuple[bool, str, str]:
    """(passed, what was done, what was observed) for the stress table."""
    quiet_p99 = m["quiet"]["p99_ms"] or 0.0
    busy_p99 = m["busy"]["p99_ms"] or float("inf")
    bound = P99_FACTOR * quiet_p99 + P99_SLACK_MS
    arts = m["articles"]
    passed = (
        m["busy"]["errors"] == 0
        and m["quiet"]["errors"] == 0
        and busy_p99 <= bound
        and m["healthz_busy_p99_ms"] <= HEALTHZ_P99_MS
        and m["healthz_failures"] == 0
        and set(arts) <= {"200", "503", "504"}
        and arts.get("200", 0) > 0
        and m["article_503_without_retry_after"] == 0
    )
    done = (
        f"/v1/predict open loop {m['rate']:g} req/s (4 statements) + /healthz every 0.1 s, "
        f"{m['quiet']['seconds']:.0f} s alone then {m['seconds']:g} s while {m['attackers']} "
        f"clients sent the {len(m['shapes'])} worst shapes at 100 KB to /v1/analyze back to back"
    )
    observed = (
        f"predict p99 {quiet_p99} ms alone -> {m['busy']['p99_ms']} ms during (bound "
        f"{bound:.0f}), errors {m['busy']['errors']}; healthz p99 {m['healthz_quiet_p99_ms']} -> "
        f"{m['healthz_busy_p99_ms']} ms (max {m['healthz_busy_max_ms']}); articles {arts}, "
        f"slowest 200 in {m['article_200_max_s']} s"
    )
    return passed, done, observed


def _attack_main(url: str, seconds: float, attackers: int) -> None:
    """The attacking clients (``python -m bench.stress.article URL SECONDS N``): JSON answers."""
    texts = [make(name, 100_000) for name in WORST if name in SHAPES]
    stop = threading.Event()
    answers: list[tuple[int, float, bool]] = []
    threads = [
        threading.Thread(
            target=_attack,
            args=(url, stop, itertools.cycle(texts[i:] + texts[:i]), answers),
            daemon=True,
        )
        for i in range(attackers)
    ]
    for t in threads:
        t.start()
    time.sleep(seconds)
    stop.set()
    for t in threads:
        t.join(150)
    print(json.dumps(answers))


if __name__ == "__main__":
    _attack_main(sys.argv[1], float(sys.argv[2]), int(sys.argv[3]))
