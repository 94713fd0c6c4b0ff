"""Patterns met in the dev articles of halves L to Q (data/news), each written here with
made-up names and words: the rule, not the article, is under test."""

from __future__ import annotations

import pytest

from tests.article.extracted import kinds_and_statements, statements


@pytest.mark.parametrize(
    ("sentence", "speaker"),
    [
        (
            "The talks covered every aspect of trade, said Omar Haddad, a spokesman for the "
            "Varne foreign ministry.",
            "Omar Haddad",
        ),
        (
            "The talks covered every aspect of trade, said a spokesman for the ministry.",
            "a spokesman",
        ),
    ],
)
def test_an_inverted_said_without_quotes_and_a_description_after_the_speaker(sentence, speaker):
    got = statements(sentence + "\n")
    assert got == {speaker: ["The talks covered every aspect of trade"]}


def test_said_name_then_a_clause_of_its_own_is_not_inverted():
    got = statements("The talks covered trade, said Omar Haddad, adding that more would come.\n")
    assert "The talks covered trade" not in got.get("Omar Haddad", [])


@pytest.mark.parametrize("words", ["President Hassan Sheikh", "Hassan Sheikh"])
def test_a_family_name_that_is_also_a_title(words):
    got = statements(f"{words} stated that his government would talk to the rebels.\n")
    assert got == {"Hassan Sheikh": ["his government would talk to the rebels."]}


@pytest.mark.parametrize(
    ("words", "speaker"),
    [("Crown Prince Faris", "Faris"), ("The Varnian Crown Prince", "The Varnian Crown Prince")],
)
def test_a_title_before_the_family_name_title_stays_a_title(words, speaker):
    got = statements(f"{words} said that his country would talk to the rebels.\n")
    assert list(got) == [speaker]


def test_the_group_after_a_body_that_has_not_yet_spoken():
    got = kinds_and_statements(
        "Meanwhile, Hamas has not yet reacted to the offer. The group has repeatedly said that "
        "it will not enter negotiations.\n"
    )
    assert got == {"Hamas": ("group", ["it will not enter negotiations."])}


@pytest.mark.parametrize(
    ("sentence", "speaker", "kind"),
    [
        (
            "It ended the year with 52 killings a week, according to the Geneva-based Varne "
            "Crime Observatory.",
            "Varne Crime Observatory",
            "group",
        ),
        (
            "It ended the year with 52 killings a week, according to a tally from the Varne "
            "Press Agency.",
            "the Varne Press Agency",
            "group",
        ),
        (
            "It ended the year with 52 killings a week, according to Prime Minister Omar "
            "Haddad following a meeting in Kastrav.",
            "Omar Haddad",
            "person",
        ),
    ],
)
def test_according_to_at_the_end_with_a_source_of_figures_or_a_setting(sentence, speaker, kind):
    got = kinds_and_statements(sentence + "\n")
    assert got == {speaker: (kind, ["It ended the year with 52 killings a week"])}


def test_according_to_a_ministry_statement_opening_a_sentence():
    got = statements(
        "According to the Foreign Ministry statement, the delegation intends to raise the "
        "detentions.\n"
    )
    assert got == {"the Foreign Ministry": ["the delegation intends to raise the detentions."]}


def test_according_to_ends_an_object_and_names_its_source():
    got = statements(
        "Varnia and Kastrav on Monday agreed to work toward normal relations, according to "
        "Prime Minister Omar Haddad.\n"
    )
    assert got["Omar Haddad"] == [
        "Varnia and Kastrav on Monday agreed to work toward normal relations"
    ]


@pytest.mark.parametrize(
    "source", ["Varne state media", "a statement from his office", "state television"]
)
def test_according_to_a_channel_after_a_speaker_leaves_the_words_to_the_speaker(source):
    got = statements(
        f"Omar Haddad has rejected the idea of a meeting with Karl Orev, according to {source}.\n"
    )
    assert list(got) == ["Omar Haddad"]


def test_highlighted_takes_an_object():
    got = statements(
        'Deputy Minister Ilse Marrek highlighted recent "provocative" moves by Varnia.\n'
    )
    assert got == {"Ilse Marrek": ['recent "provocative" moves by Varnia.']}


def test_how_and_why_clauses_are_said_but_whether_is_not():
    said = statements(
        "Secretary General Orev underlined how much it matters that both sides meet.\n"
    )
    assert said == {"Orev": ["how much it matters that both sides meet."]}
    assert statements("Secretary General Orev did not explain why the talks had failed.\n") == {}


@pytest.mark.parametrize(
    ("opening", "body"),
    [
        ("However, a key group, the Varne militia,", "the Varne militia"),
        ("A rebel group, the National Front,", "the National Front"),
    ],
)
def test_an_indefinite_description_before_a_named_body(opening, body):
    got = kinds_and_statements(f"{opening} said it would join the talks.\n")
    assert got == {body: ("group", ["it would join the talks."])}


def test_for_his_part_and_two_roles_before_an_inverted_name():
    got = statements(
        '"This delay does not put the talks in doubt," responded for his part the deputy and '
        "former mayor of Varna, Omar Haddad.\n"
    )
    assert got == {"Omar Haddad": ["This delay does not put the talks in doubt,"]}


def test_informed_reports_a_clause():
    got = statements("The minister informed parliament that talks would resume in May.\n")
    assert got == {"The minister": ["talks would resume in May."]}


def test_a_participle_after_a_second_aside_describes_the_aside():
    got = statements(
        "Omar Haddad, an official of the region's peace council, set up in June, reported that "
        "they knew of no formal negotiations.\n"
    )
    assert got == {"Omar Haddad": ["they knew of no formal negotiations."]}


def test_a_clause_after_a_that_verb_whose_subject_holds_a_quoted_phrase():
    got = statements(
        'The Varne government stated a "new stage" in relations with Kastrav had begun.\n'
    )
    assert got == {"The Varne government": ['a "new stage" in relations with Kastrav had begun.']}
