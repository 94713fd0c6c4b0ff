"""`parley serve`: one uvicorn worker (more workers cost ~40 ms per keep-alive request here)."""

from __future__ import annotations

import logging

import uvicorn

from serving.app import create_app
from serving.settings import ServingSettings

log = logging.getLogger(__name__)


def run(host: str | None = None, port: int | None = None, model_uri: str | None = None) -> None:
    overrides = {k: v for k, v in {"host": host, "port": port, "model_uri": model_uri}.items() if v}
    settings = ServingSettings(**overrides)
    if not settings.api_key and settings.host not in ("127.0.0.1", "localhost", "::1"):
        log.warning(
            "PARLEY_API_KEY is not set and the server binds %s: anyone who can reach it can use it",
            settings.host,
        )
    elif not settings.api_key:
        log.info("PARLEY_API_KEY is not set: binding %s only", settings.host)
    uvicorn.run(
        create_app(settings),
        host=settings.host,
        port=settings.port,
        workers=1,
        log_level=settings.log_level,
    )
