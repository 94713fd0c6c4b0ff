"""Relayed and nested reporting (serving/article/relays.py): the words are the person's, the
medium or the person who passes them on is not their speaker."""

from __future__ import annotations

import pytest

from serving.article.relays import is_medium, relayed_subject
from serving.article.speaker_phrases import Subject
from tests.article.extracted import statements

HEAD = "Border talks\n\nForeign Minister Omar Haddad arrived in Doha on Monday.\n\n"


@pytest.mark.parametrize(
    ("pre", "name"),
    [
        ("AFP quoted Haddad as ", "Haddad"),
        ("State media cited Foreign Minister Omar Haddad as ", "Foreign Minister Omar Haddad"),
        ("Haddad was quoted by the newspaper as ", "Haddad"),
        ("The minister recalled Ali Karimi ", "Ali Karimi"),
    ],
)
def test_a_relaying_frame_names_the_one_who_spoke(pre: str, name: str) -> None:
    got = relayed_subject(pre, 0)
    assert got is not None and got[0].text == name


@pytest.mark.parametrize("pre", ["Haddad recalled that Karimi ", "The talks resumed and Haddad "])
def test_no_relaying_frame(pre: str) -> None:
    assert relayed_subject(pre, 0) is None


def test_a_medium_by_its_head_word() -> None:
    assert is_medium(Subject("group", "Turkish media", 0, 13))
    assert is_medium(Subject("name", "Reports", 0, 7, name=["Reports"]))
    assert not is_medium(Subject("group", "the ministry", 0, 12))


@pytest.mark.parametrize(
    ("body", "speaker", "words"),
    [
        ("The talks would resume in May, state media quoted Haddad as saying.", "Omar Haddad",
         "The talks would resume in May"),
        ("Reuters reported, citing Haddad, that the talks would resume in May.", "Omar Haddad",
         "the talks would resume in May"),
        ('"The talks will resume," Haddad said, Turkish media reported.', "Omar Haddad",
         "The talks will resume"),
        ("The newspaper reported that he had said the talks would resume in May.", "Omar Haddad",
         "the talks would resume in May"),
        ("Haddad recalled Ali Karimi saying the talks would resume in May.", "Ali Karimi",
         "the talks would resume in May"),
        ("Haddad said Ali Karimi had welcomed the decision to resume the talks.", "Ali Karimi",
         "the decision to resume the talks"),
        ("Haddad said the rebels' envoy Ali Karimi had told him that the talks would resume.",
         "Ali Karimi", "the talks would resume"),
        ('Haddad posted a video in which Ali Karimi says "The talks will resume in May."',
         "Ali Karimi", "The talks will resume in May"),
        ("Media reports suggest that Haddad is seeking talks with the rebels.", "Omar Haddad",
         "talks with the rebels"),
        ("According to AFP, Haddad wants talks with the rebels.", "Omar Haddad",
         "talks with the rebels"),
        ("The talks with the rebels, Haddad said, would resume in May.", "Omar Haddad",
         "would resume in May"),
    ],
)  # fmt: skip
def test_the_words_go_to_the_one_who_spoke(body: str, speaker: str, words: str) -> None:
    got = statements(HEAD + body + "\n")
    assert any(words in t for t in got.get(speaker, [])), got
    assert all(n in (speaker, "Omar Haddad") for n in got), got


def test_a_medium_that_weighs_a_report_keeps_it() -> None:
    """'is weighing a return' is what the reports say is happening, not the person's stand."""
    got = statements(HEAD + "Media reports suggest that Haddad is weighing a return to talks.\n")
    assert list(got) == ["Media reports"], got


def test_a_body_that_speaks_of_itself_keeps_its_words() -> None:
    got = statements(HEAD + "Two European ambassadors said they had urged both sides to talk.\n")
    assert list(got) == ["Two European ambassadors"], got
