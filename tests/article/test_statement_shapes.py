"""Statement shapes of news English, each in a short made-up sentence: present forms that are
also nouns ('posts on Telegram'), a clause after a noun of stance ('echoed the view that'),
hedged positions ('appeared to rule out'), and a colon that names a topic, not a statement."""

from __future__ import annotations

import pytest

from tests.article.extracted import named_after_head

HEAD = "Border talks\n\nForeign Minister Omar Haddad arrived in Doha on Monday.\n\n"


def _got(body: str, head: str = HEAD) -> list[tuple[str, str]]:
    return named_after_head(head, body)


@pytest.mark.parametrize(
    ("body", "words"),
    [
        ("Ali Reza posts on X that the border would reopen soon.", "the border would reopen"),
        ("Ali Reza tweets on his account that the border would reopen.", "the border would"),
        ("Ali Reza echoed the concern that the truce could collapse.", "the truce could collapse"),
        ("Ali Reza appeared to reject the offer of a summit in Cairo.", "the offer of a summit"),
        ("Ali Reza seems to back the proposal for a summit in Cairo.", "the proposal for a summit"),
    ],
)
def test_the_shape_gives_the_statement(body, words):
    got = _got(body)
    assert got and all(n == "Ali Reza" for n, _ in got), got
    assert any(words in t for _, t in got), got


@pytest.mark.parametrize(
    "body",
    [
        "Ali Reza's posts drew criticism from the rebels on Monday.",
        "Ali Reza appeared to be tired after the long talks.",
        "Ali Reza was clear about one thing: the price of the new embassy.",
    ],
)
def test_no_statement(body):
    assert _got(body) == []


def test_a_colon_before_a_clause_stays_a_statement():
    got = _got("Ali Reza was clear about one thing: the embassy would reopen in May.")
    assert got == [("Ali Reza", "the embassy would reopen in May.")]


@pytest.mark.parametrize(
    ("intro", "office"),
    [("Saudi Crown Prince Ali Reza", "crown prince"), ("Qatar's Emir Sheikh Ali Reza", "emir"),
     ("Jordan's King Ali Reza", "king")],
)  # fmt: skip
def test_a_ruler_named_by_office_is_the_one_introduced(intro, office):
    head = f"Border talks\n\n{intro} arrived in Doha on Monday.\n\n"
    got = _got(f"The {office} said the talks would resume in May.", head)
    assert [n for n, _ in got] == ["Ali Reza"], got
