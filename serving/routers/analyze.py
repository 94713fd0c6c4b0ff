"""POST /v1/analyze: a whole article in, who stands where on engagement out (article mode)."""

from __future__ import annotations

from fastapi import APIRouter
from pydantic import BaseModel, Field
from starlette.concurrency import run_in_threadpool

from serving.article.analyze import MAX_ARTICLE_CHARS, analyze
from serving.deps import ModelDep
from serving.errors import ApiError, error_responses
from serving.schemas import UnicodeText

router = APIRouter(prefix="/v1", tags=["analyze"])


class AnalyzeRequest(BaseModel):
    text: UnicodeText = Field(
        ..., description="the article: plain text, paragraphs separated by blank lines"
    )


@router.post("/analyze", responses=error_responses(401, 413, 422, 503))
async def analyze_article(body: AnalyzeRequest, model: ModelDep) -> dict:
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
    return await run_in_threadpool(analyze, model, body.text)
