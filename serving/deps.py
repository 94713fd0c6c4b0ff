"""FastAPI dependencies (``Annotated`` aliases used by the routers)."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, HTTPException, Request

from serving.predict import LoadedModel
from serving.settings import ServingSettings
from serving.state import ModelHolder


def get_settings(request: Request) -> ServingSettings:
    return request.app.state.settings


def get_holder(request: Request) -> ModelHolder:
    return request.app.state.holder


def get_model(holder: Annotated[ModelHolder, Depends(get_holder)]) -> LoadedModel:
    if holder.model is None:
        raise HTTPException(
            503, detail="no model is loaded yet; retry shortly", headers={"Retry-After": "5"}
        )
    return holder.model


SettingsDep = Annotated[ServingSettings, Depends(get_settings)]
HolderDep = Annotated[ModelHolder, Depends(get_holder)]
ModelDep = Annotated[LoadedModel, Depends(get_model)]
