"""Reporting frames: the words that report a statement, the same in training and article mode."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from inference.predict import LoadedModel, _article_frames_of
from parley_model.frames import framed_text, reporting_frame
from parley_model.meta import ArtifactMeta
from serving.article.analyze import model_inputs
from serving.article.extract import extract


def _frame_before(article: str, statement: str) -> str:
    return reporting_frame(article, article.index(statement))


@pytest.mark.parametrize(
    ("article", "statement", "frame"),
    [
        ("Hamas rejected these allegations on Monday.", "these allegations", "rejected"),
        ("The minister also said that talks would resume.", "talks would resume", "also said that"),
        ("Wang called for a “long-term view” of ties.", "a “long-term view”", "called for"),
        # names and sentence openers are left out: the frame is the verb, not who speaks
        ("Sergei Lavrov urged Kyiv to talk.", "Kyiv to talk", "urged"),
        # a statement that opens its sentence has no frame; nor has one after a colon
        ("It rained. “We will talk,” he said.", "We will talk", ""),
        ("The envoy said: talks are over.", "talks are over", ""),
        ("Talks resumed.", "Talks resumed", ""),
    ],
)
def test_the_frame_is_the_reporting_words_before_the_statement(article, statement, frame):
    assert _frame_before(article, statement) == frame


def test_the_frame_reads_only_its_own_sentence_and_never_past_the_start():
    assert reporting_frame("First sentence said. Then it", 0) == ""
    assert reporting_frame("Mr X said\nthat it would", 10) == ""
    assert reporting_frame("she warned that", 10_000) == "she warned that"
    assert reporting_frame("she warned that", 15, words=1) == "that"


def test_the_model_input_puts_the_frame_before_the_text():
    assert framed_text("rejected", "these allegations") == "rejected: these allegations"
    assert framed_text("", "We will talk") == "We will talk"


def test_article_mode_frames_statements_only_for_a_model_trained_with_frames():
    article = "Hamas rejected the ceasefire proposal on Monday, officials said."
    statements = extract("Hamas rejected the ceasefire proposal on Monday.").statements
    assert statements, "the extractor finds the reported object"
    bare = LoadedModel(pyfunc=None, uri="test")
    framed = LoadedModel(pyfunc=None, uri="test", article_frames=True)
    texts = [s.text for s in statements]
    assert model_inputs(bare, article, statements) == texts
    assert model_inputs(framed, article, statements) == [f"rejected: {t}" for t in texts]


def test_the_flag_comes_from_the_model_meta():
    def pyfunc_with(meta):
        return SimpleNamespace(unwrap_python_model=lambda: SimpleNamespace(meta=meta))

    assert _article_frames_of(pyfunc_with(ArtifactMeta(kind="transformer", article_frames=True)))
    assert not _article_frames_of(pyfunc_with(ArtifactMeta(kind="transformer")))
    assert not _article_frames_of(SimpleNamespace())  # not a python_model flavour
    # a meta.json written before the field existed reads as "no frames"
    assert ArtifactMeta.model_validate_json('{"kind": "tfidf"}').article_frames is False
