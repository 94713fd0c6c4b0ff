"""Where a reported statement ends, and where a fronted one starts.

Real news packs several speakers and the narrator's asides into one sentence: 'X said A, while
Y said B', 'X backed the plan, but the meeting yielded little', 'X described the talks as a
"victory" for Z, who had been shunned', 'A, the State Department's spokesman Ned Price said in
a statement late on Sunday.' These helpers find those boundaries in the masked text (quoted
words are '¤'), each reading a bounded window so that the walk stays linear.
"""

from __future__ import annotations

import re

from serving.article.quotes import (
    FRAGMENT_VERBS,
    OBJECT_VERBS,
    SAY_VERBS,
    TELL_VERBS,
    THAT_VERBS,
    Cue,
)
from serving.article.scan import tail
from serving.article.speaker_phrases import parse_subject
from serving.article.vocabulary import DAY, TITLE_WORDS, role_noun

_FINITE = sorted(
    {v for v in SAY_VERBS | TELL_VERBS | THAT_VERBS | FRAGMENT_VERBS | OBJECT_VERBS}
    - {"saying", "telling"},
    key=len,
    reverse=True,
)
# 'called the plan reckless and described the talks as ...': a coordinated verb of saying or
# of a position starts a statement of its own
VERB_STOP = re.compile(
    r"\s++(?:and|but)\s++(?:also\s++|later\s++|then\s++|again\s++)?(?:" + "|".join(_FINITE) + r")\b"
)
# inside a that-clause only a verb of a position starts a new statement: in 'he had spoken with
# Z and hoped to ...' the second verb still belongs to the reported subject
POSITION_STOP = re.compile(
    r"\s++(?:and|but)\s++(?:also\s++|later\s++|then\s++|again\s++)?(?:"
    + "|".join(sorted(FRAGMENT_VERBS, key=len, reverse=True))
    + r")\b"
)
# a conjunction that opens a second speaker's clause: ', while Y said ...'
_CONJ = re.compile(
    r"\s*(?:(?:and|but|while|whereas|although|though|as|even\s+as|when|after|before)\s+)?"
)
# what may stand between the comma (or conjunction) and a second speaker's name: a role
_ROLE_GAP = re.compile(r"(?:\s*[\w’'.-]+){0,6}\s*")
_GAP_WORDS = {"the", "a", "an", "his", "her", "its", "their", "of", "for", "and"}
# an object or complement ends where the narrator takes over: ', but the meeting ...',
# ', who had been shunned ...', ', amid friction over ...'
_OBJ_TAIL = re.compile(
    r",\s*(?:but|while|whereas|although|though|who|which|where|amid|despite|as|after|before"
    r"|when|according|the\s+only|the\s+first|the\s+last)\b"
    # ', and the president has grown impatient': a clause with a subject of its own
    r"|,\s*and\s+(?:the|a|an|his|her|its|their)\s+[\w’'-]+(?:\s+[\w’'-]+)?\s+"
    r"(?:has|have|had|is|are|was|were|will|would)\b"
)
# a relative clause that ends a that-clause: ', which some experts read as ...'
_REL_TAIL = re.compile(r",\s*(who|which)\b")
# an appositive after a dash that ends the sentence: '– a demand that Moscow has rejected'
_DASH_ASIDE = re.compile(r"\s[–—]\s+(?:a|an|the|which|who)\s[^–—]*$")


# a role written before a name between commas: 'a spokesman for the foreign ministry'
_ROLE_APPOS = re.compile(
    r"\s*(?:a|an|the|[A-Z][\w-]*(?:’s|'s))\s+(?:[\w’'-]+\s+){0,2}?(?:spokesman|spokeswoman|"
    r"spokesperson|adviser|advisor|envoy|aide|deputy|minister|head|chief|leader|official|"
    r"ambassador|negotiator)\b[^,.;¤]{0,60}"
)


def role_lead_comma(mtext: str, s0: int, comma: int, sub_start: int) -> int:
    """'..., a spokesman for the ministry, Ali Reza, said': the comma before the role that
    leads the name, where ``comma`` is the one right before the name; else ``comma``."""
    prev = mtext.rfind(",", s0, comma)
    if (
        prev >= 0
        and not mtext[comma + 1 : sub_start].strip()
        and _ROLE_APPOS.fullmatch(mtext, prev + 1, comma)
    ):
        return prev
    return comma


