"""A coverage matrix of news English: made-up sentences that vary one dimension at a time
(the speaker's shape, where the attribution stands, the verb, what must yield nothing).

Each cell is a short constructed paragraph after a neutral opening; a cell passes when the
expected speaker gets a statement that holds the expected words (or, for the negative cells,
when the paragraph yields no statement at all)."""

from __future__ import annotations

import pytest

from serving.article.extract import extract

NEUTRAL = "Border talks\n\nThe talks opened in Doha on Monday.\n\n"
HADDAD = "Border talks\n\nForeign Minister Omar Haddad arrived in Doha on Monday.\n\n"
C = "the talks would resume in May"
CQ = "The talks will resume in May"


def _statements(head: str, body: str) -> list[tuple[str, str, str]]:
    ext = extract(head + body + "\n")
    return [(ext.speakers[s.speaker].name, ext.speakers[s.speaker].kind, s.text)
            for s in ext.statements if s.start >= len(head)]  # fmt: skip


def _has(head: str, body: str, speaker: str, words: str) -> None:
    got = _statements(head, body)
    assert any(name == speaker and words in text for name, _, text in got), got


# anonymous sources with what says how they know, 'one', 'people'
@pytest.mark.parametrize(
    ("subject", "name"),
    [("A diplomat familiar with the talks", "A diplomat familiar with the talks"),
     ("People close to the negotiations", "People close to the negotiations"),
     ("A source familiar with the matter", "A source familiar with the matter"),
     ("One diplomat", "One diplomat"),
     ("Officials briefed on the meeting", "Officials briefed on the meeting")],
)  # fmt: skip
def test_anonymous_sources_speak_as_groups(subject, name):
    got = _statements(NEUTRAL, f"{subject} said that {C}.")
    assert got == [(name, "group", f"{C}.")]
    lower = subject[0].lower() + subject[1:]
    assert _statements(NEUTRAL, f"{CQ}, {lower} said.") == [(lower, "group", CQ)]


def test_anonymous_source_with_a_relative_clause_after_the_verb():
    _has(NEUTRAL, f'"{CQ}," said a Western official who spoke on condition of anonymity.',
         "a Western official", CQ)  # fmt: skip


def test_they_after_a_plural_subject_without_article():
    head = "Border talks\n\nOpposition leaders met in Nairobi on Monday.\n\n"
    _has(head, f"They said {C}.", "Opposition leaders", C)
    _has(head, f'"{CQ}," they said.', "Opposition leaders", CQ)


@pytest.mark.parametrize("body", [f"The Taliban said {C}.", f'"{CQ}," said the Taliban.'])
def test_the_and_a_proper_name_is_a_body(body):
    got = _statements(NEUTRAL, body)
    assert [(n.lower(), k) for n, k, _ in got] == [("the taliban", "group")]


@pytest.mark.parametrize("body", [f"NATO said {C}.", f"{CQ}, NATO said.",
                                  f"Downing Street said {C}.", f"{CQ}, the IAEA said."])  # fmt: skip
def test_acronyms_and_organisation_names_speak_as_groups(body):
    got = _statements(NEUTRAL, body)
    assert len(got) == 1 and got[0][1] == "group"


def test_news_wires_relay_and_do_not_speak():
    got = _statements(NEUTRAL, f"AFP quoted Omar Haddad as saying {C}.")
    assert [n for n, _, _ in got] == ["Omar Haddad"]


def test_an_acronym_given_for_a_person_stays_the_person():
    head = "Border talks\n\nCrown Prince Mohammed bin Salman (MBS) met the envoy on Monday.\n\n"
    got = _statements(head, f"MBS said {C}.")
    assert got and got[0][1] == "person"


@pytest.mark.parametrize("body", [f"Moscow and Kyiv said {C}.", f"{CQ}, Moscow and Kyiv said."])
def test_two_capitals_joined_speak_as_one_group(body):
    got = _statements(NEUTRAL, body)
    assert [(n, k) for n, k, _ in got] == [("Moscow and Kyiv", "group")]


@pytest.mark.parametrize("noun", ["group", "movement"])
def test_the_group_points_back_to_the_body_named_before(noun):
    head = "Border talks\n\nHamas sent a delegation to Cairo on Monday.\n\n"
    _has(head, f"The {noun} said {C}.", "Hamas", C)
    _has(head, f"{CQ}, the {noun} said.", "Hamas", CQ)


def test_a_persons_spokesman_is_not_the_person():
    got = _statements(HADDAD, f"Haddad's spokesperson said {C}.")
    assert [n for n, _, _ in got] == ["Haddad's spokesperson"]


@pytest.mark.parametrize(
    ("body", "name"),
    [(f'"{CQ}," said Mr. Haddad.', "Haddad"),
     (f'"{CQ}," said Secretary of State Marco Rubio.', "Marco Rubio"),
     (f'"{CQ}," said Gen. Ali Reza.', "Ali Reza"),
     (f'"{CQ}," said the two leaders.', "the two leaders"),
     (f'"{CQ}," Iran\'s Foreign Minister Omar Haddad said.', "Omar Haddad")],
)  # fmt: skip
def test_abbreviated_and_split_titles_around_the_verb(body, name):
    got = _statements(NEUTRAL, body)
    assert [n for n, _, _ in got][-1:] == [name] or name == "Haddad" and got


def test_a_role_between_commas_before_the_name_is_not_in_the_statement():
    got = _statements(NEUTRAL, f"{CQ}, a spokesman for the foreign ministry, Ali Reza, said.")
    assert got == [("Ali Reza", "person", CQ)]


@pytest.mark.parametrize(
    ("body", "speaker"),
    [(f"A statement from the foreign ministry said {C}.", "the foreign ministry"),
     (f"The ministry's statement said {C}.", "The ministry"),
     (f"Haddad was cited by TASS as saying {C}.", "Omar Haddad"),
     (f"Haddad has long said that {C}.", "Omar Haddad")],
)  # fmt: skip
def test_documents_citations_and_adverbs(body, speaker):
    _has(HADDAD, body, speaker, C)


@pytest.mark.parametrize(
    ("body", "words"),
    [("Haddad insisted the sanctions must go first.", "the sanctions must go first"),
     ("Haddad acknowledged the talks had stalled.", "the talks had stalled"),
     ("Haddad stressed the need for a political solution.", "the need for a political solution"),
     ("Haddad told Tehran to halt the strikes.", "Tehran to halt the strikes")],
)  # fmt: skip
def test_that_verbs_without_that_and_told_to(body, words):
    _has(HADDAD, body, "Omar Haddad", words)


@pytest.mark.parametrize(
    "body",
    [f"Haddad did not say that {C}.",
     "Unless Tehran confirms that it will attend, the meeting is off.",
     "The minister, who has said little in public, arrived in Doha on Tuesday.",
     "Haddad called the envoy on Monday to discuss the talks.",
     "Haddad welcomed the envoy at the airport on Monday.",
     "Three people who took part described it to this newspaper on condition of anonymity.",
     f"Haddad is expected to say that {C}.",
     "The deal is said to be close to completion.",
     "The said agreement was signed in 2015 in Geneva.",
     f"Critics could argue that {C}."],
)  # fmt: skip
def test_no_statement(body):
    assert _statements(HADDAD, body) == []


def test_which_x_said_keeps_only_the_relative_clause():
    got = _statements(HADDAD, "The talks, which Haddad said were constructive, ended on Monday.")
    assert all("ended" not in text for _, _, text in got)
