"""Who is speaking: mentions merged into one entity per person or group.

The registry keeps one entity per surname, the most recent mentions for pronouns and
descriptions to resolve against, and the first role given. The phrases themselves are read by
:mod:`serving.article.speaker_phrases`.
"""

from __future__ import annotations

import re

from serving.article.coreference import (
    Mention,
    by_given_name,
    focus_order,
    full_key,
    other_given,
    other_keys,
    place_keys,
    qualifiers,
    rank_words,
)
from serving.article.entity import Entity
from serving.article.group_coreference import (
    BodyForm,
    bracketed_name,
)
from serving.article.group_resolution import GroupResolution
from serving.article.speaker_phrases import Subject
from serving.article.vocabulary import (
    BODY_NAMES,
    FAMILY_FIRST,
    INSTITUTIONS,
    OFFICE_HEADS,
    ORG_WORDS,
    PARTICLES,
    PERSON_NOUNS,
    PLACE_HEADS,
    TITLE_GENDER,
    TITLE_WORDS,
    WIRES,
    clean_token,
    geo_names,
    lower_head,
    person_key,
    role_noun,
    surname_key,
)

_OWNED = re.compile(r"(?:\b(the)\s+)?\b([\w-]+)(?:’s|'s)\s+(?:[\w-]+\s+){0,2}[\w-]+$", re.I)


