"""The HTTP contract (pydantic models); limits that depend on settings are checked in the router."""

from __future__ import annotations

from typing import Annotated

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, StrictBool

from parley_model.text import text_problem


def _valid_unicode(value: str) -> str:
    """Refuse a lone surrogate (valid JSON escape, invalid text): it cannot be scored or echoed.

    The one rule (``text_problem``) decides; a blank string passes here, because an empty ``id``
    is allowed and an empty text is refused by the router with the item named.
    """
    problem = text_problem(value) if value.strip() else None
    if problem is not None:
        raise ValueError(problem)
    return value


UnicodeText = Annotated[str, AfterValidator(_valid_unicode)]


class Statement(BaseModel):
    id: UnicodeText | None = Field(None, description="optional id, echoed back unchanged")
    text: UnicodeText = Field(
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
    explain: StrictBool = Field(  # strict: 0 or "no" is an error, not False
        False,
        description="add `evidence` to each prediction: the words whose deletion lowers the "
        "label's score most (occlusion); at most PARLEY_EXPLAIN_MAX_ITEMS (16) statements",
    )


class Scores(BaseModel):
    favor: float
    against: float
    neutral: float


class Evidence(BaseModel):
    text: str = Field(..., description="the span, exactly statement.text[start:end]")
    start: int = Field(..., description="character offset of the span in the statement")
    end: int
    weight: float = Field(
        ..., description="how much the label's score falls when the span is deleted (> 0)"
    )


class Prediction(BaseModel):
    id: str | None
    label: str = Field(..., description="favor | against | neutral")
    scores: Scores = Field(..., description="calibrated probabilities; they sum to 1")
    truncated: bool = Field(
        False, description="the text was longer than the model's window; only its start was read"
    )
    abstain: bool = Field(
        False,
        description="the top score is below PARLEY_ABSTAIN_BELOW: too unsure to act on (the "
        "label is still given); always false when that setting is unset",
    )
    evidence: list[Evidence] | None = Field(
        None,
        exclude_if=lambda v: v is None,
        description="only with explain=true: up to 3 spans, strongest first",
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
    source: str | None = Field(
        None,
        description="where the served model was read from: 'mlflow' (the tracking server or "
        "registry) or 'cache' (PARLEY_MODEL_CACHE_DIR, because the registry was unreachable)",
    )
    cached_at: str | None = Field(None, description="with source 'cache': when that copy was saved")


class ErrorItem(BaseModel):
    field: str = Field(..., description="where, e.g. statements[3].text")
    problem: str
    fix: str


class ErrorDetail(BaseModel):
    status: int
    code: str = Field(..., description="machine-readable, e.g. invalid_statement, overloaded")
    message: str
    fix: str = Field(..., description="what to change to make the request succeed")
    errors: list[ErrorItem] = Field(default_factory=list)
    request_id: str | None = Field(
        None, description="this request's id (the X-Request-ID header), also in every log line"
    )


class ErrorResponse(BaseModel):
    """The body of every error answer (4xx and 5xx)."""

    error: ErrorDetail


class ReloadResponse(BaseModel):
    outcome: str = Field(..., description="loaded | unchanged")
    model: ModelRef
