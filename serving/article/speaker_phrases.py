"""Reading a speaker phrase: the words in front of a reporting verb, or right after it.

A speaker can be a name (with titles: "Defence Minister Ilse Marrek"), a pronoun ("she
said"), a definite description that points back ("the minister said") or a group ("diplomats
in Varne", "Kastrav's foreign ministry"). Each parser reads a window of at most
:data:`serving.article.scan.WINDOW` characters and returns a :class:`Subject` (the speaker as
written, with absolute offsets) or None; :mod:`serving.article.speakers` resolves it to a speaker.
Names and titles themselves are read by :mod:`serving.article.speaker_names`.
"""

from __future__ import annotations

import re
from itertools import islice

from serving.article.scan import WINDOW, tail_start
from serving.article.speaker_groups import body_at_end, definite_name, joint
from serving.article.speaker_names import TOKEN, Subject, name_run_at_end
from serving.article.speaker_roles import clean_role, relative, role_np_at_end
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

# Words between a speaker and the verb ('Marrek also said', 'she has repeatedly warned').
_TRAIL_WORD = re.compile(
    r"also|later|then|only|once|again|repeatedly|privately|publicly|recently|previously|"
    r"has|have|had|will|would|did|does|do|not|never|already|still|further|earlier|"
    r"subsequently|often|flatly|bluntly|simply|separately|himself|herself|too|long|now|just|even|"
    r"both|all|themselves|itself|"
    r"[a-z]+ly"
)
_PLACE_TOKENS = 8  # 'diplomats in Port Ulme': the most capitalised words after the preposition
# the speaker after a verb runs to the first comma or full stop, but not the stop of an
# abbreviated title or an initial ('said Mr. Haddad', 'said U.S. envoy ...', 'Gen. Ali Reza')
_ABBREV_DOT = (
    r"(?:(?<=\bMr)|(?<=\bMrs)|(?<=\bMs)|(?<=\bDr)|(?<=\bGen)|(?<=\bSen)|(?<=\bRep)|"
    r"(?<=\bGov)|(?<=\bCol)|(?<=\bLt)|(?<=\bMaj)|(?<=\bCapt)|(?<=\bAdm)|(?<=\bProf)|"
    r"(?<=\bSgt)|(?<=\bSt)|(?<=\b[A-Z]))\.(?=\s?[A-Z])"
)
_NP_AFTER = re.compile(r"\s*(?P<np>(?:[^,.;:¤]|" + _ABBREV_DOT + r")+)")
# a country or body that owns a title before the name: "Iran's Foreign Minister X"
_OWNER_LEAD = re.compile(r"\s*(?:[Tt]he\s+)?(?:[A-Z][\w.-]*\s+){0,2}[A-Z][\w.-]*(?:’s|'s)\s+")
# a title split by 'of' before the name: 'Secretary of State Marco Rubio'
_TITLE_OF_LEAD = re.compile(r"\s*(?:the\s+)?(?:[A-Z][\w.’'-]*\s+){1,3}of(?:\s+the)?\s+")
_BE_END = re.compile(r"\b(been|be|being|was|were|is|are)$")
# a quantifier that speaks for a group: 'Some', 'Others', 'Many of them', 'Some among the
# families', maybe with an aside ('Some, however,')
_QUANTIFIER_END = re.compile(
    r"(?:^|(?<=[\s,;:(]))((?:Some|Others|Many|Several|Most|some|others|many|several)"
    r"(?:\s+(?:of|among)\s+(?:the|them|those|these)(?:\s+[a-z][\w’'-]*){0,3})?)"
    r"(?:\s*,\s*(?:however|though|meanwhile|instead|in\s+turn)\s*,)?$"
)
# counting determiners before a head noun: 'two officials', 'several diplomats'
_COUNTS = ("one", "two", "three", "four", "five", "several", "some", "many")
_QUANT = {"some", "many", "most", "several", "one", "two", "three", "none", "all", "each", "few",
          "both", "others", "any"}  # fmt: skip
_PREP_BEFORE = {"of", "to", "in", "at", "with", "from", "for", "by", "on", "into", "about"}
_LEAD_OK = re.compile(r"\s*(?:and|but|while|as|so|yet|[A-Z]\w*,)?\s*")


# what follows an anonymous source's noun to say how they know: 'a diplomat familiar with the
# talks', 'people close to the negotiations', 'officials briefed on the meeting'
_SOURCE_POST = re.compile(
    r"\s+(?:familiar\s+with|close\s+to|briefed\s+on|involved\s+in|privy\s+to|present\s+at|"
    r"with\s+(?:direct\s+)?knowledge\s+of|knowledgeable\s+about|informed\s+about|"
    r"aware\s+of|speaking\s+on\s+condition\s+of\s+anonymity)"
    r"(?:\s+[\w’'-]+){0,6}$"
)


