"""One JSON error shape for every failure, each saying what to fix.

``{"error": {"status", "code", "message", "fix", "errors": [{"field", "problem", "fix"}],
"request_id"}}``. The standard-protocol routes answer the same errors in their protocol's shape
(:func:`protocol_body`): Open Inference Protocol V2 under ``/v2``, MLflow's scoring protocol on
``/invocations`` and ``/ping``.
"""

from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, HTTPException, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from parley_model.text import InputError
from serving.api.logs import current_request_id
from serving.api.schemas import ErrorResponse

log = logging.getLogger(__name__)

EXAMPLE = '{"statements": [{"id": "s1", "text": "We must keep talking."}]}'

RESPONSE_DESCRIPTIONS = {
    401: "PARLEY_API_KEY is set and the request has no valid key",
    413: "the body is larger than PARLEY_MAX_BODY_BYTES",
    422: "the input is invalid; the body names each bad item and the fix",
    502: "the new version failed to load; the old one keeps serving",
    503: "no model yet, or the queue is full; see Retry-After",
}


def error_responses(*codes: int) -> dict[int | str, dict[str, Any]]:
    """OpenAPI ``responses`` for these error statuses, all with the one error body."""
    return {
        code: {"model": ErrorResponse, "description": RESPONSE_DESCRIPTIONS[code]} for code in codes
    }


class ApiError(HTTPException):
    """An HTTP error with a machine code, a message and the fix (subclass: FastAPI handles it)."""

    def __init__(
        self,
        status: int,
        code: str,
        message: str,
        fix: str,
        errors: list[dict] | None = None,
        headers: dict[str, str] | None = None,
    ):
        super().__init__(status, detail=message, headers=headers)
        self.code, self.message, self.fix, self.errors = code, message, fix, errors or []


def retry_later(code: str, message: str, retry_after_s: int, fix: str | None = None) -> ApiError:
    """A 503 with ``Retry-After``: the server is busy, the same request may succeed later."""
    return ApiError(
        503,
        code,
        message,
        fix or f"retry after {retry_after_s} s",
        headers={"Retry-After": str(retry_after_s)},
    )


def error_body(
    status: int, code: str, message: str, fix: str, errors: list[dict] | None = None
) -> dict:
    return {
        "error": {
            "status": status,
            "code": code,
            "message": message,
            "fix": fix,
            "errors": errors or [],
            "request_id": current_request_id(),
        }
    }


# MLflow's error codes (mlflow.protos.databricks_pb2) for our statuses; the status is kept.
MLFLOW_CODES = {
    400: "BAD_REQUEST",
    401: "UNAUTHENTICATED",
    404: "ENDPOINT_NOT_FOUND",
    405: "ENDPOINT_NOT_FOUND",
    413: "BAD_REQUEST",
    415: "BAD_REQUEST",
    422: "BAD_REQUEST",
    503: "TEMPORARILY_UNAVAILABLE",
}


def protocol_body(path: str | None, status: int, code: str, message: str, fix: str) -> dict | None:
    """The error body in the protocol the path speaks; None for Parley's own routes.

    An upper-case ``code`` is already an MLflow error code (raised by the MLflow router).
    """
    if path is None:
        return None
    text = f"{message}; {fix}" if fix else message
    if path == "/v2" or path.startswith("/v2/"):  # Open Inference Protocol: {"error": "..."}
        return {"error": text, "request_id": current_request_id()}
    if path in ("/invocations", "/ping", "/health", "/version"):  # mlflow models serve
        return {
            "error_code": code if code.isupper() else MLFLOW_CODES.get(status, "INTERNAL_ERROR"),
            "message": text,
            "request_id": current_request_id(),
        }
    return None


def error_response(err: ApiError, path: str | None = None) -> JSONResponse:
    body = protocol_body(path, err.status_code, err.code, err.message, err.fix)
    return JSONResponse(
        body or error_body(err.status_code, err.code, err.message, err.fix, err.errors),
        status_code=err.status_code,
        headers=err.headers,
    )


def field_name(loc: tuple | list) -> str:
    """('body', 'statements', 3, 'text') -> 'statements[3].text'."""
    out = ""
    for part in loc:
        if part == "body" and not out:
            continue
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out or "body"


def _json_type(value: Any) -> str:
    names = {
        bool: "a boolean",
        int: "a number",
        float: "a number",
        list: "an array",
        dict: "an object",
    }
    return "null" if value is None else names.get(type(value), type(value).__name__)


