"""Patterns met in the dev articles of halves F, G and H (data/news), each written here with
made-up names and words: the rule, not the article, is under test."""

from __future__ import annotations

import pytest

from serving.article.evaluate import GoldSpeaker, names_match
from tests.article.extracted import kinds_and_statements, statements

OPENING = "Foreign Minister Ilse Marrek met Defence Minister Karl Orev in Varna on Monday.\n\n"


def test_a_denied_report_stays_with_the_one_who_denies_it():
    # 'said the government had not asked for ...' is the speaker's claim, not the government's
    got = statements(
        OPENING + "Marrek said the government had not asked for changes to the treaty.\n"
    )
    assert got == {"Ilse Marrek": ["the government had not asked for changes to the treaty."]}


def test_a_named_building_is_no_person_and_does_not_take_she():
    text = (
        OPENING
        + "Outside the National Palace, where the meeting was held, Marrek briefed reporters.\n\n"
        + "She said the two governments would meet every month.\n"
    )
    assert statements(text) == {"Ilse Marrek": ["the two governments would meet every month."]}


def test_a_palace_that_speaks_is_a_group():
    got = kinds_and_statements("The Kastrav Palace said the talks would go on next week.\n")
    assert got == {"The Kastrav Palace": ("group", ["the talks would go on next week."])}


def test_a_country_before_a_title_keeps_a_description_of_another_country_away():
    text = (
        "President Omar Haddad will write to his Varnian counterpart, an aide said.\n\n"
        "Varnia's President Tomas Vell said the court had found no obligation to negotiate.\n\n"
        "Haddad took the case to the court in 2013.\n\n"
        "The Kastravian president said afterwards he hoped Varnia would talk.\n"
    )
    got = statements(text)
    assert got["Omar Haddad"] == ["afterwards he hoped Varnia would talk."]
    assert got["Tomas Vell"] == ["the court had found no obligation to negotiate."]


def test_an_emir_is_not_the_foreign_minister_of_the_same_country():
    text = (
        "Oman's Foreign Minister Sheikh Omar al-Haddad on Tuesday cited the Omani emir as "
        "having voiced willingness for mediation.\n\n"
        "The minister also said Jordanian Emir Sheikh Faris al-Saleh had advised the Omani "
        "leader to wait.\n"
    )
    names = list(statements(text))
    assert "Faris al-Saleh" not in names and "Omar al-Haddad" in names


def test_a_region_adjective_is_no_person():
    text = (
        OPENING
        + "The talks strained relations between the two South American neighbours.\n\n"
        + "The Kastravian minister said afterwards he hoped the talks would resume.\n"
    )
    assert "South American" not in statements(text)


def test_the_speaker_after_the_colon_of_a_headline():
    text = (
        "Kastrav eager for early talks: Varnia\n\n"
        "Varnia said on Monday the two sides had accepted a review of the truce.\n"
    )
    assert statements(text)["Varnia"][0] == "Kastrav eager for early talks"


def test_a_topic_before_a_headline_colon_is_no_speaker():
    text = (
        "The Orla Accord: Marrek and Orev seal border deal\n\n"
        + OPENING
        + "Marrek said the two had reached a breakthrough.\n"
    )
    assert "The Orla Accord" not in statements(text)


@pytest.mark.parametrize(
    "sentence",
    [
        "Orev told Marrek the present situation does not serve either side.",
        "Orev told the Varnian minister the present situation does not serve either side.",
        "Orev told reporters Kastrav would not accept the present situation.",
    ],
)
def test_told_someone_and_a_clause_without_that(sentence):
    got = statements(OPENING + sentence + "\n")
    assert list(got) == ["Karl Orev"] and "present situation" in got["Karl Orev"][0]


@pytest.mark.parametrize(
    "subject",
    [
        "Defence Minister Karl Orev Jr. on Wednesday, meanwhile,",
        "Defence Minister Karl Orev, for his part,",
        "Defence Minister Karl Orev last week",
    ],
)
def test_a_time_or_discourse_adverbial_between_speaker_and_verb(subject):
    got = statements(f"{subject} said no country backs Kastrav's claim.\n")
    assert list(got.values()) == [["no country backs Kastrav's claim."]]
    assert "Orev" in next(iter(got))


