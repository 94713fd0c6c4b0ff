"""A precision matrix of news English: made-up sentences that are NOT attributed statements, or
whose speaker is NOT the nearest name, crossed with the shapes a name takes.

Families: bylines and credit lines, datelines, captions and link lines ('Photo:', 'Read more:'),
headlines that name people without a reporting verb, persons who are only mentioned (objects,
addressees, possessors, people in a relative clause), a person in apposition to a group's
statement, titles that are not part of a name, sentence-initial words, places and events,
media and documents, and one person written in several forms (surname, title only, spelling
variants), who must stay one speaker.

A cell passes when no statement appears (negative cells), or when every statement belongs to
the expected speaker and one holds the expected words. Cells that still fail are marked
``xfail`` (strict) with a reason, so that they show up and turn into failures once they pass."""

from __future__ import annotations

import re

import pytest

from serving.article.extract import extract

NEUTRAL = "Border talks\n\nThe talks opened in Doha on Monday.\n\n"
C = "the talks would resume in May"
CQ = "The talks will resume in May"


def _statements(body: str, head: str = NEUTRAL) -> list[tuple[str, str]]:
    ext = extract(head + body + "\n")
    return [(ext.speakers[s.speaker].name, s.text) for s in ext.statements if s.start >= len(head)]


def _same(name: str, wanted: str) -> bool:
    """The same speaker: equal up to a leading article, or, for a person, the same surname."""
    a = re.sub(r"^(the|a|an)\s+", "", name.lower())
    b = re.sub(r"^(the|a|an)\s+", "", wanted.lower())
    return a == b or (" " in wanted and a.split()[-1] == b.split()[-1])


def _param(cell: tuple, xfail: dict[str, str]) -> object:
    cid = cell[0]
    marks = [pytest.mark.xfail(strict=True, reason=xfail[cid])] if cid in xfail else []
    return pytest.param(*cell[1:], id=cid, marks=marks)


# --- persons used in the generated cells ------------------------------------------------------
# (how the person is written, the name the speaker must have)
PERSONS = [
    ("Omar Haddad", "Omar Haddad"),
    ("Foreign Minister Omar Haddad", "Omar Haddad"),
    ("Sen. Lindsey Graham", "Lindsey Graham"),
    ("Gen. Ali Reza", "Ali Reza"),
    ("President-elect Donald Trump", "Donald Trump"),
    ("Sheikh Tamim bin Hamad Al Thani", "Tamim bin Hamad Al Thani"),
    ("Kremlin spokesman Dmitry Peskov", "Dmitry Peskov"),
]
OTHERS = ["Marco Rubio", "Secretary of State Marco Rubio", "Iran's President Masoud Pezeshkian"]


