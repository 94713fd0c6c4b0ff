"""Group speakers read at the end of a phrase: places ('Even as Moscow'), bodies by their
proper name ('the Taliban', 'Downing Street', 'NATO') and two joined by 'and' ('Riyadh and
Washington', 'Ben Gvir and Smotrich'). Read by :mod:`serving.article.speaker_phrases`."""

from __future__ import annotations

import re

from serving.article.speaker_names import Subject, name_run_at_end
from serving.article.vocabulary import (
    FUNCTION,
    INSTITUTIONS,
    ORG_WORDS,
    STOP_CAPS,
    TITLE_WORDS,
    WIRES,
    clean_token,
    geo_names,
    lower_head,
    role_noun,
)

PREP_BEFORE = {"of", "to", "in", "at", "with", "from", "for", "by", "on", "into", "about"}
_PREP_BEFORE = PREP_BEFORE


_GEO_END = re.compile(r"(?:^|[\s,;:(])((?:[A-Z][\w’'-]*\s){0,2}[A-Z][\w’'-]*)$")


def geo_at_end(s: str, base: int) -> Subject | None:
    """A country or city name that ends ``s`` ('Even as Moscow'), as a group speaker."""
    m = _GEO_END.search(s)
    if not m:
        return None
    words = m.group(1).split()
    for i in range(len(words)):  # the longest run of the last words that is a place
        cand = " ".join(words[i:])
        if cand.lower() in geo_names() and not cand.isupper():  # 'VIENNA —' is a dateline
            start = base + m.end(1) - len(cand)
            before = s[: start - base].split()
            if before and before[-1].lower() in _PREP_BEFORE | {"against", "between", "toward"}:
                return None  # 'the ambassador to Yemen': the place is an object, not a speaker
            return Subject("group", cand, start, base + m.end(1), head=cand.lower())
    return None


_AND_END = re.compile(r"\s+(?:and|&)\s+$")
_AND_ITS = re.compile(r"\s+and\s+(?:its|their)\s+$")
_THE_END = re.compile(r"(?:^|(?<=[\s,;:(]))[Tt]he\s+$")
_PLACE_POSS_END = re.compile(r"(?:^|(?<=[\s,;:(]))([A-Z][\w-]*)(?:’s|'s)\s+$")
_ORG_END = re.compile(
    r"(?:^|(?<=[\s,;:(]))((?:[Tt]he\s+)?(?:[A-Z][\w’'.-]*\s+){0,5}[A-Z][\w’'-]*)$"
)


def definite_name(s: str, base: int, sub: Subject) -> Subject | None:
    """'the Taliban', 'the Houthis': a capitalised name after 'the' with no title names a body
    or a people, a group named as written."""
    if sub.kind != "name" or sub.title or len(sub.name) > 3:
        return None
    tm = _THE_END.search(s[: sub.start - base])
    pm = _PLACE_POSS_END.search(s[: sub.start - base])
    # "Yemen's Houthis": a country's possessive before a plural proper noun is a people or a
    # movement of that country, not a person (one the article names in full is vetoed later)
    plural = len(sub.name) == 1 and re.fullmatch(r"[A-Z][a-z]+[^s]s", sub.text)
    if not tm and pm and plural and pm.group(1).lower() in geo_names():
        return Subject("group", s[pm.start(1) : sub.end - base], base + pm.start(1),
                       sub.end, head=sub.text.lower())  # fmt: skip
    if not tm:
        return None
    before = s[: tm.start()].split()
    if before and before[-1].lower() in _PREP_BEFORE | {"against", "between", "toward"}:
        return None
    return Subject("group", s[tm.start() : sub.end - base], base + tm.start(), sub.end,
                   head=sub.text.lower())  # fmt: skip


def org_at_end(s: str, base: int) -> Subject | None:
    """An organisation's proper name ending ``s``: capitalised words ending in an
    organisation word ('Downing Street', 'the Revolutionary Guard Corps') or an acronym
    ('NATO', 'IAEA'), as a group speaker."""
    m = _ORG_END.search(s)
    if not m:
        return None
    words = m.group(1).split()
    last = clean_token(words[-1])
    if not (lower_head(last) in ORG_WORDS or _ACRONYM.fullmatch(last)) or last.lower() in WIRES:
        return None
    if len(words) == 1 and not _ACRONYM.fullmatch(last):
        return None  # 'Street', 'Agency' alone: a fragment, no name
    before = s[: m.start(1)].split()
    if before and before[-1].lower() in _PREP_BEFORE | {"against", "between", "toward"}:
        return None
    return Subject("group", m.group(1), base + m.start(1), base + m.end(1),
                   head=lower_head(last))  # fmt: skip


