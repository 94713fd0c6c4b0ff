"""A matrix of group speakers in news English: made-up sentences that cross a group's shape
(a ministry, a capital standing for its government, a party or armed group, officials,
anonymous sources, media, two speakers joined by 'and') with where the attribution stands and
with the reporting verb; and precision cells where a group is named but does not speak, or
where a person named next to a group is the one who speaks.

A cell passes when the expected speaker, as a group, holds a statement with the expected words
and no other speaker appears. Cells that still fail are marked ``xfail`` (strict) with a reason,
so that they show up and turn into failures once they pass."""

from __future__ import annotations

import re

import pytest

from serving.article.extract import extract

NEUTRAL = "Border talks\n\nThe talks opened in Doha on Monday.\n\n"
HADDAD = "Border talks\n\nForeign Minister Omar Haddad arrived in Doha on Monday.\n\n"
C = "the talks would resume in May"
CQ = "The talks will resume in May"

# subjects as they open a sentence, and whether the body issues documents ('A statement from
# X said'); inside a sentence a leading determiner or common noun is written in lower case
SUBJECTS: list[tuple[str, bool]] = [
    # ministries, offices, departments
    ("The Foreign Ministry", True), ("Russia's foreign ministry", True),
    ("India's Ministry of External Affairs", True), ("The Saudi Ministry of Foreign Affairs", True),
    ("The State Department", True), ("The Pentagon", True), ("The Kremlin", True),
    ("The White House", True), ("The Prime Minister's Office", True),
    ("The Israeli government", True), ("Israel's government", True),
    ("The Taliban government", True), ("The Israeli military", True), ("The army", True),
    # countries and capitals for their governments
    ("Beijing", True), ("Iran", True), ("Tehran", True), ("Washington", True),
    ("The United States", True), ("North Korea", True), ("Qatar", True),
    # bodies, parties, armed groups
    ("Hamas", True), ("Hezbollah", True), ("The Houthis", True),
    ("Palestinian Islamic Jihad", True), ("The European Union", True), ("The EU", True),
    ("The United Nations", True), ("The UN Security Council", True), ("The African Union", True),
    ("The Arab League", True), ("NATO", True), ("The IAEA", True),
    # officials, diplomats, experts, anonymous sources
    ("EU foreign ministers", False), ("Iranian officials", False), ("Russian officials", False),
    ("Hamas officials", False), ("A Hamas official", False), ("An Israeli official", False),
    ("A senior US official", False), ("Two diplomats familiar with the talks", False),
    ("Western diplomats", False), ("Analysts", False), ("Experts", False),
    ("Some experts", False), ("Observers", False), ("Mediators in Doha", False),
    ("Egyptian and Qatari mediators", False), ("Officials in Kyiv", False),
    ("Regional powers", False), ("Security sources", False), ("The mediators", False),
    ("NATO allies", False), ("The families of the hostages", False),
    ("The ministry's spokesperson", False),
    # media
    ("Israeli media", False), ("State media", False), ("Iranian state media", False),
    ("The New York Times", True), ("The Interfax news agency", True), ("Israel's Channel 12", False),
    ("Channel 13", False),
    # joint speakers
    ("Both governments", False), ("The two sides", False), ("Ankara and Yerevan", False),
    ("Russia and Ukraine", False), ("The United States and Iran", False),
    ("Both Moscow and Kyiv", False), ("Kyiv and its Western allies", False),
    # parties and staffs
    ("The Iranian side", False), ("Officials from both countries", False),
    ("Ukraine's General Staff", True), ("Iran's mission to the United Nations", True),
]  # fmt: skip
_LOWER_FIRST = {"The", "A", "An", "Two", "Both", "Some", "Analysts", "Experts", "Observers",
                "Mediators", "Regional", "Security", "State", "Officials"}  # fmt: skip


def _mid(subject: str) -> str:
    first, _, rest = subject.partition(" ")
    if first in _LOWER_FIRST and not (first == "The" and rest.startswith("New York")):
        return (first.lower() + " " + rest).rstrip()
    return subject


