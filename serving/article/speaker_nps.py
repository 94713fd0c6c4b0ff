"""Nominal and group speaker phrases: a head noun of a person or body with what may stand
around it ('the deputy minister', 'diplomats in Varne', 'Kastrav's foreign ministry', 'a
diplomat familiar with the talks', 'his spokesman'), read backwards from the head noun that
ends the phrase. Names are read by :mod:`serving.article.speaker_names`."""

from __future__ import annotations

import re

from serving.article.speaker_groups import PREP_BEFORE
from serving.article.speaker_names import TOKEN, Subject
from serving.article.vocabulary import (
    FUNCTION,
    INDEFINITE,
    INSTITUTIONS,
    PERSON_NOUNS,
    STOP_CAPS,
    clean_token,
    is_name_token,
    role_noun,
)

_PLACE_TOKENS = 8  # 'diplomats in Port Ulme': the most capitalised words after the preposition
# counting determiners before a head noun: 'two officials', 'several diplomats'
_COUNTS = ("one", "two", "three", "four", "five", "several", "some", "many")
_QUANT = {"some", "many", "most", "several", "one", "two", "three", "none", "all", "each", "few",
          "both", "others", "any"}  # fmt: skip

# what follows an anonymous source's noun to say how they know: 'a diplomat familiar with the
# talks', 'people close to the negotiations', 'officials briefed on the meeting'
_SOURCE_POST = re.compile(
    r"\s+(?:familiar\s+with|close\s+to|briefed\s+on|involved\s+in|privy\s+to|present\s+at|"
    r"with\s+(?:direct\s+)?knowledge\s+of|knowledgeable\s+about|informed\s+about|"
    r"aware\s+of|speaking\s+on\s+condition\s+of\s+anonymity)"
    r"(?:\s+[\w’'-]+){0,6}$"
)


# who speaks for a person: 'his spokesman', 'her aide'
_OF_OFFICE = re.compile(r"(?<=\w)(\s+of\s+(?:state|government|staff))\s*$", re.IGNORECASE)
_AIDES = {"spokesman", "spokeswoman", "spokesperson", "aide", "adviser", "advisor"}


