"""Patterns of real news that the extractor handles: constructed sentences, one per test."""

from __future__ import annotations

from tests.article.extracted import kinds_and_statements as _by_speaker


def test_country_and_capital_speak_as_groups_never_persons():
    sp = _by_speaker(
        "Oslo said it would send a delegation to the summit in the spring.\n\n"
        "Even as Portugal said it was ready to mediate, the envoy Tomas Vell stayed home.\n"
    )
    assert sp["Oslo"] == ("group", ["it would send a delegation to the summit in the spring."])
    assert sp["Portugal"][0] == "group"


def test_object_reporting_verbs_carry_a_position():
    sp = _by_speaker(
        "Senator Mira Kell accused the council of stalling the ceasefire talks for months.\n\n"
        "Envoy Pavel Ostrin urged both delegations to return to the table next week.\n\n"
        "Nadia Ferro vowed to keep the channel open whatever the vote decides.\n"
    )
    assert sp["Mira Kell"][1] == ["the council of stalling the ceasefire talks for months."]
    assert sp["Pavel Ostrin"][1] == ["both delegations to return to the table next week."]
    assert sp["Nadia Ferro"][1] == ["to keep the channel open whatever the vote decides."]


def test_object_verb_stops_before_a_coordinated_verb_of_saying():
    sp = _by_speaker(
        "Minister Lena Haas called the meeting a real step forward and said talks would resume.\n"
    )
    assert sp["Lena Haas"][1] == ["the meeting a real step forward", "talks would resume."]


def test_weekday_between_verb_and_that():
    sp = _by_speaker("Ilse Marrek said Wednesday that the border would stay closed.\n")
    assert sp["Ilse Marrek"][1] == ["the border would stay closed."]


def test_names_lose_a_sentence_full_stop_and_titles_are_not_names():
    sp = _by_speaker(
        "The talks were praised by Peace Commissioner Danilo Orvat.\n\n"
        "The plan was backed by Orvat, said Karl Vandt.\n\n"
        "Analysts said the plan would not survive the winter in its present form.\n"
    )
    assert "Karl Vandt" in sp
    assert not any(name.endswith(".") for name in sp)
    assert sp["Analysts"][0] == "group"


def test_headline_speaker_before_a_colon():
    sp = _by_speaker(
        "Harbour chief Ilse Marrek: talks must go on through the winter\n\n"
        "Marrek said on Monday that the talks would go on.\n"
    )
    assert sp["Ilse Marrek"][1] == ["talks must go on through the winter", "the talks would go on."]


def test_headline_label_in_capitals_is_no_speaker():
    sp = _by_speaker("WATCH: Senator slams the plan for talks\n\nNothing else happened today.\n")
    assert "WATCH" not in sp


def test_quote_after_a_verb_and_a_comma_with_an_introductory_phrase():
    sp = _by_speaker(
        "At the session of the assembly, Ilse Marrek declared, “Nobody can say the assembly "
        "was kept in the dark.”\n"
    )
    assert sp["Ilse Marrek"][1] == ["Nobody can say the assembly was kept in the dark."]


def test_a_name_inside_an_appositive_is_not_the_subject():
    sp = _by_speaker(
        "Ilse Marrek, the deputy of harbour chief Karl Vandt, has ruled out any prospect of "
        "talks with the south.\n"
    )
    assert sp == {"Ilse Marrek": ("person", ["any prospect of talks with the south."])}


def test_that_verb_followed_by_a_pronoun_clause_and_base_forms():
    sp = _by_speaker(
        "Portugal has warned it will keep the border closed until the spring.\n\n"
        "Veteran negotiators argue that a summit without preparation is a gift to hardliners.\n"
    )
    assert sp["Portugal"] == ("group", ["it will keep the border closed until the spring."])
    assert sp["Veteran negotiators"] == (
        "group",
        ["a summit without preparation is a gift to hardliners."],
    )


