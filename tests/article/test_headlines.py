"""Headlines, straps, leads and the quotes around them: constructed sentences, one per test."""

from __future__ import annotations

from serving.article.extract import extract
from tests.article.extracted import kinds_and_statements as _by_speaker


def test_a_surname_after_a_preposition_is_still_a_person_when_written_as_one():
    # 'with Varga' / "Kessler's visit" look like places; 'Anton Kessler', 'Varga himself'
    # and 'Dorn, the regional envoy,' say they are people
    sp = _by_speaker(
        "The ministers met with Varga and with Dorn on Monday, after Kessler's visit.\n\n"
        "Kessler said the talks would resume in the spring.\n\n"
        '"The mission goes on," Varga himself announced.\n\n'
        '"We are pleased with the reply," Dorn, the regional envoy, told reporters.\n\n'
        "Anton Kessler left before noon.\n"
    )
    assert sp["Anton Kessler"][1] == ["the talks would resume in the spring."]
    assert sp["Varga"][1] == ["The mission goes on,"]
    assert sp["Dorn"][1] == ["We are pleased with the reply,"]


def test_headline_role_without_article_is_the_person_the_body_gives_that_role():
    sp = _by_speaker(
        "UN harbour envoy says talks could still go either way\n\n"
        "Dorit Vamm, the UN envoy for the harbour, said on Monday that the talks would go on.\n"
    )
    assert sp["Dorit Vamm"][1] == [
        "talks could still go either way",
        "the talks would go on.",
    ]


def test_headline_role_before_a_colon_is_the_lede_speaker():
    sp = _by_speaker(
        "Varnish parliament speaker: lawmakers were told of every step\n\n"
        '"Nobody was left in the dark," Ilmar Koss said on Sunday.\n'
    )
    assert sp["Ilmar Koss"][1] == [
        "lawmakers were told of every step",
        "Nobody was left in the dark,",
    ]


def test_headline_speaker_on_a_topic_before_a_colon():
    sp = _by_speaker(
        "Marrek on the harbour talks: “We are closer than ever before”\n\n"
        "Defence Minister Ilse Marrek said the talks had gone well.\n"
    )
    assert sp["Ilse Marrek"][1][0] == "We are closer than ever before"


def test_title_case_headline_verb():
    sp = _by_speaker(
        "WATCH: Marrek Slams Harbour Plan; Calls It a 'Gift to the Smugglers'\n\n"
        "Defence Minister Ilse Marrek said the plan would fail.\n"
    )
    assert sp["Ilse Marrek"][1][0] == "Harbour Plan; Calls It a 'Gift to the Smugglers'"


def test_dateline_lead_with_the_setting_after_the_verb():
    sp = _by_speaker(
        "VARNE, March 3. /VNA/. The harbour talks were highly productive, Foreign Minister "
        "Ilse Marrek said in remarks to a radio journalist, who published them on his channel.\n"
    )
    assert sp["Ilse Marrek"][1] == ["The harbour talks were highly productive"]


def test_lead_statement_with_a_role_before_the_name_and_a_perfect_verb():
    sp = _by_speaker(
        "Direct talks could still go ahead this week, and the port is getting ready in case they "
        "do, harbour spokesperson Tomas Vell has said.\n"
    )
    assert sp["Tomas Vell"][1] == [
        "Direct talks could still go ahead this week, and the port is getting ready in case they do"
    ]


def test_statement_then_this_was_stated_by():
    sp = _by_speaker(
        "Varne is not prepared to extend the treaty on the terms set by Ostria. This was stated "
        "by Deputy Foreign Minister Pavel Ostrin.\n"
    )
    assert sp["Pavel Ostrin"][1] == [
        "Varne is not prepared to extend the treaty on the terms set by Ostria."
    ]


def test_according_to_a_statement_then_a_quote_is_a_direct_quote():
    ext = extract(
        "According to a statement from Marrek's office, \"The minister thanked the envoys "
        'for their work."\n'
    )
    [st] = ext.statements
    assert st.kind == "direct"
    assert ext.speakers[st.speaker].name == "Marrek's office"


def test_quote_after_adding_belongs_to_the_fronted_speaker():
    sp = _by_speaker(
        "Defence Minister Ilse Marrek met the families on Monday.\n\n"
        "That is the aim of the talks, she told the families, adding, “You have to be patient.”\n"
    )
    assert sp["Ilse Marrek"][1] == ["That is the aim of the talks", "You have to be patient."]


def test_a_quote_on_its_own_line_is_a_statement_of_its_own():
    sp = _by_speaker(
        "“There may be more calls now. Just a lot of words,” Tomas Vell said in his address.\n"
        "“And this is just what the council has wanted for a long time.”\n"
    )
    assert sp["Tomas Vell"][1] == [
        "There may be more calls now. Just a lot of words,",
        "And this is just what the council has wanted for a long time.",
    ]


def test_a_quote_that_runs_on_past_a_stray_inner_mark():
    sp = _by_speaker(
        'Minister Ilse Marrek spoke in Varne. According to her, "The council was slow to '
        'act." We insist that the army move into the areas the other side leaves."\n'
    )
    assert sp["Ilse Marrek"][1] == [
        'The council was slow to act." We insist that the army move into the areas the other '
        "side leaves."
    ]


def test_headline_quote_then_a_possessor_s_position():
    sp = _by_speaker(
        "'No talks without the islands': Varne's position after the vote closes the door\n\n"
        "Varne's foreign ministry said there would be no talks.\n"
    )
    assert sp["Varne"][1] == ["'No talks without the islands'"]


def test_a_strap_s_role_is_the_lede_speaker_not_the_headline_s():
    sp = _by_speaker(
        "Marrek: the harbour stays closed\n\n"
        "Varnish parliament speaker: lawmakers were told of every step\n\n"
        '"Nobody was left in the dark," Ilmar Koss said on Sunday.\n\n'
        "Defence Minister Ilse Marrek said the harbour would stay shut.\n"
    )
    assert sp["Ilmar Koss"][1][0] == "lawmakers were told of every step"
