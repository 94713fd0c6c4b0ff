"""`explain: true` on /v1/predict: limits, and the occlusion run off the event loop.

Explanations bypass the micro-batcher: one request scores many variants of each statement (one
per deleted span), so it runs in a worker thread through :func:`inference.explain.explain` (the shared predict inside).
Their cost is bounded twice: at most ``PARLEY_EXPLAIN_MAX_ITEMS`` statements per request (422
beyond), at most ``PARLEY_EXPLAIN_CONCURRENCY`` such requests at once (503 + Retry-After beyond,
like a full queue), so plain predictions keep their CPU.
"""

from __future__ import annotations

import asyncio

import pandas as pd
from starlette.datastructures import State

from inference.explain import Evidence, explain
from inference.predict import LoadedModel
from serving.api.errors import ApiError, retry_later
from serving.api.settings import ServingSettings


def check_explain(n_statements: int, settings: ServingSettings) -> None:
    """422 when a request asks for evidence on more statements than allowed."""
    limit = settings.explain_max_items
    if n_statements > limit:
        raise ApiError(
            422,
            "too_many_to_explain",
            f"explain=true is allowed for at most {limit} statements per request; this one has "
            f"{n_statements}",
            f"send at most {limit} statements with explain=true (or leave explain out to label "
            f"up to {settings.max_items})",
        )


async def explain_in_thread(
    state: State, model: LoadedModel, texts: list[str], settings: ServingSettings
) -> tuple[pd.DataFrame, list[list[Evidence]]]:
    """Run :func:`explain` in a thread, unless ``explain_concurrency`` runs are already going."""
    running = getattr(state, "explain_running", 0)
    if running >= settings.explain_concurrency:  # checked and counted on the event loop: no race
        raise retry_later(
            "explain_busy",
            f"{running} explain request(s) are running; the limit is "
            f"{settings.explain_concurrency} (PARLEY_EXPLAIN_CONCURRENCY)",
            settings.retry_after_s,
            f"retry after {settings.retry_after_s} s, or send the request without explain",
        )
    state.explain_running = running + 1
    try:
        return await asyncio.to_thread(explain, model, texts)
    finally:
        state.explain_running = getattr(state, "explain_running", 1) - 1
