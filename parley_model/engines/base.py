"""What every engine is: ``logits(texts) -> EngineOutput``, columns in ``LABELS`` order."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

import numpy as np


class MissingRuntime(ImportError):
    """The engine this version needs is not installed here (e.g. torch in the serve-only env)."""


@dataclass
class EngineOutput:
    logits: np.ndarray  # (n, len(LABELS)), columns in LABELS order
    truncated: np.ndarray  # (n,) bool: the text was longer than the model's window


class Engine(Protocol):
    name: str
    # Which runtime serves and why: {"engine", "requested", "reason"}; set by ``load_engine``.
    runtime: dict

    def logits(self, texts: list[str]) -> EngineOutput: ...
