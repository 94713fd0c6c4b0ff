"""The FastAPI application factory (no work at import; the model loads in the lifespan)."""

from __future__ import annotations

import asyncio
import logging
from contextlib import asynccontextmanager

from fastapi import FastAPI

from serving.mlflow_env import configure
from serving.routers import analyze, health, predict
from serving.settings import ServingSettings
from serving.state import ModelHolder

log = logging.getLogger(__name__)


def create_app(settings: ServingSettings | None = None) -> FastAPI:
    settings = settings or ServingSettings()

    @asynccontextmanager
    async def lifespan(app: FastAPI):
        configure()
        if settings.torch_threads > 0:
            import torch

            torch.set_num_threads(settings.torch_threads)
        await asyncio.to_thread(app.state.holder.load)
        yield

    app = FastAPI(
        title="Parley",
        version="0.1.0",
        lifespan=lifespan,
        description="Stance toward diplomatic engagement: favor / against / neutral.",
    )
    app.state.settings = settings
    app.state.holder = ModelHolder(settings.model_uri)
    app.include_router(health.router)
    app.include_router(predict.router)
    app.include_router(analyze.router)
    return app