# where the attribution stands: (id, template, words the statement must hold, documents only)
POSITIONS: list[tuple[str, str, str, bool]] = [
    ("svc", "{S} said on Tuesday that {C}.", C, False),
    ("quote-s-said", '"{CQ}," {s} said.', CQ, False),
    ("quote-said-s", '"{CQ}," said {s}.', CQ, False),
    ("trail", "{CQ}, {s} said.", CQ, False),
    ("according-end", "{CQ}, according to {s}.", CQ, False),
    ("according-front", "According to {s}, {C}.", C, False),
    ("in-statement", "{S} said in a statement that {C}.", C, False),
    ("statement-front", "In a statement, {s} said {C}.", C, False),
    ("told-reporters", "{S} told reporters that {C}.", C, False),
    ("quoted-as", "{S} was quoted as saying {C}.", C, False),
    ("added-quote", '{S} said on Tuesday that {C}.\n\n"We will not accept new conditions," '
     "{s} added.", "We will not accept new conditions", False),  # fmt: skip
    ("statement-from", "A statement from {s} said {C}.", C, True),
    ("poss-statement", "{P} statement said {C}.", C, True),
    ("relative", "{S}, which has mediated between the two sides, said on Monday that {C}.", C,
     True),
    ("also-said", "{S} also said {C}.", C, False),
    ("for-its-part", "{S}, for its part, said {C}.", C, True),
    ("announced", "{S} announced on Tuesday that {C}.", C, False),
    ("adding", "{S} said on Tuesday that {C}, adding that a delegation would travel to Cairo.",
     "a delegation would travel to Cairo", False),
    ("post-on-x", "{S} said in a post on X that {C}.", C, False),
    ("issued-saying", "{S} issued a statement saying {C}.", C, True),
    ("trail-statement", '"{CQ}," {s} said in a statement on Tuesday.', CQ, False),
    ("said-it-would", "{S} said it would send a delegation to Cairo.", "send a delegation", True),
    ("said-they-would", "{S} said they would send a delegation to Cairo.", "send a delegation",
     False),
]  # fmt: skip

# reporting verbs after a subject: (id, template, words)
VERBS: list[tuple[str, str, str]] = [
    ("says", "{S} says {C}.", C),
    ("has-said", "{S} has said that {C}.", C),
    ("stated", "{S} stated that {C}.", C),
    ("warned", "{S} warned that {C}.", C),
    ("insisted", "{S} insisted that {C}.", C),
    ("urged", "{S} urged both parties to return to the table.", "return to the table"),
    (
        "welcomed",
        "{S} welcomed the decision to resume the negotiations.",
        "resume the negotiations",
    ),
    ("rejected", "{S} rejected the proposal as unworkable.", "unworkable"),
    ("called", '{S} called the plan "a waste of time".', "a waste of time"),
    ("confirmed", "{S} confirmed that {C}.", C),
    ("denied", "{S} denied that {C}.", C),
    ("expressed-hope", "{S} expressed hope that {C}.", C),
    ("accused", "{S} accused Israel of stalling the talks.", "stalling the talks"),
    ("called-for", "{S} called for an immediate ceasefire.", "an immediate ceasefire"),
    ("has-repeatedly", "{S} has repeatedly said that {C}.", C),
]
VERB_SUBJECTS = ["The Foreign Ministry", "Beijing", "Iran", "Hamas", "The Kremlin",
                 "The European Union", "Iranian officials", "A senior US official",
                 "Western diplomats", "The two sides", "Ankara and Yerevan", "Israeli media",
                 "The Israeli government", "Qatar"]  # fmt: skip


def _possessive(s: str) -> str:
    return s + ("'" if s.endswith("s") and not s.endswith("ss") else "'s")


def _norm(name: str) -> str:
    name = name.lower().replace("’", "'")
    name = re.sub(r"^(?:the|a|an|both)\s+", "", name).strip(" .,")
    # an outlet is named without its medium noun: 'the Interfax news agency' -> 'Interfax'
    return re.sub(r"\s+(?:news agency|newspaper|daily|broadcaster|website|weekly)$", "", name)


def _statements(head: str, body: str) -> list[tuple[str, str, str]]:
    ext = extract(head + body + "\n")
    return [(ext.speakers[s.speaker].name, ext.speakers[s.speaker].kind, s.text)
            for s in ext.statements if s.start >= len(head)]  # fmt: skip


def _check(head: str, body: str, speaker: str, words: str, kind: str | None = "group") -> None:
    got = _statements(head, body)
    want = _norm(speaker)
    assert got, "no statement"
    assert any(_norm(n) == want and words in t for n, _, t in got), got
    assert all(_norm(n) == want for n, _, _ in got), got  # no false speaker
    if kind:
        assert all(k == kind for _, k, _ in got), got


