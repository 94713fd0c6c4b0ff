"""Pure ASGI middleware: request metrics, the API key and the body-size limit.

Pure ASGI (not ``BaseHTTPMiddleware``) keeps the per-request overhead small and lets the
middleware answer before the body is read.
"""

from __future__ import annotations

import asyncio
import hmac
import time

from fastapi.responses import JSONResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from serving.api.errors import ApiError, error_response
from serving.api.metrics import Metrics

# The standard-protocol routes that score or describe the model need the key too; their health
# routes (/v2, /v2/health/*, /ping) stay open like /healthz and /readyz.
PROTECTED_PREFIXES = ("/v1/", "/admin/", "/v2/models", "/invocations")


class RequestMetricsMiddleware:
    """Count requests by route template and status; time them (outermost: sees every answer)."""

    def __init__(self, app: ASGIApp, metrics: Metrics, known_paths=None):
        """``known_paths()``: the app's paths, to name requests answered before routing."""
        self.app, self.metrics, self.known_paths = app, metrics, known_paths

    def _template(self, scope: Scope) -> str:
        route = scope.get("route")
        if route is None:  # e.g. a 401 or 413 from a middleware: name only a known path
            path = scope.get("path", "")
            known = self.known_paths() if self.known_paths is not None else ()
            return path if path in known else "unmatched"
        return getattr(route, "path", None) or "unmatched"

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        status = 500

        async def send_status(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            await send(message)

        try:
            await self.app(scope, receive, send_status)
        finally:
            template = self._template(scope)
            method = scope.get("method", "")
            self.metrics.requests.labels(template, method, str(status)).inc()
            self.metrics.latency.labels(template, method).observe(time.perf_counter() - started)


class ApiKeyMiddleware:
    """When a key is set, /v1/* and /admin/* need ``Authorization: Bearer`` or ``X-API-Key``.

    A prefix check (rather than a per-router dependency) also covers routers added later.
    """

    def __init__(self, app: ASGIApp, api_key: str | None):
        self.app = app
        self.key = api_key.encode() if api_key else None

    def _authorized(self, scope: Scope) -> bool:
        return has_key(scope, self.key)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if (
            self.key is None
            or scope["type"] != "http"
            or not scope["path"].startswith(PROTECTED_PREFIXES)
            or self._authorized(scope)
        ):
            await self.app(scope, receive, send)
            return
        response = error_response(
            ApiError(
                401,
                "unauthorized",
                "this route needs the API key",
                "send 'Authorization: Bearer <key>' or 'X-API-Key: <key>' (the value of "
                "PARLEY_API_KEY on the server)",
                headers={"WWW-Authenticate": "Bearer"},
            ),
            scope["path"],
        )
        await response(scope, receive, send)


def has_key(scope: Scope, key: bytes | None) -> bool:
    """The request carries ``key`` as ``X-API-Key`` or ``Authorization: Bearer``."""
    if not key:
        return False
    headers = dict(scope.get("headers") or ())
    candidates = [headers.get(b"x-api-key", b"")]
    auth = headers.get(b"authorization", b"")
    if auth[:7].lower() == b"bearer ":
        candidates.append(auth[7:].strip())
    return any(c and hmac.compare_digest(c, key) for c in candidates)


def body_too_slow(timeout_s: float) -> ApiError:
    return ApiError(
        408,
        "body_timeout",
        f"the request body did not arrive within {timeout_s:g} s (PARLEY_BODY_TIMEOUT_S)",
        "send the whole body that Content-Length announces",
        headers={"Connection": "close"},  # the rest of the body must not be read as a request
    )


def body_too_large(limit: int, size: int | None = None) -> ApiError:
    got = f"{size} bytes" if size is not None else f"more than {limit} bytes"
    return ApiError(
        413,
        "body_too_large",
        f"the request body has {got}; the limit is {limit} bytes",
        "send fewer or shorter statements per request (split the batch)",
    )


class BodyLimitMiddleware:
    """Answer 413 for a body over ``limit`` bytes: from Content-Length, or while streaming; and
    408 (connection closed) when the body is not all there within ``timeout_s`` (a client that
    announces more than it sends would otherwise hold the request open for ever)."""

    def __init__(self, app: ASGIApp, limit: int, timeout_s: float = 30.0):
        self.app, self.limit, self.timeout_s = app, limit, timeout_s

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        length = dict(scope.get("headers") or ()).get(b"content-length")
        if length is not None and length.isdigit() and int(length) > self.limit:
            await self._reject(scope, receive, send, body_too_large(self.limit, int(length)))
            return
        received = 0
        started = False
        deadline: float | None = None
        body_done = False

        async def limited_receive() -> Message:
            nonlocal received, deadline, body_done
            if body_done:  # later reads wait for a disconnect: no deadline on those
                return await receive()
            loop = asyncio.get_running_loop()
            deadline = deadline or loop.time() + self.timeout_s
            try:
                message = await asyncio.wait_for(receive(), max(0.0, deadline - loop.time()))
            except TimeoutError:
                raise body_too_slow(self.timeout_s) from None
            body_done = message["type"] != "http.request" or not message.get("more_body", False)
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.limit:  # chunked upload: stop reading, fail the request
                    raise body_too_large(self.limit)
            return message

        async def track_send(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, limited_receive, track_send)
        except ApiError as exc:  # raised outside FastAPI's handlers (e.g. a raw ASGI read)
            if started or exc.status_code not in (408, 413):
                raise
            await self._reject(scope, receive, send, exc)

    @staticmethod
    async def _reject(scope: Scope, receive: Receive, send: Send, err: ApiError) -> None:
        response: JSONResponse = error_response(err, scope.get("path"))
        response.headers["Connection"] = "close"  # the unread body must not poison keep-alive
        await response(scope, receive, send)
