"""The process settings: every ``PARLEY_*`` knob, parsed once, typed, and passed down.

One object per process (``Settings.from_env()`` in an entry point: the CLI, the server, a Spark
worker gets a copy); nothing else in the project reads or writes ``os.environ``. The HTTP server
extends it with its own knobs (``serving.api.settings.ServingSettings``). Each knob has one name;
the README's configuration table lists them all.

:func:`prepare_process` is the one place that sets environment variables, for the libraries that
only read them (MLflow, Hugging Face, PySpark): telemetry off, hubs offline, bounded registry calls.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import Annotated, Any

from pydantic import Field, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

from parley_model.config import DEFAULT_MAX_BATCH_TOKENS, RUNTIMES, EngineConfig
from parley_model.labels import MODEL_NAME

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_MODEL_URI = f"models:/{MODEL_NAME}@champion"


def parse_threshold(raw: object, name: str = "PARLEY_ABSTAIN_BELOW") -> float | None:
    """An abstain threshold: None/blank = never abstain; else a number in (0, 1], or a clear error."""
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return None
    try:
        value = float(raw)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        raise ValueError(f"{name} must be a number between 0 and 1, got {raw!r}") from None
    if not 0.0 < value <= 1.0:  # also refuses NaN
        raise ValueError(f"{name} must be in (0, 1] (a calibrated top score), got {value}")
    return value


class Settings(BaseSettings):
    """Knobs shared by every entry point (CLI, server, batch, Spark workers, training)."""

    model_config = SettingsConfigDict(env_prefix="PARLEY_", extra="ignore")

    # Which model and where the registry is (MLflow's own variable names).
    model_uri: str = DEFAULT_MODEL_URI
    tracking_uri: str | None = Field(None, validation_alias="MLFLOW_TRACKING_URI")
    registry_uri: str | None = Field(None, validation_alias="MLFLOW_REGISTRY_URI")
    # The engine (parley_model.config.EngineConfig).
    runtime: str = "auto"  # auto | onnx-int8 | onnx | torch
    max_batch_tokens: int = Field(DEFAULT_MAX_BATCH_TOKENS, ge=0)  # padded tokens per pass
    batch_rows: int = Field(0, ge=0)  # statements per forward pass; 0 = the token budget decides
    torch_threads: int = Field(0, ge=0)  # 0 = torch's default
    ort_threads: int = Field(0, ge=0)  # 0 = one per core
    # Predictions.
    abstain_below: float | None = None  # top calibrated score under it: abstain=true
    # Registry faults: bounded MLflow HTTP calls.
    registry_timeout_s: int = Field(10, ge=1)
    registry_retries: int = Field(2, ge=0)
    # Batch scoring (`parley score`).
    progress: bool | None = None  # progress bars: None = when stderr is a terminal
    progress_seconds: float = Field(10.0, ge=0)  # a progress line at most this often
    csv_raw: bool = False  # write CSV cells as they are (no spreadsheet-formula guard)
    # fsspec options, a JSON object (parsed by the validator below for a clear error).
    storage_options: Annotated[dict[str, Any], NoDecode] = Field(default_factory=dict)
    spark_arrow_batch: int = Field(500, ge=1)
    spark_partitions: int = Field(0, ge=0)  # 0 = from the input size and the cores
    spark_log_level: str = "WARN"
    # Article mode.
    article_workers: int = Field(2, ge=1)  # articles analysed at once
    article_timeout_s: float = Field(10.0, gt=0)  # past it the worker is killed
    article_nice: int = Field(10, ge=0, le=19)  # worker processes yield the CPU to serving
    # Promotion gate (training.promote).
    gate_margin: float = 0.0
    gate_min_clear: float = 0.8
    gate_min_negation: float = 0.75
    gate_min_paraphrase: float = 0.6

    @field_validator("runtime", mode="before")
    @classmethod
    def _runtime(cls, value: object) -> str:
        runtime = str(value or "auto").strip().lower()
        if runtime not in RUNTIMES:
            raise ValueError(f"PARLEY_RUNTIME must be one of {', '.join(RUNTIMES)}; got {value!r}")
        return runtime

    @field_validator("abstain_below", mode="before")
    @classmethod
    def _threshold(cls, value: object) -> float | None:
        return parse_threshold(value)

    @field_validator("progress", mode="before")
    @classmethod
    def _blank_is_auto(cls, value: object) -> object:
        return None if isinstance(value, str) and not value.strip() else value

    @field_validator("storage_options", mode="before")
    @classmethod
    def _options(cls, value: object) -> object:
        if isinstance(value, str):
            if not value.strip():
                return {}
            try:
                value = json.loads(value)
            except json.JSONDecodeError as exc:
                raise ValueError(f"PARLEY_STORAGE_OPTIONS is not valid JSON ({exc.msg})") from None
        if not isinstance(value, dict):
            raise ValueError("PARLEY_STORAGE_OPTIONS must be a JSON object")
        return value

    @classmethod
    def from_env(cls, **overrides: Any) -> Settings:
        """Read the environment once; ``overrides`` (e.g. CLI flags) win over it."""
        return cls(**{k: v for k, v in overrides.items() if v is not None})

    def engine(self) -> EngineConfig:
        """What a loaded model's engine needs (passed to MLflow as ``model_config``)."""
        return EngineConfig(
            runtime=self.runtime,
            max_batch_tokens=self.max_batch_tokens,
            batch_rows=self.batch_rows,
            torch_threads=self.torch_threads,
            ort_threads=self.ort_threads,
        )

    def resolved_tracking_uri(self) -> str:
        """The tracking store: MLFLOW_TRACKING_URI, else the project's embedded SQLite file."""
        return self.tracking_uri or default_tracking_uri()


def default_tracking_uri(root: Path = PROJECT_ROOT) -> str:
    """Embedded SQLite store under the project (absolute URI, four slashes)."""
    return f"sqlite:///{(root / 'mlflow.db').resolve()}"


def prepare_process(settings: Settings) -> str:
    """Set what MLflow, Hugging Face and PySpark read from the environment; point MLflow at the
    tracking store and registry; return the tracking URI. Call first thing in an entry point."""
    os.environ.setdefault("MLFLOW_DISABLE_TELEMETRY", "true")
    os.environ.setdefault("DO_NOT_TRACK", "true")
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
    os.environ.setdefault("MLFLOW_ENABLE_ARTIFACTS_PROGRESS_BAR", "false")
    # MLflow's defaults retry an unreachable registry for minutes; its own variables win if set.
    os.environ.setdefault("MLFLOW_HTTP_REQUEST_TIMEOUT", str(settings.registry_timeout_s))
    os.environ.setdefault("MLFLOW_HTTP_REQUEST_MAX_RETRIES", str(settings.registry_retries))
    uri = settings.resolved_tracking_uri()
    os.environ["MLFLOW_TRACKING_URI"] = uri  # child processes (Spark workers) use the same store
    import mlflow

    mlflow.set_tracking_uri(uri)
    mlflow.set_registry_uri(settings.registry_uri or uri)
    return uri


def prepare_spark_process(local: bool) -> None:
    """PySpark reads its Python and bind address from the environment only."""
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    os.environ.setdefault("PYSPARK_DRIVER_PYTHON", sys.executable)
    if local:
        os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")


def child_environment(extra_path: str | None = None) -> dict[str, str]:
    """The environment for a worker subprocess: this one's, with ``extra_path`` on PYTHONPATH."""
    env = dict(os.environ)
    if extra_path:
        env["PYTHONPATH"] = os.pathsep.join(p for p in (extra_path, env.get("PYTHONPATH")) if p)
    return env