def test_plural_people_nouns_speak_as_groups():
    sp = _by_speaker(
        "Demonstrators said the summit would do nothing for the people of the valley.\n\n"
        "But both sides have said they would only discuss a local truce for now.\n"
    )
    assert sp["Demonstrators"][0] == "group"
    assert sp["both sides"] == ("group", ["they would only discuss a local truce for now."])


def test_headline_quote_by_surname_is_read_after_the_body():
    sp = _by_speaker(
        "Vandt: “We are getting very near to a deal”\n\n"
        "Envoys met in Geneva, where he and Vandt spoke.\n\n"
        "Karl Vandt said on Monday that the talks would go on.\n"
    )
    assert sp["Karl Vandt"][1] == [
        "We are getting very near to a deal",
        "the talks would go on.",
    ]


def test_reported_clause_ends_where_a_second_speaker_takes_over():
    sp = _by_speaker(
        "Karl Vandt said the talks were useful, Ilse Marrek said they were a waste of time.\n"
    )
    assert sp["Karl Vandt"][1] == ["the talks were useful"]
    assert sp["Ilse Marrek"][1] == ["they were a waste of time."]


def test_family_name_first_resolves_both_ways():
    before = _by_speaker("Xi said the two sides must find a way to get along. Xi Jinping left.\n")
    after = _by_speaker("Park Min-su met the envoy.\n\nLater, Park said the talks were over.\n")
    assert list(before) == ["Xi Jinping"]
    assert after["Park Min-su"][1] == ["the talks were over."]


def test_headline_description_needs_a_matching_role_not_the_last_speaker():
    sp = _by_speaker(
        "The harbour minister: talks with the north must go on\n\n"
        "Ilse Marrek, the harbour minister, said on Monday that the talks would go on.\n\n"
        "Karl Vandt, an analyst, said the talks were a waste of time for everyone.\n"
    )
    assert "talks with the north must go on" in sp["Ilse Marrek"][1]
    assert sp["Karl Vandt"][1] == ["the talks were a waste of time for everyone."]


def test_hyphenated_title_after_an_organisation_is_not_part_of_the_name():
    sp = _by_speaker("But NATO Secretary-General Jens Halvor said there were no signs of peace.\n")
    assert sp == {"Jens Halvor": ("person", ["there were no signs of peace."])}


def test_trailing_setting_is_not_part_of_the_statement():
    sp = _by_speaker(
        "Karl Vandt stressed that the aim is to end the war this year, at a joint news "
        "conference with Ilse Marrek.\n"
    )
    assert sp["Karl Vandt"][1] == ["the aim is to end the war this year"]


def test_country_also_used_as_a_place_still_speaks_as_a_group():
    sp = _by_speaker(
        "Portugal strikes a conciliatory note, Spain says talks not on hold\n\n"
        "Talks with Spain and Portugal resumed in May.\n"
    )
    assert sp == {"Spain": ("group", ["talks not on hold"])}


def test_dateline_in_capitals_is_no_speaker():
    sp = _by_speaker(
        "OSLO — The head of the agency said Wednesday that the jury is still out, but called "
        "the ongoing talks a positive signal for everyone.\n"
    )
    assert "OSLO" not in sp and "Oslo" not in sp


def test_phrasal_and_stance_noun_verbs_of_position():
    sp = _by_speaker(
        "Norway kept up its objection to a transit deal with the northern league.\n\n"
        "Envoy Pavel Ostrin stopped short of endorsing the new border plan.\n\n"
        "The Valdan cabinet has softened its stance on direct talks with the exiles.\n\n"
        "Lisbon refused to rule out fresh sanctions if the talks fail.\n"
    )
    assert sp["Norway"] == ("group", ["a transit deal with the northern league."])
    assert sp["Pavel Ostrin"][1] == ["endorsing the new border plan."]
    assert sp["The Valdan cabinet"][1] == ["direct talks with the exiles."]
    assert sp["Lisbon"][1] == ["fresh sanctions if the talks fail."]


