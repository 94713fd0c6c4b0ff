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
