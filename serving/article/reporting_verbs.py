"""The reporting and communication verbs of news English, in every form a report uses.

Written from general knowledge of news writing (not from any one article): each verb is listed
once by its base form and :func:`forms` spells out the base, '-s', past and '-ing' forms; a
perfect or a modal ('has warned', 'would argue') is the same form after an auxiliary, which
the subject reader skips. :mod:`serving.article.quotes` takes these sets into its cue lists.
"""

from __future__ import annotations

import re

# past forms that do not take '-ed'
_IRREGULAR = {
    "forecast": "forecast", "write": "wrote", "tell": "told", "say": "said", "think": "thought",
    "feel": "felt", "go on": "went on", "hold": "held", "hit out at": "hit out at",
    "take aim at": "took aim at", "speak out against": "spoke out against",
    "shrug off": "shrugged off", "spell out": "spelled out", "set out": "set out",
    "lay out": "laid out", "put forward": "put forward", "stand by": "stood by",
    "bring up": "brought up", "speak of": "spoke of", "point out": "pointed out",
    "sound": "sounded", "brush off": "brushed off", "wave away": "waved away",
    "push back": "pushed back", "fire back": "fired back", "rail against": "railed against",
    "warn against": "warned against", "caution against": "cautioned against",
    "insist on": "insisted on", "press for": "pressed for", "push for": "pushed for",
    "lobby for": "lobbied for", "argue for": "argued for", "argue against": "argued against",
    "complain about": "complained about", "warn of": "warned of",
    "throw cold water on": "threw cold water on", "pour cold water on": "poured cold water on",
    "give backing to": "gave backing to", "give support to": "gave support to",
    "shoot down": "shot down", "speak in favour of": "spoke in favour of",
    "speak in support of": "spoke in support of", "make the case for": "made the case for",
    "take issue with": "took issue with", "hold out hope of": "held out hope of",
    "hold out the prospect of": "held out the prospect of",
    "come out in favour of": "came out in favour of",
    "come out in support of": "came out in support of",
    "leave the door open to": "left the door open to",
    "keep the door open to": "kept the door open to",
    "hold out hope for": "held out hope for", "hold firm on": "held firm on",
    "take a swipe at": "took a swipe at", "give the green light to": "gave the green light to",
    "draw a red line over": "drew a red line over", "draw a red line on": "drew a red line on",
    "set preconditions for": "set preconditions for", "set conditions for": "set conditions for",
    "leave open the possibility of": "left open the possibility of",
}  # fmt: skip


def _inflect(verb: str) -> tuple[str, str, str]:
    """'-s', past and '-ing' forms of a one-word verb (regular spelling rules)."""
    if verb == "go":
        return "goes", "went", "going"
    if verb.endswith("y") and verb[-2] not in "aeiou":
        third, past = verb[:-1] + "ies", verb[:-1] + "ied"
    elif verb.endswith(("s", "sh", "ch", "x", "z")):
        third, past = verb + "es", verb + "ed"
    else:
        third, past = verb + "s", verb + ("d" if verb.endswith("e") else "ed")
    if verb.endswith("ie"):
        ing = verb[:-2] + "ying"
    elif verb.endswith("e") and not verb.endswith(("ee", "ye", "oe")):
        ing = verb[:-1] + "ing"
    else:
        ing = verb + "ing"
    return third, past, ing


# verbs with a doubled final consonant before '-ed'/'-ing' (British and American spellings)
_DOUBLED = {"admit": "admitt", "signal": "signall", "commit": "committ", "quip": "quipp",
            "label": "labell", "refer": "referr", "concur": "concurr", "rebut": "rebutt",
            "regret": "regrett", "omit": "omitt", "submit": "submitt", "slam": "slamm",
            "hit": "hitt", "shrug": "shrugg", "aver": "averr", "step": "stepp",
            "snub": "snubb", "stop": "stopp", "plead": "plead"}  # fmt: skip


# past participles that differ from the past form: 'has written on X that ...'
_PARTICIPLE = {"write": "written", "speak": "spoken", "throw": "thrown", "go": "gone",
               "take": "taken", "give": "given", "draw": "drawn"}  # fmt: skip


def forms(base: str) -> set[str]:
    """Base, '-s', past, participle and '-ing' forms of a verb or phrasal verb ('point out')."""
    first, _, rest = base.partition(" ")
    rest = " " + rest if rest else ""
    stem = _DOUBLED.get(first)
    third, past, ing = _inflect(first)
    if stem:
        past, ing = stem + "ed", stem + "ing"
    out = {base, third + rest, ing + rest}
    if first in _PARTICIPLE:
        out.add(_PARTICIPLE[first] + rest)
    out.add(_IRREGULAR[base] if base in _IRREGULAR else past + rest)
    return out


