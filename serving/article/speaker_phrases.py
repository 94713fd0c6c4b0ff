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

from serving.article.before_verb import before_verb
from serving.article.group_coreference import body_form
from serving.article.scan import WINDOW, tail_start
from serving.article.speaker_groups import (
    PREP_BEFORE,
    body_at_end,
    definite_name,
    joint,
    long_name_at_end,
)
from serving.article.speaker_names import TOKEN, Subject, name_run_at_end
from serving.article.speaker_nps import np_at_end
from serving.article.speaker_roles import clean_role, relative, role_np_at_end
from serving.article.vocabulary import (
    PERSON_NOUNS,
    role_noun,
)

# the speaker after a verb runs to the first comma or full stop, but not the stop of an
# abbreviated title or an initial ('said Mr. Haddad', 'said U.S. envoy ...', 'Gen. Ali Reza')
_ABBREV_DOT = (
    r"(?:(?<=\bMr)|(?<=\bMrs)|(?<=\bMs)|(?<=\bDr)|(?<=\bGen)|(?<=\bSen)|(?<=\bRep)|"
    r"(?<=\bGov)|(?<=\bCol)|(?<=\bLt)|(?<=\bMaj)|(?<=\bCapt)|(?<=\bAdm)|(?<=\bProf)|"
    r"(?<=\bSgt)|(?<=\bSt)|(?<=\b[A-Z]))\.(?=\s?[A-Z])"
    r"|(?<=\b[JS]r)\.(?=\s*,)"  # 'according to Robert Kane Jr., ...'
)
_NP_AFTER = re.compile(r"\s*(?P<np>(?:[^,.;:¤]|(?:" + _ABBREV_DOT + r"))+)")
# a country or body that owns a title before the name: "Iran's Foreign Minister X"
_OWNER_LEAD = re.compile(r"\s*(?:[Tt]he\s+)?(?:[A-Z][\w.-]*\s+){0,2}[A-Z][\w.-]*(?:’s|'s)\s+")
# a title split by 'of' before the name: 'Secretary of State Marco Rubio'
# a title split by 'of'/'for' before the name ('Minister of State for | Foreign Affairs X')
_TITLE_OF_LEAD = re.compile(
    r"\s*(?:the\s+)?(?:(?:[A-Z][\w.’'-]*\s+){1,3}(?:of|for)(?:\s+the)?\s+){1,3}"
)
_BE_END = re.compile(r"\b(been|be|being|was|were|is|are)$")
# a quantifier that speaks for a group: 'Some', 'Others', 'Many of them', 'Some among the
# families', maybe with an aside ('Some, however,')
_QUANTIFIER_END = re.compile(
    r"(?:^|(?<=[\s,;:(]))((?:Some|Others|Many|Several|Most|some|others|many|several)"
    r"(?:\s+(?:of|among)\s+(?:the|them|those|these)(?:\s+[a-z][\w’'-]*){0,3})?)"
    r"(?:\s*,\s*(?:however|though|meanwhile|instead|in\s+turn)\s*,)?$"
)
_LEAD_OK = re.compile(r"\s*(?:and|but|while|as|so|yet|[A-Z]\w*,)?\s*")


# 'Veteran negotiators and analysts', 'the government delegation and the rebels': two groups
# named by role nouns and joined by 'and' speak as one, when the first opens the clause
_AND_NP = re.compile(r"\s+and\s+$")
_CLAUSE_LEAD = re.compile(r"(?:^|[,;:(]|\b(?:while|whereas|but|and|as|[Hh]owever))\s*$")


def joint_groups(s: str, base: int, sub: Subject) -> Subject | None:
    """The joint group of two role-noun groups that ends ``s`` with ``sub`` as its last."""
    if sub.kind != "group" or not role_noun(sub.head or ""):
        return None
    lead = s[: sub.start - base]
    am = _AND_NP.search(lead)
    if not am:
        return None
    other = np_at_end(lead[: am.start()], base)
    if other is None or other.kind != "group" or not role_noun(other.head or ""):
        return None
    if not _CLAUSE_LEAD.search(lead[: other.start - base]):
        return None  # 'Haddad met officials and the rebels said': the first is an object
    return Subject("group", s[other.start - base : sub.end - base], other.start, sub.end,
                   head="and")  # fmt: skip


_PRONOUN_END = re.compile(
    r"(?:^|[\s,;:(])(?P<p>he|she|He|She|they|They|it|It|(?:[Tt]he\s+)(?:former|latter))$"
)