def role_gap(gap: str) -> bool:
    """``gap`` is empty or a role before a name: 'Kremlin spokesperson', 'his spokesman',
    'Ministry of External Affairs spokesperson', "the movement's leader"."""
    words = gap.split()
    if not words:
        return True
    if len(words) > 8 or "¤" in gap or not _ROLE_GAP.fullmatch(gap):
        return False
    for w in words:
        lw = w.lower()
        if w[0].isupper() or lw in _GAP_WORDS or lw in TITLE_WORDS or role_noun(w):
            continue
        if lw.endswith(("’s", "'s")):
            continue
        return False
    return True


def second_speaker(mtext: str, cues: list[Cue], k: int, cs: int, ce: int) -> int:
    """Where a clause that starts at ``cs`` ends because a later cue has a subject of its own
    after a comma or a conjunction ('..., while the movement's leader Naim Qassem said ...',
    '... after he threatened ...'); ``ce`` when none does."""
    for j in range(k + 1, min(len(cues), k + 5)):  # a bounded look-ahead
        c = cues[j]
        if c.start >= ce:
            break
        if c.word.endswith("ing"):
            continue
        pre, lo = tail(mtext, cs, c.start)
        comma = pre.rfind(",")
        base = comma + 1 if comma >= 0 else 0
        sub = parse_subject(pre[base:], lo + base)
        if sub is None:
            continue
        conj = _CONJ.match(pre, base)
        gap = pre[conj.end() : sub.start - lo]
        if comma < 0:
            # no comma: only a conjunction right before a pronoun or name ('... after he
            # threatened ...')
            word = re.search(r"(\S+)\s+$", pre[: sub.start - lo])
            if not word:
                continue
            if word.group(1) in ("and", "but", "while") and sub.kind == "name" and sub.title:
                return lo + word.start(1)  # '... on Friday and US President X threatened ...'
            if (
                word.group(1) in ("while", "whereas")
                and sub.kind in ("name", "group")
                and c.kind in ("say", "that", "tell")
            ):
                return lo + word.start(1)  # '... shared interests while Shoukry stressed ...'
            if word.group(1) not in ("after", "before", "when"):
                continue
            return lo + word.start(1)
        if sub.kind == "pronoun":
            # ', he said' after a fronted clause is that clause's own attribution; ', though he
            # stressed ...' goes on with the same speaker
            continue
        if role_gap(gap):
            return lo + comma
    return ce


def object_end(mtext: str, cs: int, ce: int) -> int:
    """Where an object or complement ('the US of "collusion" with Taiwan') ends: at a
    coordinated verb of saying or at the narrator's aside after a comma."""
    stop = VERB_STOP.search(mtext, cs, ce)
    if stop and mtext[stop.start() - 1] != ",":  # ', and urged them to ...' goes on the list
        ce = stop.start()
    dash = _DASH_ASIDE.search(mtext, cs, ce)
    if dash:  # 'proposed "to reach a deal by November 5" – the date of the election'
        ce = dash.start()
    aside = _OBJ_TAIL.search(mtext, cs, ce)
    return aside.start() if aside else ce


def clause_end(mtext: str, cs: int, ce: int) -> int:
    """Where a that-clause ends: at a coordinated verb of a position ('... and described the
    talks as exhausting') or at a relative clause after a comma that ends the sentence."""
    stop = POSITION_STOP.search(mtext, cs, ce)
    if stop and mtext.startswith(" and", stop.start()):  # 'A, but called B ...' stays one
        ce = stop.start()
    dash = _DASH_ASIDE.search(mtext, cs, ce)
    if dash:  # '... a 30-day ceasefire – a demand that Moscow has rejected'
        ce = dash.start()
    rel = _REL_TAIL.search(mtext, cs, ce)
    if rel and "," not in mtext[rel.end() : ce]:  # the relative clause ends the sentence
        words = mtext[rel.end() : rel.end() + 40].split()[:2]
        # ', who had been shunned' describes a person; ', which some experts read as' judges
        # the statement: the narrator's either way
        if rel.group(1) == "who" or any(role_noun(w) for w in words):
            return rel.start()
    return ce


