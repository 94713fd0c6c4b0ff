"""Evidence by occlusion: the words that carried a label, measured on the served model itself.

Why occlusion: it asks the model, through the one shared :func:`inference.predict.predict`, how
much the predicted label's calibrated score falls when a word or a short phrase is deleted. It
needs no gradients, so it works the same for every engine (torch, ONNX, TF-IDF), and each
weight is a real, reproducible drop in score: deleting the span from the text and scoring it
again gives the same number.

Cost is capped. A statement of up to ``(max_variants + 1) // 2`` words (32 by default) gets
every one-word and two-word deletion (at most ``2n - 1`` variants); one of up to
``max_variants`` words (64) every one-word deletion; a longer one sliding windows of ``w``
words, ``w`` growing with the length so that at most ``max_variants`` variants are scored. The variants of a group of statements go through one ``predict`` call, so the
engine's length-sorted batching applies to them (every engine's scores are independent of batch
mates; ONNX int8 runs one statement per pass for that reason, see ``parley_model.engines.batching.INT8_ROWS``).
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import asdict, dataclass

import numpy as np
import pandas as pd

from inference.predict import LoadedModel, predict
from parley_model.labels import LABELS
from parley_model.text import validate_texts

DEFAULT_TOP_K = 3
DEFAULT_MAX_VARIANTS = 64
GROUP = 16  # statements whose variants share one predict call (bounds memory)
# A two-word span is reported only when its words work together: deleting both costs at least
# twice as much as deleting the stronger word alone (more than the two words could cost apart).
# Otherwise the single word is the evidence: a pair's deletion also breaks the grammar, so
# weaker pairs were mostly "to the", "so both" on the clear cases of tests/explain.
PHRASE_GAIN = 2.0
MIN_WEIGHT = 1e-4  # smaller drops are numerical noise, not evidence
_WORD = re.compile(r"\w+(?:['’\-]\w+)*")
_CLOSING = tuple(",.;:!?)]}'\"’”…")


@dataclass(frozen=True)
class Evidence:
    """A span of the statement; ``weight`` = drop of the predicted label's score without it."""

    text: str
    start: int  # character offsets: statement[start:end] == text
    end: int
    weight: float

    def to_dict(self) -> dict:
        return asdict(self)


def words(text: str) -> list[tuple[int, int]]:
    """(start, end) of each word: letters/digits, with inner apostrophes and hyphens."""
    return [m.span() for m in _WORD.finditer(text)]


def candidate_spans(
    offsets: list[tuple[int, int]], text: str, max_variants: int = DEFAULT_MAX_VARIANTS
) -> list[tuple[int, int]]:
    """Word-index ranges [i, j) to delete, at most ``max_variants`` of them.

    Short statements: every word, and every pair of words with only spaces between them (a
    phrase such as "cut ties", never "trap, and"). Up to ``max_variants`` words: every word.
    Longer: overlapping windows of w words.
    """
    n_words = len(offsets)
    if n_words <= 0:
        return []
    if 2 * n_words - 1 <= max_variants:
        singles = [(i, i + 1) for i in range(n_words)]
        pairs = [
            (i, i + 2)
            for i in range(n_words - 1)
            if not text[offsets[i][1] : offsets[i + 1][0]].strip()
        ]
        return singles + pairs
    if n_words <= max_variants:  # no room for pairs: every word on its own
        return [(i, i + 1) for i in range(n_words)]
    width = max(2, math.ceil(2 * n_words / max_variants))
    while True:
        stride = math.ceil(width / 2)
        starts = list(range(0, n_words - width + 1, stride))
        if starts[-1] != n_words - width:
            starts.append(n_words - width)  # the tail is always covered
        if len(starts) <= max_variants:
            return [(s, s + width) for s in starts]
        width += 1


def delete_span(text: str, start: int, end: int) -> str:
    """The statement without ``text[start:end]``, spaces tidied (no double space, no ' ,')."""
    left, right = text[:start].rstrip(), text[end:].lstrip()
    if not left or not right:
        return left + right
    return left + ("" if right.startswith(_CLOSING) else " ") + right


