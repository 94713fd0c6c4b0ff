"""The rule-based extractor on small constructed articles: one behaviour per test."""

from __future__ import annotations

from serving.article.extract import extract
from tests.article.extracted import typed_statements as _by_speaker


def test_straight_quote_with_inverted_attribution_and_role():
    text = (
        'Talks resumed on Monday.\n\n"We should have done this a year ago," said Maria Sousa, '
        "a senior fellow at the Lisbon Policy Forum.\n"
    )
    ext = extract(text)
    assert [sp.name for sp in ext.speakers] == ["Maria Sousa"]
    sp = ext.speakers[0]
    assert sp.role == "a senior fellow at the Lisbon Policy Forum"
    st = sp.statements[0]
    assert st.kind == "direct"
    assert text[st.start : st.end] == "We should have done this a year ago,"


def test_curly_quote_split_by_attribution_is_one_statement_with_two_parts():
    text = "“We will not slam the door,” Strand said, “because somebody has to talk tomorrow.”\n"
    ext = extract(text)
    (st,) = ext.statements
    assert len(st.parts) == 2
    assert st.text == "We will not slam the door, because somebody has to talk tomorrow."
    assert ext.speakers[0].name == "Strand"


def test_quote_continued_in_next_sentence_after_attribution():
    text = (
        '"This is the moment you need the line," said Tomas Vell. "The collision was handled by '
        'phone. Next time there may be no phone."\n'
    )
    (st,) = extract(text).statements
    assert st.text.endswith("Next time there may be no phone.")
    assert len(st.parts) == 2


def test_multi_sentence_and_multi_paragraph_quote():
    text = (
        "Jonas Wiik teaches at the university.\n\n"
        "“Every government has treated contact as a reward,” Wiik said. “You behave, you get a "
        "meeting. You misbehave, it is cancelled.\n\n"
        "“But a channel is something you keep because you do not trust them.”\n"
    )
    sp = _by_speaker(text)
    assert list(sp) == ["Jonas Wiik"]
    kinds_texts = sp["Jonas Wiik"]
    assert len(kinds_texts) == 2
    assert kinds_texts[1] == (
        "direct",
        "But a channel is something you keep because you do not trust them.",
    )


def test_reported_speech_patterns():
    text = (
        "Defence Minister Ilse Marrek told reporters on Thursday that the line would stay closed.\n\n"
        "According to Hanna Oskari, the hotline was used 23 times.\n\n"
        "The talks were never popular at home, according to Petra Lind.\n\n"
        "Viktor Halden warned that talking now would reward bad behaviour.\n\n"
        "Kastrav's foreign ministry called the decision reckless and said it remained ready to talk.\n"
    )
    sp = _by_speaker(text)
    assert sp["Ilse Marrek"] == [("reported", "the line would stay closed.")]
    assert sp["Hanna Oskari"] == [("reported", "the hotline was used 23 times.")]
    assert sp["Petra Lind"] == [("reported", "The talks were never popular at home")]
    assert sp["Viktor Halden"] == [("reported", "talking now would reward bad behaviour.")]
    assert sp["Kastrav's foreign ministry"] == [("reported", "it remained ready to talk.")]
    roles = {s.name: s.role for s in extract(text).speakers}
    assert roles["Ilse Marrek"] == "Defence Minister"


def test_pronouns_carry_to_the_right_person():
    text = (
        "Anna Berg, a former envoy, said the talks were useful. Peter Holm disagreed.\n\n"
        "“There is nothing to discuss with them,” he said.\n\n"
        "“We should keep every channel open,” she added.\n"
    )
    sp = _by_speaker(text)
    assert sp["Peter Holm"] == [("direct", "There is nothing to discuss with them,")]
    assert ("direct", "We should keep every channel open,") in sp["Anna Berg"]


def test_unattributed_quote_goes_to_the_person_in_focus():
    text = (
        "Rafael Ortun spent 31 years as a diplomat. He said the ministry never asked him.\n\n"
        "Ortun is unconvinced. “Trust is not a precondition for talking. It is the product of it.”\n"
    )
    sp = _by_speaker(text)
    assert ("direct", "Trust is not a precondition for talking. It is the product of it.") in sp[
        "Rafael Ortun"
    ]


def test_full_name_and_surname_and_title_are_one_speaker():
    text = (
        "Dr. Ruth Sagal, a senior researcher, told the radio that a summit would be a mistake.\n\n"
        "“It hands them a victory for free,” Sagal said.\n\n"
        "Ms Sagal added that a freeze should come first.\n"
    )
    ext = extract(text)
    assert [sp.name for sp in ext.speakers] == ["Ruth Sagal"]
    assert len(ext.speakers[0].statements) == 3


def test_scare_quotes_headlines_and_author_opinions_are_not_statements():
    text = (
        "Minister says talks are “dead”\n\n"
        "The so-called “reset” has failed, and the government knows it. We should talk anyway.\n"
    )
    assert extract(text).statements == []


def test_offsets_point_into_the_article():
    text = "Intro.\n\n“Keep the hotline,” said Ann Lee. Bo Kim said that talks were futile.\n"
    for st in extract(text).statements:
        for s, e in st.parts:
            assert text[s:e] in st.text
    assert {sp.name for sp in extract(text).speakers} == {"Ann Lee", "Bo Kim"}


def test_guillemets_and_description_anaphora():
    text = (
        "The deputy minister of foreign affairs, Pavel Dorn, gave an interview.\n\n"
        "«The door is not closed, but we will not knock,» Pavel Dorn stressed.\n\n"
        "According to the deputy minister, the incident was provoked.\n"
    )
    sp = _by_speaker(text)
    assert list(sp) == ["Pavel Dorn"]
    assert sp["Pavel Dorn"][1] == ("reported", "the incident was provoked.")
