"""Relayed and nested reporting: whose words a relayed clause holds.

The annotation rule: a direct quote belongs to the person who speaks it, even when a medium or
a second person relays it; a reported clause 'X said Y had told Z that ...' belongs to the
innermost named speaker Y. A medium (a wire, 'state media', 'the newspaper', 'reports') speaks
only when it states something itself, never when it only passes on what a named person said.
This module reads the relaying frames ('{Outlet} quoted X as saying', 'X was quoted by
{Outlet} as saying', 'recalled X saying'), the nested report that opens a reported clause, and
a person's position that a medium reports ('media reports suggest that X wants talks');
:mod:`serving.article.reported_speech` and :mod:`serving.article.quote_attribution` use them.
"""

from __future__ import annotations

import re

from serving.article.clauses import role_gap
from serving.article.quotes import SAY_VERBS, TELL_VERBS, Cue
from serving.article.speaker_phrases import Subject, parse_after, parse_subject
from serving.article.vocabulary import WIRES

# a full stop after one capital ('the U.S. envoy', 'John F. Kerry'), not a sentence's end
_ABBR = r"(?<=[A-Z])(?<![A-Za-z]{2})\."
# the words before a verb of saying that make it a relayed one: '{Outlet} quoted X as (saying)',
# 'X was quoted by {Outlet} as (saying)', 'recalled X (saying)', 'heard X (say)': the saying is
# X's; the outlet, or the one who recalls, only passes it on
_RELAY_ACTIVE = re.compile(
    r"\b(?:(?P<as>quoted|cited)|recalled|recalls|recalling|remembered|remembers|heard|hears)"
    r"\s+(?!(?:that|how|when|what|whether|why|by|in|on)\b)(?P<sub>[^,.;:¤]{2,80}?)"
    r"(?:\s*,\s*(?P<appos>(?:[^.;:¤]|" + _ABBR + r"){2,160}?)\s*,)?"
    r"(?(as)\s+as\s+(?:also\s+|having\s+)?|\s+)$"
)
_RELAY_PASSIVE = re.compile(
    r"(?<!\s)\s++(?:is|was|were|are|has\s+been|had\s+been|have\s+been)\s+(?:also\s+|widely\s+)?"
    r"(?:quoted|cited)(?:\s+(?:by|in|on)\s+[^,.;:¤]{2,60}?)?\s+as\s+(?:also\s+)?$"
)
_CLAUSE_LEAD = re.compile(r"(?<![^\s,;:])[^\s,;:¤][^,;:¤]*?\s*$")


def relayed_subject(pre: str, base: int) -> tuple[Subject, int, int] | None:
    """When ``pre`` (the words before a verb of saying, at offset ``base``) ends with
    'quoted X as', 'recalled X' or 'X was quoted (by Y) as': ``(X, where the relaying clause
    starts, where its verb starts)``; the clause starts at the outlet (the subject of 'quoted')
    or at X, for the passive."""
    m = _RELAY_ACTIVE.search(pre)
    sub = None
    if m:
        sub = parse_after(m.group("sub") + ",", base + m.start("sub"))
    if m and sub is not None:
        if m.group("appos") and sub.kind == "name" and not sub.role:
            sub.role = m.group("appos").strip()
        outlet = parse_subject(pre[: m.start()], base)
        if outlet is None:  # an outlet not known as a speaker: its words back to a comma
            lead = _CLAUSE_LEAD.search(pre, 0, m.start())
            return sub, base + (lead.start() if lead else m.start()), base + m.start()
        return sub, outlet.start, base + m.start()
    m = _RELAY_PASSIVE.search(pre)
    if m:
        sub = parse_subject(pre[: m.start()], base)
        if sub is not None:
            return sub, sub.start, base + m.start()
    return None


# verbs of a public position that make a nested report too: 'Dujarric said Guterres welcomed
# the accord' is Guterres's statement, as the annotation reads it
_NESTED_POSITIONS = {
    "welcomed", "welcomes", "backed", "backs", "rejected", "rejects", "praised", "praises",
    "hailed", "hails", "condemned", "condemns", "criticised", "criticized", "criticises",
    "criticizes", "endorsed", "endorses", "dismissed", "dismisses", "accused", "accuses",
    "called", "calls", "voiced", "voices", "expressed", "expresses", "reiterated",
    "reiterates", "restated", "restates",
}  # fmt: skip
# verbs of speaking that make a nested report ('said Odum had told him that ...'); verbs of
# thinking or agreeing ('said both sides agreed to meet', 'said Trump feels ...') report nothing
# the inner subject said, so the clause stays the outer speaker's
_NESTED_VERBS = (SAY_VERBS | TELL_VERBS | {
    "proposed", "proposes", "urged", "urges", "warned", "warns", "asked", "asks", "promised",
    "promises", "assured", "assures", "insisted", "insists", "announced", "announces",
    "claimed", "claims", "wrote", "writes", "informed", "informs", "pledged", "pledges",
    "vowed", "vows", "threatened", "threatens", "demanded", "demands", "suggested",
    "suggests", "stressed", "stresses", "declared", "declares", "confirmed", "confirms",
    "denied", "denies", "offered", "offers", "tweeted", "posted", "replied", "replies",
    "complained", "complains", "argued", "argues", "stated", "states", "noted", "notes",
    "explained", "explains", "emphasized", "emphasised", "emphasizes", "emphasises",
    "affirmed", "affirms", "reaffirmed", "reaffirms", "asserted", "asserts", "acknowledged",
    "acknowledges", "admitted", "admits", "conceded", "concedes", "revealed", "reveals",
} | _NESTED_POSITIONS) - {"saying", "telling"}  # fmt: skip
# verbs by which a medium passes on what someone said: 'the paper reported that he said ...'
RELAY_VERBS = {"reported", "reports", "report"}
_NESTED_WINDOW = 80  # the most characters a nested speaker and its auxiliaries take
# 'said the government had not asked for ...', 'said Y never called for ...': a denied report is
# the outer speaker's claim about Y, not Y's words
_NEGATION = re.compile(r"\b(?:not|never|no\s+longer)\b|n[’']t\b", re.I)


