"""General mechanisms of news English: the reporting-verb forms, group subjects, nested and
negated reports, the passive 'was quoted as saying'. Constructed sentences, one pattern each."""

from __future__ import annotations

import pytest

from serving.article.extract import extract
from serving.article.reporting_verbs import REPORTING_OBJECT_VERBS, REPORTING_THAT_VERBS, forms

_HEAD = "Border talks\n\nJana Kovac arrived in the capital on Monday.\n\n"


def _by_speaker(text: str) -> dict[str, tuple[str, list[str]]]:
    ext = extract(_HEAD + text)
    return {sp.name: (sp.kind, [st.text for st in sp.statements]) for sp in ext.speakers}


def test_forms_spell_out_regular_irregular_and_phrasal_verbs():
    assert forms("allege") == {"allege", "alleges", "alleged", "alleging"}
    assert forms("testify") == {"testify", "testifies", "testified", "testifying"}
    assert forms("point out") == {"point out", "points out", "pointed out", "pointing out"}
    assert "went on" in forms("go on") and "goes on" in forms("go on")
    assert "quipped" in forms("quip") and "hit out at" in forms("hit out at")


def test_noun_forms_are_no_cues():
    for noun in ("report", "reports", "state", "note", "object", "comments", "disputes"):
        assert noun not in REPORTING_THAT_VERBS | REPORTING_OBJECT_VERBS
    assert {"reported", "noted", "objected", "commented"} <= REPORTING_THAT_VERBS


@pytest.mark.parametrize(
    "verb",
    ["alleged", "pointed out", "charged", "reckoned", "responded", "repeated", "mentioned",
     "revealed", "commented", "forecast", "disclosed", "has conceded", "would later reveal"],
)  # fmt: skip
def test_standard_reporting_verbs_report_a_that_clause(verb):
    sp = _by_speaker(f"Minister Tomas Reyes {verb} that the offer was far too little.\n")
    assert sp["Tomas Reyes"][1] == ["the offer was far too little."]


@pytest.mark.parametrize(
    "subject",
    ["the White House", "the European Union", "Iranian state media", "the army",
     "Congolese authorities", "the rebels", "the opposition", "Human rights groups"],
)  # fmt: skip
def test_bodies_and_plural_collectives_speak_as_groups(subject):
    sp = _by_speaker(f"The talks will resume in the spring, {subject} said.\n")
    assert sp[subject] == ("group", ["The talks will resume in the spring"])


def test_group_subject_opening_a_sentence():
    sp = _by_speaker("The rebel militia said it would withdraw from the town by Friday.\n")
    assert sp["The rebel militia"] == ("group", ["it would withdraw from the town by Friday."])


def test_the_object_of_a_preposition_is_no_subject():
    sp = _by_speaker(
        "Pavel Dorn, in an interview to our newspaper commented on the decision to close "
        "the line.\n"
    )
    assert "newspaper" not in sp and "our newspaper" not in sp


def test_a_place_after_a_preposition_is_no_speaker():
    sp = _by_speaker("The Kingdom's ambassador to Yemen said he was hopeful about the truce.\n")
    assert "Yemen" not in sp
    assert any(st == ["he was hopeful about the truce."] for _, st in sp.values())


def test_a_person_noun_before_of_heads_the_phrase():
    sp = _by_speaker("The head of the UN's nuclear watchdog said the talks were a good sign.\n")
    assert "the UN's nuclear watchdog" not in sp


def test_nested_report_belongs_to_the_innermost_named_speaker():
    sp = _by_speaker(
        "Kovac said Odum told him that the deal was close to being signed.\n\n"
        "Kovac recounted that Odum had urged him to reach a deal before May.\n"
    )
    assert sp["Odum"][1] == [
        "the deal was close to being signed.",
        "him to reach a deal before May.",
    ]


def test_nested_verb_of_agreeing_keeps_the_outer_speaker():
    sp = _by_speaker("Kovac said both sides agreed to meet again next week in Geneva.\n")
    assert sp["Jana Kovac"][1] == ["both sides agreed to meet again next week in Geneva."]


def test_negated_or_refused_saying_before_a_question_word_is_no_statement():
    ext = extract(
        _HEAD + "Kovac did not say whether she would vote for the deal. Odum declined to say "
        "when the talks would resume. The mediators did not say what the deal foresees.\n"
    )
    assert ext.statements == []


def test_passive_quoted_as_saying():
    sp = _by_speaker(
        "Kovac is quoted as saying that the deal was near. Envoy Lars Odum was quoted by "
        "Reuters as saying the truce held overnight.\n"
    )
    assert sp["Jana Kovac"][1] == ["the deal was near."]
    assert sp["Lars Odum"][1] == ["the truce held overnight."]


def test_a_time_phrase_with_for_before_that():
    sp = _by_speaker("Kovac has been saying for weeks that the vote will fail.\n")
    assert sp["Jana Kovac"][1] == ["the vote will fail."]


def test_object_clause_ends_where_a_titled_speaker_takes_over_after_and():
    sp = _by_speaker(
        "The talks come after Prime Minister Anwar Salleh proposed a halt to the fighting on "
        "Friday and US President Mark Dole threatened to sink the tariff talks.\n"
    )
    assert sp["Anwar Salleh"][1] == ["a halt to the fighting on Friday"]
    assert sp["Mark Dole"][1] == ["to sink the tariff talks."]


def test_inverted_role_then_name_after_the_verb_is_the_named_person():
    sp = _by_speaker(
        '"The two sides have agreed to a halt," declared the African Union\'s (AU) High '
        "Representative for the Horn of Africa, former Nigerian President Ade Obalu.\n"
    )
    assert sp["Ade Obalu"][1] == ["The two sides have agreed to a halt,"]
