"""Request ids and structured logs.

Every request gets an id: the client's ``X-Request-ID`` when it is a sane token, else a new
uuid. :class:`RequestIdMiddleware` (the outermost middleware) puts it in a context variable for
the request's task and in the ``X-Request-ID`` response header; :class:`RequestIdFilter` copies
it onto every log record, so the access log, the handlers' logs and the error bodies
(``serving.api.errors``) all carry it. The micro-batcher's thread sets the same variable to the ids
of the requests in the batch it is scoring (``serving.api.micro_batcher``).

``PARLEY_LOG_FORMAT=json`` makes every line one JSON object (python-json-logger), uvicorn's
access log included; ``text`` (the default) keeps uvicorn's own terminal format.
"""

from __future__ import annotations

import logging
import re
import uuid
from contextvars import ContextVar
from typing import Any

from pythonjsonlogger.json import JsonFormatter as _JsonFormatter
from starlette.types import ASGIApp, Message, Receive, Scope, Send

HEADER = "x-request-id"
REQUEST_ID: ContextVar[str | None] = ContextVar("parley_request_id", default=None)
# A client's id is kept only if it is a short token (no spaces or control characters), so a
# hostile header cannot forge log lines or bloat them.
_SANE_ID = re.compile(r"[A-Za-z0-9._:/+=@-]{1,128}")


def current_request_id() -> str | None:
    return REQUEST_ID.get()


def request_id_from(headers: list[tuple[bytes, bytes]]) -> str:
    """The client's X-Request-ID if sane, else a fresh uuid (hex)."""
    for name, value in headers:
        if name.lower() == HEADER.encode():
            text = value.decode("latin-1").strip()
            if _SANE_ID.fullmatch(text):
                return text
            break
    return uuid.uuid4().hex


class RequestIdMiddleware:
    """Give each HTTP request an id: context variable for the logs, response header for the client."""

    def __init__(self, app: ASGIApp):
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        rid = request_id_from(scope.get("headers") or [])
        # Not reset afterwards: the variable lives in this request's task, and Starlette's 500
        # handler (outside every middleware) still needs it for the body and the log line.
        REQUEST_ID.set(rid)

        async def send_with_id(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = [
                    (k, v) for k, v in message.get("headers", []) if k.lower() != b"x-request-id"
                ]
                headers.append((b"x-request-id", rid.encode()))
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, send_with_id)


class RequestIdFilter(logging.Filter):
    """Put ``request_id`` on every record (None outside a request)."""

    def filter(self, record: logging.LogRecord) -> bool:
        if not hasattr(record, "request_id"):
            record.request_id = REQUEST_ID.get()
        return True


class JsonFormatter(_JsonFormatter):
    """One JSON object per record; uvicorn's access records also get their fields by name."""

    def add_fields(
        self, log_data: dict[str, Any], record: logging.LogRecord, message_dict: dict[str, Any]
    ) -> None:
        super().add_fields(log_data, record, message_dict)
        log_data.pop("color_message", None)  # uvicorn's ANSI-coloured copy of the message
        args = record.args
        if record.name == "uvicorn.access" and isinstance(args, tuple) and len(args) == 5:
            client, method, path, http_version, status = args
            log_data.update(
                client=client, method=method, path=path, http_version=http_version, status=status
            )


JSON_FIELDS = "%(levelname)s %(name)s %(message)s %(request_id)s"


def log_config(log_format: str, level: str) -> dict | None:
    """The ``logging.config.dictConfig`` for uvicorn (``log_config=``); None keeps uvicorn's.

    JSON: the root logger and uvicorn's loggers share one stderr handler with the JSON
    formatter and the request-id filter, so every line of the process is one JSON object.
    """
    if log_format != "json":
        return None
    level = level.upper()
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "filters": {"request_id": {"()": RequestIdFilter}},
        "formatters": {
            "json": {
                "()": JsonFormatter,
                "fmt": JSON_FIELDS,
                "rename_fields": {"levelname": "level", "name": "logger"},
                "timestamp": "time",  # ISO 8601, UTC
            }
        },
        "handlers": {
            "json": {
                "class": "logging.StreamHandler",
                "stream": "ext://sys.stderr",
                "formatter": "json",
                "filters": ["request_id"],
            }
        },
        "root": {"handlers": ["json"], "level": level},
        "loggers": {
            name: {"handlers": ["json"], "level": level, "propagate": False}
            for name in ("uvicorn", "uvicorn.error", "uvicorn.access")
        },
    }


def configure(log_format: str, level: str) -> dict | None:
    """Apply the config now (so lines before uvicorn starts are JSON too); return it for uvicorn."""
    config = log_config(log_format, level)
    if config is not None:
        import logging.config

        logging.config.dictConfig(config)
        logging.captureWarnings(True)  # warnings.warn lines become JSON records too
    return config
