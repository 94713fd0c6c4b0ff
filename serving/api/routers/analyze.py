"""POST /v1/analyze: a whole article in, who stands where on engagement out (article mode).

Three steps, each where it belongs:

* extraction runs in the article worker pool (serving/article/pool.py), never in the server's
  own process, so a slow article cannot stall other requests: at most ``PARLEY_ARTICLE_WORKERS``
  articles at once (503 + Retry-After beyond), each within ``PARLEY_ARTICLE_TIMEOUT_S`` (504
  and the work stopped beyond);
* scoring goes through the same micro-batcher as /v1/predict (``serving.api.scoring``), so
  article statements share forward passes with other requests and meet the same queue limit:
  a full queue is answered 503 + Retry-After (code ``overloaded``);
* the per-speaker stance and the JSON are built in a thread.

Limits: the article's length (``MAX_ARTICLE_CHARS``) bounds the work, not the number of
statements found in it. An article can hold far more statements than ``PARLEY_MAX_ITEMS``, so
instead of refusing it, its statements are queued in chunks of at most ``PARLEY_MAX_ITEMS``, one
after the other: an article holds no more of the queue at once than one maximal /v1/predict
request, and other requests are served between its chunks. ``PARLEY_MAX_TEXT_CHARS`` does not
apply to a statement cut out of an article (the model reads its window and says ``truncated``);
statements with no word in them are skipped and counted (``n_skipped``).
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field
from starlette.concurrency import run_in_threadpool

from inference.predict import LoadedModel
from serving.api.deps import ModelDep, SettingsDep
from serving.api.errors import ApiError, error_responses, retry_later
from serving.api.schemas import ErrorResponse, UnicodeText
from serving.api.scoring import score_texts
from serving.api.settings import ServingSettings
from serving.article.analyze import (
    MAX_ARTICLE_CHARS,
    build_result,
    model_inputs,
    scored_rows,
    usable,
)
from serving.article.extract import Extraction
from serving.article.pool import ArticlePool, PoolBusy, PoolTimeout, WorkerFailed

router = APIRouter(prefix="/v1", tags=["analyze"])

_RESPONSES: dict[int | str, dict[str, Any]] = {
    **error_responses(401, 413, 422, 503),
    504: {"model": ErrorResponse, "description": "the article took longer than the deadline"},
}


class AnalyzeRequest(BaseModel):
    text: UnicodeText = Field(
        ..., description="the article: plain text, paragraphs separated by blank lines"
    )


def article_pool(request: Request) -> ArticlePool:
    """The app's pool, made on first use from the app's settings."""
    pool = getattr(request.app.state, "article_pool", None)
    if pool is None:
        pool = ArticlePool.from_settings(request.app.state.settings)
        request.app.state.article_pool = pool
    return pool


def check_article(text: str) -> None:
    if not text.strip():
        raise ApiError(
            422,
            "empty_article",
            "text is empty; send the article's text",
            "paste the article (plain text, paragraphs separated by blank lines)",
        )
    if len(text) > MAX_ARTICLE_CHARS:
        raise ApiError(
            422,
            "article_too_long",
            f"text has {len(text)} characters; the limit is {MAX_ARTICLE_CHARS}",
            "send one article per request, or cut it into parts under the limit",
        )


async def extract_in_pool(request: Request, text: str, settings: ServingSettings) -> Extraction:
    """The article's extraction from the worker pool; its refusals as HTTP errors."""
    pool = article_pool(request)
    try:
        return await pool.extract(text)
    except PoolBusy:
        raise retry_later(
            "articles_busy",
            f"{pool.size} articles are being analysed already (PARLEY_ARTICLE_WORKERS)",
            settings.retry_after_s,
        ) from None
    except PoolTimeout:
        raise ApiError(
            504,
            "article_timeout",
            f"the article was not analysed within {pool.timeout_s:g} s "
            "(PARLEY_ARTICLE_TIMEOUT_S); the work was stopped",
            "send a shorter article or split it into its sections",
        ) from None
    except WorkerFailed as exc:
        raise ApiError(
            500, "article_failed", f"the article could not be analysed: {exc}", "report it"
        ) from None


async def score_in_chunks(
    request: Request, model: LoadedModel, texts: list[str], chunk: int
) -> list[dict]:
    """Score through the micro-batcher, at most ``chunk`` texts per job, in order."""
    scored: list[dict] = []
    for lo in range(0, len(texts), chunk):
        frame = await score_texts(request, model, texts[lo : lo + chunk])
        scored.extend(scored_rows(frame))
    return scored


@router.post("/analyze", responses=_RESPONSES)
async def analyze_article(
    body: AnalyzeRequest, model: ModelDep, settings: SettingsDep, request: Request
) -> JSONResponse:
    """Statements attributed to each speaker, scored, with each speaker's overall stance."""
    check_article(body.text)
    ext = await extract_in_pool(request, body.text, settings)
    speakers, statements, n_skipped = usable(ext)
    texts = model_inputs(model, body.text, statements)
    scored = await score_in_chunks(request, model, texts, settings.max_items)
    # aggregated and rendered to JSON in a thread: an article can hold thousands of statements,
    # and encoding them on the event loop would hold up every other request
    return await run_in_threadpool(
        lambda: JSONResponse(build_result(model, speakers, statements, n_skipped, scored))
    )
