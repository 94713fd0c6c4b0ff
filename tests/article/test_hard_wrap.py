"""Hard-wrapped text (prose broken into lines of ~70 characters, as in e-mail or plain-text
archives) gives the same speakers and statements as the same text unwrapped."""

import textwrap
from pathlib import Path

import pytest

from serving.article.extract import extract

ARTICLES = sorted((Path(__file__).resolve().parents[2] / "data" / "articles").glob("*.txt"))


def hard_wrap(text: str, width: int = 70) -> str:
    return "\n\n".join(textwrap.fill(p, width) for p in text.split("\n\n"))


def statements(text: str) -> list[tuple[str, str]]:
    ext = extract(text)
    names = {i: sp.name for i, sp in enumerate(ext.speakers)}
    return sorted((names[s.speaker], " ".join(s.text.split())) for s in ext.statements)


@pytest.mark.parametrize("path", ARTICLES[:6], ids=lambda p: p.stem)
def test_hard_wrapped_article_reads_like_the_original(path):
    text = path.read_text()
    assert "\n\n" in text
    original, wrapped = statements(text), statements(hard_wrap(text))
    assert len(original) >= 3
    assert wrapped == original
