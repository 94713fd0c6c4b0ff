"""Liveness, readiness and model description."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import JSONResponse

from serving.deps import HolderDep

router = APIRouter(tags=["health"])


@router.get("/healthz")
def healthz() -> dict:
    return {"status": "ok"}


@router.get("/readyz")
def readyz(holder: HolderDep):
    if holder.model is None:
        return JSONResponse({"status": "loading", "error": holder.last_error}, status_code=503)
    return {"status": "ready", "model": holder.model.describe()}


@router.get("/v1/model")
def model_info(holder: HolderDep) -> dict:
    m = holder.model
    return {
        "uri": holder.uri,
        "name": m.name if m else None,
        "version": m.version if m else None,
        "alias": m.alias if m else None,
        "run_id": m.run_id if m else None,
        "loaded_at": m.loaded_at if m else None,
        "last_reload_error": holder.last_error,
    }