_AGED = re.compile(r"(?:^|(?<=[\s,;:(]))((?:[Tt]he|[Tt]his)\s+\d{1,3}-year-old)$")


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
    am = _AGED.search(s2)
    if am:  # 'the 62-year-old said': the person of that age
        t = am.group(1)
        cands.append(
            Subject("nominal", t, base + am.start(1), base + am.end(1), head=t.split()[-1])
        )
    elif m:
        # 'the former' / 'the latter' point back like a pronoun (the first or second of two)
        pron = m.group("p").lower().split()[-1]
        cands.append(Subject("pronoun", pron, base + m.start("p"), base + m.end("p")))
    else:
        for fn in (name_run_at_end, np_at_end):
            sub = fn(s2, base)
            if sub:
                cands.append(sub)
        if len(cands) == 2 and cands[1].start < cands[0].start:
            before = s2[: cands[0].start - base].split()
            inner = s2[cands[1].start - base : cands[0].start - base].lower().split()
            # 'the Kingdom's ambassador to Yemen', 'the leaders of Russia and Ukraine': the role
            joined = inner[-1:] == ["and"] and PREP_BEFORE & set(inner)
            if before and (before[-1].lower() in PREP_BEFORE or joined):
                cands.reverse()
        if not cands:
            sub = body_at_end(s2, base)
            if sub:
                cands.append(sub)
        cands = [definite_name(s2, base, sub) or sub for sub in cands]
    cands = [joint(s2, base, sub) or joint_groups(s2, base, sub) or sub for sub in cands]
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


_AGE = re.compile(r"(?<=[a-z]),\s*\d{1,3}(?=,)")
_SHORT_FORM = re.compile(r"\s*\(((?:[A-Z][A-Za-z]?){1,4}[A-Z])\)$")
# a body's name, its capitalised words and the small words between them
_BODY_RUN = re.compile(
    r"(?:(?:[Tt]he\s+)?[A-Z][\w’'-]*)(?:\s+(?:[A-Z][\w’'-]*|of|for|the|and|on|in))*$"
)


def _spelt_out(s: str, base: int, short: str) -> Subject | None:
    """'the Organisation for the Prohibition of Chemical Weapons (OPCW)': the name before the
    brackets whose initials make the short form is the subject, a group."""
    m = _BODY_RUN.search(s)
    if m is None:
        return None
    text = m.group()
    while text and text.split()[0].lower() in ("of", "for", "and", "on", "in"):
        text = text.split(None, 1)[1] if " " in text else ""
    letters = "".join(w[0] for w in text.split() if w[0].isupper() and w.lower() != "the")
    if len(letters) < 2 or letters != short.upper():
        return None
    start = base + m.end() - len(text)
    form = body_form(text)  # the head noun: 'organisation', not 'weapons'
    head = form.head if form is not None else text.split()[-1].lower()
    return Subject("group", text, start, base + m.end(), head=head)


def parse_subject(pre: str, base: int) -> Subject | None:
    """The speaker written just before a reporting verb (``pre`` ends at the verb); only the
    last :data:`WINDOW` characters are read."""
    s = pre.rstrip()
    cut = tail_start(s, 0, len(s))
    if cut:
        s, base = s[cut:], base + cut
    s = before_verb(s)
    # 'The International Atomic Energy Agency (IAEA) said': the short form in brackets is
    # introduced for later mentions; the subject is the name before it
    short = _SHORT_FORM.search(s)
    if short is not None:
        s = s[: short.start()]
        spelt = _spelt_out(s, base, short.group(1))
        if spelt is not None:
            return spelt
    # 'The Organisation for the Prohibition of Chemical Weapons said' (its short form in
    # brackets blanked): the body's long name, before a name run reads its last words
    long_name = long_name_at_end(s, base)
    if long_name is not None:
        return long_name
    # 'Omar Haddad, 62, a former minister, said': the age is blanked (offsets kept)
    aged = _AGE.search(s)
    if aged is not None:
        s = s[: aged.start()] + " " * len(aged.group()) + s[aged.end() :]
        sub = _parse_subject(s, base, cut > 0)
        if sub is not None and sub.kind == "name" and sub.end <= base + aged.start():
            sub.age = aged.group().strip(" ,")
        return sub
    return _parse_subject(s, base, cut > 0)


