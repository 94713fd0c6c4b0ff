"""Progress bars for the training loops: one tqdm bar per epoch, with rate and ETA, on stderr.

Whether a bar shows is the process setting ``Settings.progress`` (``PARLEY_PROGRESS``), passed in
by the caller: None shows it only when stderr is a terminal (``make run``, ``parley train`` by
hand), so logs and tests stay one line per epoch; True forces it on, False off.
"""

from __future__ import annotations

from collections.abc import Iterable

from tqdm import tqdm


def bar_disabled(show: bool | None) -> bool | None:
    """tqdm's ``disable`` for the ``show`` setting: None = only on a terminal."""
    return None if show is None else not show


def epoch_bar(
    batches: Iterable, total: int, epoch: int, epochs: int, show: bool | None = None
) -> tqdm:
    """Wrap one epoch's batches: ``epoch 2/3: 40%|████      | 12/30 [01:02<01:33, 5.2s/batch]``."""
    return tqdm(
        batches,
        total=total,
        desc=f"epoch {epoch}/{epochs}",
        unit="batch",
        disable=bar_disabled(show),
        dynamic_ncols=True,
        leave=True,
    )
