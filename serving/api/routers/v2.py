"""Open Inference Protocol V2 (KServe / Triton "v2" REST) over the shared queue and predict.

One model, named by its registered name (``stance-classifier``): input ``text`` (BYTES, shape
``[n]`` or ``[n, 1]``), outputs ``label`` (BYTES ``[n]``) and ``scores`` (FP32 ``[n, 3]``, columns
in the order of the ``labels`` parameter of the model metadata). Tensors travel as JSON, or with
the binary tensor data extension that Triton's clients use by default
(``Inference-Header-Content-Length``). Errors are ``{"error": "..."}`` (``serving.api.errors``).
"""

from __future__ import annotations

import json
import struct
from typing import Any

import numpy as np
from fastapi import APIRouter, Request, Response
from fastapi.responses import JSONResponse

from parley_model.labels import SCORE_COLUMNS
from serving.api.errors import ApiError
from serving.api.model_holder import Served
from serving.api.scoring import (
    bad_request,
    check_texts,
    protocol_name,
    score_texts,
    served_or_503,
)

router = APIRouter(prefix="/v2", tags=["open inference protocol v2"])

HEADER_LENGTH = "Inference-Header-Content-Length"
# Model-card essentials shown in the metadata, when the training run logged them.
CARD_METRICS = (
    "test_macro_f1",
    "test_accuracy",
    "test_ece",
    "test_unanimous_macro_f1",
    "temperature",
)
_ERROR = {"content": {"application/json": {"example": {"error": "unknown model 'x'"}}}}


def _errors(*codes: int) -> dict[int | str, dict[str, Any]]:
    return {code: {"description": 'an error: {"error": "..."}', **_ERROR} for code in codes}


def _served(request: Request, name: str, version: str | None = None) -> Served:
    """The served model if ``name`` (and ``version``) designate it; else 404."""
    served = served_or_503(request)
    model, expected = served.model, protocol_name(served.model)
    if name != expected:
        raise ApiError(
            404, "unknown_model", f"unknown model '{name}'", f"this server serves '{expected}'"
        )
    if version is not None and version != model.version:
        raise ApiError(
            404,
            "unknown_version",
            f"version '{version}' of model '{name}' is not served",
            f"the version served is {model.version!r}; GET /v2/models/{name} lists it",
        )
    return served


@router.get("", responses=_errors(401))
async def server_metadata(request: Request) -> dict:
    """Server metadata: name, version, supported extensions."""
    return {
        "name": "parley",
        "version": request.app.version,
        "extensions": ["binary_tensor_data"],
    }


@router.get("/health/live")
async def live() -> dict:
    """The process is alive."""
    return {"live": True}


@router.get("/health/ready", responses={503: {"description": "no model is loaded yet"}})
async def ready(request: Request) -> Response:
    """200 once a model is loaded (the same rule as /readyz)."""
    if request.app.state.holder.model is None:
        return JSONResponse({"ready": False}, status_code=503, headers={"Retry-After": "5"})
    return JSONResponse({"ready": True})


def _metadata(served: Served) -> dict:
    model = served.model
    params: dict[str, Any] = {
        "labels": ",".join(served.labels),
        "kind": served.kind or "",
        "engine": (model.runtime or {}).get("engine", ""),
        "alias": model.alias or "",
        "run_id": model.run_id or "",
        "uri": model.uri,
        "loaded_at": model.loaded_at,
    }
    params.update(
        {k: served.training_metrics[k] for k in CARD_METRICS if k in served.training_metrics}
    )
    n_labels = len(served.labels)
    return {
        "name": protocol_name(model),
        "versions": [model.version] if model.version else [],
        "platform": "mlflow_pyfunc",
        "inputs": [{"name": "text", "datatype": "BYTES", "shape": [-1]}],
        "outputs": [
            {"name": "label", "datatype": "BYTES", "shape": [-1]},
            {"name": "scores", "datatype": "FP32", "shape": [-1, n_labels]},
        ],
        "parameters": params,
    }


@router.get("/models/{name}", responses=_errors(401, 404, 503))
async def model_metadata(request: Request, name: str) -> dict:
    """Model metadata: versions, tensors, label order and the model card's essentials."""
    return _metadata(_served(request, name))


@router.get("/models/{name}/versions/{version}", responses=_errors(401, 404, 503))
async def model_version_metadata(request: Request, name: str, version: str) -> dict:
    return _metadata(_served(request, name, version))


@router.get("/models/{name}/ready", responses=_errors(401, 404, 503))
async def model_ready(request: Request, name: str) -> dict:
    """200 when this model is loaded and ready."""
    served = _served(request, name)
    return {"name": protocol_name(served.model), "ready": True}


