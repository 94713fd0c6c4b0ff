"""Progress bars for the training loops: one tqdm bar per epoch, with rate and ETA, on stderr.

Shown when stderr is a terminal (``make run``, ``parley train`` by hand) and hidden in logs and
tests, so they stay one line per epoch. ``PARLEY_PROGRESS=1`` forces the bar on, ``0`` off.
"""

from __future__ import annotations

import os
from collections.abc import Iterable

from tqdm import tqdm

OFF = ("0", "false", "no", "off")


def bar_disabled() -> bool | None:
    """tqdm's ``disable``: None = only on a terminal; True / False when PARLEY_PROGRESS says."""
    flag = os.environ.get("PARLEY_PROGRESS", "").strip().lower()
    if not flag:
        return None
    return flag in OFF


def epoch_bar(batches: Iterable, total: int, epoch: int, epochs: int) -> tqdm:
    """Wrap one epoch's batches: ``epoch 2/3: 40%|████      | 12/30 [01:02<01:33, 5.2s/batch]``."""
    return tqdm(
        batches,
        total=total,
        desc=f"epoch {epoch}/{epochs}",
        unit="batch",
        disable=bar_disabled(),
        dynamic_ncols=True,
        leave=True,
    )
