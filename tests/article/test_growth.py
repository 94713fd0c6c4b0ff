"""Article mode stays linear: doubling a pathological article must not more than ~double the time.

Each shape of tests/stress/article_shapes.py (runs of spaces before a verb, one 100 KB token, quotes
and names repeated thousands of times in one sentence...) is extracted at 12.5, 25 and 50
KB (``make bench`` goes on to 100 KB). A quadratic step multiplies the time by 4 per doubling; the test fails above
``MAX_RATIO``. Only ratios measured within the run are judged, never wall-clock time: each size
is timed in CPU time of this process (other processes on a shared machine do not count) and
best-of-``REPEATS`` (noise only ever adds time), times below
``FLOOR_S`` count as ``FLOOR_S`` (too short to judge), the garbage collector is paused while
timing, and a doubling over the limit is timed again before it fails.
"""

from __future__ import annotations

import gc
import time

import pytest

from serving.article.extract import extract
from tests.stress.article_shapes import SHAPES, SIZES, make

# The doublings up to 50 KB catch a quadratic step as well as the one to 100 KB, at a third of the
# time; `make bench` (bench/article_shapes.py) times every size up to 100 KB.
TEST_SIZES = SIZES[:-1]
MAX_RATIO = (
    3.0  # linear doubles the time, quadratic quadruples it: 3 separates them with room for noise
)
FLOOR_S = 0.02
REPEATS = 2  # a doubling over the limit is timed again with 2 * REPEATS before it fails


@pytest.fixture(autouse=True, scope="module")
def _frozen_heap():
    """Move every object alive before these tests out of the collector's reach: late in a full
    run the heap holds models and thousands of tests' objects, and each ``gc.collect()`` below
    would walk all of them (seconds per shape, outside the timed region but not free)."""
    gc.collect()
    gc.freeze()
    yield
    gc.unfreeze()


def _best(text: str, repeats: int) -> float:
    best = float("inf")
    for _ in range(repeats):
        gc.collect()
        gc.disable()  # a collection landing in one run only is noise, not growth
        try:
            t0 = time.process_time()
            extract(text)
            best = min(best, time.process_time() - t0)
        finally:
            gc.enable()
        if best < FLOOR_S:  # already too short to judge; more runs cannot change the verdict
            break
    return max(best, FLOOR_S)


@pytest.mark.parametrize("shape", list(SHAPES))
def test_doubling_the_article_at_most_doubles_the_time(shape):
    times = {}
    for small, large in zip(TEST_SIZES, TEST_SIZES[1:], strict=False):
        for size in (small, large):
            if size not in times:
                times[size] = _best(make(shape, size), REPEATS)
        ratio = times[large] / times[small]
        if ratio > MAX_RATIO:  # noise or growth? time both again, harder
            times[small] = min(times[small], _best(make(shape, small), 2 * REPEATS))
            times[large] = min(times[large], _best(make(shape, large), 2 * REPEATS))
            ratio = times[large] / times[small]
        assert ratio <= MAX_RATIO, (
            f"{shape}: {small} -> {large} characters took {times[small]:.3f} s -> "
            f"{times[large]:.3f} s ({ratio:.1f}x; linear is 2x, quadratic 4x)"
        )


def test_shapes_are_the_sizes_they_claim():
    for shape in SHAPES:
        for size in SIZES:
            text = make(shape, size)
            assert size * 0.9 <= len(text) <= size, (shape, size, len(text))
