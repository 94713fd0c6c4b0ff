"""Statements framed without a that-clause: 'As X put it, ...', '..., as X said.' and a colon
after a predicate of speaking ('X drew a red line: no talks until ...', 'X was blunt: ...').

Each finder reads one sentence of the masked text (quoted words are '¤') in bounded windows
and returns the speaker as written with where the statement starts and ends;
:mod:`serving.article.reported_speech` turns them into statements.
"""

from __future__ import annotations

import re

from serving.article.quotes import Cue
from serving.article.scan import WINDOW, head
from serving.article.speaker_phrases import Subject, parse_after, parse_initial, parse_subject

_AS_OPEN = re.compile(r"\s*As\s+")
_AS_INNER = re.compile(r",\s*as\s+")
# after the verb of an 'as' frame: 'it', then a short setting ('on Monday', 'in his speech')
_AS_REST = re.compile(r"(?:\s+it)?(?:\s+[^,.;:¤]{1,60}?)?\s*(?=,|[.!?]?\s*$)")
_AS_KINDS = ("say", "that", "puts it", "tell")
_AS_GAP = 60  # the most characters a speaker takes between 'as' and the verb

# a predicate of speaking that a colon completes: 'drew a red line:', 'was blunt:', 'had a
# simple message for the rebels:', 'made his position clear:'
_COLON_WORDS = (
    r"message|line|position|point|verdict|answer|reply|response|warning|demands?|conditions?|"
    r"terms|stance|assessment|conclusion|plea|appeal|advice|argument|case|promise|pledge|vow|"
    r"words?|blunt|clear|plain|categorical|unequivocal|firm|emphatic|adamant|frank|candid|"
    r"explicit|defiant|unambiguous|insistent|succinct|terse|direct"
)
_COLON_PRED = re.compile(
    r"\s+(?:has\s+|had\s+|have\s+|also\s+|was\s+|is\s+|has\s+been\s+)?"
    r"(?:[a-z][\w’'-]*\s+){0,7}?(?:" + _COLON_WORDS + r")\b[^:¤;.]{0,40}"
)
_COLON_GAP = 100  # the most characters between the subject and the colon
_BULLET_BEFORE = re.compile(r"(?:^|\n)[ \t]*[-•*–—][ \t]+$")
# what follows the colon: a noun phrase with no finite verb names a topic, not a statement
_TOPIC = re.compile(r"(?:the|a|an|his|her|its|their|this|that)\s", re.IGNORECASE)
_FINITE = re.compile(
    r"\b(?:will|would|must|should|could|can|may|might|shall|is|are|was|were|has|have|had|do|"
    r"does|did|cannot|won[’']t|need|needs)\b|n[’']t\b"
)


def _as_subject(mtext: str, lo: int, cues: list[Cue], hi: int) -> tuple[Subject, Cue] | None:
    """The speaker and the verb of an 'as' frame whose subject starts at ``lo``."""
    for c in cues:
        if c.start < lo:
            continue
        if c.start - lo > _AS_GAP or c.start >= hi:
            return None
        if c.kind not in _AS_KINDS:
            return None
        sub = parse_subject(mtext[lo : c.start], lo)
        if sub is None or mtext[lo : sub.start].strip():
            return None
        return sub, c
    return None


def as_frames(mtext: str, s0: int, s1: int, cues: list[Cue]) -> list[tuple[Subject, int, int]]:
    """'As X put it, A.' and 'A, as X said on Monday.': ``(speaker, start, end)`` of A."""
    out: list[tuple[Subject, int, int]] = []
    m = _AS_OPEN.match(mtext, s0, s1)
    if m:
        found = _as_subject(mtext, m.end(), cues, s1)
        if found is not None:
            sub, c = found
            rest = _AS_REST.match(mtext, c.end, s1)
            if rest and mtext.startswith(",", rest.end()):
                out.append((sub, rest.end() + 1, s1))
        return out
    m = _AS_INNER.search(mtext, s0, s1)
    if m and m.start() > s0:
        found = _as_subject(mtext, m.end(), cues, s1)
        if found is not None:
            sub, c = found
            rest = _AS_REST.match(mtext, c.end, s1)
            if rest and not mtext.startswith(",", rest.end()):
                out.append((sub, s0, m.start()))
    return out


def colon_frame(mtext: str, s0: int, s1: int) -> tuple[Subject, int, int] | None:
    """'X drew a red line: A.', 'X was blunt: A.': ``(speaker, start, end)`` of A when the
    sentence opens with its speaker and A is not a quotation (the quote step reads those)."""
    colon = mtext.find(":", s0, min(s1, s0 + WINDOW + _COLON_GAP))
    if colon < 0:
        return None
    sub = parse_initial(head(mtext, s0, colon)[0], s0)
    if sub is None or mtext[s0 : sub.start].strip() or sub.end > colon:
        return None
    bullet = _BULLET_BEFORE.search(mtext, max(0, s0 - 4), s0) and not mtext[sub.end : colon].strip()
    if not bullet and not _COLON_PRED.fullmatch(mtext, sub.end, colon):
        return None  # a bullet point 'X: ...' reads like a headline's attribution
    cs = colon + 1 + len(mtext[colon + 1 : s1]) - len(mtext[colon + 1 : s1].lstrip())
    if mtext.startswith("¤", cs):
        return None
    if _TOPIC.match(mtext, cs, s1) and not _FINITE.search(mtext, cs, s1):
        return None  # 'X was clear about one thing: the weather in Doha': a topic, no words
    return sub, cs, s1


# a sentence that gives the quote before it its speaker: 'That was how X described the plan.',
# 'Those were the words of X.', 'So said X on Monday.', 'That is what X told reporters.'
_BACK_HOW = re.compile(
    r"\s*(?:That|This|Such|These|Those)\s+(?:was|is|were|are|had\s+been|has\s+been)\s+"
    r"(?:how|what)\s+"
)
_BACK_OF = re.compile(
    r"\s*(?:(?:That|This|These|Those)\s+(?:was|is|were|are)\s+the\s+(?:words?|verdict|message|"
    r"view|assessment|warning)\s+of|So\s+said)\s+"
)


def back_reference(mtext: str, s0: int, s1: int, cues: list[Cue]) -> Subject | None:
    """The speaker named by a sentence that only points back at the quote before it."""
    m = _BACK_HOW.match(mtext, s0, s1)
    if m:
        c = next((c for c in cues if c.start >= m.end()), None)
        if c is None or c.start - m.end() > _AS_GAP:
            return None
        sub = parse_subject(mtext[m.end() : c.start], m.end())
        return sub if sub is not None and not mtext[m.end() : sub.start].strip() else None
    m = _BACK_OF.match(mtext, s0, s1)
    if m:
        sub = parse_after(mtext[m.end() : min(s1, m.end() + WINDOW)] + ",", m.end())
        return sub if sub is not None and sub.kind != "pronoun" else None
    return None
