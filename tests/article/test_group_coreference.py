"""Group speakers: the mentions of one body merged into one speaker, named by its fullest form.

Made-up paragraphs, one mechanism each: a shorter form after the full one ('the ministry'), a
short form before it (a headline's 'Ministry says'), place words made canonical ('Russian' and
"Russia's"), 'both sides' and 'the two sides', acronyms and their full names, 'the group' after
a body's bare name, and what must stay apart (another body with the same head, 'another
official', two speakers joined by 'and')."""

from __future__ import annotations

import pytest

from serving.article.extract import extract
from serving.article.group_coreference import acronym, body_form, body_name, initials

OPEN = "Border talks\n\nThe talks opened in Doha on Monday.\n\n"


def _speakers(body: str, head: str = OPEN) -> dict[str, int]:
    ext = extract(head + body + "\n")
    return {sp.name: len(sp.statements) for sp in ext.speakers}


@pytest.mark.parametrize(
    ("body", "name", "count"),
    [
        ("Russia's Foreign Ministry said the talks would resume. The ministry said the "
         "delegation would travel to Geneva.\n\nThe Foreign Ministry also said it was ready "
         "for a compromise.", "Russia's Foreign Ministry", 3),
        ("The Israeli military said it had struck targets. The military said the strikes "
         "would continue.", "The Israeli military", 2),
        ("The Russian Foreign Ministry said the talks were useful. Russia's Foreign Ministry "
         "said a second round was planned.", "The Russian Foreign Ministry", 2),
        ("Israeli officials said the deal was close. The officials said a vote was due.",
         "Israeli officials", 2),
        ("An Israeli official said the army was ready. The official said troops would stay.",
         "An Israeli official", 2),
        ("The Iranian government said it welcomed the offer. The government said it would "
         "send a delegation.", "The Iranian government", 2),
        ("The Taliban's Ministry of Foreign Affairs said the meeting was positive. The "
         "ministry said more talks would follow.", "The Taliban's Ministry of Foreign Affairs", 2),
        ("The two sides said they were close to a deal. Both sides said the talks were "
         "constructive.", "The two sides", 2),
        ("The leaders of Russia and Ukraine said they were ready to meet. The leaders said a "
         "venue was agreed.", "The leaders of Russia and Ukraine", 2),
    ],
)  # fmt: skip
def test_a_shorter_form_is_the_body_named_before(body, name, count):
    got = _speakers(body)
    assert got.get(name) == count, got


def test_a_short_form_first_takes_the_full_name_that_follows():
    head = "Ministry says talks will resume\n\n"
    got = _speakers("MOSCOW — Russia's Foreign Ministry said on Monday that the talks would "
                    "resume next week.", head)  # fmt: skip
    assert got == {"Russia's Foreign Ministry": 2}, got
    got = _speakers("Officials said the deal was close.\n\nIsraeli officials said a vote was due.")
    assert got == {"Israeli officials": 2}, got


@pytest.mark.parametrize(
    ("body", "name"),
    [("The European Union said the sanctions would stay. The EU said it was ready to help.",
      "The European Union"),
     ("The RSF said it accepted the truce. Later the Rapid Support Forces said the truce had "
      "been broken.", "the Rapid Support Forces"),
     ("The U.N. said aid was blocked. The United Nations said the convoy was waiting.",
      "The United Nations"),
     ("NATO said it would send more troops. The North Atlantic Treaty Organization said the "
      "decision was final.", "The North Atlantic Treaty Organization")],
)  # fmt: skip
def test_an_acronym_and_its_full_name_are_one_body_named_in_full(body, name):
    assert _speakers(body) == {name: 2}


@pytest.mark.parametrize(
    "body",
    ["Hamas said it was studying the proposal. The group said it wanted a full ceasefire.",
     "The Palestinian militant group Hamas said it had received the proposal. The militant "
     "group said it would reply soon."],
)  # fmt: skip
def test_the_group_after_a_bare_body_name(body):
    ext = extract(OPEN + body + "\n")
    assert [(sp.name, sp.kind, len(sp.statements)) for sp in ext.speakers] == [
        ("Hamas", "group", 2)
    ]


@pytest.mark.parametrize(
    "body",
    ["Russia's Foreign Ministry said the talks would resume. Ukraine's Foreign Ministry said "
     "no date was set.",
     "An Israeli official said the army was ready. Another official said troops would leave.",
     "Israeli officials said the deal was close. Some officials said a vote was far off.",
     "The army said the truce held. The army and the RSF said they would talk."],
)  # fmt: skip
def test_other_bodies_stay_apart(body):
    assert len(_speakers(body)) == 2


def test_body_forms():
    a = body_form("Russia's Foreign Ministry")
    b = body_form("the Russian foreign ministry")
    assert a is not None and b is not None and a == b and a.head == "ministry"
    assert body_form("both sides") == body_form("the two sides")
    assert body_form("the army and the RSF") is None
    assert body_form("some analysts") is None
    assert body_form("Egyptian and Qatari mediators").head == "mediators"
    assert body_name("But both sides") == "both sides"
    assert body_name("MOSCOW — the Kremlin") == "the Kremlin"
    assert acronym("the U.N.") == "UN" and acronym("Hamas") is None
    assert initials("the Israel Defense Forces") == "IDF"
    assert initials("the Foreign ministry") is None


