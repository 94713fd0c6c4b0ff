"""Length-aware batching shared by the transformer engines (torch and ONNX).

Texts are sorted by token count and cut into batches whose padded size (rows x longest row) stays
within a token budget; each batch is padded only to its own longest row, and results are put back
in input order.
"""

from __future__ import annotations

import numpy as np

from parley_model.engines.base import EngineOutput
from parley_model.labels import LABELS

# Rows per forward pass of the int8 graph. Dynamic quantization scales activations per tensor, so
# in a batch a statement's scores would move with its batch mates; one statement per pass makes
# them a function of the statement alone, as fp32's are. Speed comes back from running
# single-threaded passes side by side (``parley_model.engines.onnx.int8_engine``).
INT8_ROWS = 1


def plan_batches(lengths: np.ndarray, max_tokens: int, max_rows: int = 0) -> list[np.ndarray]:
    """Indices of length-sorted batches whose padded size (rows x longest) fits ``max_tokens``.

    Sorting keeps padding small; the token budget (rather than a fixed count) lets short
    statements go in large batches and keeps long ones from blowing up memory. A text longer
    than the budget gets a batch of its own. ``max_rows`` > 0 caps the rows as well.
    """
    order = np.argsort(lengths, kind="stable")
    batches: list[np.ndarray] = []
    start = 0
    n = len(order)
    while start < n:
        end = start + 1
        while end < n:
            rows = end - start + 1
            if max_rows and rows > max_rows:
                break
            if rows * int(lengths[order[end]]) > max_tokens:  # sorted: the new row is the longest
                break
            end += 1
        batches.append(order[start:end])
        start = end
    return batches


def clip_window(ids: list[int], max_length: int, sep_id: int | None) -> list[int]:
    """Keep the first ``max_length`` tokens, re-closed with SEP (the model saw that shape)."""
    if len(ids) <= max_length:
        return ids
    return ids[: max_length - 1] + [sep_id if sep_id is not None else ids[-1]]


def pad_rows(rows: list[list[int]], pad_id: int) -> tuple[np.ndarray, np.ndarray]:
    """Pad to the longest row of this batch only: (input_ids, attention_mask), int64."""
    width = max(len(r) for r in rows)
    input_ids = np.full((len(rows), width), pad_id, dtype=np.int64)
    mask = np.zeros((len(rows), width), dtype=np.int64)
    for j, r in enumerate(rows):
        input_ids[j, : len(r)] = r
        mask[j, : len(r)] = 1
    return input_ids, mask


def run_batched(
    encoded: list[list[int]],
    forward,
    *,
    max_length: int,
    max_tokens: int,
    max_rows: int,
    sep_id: int | None,
    pad_id: int,
    mapper=map,
) -> EngineOutput:
    """Shared by every transformer engine: window, plan, pad, ``forward(ids, mask)``, reorder.

    ``mapper`` runs the batches (``map``: one after the other; an executor's ``map``: side by
    side); results are put back by index either way.
    """
    n = len(encoded)
    out = np.zeros((n, len(LABELS)), dtype=np.float32)
    lengths = np.array([len(ids) for ids in encoded], dtype=np.int64)
    truncated = lengths > max_length
    clipped = np.minimum(lengths, max_length)
    batches = plan_batches(clipped, max_tokens, max_rows)

    def run_one(idx: np.ndarray) -> np.ndarray:
        return forward(
            *pad_rows([clip_window(encoded[i], max_length, sep_id) for i in idx], pad_id)
        )

    for idx, logits in zip(batches, mapper(run_one, batches), strict=True):
        out[idx] = logits
    return EngineOutput(out, truncated)