def np_at_end(s: str, base: int) -> Subject | None:
    """A nominal ('the deputy minister') or group ('diplomats in Varne') NP ending ``s``."""
    pm = _SOURCE_POST.search(s)
    if pm and pm.start() > 0:
        sub = np_at_end(s[: pm.start()], base)
        if sub is not None and sub.kind == "group":
            return Subject("group", s[sub.start - base :].rstrip(), sub.start,
                           base + len(s.rstrip()), head=sub.head)  # fmt: skip
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
        if lw in ("his", "her", "its", "their") and head in INSTITUTIONS:
            k -= 1  # 'his office', 'their government': named as written, a group
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
    if p >= 0 and not quantified and toks[p].group().lower() in _PREP_BEFORE and "," not in gap:
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


_PRONOUN_END = re.compile(r"(?:^|[\s,;:(])(?P<p>he|she|He|She|they|They|it|It)$")


def core_at_end(s: str, base: int, full: bool = False, clipped: bool = False) -> Subject | None:
    """Pronoun, name or NP that ends ``s``; with ``full`` it must also start it.

    Only the last :data:`WINDOW` characters are read; when ``s`` is longer, something stands
    before the window, so with ``full`` only a named speaker whose role ends the lead fits
    (``clipped``: the caller already cut something off before ``s``)."""
    s2 = s.rstrip()
    cut = tail_start(s2, 0, len(s2))
    if cut:
        s2, base = s2[cut:], base + cut
    clipped = clipped or cut > 0
    m = _PRONOUN_END.search(s2)
    cands: list[Subject] = []
    if m:
        cands.append(
            Subject("pronoun", m.group("p").lower(), base + m.start("p"), base + m.end("p"))
        )
    else:
        for fn in (name_run_at_end, np_at_end):
            sub = fn(s2, base)
            if sub:
                cands.append(sub)
        if len(cands) == 2 and cands[1].start < cands[0].start:
            before = s2[: cands[0].start - base].split()
            inner = s2[cands[1].start - base : cands[0].start - base].lower().split()
            # 'the Kingdom's ambassador to Yemen', 'the leaders of Russia and Ukraine': the role
            joined = inner[-1:] == ["and"] and _PREP_BEFORE & set(inner)
            if before and (before[-1].lower() in _PREP_BEFORE or joined):
                cands.reverse()
        if not cands:
            sub = body_at_end(s2, base)
            if sub:
                cands.append(sub)
        cands = [definite_name(s2, base, sub) or sub for sub in cands]
    cands = [joint(s2, base, sub) or sub for sub in cands]
    for sub in cands:
        if not full:
            return sub
        lead = s2[: sub.start - base]
        if not clipped and (not lead.strip() or _LEAD_OK.fullmatch(lead)):
            return sub
        if sub.kind == "name" and sub.role and lead.strip().endswith(sub.role):
            return sub
        if sub.kind == "name" and sub.title and _TITLE_OF_LEAD.fullmatch(lead):
            return sub
        if sub.kind == "name" and sub.title and _OWNER_LEAD.fullmatch(lead):
            return sub  # "Iran's Foreign Minister Omar Haddad"
    return None


_DOC = r"(?:statement|readout|communiqu[ée]|letter|post|message|press\s+release|notice)"
# 'A statement from the foreign ministry said', 'a joint statement issued by X said'
_DOC_FROM = re.compile(
    r"(?:^|(?<=[\s,;:(]))(?:[Aa]n?|[Tt]he|[Ii]ts|[Hh]is|[Hh]er|[Tt]heir)\s+(?:[a-z]+\s+)?"
    + _DOC
    + r"\s+(?:from|by|issued\s+by|released\s+by|published\s+by)\s+(?=\S)"
)
# "The ministry's statement said", "Haddad's office said in a statement" is read as it stands
_DOC_OF = re.compile(r"(?:’s|'s|(?<=s)’|(?<=s)')\s+(?:[a-z]+\s+)?" + _DOC + r"$")


def _document_issuer(s: str, base: int) -> Subject | None:
    """The issuer of a document that 'says': 'A statement from the ministry said' is the
    ministry's; "the ministry's statement said" too."""
    dm = _DOC_OF.search(s)
    if dm:
        return core_at_end(s[: dm.start()], base)
    fm = None
    for found in _DOC_FROM.finditer(s):
        fm = found
    if fm is not None:
        sub = core_at_end(s[fm.end() :], base + fm.end(), full=True)
        if sub is not None and sub.kind != "pronoun":
            return sub
    return None


