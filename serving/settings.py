"""Server settings from environment variables (documented in README.md)."""

from __future__ import annotations

from pydantic_settings import BaseSettings, SettingsConfigDict

from serving.predict import DEFAULT_MODEL_URI


class ServingSettings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="PARLEY_", extra="ignore")

    host: str = "127.0.0.1"
    port: int = 8000
    model_uri: str = DEFAULT_MODEL_URI
    api_key: str | None = None
    torch_threads: int = 0  # 0 = torch's default
    max_items: int = 256
    max_text_chars: int = 20_000
    log_level: str = "info"
