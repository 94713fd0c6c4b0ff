"""Statements reported through a noun, not a verb: 'X's claim that ...', 'remarks by X that ...',
'a statement by X, the deputy director, that ...', 'state media quoted X as saying ...'.

Each finder reads one sentence of the masked text (quoted words are '¤') with a regex whose
parts are bounded, and returns the speaker as written and where the reported clause starts;
:mod:`serving.article.reported_speech` turns them into statements.
"""

from __future__ import annotations

import re

from serving.article.speaker_phrases import Subject, core_at_end, parse_after, parse_subject

_NOUNS = (
    r"(?:claims?|comments?|remarks?|statements?|assertions?|insistence|warnings?|arguments?"
    r"|assurances?|pledges?|promises?|suggestions?|contention|admission|announcement)"
)
# "MP Mehdi Karsh's claim that ...": the possessor is the speaker
_POSSESSIVE = re.compile(r"(?:’s|'s)\s+(?:recent\s+|earlier\s+|latest\s+)?" + _NOUNS + r"\s+that\s")
_MODS = r"(?:recent\s+|earlier\s+|latest\s+|repeated\s+|renewed\s+|fresh\s+)?"
# "X's call for a ceasefire", "X's proposal of Muscat as a venue", "X's offer of talks",
# "X's proposal to hold talks": a demand or an offer, whose object ends where the sentence's
# verb starts (a proposal 'to' a body, 'to the council', is no position)
_POSSESSIVE_FOR = re.compile(
    r"(?:’s|'s)\s+" + _MODS + r"(?:(?:calls?|appeals?|pleas?|demands?)\s+for"
    r"|(?:proposals?|offers?)\s+(?:of|for|to(?=\s+(?!the\b|a\b|an\b|[A-Z])[a-z]+\s)))\s"
)
# 'his warning that ...', 'her call for ...': the person in focus
_PRONOUN_POSSESSIVE = re.compile(
    r"\b(?P<pron>[Hh]is|[Hh]er)\s+"
    + _MODS
    + r"(?:"
    + _NOUNS
    + r"\s+that|(?:calls?|appeals?|pleas?|"
    r"demands?)\s+for)\s"
)
_FOR_END = re.compile(
    r"\s+(?:was|were|is|are|has|have|had|will|would|could|drew|met|won|got|went|came|fell|"
    r"received|prompted|sparked|found|gained|remains|remained|appears|appeared|seems|seemed)\b"
    r"|\s*[,;]"
)
_FOR_WINDOW = 160  # the most characters a demand's object takes
# a full stop after one capital ('the U.S. envoy', 'John F. Kerry'), not a sentence's end
_ABBR = r"(?<=[A-Z])(?<![A-Za-z]{2})\."
# 'remarks by X, the adviser to ..., that ...'
_BY = re.compile(
    r"\b" + _NOUNS + r"\s+(?:made\s+)?by\s+(?P<sub>[^,.;:¤]{2,80}?)"
    r"(?:\s*,\s*(?P<appos>(?:[^.;:¤]|" + _ABBR + r"){2,160}?)\s*,)?\s+that\s"
)
# 'quoted (cited) X (, the envoy,) as (also) saying (that) ...'
_QUOTED = re.compile(
    r"\b(?:quoted|cited)\s+(?P<sub>[^,.;:¤]{2,80}?)(?:\s*,\s*(?P<appos>(?:[^.;:¤]|"
    + _ABBR
    + r"){2,160}?)\s*,)?"
    r"\s+as\s+(?:also\s+|having\s+)?(?:saying|said)\s+(?:that\s+)?"
)
# '{Outlet} reported, citing X, that ...': the clause is X's, the outlet only relays it
_CITING = re.compile(r",\s*citing\s+(?P<sub>[^,.;:¤]{2,80}?)\s*,\s*that\s")

# 'X was quoted (by the agency) as saying (that) ...': the subject before the passive speaks
_PASSIVE_QUOTED = re.compile(
    r"(?<!\s)\s++(?:is|was|were|are|has\s+been|had\s+been|have\s+been)\s+(?:also\s+|widely\s+)?(?:quoted|cited)"
    r"(?:\s+(?:by|in|on)\s+[^,.;:¤]{2,60}?)?\s+as\s+(?:also\s+)?(?:saying|having\s+said)"
    r"\s+(?:that\s+)?(?!by\s)"  # '"...," X was quoted as saying by AFP': no clause follows
)


def _for_end(mtext: str, cs: int, s1: int) -> int:
    """Where the object of "X's call for ..." ends: before the sentence's verb or a comma."""
    m = _FOR_END.search(mtext, cs, min(s1, cs + _FOR_WINDOW))
    return m.start() if m else s1


def noun_reports(mtext: str, s0: int, s1: int) -> list[tuple[Subject, int, int | None]]:
    """``(speaker, start, end or None)`` of the reported words for each noun report in
    ``mtext[s0:s1]``; None leaves the end to the clause reader."""
    out: list[tuple[Subject, int, int | None]] = []
    for m in _POSSESSIVE.finditer(mtext, s0, s1):
        lo = max(s0, m.start() - 120)
        sub = core_at_end(mtext[lo : m.start()], lo)
        if sub is not None and sub.kind != "pronoun":
            out.append((sub, m.end(), None))
    for m in _POSSESSIVE_FOR.finditer(mtext, s0, s1):
        lo = max(s0, m.start() - 120)
        sub = core_at_end(mtext[lo : m.start()], lo)
        if sub is not None and sub.kind != "pronoun":
            out.append((sub, m.end(), _for_end(mtext, m.end(), s1)))
    for m in _PRONOUN_POSSESSIVE.finditer(mtext, s0, s1):
        pron = "he" if m.group("pron").lower() == "his" else "she"
        sub = Subject("pronoun", pron, m.start("pron"), m.end("pron"))
        end = _for_end(mtext, m.end(), s1) if m.group().rstrip().endswith("for") else None
        out.append((sub, m.end(), end))
    for m in _PASSIVE_QUOTED.finditer(mtext, s0, s1):
        lo = max(s0, m.start() - 120)
        sub = parse_subject(mtext[lo : m.start()], lo)
        if sub is not None:
            out.append((sub, m.end(), None))
    for rx in (_BY, _QUOTED, _CITING):
        for m in rx.finditer(mtext, s0, s1):
            sub = parse_after(m.group("sub") + ",", m.start("sub"))
            if sub is None:
                continue
            if rx is not _CITING and m.group("appos") and sub.kind == "name" and not sub.role:
                sub.role = m.group("appos").strip()
            out.append((sub, m.end(), None))
    return sorted(out, key=lambda x: x[1])
