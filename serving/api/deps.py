"""FastAPI dependencies (``Annotated`` aliases used by the routers).

All ``async``: they only read app state, and FastAPI runs a plain ``def`` dependency in a worker
thread, a thread hop per dependency per request (five on ``/v1/predict``).
"""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from inference.predict import LoadedModel
from serving.api.errors import ApiError, retry_later
from serving.api.metrics import Metrics
from serving.api.micro_batcher import MicroBatcher
from serving.api.model_holder import ModelHolder
from serving.api.settings import ServingSettings


async def get_settings(request: Request) -> ServingSettings:
    return request.app.state.settings


async def get_holder(request: Request) -> ModelHolder:
    return request.app.state.holder


async def get_batcher(request: Request) -> MicroBatcher:
    return request.app.state.batcher


async def get_metrics(request: Request) -> Metrics:
    return request.app.state.metrics


def not_ready(holder: ModelHolder) -> ApiError:
    why = f" (last attempt: {holder.last_error['message']})" if holder.last_error else ""
    return retry_later(
        "model_not_loaded",
        f"no model is loaded yet{why}",
        5,
        "retry shortly; GET /readyz turns 200 when the model is ready",
    )


async def get_model(holder: Annotated[ModelHolder, Depends(get_holder)]) -> LoadedModel:
    """The model live now (503 before the first load). Pin it: a reload may swap it later."""
    model = holder.model
    if model is None:
        raise not_ready(holder)
    return model


SettingsDep = Annotated[ServingSettings, Depends(get_settings)]
HolderDep = Annotated[ModelHolder, Depends(get_holder)]
ModelDep = Annotated[LoadedModel, Depends(get_model)]
BatcherDep = Annotated[MicroBatcher, Depends(get_batcher)]
MetricsDep = Annotated[Metrics, Depends(get_metrics)]
