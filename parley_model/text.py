"""The one rule for "can this text be scored?", shared by the model, HTTP, batch and training."""

from __future__ import annotations

from typing import Any


class InputError(ValueError):
    """The model input is malformed (missing column, empty or non-text statement)."""


def unpaired_surrogate(text: str) -> int | None:
    """Index of the first lone surrogate (JSON allows ``"\\ud800"``; UTF-8 cannot hold it)."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as exc:
        return exc.start
    return None


def text_problem(value: Any, max_chars: int | None = None) -> str | None:
    """Why ``value`` cannot be scored as a statement, or None when it can.

    Missing (None or a NaN from a numeric column), not a string, empty or only whitespace, not
    valid Unicode, or longer than ``max_chars`` when a limit is given.
    """
    if value is None or (isinstance(value, float) and value != value):
        return "text is missing"
    if not isinstance(value, str):
        return f"text is not a string (got {type(value).__name__})"
    if not value.strip():
        return "text is empty"
    bad = unpaired_surrogate(value)
    if bad is not None:
        return (
            f"text is not valid Unicode (an unpaired surrogate at character {bad}); send UTF-8 text"
        )
    if max_chars is not None and len(value) > max_chars:
        return f"text has {len(value)} characters; the limit is {max_chars}"
    return None


def validate_texts(texts: list[Any]) -> list[str]:
    """Return the texts unchanged, or raise :class:`InputError` naming the first bad row."""
    for i, text in enumerate(texts):
        problem = text_problem(text)
        if problem is not None:
            raise InputError(f"row {i}: {problem}")
    return texts
