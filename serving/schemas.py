"""The HTTP contract (pydantic models); limits that depend on settings are checked in the router."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field


class Statement(BaseModel):
    id: str | None = Field(None, description="optional id, echoed back unchanged")
    text: str = Field(
        ...,
        description="the statement to label: non-empty, at most PARLEY_MAX_TEXT_CHARS "
        "(20,000) characters; text beyond the model's window is not read (truncated=true)",
    )


class PredictRequest(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "statements": [
                        {"id": "s1", "text": "We must keep talking to Moscow, even now."},
                        {"id": "s2", "text": "Negotiating with them only buys them time."},
                    ]
                }
            ]
        }
    )

    statements: list[Statement] = Field(
        ..., min_length=1, description="1 to PARLEY_MAX_ITEMS (256) statements"
    )


class Scores(BaseModel):
    favor: float
    against: float
    neutral: float


class Prediction(BaseModel):
    id: str | None
    label: str = Field(..., description="favor | against | neutral")
    scores: Scores = Field(..., description="calibrated probabilities; they sum to 1")
    truncated: bool = Field(
        False, description="the text was longer than the model's window; only its start was read"
    )


class ModelRef(BaseModel):
    name: str | None
    version: str | None
    alias: str | None


class PredictResponse(BaseModel):
    model: ModelRef
    predictions: list[Prediction] = Field(..., description="one per statement, in input order")


class ReloadError(BaseModel):
    message: str
    at: str
    version: str | None


class ModelInfo(BaseModel):
    loaded: bool
    uri: str
    name: str | None
    version: str | None
    alias: str | None
    run_id: str | None
    kind: str | None
    runtime: dict | None = Field(
        None, description="the engine serving it, and why (PARLEY_RUNTIME)"
    )
    labels: list[str]
    training_metrics: dict[str, float]
    loaded_at: str | None
    last_reload_error: ReloadError | None
    reload_interval_s: float


class ReloadResponse(BaseModel):
    outcome: str = Field(..., description="loaded | unchanged")
    model: ModelRef