def np_at_end(s: str, base: int) -> Subject | None:
    """A nominal ('the deputy minister') or group ('diplomats in Varne') NP ending ``s``."""
    pm = _SOURCE_POST.search(s)
    if pm and pm.start() > 0:
        sub = np_at_end(s[: pm.start()], base)
        if sub is not None and sub.kind == "group":
            return Subject("group", s[sub.start - base :].rstrip(), sub.start,
                           base + len(s.rstrip()), head=sub.head)  # fmt: skip
    om = _OF_OFFICE.search(s)  # 'the Bulgarian head of state': one office in three words
    if om is not None:
        sub = np_at_end(s[: om.start(1)], base)
        if sub is not None:
            sub.text, sub.end = s[sub.start - base : om.end()], base + om.end()
            return sub
    toks = list(TOKEN.finditer(s))
    if not toks or s[toks[-1].end() :].strip():
        return None
    # optional trailing "in/at/from/of Capitalised..." phrase
    end_idx = len(toks) - 1
    j = end_idx
    while j >= 0 and end_idx - j <= _PLACE_TOKENS:
        w = toks[j].group()  # 'of Russia and Ukraine': two places joined by 'and'
        name = is_name_token(w) and w.lower() not in STOP_CAPS
        if not (name or w == "and" and 0 < j < end_idx and is_name_token(toks[j - 1].group())):
            break
        j -= 1
    if end_idx - j > _PLACE_TOKENS:  # a longer capitalised run is no place name
        j = end_idx
    if 1 <= j < end_idx and toks[j].group() == "the" and toks[j - 1].group() in ("to", "at", "in"):
        j -= 1  # "Iran's mission to the United Nations"
    if (
        j < end_idx
        and j >= 1
        and toks[j].group().lower() in ("in", "at", "from", "of", "for", "to")
    ):
        head_idx = j - 1
        if toks[head_idx].group().lower() == "the" and head_idx >= 1:
            head_idx -= 1
    else:
        head_idx = end_idx
    head_tok = clean_token(toks[head_idx].group())
    head = role_noun(head_tok)
    if head is None:
        return None
    k = head_idx
    det = None
    while k > 0 and head_idx - k < 5:
        prev = toks[k - 1]
        gap = s[prev.end() : toks[k].start()]
        if "," in gap or "¤" in gap or ":" in gap:
            break
        w = clean_token(prev.group())
        lw = w.lower()
        if lw in ("the", "a", "an", "another") or lw in INDEFINITE & {*_COUNTS, "both"}:
            k -= 1
            det = lw
            if lw not in ("the", "a", "an") and k > 0 and toks[k - 1].group().lower() == "the":
                k -= 1  # 'the two leaders'
            break
        if w.endswith(("’s", "'s")):  # possessor: "the foreign ministry's spokeswoman"
            k -= 1
            det = "poss"
            continue
        if (
            det == "poss"
            and w[:1].islower()
            and toks[k].group()[:1].isupper()
            and lw not in FUNCTION
        ):
            break  # 'X met Iran's President': a lower-case word before a named owner is a verb
        if lw in ("his", "her", "its", "their") and head in INSTITUTIONS:
            k -= 1  # 'his office', 'their government': named as written, a group
            det = "poss"
            break
        if lw in ("his", "her") and k == head_idx and head in _AIDES:
            k -= 1  # 'his spokesman said': one who speaks for him, named as written
            det = "poss"
            break
        if lw in ("his", "her") and head_idx - k < 3:
            return None  # 'his counterparts': people named by whom they belong to (see _joint)
        # 'Egyptian and Qatari mediators': two capitalised adjectives of one head
        capitals = k >= 2 and toks[k].group()[:1].isupper() and toks[k - 2].group()[:1].isupper()
        if lw == "and" and k < head_idx and capitals:
            k -= 1
            continue
        if lw in FUNCTION or lw in STOP_CAPS:
            break
        k -= 1
    p = k - 1
    if p > 0 and toks[p].group().lower() in ("our", "my", "your", "his", "her", "their", "its"):
        p -= 1  # 'in an interview to our newspaper'
    quantified = p > 0 and toks[p].group().lower() == "of" and toks[p - 1].group().lower() in _QUANT
    gap = s[toks[p].end() : toks[k].start()] if p >= 0 else ","
    if p >= 0 and not quantified and toks[p].group().lower() in PREP_BEFORE and "," not in gap:
        # 'The head of the UN's atomic watchdog': the person noun before 'of' heads the NP;
        # 'in an interview to the newspaper': the object of a preposition is no subject
        if toks[p].group().lower() == "of" and p == k - 1 and k > 1:
            owner = np_at_end(s[: toks[k - 2].end()], base)
            if owner is not None and owner.head and role_noun(owner.head) in PERSON_NOUNS:
                return Subject(owner.kind, s[owner.start - base : toks[-1].end()], owner.start,
                               base + toks[-1].end(), head=owner.head)  # fmt: skip
        return None
    start, end = toks[k].start(), toks[-1].end()
    text = s[start:end]
    plural = head in ("people", "sources") or (
        head.endswith("s") and head not in ("ministries",) and not head.endswith("ss")
    )
    institution = head in INSTITUTIONS or head.rstrip("s") in INSTITUTIONS or head == "ministries"
    institution = institution or head == "side"  # 'the Iranian side': a party, never a person
    indefinite = det in ("a", "an", "another", *_COUNTS)
    if institution or indefinite or plural:
        kind = "group"
    elif det in ("the", "poss"):
        kind = "nominal"
    else:
        return None
    return Subject(kind, text, base + start, base + end, head=head)
