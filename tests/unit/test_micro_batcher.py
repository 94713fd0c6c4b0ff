"""The micro-batcher's scheduling: greedy by default, order kept, one bad job isolated.

The model here is a recording stand-in for the pyfunc (the unit under test is the scheduling,
not the model); the HTTP tests in tests/serving run the same batcher with real models.
"""

from __future__ import annotations

import asyncio
import threading

import pandas as pd

from inference.predict import LoadedModel
from serving.api.micro_batcher import MicroBatcher


class RecordingPyfunc:
    """Labels each text by its length; records batch sizes; the first call can be held."""

    def __init__(self) -> None:
        self.batches: list[list[str]] = []
        self.release = threading.Event()
        self.entered = threading.Event()

    def predict(self, frame: pd.DataFrame) -> pd.DataFrame:
        texts = frame["text"].tolist()
        self.batches.append(texts)
        self.entered.set()
        self.release.wait(5)
        if any("boom" in t for t in texts):
            raise ValueError("boom")
        return pd.DataFrame({"label": [f"len{len(t)}" for t in texts]})


def run(coro):
    return asyncio.run(coro)


def test_greedy_batcher_coalesces_jobs_queued_during_a_forward_pass() -> None:
    pyfunc = RecordingPyfunc()
    model = LoadedModel(pyfunc=pyfunc, uri="test")
    batcher = MicroBatcher(max_batch_size=32)  # default wait: none
    assert batcher.max_wait_s == 0.0
    batcher.start()

    async def scenario():
        first = asyncio.create_task(batcher.submit(model, ["a"]))
        await asyncio.get_running_loop().run_in_executor(None, pyfunc.entered.wait, 5)
        rest = [asyncio.create_task(batcher.submit(model, ["b" * i])) for i in range(2, 6)]
        await asyncio.sleep(0.05)  # all four are queued behind the held pass
        pyfunc.release.set()
        return await first, await asyncio.gather(*rest)

    try:
        first, rest = run(scenario())
    finally:
        batcher.stop()
    assert pyfunc.batches[0] == ["a"]
    assert pyfunc.batches[1] == ["bb", "bbb", "bbbb", "bbbbb"]  # one pass, in arrival order
    assert first["label"].tolist() == ["len1"]
    assert [f["label"].tolist() for f in rest] == [["len2"], ["len3"], ["len4"], ["len5"]]


def test_a_failing_job_does_not_fail_its_batch_neighbours() -> None:
    pyfunc = RecordingPyfunc()
    model = LoadedModel(pyfunc=pyfunc, uri="test")
    batcher = MicroBatcher(max_batch_size=32)
    batcher.start()

    async def scenario():
        hold = asyncio.create_task(batcher.submit(model, ["x"]))
        await asyncio.get_running_loop().run_in_executor(None, pyfunc.entered.wait, 5)
        good = asyncio.create_task(batcher.submit(model, ["fine"]))
        bad = asyncio.create_task(batcher.submit(model, ["boom"]))
        await asyncio.sleep(0.05)
        pyfunc.release.set()
        await hold
        return await good, await asyncio.gather(bad, return_exceptions=True)

    try:
        good, (bad,) = run(scenario())
    finally:
        batcher.stop()
    assert good["label"].tolist() == ["len4"]
    assert isinstance(bad, ValueError)