def parse_subject(pre: str, base: int) -> Subject | None:
    """The speaker written just before a reporting verb (``pre`` ends at the verb); only the
    last :data:`WINDOW` characters are read."""
    s = pre.rstrip()
    cut = tail_start(s, 0, len(s))
    if cut:
        s, base = s[cut:], base + cut
    s = _strip_trail(s)
    doc = _document_issuer(s, base)
    if doc is not None:
        return doc
    if _BE_END.search(s):
        return None
    qm = _QUANTIFIER_END.search(s)
    if qm:  # 'Some, however, have argued', 'Some among the families voiced fear'
        return Subject("group", qm.group(1), base + qm.start(1), base + qm.end(1), head="some")
    rel = relative(s)
    if rel:
        head = rel[0].rstrip(",")
        sub = core_at_end(head, base)
        if sub and sub.kind != "pronoun":
            rest = rel[1].strip()
            if rest:
                sub.role = sub.role or rest
            before = head[: sub.start - base].rstrip()
            if sub.kind == "name" and not sub.role and before.endswith(","):
                sub.role = role_np_at_end(before[:-1])  # 'the then president, Mikhail Orev, who'
            return sub
    if s.endswith(","):
        body = s[:-1]
        k = body.rfind(",")
        seg_start = k + 1 if k >= 0 else 0
        seg = body[seg_start:]
        # 'Ilse Marrek, the sister of leader Karl Marrek,': the appositive describes the
        # name before it; a name inside it is not the subject
        appos = k >= 0 and re.match(r"\s*(?:the|a|an)\s+[a-z]", seg)
        sub = (
            None
            if appos
            else core_at_end(seg, base + seg_start, full=True, clipped=k < 0 and cut > 0)
        )
        if sub and sub.kind == "name":
            head = body[:k] if k >= 0 else ""
            role = role_np_at_end(head)
            if role:
                sub.role = role
            return sub
        if k < 0:
            return None
        head_text = body[:k]
        sub = core_at_end(head_text, base)
        if sub and sub.kind != "pronoun":
            appos = clean_role(seg)
            if appos:
                sub.role = appos
            return sub
        return None
    return core_at_end(s, base)


def _strip_trail(s: str) -> str:
    """Drop the adverbs and auxiliaries that end ``s`` ('Marrek has also'), each with the
    whitespace before it; one backward scan."""
    while True:
        k = len(s)
        j = k
        while j > 0 and not s[j - 1].isspace():
            j -= 1
        if j == 0 or j == k or not _TRAIL_WORD.fullmatch(s, j, k):
            return s
        while j > 0 and s[j - 1].isspace():
            j -= 1
        s = s[:j]


def parse_after(s: str, base: int) -> Subject | None:
    """The speaker written right after a verb or 'according to': up to the first comma (read
    within :data:`WINDOW` characters; a longer phrase is no speaker)."""
    s, cut = s[:WINDOW], len(s) > WINDOW
    m = _NP_AFTER.match(s)
    if not m or (cut and m.end() == len(s)):
        return None
    np_text = m.group("np").rstrip()
    pm = re.fullmatch(r"(him|her|he|she)", np_text.strip(), re.IGNORECASE)
    if pm:
        p = "he" if pm.group(1).lower() in ("him", "he") else "she"
        return Subject("pronoun", p, base + m.start("np"), base + m.start("np") + len(np_text))
    sub = core_at_end(np_text, base + m.start("np"), full=True)
    if sub is None and (wm := re.search(r"\s+who\s", np_text)):
        # 'said a Western official who spoke on condition of anonymity'
        sub = core_at_end(np_text[: wm.start()], base + m.start("np"), full=True)
    if sub is None:  # '... said Foreign Minister Caspar Veldkamp about the call'
        pm = _SETTING.search(np_text)
        if pm and pm.start() > 0:
            sub = core_at_end(np_text[: pm.start()], base + m.start("np"), full=True)
    if sub is not None and sub.kind in ("nominal", "group") and sub.head in PERSON_NOUNS | TITLES:
        # 'declared the AU's High Representative, former President Olusegun Obasanjo.': the
        # role and then the name of the one who holds it
        ap = _APPOSITIVE_NAME.match(s, m.end())
        if ap:
            named = core_at_end(ap.group(1), base + ap.start(1))
            lead = "" if named is None else s[ap.start(1) : named.start - base]
            if named is not None and named.kind == "name" and len(lead.split()) <= 2:
                named.role = named.role or np_text.strip()
                return named
    return sub


_APPOSITIVE_NAME = re.compile(r",\s*([^,.;:¤]{2,80}?)\s*(?:[.;!?]|$)")
TITLES = {"representative", "envoy", "commissioner", "secretary", "chief", "head", "leader"}


# where the speaker after a verb ends and the setting begins
_SETTING = re.compile(
    r"\s+(?:about|in|on|at|after|before|during|when|while|to|from|with|for|late|last|earlier|"
    r"today|yesterday|tonight|via|through|this|shortly|afterwards|later)\b"
)


def parse_initial(seg: str, base: int) -> Subject | None:
    """The subject that opens a sentence: 'Kastrav's foreign ministry called ... and said'."""
    seg = seg[:WINDOW]
    toks = list(islice(TOKEN.finditer(seg), 7))
    best = None
    for i in range(len(toks)):
        prefix = seg[: toks[i].end()]
        if "¤" in prefix or "," in prefix:
            break
        sub = core_at_end(prefix, base, full=True)
        if sub:
            best = sub
    return best