def _describe(err: dict[str, Any]) -> dict:
    """A pydantic error as {field, problem, fix}."""
    kind, loc, ctx = err.get("type", ""), err.get("loc", ()), err.get("ctx") or {}
    field = field_name(loc)
    problem = err.get("msg", "invalid value")
    if kind == "json_invalid":
        field = "body"
        problem = f"the body is not valid JSON ({ctx.get('error', 'parse error')})"
        fix = f"send a JSON object such as {EXAMPLE}"
    elif kind == "missing" and field == "body":
        problem, fix = "the request has no body", f"send a JSON object such as {EXAMPLE}"
    elif kind == "missing":
        problem, fix = "this required field is missing", f"add {field}"
    elif field == "body" or kind in ("model_attributes_type", "dict_type"):
        problem = "must be a JSON object"
        fix = f"send Content-Type: application/json and a JSON object such as {EXAMPLE}"
    elif kind == "string_type":
        problem = f"must be a string, got {_json_type(err.get('input'))}"
        fix = f"send {field} as a JSON string"
    elif kind == "list_type":
        problem, fix = "must be a list", f"send {field} as a JSON array of objects"
    elif kind == "too_short" and field == "statements":
        problem, fix = "the list is empty", "send at least one statement"
    elif kind == "value_error":
        problem = str(ctx.get("error", problem))
        fix = f"correct {field}"
    else:
        fix = f"correct {field} (see the request schema at /docs)"
    return {"field": field, "problem": problem, "fix": fix}


async def _validation_handler(request: Request, exc: RequestValidationError) -> JSONResponse:
    errors = [_describe(e) for e in exc.errors()]
    first = errors[0] if errors else {"field": "body", "problem": "invalid request", "fix": ""}
    more = f" (and {len(errors) - 1} more problems)" if len(errors) > 1 else ""
    message = f"{first['field']}: {first['problem']}{more}"
    err = ApiError(422, "invalid_request", message, first["fix"], errors[:50])
    return error_response(err, request.url.path)


def _unparsable_body(cause: BaseException | None) -> ApiError:
    """FastAPI's generic 400 for a body it could not decode, as a 422 that says why."""
    if isinstance(cause, UnicodeDecodeError):
        problem = f"not valid UTF-8 (byte {cause.object[cause.start]:#04x} at offset {cause.start})"
        fix = f"send the body as UTF-8-encoded JSON, such as {EXAMPLE}"
    elif isinstance(cause, RecursionError):
        problem = "nested too deeply to parse"
        fix = f"send a flat JSON object such as {EXAMPLE}"
    else:
        problem = f"could not be parsed ({type(cause).__name__ if cause else 'unknown error'})"
        fix = f"send a JSON object such as {EXAMPLE}"
    return ApiError(
        422,
        "invalid_request",
        f"body: {problem}",
        fix,
        [{"field": "body", "problem": problem, "fix": fix}],
    )


async def _http_handler(request: Request, exc: StarletteHTTPException) -> JSONResponse:
    path = request.url.path
    if isinstance(exc, ApiError):
        return error_response(exc, path)
    if exc.status_code == 400 and exc.detail == "There was an error parsing the body":
        return error_response(_unparsable_body(exc.__cause__), path)
    fixes = {
        404: "check the path; the routes are listed at /docs",
        405: "check the HTTP method; the routes are listed at /docs",
    }
    err = ApiError(
        exc.status_code,
        "http_error",
        str(exc.detail),
        fixes.get(exc.status_code, "see /docs"),
        headers=getattr(exc, "headers", None),
    )
    return error_response(err, path)


async def _input_handler(request: Request, exc: InputError) -> JSONResponse:
    err = ApiError(422, "invalid_input", str(exc), "correct the statement named")
    return error_response(err, request.url.path)


async def _unexpected_handler(request: Request, exc: Exception) -> JSONResponse:
    log.exception("unhandled error: %s", exc)
    rid = current_request_id()
    err = ApiError(
        500,
        "internal_error",
        f"the server failed: {type(exc).__name__}",
        "retry; if it persists, report it with the server log",
        headers={"X-Request-ID": rid} if rid else None,  # sent outside RequestIdMiddleware
    )
    return error_response(err, request.url.path)


def install(app: FastAPI) -> None:
    app.add_exception_handler(RequestValidationError, _validation_handler)
    app.add_exception_handler(StarletteHTTPException, _http_handler)
    app.add_exception_handler(InputError, _input_handler)
    app.add_exception_handler(Exception, _unexpected_handler)