@router.get("/models/{name}/versions/{version}/ready", responses=_errors(401, 404, 503))
async def model_version_ready(request: Request, name: str, version: str) -> dict:
    served = _served(request, name, version)
    return {"name": protocol_name(served.model), "ready": True}


# --- inference ---------------------------------------------------------------------------------

_INFER_BODY = {
    "requestBody": {
        "required": True,
        "content": {
            "application/json": {
                "schema": {
                    "type": "object",
                    "required": ["inputs"],
                    "properties": {
                        "id": {"type": "string"},
                        "parameters": {"type": ["object", "null"]},
                        "inputs": {
                            "type": "array",
                            "items": {
                                "type": "object",
                                "required": ["name", "shape", "datatype"],
                                "properties": {
                                    "name": {"type": "string", "enum": ["text"]},
                                    "shape": {"type": "array", "items": {"type": "integer"}},
                                    "datatype": {"type": "string", "enum": ["BYTES"]},
                                    "parameters": {"type": ["object", "null"]},
                                    "data": {"type": "array", "items": {"type": "string"}},
                                },
                            },
                        },
                        "outputs": {
                            "type": ["array", "null"],
                            "items": {
                                "type": "object",
                                "required": ["name"],
                                "properties": {
                                    "name": {"type": "string", "enum": ["label", "scores"]},
                                    "parameters": {"type": ["object", "null"]},
                                },
                            },
                        },
                    },
                },
                "example": {
                    "id": "r1",
                    "inputs": [
                        {
                            "name": "text",
                            "shape": [1],
                            "datatype": "BYTES",
                            "data": ["We must keep talking."],
                        }
                    ],
                },
            }
        },
    }
}
_INFER_RESPONSES = {
    200: {
        "description": "outputs label (BYTES [n]) and scores (FP32 [n, 3]); with the binary "
        "extension, a JSON header of Inference-Header-Content-Length bytes then the tensors",
        "content": {"application/json": {}, "application/octet-stream": {}},
    },
    **_errors(400, 401, 404, 413, 503),
}


def _params(owner: dict, where: str) -> dict:
    """``owner["parameters"]``: an object, or absent."""
    params = owner.get("parameters")
    if params is None:
        return {}
    if not isinstance(params, dict):
        raise bad_request(f"the parameters of {where} must be an object", "send {} or leave it out")
    return params


def _bool(value: object) -> bool:
    return value is True or (isinstance(value, str) and value.lower() == "true")


def _flatten(data: object) -> list:
    """Row-major flattening of a nested JSON tensor."""
    if not isinstance(data, list):
        return [data]
    out: list = []
    for item in data:
        out.extend(_flatten(item) if isinstance(item, list) else [item])
    return out


def _decode_bytes_tensor(raw: bytes) -> list[str]:
    """Binary BYTES tensor: each element a 4-byte little-endian length, then its bytes."""
    out, offset = [], 0
    while offset < len(raw):
        if offset + 4 > len(raw):
            raise bad_request("the binary 'text' tensor is truncated", "re-encode the input")
        (size,) = struct.unpack_from("<I", raw, offset)
        offset += 4
        chunk = raw[offset : offset + size]
        if len(chunk) != size:
            raise bad_request("the binary 'text' tensor is truncated", "re-encode the input")
        offset += size
        try:
            out.append(chunk.decode("utf-8"))
        except UnicodeDecodeError as exc:
            raise bad_request(
                f"text[{len(out)}] is not valid UTF-8 ({exc.reason})", "send UTF-8 text"
            ) from exc
    return out


def _encode_bytes_tensor(values: list[str]) -> bytes:
    return b"".join(struct.pack("<I", len(b)) + b for b in (v.encode("utf-8") for v in values))


def _parse_request(body: bytes, header_length: str | None) -> tuple[dict, bytes]:
    """The JSON header and the binary tail (empty without the extension)."""
    if header_length is not None:
        if not header_length.isdigit() or int(header_length) > len(body):
            raise bad_request(
                f"{HEADER_LENGTH} is {header_length!r} for a body of {len(body)} bytes",
                "send the length of the JSON part of the body",
            )
        head, tail = body[: int(header_length)], body[int(header_length) :]
    else:
        head, tail = body, b""
    try:
        payload = json.loads(head)
    except (ValueError, UnicodeDecodeError) as exc:
        raise bad_request(
            f"the body is not valid JSON ({exc})", "send an inference request object"
        ) from exc
    if not isinstance(payload, dict):
        raise bad_request("the body must be a JSON object", 'send {"inputs": [...]}')
    if "id" in payload and not isinstance(payload["id"], str):
        raise bad_request("'id' must be a string", 'send e.g. "id": "r1", or leave it out')
    return payload, tail