def _parse_subject(s: str, base: int, clipped: bool) -> Subject | None:
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
        if sub is not None and sub.kind != "name" and "," in head:
            # 'X, a military leader of the movement, who requested ...': the name, not its role
            named = _parse_subject(head.rstrip() + ",", base, clipped)
            sub = named if named is not None and named.kind == "name" else sub
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
            else core_at_end(seg, base + seg_start, full=True, clipped=k < 0 and clipped)
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
        if sub is None and _PARTICIPLE_ASIDE.match(seg) and "," in head_text:
            # 'X, an official of the council, set up in June, said': the participle describes
            # the aside before it; the subject is read without it
            return _parse_subject(head_text + ",", base, clipped)
        if sub and sub.kind == "group" and _INDEFINITE_BODY.search(head_text):
            return sub  # 'a key group, the Fano militia,': the body by its name
        sub = core_at_end(head_text, base)
        if sub and sub.kind != "pronoun":
            appos = clean_role(seg)
            if appos:
                sub.role = appos
            return sub
        return None
    return core_at_end(s, base)


# a participle phrase closing the phrase before a verb: ', set up in June,', ', based in X,'
_PARTICIPLE_ASIDE = re.compile(r"\s*(?:[a-z]{2,}(?:ed|en)|set\s+up|based)\s")
# an aside right after the verb: '..., responded for his part the mayor'
_FOR_PART = re.compile(r"\s*,?\s*for\s+(?:his|her|their|its|our|my)\s+part\b\s*,?")
# two roles of one person joined by 'and': 'the deputy and former mayor of Ajaccio, X'
_TWO_ROLES = re.compile(r"\s*(?:the|a|an)\s+(([a-z][\w-]*)\s+and\s+)(?=[a-z])")
# an indefinite description of a body before its name: 'a key group, the Fano militia, said'
_INDEFINITE_BODY = re.compile(
    r"(?:^|[\s,])(?:[Aa]n?|[Oo]ne)\s+(?:[a-z][\w-]*\s+){0,2}(?:group|movement|militia|party|faction|"
    r"body|organi[sz]ation|coalition|alliance)\s*$"
)


def parse_after(s: str, base: int) -> Subject | None:
    """The speaker written right after a verb or 'according to': up to the first comma (read
    within :data:`WINDOW` characters; a longer phrase is no speaker)."""
    s, cut = s[:WINDOW], len(s) > WINDOW
    part = _FOR_PART.match(s)
    if part:  # 'responded for his part the former mayor, X': the aside is no part of the name
        s = " " * part.end() + s[part.end() :]
    sub = _after(s, base, cut)
    two = _TWO_ROLES.match(s) if sub is None else None
    if two and role_noun(two.group(2)):  # 'the deputy and former mayor of X, Y': one person
        joined = _after(s[: two.start(1)] + " " * len(two.group(1)) + s[two.end() :], base, cut)
        if joined is not None and joined.kind == "name" and joined.role:
            joined.role = " ".join(joined.role.split())
            return joined
    return sub


def _after(s: str, base: int, cut: bool) -> Subject | None:
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
        if sub is not None and sub.kind == "group":  # the relative clause is part of it
            sub.end = base + m.start("np") + len(np_text)
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
            closed = ap.group(2) == ","  # 'the head of the delegation, Omar Haddad, the ...'
            if (
                named is not None
                and named.kind == "name"
                and len(lead.split()) <= 2
                # before a closing comma only a title may lead the name: '..., adding that
                # X, the mediator, ...' is a clause, not an apposition
                and not (
                    closed and any(w[0].islower() and w not in _LEAD_WORDS for w in lead.split())
                )
            ):
                # an honorific alone ('Sheikh') is less of a role than the one before it
                if not named.role or named.role.split() == named.title:
                    named.role = np_text.strip()
                return named
    return sub


# the name after the role ends the sentence or closes with a comma: 'According to the head
# of the delegation, Omar Haddad, the talks ...'
_APPOSITIVE_NAME = re.compile(r",\s*([^,.;:¤]{2,80}?)\s*([.;!?,]|$)")
_LEAD_WORDS = {"former", "acting", "then", "interim", "outgoing", "incoming", "deputy"}
TITLES = {"representative", "envoy", "commissioner", "secretary", "chief", "head", "leader"}


# where the speaker after a verb ends and the setting begins
_SETTING = re.compile(
    r"\s+(?:about|in|on|at|after|before|during|when|while|to|from|with|for|late|last|earlier|"
    r"today|yesterday|tonight|via|through|this|shortly|afterwards|later|following)\b"
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
