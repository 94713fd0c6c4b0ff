"""Reported positions carried by an object or a complement, not a clause.

'urged both sides to return to the table', 'accused the council of stalling', 'called for a
ceasefire', 'dismissed the plan as a "daydream"': the object of a verb of position is what the
speaker said. Verbs of a visit or a greeting ('welcomed the envoy at the airport', 'thanked
Foreign Minister X') whose object is only a person say nothing.
"""

from __future__ import annotations

import re

from serving.article.clauses import object_end, second_speaker
from serving.article.quote_attribution import QuoteAttribution
from serving.article.quotes import SAY_VERBS, TELL_VERBS, THAT_VERBS, Cue
from serving.article.scan import words_at_most
from serving.article.speaker_phrases import parse_after
from serving.article.vocabulary import REQUEST_VERBS

_REQUEST = re.compile(r"(?:(?!to\b|for\b|whether\b|if\b|about\b)[^\s,.;:]+\s+){1,5}(?:to|for)\s")
# 'called the plan reckless and said ...': the object ends where a coordinated verb of saying starts
_OBJ_STOP = re.compile(
    r"\s++(?:and|but)\s++(?:also\s++|later\s++|then\s++)?(?:"
    + "|".join(sorted(SAY_VERBS | TELL_VERBS | THAT_VERBS, key=len, reverse=True))
    + r")\b"
)
_TO_PRONOUN = re.compile(r"to\s+(?:him|her|them|us|me)\s+(?=to\b|¤|[\"“‘])")
# 'called the envoy on Monday', 'welcomed the envoy at the airport': a visit or a call, when
# the object is a person and a time or place follows
_MEET_VERBS = {
    "called", "calls", "welcomed", "welcomes", "welcoming", "received", "receives", "thanked",
    "thanks", "thanking", "praised", "praises", "praising", "hailed", "hails", "congratulated",
    "congratulates",
}  # fmt: skip
_MET_PERSON = re.compile(
    r"(?:the|his|her|their|its)\s+(?:[\w’'-]+\s+){0,2}?(?:envoy|minister|president|delegation|"
    r"counterpart|ambassador|leader|premier|chancellor|king|emir|prince|guests?|visitors?|"
    r"delegates?)\s+(?:on|at|to|in|by|late|early|last|this|for\s+talks)\b"
)
# what may follow a greeted person's name: nothing, or when and where ('welcomed Foreign
# Minister X at the airport on Monday'); 'thanked X for ...' says what for, and stays
_GREETED_REST = re.compile(
    r"\s*(?:(?:at|on|in|to|during|last|this|late|early|yesterday|today|upon|after|before)\b"
    r"[^,;:¤]*)?[.!?]?\s*"
)
_AS_VERBS = {"described", "describes", "characterised", "characterized", "characterises",
             "characterizes", "portrayed", "portrays", "framed", "frames"}  # fmt: skip


class ObjectPositions(QuoteAttribution):
    """The span of a position carried by the object of a verb (a mixin of the walk)."""

    def _clause_stop(self, cues, k: int, cs: int, ce: int) -> int:
        """Where the clause of cue ``k`` that starts at ``cs`` ends: before a second speaker."""
        ce = self._next_speaker(cues, k, cs, ce)
        return second_speaker(self.mtext, cues, k, cs, ce)

    def _greeted(self, cs: int, ce: int) -> bool:
        """The object ``[cs, ce)`` is only a named person, with when and where at most."""
        sub = parse_after(self.mtext[cs:ce], cs)
        if sub is None or sub.kind not in ("name", "pronoun"):
            return False
        return _GREETED_REST.fullmatch(self.mtext, sub.end, ce) is not None

    def _object_span(self, cues, k: int, c: Cue, after: str, s1: int) -> tuple[int, int] | None:
        """The object of the object or fragment cue ``c`` (``after`` is the text after it up
        to the sentence's end ``s1``), or None when it carries no position."""
        m = self.mtext
        # 'urged both sides to return', 'accused the council of stalling'; 'called for
        # a ceasefire' is a demand, a position as the news annotation counts it
        bm = re.match(r"\s+(?:for\s+)?(?=[^\W\d_]|¤)", after)
        if bm and c.kind != "fragment" and bm.group().strip():
            bm = re.match(r"\s+", after)  # 'pressed for talks': the verb takes its 'for'
        if bm and c.word in REQUEST_VERBS and not _REQUEST.match(after, bm.end()):
            bm = None
        if not bm:
            return None
        cs = c.end + bm.end()
        if (to := _TO_PRONOUN.match(m, cs, s1)) is not None:
            cs = to.end()  # 'proposed to him "to reach ..."': the one it was put to
        stop = _OBJ_STOP.search(m, cs, s1)
        ce = self._clause_stop(cues, k, cs, stop.start() if stop else s1)
        ce = object_end(m, cs, ce)
        # 'called the plan reckless': a label, no position (a quoted label is one)
        # 'called for a ceasefire' is a demand, whatever its length
        label = c.kind == "fragment" and not bm.group().rstrip().endswith("for")
        if label and words_at_most(m, cs, ce, 3) and "¤" not in m[cs:ce]:
            return None
        if c.word in _MEET_VERBS and _MET_PERSON.match(m, cs, ce):
            return None  # 'called the envoy on Monday', 'welcomed the envoy at the airport'
        if c.word in _MEET_VERBS and self._greeted(cs, ce):
            return None  # 'thanked Sen. X', 'welcomed Foreign Minister X in Doha'
        # 'described it to this newspaper': describing is a position only 'as' something
        if c.word in _AS_VERBS and not re.search(r"\bas\b|¤", m[cs:ce]):
            return None
        return cs, ce
