"""A verb of saying whose object is a noun of a stance or a judgement, in generated sentences.

'X affirmed the country's openness to talks', 'X admitted the difficulty of the process',
'X underscored the government's resolve to ...': news English reports a position as the
object of a verb of saying ('stress', 'affirm', 'admit', 'underline', 'reiterate') when that
object is a stance noun ('openness', 'resolve', 'commitment', 'difficulty', 'wish') with its
owner and complement. Every cell is a made-up sentence: subject x verb x object.
"""

from __future__ import annotations

import pytest

from serving.article.extract import extract

# (lead sentence that names the speaker, subject of the cell, name the speaker is output under)
SUBJECTS = [
    ("", "Foreign Minister Lena Varga", "Lena Varga"),
    ("Foreign Minister Lena Varga met the envoy in Vienna on Monday. ", "Varga", "Lena Varga"),
    ("Foreign Minister Lena Varga met the envoy in Vienna on Monday. ", "She", "Lena Varga"),
    ("", "The Hungarian foreign ministry", "The Hungarian foreign ministry"),
]
VERBS = ["stressed", "affirmed", "admitted", "underlined", "reiterated", "acknowledged",
         "underscored", "has stressed"]  # fmt: skip
OBJECTS = [
    "Hungary's openness to a negotiated settlement with its neighbours",
    "the difficulty of reaching a deal before the winter",
    "the government's resolve to keep the border talks going",
    "its commitment to a ceasefire along the river",
    "their wish to reopen the consulates in both capitals",
]
CELLS = [(lead, subj, name, verb, obj) for lead, subj, name in SUBJECTS for verb in VERBS
         for obj in OBJECTS]  # fmt: skip


@pytest.mark.parametrize(("lead", "subject", "name", "verb", "obj"), CELLS)
def test_stance_noun_object(lead: str, subject: str, name: str, verb: str, obj: str) -> None:
    text = f"Talks on the border\n\n{lead}{subject} {verb} {obj}."
    ext = extract(text)
    # 'underlined its commitment to X' may give X alone (a stance phrase read as the verb's)
    found = [s for s in ext.statements if obj.endswith(s.text.rstrip(".")) and obj[-20:] in s.text]
    assert found, [s.text for s in ext.statements]
    speaker = ext.speakers[found[0].speaker].name
    assert speaker.lower().endswith(name.split()[-1].lower()), speaker
