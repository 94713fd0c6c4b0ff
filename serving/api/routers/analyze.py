"""POST /v1/analyze: a whole article in, who stands where on engagement out (article mode).

The extraction runs in the article worker pool (serving/article/pool.py), never in the server's
own process: a slow article cannot stall other requests. At most ``PARLEY_ARTICLE_WORKERS``
articles at once (503 + Retry-After beyond), each within ``PARLEY_ARTICLE_TIMEOUT_S`` (504 and
the work stopped beyond). Scoring then goes through the served model in a thread.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field
from starlette.concurrency import run_in_threadpool

from serving.api.deps import ModelDep, SettingsDep
from serving.api.errors import ApiError, error_responses, retry_later
from serving.api.schemas import ErrorResponse, UnicodeText
from serving.article.analyze import MAX_ARTICLE_CHARS, score_extraction
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
    """The app's pool, made on first use (settings: PARLEY_ARTICLE_WORKERS / _TIMEOUT_S)."""
    pool = getattr(request.app.state, "article_pool", None)
    if pool is None:
        s = request.app.state.settings
        pool = ArticlePool(s.article_workers, s.article_timeout_s)
        request.app.state.article_pool = pool
    return pool


@router.post("/analyze", responses=_RESPONSES)
async def analyze_article(
    body: AnalyzeRequest, model: ModelDep, settings: SettingsDep, request: Request
) -> JSONResponse:
    """Statements attributed to each speaker, scored, with each speaker's overall stance."""
    if not body.text.strip():
        raise ApiError(
            422,
            "empty_article",
            "text is empty; send the article's text",
            "paste the article (plain text, paragraphs separated by blank lines)",
        )
    if len(body.text) > MAX_ARTICLE_CHARS:
        raise ApiError(
            422,
            "article_too_long",
            f"text has {len(body.text)} characters; the limit is {MAX_ARTICLE_CHARS}",
            "send one article per request, or cut it into parts under the limit",
        )
    pool = article_pool(request)
    try:
        ext = await pool.extract(body.text)
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
    # scored, aggregated and rendered to JSON in a thread: an article can hold thousands of
    # statements, and encoding them on the event loop would hold up every other request
    return await run_in_threadpool(lambda: JSONResponse(score_extraction(model, ext)))
