"""Positions carried by a verb's object (serving/article/reported_objects.py) and the speaker
phrases around them: greetings that say nothing, demands, object relatives, possessive owners
after a verb, a pronoun's spokesman."""

from __future__ import annotations

import pytest

from tests.article.extracted import named_after_head

HEAD = "Border talks\n\nForeign Minister Omar Haddad arrived in Doha on Monday.\n\n"


def _got(body: str, head: str = HEAD) -> list[tuple[str, str]]:
    return named_after_head(head, body)


@pytest.mark.parametrize(
    "body",
    [
        "Rubio welcomed Defence Minister Ali Reza at the airport on Monday.",
        "Rubio thanked Gen. Ali Reza.",
        "Rubio praised Prime Minister Ali Reza in Cairo.",
        "Rubio congratulated President-elect Ali Reza.",
    ],
)
def test_a_greeted_person_is_no_position(body):
    assert _got(body) == []


@pytest.mark.parametrize(
    ("body", "words"),
    [
        ("Rubio praised Gen. Ali Reza for his efforts to end the war.", "for his efforts"),
        ("Rubio welcomed Defence Minister Ali Reza's decision to resume talks.", "decision"),
        ("Qatar called for a lasting truce.", "a lasting truce"),
    ],
)
def test_what_a_greeting_or_a_demand_is_about_stays(body, words):
    got = _got(body)
    assert got and any(words in t for _, t in got), got


def test_the_object_of_a_whom_clause_is_the_speaker():
    body = "Ali Reza, whom Rubio has accused of stalling, said the talks would resume in May."
    assert _got(body) == [("Ali Reza", "the talks would resume in May.")]


def test_a_verb_before_a_possessive_title_ends_the_subject():
    body = "Ali Reza met Iran's President Reza Amini in Riyadh and said the talks would resume."
    assert [n for n, _ in _got(body)] == ["Ali Reza"]


def test_his_spokesman_is_someone_else():
    got = _got("His spokesman said the talks would resume in May.")
    assert [n for n, _ in got] == ["His spokesman"]