class Registry(GroupResolution):
    """Entities and the mentions that pronouns and descriptions resolve against."""

    def __init__(self, places: set[str] | None = None):
        self.entities: list[Entity] = []
        self.by_surname: dict[str, Entity] = {}
        self.ages: dict[int, str] = {}  # entity id -> the age an apposition gave ('X, 62,')
        self.by_full: dict[str, Entity] = {}  # 'omar haddad': one of two persons named Haddad
        self.by_group: dict[str, Entity] = {}
        self.salience: list[Mention] = []
        self.speakers: set[int] = set()
        self.places = places or set()
        # surnames the article gives in full somewhere: a person even where a lone surname
        # looked like a place ('with Scholz', "Orban's trip")
        self.full_names: set[str] | None = None  # learnt when the walk reads its first sentence
        self.merged: dict[int, int] = {}
        # group coreference: each group's form, the groups by head noun, and when an entity
        # was last mentioned (sentence, paragraph)
        self.forms: dict[int, BodyForm] = {}
        self.by_head: dict[str, list[Entity]] = {}
        self.last_seen: dict[int, tuple[int, int]] = {}
        self.pairs: set[int] = set()
        self.by_initials: dict[str, Entity] = {}  # 'EU' -> the European Union
        self.sentence = 0
        self.lead_end = -1  # where the current sentence's leading adverbial ends
        self.sentence_words: frozenset[str] = frozenset()  # the current sentence's words

    def begin_sentence(self, lead_end: int, text: str = "") -> None:
        """A new sentence: its mentions rank after those of the earlier ones for 'he'."""
        self.sentence += 1
        self.lead_end = lead_end
        self.sentence_words = frozenset(re.findall(r"[^\W\d_]+", text.lower()))

    def _new(self, kind: str, name: str, pos: int, para: int) -> Entity:
        ent = Entity(len(self.entities), kind, name, first=pos, paragraph=para)
        self.entities.append(ent)
        return ent

    def person(
        self, sub: Subject, para: int, create: bool = True, place_ok: bool = False
    ) -> Entity | None:
        name = [t for t in sub.name if t.lower() not in PARTICLES or t != sub.name[-1]]
        if name and len(name[-1]) > 2 and name[-1].endswith("."):  # 'Marrek.' ends a sentence
            name[-1] = name[-1].rstrip(".")
        if not name:
            return None
        if not sub.title and all(re.fullmatch(r"[A-Z][A-Z0-9]{1,5}", t) for t in name):
            # 'NATO said', 'IRNA reported', 'ZANU PF': acronyms name a body, a group; one given
            # in brackets always does ('LTTE'), else a lone one named as a person before stays
            # one ('MBS') and a news wire that relays a report is no speaker
            joined = " ".join(name)
            known = surname_key(name[0])
            known_person = len(name) == 1 and (
                known in self.by_surname or known in (self.full_names or ())
            )
            if joined in self.bracketed or (joined.lower() not in WIRES and not known_person):
                return self.group(Subject("group", joined, sub.start, sub.end), para)
        if self.bracketed and (full := bracketed_name(self.bracketed, name)) is not None:
            # 'the Liberation Tigers of Tamil Eelam (LTTE) said': the body, not 'Tamil Eelam'
            return self.group(Subject("group", full, sub.start, sub.end), para)
        if clean_token(name[-1]).lower() in PLACE_HEADS:
            # 'Outside the National Palace, ...': a building or a place, never a person; it
            # speaks as the office it houses ('the Elysee Palace said')
            body = " ".join([*sub.title, *name])
            return self.group(Subject("group", body, sub.start, sub.end), para)
        if len(name) == 1 and (
            role_noun(name[0]) or clean_token(name[0]).lower() in ORG_WORDS | TITLE_WORDS
        ):
            word = clean_token(name[0]).lower()
            if word in INSTITUTIONS or (word.endswith("s") and role_noun(word)):
                # 'Analysts said', 'the Presidency said': a group that speaks
                return self.group(Subject("group", clean_token(name[0]), sub.start, sub.end), para)
            return None  # 'Minister', 'Affairs': a fragment of a title, no name
        surname = person_key(name)
        raw = lower_head(name[-1]).rstrip(".")  # as a place is written
        family = lower_head(name[0]) if len(name) > 1 else ""
        ent = self.by_full.get(full_key(name)) or self.by_surname.get(surname)
        if ent is not None and other_given(ent.name, name):
            ent = None  # 'Omar Haddad' and 'Karim Haddad': two persons with one surname
        if ent is None and family in FAMILY_FIRST:  # 'Xi' said before, 'Xi Jinping' now
            prior = self.by_surname.get(family)
            if prior is not None and " " not in prior.name:
                ent = prior
                self.by_surname[surname] = ent
        if ent is None and len(name) == 1 and sub.title:  # 'Prince Mohammed', 'Sheikh Tamim'
            ent = by_given_name(self.entities, surname, sub.title)
        if ent is None:
            if not create:
                return None
            joined = " ".join(name)
            body = joined.lower().replace("’", "'") in BODY_NAMES
            if body and not sub.title and surname not in (self.full_names or ()):
                # 'Hamas said': a body named by its proper name alone speaks as a group
                return self.group(Subject("group", joined, sub.start, sub.end), para)
            if not sub.title and joined.lower() in geo_names() and not joined.isupper():
                return self.group(Subject("group", " ".join(name), sub.start, sub.end), para)
            # 'Barrack, Washington's ambassador, said': a role makes a person of a name that
            # also followed 'with' or 'in'
            has_role = bool(sub.role and any(role_noun(w) for w in sub.role.split()))
            if (
                len(name) == 1
                and not sub.title
                and raw in self.places
                and surname not in (self.full_names or ())
                and not (place_ok or has_role)
            ):
                return None
            ent = self._described(sub.role, para)
            if ent is not None:  # 'A senior official said ... The official, Maria Lopez, said'
                ent.role = ent.role or re.sub(r"^(?:A|An)\b", lambda m: m.group().lower(), ent.name)
                ent.kind, ent.name, ent.singular = "person", " ".join(name), False
            else:
                ent = self._new("person", " ".join(name), sub.start, para)
            self.by_surname[surname] = ent
            for key in other_keys(name):  # 'Xi Jinping' later 'Xi', 'Ortiz Font' 'Ortiz'
                self.by_surname.setdefault(key, ent)
        elif len(" ".join(name)) > len(ent.name) and not re.fullmatch(r"[A-Z]\.", name[0]):
            ent.name = " ".join(name)
        if len(name) > 1:
            self.by_full.setdefault(full_key(name), ent)
        for t in sub.title:
            g = TITLE_GENDER.get(t.lower().rstrip("."))
            if g:
                ent.gender = g
        if sub.role:
            self.set_role(ent, sub.role, from_title=sub.role == " ".join(sub.title))
        if sub.age:
            self.ages[ent.id] = sub.age
        return ent

    def _described(self, role: str | None, para: int) -> Entity | None:
        """'The official, Maria Lopez, said': a name in apposition to a bare definite
        description names the anonymous person that description points back to ('a senior
        UN official' said before, in this paragraph or the two before)."""
        m = re.fullmatch(r"[Tt]he\s+([a-z][\w-]*)", (role or "").strip())
        if m is None or role_noun(m.group(1)) is None:
            return None
        head = m.group(1)
        for mn in reversed(self.salience):
            if mn.para < para - 2:
                break
            ent = mn.ent
            form = self.forms.get(ent.id)
            if ent.kind == "group" and ent.singular and form is not None and form.head == head:
                return ent
            if ent.kind == "nominal" and head in ent.heads:
                return ent
        return None

    def set_role(self, ent: Entity, role: str, from_title: bool = False) -> None:
        ent.places |= place_keys(role)
        if ent.role is None or (ent.role_from_title and not from_title):
            ent.role = role
            ent.role_from_title = from_title
        words = role.split()
        low = [w.lower() for w in words]
        if "prime" in low[:-1] and low[low.index("prime") + 1] == "minister":
            # 'Prime Minister X', later 'the premier'
            ent.heads.add("premier")
            ent.ranks.setdefault("premier", rank_words(words[: low.index("prime")]))
        for i, w in enumerate(words):
            h = role_noun(w)
            if h:
                h = h.rstrip("s") if h.endswith("s") and h[:-1] in PERSON_NOUNS else h
                ent.heads.add(h)
                ent.ranks.setdefault(h, rank_words(words[:i]))

    def _owned_by_someone(self, text: str) -> bool:
        """'the minister's spokesman', 'the Kingdom's ambassador', 'Haddad's spokesman': an
        owner described (lower case or after 'the') or a known person; a country by its name
        ('America's top diplomat') is no owner here."""
        if re.match(r"(?:his|her)\s", text, re.I):
            return True  # 'his spokesman'
        owned = _OWNED.search(text)
        if owned is None:
            return False
        the, owner = owned.groups()
        return (
            bool(the)
            or owner[0].islower()
            or any(
                mn.ent.kind == "person" and mn.ent.key() == owner.lower() for mn in self.salience
            )
        )

    def nominal(self, sub: Subject, para: int, create: bool = True) -> Entity | None:
        """'The minister', 'the US top diplomat': the person whose role has that head noun
        and no other country; else the subject in focus; else a new, unnamed description."""
        if sub.head and sub.head.endswith("-year-old"):  # 'the 62-year-old': that age
            age = sub.head.split("-")[0]
            aged = [self.entities[i] for i, a in self.ages.items() if a == age]
            return aged[0] if len(aged) == 1 else None
        head = (sub.head or "").rstrip("s") if sub.head not in ("ministries",) else sub.head
        named = place_keys(sub.text)

        ranks = rank_words(sub.text.split())

        owner = re.match(r"(?:the\s+)?([A-Z][\w-]*)(?:’s|'s)\s", sub.text)
        owner_key = owner.group(1).lower() if owner else None

        def fits(ent: Entity) -> bool:  # 'the US leader' is not the one called Russian
            if owner_key and ent.kind == "person" and ent.key() == owner_key:
                return False  # "Haddad's spokesman" is someone else than Haddad
            if (
                head in OFFICE_HEADS
                and ent.heads & OFFICE_HEADS
                and head not in ent.heads | {*ent.name.lower().split()}
            ):
                return False  # 'the Qatari emir' is not the Qatari foreign minister
            return not (named and ent.places and not named & ent.places)

        def same_office(ent: Entity) -> bool:  # 'the President' is not the Vice President
            return ent.ranks.get(head, frozenset()) == ranks

        # 'the foreign minister' after a defence minister and a foreign minister: the one whose
        # role holds the description's other words, else the latest with the head noun
        quals = qualifiers(sub.text, head)
        found = None
        for mn in reversed(self.salience):
            ent = mn.ent
            if ent.kind == "group" and not ent.singular:
                continue
            if not (head and fits(ent) and same_office(ent)):
                continue
            if head in ent.heads or head in ent.name.lower():
                role = {w.lower() for w in (ent.role or "").split()}
                if not quals or quals <= role:
                    found = ent
                    break
                found = found or ent
        if found is None and named:
            found = next(
                (
                    mn.ent
                    for mn in focus_order(self.salience, para)
                    if mn.ent.kind == "person" and named & mn.ent.places and fits(mn.ent)
                ),
                None,
            )
        # "the minister's spokesman": someone who speaks for the one in focus, not that one;
        # 'the envoy told Haddad ...': one named in the same sentence is someone else, and so
        # is the one in focus when the sentence has him as an object ('the envoy told him
        # that ...'; 'her' is left out, as it is a possessive too)
        if (
            found is None
            and "him" not in self.sentence_words
            and not self._owned_by_someone(sub.text)
        ):
            found = next(
                (
                    mn.ent
                    for mn in focus_order(self.salience, para)
                    if mn.ent.kind == "person"
                    and fits(mn.ent)
                    and mn.ent.key() not in self.sentence_words
                    and not mn.ent.heads & self.sentence_words
                ),
                None,
            )
        if found is not None:
            if head:
                found.heads.add(head)
            found.places |= named
            return found
        if not create:
            return None
        ent = self._new("nominal", sub.text, sub.start, para)
        ent.heads.add(head)
        ent.role = sub.text
        ent.places |= named
        return ent

    def pronoun(self, pron: str, para: int) -> Entity | None:
        """The subject in focus: the latest sentence with a fitting person, its subject first;
        for 'they', a plural group of this paragraph or the one before."""
        if pron in ("they", "it"):  # a body, never a person
            return self.body_pronoun(pron, para)
        if pron in ("former", "latter"):
            return self._one_of_two(pron == "latter", para)
        gender = "m" if pron in ("he", "him", "his") else "f"
        for mn in focus_order(self.salience, para):
            ent = mn.ent
            if ent.gender and ent.gender != gender:
                continue
            # an anonymous single person ('a senior official ... he said'), same paragraph only
            if ent.kind == "group" and not (ent.singular and mn.para == para):
                continue
            ent.gender = gender
            return ent
        return None

    def _one_of_two(self, latter: bool, para: int) -> Entity | None:
        """'The former said': of the latest sentence that names two persons, the first named
        (the latter: the second)."""
        sentence, named = -1, []
        for mn in focus_order(self.salience, para):
            if mn.sentence != sentence:
                if len(named) >= 2:
                    break
                sentence, named = mn.sentence, []
            if mn.ent.kind == "person" and mn.ent not in (n.ent for n in named):
                named.append(mn)
        if len(named) < 2:
            return None
        named.sort(key=lambda mn: mn.pos)
        return named[-1 if latter else 0].ent

    def resolve(self, sub: Subject, para: int) -> Entity | None:
        if sub.kind == "pronoun":
            ent = self.pronoun(sub.text, para)
        elif sub.kind == "name":
            ent = self.person(sub, para)
        elif sub.kind == "group":
            ent = self.group(sub, para)
        else:
            ent = self.nominal(sub, para, create=not sub.only_known)
        if ent is not None:
            if sub.role and sub.kind != "name":
                self.set_role(ent, sub.role)
            self.mention(ent, sub.start, para)
        return ent

    def mention(self, ent: Entity, pos: int, para: int) -> None:
        self.salience.append(Mention(pos, para, ent, self.sentence, pos < self.lead_end))
        self.last_seen[ent.id] = (self.sentence, para)

    def top(self, para: int, before: int) -> Entity | None:
        """The person (else group) in focus before ``before`` in a near paragraph: the latest
        sentence with one, its subject first."""
        fallback = None
        for mn in focus_order(self.salience, para, before):
            if mn.ent.kind != "group":
                return mn.ent
            fallback = fallback or mn.ent
        return fallback
