"""Reported speech and paraphrased positions in body sentences of real news: constructed
sentences (none copied from an article), one pattern per test."""

from __future__ import annotations

from tests.article.extracted import statements as _by_speaker


def test_participle_continues_the_sentence_subject_without_a_main_statement():
    sp = _by_speaker(
        "Oskar Lind has declined to join the talks, stating that a deal is only possible once "
        "the sanctions are lifted.\n"
    )
    # 'declined to join the talks' is a refusal, a position of its own (as the real-news
    # annotation counts 'has refused to meet X')
    assert sp["Oskar Lind"] == [
        "the talks",
        "a deal is only possible once the sanctions are lifted.",
    ]


def test_fronted_statement_with_a_role_before_the_name_and_a_setting_after_the_verb():
    sp = _by_speaker(
        "The talks in Varne could still go ahead next week, Kremlin spokesperson Dmitri Osk "
        "has said.\n\n"
        "The two sides discussed the need to keep the channel open, the ministry's spokesman "
        "Ned Alvo said in a statement late on Sunday.\n"
    )
    assert sp["Dmitri Osk"] == ["The talks in Varne could still go ahead next week"]
    assert sp["Ned Alvo"] == ["The two sides discussed the need to keep the channel open"]


def test_a_second_speaker_after_a_conjunction_ends_the_clause():
    sp = _by_speaker(
        "Senator Mira Kell has warned that the blockade will go on until the militia disarms, "
        "while the movement's leader Tarek Venn said Sunday his group would not give in.\n"
    )
    assert sp["Mira Kell"] == ["the blockade will go on until the militia disarms"]
    assert sp["Tarek Venn"] == ["his group would not give in."]  # "Sunday": when, not what


def test_a_quoted_label_is_a_position_and_a_coordinated_verb_starts_another():
    sp = _by_speaker(
        "Ilse Marrek called Varne a “failed state” and said that the talks were over for now.\n"
    )
    assert sp["Ilse Marrek"] == ["Varne a “failed state”", "the talks were over for now."]


def test_the_narrators_aside_after_a_position_is_not_part_of_it():
    sp = _by_speaker(
        "Karl Vandt described the meeting as a “personal victory” for Osk, who had been "
        "shunned by the West for years.\n\n"
        "Mira Kell accused the council of “collusion” with the rebels, but the meeting "
        "yielded an agreement on prisoners.\n"
    )
    assert sp["Karl Vandt"] == ["the meeting as a “personal victory” for Osk"]
    assert sp["Mira Kell"] == ["the council of “collusion” with the rebels"]


def test_thanking_and_inviting_carry_a_position():
    sp = _by_speaker(
        "Petr Voss thanked the Gulf states for their work to bring Varne back into the fold.\n\n"
        "Anna Rusk invited the envoy to come to the capital before the summit.\n"
    )
    assert sp["Petr Voss"] == ["the Gulf states for their work to bring Varne back into the fold."]
    assert sp["Anna Rusk"] == ["the envoy to come to the capital before the summit."]


def test_a_relative_clause_that_ends_the_sentence_is_the_narrators():
    sp = _by_speaker(
        "Karl Vandt said his country is holding back from new tests, which some experts read "
        "as a peace gesture.\n"
    )
    assert sp["Karl Vandt"] == ["his country is holding back from new tests"]


def test_a_time_phrase_between_subject_and_verb():
    sp = _by_speaker(
        "Senator Mira Kell on Friday accused the council of using the talks to stall the vote, "
        "amid friction over a letter.\n"
    )
    assert sp["Mira Kell"] == ["the council of using the talks to stall the vote"]


def test_progressive_position_verb():
    sp = _by_speaker(
        "Opposition lawmakers are lining up against the plan to open embassies in both capitals.\n"
    )
    assert sp["Opposition lawmakers"] == ["the plan to open embassies in both capitals."]


def test_noun_reports_claim_remarks_by_and_quoted_as_saying():
    sp = _by_speaker(
        "His answer was a reply to MP Oskar Lind’s claim that lawmakers had been told nothing.\n\n"
        "Asked about remarks by Petr Voss, adviser to the premier, that Varne might allow the "
        "visit, the spokesman declined to comment.\n\n"
        "The agency quoted Anna Rusk, the special envoy, as saying that the prisoner swap was "
        "a good step toward trust.\n"
    )
    assert sp["Oskar Lind"] == ["lawmakers had been told nothing."]
    assert sp["Petr Voss"] == ["Varne might allow the visit"]
    assert sp["Anna Rusk"] == ["the prisoner swap was a good step toward trust."]


def test_told_with_a_relative_clause_and_that_followed_by_a_comma():
    sp = _by_speaker(
        "Karl Vandt told relatives of the captives, who had come to the capital to press him, "
        "that a full agreement was not possible yet.\n\n"
        "Ilse Marrek insisted that, in the premier's view, a meeting is no concession.\n"
    )
    assert sp["Karl Vandt"] == ["a full agreement was not possible yet."]
    assert sp["Ilse Marrek"] == ["in the premier's view, a meeting is no concession."]


def test_asked_reports_a_position_only_with_an_infinitive():
    sp = _by_speaker(
        "Last month, Tomas Vell asked the coastal states to halt the fuel shipments at once.\n\n"
        "Anna Rusk asked about the timing of the vote at the meeting in the capital.\n"
    )
    assert sp["Tomas Vell"] == ["the coastal states to halt the fuel shipments at once."]
    assert "Anna Rusk" not in sp


def test_a_coordinated_verb_of_saying_keeps_the_speaker_and_a_dash_aside_is_cut():
    sp = _by_speaker(
        "When the order was signed, Karl Vandt called Varne a “failed state” and said that "
        "the regime would not survive the winter.\n\n"
        "Ilse Marrek insisted that any talks must follow a 30-day truce – a demand that the "
        "other side has rejected.\n"
    )
    assert sp["Karl Vandt"] == [
        "Varne a “failed state”",
        "the regime would not survive the winter.",
    ]
    assert sp["Ilse Marrek"] == ["any talks must follow a 30-day truce"]


def test_fronted_statement_before_told():
    sp = _by_speaker(
        "Karl Vandt met the families on Monday. The truce is only the first step, he told the "
        "families.\n"
    )
    assert sp["Karl Vandt"] == ["The truce is only the first step"]
