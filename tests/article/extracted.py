"""What the extractor gives each speaker of a text, in the shapes the article tests compare."""

from __future__ import annotations

from serving.article.extract import extract


def statements(text: str) -> dict[str, list[str]]:
    """Speaker name -> statement texts."""
    return {sp.name: [st.text for st in sp.statements] for sp in extract(text).speakers}


def kinds_and_statements(text: str) -> dict[str, tuple[str, list[str]]]:
    """Speaker name -> (person | group, statement texts)."""
    return {sp.name: (sp.kind, [st.text for st in sp.statements]) for sp in extract(text).speakers}


def typed_statements(text: str) -> dict[str, list[tuple[str, str]]]:
    """Speaker name -> (direct | reported, text) per statement."""
    return {sp.name: [(st.kind, st.text) for st in sp.statements] for sp in extract(text).speakers}


def after_head(head: str, body: str) -> list[tuple[str, str, str]]:
    """(speaker name, person | group, statement text) for each statement in ``body``, the
    sentences under test, read after ``head`` (the headline and opening that set the scene)."""
    ext = extract(head + body + "\n")
    return [(ext.speakers[st.speaker].name, ext.speakers[st.speaker].kind, st.text)
            for st in ext.statements if st.start >= len(head)]  # fmt: skip


def named_after_head(head: str, body: str) -> list[tuple[str, str]]:
    """(speaker name, statement text) for each statement in ``body``, read after ``head``."""
    return [(name, text) for name, _, text in after_head(head, body)]
