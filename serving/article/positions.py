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
# a full stop after one capital ('the U.S. envoy', 'John F. Kerry'), not a sentence's end
_ABBR = r"(?<=[A-Z])(?<![A-Za-z]{2})\."
# 'remarks by X, the adviser to ..., that ...'
_BY = re.compile(
    r"\b" + _NOUNS + r"\s+(?:made\s+)?by\s+(?P<sub>[^,.;:¤]{2,80}?)"
    r"(?:\s*,\s*(?P<appos>(?:[^.;:¤]|" + _ABBR + r"){2,160}?)\s*,)?\s+that\s"
)
# 'quoted X (, the envoy,) as (also) saying (that) ...'
_QUOTED = re.compile(
    r"\bquoted\s+(?P<sub>[^,.;:¤]{2,80}?)(?:\s*,\s*(?P<appos>(?:[^.;:¤]|"
    + _ABBR
    + r"){2,160}?)\s*,)?"
    r"\s+as\s+(?:also\s+|having\s+)?(?:saying|said)\s+(?:that\s+)?"
)

# 'X was quoted (by the agency) as saying (that) ...': the subject before the passive speaks
_PASSIVE_QUOTED = re.compile(
    r"(?<!\s)\s++(?:is|was|were|are|has\s+been|had\s+been|have\s+been)\s+(?:also\s+|widely\s+)?(?:quoted|cited)"
    r"(?:\s+(?:by|in|on)\s+[^,.;:¤]{2,60}?)?\s+as\s+(?:also\s+)?(?:saying|having\s+said)"
    r"\s+(?:that\s+)?"
)


def noun_reports(mtext: str, s0: int, s1: int) -> list[tuple[Subject, int]]:
    """``(speaker, start of the reported clause)`` for each noun report in ``mtext[s0:s1]``."""
    out: list[tuple[Subject, int]] = []
    for m in _POSSESSIVE.finditer(mtext, s0, s1):
        lo = max(s0, m.start() - 120)
        sub = core_at_end(mtext[lo : m.start()], lo)
        if sub is not None and sub.kind != "pronoun":
            out.append((sub, m.end()))
    for m in _PASSIVE_QUOTED.finditer(mtext, s0, s1):
        lo = max(s0, m.start() - 120)
        sub = parse_subject(mtext[lo : m.start()], lo)
        if sub is not None:
            out.append((sub, m.end()))
    for rx in (_BY, _QUOTED):
        for m in rx.finditer(mtext, s0, s1):
            sub = parse_after(m.group("sub") + ",", m.start("sub"))
            if sub is None:
                continue
            if m.group("appos") and sub.kind == "name" and not sub.role:
                sub.role = m.group("appos").strip()
            out.append((sub, m.end()))
    return sorted(out, key=lambda x: x[1])
