"""What a verb of saying takes after it, when no quotation follows: the shapes of its
complement that :mod:`serving.article.reported_speech` reads ('said the talks would resume',
'told reporters the deal was close', 'stressed the need for ...', 'suggested holding talks')."""

from __future__ import annotations

import re

from serving.article.vocabulary import DAY

# the addressee of 'told' with a relative clause or a quoted name before its 'that'
TELL_THAT = re.compile(
    r"^\s+(?:[^\s,.;:]+\s+){0,6}?(?:[^\s,.;:]+)(?:,\s*(?:who|which)\s[^.;:]{0,120}?,)?\s+that(?:\s|,\s)"
)
# after a that-verb, a clause without 'that' whose subject is a noun phrase: 'insisted the
# sanctions must go first', 'acknowledged the talks had stalled'
NP_CLAUSE = re.compile(
    r"\s+(?=(?:the|a|an|its|his|her|their|this|these|those|both|[A-Z][\w’'-]*)\s+"
    r"(?:[\w’'“”\"¤-]+\s+){0,7}?(?:must|would|will|had|has|have|was|were|is|are|could|should|can|"
    r"may|might|did|does|remained|remains)\b)"
)
# the same with a past verb and no auxiliary: 'alleges the North abducted 17 citizens' (an
# '-ed' word right after the article is an adjective: 'noted the increased pressure')
NP_PAST_CLAUSE = re.compile(
    r"\s+(?=(?:the|its|his|her|their|this|these|those|both|[A-Z][\w’'-]*)\s+(?:[\w’'-]+\s+){0,3}?"
    r"(?<!\bthe\s)(?<!\bits\s)(?<!\bhis\s)(?<!\bher\s)(?<!\btheir\s)[a-z]{3,}ed\s+(?!by\b|to\b)\S)"
)
# 'stressed the need for ...', 'underlined the importance of ...': the position is the object
# 'stressed the need for a solution', 'affirmed Nigeria's openness to talks', 'admitted the
# difficulty of the talks': a verb of saying whose object is a noun of a stance or a judgement
NEED = re.compile(
    r"\s+(?=(?:the|its|his|her|their|our|(?:the\s+)?[\w-]+[’']s)\s+(?:[a-z-]+\s+)?"
    r"(?:need|importance|necessity|urgency|value|openness|readiness|willingness|commitment|"
    r"resolve|determination|wish|desire|difficulty|intention|preference|support|backing|"
    r"opposition|objection|rejection|endorsement|approval|respect|concerns?|hopes?|call)"
    r"\s+(?:of|for|to|about|over)\b)"
)
# 'told Tehran to halt the strikes': the addressee and what they were told to do
TOLD_TO = re.compile(
    r"\s+(?=(?!reporters\b|journalists\b)(?:[^\s,.;:¤]+\s+){1,4}?to\s+[a-z]+)(?!(?:[^\s,.;:¤]+\s+){0,4}?that\b)"
)
# 'told state television the talks would resume': the one told, then a clause without 'that'
TELL_NP = re.compile(
    r"\s+(?:[^\s,.;:¤]+\s+){1,4}?(?<!\bthe\s)(?<!\ba\s)(?<!\ban\s)(?<!\bits\s)(?<!\bhis\s)"
    r"(?<!\bher\s)(?<!\btheir\s)(?=(?:the|a|an|its|his|her|their|this|these|both|he|she|it|"
    r"they|we|I|[A-Z][\w’'-]*)\s+(?:[\w’'-]+\s+){0,4}?(?:must|would|"
    r"will|had|has|have|was|were|is|are|could|should|can|may|might|does|did|do|remained|"
    r"remains)\b)"
)
# verbs of saying whose '-ing' object is the proposal ('suggested holding talks in Oslo'); 'went
# on ruling' is no report
GERUND_VERBS = {"suggested", "suggests", "suggesting", "recommended", "recommends", "advised",
                 "advises", "mentioned", "mentions", "floated", "floats"}  # fmt: skip
# an announcement's object is what was announced: 'announced the holding of a dialogue',
# 'revealed the planned trip to Baghdad', 'asserts a claim to the islands'
ANNOUNCE_VERBS = {"announced", "announces", "revealed", "reveals", "disclosed", "discloses",
                   "unveiled", "unveils", "asserted", "asserts", "reasserted",
                   "reasserts"}  # fmt: skip
ANNOUNCED = re.compile(r"\s+(?:the|a|an|his|her|its|their|plans?|new)\s")
FIGURES_OF = re.compile(
    r"(?:the\s+)?(?P<who>[A-Z][^,.;:¤]{1,60}?)(?:’s|'s)?\s+(?:estimates|figures|data|statistics|"
    r"projections|tally|count|statement|readout|communiqu[eé]|assessment)\b"
)
GERUND = re.compile(r"\s+(?!being\b|having\b|nothing\b|anything\b)[a-z]{3,}ing\b")
NO_CLAUSE = re.compile(
    r"\s+(?:little|nothing|goodbye|anything|otherwise|as\s+much|so(?=\s*[.,;]))\b"
)
# 'said Tuesday it was ready': a day right after the verb is when, not what, was said
SAID_WHEN = re.compile(
    r"\s+(?:(?:on\s+|late\s+|early\s+)?(?:" + DAY + r"|yesterday|today|tonight)"
    r"(?:\s+(?:morning|afternoon|evening|night))?,?\s+)?"
    r"(?=[^\W\d_])"
)
PRONOUN_CLAUSE = re.compile(r"\s+(?=(?:he|she|it|they|we|I|there)\s+[a-z’']+\b)")
# where something was said, between the verb and a clause without 'that': 'stated in an
# interview there was ...', 'argued in a letter the deal had failed'
SETTING_LEAD = re.compile(
    r"\s+(?:in|during|at)\s+(?:a|an|the|his|her|its|their)\s+(?:[\w-]+\s+){0,3}?(?:interview|"
    r"statement|speech|press\s+conference|news\s+conference|briefing|post|letter|message|"
    r"address|op-ed|article)(?=[\s,])"
)
