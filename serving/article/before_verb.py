"""The words between a speaker and the reporting verb that belong to neither: auxiliaries and
adverbs ('Marrek has also said'), a time or a discourse adverbial ('X on Wednesday, meanwhile,
said') and a hedge before the subject ('It is understood senior members have said')."""

from __future__ import annotations

import re

from serving.article.vocabulary import DAY, MONTH

# Words between a speaker and the verb ('Marrek also said', 'she has repeatedly warned').
_TRAIL_WORD = re.compile(
    r"also|later|then|only|once|again|repeatedly|privately|publicly|recently|previously|"
    r"has|have|had|will|would|did|does|do|not|never|already|still|further|earlier|"
    r"subsequently|often|flatly|bluntly|simply|separately|himself|herself|too|long|now|just|even|"
    r"both|all|themselves|itself|first|finally|since|"
    r"[a-z]+ly"
)
# a time or a discourse adverbial between the speaker and the verb: 'X on Wednesday said',
# 'X, meanwhile, said', 'X, for his part, said', 'X last week said'
_TRAIL_SETTING = re.compile(
    r"(?:\s*,\s*(?:meanwhile|however|though|too|in\s+turn|for\s+(?:his|her|its|their)\s+part|"
    r"in\s+response|separately|instead|in\s+contrast|by\s+contrast)\s*,|"
    r"\s+(?:on\s+" + DAY + r"(?:\s+(?:morning|afternoon|evening|night))?|" + DAY + r"|yesterday|"
    r"today|last\s+(?:week|month|year|night)|earlier\s+this\s+(?:week|month|year)|"
    r"over\s+the\s+weekend|(?:earlier\s+)?on\s+(?:\d{1,2}\s+)?" + MONTH + r"(?:\s+\d{1,2})?)"
    r")\s*$"
)
_IT_IS = re.compile(r"\bIt\s+is\s+(?:understood|believed|thought|reported)\s+(?:that\s+)?")


def _strip_trail(s: str) -> str:
    """Drop the adverbs and auxiliaries that end ``s`` ('Marrek has also'), each with the
    whitespace before it; one backward scan."""
    while True:
        k = len(s)
        j = k
        while j > 0 and not s[j - 1].isspace():
            j -= 1
        if j == 0 or j == k or not _TRAIL_WORD.fullmatch(s, j, k):
            return s
        while j > 0 and s[j - 1].isspace():
            j -= 1
        s = s[:j]


def before_verb(s: str) -> str:
    """``s`` (the text before a reporting verb) without what ends it between the speaker and
    the verb; a hedge before the speaker is blanked, so that offsets into ``s`` stay valid."""
    s = _strip_trail(s)
    while (tm := _TRAIL_SETTING.search(s)) is not None:  # 'X on Wednesday, meanwhile, said'
        s = _strip_trail(s[: tm.start()])
    return _IT_IS.sub(lambda m: " " * len(m.group()), s)