# Verbs that report a clause: 'X alleged that ...', 'X pointed out that ...'. Alone before a
# quote they attribute it ('"...," she went on.'). Forms that are mainly nouns ('object',
# 'report', 'state', 'note') are listed in their other forms only.
THAT_BASES = (
    "acknowledge", "add", "admit", "affirm", "agree", "allege", "announce", "argue", "assert",
    "assure", "aver", "boast", "caution", "charge", "claim", "clarify", "comment", "complain",
    "concede", "conclude", "concur", "confide", "confirm", "contend", "continue", "counter",
    "declare",
    "disclose", "emphasise", "emphasize", "estimate", "explain", "forecast", "go on", "hint",
    "indicate", "insist", "joke", "lament", "maintain", "mention", "note", "object", "observe",
    "point out", "predict", "quip", "reaffirm", "reason", "recall", "reckon", "recount",
    "reiterate", "remark", "repeat", "reply", "report", "respond", "retort", "reveal",
    "specify", "speculate", "state", "convey", "stress", "suggest", "testify", "underline",
    "underscore", "warn", "write", "tweet", "post", "guarantee", "signal", "spell out",
)  # fmt: skip
# the nouns among those forms: they stay cues only in their verb forms
_NOUN_FORMS = {
    "object", "objects", "report", "reports", "state", "states", "note", "notes", "comment",
    "comments", "repeat", "repeats", "counter", "counters", "charge", "charges", "post",
    "posts", "reason", "reasons", "forecasts", "estimate", "estimates", "joke",
    "jokes", "claim", "claims", "reply", "replies", "signal", "signals", "tweet", "tweets",
    "guarantee", "guarantees", "hint", "hints", "lament", "laments", "boast", "boasts",
    "remark", "remarks", "mention", "mentions", "stress", "quip", "quips", "recall",
    "recalls", "disputes", "faults", "requests", "champions", "renews", "go on", "goes on", "going on", "reasoning", "respond", "add", "adds", "write", "writes", "warn",
    "insist", "agree", "admit", "argue", "suggest", "explain", "declare", "affirm",
}  # fmt: skip
# Verbs whose object or infinitive is the position: 'X denounced the deal', 'X lobbied for
# talks', 'X encouraged both sides to ...'. Only past, '-s' and '-ing' forms: a base form
# ('to applaud') is too often no report at all.
OBJECT_BASES = (
    "applaud", "commend", "laud", "denounce", "decry", "deplore", "slam", "blast",
    "lambast", "lambaste", "rebuke", "castigate", "chide", "deride", "ridicule", "dispute",
    "contest", "refute", "rebuff", "spurn", "shrug off", "brush off", "wave away",
    "warn against", "caution against", "advocate", "champion", "tout", "request",
    "encourage", "implore", "exhort", "congratulate", "regret", "reaffirm", "renew",
    "insist on", "press for", "lobby for", "argue for", "argue against",
    "hit out at", "take aim at", "rail against", "warn of", "complain about", "complain of",
    "stand by",
    "put forward", "lay out", "set out", "float", "recommend", "assail", "disparage",
    "fault", "question", "challenge", "welcome", "reject", "oppose", "favour", "favor",
    # phrases of news English whose object is the position taken
    "throw cold water on", "pour cold water on", "give backing to", "give support to",
    "shoot down", "speak in favour of", "speak in support of", "make the case for",
    "take issue with", "hold out hope of", "hold out the prospect of", "balk at",
    "come out in favour of", "come out in support of", "sound the alarm over",
    "sound the alarm about", "push back against", "talk up", "play up", "speak of",
    "offer", "leave the door open to", "keep the door open to", "close the door on",
    # pressing, objecting, backing and hinting, as news English phrases them
    "push for", "plead for", "step up calls for", "join calls for", "turn down", "snub",
    "walk back", "pour scorn on", "take a swipe at", "round on", "lament", "bemoan",
    "raise concerns about", "raise concerns over", "voice concerns about", "issue a warning over",
    "issue a warning about", "sign off on", "agree in principle to", "heap praise on",
    "give the green light to", "line up behind", "rally behind", "side with", "double down on",
    "back away from", "hold out hope for", "remain open to", "hint at", "table", "commit to",
    "leave open the possibility of", "weigh in on", "condition", "set preconditions for",
    "set conditions for", "stop short of", "hold firm on", "draw a red line over",
    "draw a red line on", "back up", "float the idea of", "endorse", "distance",
    "speak out against", "highlight",
)  # fmt: skip
# 'threw his weight behind the plan', 'signalled her openness to talks': a phrase with the
# speaker's possessive, in every person
_POSSESSIVES = ("his", "her", "their", "its", "my", "our")
_POSSESSIVE_PHRASES = {
    ("threw", "throws", "thrown", "throwing"): "weight behind",
    ("put", "puts", "putting"): "weight behind",
    ("lent", "lends", "lending"): "weight to",
    ("gave", "gives", "given", "giving"): "blessing to",
    ("made", "makes", "making"): "case for",
    ("repeated", "repeats", "repeating"): "call for",
}  # fmt: skip

