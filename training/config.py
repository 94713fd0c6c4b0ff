"""One typed, validated training configuration: defaults in ``defaults.toml``, CLI overrides."""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, TypeAdapter, ValidationError

from training.data import REAL_FILES

DEFAULTS = Path(__file__).resolve().parent / "defaults.toml"


class TrainingConfig(BaseModel):
    model_config = ConfigDict(extra="forbid", validate_assignment=True)

    model: Literal["minilm", "mpnet", "tfidf"] = "minilm"
    # A local folder to start fine-tuning from instead of the stock encoder: an encoder that
    # `python -m training.transfer` trained on the public stance corpora (same architecture).
    init_from: str | None = None
    data: list[str] = Field(default_factory=lambda: list(REAL_FILES), min_length=1)
    seed: int = 13
    split_seed: int = 104
    epochs: int = Field(10, ge=1, le=100)
    learning_rate: float = Field(8e-5, gt=0, lt=1)
    batch_size: int = Field(16, ge=1, le=512)
    weight_decay: float = Field(0.01, ge=0)
    warmup_ratio: float = Field(0.1, ge=0, lt=1)
    # Layer-wise learning-rate decay: the head and top layer train at learning_rate, each layer
    # below at this factor times the one above, the embeddings lowest. 1.0 = one rate for all.
    layer_lr_decay: float = Field(1.0, gt=0, le=1)
    # Keep only the encoder's lower N layers (a smaller, faster student from the same weights,
    # e.g. mpnet's lower 6 of 12); None keeps them all.
    encoder_layers: int | None = Field(None, ge=1, le=48)
    max_length: int = Field(256, ge=16, le=512)
    threads: int = Field(2, ge=1, le=64)
    tfidf_c_grid: list[float] = Field(default_factory=lambda: [1.0, 4.0], min_length=1)
    length_bucketing: bool = False  # batches of similar length: faster, but see defaults.toml
    sample_extra: int = Field(0, ge=0)  # >0: about this many extra records, by file size
    distill_alpha: float = Field(0.5, ge=0, le=1)
    calibrate: bool = True
    experiment: str = "parley"
    register_model: bool = True


class ConfigError(ValueError):
    pass


def _coerce(value: str):
    """Parse a CLI value as TOML when possible ("3", "1e-4", "[1, 2]", "true"), else a string."""
    try:
        return tomllib.loads(f"v = {value}")["v"]
    except tomllib.TOMLDecodeError:
        return value


def load_config(
    path: str | Path | None = None, overrides: list[str] | None = None
) -> TrainingConfig:
    """Defaults file (or ``path``), then ``key=value`` overrides; errors say which key is wrong."""
    source = Path(path) if path else DEFAULTS
    try:
        values = tomllib.loads(source.read_text())
    except FileNotFoundError:
        raise ConfigError(f"config file {source} does not exist") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{source}: not valid TOML ({exc})") from None
    for item in overrides or []:
        key, sep, raw = item.partition("=")
        if not sep:
            raise ConfigError(f"override {item!r} must look like key=value")
        values[key.strip()] = _coerce(raw.strip())
    try:
        return TypeAdapter(TrainingConfig).validate_python(values)
    except ValidationError as exc:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in err['loc'])}: {err['msg']}" for err in exc.errors()
        )
        raise ConfigError(f"invalid training config ({source}): {problems}") from None
