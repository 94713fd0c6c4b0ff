"""The reporting frame of a statement in an article, and the model input that carries it.

A reported statement in the news is often only its content ("these allegations", "a halt to the
fighting"); the side it takes is in the verb that reports it ("rejected", "called for"). The
frame is the few words just before the statement in its sentence, with capitalised words (names,
sentence openers) left out, so that the model learns from the verb and not from who speaks:
"Hamas rejected these allegations" gives the frame "rejected".

Training (the annotated news statements, ``training.news_statements``) and article mode
(``serving.article.analyze``) build the model input with the same two functions, so a model
trained on framed statements reads framed statements. A model records in its ``meta.json``
whether it was trained on them (``article_frames``); plain statements sent to the API carry no
frame and are read as they are.
"""

from __future__ import annotations

import re

FRAME_WORDS = 3  # words looked at before the statement (fewer are kept: names are dropped)
_LOOKBACK = 200  # characters: a frame never reaches further back than its sentence anyway
_BOUNDARY = re.compile(r"[.!?\n;:]")
_PUNCT = re.compile(r"[“”\"‘’'(),—–\-\[\]]+")


def reporting_frame(article: str, start: int, words: int = FRAME_WORDS) -> str:
    """The lower-case words among the last ``words`` before ``start`` in the same sentence.

    Quote marks and punctuation are dropped; the frame is empty when the statement opens its
    sentence (most direct quotes) or only names come before it.
    """
    start = min(max(0, start), len(article))
    before = article[max(0, start - _LOOKBACK) : start]
    cuts = list(_BOUNDARY.finditer(before))
    if cuts:
        before = before[cuts[-1].end() :]
    tail = _PUNCT.sub(" ", before).split()[-words:] if words > 0 else []
    return " ".join(w for w in tail if not w[0].isupper())


def framed_text(frame: str, text: str) -> str:
    """The model input for a statement and its frame: ``"frame: text"``, or the text alone."""
    return f"{frame}: {text}" if frame else text
