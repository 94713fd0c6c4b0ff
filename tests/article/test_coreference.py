"""Who a pronoun, a title or a description refers to; groups named as written."""

from __future__ import annotations

from serving.article.coreference import place_key, place_keys, rank_words
from tests.article.extracted import kinds_and_statements as _by_speaker


def test_place_keys_join_demonyms_and_their_countries():
    assert place_key("Russian") == place_key("Russia") == "russia"
    assert place_key("U.S.") == place_key("American") == "us"
    assert place_key("Federal") is None and place_key("Deputy") is None
    assert place_keys("President Tom Hale of the United States") == {"us"}
    assert rank_words(["Vice", "President"]) == {"vice"}


def test_pronoun_goes_to_the_previous_sentence_subject_not_its_object():
    sp = _by_speaker(
        "President Karl Vandt sent a friendly letter to Prime Minister Ilse Marrek on Monday.\n\n"
        "“We will meet again very soon, and the talks will go on,” he said.\n"
    )
    assert sp["Karl Vandt"][1] == ["We will meet again very soon, and the talks will go on,"]
    assert "Ilse Marrek" not in sp


def test_a_description_with_a_country_fits_only_a_person_of_that_country():
    sp = _by_speaker(
        "The talks between President Oleg Marin of Russia and President Tom Hale of the United "
        "States lasted three hours.\n\n"
        "Marin told reporters that the two sides had concentrated on the border. "
        "The Russian leader also urged a return to cooperation. "
        "The US leader, for his part, said that the sides had not agreed on every issue.\n"
    )
    assert sp["Tom Hale"][1] == ["the sides had not agreed on every issue."]


def test_the_president_is_not_the_vice_president():
    sp = _by_speaker(
        "President Ana Ruiz announced that she would attend the closing of the talks.\n\n"
        "At the last round, Vice President Luis Mora was present in the capital.\n\n"
        "The President himself has confirmed that the trip is still on.\n"
    )
    assert "the trip is still on." in sp["Ana Ruiz"][1]
    assert "Luis Mora" not in sp


def test_titles_and_ministry_words_are_never_names():
    sp = _by_speaker(
        "In late August, Russian Minister of Foreign Affairs Pavel Orlov spoke in the capital. "
        "The politician said that the talks with the other side were exhausting.\n"
    )
    assert sp["Pavel Orlov"][1] == ["the talks with the other side were exhausting."]
    assert not any("Minister" in name for name in sp)


def test_two_capitals_joined_by_and_speak_as_one_group():
    sp = _by_speaker("Oslo and Bern earlier welcomed the talks between the two delegations.\n")
    assert sp["Oslo and Bern"] == ("group", ["the talks between the two delegations."])


def test_his_office_is_a_group_named_as_written():
    sp = _by_speaker(
        "Foreign Minister Tomas Vell pulled out of the meeting in protest at what his office "
        "described as hostile remarks by a senior diplomat.\n"
    )
    assert sp["his office"][0] == "group"


def test_speaker_after_the_verb_with_a_setting_after_the_name():
    sp = _by_speaker(
        "“What I see is that they pay attention only to facts on the ground,” said Foreign "
        "Minister Karl Vandt about the call.\n"
    )
    assert list(sp) == ["Karl Vandt"]


def test_particles_stay_in_a_name_and_she_goes_to_her():
    sp = _by_speaker(
        "Earlier, the envoy met President Tomas Vell in the capital.\n\n"
        "Commission President Anna von der Berg was quick to wave it away. “Appeasing them will "
        "not stop them,” she said on Friday.\n"
    )
    assert sp["Anna von der Berg"][1] == ["Appeasing them will not stop them,"]


def test_a_full_name_stays_a_person_after_with_made_its_surname_look_like_a_place():
    sp = _by_speaker(
        "The president spoke by phone with Orvat on Sunday.\n\n"
        "Danilo Orvat later said that he would discuss the details of a settlement next week.\n"
    )
    assert sp["Danilo Orvat"][1] == ["he would discuss the details of a settlement next week."]


def test_a_role_makes_a_person_of_a_name_seen_after_with():
    sp = _by_speaker(
        "Lebanese leaders met with Barrow on Monday.\n\n"
        "“I'm incredibly pleased with the reply,” Barrow, the special envoy to the region, told a "
        "press conference after meeting President Joseph Adler.\n\n"
        "“It's careful, it's well thought through,” he said.\n"
    )
    assert sp["Barrow"][1] == [
        "I'm incredibly pleased with the reply,",
        "It's careful, it's well thought through,",
    ]
    assert "Joseph Adler" not in sp


def test_a_description_opening_a_sentence_keeps_its_person_in_focus():
    sp = _by_speaker(
        "Deputy Foreign Minister Luis Mora told reporters that his government was ready to talk.\n\n"
        "The deputy foreign minister spoke days after President Tom Hale said his administration "
        "was starting talks.\n\n"
        "“We are not yet talking about negotiations,” he said.\n"
    )
    assert "We are not yet talking about negotiations," in sp["Luis Mora"][1]


def test_an_anonymous_spokesperson_named_again_by_the_head_noun():
    sp = _by_speaker(
        "“We have to act as one,” said Foreign Minister Karl Vandt.\n\n"
        "According to a government spokesperson, the chancellor had told the allies in advance. "
        "“The chancellor pressed them to negotiate,” the spokesperson said in a statement.\n"
    )
    assert sp["a government spokesperson"][1][-1] == "The chancellor pressed them to negotiate,"


def test_a_surname_named_in_full_inside_a_reported_clause_is_a_person():
    # the full name stands only inside another speaker's statement, and 'talks with Vandt'
    # made the lone surname look like a place
    sp = _by_speaker(
        "Lawmaker Ilse Marrek criticised Foreign Minister Karl Vandt’s short meeting with the "
        "envoy, asking why direct talks took place.\n\n"
        "The envoy had held talks with Vandt before.\n\n"
        "Vandt had said that the short meeting was within the normal diplomatic framework.\n"
    )
    assert sp["Vandt"][1] == ["the short meeting was within the normal diplomatic framework."]


def test_a_surname_named_in_full_only_in_a_caption_is_a_person():
    sp = _by_speaker(
        "Vandt told relatives of the detainees that a full exchange was not possible yet.\n\n"
        "The issue came up during talks on Vandt’s visit.\n\n"
        "Prime Minister Karl Vandt with the families of detainees\n"
    )
    assert sp["Karl Vandt"][1] == ["a full exchange was not possible yet."]


def test_a_korean_name_ending_in_un_is_a_name_and_its_family_name_a_person():
    sp = _by_speaker(
        "Vandt on Kim Jong Un: a good man\n\n"
        "Vandt and Kim each invited the other to visit. "
        "Kim said it would be a great honour if Vandt came to the capital.\n\n"
        "Experts asked whether Vandt was lending legitimacy to Kim.\n"
    )
    assert sp["Kim"][1] == ["it would be a great honour if Vandt came to the capital."]
