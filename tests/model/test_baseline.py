"""The TF-IDF baseline through the pyfunc: one prediction per row, never one per frame."""

from __future__ import annotations

import pandas as pd

from inference.predict import load_model, predict


def test_pyfunc_returns_one_row_per_statement(tfidf_model_uri):
    model = load_model(tfidf_model_uri)
    texts = [
        "We should talk.",
        "Cut all ties now.",
        "The meeting is on Monday.",
        "Keep the channel.",
    ]
    frame = model.pyfunc.predict(pd.DataFrame({"text": texts, "other": range(4)}))
    assert len(frame) == 4
    assert list(frame.columns) == [
        "label",
        "score_favor",
        "score_against",
        "score_neutral",
        "truncated",
    ]
    assert frame.equals(predict(model, texts))
