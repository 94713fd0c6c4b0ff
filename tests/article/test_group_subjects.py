"""Groups and collectives as speakers in body sentences: quantifiers ('Some', 'Others'),
plural collectives ('both countries', 'media reports') and a person who leads a plural
('X and his counterparts'). Constructed sentences, one pattern per test."""

from __future__ import annotations

from tests.article.extracted import kinds_and_statements as _by_speaker


def test_a_quantifier_with_an_aside_is_a_group_speaker():
    sp = _by_speaker(
        "Analyst Tomas Vell said the summit had been a success.\n\n"
        "Some, however, have argued that a full settlement is now out of reach.\n"
    )
    assert sp["Some"] == ("group", ["a full settlement is now out of reach."])


def test_a_quantifier_of_a_group_is_named_as_written():
    sp = _by_speaker(
        "Some among the families voiced fear that the minister could once more give in to "
        "his partners.\n"
    )
    assert sp["Some among the families"][0] == "group"
    assert sp["Some among the families"][1] == [
        "the minister could once more give in to his partners."
    ]


def test_plural_collectives_are_group_speakers():
    sp = _by_speaker(
        "Others have welcomed the plan, even as both countries have lately claimed that they "
        "are ready to talk.\n\n"
        "Meanwhile, reports suggest that the opposition leader is weighing a return to the "
        "coalition.\n"
    )
    assert sp["both countries"] == ("group", ["they are ready to talk."])
    assert sp["reports"] == (
        "group",
        ["the opposition leader is weighing a return to the coalition."],
    )


def test_the_country_alone_is_no_speaker():
    sp = _by_speaker("Officials in the country said that the border would stay closed.\n")
    assert "the country" not in sp and "country" not in sp


def test_a_named_person_leads_his_counterparts():
    sp = _by_speaker(
        "President Karl Vandt met European leaders on Monday. Vandt and his counterparts "
        "contend that a durable peace is impossible without the country taking part.\n"
    )
    assert sp["Karl Vandt"][1] == ["a durable peace is impossible without the country taking part."]
    assert "counterparts" not in sp


def test_they_is_the_plural_group_in_focus():
    sp = _by_speaker(
        "New lawmakers argue that talks with the neighbour are unwise.\n\n"
        "They restated the parliament’s opposition to any talks with the capital.\n"
    )
    assert sp["New lawmakers"][1] == [
        "talks with the neighbour are unwise.",
        "the parliament’s opposition to any talks with the capital.",
    ]


def test_they_is_a_plural_subject_named_in_the_sentence_before():
    sp = _by_speaker(
        "The leaders of the two states agreed on that meeting during talks in Varne. "
        "They said the ministers will concentrate on a peace treaty.\n"
    )
    assert sp["The leaders"] == ("group", ["the ministers will concentrate on a peace treaty."])


def test_they_with_no_plural_group_in_focus_is_no_speaker():
    sp = _by_speaker("President Karl Vandt met the envoy. They said the talks were useful.\n")
    assert sp == {}


def test_a_condition_is_no_statement():
    sp = _by_speaker(
        "Regional powers have put off any aid until Varne confirms that the war is over.\n"
    )
    assert "Varne" not in sp


def test_a_stance_noun_before_that_leaves_the_clause():
    sp = _by_speaker(
        "Tomas Vell, an analyst, voiced fear that the truce could collapse within days.\n"
    )
    assert sp["Tomas Vell"][1] == ["the truce could collapse within days."]
