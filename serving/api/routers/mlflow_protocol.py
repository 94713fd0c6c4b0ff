"""MLflow's scoring protocol (``mlflow models serve``) over the shared queue and predict.

``POST /invocations`` takes what MLflow's scoring server takes for this pyfunc: JSON with exactly
one of ``dataframe_split``, ``dataframe_records``, ``instances`` or ``inputs`` (``params`` is
accepted and ignored, as the model has none), CSV, or Parquet. The body is parsed by MLflow's own
functions against the model's input signature and the answer is written by MLflow's own
``predictions_to_json``, so ``{"predictions": [{"label", "score_favor", "score_against",
"score_neutral", "truncated"}, ...]}`` is what ``mlflow models serve`` writes; only the scoring
goes through Parley's micro-batcher. Errors are ``{"error_code", "message"}`` (plus
``request_id``), MLflow's shape.
"""

from __future__ import annotations

import io
import json

import pandas as pd
from fastapi import APIRouter, Request, Response

from serving.api.errors import ApiError
from serving.api.scoring import bad_request, check_texts, score_texts, served_or_503

router = APIRouter(tags=["mlflow scoring protocol"])

FORMATS = ("dataframe_split", "dataframe_records", "instances", "inputs")
_ERROR = {
    "description": 'an error: {"error_code": "BAD_REQUEST", "message": "..."}',
    "content": {"application/json": {}},
}
_BODY = {
    "requestBody": {
        "required": True,
        "content": {
            "application/json": {
                "schema": {
                    "type": "object",
                    "minProperties": 1,
                    "properties": {
                        "dataframe_split": {
                            "type": "object",
                            "properties": {
                                "columns": {"type": "array", "items": {"type": "string"}},
                                "data": {"type": "array", "items": {"type": "array"}},
                            },
                        },
                        "dataframe_records": {"type": "array", "items": {"type": "object"}},
                        "instances": {"type": "array"},
                        "inputs": {},
                        "params": {"type": "object"},
                    },
                },
                "example": {"dataframe_records": [{"text": "We must keep talking."}]},
            },
            "text/csv": {"schema": {"type": "string"}, "example": "text\nWe must keep talking.\n"},
        },
    }
}


def unsupported(message: str) -> ApiError:
    return ApiError(415, "unsupported_media_type", message, "send Content-Type: application/json")


def _parse(body: bytes, content_type: str | None, schema) -> object:  # noqa: ANN001
    """The request as MLflow's scoring server parses it (a DataFrame or a dict/list of columns)."""
    from mlflow.exceptions import MlflowException
    from mlflow.pyfunc import scoring_server as ss

    if not content_type:
        raise unsupported(f"no Content-Type; this server takes {ss.CONTENT_TYPES}")
    mime, *extra = (part.strip() for part in content_type.split(";"))
    options = dict(part.partition("=")[::2] for part in extra)
    if options.get("charset", "utf-8").lower() != "utf-8":
        raise unsupported("the scoring server only supports UTF-8")
    if set(options) - {"charset"}:
        raise unsupported(f"unrecognized content type parameters: {', '.join(options)}")
    try:
        if mime == ss.CONTENT_TYPE_JSON:
            try:
                payload = json.loads(body)
            except (ValueError, UnicodeDecodeError) as exc:
                raise bad_request(
                    f"Invalid input. Ensure that input is a valid JSON formatted string ({exc})",
                    f"send one of {list(FORMATS)}",
                ) from exc
            if not isinstance(payload, dict):
                raise bad_request(
                    f"{ss.REQUIRED_INPUT_FORMAT}. Received {type(payload).__name__}",
                    'e.g. {"dataframe_records": [{"text": "..."}]}',
                )
            data = {k: v for k, v in payload.items() if k in FORMATS}
            return ss.infer_and_parse_data(data, schema)
        if mime == ss.CONTENT_TYPE_CSV:
            return ss.parse_csv_input(io.StringIO(body.decode("utf-8")), schema=schema)
        if mime == ss.CONTENT_TYPE_PARQUET:
            return ss.parse_parquet_input(io.BytesIO(body))
    except MlflowException as exc:  # MLflow's own parse error: its code and status
        raise ApiError(
            exc.get_http_status_code(),
            exc.error_code,
            exc.message,
            f"send one of {list(FORMATS)} with a 'text' column",
        ) from exc
    except UnicodeDecodeError as exc:
        raise bad_request(f"the body is not UTF-8 ({exc.reason})", "send UTF-8") from exc
    except ApiError:
        raise
    except Exception as exc:  # e.g. pandas refusing a malformed frame: the input's fault
        raise bad_request(
            f"the input could not be parsed: {type(exc).__name__}: {exc}",
            f"send one of {list(FORMATS)} with a 'text' column",
        ) from exc
    raise unsupported(
        f"this predictor only supports the following content types: {ss.CONTENT_TYPES}; "
        f"got '{content_type}'"
    )


def _texts(data: object) -> list:
    """The ``text`` column of the parsed input (what the pyfunc's schema enforcement keeps)."""
    try:
        frame = data if isinstance(data, pd.DataFrame) else pd.DataFrame(data)
    except (ValueError, TypeError) as exc:
        raise bad_request(
            f"the input cannot be read as a table with a 'text' column ({exc})",
            'e.g. {"dataframe_records": [{"text": "..."}]}',
        ) from exc
    if "text" not in frame.columns:
        raise ApiError(  # the code MLflow's schema enforcement gives
            400,
            "INVALID_PARAMETER_VALUE",
            f"Model is missing inputs ['text']; got columns {[str(c) for c in frame.columns]}",
            "send a 'text' column",
        )
    if list(frame.columns).count("text") > 1:
        raise bad_request("the input has more than one 'text' column", "send one")
    return frame["text"].tolist()


# MLflow's server labels these two plain-text bodies application/json; they are not JSON, so
# here they say text/plain (clients read only the status, or the text).
_TEXT = {
    200: {"description": "plain text", "content": {"text/plain": {"schema": {"type": "string"}}}}
}


@router.get("/ping", responses={**_TEXT, 503: _ERROR})
@router.get("/health", responses={**_TEXT, 503: _ERROR}, include_in_schema=False)
async def ping(request: Request) -> Response:
    """200 once the model is loaded (MLflow's health check); 503 before."""
    served_or_503(request)
    return Response(content="\n", media_type="text/plain")


@router.get("/version", responses=_TEXT)
async def version() -> Response:
    """The MLflow version, as MLflow's scoring server answers."""
    from mlflow.version import VERSION

    return Response(content=VERSION, media_type="text/plain")


@router.post(
    "/invocations",
    openapi_extra=_BODY,
    responses={
        200: {"description": '{"predictions": [...]}', "content": {"application/json": {}}},
        **{code: _ERROR for code in (400, 401, 413, 415, 503)},
    },
)
async def invocations(request: Request) -> Response:
    """Score like ``mlflow models serve``: ``{"predictions": [{"label", "score_*", ...}]}``."""
    from mlflow.pyfunc.scoring_server import predictions_to_json

    served = served_or_503(request)
    metadata = getattr(served.model.pyfunc, "metadata", None)
    schema = metadata.get_input_schema() if metadata is not None else None
    data = _parse(await request.body(), request.headers.get("content-type"), schema)
    texts = check_texts(_texts(data), request.app.state.settings)
    frame = await score_texts(request, served.model, texts)
    out = io.StringIO()
    predictions_to_json(frame, out)
    return Response(content=out.getvalue(), media_type="application/json")