def test_suggested_with_an_ing_object():
    got = statements(OPENING + "Marrek had suggested holding the talks in Orla.\n")
    assert got == {"Ilse Marrek": ["holding the talks in Orla."]}


def test_went_on_with_an_ing_form_is_no_report():
    assert statements("The Varne council went on ruling the port despite the deal.\n") == {}


def test_a_body_spelt_out_before_its_acronym_keeps_its_whole_name():
    text = (
        "VLF says talks to take place in Orla shortly\n\n"
        "The rebel Varne Liberation Front of Kastrav (VLF) said the talks would take place in "
        "Orla.\n"
    )
    got = kinds_and_statements(text)
    assert list(got) == ["Varne Liberation Front of Kastrav"]
    assert got["Varne Liberation Front of Kastrav"][0] == "group"
    assert len(got["Varne Liberation Front of Kastrav"][1]) == 2


def test_a_role_before_a_name_stops_at_a_verb():
    text = "President Omar Haddad met negotiator Tomas Vell.\n\nHaddad will keep his word, Vell said.\n"
    ext = kinds_and_statements(text)
    assert list(ext) == ["Tomas Vell"]
    from serving.article.extract import extract

    assert extract(text).speakers[0].role == "negotiator"


def test_conveyed_that():
    got = statements(
        OPENING + "Marrek conveyed to Orev Varnia's hope that Kastrav would stay neutral.\n"
    )
    assert got == {"Ilse Marrek": ["Kastrav would stay neutral."]}


def test_a_dateline_label_is_no_speaker():
    assert "Published" not in statements("Published: Thu, October 12, 2017\n\n" + OPENING)


def test_announced_with_an_object():
    got = statements(
        "Kastrav's president Omar Haddad on Tuesday announced the holding of a national dialogue.\n"
    )
    assert got == {"Omar Haddad": ["the holding of a national dialogue."]}


def test_a_possessive_and_a_stance_noun_after_a_verb_of_saying():
    got = statements(
        OPENING + "Both parties also emphasized their backing for Varnia's territorial integrity.\n"
    )
    assert got == {"Both parties": ["their backing for Varnia's territorial integrity."]}


def test_according_to_someones_estimates():
    got = kinds_and_statements(
        "Fighting has left 1,800 people dead, according to Varne Council estimates.\n"
    )
    assert got == {"Varne Council": ("group", ["Fighting has left 1,800 people dead"])}


def test_complained_of():
    got = statements(OPENING + "Protesters were complaining of being sidelined by the majority.\n")
    assert got == {"Protesters": ["being sidelined by the majority."]}


def test_an_opening_participle_is_no_part_of_a_name():
    text = OPENING + "Welcoming Orev, Marrek said the talks would go on.\n"
    assert statements(text) == {"Ilse Marrek": ["the talks would go on."]}


def test_stated_opens_a_nested_report():
    text = "The Varne Press Agency reported that Foreign Minister Ilse Marrek stated that the talks would resume.\n"
    assert list(statements(text)) == ["Ilse Marrek"]


def test_a_titled_name_inside_a_reported_clause_is_known_later():
    text = (
        "President Omar Haddad will write to the council, an aide said.\n\n"
        "Haddad took the case to the court in 2013.\n\n"
        "The president said afterwards he hoped the council would talk.\n"
    )
    assert statements(text)["Omar Haddad"] == ["afterwards he hoped the council would talk."]


@pytest.mark.parametrize(
    ("pred", "gold", "aliases", "group", "expected"),
    [
        ("Karl Orev Jr", "Karl Orev Jr.", [], False, True),  # a full stop is no part of a name
        ("Orev", "Karl Orev Jr.", [], False, True),  # a suffix is no surname
        ("Varne Liberation Front", "Varne Liberation Front (VLF)", [], True, True),
        ("VLF", "Varne Liberation Front (VLF)", [], True, True),
        ("Varne Front", "Varne Liberation Front (VLF)", [], True, False),
    ],
)
def test_names_match_reads_suffixes_and_acronyms_in_brackets(pred, gold, aliases, group, expected):
    assert names_match(pred, GoldSpeaker(gold, aliases, None, "neutral", group)) is expected