def _select(
    spans: list[tuple[int, int]], weights: np.ndarray, top_k: int
) -> list[tuple[int, int, float]]:
    """The top ``top_k`` non-overlapping spans by weight (ties: earlier, then shorter)."""
    single = {s: w for (s, e), w in zip(spans, weights, strict=True) if e - s == 1}
    ranked = []
    for (s, e), w in zip(spans, weights, strict=True):
        if w < MIN_WEIGHT:
            continue
        best_word = max(single.get(s, 0.0), single.get(s + 1, 0.0))
        if e - s == 2 and single and w < PHRASE_GAIN * best_word:
            continue  # the stronger word alone says it as well
        ranked.append((-float(w), s, e - s, e))
    ranked.sort()
    chosen: list[tuple[int, int, float]] = []
    for neg_w, s, _, e in ranked:
        if all(e <= cs or s >= ce for cs, ce, _ in chosen):
            chosen.append((s, e, -neg_w))
            if len(chosen) == top_k:
                break
    return chosen


def explain(
    model: LoadedModel,
    texts: Sequence[str],
    top_k: int = DEFAULT_TOP_K,
    max_variants: int = DEFAULT_MAX_VARIANTS,
) -> tuple[pd.DataFrame, list[list[Evidence]]]:
    """Score ``texts`` and find each one's evidence: (the ``predict`` frame, spans per text).

    The frame is the originals' rows of the same predict calls that scored the variants, so
    each weight is measured against the very scores returned. Spans come strongest first; only
    spans whose deletion lowers the predicted label's score are evidence (maybe fewer than k).
    """
    if top_k < 1:
        raise ValueError(f"top_k must be at least 1, got {top_k}")
    if max_variants < 1:
        raise ValueError(f"max_variants must be at least 1, got {max_variants}")
    texts = validate_texts(list(texts))
    frames, evidence = [], []
    for lo in range(0, len(texts), GROUP):
        frame, found = _explain_group(model, texts[lo : lo + GROUP], top_k, max_variants)
        frames.append(frame)
        evidence.extend(found)
    if not frames:
        return predict(model, []), []
    return pd.concat(frames, ignore_index=True), evidence


def _explain_group(
    model: LoadedModel, texts: list[str], top_k: int, max_variants: int
) -> tuple[pd.DataFrame, list[list[Evidence]]]:
    plans = []  # per text: (word offsets, spans, indices of its variants in `batch`, empty mask)
    batch = list(texts)  # originals first, then every variant
    for text in texts:
        offsets = words(text)
        spans = candidate_spans(offsets, text, max_variants)
        rows, empty = [], []
        for s, e in spans:
            variant = delete_span(text, offsets[s][0], offsets[e - 1][1])
            if _WORD.search(variant) is None:  # nothing left to read
                rows.append(-1)
                empty.append(True)
                continue
            rows.append(len(batch))
            empty.append(False)
            batch.append(variant)
        plans.append((offsets, spans, rows, empty))
    scored = predict(model, batch)
    frame = scored.iloc[: len(texts)].reset_index(drop=True)
    found = []
    for i, (text, (offsets, spans, rows, empty)) in enumerate(zip(texts, plans, strict=True)):
        column = f"score_{frame.at[i, 'label']}"
        base = float(frame.at[i, column])
        # Deleting every word leaves no information: the score falls to the uniform prior.
        after = np.array(
            [
                1.0 / len(LABELS) if gone else float(scored.at[row, column])
                for row, gone in zip(rows, empty, strict=True)
            ]
        )
        picked = _select(spans, base - after, top_k)
        found.append(
            [
                Evidence(
                    text[offsets[s][0] : offsets[e - 1][1]],
                    offsets[s][0],
                    offsets[e - 1][1],
                    round(w, 6),
                )
                for s, e, w in picked
            ]
        )
    return frame, found


def evidence_dicts(found: list[Evidence]) -> list[dict]:
    return [ev.to_dict() for ev in found]