_ACRONYM = re.compile(r"[A-Z][A-Z0-9]{1,5}")
# a broadcaster named by its channel number: "Israel's Channel 12", 'Kan 11', 'Channel 4 News'
_CHANNEL_END = re.compile(
    r"(?:^|(?<=[\s,;:(]))((?:[Tt]he\s+)?(?:[A-Z][\w’'.-]*\s+){0,3}(?:Channel|Kan|TV|Radio)\s+"
    r"\d{1,3}(?:\s+(?:News|TV))?)$"
)


def channel_at_end(s: str, base: int) -> Subject | None:
    """A numbered broadcaster that ends ``s``, as a group speaker."""
    m = _CHANNEL_END.search(s)
    if not m:
        return None
    before = s[: m.start(1)].split()
    if before and before[-1].lower() in _PREP_BEFORE | {"against", "between", "toward"}:
        return None  # 'told Channel 12': the outlet is an object
    return Subject("group", m.group(1), base + m.start(1), base + m.end(1), head="channel")


# 'Zelensky and his counterparts contend': the named person leads, and speaks
_AND_HIS = re.compile(r"\s+and\s+(?:his|her)\s+(?:[a-z][\w-]*\s+){0,2}[a-z]+s$")


def leader(s: str, base: int) -> Subject | None:
    """The named person in '<name> and his counterparts' at the end of ``s``."""
    am = _AND_HIS.search(s)
    if not am or not role_noun(s[am.end() - len(s.split()[-1]) : am.end()]):
        return None
    return name_run_at_end(s[: am.start()], base)


def joint(s: str, base: int, sub: Subject) -> Subject | None:
    """'Riyadh and Washington welcomed', 'Ben Gvir and Smotrich turned down': two places or two
    named persons joined by 'and' speak as one group, named as written."""
    lead = s[: sub.start - base]
    im = _AND_ITS.search(lead)
    if sub.kind == "group" and im:  # 'Kyiv and its Western allies': the body and its own
        other = body_at_end(lead[: im.start()], base) or name_run_at_end(lead[: im.start()], base)
        if other is not None and other.kind in ("group", "name"):
            return Subject("group", s[other.start - base : sub.end - base], other.start,
                           sub.end, head="and")  # fmt: skip
    if sub.kind not in ("name", "group") or (sub.kind == "group" and sub.head != sub.text.lower()):
        return None
    am = _AND_END.search(lead)
    if not am:
        return None
    # 'Moscow and Kyiv': a lone capital read as a name is a place when joined to a place
    place = sub.kind == "group" or (
        len(sub.name) == 1 and not sub.title and sub.text.lower() in geo_names()
    )
    if place:  # a place: the other must be one too
        other = geo_at_end(lead[: am.start()], base)
        if other is None or other.kind != "group":
            return None
    else:
        other = name_run_at_end(lead[: am.start()], base)
        if other is not None and (not other.name or len(other.name) < len(other.title)):
            other = None
    if other is None or other.kind != sub.kind and not place:
        return None
    start = other.start
    dm = _JOINT_DET.search(s[: other.start - base])
    if dm:  # 'the United States and Iran', 'both Moscow and Kyiv': the determiner is the joint's
        start = base + dm.start(1)
    text = s[start - base : sub.end - base]
    if place:
        return Subject("group", text, start, sub.end, head="and")
    # two persons: named without their titles ('Finance Minister Avi Ben-Dor and Interior
    # Minister Dan Kaplan' -> 'Avi Ben-Dor and Dan Kaplan'), the members kept to compare
    members = [" ".join(other.name), " ".join(sub.name)]
    return Subject("group", " and ".join(members), start, sub.end, head="and", name=members)


_JOINT_DET = re.compile(r"(?:^|(?<=[\s,;:(]))((?:[Tt]he|[Bb]oth)\s+)$")