# --- lines that hold no statement at all ------------------------------------------------------
CREDITS = [
    "By Jane Doe and John Roe",
    "By Jane Doe, Reuters",
    "Jane Doe | Reuters",
    "Reporting by Jane Doe in Tehran; Writing by John Roe; Editing by Mark Heinrich",
    "(Reporting by Jane Doe; Additional reporting by John Roe in Cairo; Editing by Alex Richardson)",
    "Additional reporting by Jane Doe in Cairo.",
    "Jane Doe contributed to this report.",
    "Jane Doe and John Roe contributed reporting from Kyiv.",
    "Jane Doe is a correspondent for the Financial Times in Beirut.",
    "Jane Doe reported from Kyiv.",
    "Compiled by Jane Doe.",
    "Edited by John Roe.",
    "(Photo: Jane Doe/AFP)",
    "(Photo by Jane Doe/Getty Images)",
    "Photo: Jane Doe/Reuters",
    "Photograph: Jane Doe/Reuters",
    "REUTERS/Jane Doe/File Photo",
    "Source: AFP",
    "Credit: Jane Doe/AP",
]
LINKS = [
    "Read more: Trump says talks with Iran going well",
    "Related: Putin and Xi to meet in Moscow",
    "READ MORE: Haddad warns talks could collapse",
    "See also: Iran rejects US offer, says talks must be indirect",
    "Also read: Netanyahu says war will go on",
    "Analysis: Iran talks stall as sanctions bite",
    "Opinion: The talks will fail",
    "Explainer: What is the New START treaty?",
    "Factbox: Who is Abbas Araghchi?",
    "Live updates: Trump and Putin meet in Alaska",
    "Editor's note: This story has been updated.",
    "Photo: Israeli Prime Minister Benjamin Netanyahu speaks during a cabinet meeting.",
    "File photo: Russian President Vladimir Putin attends a meeting in Moscow.",
    "Pictured: Trump and Putin shake hands in Anchorage.",
    "Watch: Putin and Trump arrive for the summit",
    "Video: Zelensky visits the front line",
]
HEADLINES = [
    "Trump meets Putin in Alaska",
    "Haddad to visit Cairo next week",
    "Netanyahu, Hamas trade blame as talks stall",
    "Who is Abbas Araghchi?",
    "Araghchi arrives in Muscat for talks with Witkoff",
    "Putin and Xi to meet in Moscow",
]
CAPTIONS = [
    "Iranian Foreign Minister Abbas Araghchi speaks to reporters in Tehran, Iran, April 12, 2025. "
    "REUTERS/Majid Asgaripour",
    "Russian President Vladimir Putin (L) and U.S. President Donald Trump shake hands in "
    "Anchorage, Alaska, on August 15, 2025. (Photo by Andrew Harnik/Getty Images)",
    "Vladimir Putin and Donald Trump at the summit. Photograph: Kevin Lamarque/Reuters",
]
# a person who is only mentioned: {X} is a person, {Y} another
MENTIONS = [
    "{X} arrived in Doha on Tuesday.",
    "{X} was elected in 2021.",
    "Criticism of {X} grew in parliament on Monday.",
    "Washington imposed sanctions on {X} last year.",
    "Talks between {X} and {Y} ended without a deal.",
    "{Y} met {X} in Riyadh on Tuesday.",
    "{Y} spoke with {X} by phone on Monday.",
    "{Y} held a call with {X} on Monday.",
    "A letter to {X} was delivered on Monday.",
    "{Y} sent a letter to {X} on Monday.",
    "{X}'s visit to Cairo was postponed.",
    "Under {X}'s leadership, the ministry grew.",
    "{X}'s government collapsed in 2021.",
    "{X} welcomed {Y} at the airport on Monday.",
    "{Y} thanked {X}.",
    "{Y} praised {X}.",
    "The summit was hosted by {X}.",
]
MEDIA = [
    f"The report said {C}.",
    f"According to the report, {CQ.lower()}.",
    f"According to a document seen by Reuters, {CQ.lower()}.",
    f"A document seen by Reuters said {C}.",
    f"The draft, seen by Reuters, says {C}.",
    f"The deal stipulates that {C}.",
    f"The resolution demands that {C}.",
    f"Satellite images showed that {C}.",
    f"A poll published on Sunday showed that {C}.",
    f"History shows that {C}.",
    f"The letter said {C}.",
    f"Sunday's statement said {C}.",
]


def _negative_cells() -> list[tuple[str, str]]:
    cells = [(f"credit-{i}", b) for i, b in enumerate(CREDITS)]
    cells += [(f"link-{i}", b) for i, b in enumerate(LINKS)]
    cells += [(f"headline-{i}", b) for i, b in enumerate(HEADLINES)]
    cells += [(f"caption-{i}", b) for i, b in enumerate(CAPTIONS)]
    cells += [(f"media-{i}", b) for i, b in enumerate(MEDIA)]
    for i, t in enumerate(MENTIONS):
        for j, (x, _) in enumerate(PERSONS):
            y = OTHERS[(i + j) % len(OTHERS)]
            cells.append((f"mention-{i}-{j}", t.format(X=x, Y=y)))
    return cells


NEGATIVE_XFAIL: dict[str, str] = {}


@pytest.mark.parametrize("body", [_param(c, NEGATIVE_XFAIL) for c in _negative_cells()])
def test_no_statement(body):
    assert _statements(body) == []