@pytest.mark.parametrize(
    ("sentence", "name"),
    [("The families of the hostages urged the government to accept the deal.",
      "The families of the hostages"),
     ("Relatives of the hostages said the deal must go ahead.", "Relatives of the hostages"),
     ("Representatives of both sides said the talks were useful.",
      "Representatives of both sides"),
     ("The leaders of the two countries said they had agreed.",
      "The leaders of the two countries"),
     ("NATO allies said the plan was welcome.", "NATO allies"),
     ("Gulf states said they backed the plan.", "Gulf states"),
     ("Washington and Tehran both said the talks were useful.", "Washington and Tehran"),
     ("The mediators all said the talks were useful.", "The mediators")],
)  # fmt: skip
def test_plural_group_subjects(sentence, name):
    assert list(_speakers(sentence)) == [name]


def test_a_group_object_is_no_subject():
    assert _speakers("After talks with the families of the hostages, Omar Haddad said the "
                     "deal was close.") == {"Omar Haddad": 1}  # fmt: skip


def test_that_after_a_lone_preposition_is_no_clause():
    # 'agreed on that meeting': 'that' is the preposition's object, no reported clause
    got = _speakers("The leaders of the two countries agreed on that meeting in Varne.")
    assert got == {}, got


@pytest.mark.parametrize(
    ("body", "name", "count"),
    [
        # a body's acronym given in brackets at first mention names it after
        ("The Coastal Fishing Union (CFU) said the talks would resume.\n\nThe CFU also said "
         "the boats would stay in port.", "The Coastal Fishing Union", 2),
        ("According to the Council of River Towns (CRT), the talks would resume.",
         "the Council of River Towns", 1),
        # who runs an outlet is no part of its name
        ("The state-owned Varne Press news agency said the talks would resume.",
         "Varne Press", 1),
    ],
)  # fmt: skip
def test_bracketed_acronym_and_run_by(body, name, count):
    assert _speakers(body) == {name: count}


@pytest.mark.parametrize(
    ("body", "name"),
    [
        # a body named by its number, and a singular body with its 'of' phrase
        ("The quartet said the talks would resume.", "The quartet"),
        ("The troika urged both sides to return to the table.", "The troika"),
        ("The office of the governor said the talks would resume.", "The office of the governor"),
        ('"The talks will resume," the council of elders said.', "the council of elders"),
    ],
)  # fmt: skip
def test_singular_body_names(body, name):
    assert list(_speakers(body)) == [name]


@pytest.mark.parametrize(
    ("body", "name"),
    [
        # a body's long name with 'of'/'for' phrases is read whole
        ("The Economic Community of Coastal States said the talks would resume.",
         "The Economic Community of Coastal States"),
        ("The Organisation for the Protection of River Fisheries said the talks would resume.",
         "The Organisation for the Protection of River Fisheries"),
        # 'it' for a body named in this sentence or the one before, before it has spoken
        ("The VLF declined to comment. It said it would send a delegation.", "The VLF"),
        ("Hamas met the mediators on Monday. It said it would send a delegation.", "Hamas"),
        # a name in brackets' full form is a body though it reads like a person's name
        ("Tehreek-e-Varne Pakistan (TVP) said the talks would resume.",
         "Tehreek-e-Varne Pakistan"),
        # groups named by their part or their rule
        ("Palestinian factions said the talks would resume.", "Palestinian factions"),
        ("Mali's military rulers said the talks would resume.", "Mali's military rulers"),
    ],
)  # fmt: skip
def test_long_body_names_and_it(body, name):
    assert list(_speakers(body)) == [name]


@pytest.mark.parametrize(
    ("body", "counts"),
    [
        # 'the party' points back to a party named by a bare name ...
        ("Varnesz said the talks would resume.\n\nThe party also said the prisoners must be "
         "freed first.", {"Varnesz": 2}),
        # ... and to the latest body whose name ends in 'Party', not an older bare name
        ("Hamas said the talks would resume.\n\nThe ruling Justice Party said the deal was "
         "close. The party also said the prisoners must be freed first.",
         {"Hamas": 1, "The ruling Justice Party": 2}),
    ],
)  # fmt: skip
def test_the_party_points_back(body, counts):
    assert _speakers(body) == counts


@pytest.mark.parametrize(
    ("body", "name"),
    [
        # a verb inside a hyphenated adjective is no reporting verb
        ("The Varne-backed rebels said the talks would resume.", "The Varne-backed rebels"),
        ('"The talks will resume," the so-called Contact Group said.',
         "the so-called Contact Group"),
    ],
)  # fmt: skip
def test_hyphenated_adjective_is_no_cue(body, name):
    assert list(_speakers(body)) == [name]