_OF = re.compile(r"\s+(?:of|from)\s+")  # 'officials from both countries' too
_GROUP_DET = {"the", "both", "some", "many", "several", "two", "three"}


def of_group(s: str, base: int) -> Subject | None:
    """'The families of the hostages', 'Representatives of both sides', 'the leaders of the
    two countries': a plural person or body noun with an 'of' phrase (up to four words, no
    comma) ending ``s``, as a group named as written."""
    ms = list(_OF.finditer(s))
    if not ms:
        return None
    m = ms[-1]
    after = s[m.end() :].split()
    if not after or len(after) > 4 or any(c in s[m.end() :] for c in ",;:¤"):
        return None
    words = s[: m.start()].split()
    if len(words) >= 2 and words[-2] in ("the", "The") and words[-1] in INSTITUTIONS:
        # 'the office of the president', 'the quartet of mediators': one body with its 'of'
        start = len(" ".join(words[:-2])) + (1 if len(words) > 2 else 0)
        start += len(s) - len(s.lstrip())
        text = s[start:].rstrip()
        return Subject("group", text, base + start, base + start + len(text), head=words[-1])
    if not words or not words[-1].endswith("s") or role_noun(words[-1]) is None:
        return None
    k = len(words) - 1  # walk back over the head's adjectives to its determiner, if any
    while k > 0 and len(words) - k <= 3:
        w = words[k - 1]
        lw = clean_token(w).lower()
        if lw in _GROUP_DET:
            k -= 1
            break
        if lw in FUNCTION or lw in STOP_CAPS or lw in _PREP_BEFORE or not w[:1].isalpha():
            break
        if w[-1:] in ",;:":  # 'In a statement, officials from ...': the comma ends a phrase
            break
        k -= 1
    before = words[:k]
    if before and before[-1].lower() in _PREP_BEFORE | {"against", "between", "toward"}:
        return None
    start = len(" ".join(words[:k])) + (1 if k else 0)
    start += len(s) - len(s.lstrip())
    text = s[start:].rstrip()
    return Subject("group", text, base + start, base + start + len(text),
                   head=role_noun(words[-1]))  # fmt: skip


# a body's long name: capitalised words with small words between them, the head noun among
# the words before the first small word ('the Economic Community of West African States')
_LONG_NAME = re.compile(
    r"(?:^|(?<=[\s,;:(]))((?:[Tt]he\s+)?[A-Z][\w’'-]*(?:\s+[A-Z][\w’'-]*){0,3}"
    r"(?:\s+(?:of|for|the|and|on|in|de)(?:\s+(?:the|and))?(?:\s+[A-Z][\w’'-]*){1,4}){1,3})$"
)
_BODY_HEADS = ORG_WORDS | {"community", "organisation", "organization", "conference"}


def long_name_at_end(s: str, base: int) -> Subject | None:
    """'The Organisation for the Prohibition of Chemical Weapons', 'the Alliance of Sahel
    States': a body's name with 'of'/'for' phrases, whose head word names a body."""
    m = _LONG_NAME.search(s.rstrip())
    if not m:
        return None
    words = m.group(1).split()
    front = []
    for w in words:
        if w in ("of", "for", "the", "and", "on", "in", "de") and front:
            break
        front.append(w)
    if not any(lower_head(clean_token(w)) in _BODY_HEADS for w in front if w[:1].isupper()):
        return None
    if any(clean_token(w).lower() in TITLE_WORDS for w in words[len(front) :]):
        return None  # 'the Bank of England Governor Andrew Bailey': a person after the body
    before = s[: m.start(1)].split()
    if before and before[-1].lower() in _PREP_BEFORE | {"against", "between", "toward"}:
        return None
    head = next(lower_head(clean_token(w)) for w in reversed(front)
                if lower_head(clean_token(w)) in _BODY_HEADS)  # fmt: skip
    return Subject("group", m.group(1), base + m.start(1), base + m.end(1), head=head)


def body_at_end(s: str, base: int) -> Subject | None:
    """A speaker with no person's name or role noun at its end: a place, an organisation's
    name, '<name> and his counterparts', or a plural noun with an 'of' phrase."""
    return (
        long_name_at_end(s, base)
        or geo_at_end(s, base)
        or org_at_end(s, base)
        or channel_at_end(s, base)
        or leader(s, base)
        or of_group(s, base)
    )