# --- a statement whose speaker is not the nearest name ---------------------------------------
# {S}: the speaker as written, {X}: another person
SPEAKER_FRAMES = [
    "{S} met {X} in Riyadh and said {C}.",
    "After talks with {X}, {S} said {C}.",
    "{S}, who spoke with {X} by phone, said {C}.",
    "{S} said after a call with {X} that {C}.",
    "{S} told {X} that {C}.",
    '"{CQ}," {S} told {X}.',
    '"{CQ}," {S} said, standing next to {X}.',
    'Standing next to {X}, {S} said: "{CQ}."',
    "{S}, a critic of {X}, said {C}.",
    "{S}, whom {X} has accused of stalling, said {C}.",
    "Asked about {X}'s remarks, {S} said {C}.",
    "{S} said in a letter to {X} that {C}.",
    '"{CQ}," {S} said of {X}.',
    "Speaking at a news conference with {X}, {S} said {C}.",
    "{S} said {C}, a day after meeting {X}.",
]
OPENERS = ["However, ", "Meanwhile, ", "Still, ", "On Tuesday, ", "Separately, ",
           "Earlier, ", "In a statement, ", "At the Geneva talks, ", "After the Doha round, ",
           "Speaking at Camp David, ", "On the sidelines of the UN General Assembly, ",
           "In Washington, "]  # fmt: skip
DATELINES = ["KYIV, Jan 5 (Reuters) - ", "WASHINGTON (AP) — ", "Jerusalem, March 3 (AFP) – ",
             "MOSCOW, August 12. /TASS/. ", "DOHA, Qatar — "]  # fmt: skip


def _speaker_cells() -> list[tuple[str, str, str, str]]:
    cells = []
    for i, frame in enumerate(SPEAKER_FRAMES):
        for j, (s, name) in enumerate(PERSONS):
            x = OTHERS[(i + j) % len(OTHERS)]
            body = frame.format(S=s, X=x, C=C, CQ=CQ)
            if body[:1].islower():
                body = body[0].upper() + body[1:]
            words = CQ if "{CQ}" in frame else C
            cells.append((f"frame-{i}-{j}", body, name, words))
    for i, opener in enumerate(OPENERS):
        s, name = PERSONS[i % len(PERSONS)]
        cells.append((f"opener-{i}", f"{opener}{s} said {C}.", name, C))
    for i, dateline in enumerate(DATELINES):
        s, name = PERSONS[i % len(PERSONS)]
        cells.append((f"dateline-{i}", f"{dateline}{s} said on Sunday that {C}.", name, C))
    # titles taken as names, a person's credit next to a statement
    cells += [
        ("title-rep", f"Rep. Ilhan Omar (D-Minn.) said {C}.", "Ilhan Omar", C),
        ("title-sen-party", f"Sen. Marco Rubio (R-Fla.) said {C}.", "Marco Rubio", C),
        ("title-former", f"Former President Barack Obama said {C}.", "Barack Obama", C),
        ("title-acting", f"Acting President Han Duck-soo said {C}.", "Han Duck-soo", C),
        ("title-crown", f"Crown Prince Mohammed bin Salman said {C}.", "Mohammed bin Salman", C),
        ("title-pm-designate", f"Prime Minister-designate Nawaf Salam said {C}.",
         "Nawaf Salam", C),
        ("credit-after", f"{CQ}, Omar Haddad said.\n\n(Reporting by Jane Doe; Editing by John Roe)",
         "Omar Haddad", CQ),
        ("byline-before", f"By Jane Doe\n\nOmar Haddad said {C}.", "Omar Haddad", C),
    ]  # fmt: skip
    # groups with a person in apposition, a document seen by a wire
    cells += [
        ("headed-by", f"The ministry, headed by Omar Haddad, said {C}.", "The ministry", C),
        ("led-by", f"The delegation, led by Omar Haddad, said {C}.", "The delegation", C),
        ("office-of", f"Omar Haddad's office said {C}.", "Omar Haddad's office", C),
        ("in-congress", f"Republicans in Congress have warned that {C}.",
         "Republicans in Congress", C),
        ("seen-by-person", f"A letter seen by Reuters shows Omar Haddad said {C}.",
         "Omar Haddad", C),
    ]  # fmt: skip
    return cells


SPEAKER_XFAIL: dict[str, str] = {}