# What may follow the verb of a fronted statement ('..., X said on Monday in a statement.'):
# nothing, or a setting that opens with one of these words (then anything but a that-clause)
_SETTING_OPENERS = {
    "in", "on", "at", "during", "last", "this", "after", "before", "yesterday", "today",
    "earlier", "later", "late", "early", "when", "while", "to", "from", "through", "over",
    "again", "also", "then", "separately", "afterwards", "tonight", "monday", "tuesday",
    "wednesday", "thursday", "friday", "saturday", "sunday", "once", "above", "almost",
    "speaking", "shortly", "just", "days", "hours", "weeks", "via", "according", "citing",
}  # fmt: skip
# a sentence that opens with a setting or a subordinate clause has no fronted statement
_INTRO = re.compile(
    r"\s*(?:After|At|In|On|During|When|While|Speaking|Asked|As|Before|Following|Since|"
    r"Earlier|Later|Last|Meanwhile|If|Although|Though|Because|Despite|Amid|Answering|However|"
    r"Nevertheless|Nonetheless|Moreover|Separately|Instead|Likewise|Similarly)\b"
)
_REST = re.compile(r"[^,.;]*")
_WORDS = re.compile(r"[^\W_]+(?:[’'-][^\W_]+)*")


def fronted_end(
    mtext: str, s0: int, sub_start: int, after: str, after_cut: bool, tell: bool = False
) -> int | None:
    """'The talks will go ahead, Kremlin spokesperson Dmitry Peskov has said.': where the
    fronted statement ends (before its comma) when the subject at ``sub_start`` follows a
    comma, after at most a role, and only a setting follows the verb (``after``, cut when the
    window did not hold the sentence's end; after 'told', the one told); None otherwise."""
    if sub_start <= s0 or _INTRO.match(mtext, s0, sub_start):
        return None
    comma = mtext.rfind(",", s0, sub_start)
    if comma < 0 or not role_gap(mtext[comma + 1 : sub_start]):
        return None
    comma = role_lead_comma(mtext, s0, comma, sub_start)
    if sum(1 for _ in zip(_WORDS.finditer(mtext, s0, comma), range(4), strict=False)) < 4:
        return None  # 'Still, X said ...': a word or three before the comma is no statement
    rest = _REST.match(after).group()
    if len(rest) == len(after) and after_cut:
        return None  # the window did not hold the clause after the verb
    words = rest.split()
    if words:
        if (words[0].lower() not in _SETTING_OPENERS and not tell) or "¤" in rest:
            return None
        if re.search(r"\bthat\b", rest):
            return None
    return comma


# what may stand between a subject and its verb besides adverbs: 'X on Friday accused',
# 'he once more insisted', 'the envoys this week welcomed', 'Kim, in his speech, said'
_MIDDLE = re.compile(
    r"(?:\s+(?:on\s+" + DAY + r"|(?:last|this|next|earlier\s+this|late\s+last)\s+(?:week|month"
    r"|year|weekend|" + DAY + r")|once\s+(?:more|again)|yesterday|today|earlier|later"
    r"|(?:in|at|during)\s+(?:his|her|their|its|a|an|the)\s+[^,.;¤]{1,40}?)"
    r"|\s*,[^,.;¤]{1,60},)(?:\s+(?:has|have|had))?\s*$"  # 'He, for his part, has said
)
# a progressive form: 'are lining up against', 'is pressing the table to ...'
_PROGRESSIVE = re.compile(r"\s(?:is|are|was|were|been)(?:\s+[a-z]+ly)?\s*$")


def middle_start(mtext: str, lo: int, hi: int) -> int | None:
    """Where a time phrase, 'once more' or a comma aside between a subject and its verb at
    ``hi`` starts (read in a bounded window), or None."""
    pre, base = tail(mtext, lo, hi, 120)
    m = _MIDDLE.search(pre)
    return base + m.start() if m and m.start() > 0 else None


def progressive_start(mtext: str, lo: int, hi: int) -> int | None:
    """Where the auxiliary before an '-ing' verb at ``hi`` starts ('are coming out'), or None."""
    pre, base = tail(mtext, lo, hi, 40)
    m = _PROGRESSIVE.search(pre)
    return base + m.start() if m else None