# cells that still fail, with why: 'id' -> reason
KNOWN: dict[str, str] = {}


def _cells() -> list:
    cells = []
    for subj, issues in SUBJECTS:
        mid = _mid(subj)
        for pid, tpl, words, docs in POSITIONS:
            if docs and not issues:
                continue
            body = tpl.format(S=subj, s=mid, C=C, CQ=CQ, P=_possessive(subj))
            speaker = subj
            if pid == "statement-front" or pid == "according-front":
                speaker = mid
            cells.append((f"{pid}|{subj}", body, speaker, words))
    for subj in VERB_SUBJECTS:
        for vid, tpl, words in VERBS:
            cells.append((f"{vid}|{subj}", tpl.format(S=subj, C=C), subj, words))
    return [
        pytest.param(body, speaker, words, id=cid,
                     marks=[pytest.mark.xfail(strict=True, reason=KNOWN[cid])] if cid in KNOWN else [])
        for cid, body, speaker, words in cells
    ]  # fmt: skip


@pytest.mark.parametrize(("body", "speaker", "words"), _cells())
def test_group_speaks(body, speaker, words):
    kind = None if "spokesperson" in speaker else "group"
    _check(NEUTRAL, body, speaker, words, kind)


# a person speaks and a group stands next to them: the person keeps the statement
PERSON_CELLS: list[tuple[str, str]] = [
    ("told-media", f"Haddad told Turkish media that {C}."),
    ("told-state-tv", f"Haddad told state television on Tuesday that {C}."),
    ("quote-told-media", f'"{CQ}," Haddad told Israeli media.'),
    ("interview-with-media", f"Haddad said in an interview with state media that {C}."),
    ("speaking-to-media", f"Haddad, speaking to Israeli media, said {C}."),
    ("according-to-media-nested", f"According to Israeli media, Haddad said {C}."),
    ("talks-with-iran", "Talks with Iran would resume in May, Haddad said."),
    ("deal-backed-by", "Haddad said a deal backed by Washington would be signed in May."),
    ("met-ministry", f"Haddad met the Russian foreign ministry's delegation and said {C}."),
    ("alongside-eu", f"Speaking alongside the EU's foreign policy chief, Haddad said {C}."),
    ("talks-with-hamas-mid", "The talks with Hamas, Haddad said, would resume in May."),
    ("owner-title", f"Iran's foreign ministry spokesman Ali Reza said {C}."),
    ("capital-envoy", f"Washington's envoy Ali Reza said {C}."),
    ("appos-role-name", f"The Foreign Ministry's spokesman, Ali Reza, said {C}."),
    ("told-the-kremlin", f"Haddad told the Kremlin that {C}."),
    ("urged-tehran", "Haddad urged Tehran to return to the table."),
    ("media-reported-wrapper", f"Haddad said {C}, state media reported."),
    ("ministry-said-wrapper", f"Haddad thanked Reza and said that {C}, the Foreign Ministry said."),
    ("ministry-quoted", f"The Foreign Ministry quoted Haddad as saying {C}."),
    ("media-quoted", f"Iranian state media quoted Haddad as saying {C}."),
    ("comments-carried", f"In comments carried by state media, Haddad said {C}."),
    ("told-outlet", f"Haddad told Al Jazeera that {C}."),
    ("interview-newspaper", f"Haddad said in an interview with the New York Times that {C}."),
    ("full-name-told-media", f"Turkish President Tayyip Erdogan told Turkish media that {C}."),
]
PERSON_SPEAKER = {"owner-title": "Ali Reza", "capital-envoy": "Ali Reza",
                  "appos-role-name": "Ali Reza", "full-name-told-media": "Tayyip Erdogan"}  # fmt: skip
PERSON_WORDS = {"talks-with-iran": "Talks with Iran would resume in May",
                "deal-backed-by": "a deal backed by Washington",
                "talks-with-hamas-mid": "would resume in May",
                "urged-tehran": "return to the table", "quote-told-media": CQ}  # fmt: skip


