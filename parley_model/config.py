"""How an engine runs: a small typed object the loader passes in (never read from the environment).

The process settings (``inference.settings``) build it; a registered model receives it as MLflow's
``model_config`` at load time, so every knob has one name and one place where it is parsed.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, fields
from typing import Any

RUNTIMES = ("auto", "onnx-int8", "onnx", "torch")
# Padded tokens (rows x longest row) per forward pass; bench/results/ has the measurements.
DEFAULT_MAX_BATCH_TOKENS = 1024


@dataclass(frozen=True)
class EngineConfig:
    runtime: str = "auto"  # auto | onnx-int8 | onnx | torch
    max_batch_tokens: int = DEFAULT_MAX_BATCH_TOKENS  # 0 = the default
    batch_rows: int = 0  # row cap per forward pass; 0 = the token budget alone decides
    torch_threads: int = 0  # 0 = torch's default
    ort_threads: int = 0  # 0 = one per available core

    def __post_init__(self) -> None:
        runtime = str(self.runtime).strip().lower()
        if runtime not in RUNTIMES:
            raise ValueError(f"runtime must be one of {', '.join(RUNTIMES)}; got {self.runtime!r}")
        object.__setattr__(self, "runtime", runtime)
        for name in ("max_batch_tokens", "batch_rows", "torch_threads", "ort_threads"):
            value = getattr(self, name)
            if not isinstance(value, int) or isinstance(value, bool) or value < 0:
                raise ValueError(f"{name} must be an integer >= 0, got {value!r}")
        if self.max_batch_tokens == 0:
            object.__setattr__(self, "max_batch_tokens", DEFAULT_MAX_BATCH_TOKENS)

    @classmethod
    def from_mapping(cls, values: dict[str, Any] | None) -> EngineConfig:
        """From MLflow's ``model_config`` (unknown keys are ignored: they belong to MLflow)."""
        names = {f.name for f in fields(cls)}
        return cls(**{k: v for k, v in (values or {}).items() if k in names})

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)
