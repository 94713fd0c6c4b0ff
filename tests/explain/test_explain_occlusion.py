"""Occlusion on the real TF-IDF model: spans, offsets, order, cost cap, and faithfulness
(deleting a reported span and scoring again gives exactly the reported drop)."""

from __future__ import annotations

import numpy as np
import pytest
from explain_cases import CLEAR

from inference.explain import (
    DEFAULT_MAX_VARIANTS,
    candidate_spans,
    delete_span,
    explain,
    words,
)
from inference.predict import LoadedModel, predict
from parley_model.labels import SCORE_COLUMNS
from parley_model.text import InputError

TEXTS = [text for text, _, _ in CLEAR]
LONG = " ".join(TEXTS * 4)  # ~110 words: windows, not single words


class CountingPyfunc:
    """The real pyfunc, recording how many rows each call scores (to check the cost cap)."""

    def __init__(self, pyfunc):
        self.pyfunc, self.calls = pyfunc, []

    def predict(self, frame):
        self.calls.append(len(frame))
        return self.pyfunc.predict(frame)


def test_words_and_offsets():
    text = "Don't cut ties — the anti-war camp says: talk, now."
    spans = words(text)
    assert [text[s:e] for s, e in spans] == [
        "Don't", "cut", "ties", "the", "anti-war", "camp", "says", "talk", "now",
    ]  # fmt: skip


@pytest.mark.parametrize("n", [1, 2, 5, 32, 33, 64, 65, 200, 1000])
def test_candidate_spans_are_capped_and_cover_every_word(n):
    text = " ".join(f"w{i}" for i in range(n))
    offsets = words(text)
    spans = candidate_spans(offsets, text)
    assert 0 < len(spans) <= DEFAULT_MAX_VARIANTS
    covered = set()
    for s, e in spans:
        assert 0 <= s < e <= n
        covered.update(range(s, e))
    assert covered == set(range(n))
    if n <= DEFAULT_MAX_VARIANTS:  # every word on its own (and pairs when short)
        assert {(i, i + 1) for i in range(n)} <= set(spans)
    else:
        assert all(e - s >= 2 for s, e in spans)


def test_pairs_never_cross_punctuation():
    text = "These talks are a trap, and we should walk away."
    offsets = words(text)
    for s, e in candidate_spans(offsets, text):
        if e - s == 2:
            gap = text[offsets[s][1] : offsets[s + 1][0]]
            assert gap.strip() == "", (text[offsets[s][0] : offsets[e - 1][1]], gap)


def test_delete_span_tidies_spaces():
    text = "We must keep talking, even now."
    assert delete_span(text, 8, 12) == "We must talking, even now."
    assert delete_span(text, 13, 20) == "We must keep, even now."
    assert delete_span(text, 0, 2) == "must keep talking, even now."


def test_evidence_spans_sit_at_their_offsets_sorted_and_disjoint(tfidf_model):
    frame, found = explain(tfidf_model, TEXTS)
    assert len(found) == len(TEXTS)
    assert any(found), "no evidence at all"
    for text, spans in zip(TEXTS, found, strict=True):
        assert len(spans) <= 3
        for ev in spans:
            assert text[ev.start : ev.end] == ev.text
            assert ev.weight > 0
        weights = [ev.weight for ev in spans]
        assert weights == sorted(weights, reverse=True)
        ranges = sorted((ev.start, ev.end) for ev in spans)
        assert all(a[1] <= b[0] for a, b in zip(ranges, ranges[1:], strict=False))


def test_deterministic(tfidf_model):
    assert explain(tfidf_model, TEXTS)[1] == explain(tfidf_model, TEXTS)[1]


def test_frame_is_the_shared_predict(tfidf_model):
    frame, _ = explain(tfidf_model, TEXTS)
    direct = predict(tfidf_model, TEXTS)
    assert frame["label"].tolist() == direct["label"].tolist()
    np.testing.assert_allclose(
        frame[list(SCORE_COLUMNS)].to_numpy(), direct[list(SCORE_COLUMNS)].to_numpy(), atol=1e-9
    )


def test_weights_are_the_real_drop_in_score(tfidf_model):
    """Faithful: each weight = score(label | text) - score(label | text without the span)."""
    frame, found = explain(tfidf_model, TEXTS)
    checked = 0
    for i, (text, spans) in enumerate(zip(TEXTS, found, strict=True)):
        column = f"score_{frame.at[i, 'label']}"
        for ev in spans:
            after = predict(tfidf_model, [delete_span(text, ev.start, ev.end)]).at[0, column]
            assert frame.at[i, column] - after == pytest.approx(ev.weight, abs=1e-5)
            checked += 1
    assert checked >= len(TEXTS)


def test_top_k_and_bad_input(tfidf_model):
    _, found = explain(tfidf_model, TEXTS[:3], top_k=1)
    assert all(len(spans) <= 1 for spans in found)
    with pytest.raises(ValueError, match="top_k"):
        explain(tfidf_model, TEXTS[:1], top_k=0)
    with pytest.raises(InputError, match="row 1: text is empty"):
        explain(tfidf_model, ["fine", "   "])
    frame, found = explain(tfidf_model, [])
    assert len(frame) == 0 and found == []


def test_one_word_statement(tfidf_model):
    frame, found = explain(tfidf_model, ["Negotiate."])
    assert len(frame) == 1
    assert all(ev.text == "Negotiate" for ev in found[0])


def test_cost_is_capped_and_variants_share_one_call(tfidf_model):
    counting = CountingPyfunc(tfidf_model.pyfunc)
    model = LoadedModel(pyfunc=counting, uri=tfidf_model.uri)
    texts = [LONG, TEXTS[0], TEXTS[6]]
    _, found = explain(model, texts)
    assert len(counting.calls) == 1  # originals and every variant in one predict call
    assert counting.calls[0] <= len(texts) * (DEFAULT_MAX_VARIANTS + 1)
    for ev in found[0]:  # the long text: multi-word windows, still at their offsets
        assert LONG[ev.start : ev.end] == ev.text
        assert len(words(ev.text)) >= 2
