"""POST /v1/predict: validate, then score through the micro-batcher (one shared predict)."""

from __future__ import annotations

from fastapi import APIRouter, Request

from inference.explain import evidence_dicts
from inference.predict import add_abstain
from parley_model.labels import SCORE_COLUMNS
from parley_model.text import text_problem
from serving.api.deps import ModelDep, SettingsDep
from serving.api.errors import ApiError, error_responses
from serving.api.explain_http import check_explain, explain_in_thread
from serving.api.schemas import ModelRef, Prediction, PredictRequest, PredictResponse, Scores
from serving.api.scoring import fix_for, score_texts
from serving.api.settings import ServingSettings

router = APIRouter(prefix="/v1", tags=["predict"])

ERROR_RESPONSES = error_responses(401, 413, 422, 503)


def check_statements(body: PredictRequest, settings: ServingSettings) -> None:
    """422 naming every bad item by the one rule, ``text_problem`` (limits come from settings,
    so not in the schema)."""
    n = len(body.statements)
    if n > settings.max_items:
        raise ApiError(
            422,
            "too_many_statements",
            f"statements has {n} items; the limit is {settings.max_items}",
            f"split the request into batches of at most {settings.max_items} statements",
        )
    errors = []
    for i, st in enumerate(body.statements):
        problem = text_problem(st.text, max_chars=settings.max_text_chars)
        if problem is not None:
            errors.append(
                {"field": f"statements[{i}].text", "problem": problem, "fix": fix_for(problem)}
            )
    if errors:
        more = f" (and {len(errors) - 1} more)" if len(errors) > 1 else ""
        raise ApiError(
            422,
            "invalid_statement",
            f"{errors[0]['field']}: {errors[0]['problem']}{more}",
            errors[0]["fix"],
            errors[:50],
        )


@router.post("/predict", response_model=PredictResponse, responses=ERROR_RESPONSES)
async def predict_statements(
    request: Request,
    body: PredictRequest,
    model: ModelDep,
    settings: SettingsDep,
) -> PredictResponse:
    """Label each statement favor / against / neutral, in input order, ids echoed."""
    check_statements(body, settings)
    texts, evidence = [s.text for s in body.statements], None
    if body.explain:  # occlusion scores many variants: off the micro-batcher, bounded
        check_explain(len(texts), settings)
        frame, evidence = await explain_in_thread(request.app.state, model, texts, settings)
    else:  # the shared micro-batcher, its overload answer included
        frame = await score_texts(request, model, texts)
    frame = add_abstain(frame, settings.abstain_below)
    # Plain column lists (not itertuples, which builds a namedtuple class per call).
    cols = {c: frame[c].tolist() for c in (*SCORE_COLUMNS, "label", "truncated", "abstain")}
    preds = [
        Prediction(
            id=st.id,
            label=cols["label"][i],
            scores=Scores(
                favor=cols["score_favor"][i],
                against=cols["score_against"][i],
                neutral=cols["score_neutral"][i],
            ),
            truncated=bool(cols["truncated"][i]),
            abstain=bool(cols["abstain"][i]),
            evidence=None if evidence is None else evidence_dicts(evidence[i]),
        )
        for i, st in enumerate(body.statements)
    ]
    return PredictResponse(model=ModelRef(**model.describe()), predictions=preds)
