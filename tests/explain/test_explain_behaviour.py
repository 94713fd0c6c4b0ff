"""Evidence from the session's fine-tuned MiniLM (the `champion` fixture): for clear statements
the reported spans contain the cue words a reader would point to, the strongest one far more
often than a span picked at random; and each weight is the real drop in score on the
transformer too (whatever engine serves it: ONNX or torch)."""

from __future__ import annotations

import re
from math import comb

import pytest
from explain_cases import CLEAR

from inference.explain import delete_span, explain, words

pytestmark = pytest.mark.slow

TEXTS = [text for text, _, _ in CLEAR]


def word_set(text: str) -> set[str]:
    return {w.lower() for w in re.findall(r"\w+", text)}


def chance(text: str, cues: list[str], n_picked: int) -> float:
    """P(``n_picked`` words drawn at random from the statement include a cue word)."""
    tokens = [text[s:e].lower() for s, e in words(text)]
    n, miss = len(tokens), sum(t not in cues for t in tokens)
    return 1.0 - comb(miss, n_picked) / comb(n, n_picked)


@pytest.fixture(scope="module")
def explained(champion):
    return explain(champion, TEXTS)


def cue_figures(frame, found) -> dict:
    """Over the statements the model labels right (evidence for a wrong label explains the
    wrong label): how often the evidence holds a cue word, in all spans and in the first, and
    how often the same number of words drawn at random would."""
    out = {"right": 0, "top3": 0, "top1": 0, "chance3": 0.0, "chance1": 0.0, "report": []}
    for (text, label, cues), predicted, spans in zip(CLEAR, frame["label"], found, strict=True):
        hit = [bool(word_set(ev.text) & set(cues)) for ev in spans]
        out["report"].append(
            f"{'+' if any(hit) else '-'} {label}->{predicted} {[ev.text for ev in spans]}"
        )
        if predicted != label:
            continue
        out["right"] += 1
        out["top3"] += any(hit)
        out["top1"] += bool(hit) and hit[0]
        if spans:
            out["chance3"] += chance(text, cues, sum(len(words(ev.text)) for ev in spans))
            out["chance1"] += chance(text, cues, len(words(spans[0].text)))
    return out


def test_evidence_of_clear_cases_contains_the_cue_words(explained):
    f = cue_figures(*explained)
    right = f["right"]
    detail = "\n".join(f["report"])
    print(
        f"right {right}/{len(CLEAR)}; cue in top-3 {f['top3']} (random {f['chance3']:.1f}), "
        f"in top-1 {f['top1']} (random {f['chance1']:.1f})\n{detail}"
    )
    assert right >= 12, f"the model gets only {right}/{len(CLEAR)} clear cases right:\n{detail}"
    assert f["top3"] / right >= 0.7, f"cue words in the evidence of {f['top3']}/{right}:\n{detail}"
    # Not just many words: more hits than the same number of random words would get, and the
    # single strongest span is a cue clearly more often than a random word would be.
    assert f["top3"] > f["chance3"], f"random spans: {f['chance3']:.1f}\n{detail}"
    assert f["top1"] >= f["chance1"] + 0.15 * right, f"top-1 random: {f['chance1']:.1f}\n{detail}"


def test_weights_are_the_real_drop_on_the_transformer(champion, explained):
    """Delete each statement's strongest span, score again: the label's score falls by its weight."""
    from inference.predict import predict

    frame, found = explained
    print("engine:", champion.runtime)
    for i, spans in enumerate(found):
        if not spans:
            continue
        column = f"score_{frame.at[i, 'label']}"
        # Each text alone: the reference, scored outside explain's batches (engines agree across
        # batch shapes to float noise; ONNX int8 runs one statement per pass).
        before = predict(champion, [TEXTS[i]]).at[0, column]
        after = predict(champion, [delete_span(TEXTS[i], spans[0].start, spans[0].end)])
        assert before - after.at[0, column] == pytest.approx(spans[0].weight, abs=1e-4)
