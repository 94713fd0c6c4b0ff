"""The HTTP contract (pydantic models)."""

from __future__ import annotations

from pydantic import BaseModel, Field


class Statement(BaseModel):
    id: str | None = Field(None, description="optional id, echoed back")
    text: str = Field(..., description="the statement to label")


class PredictRequest(BaseModel):
    statements: list[Statement] = Field(..., min_length=1)


class Scores(BaseModel):
    favor: float
    against: float
    neutral: float


class Prediction(BaseModel):
    id: str | None
    label: str
    scores: Scores
    truncated: bool = False


class ModelRef(BaseModel):
    name: str | None
    version: str | None
    alias: str | None


class PredictResponse(BaseModel):
    model: ModelRef
    predictions: list[Prediction]
