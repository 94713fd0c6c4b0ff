"""Patterns met in the dev articles of halves I, J and K (data/news), each written here with
made-up names and words: the rule, not the article, is under test."""

from __future__ import annotations

import pytest

from tests.article.extracted import kinds_and_statements, statements

OPENING = "Foreign Minister Ilse Marrek met Defence Minister Karl Orev in Varna on Monday.\n\n"


def test_while_and_a_second_speaker_end_the_clause():
    got = statements(
        OPENING + "Marrek said closer ties would serve both sides while Orev stressed the value "
        "of working with every state.\n"
    )
    assert got == {
        "Ilse Marrek": ["closer ties would serve both sides"],
        "Karl Orev": ["the value of working with every state."],
    }


def test_while_before_a_position_phrase_does_not_end_the_clause():
    got = statements(
        OPENING + "Orev stressed that while Kastrav remains open to talks, any talks must be "
        "held on equal terms.\n"
    )
    assert list(got) == ["Karl Orev"]


def test_a_that_verb_and_a_clause_with_a_past_verb():
    got = kinds_and_statements(
        "The Varne Foreign Ministry alleges the rebels seized 17 villages.\n"
    )
    assert got == {"The Varne Foreign Ministry": ("group", ["the rebels seized 17 villages."])}


def test_an_ed_word_after_the_article_is_an_adjective_not_a_clause():
    assert statements(OPENING + "Marrek noted the increased pressure on the council.\n") == {}


def test_has_since_claimed():
    got = statements("Kastrav has since claimed that all the detainees were sent home.\n")
    assert got == {"Kastrav": ["all the detainees were sent home."]}


@pytest.mark.parametrize(
    "sentence",
    [
        "Orev stated in a separate interview there was plain evidence of a plot.",
        "On 5 May 2019, the coordinating minister for security, Orev, stated in an interview "
        "there was plain evidence of a plot.",
    ],
)
def test_a_setting_between_the_verb_and_a_clause_without_that(sentence):
    got = statements(OPENING + sentence + "\n")
    assert got == {"Karl Orev": ["there was plain evidence of a plot."]}


def test_a_long_setting_before_that():
    got = statements(
        OPENING + "Orev said in a statement released Tuesday by the Varne state news agency "
        "that the talks were of no interest.\n"
    )
    assert got == {"Karl Orev": ["the talks were of no interest."]}


def test_however_opens_no_fronted_statement():
    got = statements(
        OPENING + "However, on August 19, the Varnian defence minister, Karl Orev said, "
        "“Once this demand is met, relations will go back to normal.”\n"
    )
    assert list(got) == ["Karl Orev"]


def test_a_headline_with_the_speaker_after_a_dash_and_a_country_label():
    text = (
        "Kastrav: Dialogue Must Come Without Preconditions – Orev\n\n"
        + OPENING
        + "Orev said on Monday the talks must go on.\n"
    )
    got = statements(text)
    assert list(got) == ["Karl Orev"]
    assert "Dialogue Must Come Without Preconditions" in got["Karl Orev"]


def test_head_of_state_is_one_office():
    text = "President Omar Haddad met the envoy.\n\nThe Varnian head of state said that the plan was unclear.\n"
    assert statements(text) == {"Omar Haddad": ["the plan was unclear."]}


def test_it_is_understood_is_no_part_of_the_speaker():
    got = kinds_and_statements(
        "It is understood senior Varne Party members have said that the deal is dead.\n"
    )
    assert got == {"senior Varne Party members": ("group", ["the deal is dead."])}


def test_a_name_before_its_appositive_and_a_relative_clause_is_the_speaker():
    got = statements(
        "The talks followed a call made by Tomas Vell, a military leader of the Varne "
        "movement, who requested negotiations a few days earlier.\n"
    )
    assert list(got) == ["Tomas Vell"]


def test_a_nickname_in_quotes_inside_a_full_name():
    text = (
        'Late Wednesday, Orev said rebel founder Tomas "Tom" Vell had agreed to resume talks.\n\n'
        "Vell said on Thursday the rebels would return to the table.\n"
    )
    assert statements(text)["Vell"] == ["the rebels would return to the table."]


# group speakers the dev articles missed, each a general shape


@pytest.mark.parametrize(
    ("sentence", "speaker", "statement"),
    [
        ("Chile flatly rejected these allegations.", "Chile", "these allegations."),
        ("Norway voiced cautious backing.", "Norway", "cautious backing."),
        (
            "Chile asserts a territorial claim to the islands.",
            "Chile",
            "a territorial claim to the islands.",
        ),
        (
            "Norway was reportedly among the few council members that opposed readmitting "
            "Chile to the body.",
            "Norway",
            "readmitting Chile to the body.",
        ),
        (
            "VPF TR has refused to meet Marrek outside the forum.",
            "VPF TR",
            "Marrek outside the forum.",
        ),
    ],
)
def test_a_group_takes_a_position_in_few_words(sentence, speaker, statement):
    got = kinds_and_statements(sentence + "\n")
    assert got == {speaker: ("group", [statement])}


def test_did_not_meet_only_tells_what_happened():
    assert statements(OPENING + "Marrek did not meet the envoy on Monday.\n") == {}


def test_a_coordinated_announcement_is_not_given_to_a_dateline():
    text = (
        "VARNE, June 3 (Meridian News) - Norway on Tuesday ordered twelve diplomats to leave "
        "within 72 hours and announced the closure of the consulate in Teska.\n"
    )
    assert "VARNE" not in statements(text)
