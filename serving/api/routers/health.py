"""Liveness, readiness, model description and Prometheus metrics (health and metrics: no key)."""

from __future__ import annotations

from fastapi import APIRouter, Request, Response
from fastapi.responses import JSONResponse

from parley_model.labels import LABELS
from serving.api.deps import HolderDep, MetricsDep, SettingsDep
from serving.api.errors import error_responses
from serving.api.middleware import has_key
from serving.api.schemas import ModelInfo
from serving.api.settings import LOCAL_HOSTS

router = APIRouter(tags=["health"])


@router.get("/healthz")
def healthz() -> dict:
    """The process is alive (says nothing about the model)."""
    return {"status": "ok"}


@router.get(
    "/readyz",
    responses={503: {"description": "no model is loaded yet (status 'loading', last_error)"}},
)
def readyz(holder: HolderDep, settings: SettingsDep, request: Request):
    """200 once a model is loaded and its smoke prediction passed; 503 before. Only the status
    for anonymous callers: the model URI and load error (paths) need the API key, or a server
    with no key that binds loopback only; the log always has them."""
    key = settings.api_key_value()
    trusted = has_key(request.scope, key.encode()) if key else settings.host in LOCAL_HOSTS
    model = holder.model
    if model is None:
        body: dict = {"status": "loading"}
        if trusted:
            body["uri"] = holder.uri
            body["last_error"] = holder.last_error["message"] if holder.last_error else None
        return JSONResponse(body, status_code=503, headers={"Retry-After": "5"})
    return {"status": "ready", "model": model.describe()} if trusted else {"status": "ready"}


@router.get("/metrics", include_in_schema=False)
def metrics(metrics: MetricsDep) -> Response:
    return Response(metrics.render(), media_type=metrics.content_type)


@router.get("/v1/model", response_model=ModelInfo, responses=error_responses(401))
def model_info(holder: HolderDep, settings: SettingsDep) -> ModelInfo:
    """What is served: registry name/version/alias, run, labels, training metrics, reload state."""
    served = holder.current
    m = served.model if served else None
    return ModelInfo(
        loaded=served is not None,
        uri=holder.uri,
        name=m.name if m else None,
        version=m.version if m else None,
        alias=m.alias if m else None,
        run_id=m.run_id if m else None,
        kind=served.kind if served else None,
        runtime=getattr(m, "runtime", None),
        labels=served.labels if served else list(LABELS),
        training_metrics=served.training_metrics if served else {},
        loaded_at=m.loaded_at if m else None,
        last_reload_error=holder.last_error,
        reload_interval_s=settings.reload_interval_s,
        source=served.source if served else None,
        cached_at=served.cached_at if served else None,
    )
