"""What batch scoring adds to each row: the result columns, the per-row error, one chunk scored.

Every input row comes out, in order, with its columns plus ``RESULT_COLUMNS``; a row whose text
cannot be scored (``parley_model.text.text_problem``, the rule the API applies too) gets
``error`` and no label. Scoring goes through ``inference.predict.predict``, the function behind
the HTTP API.
"""

from __future__ import annotations

import json
from typing import Any

import numpy as np
import pyarrow as pa

from inference.explain import evidence_dicts, explain
from inference.predict import LoadedModel, add_abstain, predict
from parley_model.labels import SCORE_COLUMNS
from parley_model.text import text_problem
from serving.batch.formats import BatchError
from serving.batch.sources import MISSING, Chunk

RESULT_FIELDS: tuple[tuple[str, pa.DataType], ...] = (
    ("label", pa.string()),
    *((col, pa.float64()) for col in SCORE_COLUMNS),
    ("truncated", pa.bool_()),
    ("model_version", pa.string()),
    ("error", pa.string()),
)
RESULT_COLUMNS = tuple(name for name, _ in RESULT_FIELDS)
# Added only when asked for: --abstain-below / PARLEY_ABSTAIN_BELOW, --explain.
OPTIONAL_FIELDS: tuple[tuple[str, pa.DataType], ...] = (
    ("abstain", pa.bool_()),  # the top score is below the threshold (inference.predict.add_abstain)
    ("evidence", pa.string()),  # JSON list of {text, start, end, weight} (inference.explain)
)
FIELD_TYPES = dict(RESULT_FIELDS + OPTIONAL_FIELDS)


def result_names(prefix: str, abstain: bool, evidence: bool) -> dict[str, str]:
    """Result column -> its name in the output (the optional ones only when asked for)."""
    columns = list(RESULT_COLUMNS)
    columns += ["abstain"] if abstain else []
    columns += ["evidence"] if evidence else []
    return {name: prefix + name for name in columns}


def text_error(value: Any) -> str | None:
    """Why a row's text cannot be scored, or None; a JSONL object without the key is missing."""
    return "text is missing" if value is MISSING else text_problem(value)


def output_schema(input_schema: pa.Schema, names: dict[str, str]) -> pa.Schema:
    """Input columns then the result columns; a clash is an error, never a silent overwrite."""
    clash = [names[c] for c in names if names[c] in input_schema.names]
    if clash:
        raise BatchError(
            f"the input already has column(s) {clash}, which the output adds; "
            "rename them or pass --output-prefix (e.g. --output-prefix parley_)"
        )
    extra = [pa.field(names[name], FIELD_TYPES[name]) for name in names]
    return pa.schema(list(input_schema) + extra)


def score_chunk(
    model: LoadedModel,
    chunk: Chunk,
    model_version: str,
    schema: pa.Schema,
    names: dict[str, str],
    abstain_below: float | None = None,
) -> pa.Table:
    """Original columns + results for one chunk; only valid texts reach the model.

    With ``evidence`` in ``names`` the chunk is scored by ``inference.explain.explain`` (the same
    predict, plus each text's variants); with ``abstain``, ``add_abstain`` as in the API.
    """
    n = chunk.num_rows
    errors = [pe or text_error(t) for pe, t in zip(chunk.parse_errors, chunk.texts, strict=True)]
    good = np.array([i for i, e in enumerate(errors) if e is None], dtype=np.int64)
    null = np.ones(n, dtype=bool)
    null[good] = False
    labels = np.full(n, None, dtype=object)
    scores = {col: np.zeros(n) for col in SCORE_COLUMNS}
    truncated = np.zeros(n, dtype=bool)
    abstain = np.zeros(n, dtype=bool)
    evidence = np.full(n, None, dtype=object)
    if len(good):
        texts = [chunk.texts[i] for i in good]
        if "evidence" in names:
            frame, found = explain(model, texts)
            evidence[good] = [json.dumps(evidence_dicts(ev), ensure_ascii=False) for ev in found]
        else:
            frame = predict(model, texts)
        if len(frame) != len(good):
            raise RuntimeError(f"model returned {len(frame)} rows for {len(good)} texts")
        labels[good] = frame["label"].to_numpy(dtype=object)
        for col in SCORE_COLUMNS:
            scores[col][good] = frame[col].to_numpy(dtype=np.float64)
        truncated[good] = frame["truncated"].to_numpy(dtype=bool)
        abstain[good] = add_abstain(frame, abstain_below)["abstain"].to_numpy(dtype=bool)
    results = {
        "label": pa.array(labels, type=pa.string()),
        **{col: pa.array(scores[col], mask=null) for col in SCORE_COLUMNS},
        "truncated": pa.array(truncated, mask=null),
        "model_version": pa.array([model_version] * n, type=pa.string()),
        "error": pa.array(errors, type=pa.string()),
        "abstain": pa.array(abstain, mask=null),
        "evidence": pa.array(evidence, type=pa.string()),
    }
    table = chunk.table
    for name in names:
        table = table.append_column(names[name], results[name])
    return table.cast(schema)
