"""Length-aware batching: every row once, sorted, within the token budget; order preserved."""

from __future__ import annotations

import numpy as np
import pytest

from parley_model.engines.batching import clip_window, pad_rows, plan_batches


@pytest.mark.parametrize("max_rows", [0, 1, 3, 8])
@pytest.mark.parametrize("budget", [1, 64, 300, 4096])
def test_plan_batches_covers_each_row_once_within_budget(budget, max_rows):
    rng = np.random.default_rng(7)
    lengths = rng.integers(3, 200, size=157)
    batches = plan_batches(lengths, budget, max_rows)
    flat = np.concatenate(batches)
    assert sorted(flat.tolist()) == list(range(len(lengths)))  # each row exactly once
    assert np.all(np.diff(lengths[flat]) >= 0)  # length-sorted across and within batches
    for b in batches:
        padded = len(b) * lengths[b].max()
        assert padded <= budget or len(b) == 1  # only a lone over-long row may exceed it
        if max_rows:
            assert len(b) <= max_rows


def test_budget_packs_short_rows_and_isolates_long_ones():
    lengths = np.array([10] * 40 + [1000])
    batches = plan_batches(lengths, 400)
    assert [len(b) for b in batches] == [40, 1]


def test_plan_batches_is_stable_for_equal_lengths():
    batches = plan_batches(np.array([5, 5, 5, 5]), 10)
    assert [b.tolist() for b in batches] == [[0, 1], [2, 3]]


def test_clip_window_recloses_with_sep_and_pad_rows_masks():
    assert clip_window([101, 1, 2, 3, 102], 4, 102) == [101, 1, 2, 102]
    assert clip_window([101, 1, 102], 4, 102) == [101, 1, 102]
    ids, mask = pad_rows([[1, 2, 3], [4]], pad_id=0)
    assert ids.tolist() == [[1, 2, 3], [4, 0, 0]]
    assert mask.tolist() == [[1, 1, 1], [1, 0, 0]]
    assert ids.dtype == np.int64 and mask.dtype == np.int64