def _texts(payload: dict, tail: bytes) -> list[str]:
    inputs = payload.get("inputs")
    if not isinstance(inputs, list) or not inputs:
        raise bad_request("'inputs' must be a non-empty list", "send one input named 'text'")
    names = [i.get("name") if isinstance(i, dict) else None for i in inputs]
    if names != ["text"]:
        raise bad_request(
            f"this model takes one input named 'text'; got {names}", "send one input named 'text'"
        )
    tensor = inputs[0]
    if tensor.get("datatype") != "BYTES":
        raise bad_request(
            f"input 'text' has datatype {tensor.get('datatype')!r}", "send it as BYTES"
        )
    shape = tensor.get("shape")
    if (
        not isinstance(shape, list)
        or not 1 <= len(shape) <= 2
        or not all(isinstance(d, int) and not isinstance(d, bool) and d >= 0 for d in shape)
        or (len(shape) == 2 and shape[1] != 1)
    ):
        raise bad_request(
            f"input 'text' has shape {shape!r}", "send shape [n] (or [n, 1]) for n statements"
        )
    size = _params(tensor, "input 'text'").get("binary_data_size")
    if size is not None:
        if not isinstance(size, int) or size < 0 or size > len(tail):
            raise bad_request(
                f"binary_data_size {size!r} does not fit the {len(tail)} bytes after the header",
                "send the binary tensor after the JSON header",
            )
        texts: list = _decode_bytes_tensor(tail[:size])
    elif "data" in tensor:
        texts = _flatten(tensor["data"])
    else:
        raise bad_request("input 'text' has no data", "send 'data': [\"...\"]")
    if len(texts) != shape[0]:
        raise bad_request(
            f"input 'text' has shape {shape} but {len(texts)} elements", "make them agree"
        )
    return texts


def _requested(payload: dict) -> dict[str, bool]:
    """Output name -> binary?, for the outputs the request asks for (all when it names none)."""
    binary_all = _bool(_params(payload, "the request").get("binary_data_output"))
    outputs = payload.get("outputs")
    if outputs is None:
        return {"label": binary_all, "scores": binary_all}
    if not isinstance(outputs, list):
        raise bad_request("'outputs' must be a list", 'send [{"name": "label"}, ...]')
    wanted: dict[str, bool] = {}
    for out in outputs:
        name = out.get("name") if isinstance(out, dict) else None
        if name not in ("label", "scores"):
            raise bad_request(f"unknown output {name!r}", "ask for 'label' and/or 'scores'")
        wanted[name] = _bool(_params(out, f"output {name!r}").get("binary_data", binary_all))
    return wanted


async def _infer(request: Request, name: str, version: str | None) -> Response:
    served = _served(request, name, version)
    payload, tail = _parse_request(await request.body(), request.headers.get(HEADER_LENGTH))
    texts = check_texts(_texts(payload, tail), request.app.state.settings)
    wanted = _requested(payload)
    frame = await score_texts(request, served.model, texts)
    columns = [f"score_{label}" for label in served.labels] if served.labels else SCORE_COLUMNS
    values = {
        "label": frame["label"].tolist(),
        "scores": frame[list(columns)].to_numpy(dtype=np.float32),
    }
    outputs, blobs = [], []
    for out_name, binary in wanted.items():
        if out_name == "label":
            tensor = {"name": "label", "datatype": "BYTES", "shape": [len(texts)]}
            data, raw = values["label"], (_encode_bytes_tensor(values["label"]) if binary else b"")
        else:
            arr = values["scores"]
            tensor = {"name": "scores", "datatype": "FP32", "shape": list(arr.shape)}
            data, raw = arr.ravel().tolist(), (arr.astype("<f4").tobytes() if binary else b"")
        if binary:
            tensor["parameters"] = {"binary_data_size": len(raw)}
            blobs.append(raw)
        else:
            tensor["data"] = data
        outputs.append(tensor)
    response: dict[str, Any] = {
        "model_name": protocol_name(served.model),
        "model_version": served.model.version or "",
        "outputs": outputs,
    }
    if "id" in payload:
        response["id"] = payload["id"]
    if not blobs:
        return JSONResponse(response)
    head = json.dumps(response).encode()
    return Response(
        head + b"".join(blobs),
        media_type="application/octet-stream",
        headers={HEADER_LENGTH: str(len(head))},
    )


@router.post("/models/{name}/infer", responses=_INFER_RESPONSES, openapi_extra=_INFER_BODY)
async def infer(request: Request, name: str) -> Response:
    """Label the BYTES input ``text``: outputs ``label`` and ``scores`` (label order in metadata)."""
    return await _infer(request, name, None)


@router.post(
    "/models/{name}/versions/{version}/infer",
    responses=_INFER_RESPONSES,
    openapi_extra=_INFER_BODY,
)
async def infer_version(request: Request, name: str, version: str) -> Response:
    return await _infer(request, name, version)
