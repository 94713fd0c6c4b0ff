"""Which earlier group a group mention is, and which of its forms names it.

News writing names a body in full once and shortens it after ("Russia's Foreign Ministry" ...
"the Foreign Ministry" ... "the ministry"; "the Israeli military" ... "the military"), or
opens with the short form (a headline's "Ministry says") and gives the full one in the lede.
A mention is read as its head noun (the last word before any 'of'/'for'/'with' phrase) and
the set of its other content words, places made canonical ("Russian" and "Russia's" are one).
Two mentions with the same head are one body when one's words hold the other's; the body is
named by its fullest form, as a person is named by the full name.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from serving.article.coreference import place_key

# words that open a new, different set rather than point back ('another official', 'some
# analysts', 'a diplomat'): such a mention is never merged with an earlier one
_NEW_SET = {"another", "some", "many", "several", "other", "others", "most",
            "few", "three", "four", "five", "six", "more", "all", "each", "any", "no",
            "second", "third", "fellow"}  # fmt: skip
# where a mention's head phrase ends: a prepositional phrase or a description after the head
_CUT = {"of", "for", "in", "on", "at", "with", "from", "to", "familiar", "close", "who",
        "which", "that", "including", "based", "involved"}  # fmt: skip
# sentence openers that a subject phrase may carry ('But both sides'): no part of the name
_OPENERS = {"but", "and", "so", "yet", "however", "meanwhile", "also", "even", "still", "now"}
_TOKEN = re.compile(r"[A-Za-z][\w.’'-]*")


@dataclass(frozen=True)
class BodyForm:
    """A group mention as coreference compares it."""

    head: str
    words: frozenset[str]
    indefinite: bool  # 'an Israeli official': an antecedent, never a later mention of one

    def size(self) -> int:
        return len(self.words)


def body_form(text: str) -> BodyForm | None:
    """The head and content words of a group mention; None for a joint ('X and Y') or a
    mention that opens a new set ('some analysts', 'an official')."""
    tokens = _TOKEN.findall(body_name(text))
    if not tokens:
        return None
    while tokens and tokens[0].lower() in _OPENERS:
        tokens = tokens[1:]
    if not tokens:
        return None
    low = [t.lower() for t in tokens]
    if low[0] in _NEW_SET:
        return None
    if not _one_body(tokens, low):
        return None
    indefinite = low[0] in ("a", "an", "one")
    words: list[str] = []
    head = ""
    in_head = True
    for tok, lw in zip(tokens, low, strict=True):
        if lw in ("the", "both", "a", "an", "one"):
            if lw == "both":  # 'both sides' is 'the two sides'
                words.append("two")
            continue
        if lw in _CUT:
            in_head = False
            continue
        if lw in ("and", "&"):  # 'Egyptian and Qatari mediators': two adjectives
            continue
        bare = re.sub(r"(?:’s|'s)$", "", tok).rstrip(".")
        key = place_key(bare) if bare[:1].isupper() else None
        word = f"@{key}" if key else bare.lower().replace(".", "")
        if in_head:
            head = word
        words.append(word)
    if not head or head.startswith("@"):
        return None  # a place alone ('Moscow') is matched by its name, not its head
    return BodyForm(head, frozenset(w for w in words if w != head), indefinite)


# 'MOSCOW — ', '3 (Reuters) - ' (the end of 'DOHA, March 3 (Reuters) - ')
_DATELINE = re.compile(r"^(?:[A-Z][A-Z .,'-]+|[^()]*\([A-Za-z ./]{2,20}\))\s*[—–-]+\s+")


def _one_body(tokens: list[str], low: list[str]) -> bool:
    """No joint of two speakers ('the army and the RSF', 'Ben Gvir and Smotrich'): an 'and'
    only inside a phrase after the head ('leaders of Russia and Ukraine') or between two
    adjectives of a common noun ('Egyptian and Qatari mediators')."""
    for i, w in enumerate(low):
        if w not in ("and", "&"):
            continue
        if any(x in _CUT for x in low[:i]):
            continue
        adjectives = 0 < i < len(low) - 2 and tokens[i - 1][:1].isupper()
        if adjectives and tokens[i + 1][:1].isupper() and tokens[-1][:1].islower():
            continue
        return False
    return True


def body_name(text: str) -> str:
    """The mention without a dateline or a sentence opener it carried ('But both sides' ->
    'both sides', 'MOSCOW — the Kremlin' -> 'the Kremlin')."""
    words = _DATELINE.sub("", text).split()
    while len(words) > 1 and words[0].lower().strip(",") in _OPENERS:
        words = words[1:]
    # 'The New York Times newspaper', 'the Interfax news agency': the outlet by its name (a
    # nationality before the noun, 'an Israeli newspaper', is no name)
    n = len(words) - (2 if words[-2:] == ["news", "agency"] else 1)
    if (
        n >= 1
        and " ".join(words[n:]) in _MEDIA
        and words[n - 1][:1].isupper()
        and words[n - 1].lower() not in ("the", "this", "that")  # 'The newspaper': no name
        and not words[n - 1].endswith(("an", "ese", "ish", "i"))
    ):
        words = words[:n] if words[0] != "the" or n == 1 else words[1:n]
    # 'the Houthi-run Saba', 'the state-owned IRNA': who runs an outlet is no part of its name
    if len(words) >= 2 and words[0].lower() in ("the", "a") and _RUN_BY.search(words[1]):
        words = words[1:]
    if len(words) >= 2 and _RUN_BY.search(words[0]) and words[1][:1].isupper():
        words = words[1:]
    return " ".join(words)


_RUN_BY = re.compile(r"\w-(?:run|owned|controlled|affiliated|funded)$")


_MEDIA = {"newspaper", "daily", "news agency", "broadcaster", "website", "weekly"}


def same_body(new: BodyForm, old: BodyForm) -> bool:
    """A shorter or equal form of ``old`` ('the ministry' after "Russia's Foreign Ministry"),
    with the same head noun; an indefinite mention ('an official') is someone new."""
    return new.head == old.head and not new.indefinite and new.words <= old.words


def fuller(new: BodyForm, old: BodyForm) -> bool:
    """``new`` says all that ``old`` says and more: the form the body is named by."""
    return new.head == old.head and not new.indefinite and old.words < new.words


_ACRONYM = re.compile(r"(?:[Tt]he\s+)?((?:[A-Z]\.){2,6}|[A-Z]{2,6})")
_SMALL = {"of", "the", "and", "for", "on", "in", "de"}


def acronym(text: str) -> str | None:
    """'the EU', 'U.N.' -> 'EU', 'UN'; None for anything else."""
    m = _ACRONYM.fullmatch(body_name(text).strip())
    return m.group(1).replace(".", "") if m else None


def initials(text: str) -> str | None:
    """The acronym a body's full name makes ('the European Union' -> 'EU', 'Israel Defense
    Forces' -> 'IDF'): the initials of its capitalised words, small words left out; None
    where fewer than two words are capitalised or another word breaks the name."""
    words = [w for w in body_name(text).split() if w.lower() not in _SMALL]
    if len(words) < 2 or not all(w[:1].isupper() and not w.isupper() for w in words):
        return None
    return "".join(w[0] for w in words)


# a body's acronym in brackets, and its full name just before: capitalised words with small
# words between them, read in a bounded window before the brackets (linear in the text)
_BRACKET = re.compile(r"(?<=[^\s] |\w\n)\(([A-Z]{2,6})\)")  # one space before
_NAME_BEFORE = re.compile(
    r"(?<![\w’'-])((?:[A-Z][\w’'-]*\s+(?:(?:of|for|and|the|on|de)\s+)*)*+[A-Z][\w’'-]*)$"
)
_WINDOW = 120


def bracketed_acronyms(mtext: str) -> tuple[str, dict[str, str]]:
    """The text with each '(ACR)' that follows a body's name blanked (so that the name reads
    as a subject where the brackets stood: 'According to the Alliance of Sahel States (AES),'),
    and each acronym with the full name it stands for, lower case without 'the'."""
    out: dict[str, str] = {}
    chars: list[str] | None = None
    for b in _BRACKET.finditer(mtext):
        end = b.start() - 1  # the name ends before the space
        lo = max(0, end - _WINDOW)
        m = _NAME_BEFORE.search(mtext, lo, end)
        if m is None or m.start() == lo > 0:
            continue
        name = re.sub(r"^(?:the|The)\s+", "", m.group(1))
        if initials(name) is None and len(name.split()) < 2:
            continue  # 'Hamas (AES)': a lone word is no full name
        out.setdefault(b.group(1), name.lower())
        # the brackets and the space before them go blank; the offsets stay
        chars = chars if chars is not None else list(mtext)
        chars[end : b.end()] = " " * (b.end() - end)
    return ("".join(chars) if chars is not None else mtext), out


def bracketed_name(bracketed: dict[str, str], name: list[str]) -> str | None:
    """The full name given before an acronym in brackets that ``name`` is, or ends after
    'of'/'for' ('Tamil Eelam' of 'Liberation Tigers of Tamil Eelam'), written as a title."""
    joined = " ".join(name).lower()
    for full in bracketed.values():
        if full == joined:
            return " ".join(name)
        if full.endswith((" of " + joined, " for " + joined)):
            small = ("of", "for", "and", "the", "on", "de")
            lead = full[: -len(joined)].split()
            return " ".join([*(w if w in small else w[:1].upper() + w[1:] for w in lead), *name])
    return None
