"""POST /admin/reload: follow the registry alias now (the poller does the same on a timer)."""

from __future__ import annotations

import asyncio

from fastapi import APIRouter

from serving.api.deps import HolderDep
from serving.api.errors import ApiError, error_responses
from serving.api.schemas import ModelRef, ReloadResponse

router = APIRouter(prefix="/admin", tags=["admin"])


@router.post(
    "/reload",
    response_model=ReloadResponse,
    responses=error_responses(401, 413, 422, 502),
)
async def reload_model(holder: HolderDep, force: bool = False) -> ReloadResponse:
    """Load the version the alias points at, beside the live one, and swap when it passes.

    ``force=true`` reloads even when the alias still points at the version being served.
    """
    result = await asyncio.to_thread(holder.refresh, retry_failed=True, force=force)
    model = holder.model
    if result.outcome == "failed":
        still = f"version {model.version} keeps serving" if model else "no model is serving"
        raise ApiError(
            502,
            "reload_failed",
            f"could not load {holder.uri} (version {result.version}): {result.error}; {still}",
            "fix or re-register that version, or point the alias back at a working one; "
            "GET /v1/model shows the error",
        )
    return ReloadResponse(outcome=result.outcome, model=ModelRef(**model.describe()))
