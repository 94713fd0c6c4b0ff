"""Coreference across an article: short made-up articles, one per pattern the discourse matrix
(``test_discourse_matrix.py``) made work."""

from __future__ import annotations

from serving.article.extract import extract


def _by_speaker(text: str) -> dict[str, list[str]]:
    ext = extract(text)
    out: dict[str, list[str]] = {}
    for s in ext.statements:
        out.setdefault(ext.speakers[s.speaker].name, []).append(s.text)
    return out


def test_short_form_in_brackets_then_alone_and_an_epithet():
    got = _by_speaker(
        "Syria talks\n\nThe Organisation for the Prohibition of Chemical Weapons (OPCW) said "
        "on Friday that inspectors were ready.\n\nThe OPCW said access must stay open.\n\n"
        "The chemical weapons watchdog said stocks were hidden.\n"
    )
    name = "The Organisation for the Prohibition of Chemical Weapons"
    assert list(got) == [name] and len(got[name]) == 3, got


def test_headline_acronym_spelt_out_in_the_body():
    got = _by_speaker(
        "WFP: 'Convoys are ready to leave'\n\n"
        "The World Food Programme (WFP) said on Friday that the corridor must stay open.\n"
    )
    assert list(got) == ["The World Food Programme"] and len(got[list(got)[0]]) == 2, got


def test_anonymous_official_named_later_is_one_person():
    got = _by_speaker(
        "Truce talks\n\nA senior EU diplomat said on Friday that the truce was holding.\n\n"
        "The diplomat, Anna Weber, said monitors would arrive soon.\n"
    )
    assert list(got) == ["Anna Weber"] and len(got["Anna Weber"]) == 2, got


def test_two_persons_with_one_surname_stay_two():
    got = _by_speaker(
        "Truce talks\n\nPresident Ahmed Saleh said on Friday that the truce was holding.\n\n"
        "His rival Yusuf Saleh said the truce was a sham.\n\n"
        "Ahmed Saleh said monitors would arrive soon.\n"
    )
    assert sorted(got) == ["Ahmed Saleh", "Yusuf Saleh"], got
    assert len(got["Ahmed Saleh"]) == 2


def test_spelling_variants_of_a_given_name_stay_one():
    got = _by_speaker(
        "Arms talks\n\nSergei Markov said on Friday that the treaty could be saved.\n\n"
        "Sergey Markov said inspections must resume.\n"
    )
    assert len(got) == 1, got


def test_the_former_and_the_latter():
    got = _by_speaker(
        "Truce talks\n\nPresident Ahmed Saleh met envoy Lena Berg in Aden on Friday.\n\n"
        "The former said the truce was holding. The latter said monitors would arrive soon.\n"
    )
    assert got == {
        "Ahmed Saleh": ["the truce was holding."],
        "Lena Berg": ["monitors would arrive soon."],
    }, got


def test_age_apposition_and_the_n_year_old():
    got = _by_speaker(
        "Truce talks\n\nAhmed Saleh, 71, a former army chief, said on Friday that the truce "
        "was holding.\n\nThe talks resumed in Aden.\n\nThe 71-year-old said monitors would "
        "arrive soon.\n"
    )
    assert list(got) == ["Ahmed Saleh"] and len(got["Ahmed Saleh"]) == 2, got


def test_joint_of_two_persons_named_without_titles_and_both_leaders():
    got = _by_speaker(
        "Coalition row\n\nDefence Minister Ruth Amir and Justice Minister Eli Tal said on "
        "Friday that the truce was a mistake.\n\nAmir and Tal reject the deal\n\n"
        "Both ministers said the cabinet must vote again.\n\nTal said he would resign.\n"
    )
    assert "Ruth Amir and Eli Tal" in got and len(got["Ruth Amir and Eli Tal"]) == 2, got
    assert "Tal" in got and len(got) == 2, got


def test_plural_headline_verb_after_a_joint():
    got = _by_speaker(
        "Amir and Tal reject truce with the militia\n\n"
        "Defence Minister Ruth Amir and Justice Minister Eli Tal said on Friday that the cabinet "
        "must vote again.\n"
    )
    assert any("truce with the militia" in t for t in got.get("Ruth Amir and Eli Tal", [])), got


def test_plural_headline_verb_needs_a_joint_subject():
    got = _by_speaker("Officials reject truce with the militia\n\nThe talks resumed in Aden.\n")
    assert got == {}, got


def test_dateline_with_wire_is_no_part_of_a_group_name():
    got = _by_speaker(
        "Truce talks\n\nADEN, May 2 (Reuters) - The Saudi Foreign Ministry said on Friday that "
        "the truce was holding.\n"
    )
    assert list(got) == ["The Saudi Foreign Ministry"], got


def test_premier_after_prime_minister_out_of_focus():
    got = _by_speaker(
        "Truce talks\n\nYemeni Prime Minister Salem Aziz said on Friday that the truce was "
        "holding.\n\nEnvoy Lena Berg arrived in Aden.\n\nThe talks went on late.\n\n"
        "The Yemeni premier said monitors would arrive soon.\n"
    )
    assert list(got) == ["Salem Aziz"] and len(got["Salem Aziz"]) == 2, got


def test_according_to_a_group_with_a_relative_clause():
    got = _by_speaker(
        "Truce talks\n\nAccording to analysts who spoke to the paper, the truce was fragile.\n"
    )
    assert list(got) == ["analysts"], got


def test_possessed_proposal_and_offer():
    got = _by_speaker(
        "Truce talks\n\nEnvoy Lena Berg arrived in Aden on Friday.\n\n"
        "Berg's proposal of Muscat as a venue was rejected. Berg's offer of direct talks with the rebels "
        "came late. Berg's proposal to extend the truce drew praise.\n"
    )
    texts = got.get("Lena Berg", [])
    assert any("Muscat as a venue" in t for t in texts), got
    assert any("direct talks with the rebels" in t for t in texts), got
    assert any("extend the truce" in t for t in texts), got


def test_proposal_to_a_body_is_no_position():
    got = _by_speaker(
        "Truce talks\n\nEnvoy Lena Berg arrived in Aden on Friday.\n\n"
        "Berg's proposal to the council was published on Friday.\n"
    )
    assert got == {}, got
