"""Scoring for the standard-protocol routes: the same limits, queue and predict as /v1/predict.

The Open Inference Protocol V2 and MLflow routers parse their own wire formats into a list of
texts, then call :func:`score_texts`, which submits them to the shared micro-batcher (so they
coalesce with /v1 requests into one forward pass of ``inference.predict.predict``). Errors are
``ApiError`` with a protocol status (400, 503); ``serving.api.errors`` renders them in the
protocol's error shape from the request path.
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd
from fastapi import Request

from inference.predict import LoadedModel
from parley_model.labels import MODEL_NAME
from parley_model.text import InputError, text_problem
from serving.api.deps import not_ready
from serving.api.errors import ApiError, retry_later
from serving.api.micro_batcher import Overloaded
from serving.api.model_holder import Served
from serving.api.settings import ServingSettings


def bad_request(message: str, fix: str) -> ApiError:
    return ApiError(400, "invalid_input", message, fix)


def fix_for(problem: str) -> str:
    """What to change, for a problem that :func:`parley_model.text.text_problem` named."""
    if "characters; the limit is" in problem:
        return "send only the statement itself, not the whole document"
    if "not valid Unicode" in problem:
        return "send UTF-8 text (no lone surrogate escapes such as \\ud800)"
    if "empty" in problem:
        return "send the statement's words"
    return "send every text as a non-empty string"


def check_texts(texts: Sequence[object], settings: ServingSettings) -> list[str]:
    """The /v1 limits, as 400s naming the first bad item (protocols use 400 for bad input):
    the item count, then each text by the one rule, ``text_problem``."""
    n = len(texts)
    if n == 0:
        raise bad_request("no statements were sent", "send at least one text")
    if n > settings.max_items:
        raise bad_request(
            f"{n} statements were sent; the limit is {settings.max_items}",
            f"split the request into batches of at most {settings.max_items} statements",
        )
    for i, text in enumerate(texts):
        problem = text_problem(text, max_chars=settings.max_text_chars)
        if problem is not None:
            raise bad_request(f"text[{i}]: {problem}", fix_for(problem))
    return list(texts)  # type: ignore[arg-type]


async def score_texts(request: Request, model: LoadedModel, texts: list[str]) -> pd.DataFrame:
    """Score through the shared micro-batcher; one row per text, in order (label, score_*, ...)."""
    state = request.app.state
    settings: ServingSettings = state.settings
    try:
        return await state.batcher.submit(model, texts)
    except Overloaded as exc:
        state.metrics.rejected.inc()
        raise retry_later(
            "overloaded",
            f"the server is at capacity: {exc}",
            settings.retry_after_s,
            f"retry after {settings.retry_after_s} s, or send fewer concurrent requests",
        ) from exc
    except InputError as exc:
        raise bad_request(str(exc), "correct the text named") from exc


def served_or_503(request: Request) -> Served:
    """What is served now (pinned for this request), or 503 before the first load."""
    holder = request.app.state.holder
    served = holder.current
    if served is None:
        raise not_ready(holder)
    return served


def protocol_name(model: LoadedModel) -> str:
    """The model's name in the protocols: its registered name, else the project's model name."""
    return model.name or MODEL_NAME
