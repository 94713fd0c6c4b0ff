"""Pathological article shapes: text that made the rule-based extractor super-linear.

Each shape is a unit repeated up to a target size, with an optional fixed head and tail
(``make("spaces_before_said", 50_000)``). The growth and isolation tests (tests/article/), the
stress scenario (bench/stress/article.py) and ``python -m bench.article_shapes`` (the growth
table in the README) all use these.
"""

from __future__ import annotations

# name -> (head, unit, tail)
SHAPES: dict[str, tuple[str, str, str]] = {
    "dash_word": ("", "A-", "A"),  # one token: 'A-A-A-…'
    "spaces_before_said": ("Ann", " ", "Lee said that talks matter."),
    "tabs_before_said": ("Ann", "\t", "Lee said that talks matter."),
    "quoted_sentences": ("", "“a.” ", ""),
    "quote_dog_said": ("", '"a b c" dog said ', ""),
    "xavier_met_yolanda": ("", "Xavier met Yolanda ", ""),
    "adverbs_before_said": ("Ann Lee ", "quickly ", "said that talks matter."),
    "name_comma_run": ("", "Ann Lee, ", "said that talks matter."),
    "quote_said_name": ("", "“a b c” said Ann Lee, ", "."),
    "according_to_run": ("", "according to Ann Lee ", "."),
    "minister_of_place": ("", "the minister of Varne ", "said."),
    "called_it_run": ("", "called it “a b c” ", ""),
    "quote_she_said": ("", "“a b c,” she said. ", ""),
    "colon_quote": ("", "he said: “a b c” ", ""),
    "capital_letters": ("", "A ", "said."),
    "paragraph_quotes": ("", "“Talks must go on,” said Ann Lee.\n\n", ""),
    "abbreviations": ("", "Mr. ", "said."),
    "possessive_run": ("", "Marland’s ", "policy."),
}

SIZES = (12_500, 25_000, 50_000, 100_000)


def make(name: str, size: int) -> str:
    """The shape ``name`` at about ``size`` characters (never more)."""
    head, unit, tail = SHAPES[name]
    n = max(1, (size - len(head) - len(tail)) // len(unit))
    return head + unit * n + tail
