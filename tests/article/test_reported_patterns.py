"""Reported speech and paraphrased positions in body sentences of real news: constructed
sentences (none copied from an article), one pattern per test."""

from __future__ import annotations

from serving.article.extract import extract


def _by_speaker(text: str) -> dict[str, list[str]]:
    ext = extract(text)
    return {sp.name: [st.text for st in sp.statements] for sp in ext.speakers}


def test_participle_continues_the_sentence_subject_without_a_main_statement():
    sp = _by_speaker(
        "Oskar Lind has declined to join the talks, stating that a deal is only possible once "
        "the sanctions are lifted.\n"
    )
    assert sp["Oskar Lind"] == ["a deal is only possible once the sanctions are lifted."]


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
    assert sp["Tarek Venn"] == ["Sunday his group would not give in."]


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
