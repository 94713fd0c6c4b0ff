"""How the speakers' registry resolves a group mention: one entity per body, named by its
fullest form ('the ministry' after "Russia's Foreign Ministry", 'the EU' after 'the European
Union', 'the group' after 'Hamas').

A mixin of :class:`serving.article.speakers.Registry`, which holds the tables it reads
(``by_group``, ``by_head``, ``forms``, ``by_initials``, ``last_seen``, ``salience``).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import TYPE_CHECKING

from serving.article.coreference import focus_order, place_key
from serving.article.entity import Entity
from serving.article.group_coreference import (
    BodyForm,
    acronym,
    body_form,
    body_name,
    fuller,
    initials,
    same_body,
)
from serving.article.speaker_names import Subject as Name
from serving.article.vocabulary import geo_names, person_key, surname_key

if TYPE_CHECKING:
    from serving.article.speaker_phrases import Subject

# bare nouns that point back to a body named before ('the group', 'the movement')
_GENERIC_BODIES = {"group", "movement", "organisation", "organization", "militia", "alliance",
                   "bloc", "coalition", "faction", "body", "party"}  # fmt: skip


# epithets news writing gives a body named before, and the head nouns of the names they may
# stand for ('the UN nuclear watchdog' after 'the International Atomic Energy Agency')
_EPITHETS = {"watchdog": {"agency", "commission", "authority", "organisation", "organization",
                          "body", "council", "inspectorate"}}  # fmt: skip


# two persons named together, referred to again ('both leaders', 'the two ministers')
_PAIR = re.compile(
    r"(?:[Bb]oth|[Tt]he\s+two)\s+(?:[a-z]+\s+)?(?:leaders|men|women|ministers|officials|"
    r"politicians|presidents|lawmakers|diplomats|envoys|negotiators|sides)"
)


def _generic_body(text: str) -> bool:
    """'the group', 'the militant group', 'the Palestinian movement', 'the UN nuclear
    watchdog': a bare noun for a body, with at most adjectives, that points back to the body
    named before."""
    words = text.split()
    last = words[-1].lower() if words else ""
    if len(words) < 2 or words[0].lower() != "the" or last not in _GENERIC_BODIES | {*_EPITHETS}:
        return False
    return len(words) <= 4 and all(
        w[:1].islower() or place_key(w) or (w.isupper() and len(w) <= 4) for w in words[1:-1]
    )


# a country's possessive before one proper noun: "Yemen's Houthis"
_PLACE_POSS_NAME = re.compile(r"[A-Z][\w-]*(?:’s|'s)\s+([A-Z][a-z]+)")


class GroupResolution:
    """Group mentions to entities; the registry's tables are set by its constructor."""

    by_group: dict
    by_head: dict
    forms: dict
    by_initials: dict
    last_seen: dict
    pairs: set  # the ids of joints of two persons ('Ben-Dor and Kaplan')
    salience: list
    full_names: set | None
    bracketed: dict[str, str] = {}  # noqa: RUF012 - 'AES' -> 'alliance of sahel states'

    _new: Callable[[str, str, int, int], Entity]  # the registry's: a new entity, registered
    person: Callable[[Subject, int], Entity]  # the registry's: the person a name means

    def group(self, sub: Subject, para: int) -> Entity:
        poss = _PLACE_POSS_NAME.fullmatch(sub.text)
        if poss and person_key([poss.group(1)]) in (self.full_names or ()):
            # "Greece's Mitsotakis" after 'Kyriakos Mitsotakis': a person named in full
            word = poss.group(1)
            return self.person(Name("name", word, sub.end - len(word), sub.end, name=[word]), para)
        key = re.sub(r"^(the|a|an)\s+", "", sub.text.lower())
        if sub.head == "and" and len(sub.name) == 2:
            # 'Ben-Dor and Kaplan' after 'Avi Ben-Dor and Dan Kaplan': one joint speaker
            key = " & ".join(sorted(person_key(m.split()) for m in sub.name))
            known = self.by_group.get(key)
            if known is not None and len(sub.text) > len(known.name):
                known.name = sub.text
        elif _PAIR.fullmatch(sub.text):
            pair = self._latest_pair(para)
            if pair is not None:  # 'Ben-Dor and Kaplan said ... Both leaders said'
                return pair
        form = body_form(sub.text)
        if _generic_body(sub.text):
            named = self._named_body(para, _EPITHETS.get(sub.text.split()[-1].lower()))
            same = self._same_group(form, sub.text, para) if form is not None else None
            if same is not None and (named is None or self._later(same, named)):
                return same  # 'the Justice Party said ... The party said', after 'Hamas'
            if named is not None:  # 'Hamas said ... The group said': the body named before
                return named
        ent = self._same_group(form, sub.text, para) if form is not None else None
        if ent is None:
            ent = self.by_group.get(key) or self._spelt_out(sub.text)
        if ent is None:
            ent = self._new("group", body_name(sub.text), sub.start, para)
            ent.singular = bool(re.match(r"(a|an|one|another)\s", sub.text.lower())) and not (
                sub.head or ""
            ).endswith("s")
            head = sub.head or ""
            ent.plural = head in ("and", "some") or (
                head.endswith("s") and not head.endswith("ss") and head != sub.text.lower()
            )
            self.by_group[key] = ent
            if sub.head == "and" and len(sub.name) == 2:
                self.pairs.add(ent.id)
            if form is not None:
                self.forms[ent.id] = form
                self.by_head.setdefault(form.head, []).append(ent)
                medium = sub.text.split()[-1].lower()
                if medium in ("agency", "newspaper", "broadcaster") and medium != form.head:
                    self.by_head.setdefault(medium, []).append(ent)  # 'the agency' later
            full = initials(sub.text) or acronym(sub.text)
            if full is not None:
                self.by_initials.setdefault(full, ent)
            for short, name in self.bracketed.items():  # its acronym given in brackets
                if name == key:
                    self.by_initials.setdefault(short, ent)
        return ent

    def body_pronoun(self, pron: str, para: int) -> Entity | None:
        """'they': a plural body of this paragraph or the one before; 'it': the body named
        just before (:meth:`near_body`), else the body that spoke last, never a plural."""
        if pron == "it" and (near := self.near_body(para)) is not None:
            return near  # 'The junta declined to comment. It said'
        speakers: set = getattr(self, "speakers", set())
        return next((mn.ent for mn in focus_order(self.salience, para)
                     if mn.para >= para - 1 and mn.ent.kind == "group" and (
                         mn.ent.plural if pron == "they" else not mn.ent.plural
                         and not mn.ent.singular and mn.ent.id in speakers)),
                    None)  # fmt: skip

    def near_body(self, para: int) -> Entity | None:
        """For 'it': the body named as the latest group in this sentence or the one before,
        in this paragraph, though it has not spoken yet ('Although the TTP declined to
        confirm the reports, it said ...'; 'The junta declined to comment. It said ...')."""
        sentence: int = getattr(self, "sentence", 0)
        for mn in focus_order(self.salience, para):
            if mn.para != para or mn.sentence < sentence - 1:
                return None
            if mn.ent.kind == "group":
                ent = mn.ent
                return None if ent.plural or ent.singular or " and " in ent.name else ent
        return None

    def _later(self, one: Entity, other: Entity) -> bool:
        """``one`` was mentioned after ``other``."""
        return self.last_seen.get(one.id, (-1, 0)) > self.last_seen.get(other.id, (-1, 0))

    def _latest_pair(self, para: int) -> Entity | None:
        """The latest joint of two persons in this paragraph or the two before."""
        for mn in reversed(self.salience):
            if mn.para < para - 2:
                return None
            if mn.ent.kind == "group" and mn.ent.id in self.pairs:
                return mn.ent
        return None

    def _spelt_out(self, text: str) -> Entity | None:
        """'The EU' after 'the European Union', or 'the European Union' after 'the EU': one
        body, named by its full name."""
        short = acronym(text)
        if short is not None:
            return self.by_initials.get(short)
        full = initials(text)
        ent = self.by_initials.get(full) if full is not None else None
        if ent is None or acronym(ent.name) is None:
            return None
        ent.name = body_name(text)
        self.by_initials.setdefault(full, ent)
        form = body_form(text)
        if form is not None and ent.id not in self.forms:
            self.forms[ent.id] = form
            self.by_head.setdefault(form.head, []).append(ent)
        return ent

    def _same_group(self, form: BodyForm, text: str, para: int) -> Entity | None:
        """The group a mention points back to: the latest one with the same head whose form
        holds this one ('the ministry' after "Russia's Foreign Ministry"), or a short form
        within two paragraphs that this fuller one names ('Ministry says' in a headline, then
        "Russia's Foreign Ministry said"), which then takes the fuller name."""
        best: Entity | None = None
        for ent in self.by_head.get(form.head, ()):
            old = self.forms[ent.id]
            seen = self.last_seen.get(ent.id, (-1, ent.paragraph))
            if old.head != form.head:  # an outlet by its medium: 'the agency' after 'the Saba
                if form.words or form.indefinite:  # news agency', nothing more
                    continue
            elif not (same_body(form, old) or (fuller(form, old) and seen[1] >= para - 2)):
                continue
            if best is None or seen[0] >= self.last_seen.get(best.id, (-1, 0))[0]:
                best = ent
        if best is not None and fuller(form, self.forms[best.id]):
            best.name = body_name(text)
            self.forms[best.id] = form
        return best

    def _named_body(self, para: int, heads: set[str] | None = None) -> Entity | None:
        """The latest body named by a proper name ('Hamas', 'the Taliban', 'NATO') in this
        paragraph or the two before: what 'the group' or 'the movement' points back to; for
        an epithet, only a body whose name ends in one of ``heads``."""
        for mn in reversed(self.salience):
            if mn.para < para - 2:
                return None
            ent = mn.ent
            if ent.kind == "person" and self._bare_name(ent):
                ent.kind = "group"  # 'Hamas said ... The group said': no person, a body
            bare = re.sub(r"^(?:the|The)\s+", "", ent.name)
            # a plural only by a proper name ('the Houthis'), not 'Palestinian officials'
            one = not ent.plural or bare.split()[-1][:1].isupper()
            if ent.kind == "group" and one and " and " not in ent.name:
                form = self.forms.get(ent.id)
                fits = heads is None or (form.head if form else bare.split()[-1].lower()) in heads
                if fits and bare[:1].isupper() and bare.lower() not in geo_names():
                    return ent
        return None

    def _bare_name(self, ent: Entity) -> bool:
        """A lone capitalised word with no title, first name or gender, and no role but a
        body's ('Hamas', 'the Palestinian militant group Hamas')."""
        name = ent.name.lower()
        role = (ent.role or "group").lower().split()
        return (
            " " not in name
            and role[-1] in _GENERIC_BODIES
            and ent.gender is None
            and (surname_key(name) not in (self.full_names or ()))
        )
