"""The FastAPI application factory (no work at import; the model loads after start-up).

The server answers /healthz at once; the model loads in the background, /readyz turns 200 when
it passed its smoke test, and a poller follows the registry alias for hot reloads. One check runs
before that: if the registry does not answer at all, start-up fails with a clear message (exit
code 3 from uvicorn), unless ``PARLEY_MODEL_CACHE_DIR`` holds a copy of the model to serve.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from contextlib import asynccontextmanager

from fastapi import FastAPI

from inference.mlflow_env import configure
from inference.model_cache import ModelCache
from inference.registry import RegistryUnavailable, check_reachable, tracking_uri
from serving.api import errors
from serving.api.logs import RequestIdMiddleware
from serving.api.metrics import Metrics
from serving.api.micro_batcher import MicroBatcher
from serving.api.middleware import ApiKeyMiddleware, BodyLimitMiddleware, RequestMetricsMiddleware
from serving.api.model_holder import ModelHolder, Served
from serving.api.routers import admin, analyze, health, mlflow_protocol, page, predict, v2
from serving.api.settings import ServingSettings

log = logging.getLogger(__name__)


async def _follow_alias(holder: ModelHolder, interval_s: float) -> None:
    """Load at start, then re-check the alias every ``interval_s`` (0: load once)."""
    while True:
        try:
            await asyncio.to_thread(holder.refresh)
        except Exception:  # refresh records its own errors; never let the poller die
            log.exception("reload check failed")
        if interval_s <= 0 and holder.model is not None:
            return
        await asyncio.sleep(interval_s if interval_s > 0 else 5.0)


async def check_registry(holder: ModelHolder, settings: ServingSettings) -> None:
    """Fail fast when the registry is down at start and there is no cached copy to serve."""
    error = await asyncio.to_thread(check_reachable, holder.uri)
    if error is None:
        return
    where = tracking_uri()
    cached = holder.cache.entry(holder.uri) if holder.cache is not None else None
    if cached is not None:
        log.warning(
            "the model registry at %s does not answer (%s); serving the cached copy of %s "
            "(version %s, saved %s) until it does",
            where,
            error,
            holder.uri,
            cached.get("version"),
            cached.get("cached_at"),
        )
        return
    message = (
        f"cannot start: the model registry at {where} does not answer, so {holder.uri} cannot "
        f"be resolved ({type(error).__name__}: {error}). Start the MLflow tracking server or fix "
        "MLFLOW_TRACKING_URI; or set PARLEY_MODEL_CACHE_DIR so that the server can start from "
        + (
            f"the last model it loaded (nothing is cached in {holder.cache.root} yet)"
            if holder.cache is not None
            else "the last model it loaded"
        )
    )
    log.error(message)
    raise RegistryUnavailable(message)


def create_app(settings: ServingSettings | None = None) -> FastAPI:
    settings = settings or ServingSettings()
    settings.check_exposure()  # also when uvicorn runs the factory directly
    metrics = Metrics()

    def on_swap(served: Served) -> None:
        m = served.model
        metrics.set_model(m.name, m.version, m.alias)

    @asynccontextmanager
    async def lifespan(app: FastAPI):
        configure(settings)
        await check_registry(app.state.holder, settings)
        app.state.batcher.start()
        poller = asyncio.create_task(_follow_alias(app.state.holder, settings.reload_interval_s))
        try:
            yield
        finally:
            poller.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await poller
            await asyncio.to_thread(app.state.batcher.stop)
            if getattr(app.state, "article_pool", None) is not None:
                await app.state.article_pool.close()

    app = FastAPI(
        title="Parley",
        version="0.1.0",
        lifespan=lifespan,
        description="Stance toward diplomatic engagement: favor / against / neutral. "
        "When PARLEY_API_KEY is set, /v1/* and /admin/* need 'Authorization: Bearer <key>' "
        "or 'X-API-Key: <key>'.",
    )
    app.state.settings = settings
    app.state.metrics = metrics
    app.state.holder = ModelHolder(
        settings.model_uri,
        on_swap=on_swap,
        on_attempt=lambda outcome: metrics.reloads.labels(outcome).inc(),
        cache=ModelCache(settings.model_cache_dir) if settings.model_cache_dir else None,
        engine=settings.engine(),
    )
    app.state.batcher = MicroBatcher(
        max_batch_size=settings.max_batch_size,
        max_wait_s=settings.max_wait_ms / 1000,
        queue_size=settings.queue_size,
        metrics=metrics,
    )
    errors.install(app)
    # Last added runs first: metrics see every answer, including 401 and 413.
    app.add_middleware(
        BodyLimitMiddleware, limit=settings.max_body_bytes, timeout_s=settings.body_timeout_s
    )
    app.add_middleware(ApiKeyMiddleware, api_key=settings.api_key_value())
    app.add_middleware(
        RequestMetricsMiddleware, metrics=metrics, known_paths=lambda: app.openapi()["paths"]
    )
    app.add_middleware(RequestIdMiddleware)  # outermost: every answer and log line has the id
    app.include_router(health.router)
    app.include_router(predict.router)
    app.include_router(admin.router)
    app.include_router(analyze.router)
    app.include_router(v2.router)  # standard protocols, over the same queue and predict
    app.include_router(mlflow_protocol.router)
    page.install(app)  # the analyst's page at / (static; its API calls need the key)
    return app
