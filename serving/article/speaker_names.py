"""Reading a name: the run of capitalised words before a verb, split into title and name.

'Defence Minister Ilse Marrek' is a title and a name; 'Foreign Affairs Sergey Lavrov' keeps the
name after the organisation words; 'the Russian Minister' or 'The President' are titles and never
names; 'von der', 'bin' and 'al-Assad' stay inside a name. :class:`Subject` is the speaker as
written, shared by every phrase reader (:mod:`serving.article.speaker_phrases`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from serving.article.vocabulary import (
    FUNCTION,
    ORG_WORDS,
    PARTICLES,
    STOP_CAPS,
    TITLE_GENDER,
    TITLE_WORDS,
    clean_token,
    is_name_token,
    lower_head,
    opening_participle,
    role_noun,
    split_title,
)

TOKEN = re.compile(r"\(ret\.?\)|[^\s,;:()\[\]¤\"“”«»]+")


@dataclass
class Subject:
    """A speaker as written: ``kind`` is name, pronoun, nominal or group."""

    kind: str
    text: str
    start: int  # absolute offsets
    end: int
    role: str | None = None
    title: list[str] = field(default_factory=list)
    name: list[str] = field(default_factory=list)
    head: str | None = None
    only_known: bool = False  # a description that names no one new ('The minister spoke')
    age: str | None = None  # 'Omar Haddad, 62,': what 'the 62-year-old' points back to


def name_run_at_end(s: str, base: int) -> Subject | None:
    """The run of name tokens that ends ``s`` (nothing may follow it)."""
    toks = list(TOKEN.finditer(s))
    if not toks or s[toks[-1].end() :].strip():
        return None
    run: list[re.Match] = []  # built from the end, reversed below
    for m in reversed(toks):
        tok = m.group()
        gap = s[m.end() : run[-1].start()] if run else ""
        if run and gap.strip():
            break
        if is_name_token(tok) or particle(tok) and (run or "-" in tok):
            run.append(m)
        else:
            break
    run.reverse()
    while run and (
        clean_token(run[0].group()).lower() in STOP_CAPS
        or clean_token(run[0].group()).lower() in PARTICLES
        or opening_participle(run[0].group())
    ):
        run.pop(0)
    if not run:
        return None
    tokens = [clean_token(m.group()) for m in run]
    title, name = name_parts(tokens)
    if not name or any(clean_token(t).lower() in STOP_CAPS for t in name):
        return None
    sub = Subject("name", " ".join(tokens), base + run[0].start(), base + run[-1].end())
    sub.title, sub.name = title, name
    before = s[: run[0].start()]
    role = _role_before(before)
    if role:
        sub.role = role
    elif any(clean_token(t).lower().rstrip(".") not in TITLE_GENDER for t in title):
        sub.role = " ".join(t for t in title if t.lower().rstrip(".") not in TITLE_GENDER)
        of = _TITLE_OF.search(before)
        if of and title == tokens[: len(title)]:  # 'Secretary of State Marco Rubio'
            sub.role = of.group(1) + " " + sub.role
        owner = _OWNER_BEFORE.search(before)
        if not of and owner and title == tokens[: len(title)]:
            # "Chile's President Sebastian Pinera": the country belongs to the role, so that
            # 'the Bolivian president' is not him
            sub.role = owner.group(1) + " " + sub.role
    return sub


# a title split by 'of' before a name: 'U.S. Secretary of | State Marco Rubio'
_TITLE_OF = re.compile(r"((?:[A-Z][\w.’'-]*\s+){0,3}[A-Z][\w.’'-]*\s+of(?:\s+the)?)\s*$")


_OWNER_BEFORE = re.compile(r"((?:[A-Z][\w.’'-]*\s+){0,2}[A-Z][\w.’'-]*(?:’s|'s))\s*$")


# a nickname in quotes inside a full name: 'Jose Maria "Joma" Sison', "Mohamed 'Hemedti' Dagalo"
_NICKNAME = re.compile(r"(?<=[a-z] )[\"“‘'][A-Z][\w-]{1,15}[\"”’'](?= [A-Z])")


# name words that spell an organisation only in capitals: 'Kim Jong Un' is no 'UN'
_NOT_ORG = {"Un"}
_NOT_ORG_LOWER = {"un"}
_PARTICLE_NAME = re.compile(r"(?:al|el|ad|as|ash|an|ibn|bin|ben|abu|bint|ul)-[A-Z][\w’'-]*")


def particle(tok: str) -> bool:
    """A lower-case part of a name: 'von', 'der', 'bin', or 'al-Assad' (particle and name)."""
    t = clean_token(tok)
    return t.lower() in PARTICLES or bool(_PARTICLE_NAME.fullmatch(t))


def name_parts(tokens: list[str]) -> tuple[list[str], list[str]]:
    """(title words, name words) of a capitalised run, the name empty when the run names no
    person: 'Foreign Affairs Sergey Lavrov' -> the name after the organisation words;
    'Russian Minister' or 'The President' -> no name (a title is never a name)."""
    title, name = split_title(tokens)
    org = [i for i, t in enumerate(name) if lower_head(t) in ORG_WORDS and t not in _NOT_ORG]
    if org:  # a name after an organisation needs a given name ('Port Ulme' is a place)
        title, name = title + name[: org[-1] + 1], name[org[-1] + 1 :]
        while name and clean_token(name[0]).lower() in PARTICLES:
            name = name[1:]
        if len(name) < 2:
            return title, []
    if (
        name
        and clean_token(name[-1]).lower().rstrip(".") in TITLE_WORDS
        and role_noun(name[-1])
        and not _family_name_title(name)
    ):
        return title, []
    return title, name


# title words that are also family names: 'President Hassan Sheikh', 'Martin Luther King'
_SURNAME_TITLES = {"sheikh", "king", "prince"}
# words that make 'X Prince' a title, not a name: 'Crown Prince', 'Grand Sheikh'
_TITLE_LEADS = {"crown", "grand", "great", "deputy", "the"}


def _family_name_title(name: list[str]) -> bool:
    """A title word that ends a name of given names before it: 'Hassan Sheikh', not 'Crown
    Prince' (every word before it capitalised, none a title or a title's lead)."""
    *given, last = [clean_token(t) for t in name]
    return (
        last.lower() in _SURNAME_TITLES
        and bool(given)
        and all(
            t[:1].isupper() and t.lower() not in TITLE_WORDS and t.lower() not in _TITLE_LEADS
            for t in given
        )
    )


_PAST_VERBS = {"met", "said", "told", "held", "saw", "made", "took", "gave", "led", "sent", "won"}


def _role_before(before: str) -> str | None:
    """Lower-case role words right before a name: 'former intelligence chief Margit Lohk'."""
    seg = re.split(r"[,;:(]", before)[-1]
    words = seg.split()
    if not words or not role_noun(words[-1]) or words[-1][0].isupper():
        return None
    picked: list[str] = []
    for w in reversed(words):
        lw = w.lower()
        if lw in FUNCTION and lw not in ("the", "a", "an"):
            break
        if lw in _PAST_VERBS or (lw.endswith("ed") and not role_noun(lw)):
            break  # 'President X met negotiator Y': the role is 'negotiator'
        picked.insert(0, w)
        if lw in ("the", "a", "an") or len(picked) >= 6:
            break
    return " ".join(picked) if picked else None


# a run of capitalised words on one line (a word ending in a full stop ends it), tried only
# at a word's start and never backtracking into a word: linear in the text's length
_RUN = re.compile(r"(?<![\w’'-])(?:[A-Z][\w’'-]*+[ \t]++){1,5}[A-Z][\w’'-]*+")


def full_name_surnames(text: str) -> set[str]:
    """Surnames (and family names written first) of the persons the article names in full
    anywhere, headlines and reported clauses included: 'Benjamin Netanyahu', 'President Karl
    Vandt'. A surname met alone before its full name, or after 'with', is still a person."""
    from serving.article.vocabulary import (
        BODY_NAMES,
        FAMILY_FIRST,
        geo_names,
        person_key,
        surname_key,
    )

    out: set[str] = set()
    geo = geo_names()
    text = _NICKNAME.sub(lambda m: " " * len(m.group()), text)  # 'Jose Maria "Joma" Sison'
    for m in _RUN.finditer(text):
        tokens = [clean_token(t) for t in m.group().split()]
        if any(t.endswith(("’s", "'s")) for t in tokens[:-1]):
            continue
        tokens[-1] = re.sub(r"(?:’s|'s)$", "", tokens[-1])
        while tokens and tokens[0].lower() in STOP_CAPS:
            tokens = tokens[1:]
        title, name = name_parts(tokens)
        if len(name) < 2 and not (name and title):
            continue
        if any(lower_head(t) in geo or lower_head(t) in ORG_WORDS - _NOT_ORG_LOWER for t in name):
            continue
        if " ".join(name).lower().replace("’", "'") in BODY_NAMES:
            continue  # 'Palestinian Islamic Jihad' names a body, no person
        out.add(person_key(name))
        if len(name) > 1 and lower_head(name[0]) in FAMILY_FIRST:
            out.add(lower_head(name[0]))
    # 'Crown Prince Mohammed bin Salman (MBS)': an acronym given for a person names them
    for m in _PERSON_ACRONYM.finditer(text):
        tokens = [clean_token(t) for t in m.group(1).split()]
        title, name = name_parts(tokens)
        if len([t for t in name if t[:1].isupper()]) >= 2 and not any(
            lower_head(t) in geo or lower_head(t) in ORG_WORDS for t in name
        ):
            out.add(surname_key(m.group(2)))
    return out


_PERSON_ACRONYM = re.compile(
    r"(?<![\w’'.-])((?:[A-Z][\w’'-]*+|bin|al|von|der|de|van)(?:[ \t]++(?:[A-Z][\w’'-]*+|bin|al|von|der|de|van))"
    r"{1,5})[ \t]*+\(([A-Z]{2,6})\)"
)
