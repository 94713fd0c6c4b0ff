"""A quoted fragment that is part of a longer statement: the sentence runs into the quote
before its trailing attribution, or a quoted label judges a that-clause. Constructed
sentences, one pattern per test."""

from __future__ import annotations

from tests.article.extracted import typed_statements as _by_speaker


def test_a_sentence_that_runs_into_a_quote_before_the_attribution_is_the_statement():
    sp = _by_speaker(
        "The trip is part of the prime minister’s “peace mission,” his spokesman Ole Brandt "
        "wrote on X.\n"
    )
    assert sp["Ole Brandt"] == [
        ("reported", "The trip is part of the prime minister’s “peace mission,”")
    ]


def test_a_whole_quote_before_the_attribution_stays_direct():
    sp = _by_speaker("After the meeting, “we agreed on nothing at all,” Ole Brandt said.\n")
    assert sp["Ole Brandt"] == [("direct", "we agreed on nothing at all,")]


def test_a_quoted_label_with_a_that_clause_is_one_statement():
    sp = _by_speaker(
        'Senator Ada Quill calls it a "slap in the face of an ally" that the embassy would '
        "open in Varne first.\n"
    )
    assert sp["Ada Quill"] == [
        (
            "reported",
            'it a "slap in the face of an ally" that the embassy would open in Varne first.',
        )
    ]
