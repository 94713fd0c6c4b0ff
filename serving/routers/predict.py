"""POST /v1/predict."""

from __future__ import annotations

from fastapi import APIRouter, HTTPException
from starlette.concurrency import run_in_threadpool

from serving.deps import ModelDep, SettingsDep
from serving.predict import predict
from serving.schemas import ModelRef, Prediction, PredictRequest, PredictResponse, Scores

router = APIRouter(prefix="/v1", tags=["predict"])


@router.post("/predict", response_model=PredictResponse)
async def predict_statements(
    body: PredictRequest, model: ModelDep, settings: SettingsDep
) -> PredictResponse:
    if len(body.statements) > settings.max_items:
        raise HTTPException(
            422,
            detail=f"at most {settings.max_items} statements per request; got {len(body.statements)}",
        )
    for i, st in enumerate(body.statements):
        if not st.text.strip():
            raise HTTPException(
                422, detail=f"statements[{i}].text is empty; send the statement's words"
            )
        if len(st.text) > settings.max_text_chars:
            raise HTTPException(
                422,
                detail=f"statements[{i}].text has {len(st.text)} characters; the limit is {settings.max_text_chars}",
            )
    frame = await run_in_threadpool(predict, model, [s.text for s in body.statements])
    preds = [
        Prediction(
            id=st.id,
            label=row.label,
            scores=Scores(
                favor=row.score_favor, against=row.score_against, neutral=row.score_neutral
            ),
            truncated=bool(row.truncated),
        )
        for st, row in zip(body.statements, frame.itertuples(index=False), strict=True)
    ]
    return PredictResponse(model=ModelRef(**model.describe()), predictions=preds)
