"""`parley serve`: one uvicorn worker (more workers make keep-alive requests slower; see README)."""

from __future__ import annotations

import logging

import uvicorn

from serving.api import logs
from serving.api.app import create_app
from serving.api.settings import LOCAL_HOSTS, ServingSettings

log = logging.getLogger(__name__)


def announce(settings: ServingSettings) -> None:
    """Say at start who can reach the server and what it serves."""
    if settings.api_key_value():
        log.info("PARLEY_API_KEY is set: /v1/* and /admin/* need the key")
    elif settings.host not in LOCAL_HOSTS:
        log.warning(
            "PARLEY_API_KEY is not set and the server binds %s: anyone who can reach it can use it",
            settings.host,
        )
    else:
        log.info(
            "PARLEY_API_KEY is not set: binding %s only (set PARLEY_API_KEY to serve other hosts)",
            settings.host,
        )
    log.info(
        "model %s; reload poll every %s s; batches of up to %d statements, waiting up to %s ms; "
        "queue %d statements",
        settings.model_uri,
        settings.reload_interval_s or "(off)",
        settings.max_batch_size,
        settings.max_wait_ms,
        settings.queue_size,
    )


def run(settings: ServingSettings) -> None:
    """Serve ``settings`` (the environment with `parley serve`'s flags applied) until stopped."""
    settings.check_exposure()
    log_config = logs.configure(settings.log_format, settings.log_level)
    announce(settings)
    uvicorn.run(
        create_app(settings),
        host=settings.host,
        port=settings.port,
        workers=1,
        log_level=settings.log_level,
        access_log=settings.access_log,
        log_config=log_config or uvicorn.config.LOGGING_CONFIG,
    )