def nested(
    mtext: str,
    cues: list[Cue],
    k: int,
    cs: int,
    kinds: tuple[str, ...] = (),
    pronoun: bool = False,
) -> bool:
    """The clause at ``cs`` (reported by the verb ``cues[k]``) opens with a named speaker of its
    own and a reporting verb ('... said Odum had told him that ...', '... recounted that the
    envoy proposed ...'): nested reporting, where the statement belongs to the innermost named
    speaker. With ``pronoun`` (the outer speaker is a medium that relays: 'according to state
    media', 'the paper reported that'), 'he' or 'she' opens one too ('..., he said ...')."""
    nxt = next((c for c in cues[k + 1 : k + 4] if c.start >= cs), None)
    if nxt is None or nxt.start - cs > _NESTED_WINDOW or nxt.word not in _NESTED_VERBS:
        return False
    if kinds and nxt.kind not in kinds:
        return False
    sub = parse_subject(mtext[cs : nxt.start], cs)
    if sub is None or sub.kind not in ("name", "nominal", "group", "pronoun"):
        return False
    if sub.kind == "pronoun" and not (pronoun and sub.text.lower() in ("he", "she")):
        return False  # 'Two ambassadors said they had urged ...': the outer speaker again
    if _NEGATION.search(mtext, sub.end, nxt.start):
        return False
    gap = mtext[cs : sub.start]  # "said the rebels' negotiator X had told him that ..."
    return not gap.strip() or (sub.kind == "name" and bool(sub.role) and role_gap(gap))


# the head of a medium's name: 'state media', 'media reports', 'the newspaper', 'the Financial
# Times', 'local television'
_MEDIA_HEADS = {
    "media", "reports", "report", "newspaper", "paper", "daily", "television", "tv", "radio",
    "broadcaster", "outlet", "press", "channel", "website", "times", "post", "journal", "news",
    "guardian", "telegraph", "herald", "tribune",
}  # fmt: skip
# a predicate of a wish or a stand, not of what was done or weighed: 'X wants talks', 'X is
# seeking a deal', 'X is ready to meet' (but 'X is weighing a return' is the medium's report)
_POSITION_PRED = re.compile(
    r"\s+(?:(?:is|was|has\s+been|had\s+been)\s+(?:now\s+|still\s+|also\s+)?(?:seeking|pushing|"
    r"pressing|begging|ready|willing|keen|eager|prepared|open\s+to|determined|opposed\s+to|"
    r"in\s+favou?r\s+of)|wants|wanted|seeks|sought|hopes|hoped|favou?rs|favou?red|opposes|"
    r"intends|intended|would\s+like)\b"
)
_POSITION_WINDOW = 120  # the most characters the holder of the position and its title take


def is_medium(sub: Subject) -> bool:
    """A medium by its name's head word or as a news wire: 'state media', 'Reports', 'AFP'."""
    words = sub.text.lower().split()
    return bool(words) and (words[-1] in _MEDIA_HEADS or words[-1] in WIRES)


def position_holder(mtext: str, outer: Subject, cs: int, s1: int) -> Subject | None:
    """'Media reports suggest that X wants talks', 'According to the reports, X is seeking
    ...': when a medium (``outer``) reports a person's or a body's wish or stand, the clause
    at ``cs`` is the position of its subject, who is returned; None otherwise."""
    if not is_medium(outer):
        return None
    pm = _POSITION_PRED.search(mtext, cs, min(s1, cs + _POSITION_WINDOW))
    if pm is None:
        return None
    sub = parse_subject(mtext[cs : pm.start()], cs)
    if sub is None or sub.kind not in ("name", "nominal", "pronoun", "group") or is_medium(sub):
        return None
    gap = mtext[cs : sub.start]
    return (
        sub
        if not gap.strip() or (sub.kind == "name" and bool(sub.role) and role_gap(gap))
        else None
    )


_WIRE_AFTER = re.compile(r"(?P<wire>[A-Za-z]{2,7})\s*,\s*")


def wire_clause(mtext: str, at: int) -> tuple[Subject, int] | None:
    """'according to AFP, ...' (a news wire is no speaker of its own): the wire and where the
    clause after its comma starts."""
    m = _WIRE_AFTER.match(mtext, at)
    if m is None or m.group("wire").lower() not in WIRES:
        return None
    return Subject("group", m.group("wire"), at, m.end("wire")), m.end()
