"""Reported statements in body sentences of real news: noun reports, appositives with
abbreviations. Constructed sentences, one pattern per test."""

from __future__ import annotations

from tests.article.extracted import statements as _by_speaker


def test_quoted_as_saying_with_an_abbreviation_in_the_appositive():
    sp = _by_speaker(
        "Spokesman Ali Takal quoted Adam Rook, the U.S. Special Envoy for Prisoner Affairs, as "
        "also saying that the prisoner swap is a good step toward building trust.\n"
    )
    assert sp["Adam Rook"] == ["the prisoner swap is a good step toward building trust."]


def test_remarks_by_a_person_with_an_abbreviation_in_the_appositive():
    sp = _by_speaker(
        "The reply came a day after remarks by Adam Rook, the U.S. envoy, that the talks had "
        "failed completely.\n"
    )
    assert sp["Adam Rook"] == ["the talks had failed completely."]


def test_according_to_a_statement_from_an_office():
    sp = _by_speaker(
        "According to a statement from the prime minister's office, \"The Prime Minister "
        'thanked our friends for their work on the truce."\n'
    )
    # a quote framed by "according to" is the source's own words: a direct statement
    assert sp["the prime minister's office"] == [
        "The Prime Minister thanked our friends for their work on the truce."
    ]


def test_proposed_to_him_and_a_dash_aside_leave_the_proposal():
    sp = _by_speaker(
        "Envoy Tom Hale met Marrek.\n\n"
        "The prime minister went on to recount that Hale had proposed to him "
        '"to reach a truce before November 5" – the date of the election.\n'
    )
    assert sp["Tom Hale"] == ['"to reach a truce before November 5"']


def test_an_object_ends_where_a_clause_with_its_own_subject_starts():
    sp = _by_speaker(
        "The government is pressing the negotiators in Varne to deliver results in this round, "
        "and the president has grown impatient with the delays.\n"
    )
    assert sp["The government"] == ["the negotiators in Varne to deliver results in this round"]