def test_eagerness_and_among_the_few_before_a_verb_of_position():
    sp = _by_speaker(
        "Denmark was quick to welcome the proposal for a joint patrol.\n\n"
        "Chile was among the few members that opposed the fishing quota plan.\n"
    )
    assert sp["Denmark"][1] == ["the proposal for a joint patrol."]
    assert sp["Chile"][1] == ["the fishing quota plan."]


def test_two_role_noun_groups_joined_by_and_speak_as_one():
    sp = _by_speaker("Veteran diplomats and analysts cautioned against rushing into a deal.\n")
    assert sp == {"Veteran diplomats and analysts": ("group", ["rushing into a deal."])}


def test_no_speaker_for_a_common_noun_or_a_background_as_clause():
    assert _by_speaker("Prices threw cold water on hopes of a quick recovery.\n") == {}
    sp = _by_speaker("The envoys met in Oslo, as monitors pushed for an end to the standoff.\n")
    assert sp == {}
    sp = _by_speaker("Gulf states also said that the shipping lane would reopen in May.\n")
    assert list(sp) == ["Gulf states"]


def test_religious_and_military_titles_are_no_part_of_the_name():
    sp = _by_speaker(
        "Cardinal Lucio Ferrante said that the talks would resume in May.\n\n"
        "The cardinal said the truce must hold.\n\n"
        '"We will talk," said Adm. Grant Holm, who arrived on Monday.\n'
    )
    assert sp["Lucio Ferrante"][1] == ["the talks would resume in May.", "the truce must hold."]
    assert list(sp) == ["Lucio Ferrante", "Grant Holm"]


def test_later_mentions_by_given_name_first_surname_and_before_a_suffix():
    sp = _by_speaker(
        "The Emir of Qadra, Sheikh Faris Al-Mansour, said that the port would reopen.\n\n"
        "Sheikh Faris said the border must stay open.\n\n"
        "Ramón Ortega Vidal said the vote was fair.\n\n"
        "Ortega said the count would end soon.\n\n"
        "Paul Brandt Jr. said the deal was close.\n\n"
        "Brandt said it would be signed in May.\n"
    )
    assert list(sp) == ["Faris Al-Mansour", "Ramón Ortega Vidal", "Paul Brandt Jr"]
    assert all(len(v[1]) == 2 for v in sp.values())


def test_initials_a_suffix_and_a_long_title_keep_the_name_whole():
    sp = _by_speaker(
        '"We will talk," said J.K. Rowan, who arrived on Monday.\n\n'
        "According to Paul Brandt Jr., the deal was close.\n\n"
        '"The vote was fair," said Ghana\'s Minister of State for Trade Affairs Kofi Mensah.\n'
    )
    assert list(sp) == ["J.K. Rowan", "Paul Brandt Jr", "Kofi Mensah"]


def test_a_person_named_with_a_hyphenated_particle_last_is_named_whole():
    sp = _by_speaker(
        "Sheikh Faris bin Saleh al-Mansour met the envoy on Monday.\n\n"
        "The minister said the port would reopen.\n"
    )
    assert list(sp) == ["Faris bin Saleh al-Mansour"]


def test_it_points_to_a_body_of_several_words_named_just_before():
    sp = _by_speaker(
        "The Northern Unity Front declined to comment on Monday. It said the port would "
        "reopen.\n\n"
        "Although the state broadcasting agency declined to confirm the reports, it said the "
        "border must stay open.\n"
    )
    assert list(sp) == ["The Northern Unity Front", "the state broadcasting agency"]
    assert all(v[0] == "group" and len(v[1]) == 1 for v in sp.values())


def test_a_country_possessive_before_a_plural_name_is_a_group_unless_named_in_full():
    sp = _by_speaker(
        "Sudan's Vesters said the port would reopen.\n\n"
        "The group also said the border must stay open.\n\n"
        "Prime Minister Kaspar Lindqvis met the envoy.\n\n"
        "Sudan's Lindqvis said the vote was fair.\n"
    )
    assert sp["Sudan's Vesters"] == (
        "group",
        ["the port would reopen.", "the border must stay open."],
    )
    assert sp["Kaspar Lindqvis"][0] == "person"