@pytest.mark.parametrize(
    ("body", "speaker", "words"), [_param(c, SPEAKER_XFAIL) for c in _speaker_cells()]
)
def test_statement_goes_to_the_speaker(body, speaker, words):
    got = _statements(body)
    assert got and all(_same(n, speaker) for n, _ in got), got
    assert any(words in t for _, t in got), got


def test_through_a_spokesman_the_body_or_the_spokesman_speaks():
    got = _statements(f"The Kremlin, through spokesman Dmitry Peskov, said {C}.")
    assert got and all(n in ("The Kremlin", "Dmitry Peskov") for n, _ in got), got


# --- nested reporting (data/news/README.md): the innermost named speaker ----------------------
NESTED = [
    ("recalled", f"Rubio recalled Omar Haddad saying {C}.", "Omar Haddad", C),
    ("told-him", f"Rubio said Omar Haddad had told him that {C}.", "Omar Haddad", C),
    ("welcomed", "Dujarric said Guterres welcomed the agreement.", "Guterres", "the agreement"),
    ("told-kremlin", f"Trump told Putin that {C}, the Kremlin said.", "Trump", C),
]
NESTED_XFAIL: dict[
    str, str
] = {}  # 'welcomed the agreement' passes since objects of two words count


@pytest.mark.parametrize(
    ("body", "speaker", "words"), [_param(c, NESTED_XFAIL) for c in NESTED]
)  # fmt: skip
def test_nested_reporting_goes_to_the_inner_speaker(body, speaker, words):
    got = _statements(body)
    assert any(_same(n, speaker) and words in t for n, t in got), got


# --- one person under several forms stays one speaker ----------------------------------------
# (introduction, later forms): every statement must go to one speaker
FORMS = [
    ("Foreign Minister Omar Haddad", ["Haddad", "The foreign minister", "Mr Haddad"]),
    ("Turkish President Recep Tayyip Erdogan", ["Erdoğan", "The Turkish leader"]),
    ("Ukrainian President Volodymyr Zelenskyy", ["Zelensky", "Zelenskiy"]),
    ("North Korean leader Kim Jong Un", ["Kim Jong-un", "Kim"]),
    ("Hamas political leader Khalil al-Hayya", ["Al-Hayya", "Hayya"]),
    ("Egyptian President Abdel Fattah el-Sisi", ["Sisi", "El-Sisi"]),
    ("Speaker Mohammad Bagher Ghalibaf", ["Qalibaf", "Ghalibaf"]),
    ("Iranian Foreign Minister Abbas Araghchi", ["Araqchi", "Iran's top diplomat"]),
    ("Saudi Crown Prince Mohammed bin Salman", ["Prince Mohammed", "The crown prince"]),
    ("Qatar's Emir Sheikh Tamim bin Hamad Al Thani", ["Sheikh Tamim", "The emir"]),
    ("Foreign Minister Omar Haddad", ["Omar Hadad", "Haddad"]),
    ("Secretary of State Marco Rubio", ["Secretary Rubio", "America's top diplomat"]),
    ("Russian Foreign Minister Sergei Lavrov", ["Sergey Lavrov", "Lavrov"]),
]
FORMS_XFAIL: dict[str, str] = {}


@pytest.mark.parametrize(
    ("intro", "forms"),
    [_param((f"forms-{i}", intro, forms), FORMS_XFAIL) for i, (intro, forms) in enumerate(FORMS)],
)
def test_one_person_under_several_forms_is_one_speaker(intro, forms):
    body = f"{intro} said {C}.\n\n" + "\n\n".join(
        f"{form} said the sanctions must go first." for form in forms
    )
    got = _statements(body)
    assert len(got) == 1 + len(forms) and len({n for n, _ in got}) == 1, got


def test_two_ministers_keep_their_offices():
    body = (
        "Foreign Minister Omar Haddad spoke on Monday. Defence Minister Ali Reza also spoke.\n\n"
        f"The foreign minister said {C}. The defence minister said the sanctions must go first."
    )
    got = _statements(body)
    assert [n for n, _ in got] == ["Omar Haddad", "Ali Reza"], got
