"""'according to X': whose words a sentence gives, and which part of it they are.

'According to X, A.' gives A to X; 'A, according to X.' gives A (the sentence before it) to X;
'According to AFP, X wants talks' gives a wire's report of X's stand to X. The source may be a
document or a set of figures ('a statement from X', 'a tally from X', 'the ministry
statement', 'United Nations estimates') and carry a description ('X, an analyst at Y,') or a
setting ('X following a meeting'). A speaker's own channel at the end ('X rejected ...,
according to state media' or 'a statement from his office') leaves the words to X.
"""

from __future__ import annotations

import re

from serving.article.complements import FIGURES_OF
from serving.article.quote_attribution import COMMA
from serving.article.quotes import Cue
from serving.article.relays import is_medium, nested, position_holder, wire_clause
from serving.article.scan import WINDOW, head, rstrip_end
from serving.article.speaker_phrases import Subject, clean_role, parse_after
from serving.article.vocabulary import STATEMENT_FROM

_APPOSITIVE = re.compile(r"\s*,\s*((?:who|a|an)\b[^,¤]*),")
# roles in an appositive after 'according to X': '..., according to X, an analyst at ...,'
_SOURCE_ROLES = {"analyst", "expert", "fellow", "director", "professor", "official", "researcher",
                 "diplomat", "minister", "spokesman", "spokeswoman", "head", "adviser", "advisor",
                 "former"}  # fmt: skip
_END_MARKS = re.compile(r"\s*[.!?;]?[\"”’»]?\s*")
# when or where a source at a sentence's end spoke: '..., according to X following a meeting.'
_SOURCE_SETTING = re.compile(
    r"\s+(?:following|after|during|at|on|before|while|when|in\s+(?:a|an|the|his|her))\b"
    r"[^,;¤\"“”]{0,100}?[.!?]?\s*"
)
# the speaker's own channel: '..., according to a statement from his office'
_OWN_CHANNEL = re.compile(r"(?:his|her|their|its)\s", re.IGNORECASE)
# 'according to the Geneva-based X': where a body sits is no part of its name
_BASED = re.compile(r"the\s+[A-Z][\w’'-]*-based\s+")


def according_to(
    m: str, cues: list[Cue], k: int, s0: int, s1: int, sentence_claimed: bool
) -> tuple[Subject, int, int] | None:
    """The speaker and span of the statement that cue ``k`` ('according to') introduces in the
    sentence ``m[s0:s1]`` (masked text); ``sentence_claimed``: an earlier cue of the sentence
    already gave a statement. None when the words are someone else's or nothing fits."""
    c = cues[k]
    # 'according to a statement from X's office': the one who issued it
    via = STATEMENT_FROM.match(m, c.end, s1)
    at = via.end() if via else c.end
    at = based.end() if (based := _BASED.match(m, at, s1)) else at
    figures = FIGURES_OF.match(m, at, s1)  # 'according to United Nations estimates'
    sub = parse_after(m[at : figures.end("who") if figures else min(s1, at + WINDOW + 1)], at)
    if sub is None:  # 'According to AFP, X wants talks': a wire passes on X's stand
        wire = wire_clause(m, at)
        holder = position_holder(m, wire[0], wire[1], s1) if wire else None
        return None if holder is None or wire is None else (holder, wire[1], s1)
    rest_s = figures.end() if figures and sub.end == figures.end("who") else sub.end
    ap = _APPOSITIVE.match(head(m, rest_s, s1)[0])
    if ap and (
        ap.group(1).startswith("who")
        or any(w.lower().strip("’'s") in _SOURCE_ROLES for w in ap.group(1).split())
    ):
        role = clean_role(ap.group(1))
        if role and sub.kind == "name":
            sub.role = role
        rest_s += ap.end() - 1
    if _END_MARKS.fullmatch(m, rest_s, s1) or _SOURCE_SETTING.fullmatch(m, rest_s, s1):
        if sentence_claimed and (is_medium(sub) or _OWN_CHANNEL.match(sub.text)):
            return None  # 'X rejected ..., according to state media': X's words
        return sub, s0, rstrip_end(m, s0, rstrip_end(m, s0, c.start), ",")
    cm = COMMA.match(m, rest_s, s1)
    if not cm or nested(m, cues, k, cm.end(), ("say", "that"), True):
        return None  # 'According to state media, X said ...': the words are X's
    return position_holder(m, sub, cm.end(), s1) or sub, cm.end(), s1