# 'appeared to rule out talks', 'seems to back the plan': a hedged verb of position, whose
# base form is a cue only after the hedge
_HEDGES = (
    "appeared to", "appears to", "seemed to", "seems to",
    # a refusal or a negation of a verb of position is a position too: 'refused to rule out
    # military action', 'declined to commit to talks', 'did not back up the claims'
    "refused to", "refuses to", "declined to", "declines to", "did not", "does not",
    "would not", "will not",
    # eagerness or care to say something: 'was quick to welcome', 'was at pains to stress
    # that ...' (the form of 'be' before them is read as part of the cue by quotes.py)
    "quick to", "keen to", "careful to", "at pains to", "eager to", "swift to", "the first to",
)  # fmt: skip
_HEDGED_BASES = (
    "rule out", "reject", "back", "endorse", "welcome", "dismiss", "accept", "support", "oppose",
    "play down", "downplay", "criticise", "criticize", "question", "signal", "embrace",
    "back up", "commit to", "stress", "point out", "note", "praise", "condemn", "deny",
    "insist", "emphasise", "emphasize", "underline", "distance",
)  # fmt: skip
# a refusal or a wish to engage is a position whatever the verb of engaging: 'has refused to
# meet X outside the forum', 'declined to join the talks', 'is keen to meet' (but 'did not meet'
# only tells what happened)
_REFUSALS = ("refused to", "refuses to", "declined to", "declines to", "would not", "will not",
             "keen to", "eager to")  # fmt: skip
_ENGAGE_BASES = ("meet", "join", "talk to", "talk with", "negotiate with", "attend", "sign",
                 "recognise", "recognize", "engage with")  # fmt: skip
# hedges after which a form of 'be' belongs to the cue: 'Qatar was quick to welcome ...'
BE_HEDGES = ("quick to", "keen to", "careful to", "at pains to", "eager to", "swift to",
             "the first to")  # fmt: skip
_PAST_IRREGULAR = {"stood", "laid", "set", "put"}
# phrases whose past is their base form ('hit out at', 'put forward'): the past stays a cue
_SAME_PAST = {base for base, past in _IRREGULAR.items() if base == past}
# and phrases whose participle is their base form ('have come out in favour of')
_SAME_PAST |= {base for base in OBJECT_BASES if base.startswith("come ")}
_OBJECT_SKIP = {"stand by", "lay out", "set out", "put forward", "renew", "float", "contest",
                "slam", "blast", "challenge", "question", "favour", "favor", "table",
                "condition", "back up", "distance", "commit to"}  # fmt: skip


def _that_forms() -> set[str]:
    out: set[str] = set()
    for base in THAT_BASES:
        out |= forms(base)
    return out - _NOUN_FORMS


def _object_forms() -> set[str]:
    out: set[str] = set()
    for base in OBJECT_BASES:
        f = forms(base) - ({base} - _SAME_PAST)
        if base in _OBJECT_SKIP:  # ambiguous as nouns or as actions: the past form only
            f = {x for x in f if x.split()[0].endswith("ed") or x.split()[0] in _PAST_IRREGULAR}
        out |= f
    return out - _NOUN_FORMS


def _possessive_phrases() -> set[str]:
    return {f"{verb} {pos} {rest}" for verbs, rest in _POSSESSIVE_PHRASES.items()
            for verb in verbs for pos in _POSSESSIVES}  # fmt: skip


# a verb whose object is the speaker's own stance noun and its preposition: 'kept up its
# objection to ...', 'repeated its demand for ...', 'softened its stance on ...', 'stuck to
# its position that ...'; what follows the preposition is the position
_STANCE_VERB = (
    r"(?:(?:kept|keeps|keeping)\s+up|(?:stuck|sticks|sticking)\s+to|kept|keeps|keeping|"
    r"maintained|maintains|maintaining|repeated|repeats|repeating|softened|softens|softening|"
    r"hardened|hardens|hardening|toughened|toughens|toughening|gave|gives|giving|given|lent|"
    r"lends|lending|threw|throws|throwing|thrown|added|adds|adding|renewed|renews|renewing|"
    r"dropped|drops|dropping|reversed|reverses|reversing|shifted|shifts|shifting|underlined|"
    r"underlines|underlining)"
)
_STANCE_NOUN = (
    r"(?:calls?|demands?|objections?|opposition|support|backing|commitment|stance|position|"
    r"line|insistence|offer|threat|readiness|willingness|rejection|criticism|concerns?|voice|"
    r"appeal|plea|condemnation|endorsement|refusal|blessing)"
)
STANCE_PHRASE = (
    _STANCE_VERB
    + r"\s+(?:its|their|his|her|our|my)\s+(?:[a-z-]+\s+)?"
    + _STANCE_NOUN
    + r"\s+(?:to|for|on|of|behind|against|over|about|with|that)"
)
STANCE_RE = re.compile(STANCE_PHRASE)

REPORTING_THAT_VERBS = frozenset(_that_forms())
REPORTING_OBJECT_VERBS = frozenset(
    _object_forms()
    | _possessive_phrases()
    | {f"{h} {b}" for h in _HEDGES for b in _HEDGED_BASES}
    | {f"{h} {b}" for h in _REFUSALS for b in _ENGAGE_BASES}
)
