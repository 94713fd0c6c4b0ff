"""The HTTP server's settings: the process settings plus the server's own ``PARLEY_*`` knobs.

Read once per app (``create_app``); nothing is read at import. Each knob is in the README.
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import Field, SecretStr, field_validator

from inference.settings import Settings

LOCAL_HOSTS = ("127.0.0.1", "localhost", "::1")


class ServingSettings(Settings):
    host: str = "127.0.0.1"
    port: int = Field(8000, ge=0, le=65535)
    api_key: SecretStr | None = None
    # Binding a non-loopback host without api_key is refused unless this is set (see README).
    allow_open_network: bool = False
    # Input limits.
    max_items: int = Field(256, ge=1)
    max_text_chars: int = Field(20_000, ge=1)
    max_body_bytes: int = Field(2 * 1024 * 1024, ge=1024)
    body_timeout_s: float = Field(30.0, gt=0)  # whole body read; slower: 408, connection closed
    # Micro-batching: one forward pass serves many requests.
    max_batch_size: int = Field(32, ge=1)
    # 0 = greedy: take whatever is queued, never wait (bench/results/ has the latency cost).
    max_wait_ms: float = Field(0.0, ge=0)
    queue_size: int = Field(512, ge=1)  # statements accepted and not yet answered
    retry_after_s: int = Field(1, ge=1)
    # Hot reload: follow the alias in model_uri.
    reload_interval_s: float = Field(30.0, ge=0)  # 0 = only on POST /admin/reload
    # Registry faults: bounded MLflow HTTP calls; an optional local copy of the last good model.
    model_cache_dir: Path | None = None  # unset: no cache; registry down at start = exit
    # Abstain and evidence (inference/predict.py add_abstain, inference/explain.py).
    explain_max_items: int = Field(16, ge=1)  # most statements per request with explain=true
    explain_concurrency: int = Field(1, ge=1)  # explain requests at once; more: 503 + Retry-After
    log_level: str = "info"
    access_log: bool = True
    # "json": every log line one JSON object with the request id (serving/api/logs.py); "text": uvicorn's.
    log_format: Literal["text", "json"] = "text"

    @field_validator("api_key", mode="before")
    @classmethod
    def _empty_key_is_none(cls, value):
        """An empty PARLEY_API_KEY means "no key", never "the empty string is the key"."""
        return None if value is None or str(value) == "" else value

    @field_validator("model_cache_dir", mode="before")
    @classmethod
    def _empty_dir_is_none(cls, value):
        return None if value is None or str(value).strip() == "" else value

    def api_key_value(self) -> str | None:
        return self.api_key.get_secret_value() if self.api_key else None

    def check_exposure(self) -> None:
        """Refuse to serve a non-loopback host with no API key (``/admin/reload`` would be
        open to the network) unless PARLEY_ALLOW_OPEN_NETWORK says that is meant."""
        if (
            self.host not in LOCAL_HOSTS
            and not self.api_key_value()
            and not self.allow_open_network
        ):
            raise ValueError(
                f"refusing to bind {self.host} without an API key: anyone who can reach it could "
                "use /v1/* and /admin/reload. Set PARLEY_API_KEY, or bind 127.0.0.1, or set "
                "PARLEY_ALLOW_OPEN_NETWORK=1 (`parley serve --allow-open-network`) if an open "
                "server is really meant"
            )
