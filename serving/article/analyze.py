"""Article mode: extract attributed statements, score them with the served model, and give
each speaker an overall stance (the rule chosen in :mod:`serving.article.stance`).

The three steps are separate so that each caller can run them where they belong: the CLI runs
them in turn (:func:`analyze`, scoring through :func:`inference.predict.predict` in one call);
the HTTP route extracts in the article worker pool, scores the :func:`usable` statements through
the server's micro-batcher and builds the answer with :func:`build_result`.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import pandas as pd

from inference.predict import LoadedModel, predict
from parley_model.frames import framed_text, reporting_frame
from parley_model.labels import LABELS
from serving.article.extract import Extraction, Speaker, Statement, extract
from serving.article.stance import CHOSEN, decide

MAX_ARTICLE_CHARS = 100_000
_WORD = re.compile(r"[^\W_]")


def usable(ext: Extraction) -> tuple[list[Speaker], list[Statement], int]:
    """The speakers and statements worth scoring, and how many statements were skipped.

    A quotation with no word in it (an empty ``“”``, a lone dash) says nothing to score: it is
    dropped and counted instead of failing the whole article; a speaker left with no statement
    is dropped too."""
    keep = [st for st in ext.statements if _WORD.search(st.text)]
    kept = {id(st) for st in keep}
    speakers = []
    for sp in ext.speakers:
        statements = [st for st in sp.statements if id(st) in kept]
        if statements:
            speakers.append(Speaker(sp.name, sp.role, sp.kind, statements))
    return speakers, keep, len(ext.statements) - len(keep)


def scored_rows(frame: pd.DataFrame) -> list[dict]:
    """One ``{"label", "scores", "truncated"}`` per row of a predict frame, in order."""
    out = []
    for row in frame.itertuples(index=False):
        scores = {label: round(float(getattr(row, f"score_{label}")), 4) for label in LABELS}
        out.append(
            {
                "label": row.label,
                "scores": scores,
                "truncated": bool(getattr(row, "truncated", False)),
            }
        )
    return out


def score_statements(model: LoadedModel, texts: Sequence[str]) -> list[dict]:
    """:func:`scored_rows` of ``texts`` scored in one predict call (empty list for none)."""
    if not texts:
        return []
    return scored_rows(predict(model, list(texts)))


def aggregate(scored: Sequence[dict]) -> dict:
    """A speaker's overall stance from their scored statements: the rule chosen in
    :mod:`serving.article.stance` (``stance`` favor/against/neutral/mixed, ``confidence``,
    mean ``scores``, ``n_statements`` and the per-side ``evidence`` counts)."""
    return decide(scored)


def analyze(model: LoadedModel, text: str) -> dict:
    """The article-mode object: ``{"model", "speakers": [...]}`` (see README, Article mode)."""
    if not isinstance(text, str) or not text.strip():
        raise ValueError("the article is empty; send its text")
    if len(text) > MAX_ARTICLE_CHARS:
        raise ValueError(
            f"the article has {len(text)} characters; the limit is {MAX_ARTICLE_CHARS}"
        )
    return score_extraction(model, extract(text), text)


def model_input(model: LoadedModel, article: str, start: int, text: str) -> str:
    """What the model reads for a statement that starts at ``start`` in ``article``: its text,
    behind its reporting frame ("rejected: these allegations") when the model was trained that
    way (``article_frames`` in its meta.json)."""
    return framed_text(reporting_frame(article, start), text) if model.article_frames else text


def model_inputs(model: LoadedModel, article: str, statements: Sequence[Statement]) -> list[str]:
    """:func:`model_input` of each extracted statement, in order."""
    return [model_input(model, article, s.start, s.text) for s in statements]


def score_extraction(model: LoadedModel, ext: Extraction, article: str) -> dict:
    """Score an extraction's usable statements and aggregate them per speaker."""
    speakers, statements, n_skipped = usable(ext)
    scored = score_statements(model, model_inputs(model, article, statements))
    return build_result(model, speakers, statements, n_skipped, scored)


def build_result(
    model: LoadedModel,
    ext_speakers: Sequence[Speaker],
    statements: Sequence[Statement],
    n_skipped: int,
    scored: Sequence[dict],
) -> dict:
    """The article-mode object from :func:`usable`'s answer and the statements' scores
    (``scored[i]`` for ``statements[i]``, as :func:`scored_rows` gives them)."""
    by_id = {id(st): sc for st, sc in zip(statements, scored, strict=True)}
    speakers = []
    for sp in ext_speakers:
        rows = [by_id[id(st)] for st in sp.statements]
        agg = aggregate(rows)
        speakers.append(
            {
                "name": sp.name,
                "role": sp.role,
                "kind": sp.kind,
                "stance": agg["stance"],
                "confidence": agg["confidence"],
                "scores": agg["scores"],
                "n_statements": agg["n_statements"],
                "evidence": agg["evidence"],
                "statements": [
                    {
                        "text": st.text,
                        "start": st.start,
                        "end": st.end,
                        "parts": [list(p) for p in st.parts],
                        "kind": st.kind,
                        "label": sc["label"],
                        "scores": sc["scores"],
                        "truncated": sc["truncated"],
                    }
                    for st, sc in zip(sp.statements, rows, strict=True)
                ],
            }
        )
    model_ref = model.describe() | {"uri": model.uri}
    return {
        "model": model_ref,
        "n_statements": len(statements),
        "n_skipped": n_skipped,
        "speakers": speakers,
    }


def _cut(text: str | None, width: int) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= width else text[: width - 1] + "…"


def format_table(result: dict, width: int = 130) -> str:
    """A readable terminal table: speaker, role, stance, confidence, statements, the number
    taking each side (favor/against/none), excerpt."""
    head = f"{'speaker':<24} {'role':<34} {'stance':<8} {'conf':>5} {'n':>3} {'f/a/-':>7}  excerpt"
    excerpt_w = max(20, width - len(head) + len("excerpt"))
    lines = [head, "-" * min(width, len(head) + excerpt_w - len("excerpt"))]
    for sp in result["speakers"]:
        first = sp["statements"][0]["text"] if sp["statements"] else ""
        ev = sp["evidence"]
        sides = f"{ev['favor']}/{ev['against']}/{ev['none']}"
        lines.append(
            f"{_cut(sp['name'], 24):<24} {_cut(sp['role'] or '-', 34):<34} {sp['stance']:<8} "
            f"{sp['confidence']:>5.2f} {sp['n_statements']:>3} {sides:>7}  "
            f"“{_cut(first, excerpt_w - 2)}”"
        )
    if not result["speakers"]:
        lines.append("(no attributed statements found)")
    m = result["model"]
    ref = f"{m.get('name') or m.get('uri')}" + (f" v{m['version']}" if m.get("version") else "")
    lines.append("")
    skipped = result.get("n_skipped", 0)
    lines.append(
        f"{len(result['speakers'])} speakers, {result['n_statements']} statements"
        + (f" ({skipped} empty quotations skipped)" if skipped else "")
        + f"; model {ref}. Stance: {CHOSEN.label} (README, Article mode)."
    )
    return "\n".join(lines)