@pytest.mark.parametrize(
    "cid",
    [pytest.param(c, id=c, marks=[pytest.mark.xfail(strict=True, reason=KNOWN[f"person|{c}"])]
                  if f"person|{c}" in KNOWN else []) for c, _ in PERSON_CELLS],
)  # fmt: skip
def test_person_next_to_a_group_keeps_the_statement(cid):
    body = dict(PERSON_CELLS)[cid]
    speaker = PERSON_SPEAKER.get(cid, "Omar Haddad")
    words = PERSON_WORDS.get(cid, C)
    got = _statements(HADDAD, body)
    assert got and all(n == speaker for n, _, _ in got), got
    assert any(words in t for _, _, t in got), got


# a group speaks and a person is named inside its phrase: the group keeps the statement
GROUP_WITH_PERSON: list[tuple[str, str, str]] = [
    ("headed-by", f"The ministry, headed by Omar Haddad, said on Tuesday that {C}.",
     "the ministry"),
    ("which-leads", f"The Foreign Ministry, which Haddad leads, said {C}.", "the Foreign Ministry"),
    ("whose-leader", f"Hamas, whose leader Omar Haddad is in Doha, said {C}.", "Hamas"),
    ("party-of", f"Haddad's party said on Tuesday that {C}.", "Haddad's party"),
    ("office-of", f"Haddad's office said in a statement that {C}.", "Haddad's office"),
    ("after-meeting", f"After meeting Haddad, EU foreign ministers said {C}.",
     "EU foreign ministers"),
]  # fmt: skip


@pytest.mark.parametrize(
    "cid",
    [pytest.param(c, id=c, marks=[pytest.mark.xfail(strict=True, reason=KNOWN[f"gwp|{c}"])]
                  if f"gwp|{c}" in KNOWN else []) for c, _, _ in GROUP_WITH_PERSON],
)  # fmt: skip
def test_group_with_a_person_inside_keeps_the_statement(cid):
    _, body, speaker = next(x for x in GROUP_WITH_PERSON if x[0] == cid)
    _check(HADDAD, body, speaker, C)


# a group is named but nobody speaks
SILENT: list[tuple[str, str]] = [
    ("backed-by", "A deal backed by Washington was signed in Doha on Monday."),
    ("response", "Iran's response to the proposal came on Tuesday."),
    ("building", "The Foreign Ministry building was closed on Tuesday."),
    ("talks-with", "Talks with Hamas resumed in Cairo on Tuesday."),
    ("object", "The strikes angered Beijing and Moscow."),
    ("statement-noun", "The ministry's statement came a day after the strikes."),
    ("said-adj", "The said ministry was closed on Tuesday."),
]


@pytest.mark.parametrize(
    "cid",
    [pytest.param(c, id=c, marks=[pytest.mark.xfail(strict=True, reason=KNOWN[f"silent|{c}"])]
                  if f"silent|{c}" in KNOWN else []) for c, _ in SILENT],
)  # fmt: skip
def test_a_group_named_without_speaking(cid):
    assert _statements(NEUTRAL, dict(SILENT)[cid]) == []


# a body named in full, then by a short form or a pronoun: one speaker, named in full
COREFERENCE: list[tuple[str, str, str]] = [
    ("Russia's Foreign Ministry", "The ministry", "It"),
    ("The Israeli military", "The military", "It"),
    ("Hamas", "The group", "It"),
    ("The European Union", "The EU", "It"),
    ("Iranian officials", "The officials", "They"),
    ("The Taliban government", "The government", "It"),
    ("The Saudi Ministry of Foreign Affairs", "The ministry", "It"),
    ("Hezbollah", "The movement", "It"),
    ("Egyptian and Qatari mediators", "The mediators", "They"),
]
LATER = "a delegation would travel to Cairo"


def _coreference_cells() -> list:
    cells = []
    for full, short, pron in COREFERENCE:
        for form, later in (("short", f"{short} added that {LATER}."),
                            ("pronoun", f"{pron} also said {LATER}.")):  # fmt: skip
            cid = f"{form}|{full}"
            marks = [pytest.mark.xfail(strict=True, reason=KNOWN[f"coref|{cid}"])] if (
                f"coref|{cid}" in KNOWN) else []  # fmt: skip
            cells.append(pytest.param(full, later, id=cid, marks=marks))
    return cells


@pytest.mark.parametrize(("full", "later"), _coreference_cells())
def test_a_body_named_again_is_one_speaker(full, later):
    body = f"{full} said on Tuesday that {C}.\n\n{later}"
    got = _statements(NEUTRAL, body)
    assert len(got) == 2 and all(_norm(n) == _norm(full) and k == "group" for n, k, _ in got), got
    assert LATER in got[1][2], got
