"""Property-based fuzz of article mode: any text is analysed without an exception.

Hypothesis builds articles from the pieces the extractor reacts to (quotation marks of every
kind, reporting verbs, names, titles, pronouns, commas, colons, paragraph breaks, runs of
whitespace) mixed with arbitrary Unicode, and shrinks any failure to a minimal article.
"""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from serving.article.analyze import usable
from serving.article.extract import extract

PIECES = [
    "“", "”", '"', "‘", "’", "«", "»", "„", "‹", "›", "'", "¤", ",", ".", ":", ";", "?", "!",
    "…", "(", ")", "(ret.)", "-", "—", " ", "  ", "\t", "\n", "\n\n", "\n \n", "said", "says",
    "told", "warned", "added", "adding that", "called it", "according to", "In her view,",
    "he", "she", "He", "She", "who", "which", "that", "and", "but", "the", "a", "minister",
    "spokeswoman", "officials in", "Ann", "Lee", "Ann Lee", "Mr.", "Dr", "Defence Minister",
    "Marland’s", "Varne", "of the", "is a", "Asked", "also", "quickly", "A-A-A", "x",
]  # fmt: skip

articles = st.lists(
    st.one_of(st.sampled_from(PIECES), st.text(max_size=6)),
    max_size=120,
).map(lambda parts: " ".join(parts) if len(parts) % 3 == 0 else "".join(parts))


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(articles)
def test_any_article_is_extracted_without_an_exception(text):
    ext = extract(text)
    speakers, statements, skipped = usable(ext)
    assert skipped == len(ext.statements) - len(statements) >= 0
    for stmt in ext.statements:
        assert 0 <= stmt.start <= stmt.end <= len(text)
        for s, e in stmt.parts:
            assert 0 <= s <= e <= len(text)
            assert text[s:e].strip() in stmt.text
        assert 0 <= stmt.speaker < len(ext.speakers)
    for sp in speakers:
        assert sp.statements and all(any(c.isalnum() for c in x.text) for x in sp.statements)


def test_an_empty_quotation_is_skipped_and_counted():
    ext = extract("“” said Ann Lee. “We must keep talking,” said Bo Lin.")
    speakers, statements, skipped = usable(ext)
    assert skipped == 1
    assert [sp.name for sp in speakers] == ["Bo Lin"]
    assert [s.text for s in statements] == ["We must keep talking,"]
