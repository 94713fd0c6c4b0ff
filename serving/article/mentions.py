"""Step 3 of the walk: every mention of a speaker, in reading order.

Names (with their title and role: 'Ilse Marrek, the defence minister'), 'he'/'she', and the
subjects the first two steps found are collected in order, so that the registry sees them as a
reader does and a later pronoun or description resolves to the right person.
"""

from __future__ import annotations

import re

from serving.article.coreference import LEAD_ADVERBIAL, place_key
from serving.article.quotes import MASK, word_count
from serving.article.records import Draft, WalkState
from serving.article.scan import Spans, head, last_tokens, rstrip_end, tail
from serving.article.speaker_names import Subject, full_name_surnames, name_parts, particle
from serving.article.speaker_phrases import (
    clean_role,
    core_at_end,
    parse_subject,
    role_np_at_end,
)
from serving.article.vocabulary import (
    PARTICLES,
    PERSON_NOUNS,
    STOP_CAPS,
    TITLE_WORDS,
    geo_names,
    is_name_token,
    opening_participle,
    person_key,
    role_noun,
    surname_key,
)

_DIRECTIONS = {"north", "south", "east", "west", "central", "latin", "northern", "southern",
               "eastern", "western"}  # fmt: skip
_NAME_APPOS = re.compile(
    r",\s+((?:a|an|the|who|head|director|chief|former|[A-Z][\w-]*(?:’s|'s))\b[^¤]*?)(?:,|\.$|$)"
)
_AGE = re.compile(r",\s*(\d{1,3}),")
_NAME_OF = re.compile(
    r"\s+(of\s+(?:the\s+)?(?:[A-Z][\w’'-]*)(?:\s+(?:[A-Z][\w’'-]*|for|of|and|in|on|the|de))*)"
)
_NAME_COP = re.compile(
    r"\s+(?:is|was)\s+((?:a|an|the|[A-Z][\w-]*(?:’s|'s))\s+[^,.;:¤]*?)(?=\s+and\s|[,.;:]|$)"
)
_QUOTED_AS = re.compile(r"\b(quoted|cited)\s+[A-Z][^¤;]{0,160}?\bas\s+(?:also\s+)?saying\b")
_AND_TITLE = re.compile(
    r"\s+and\s+(?=(?:President|Prime|Minister|Foreign|Secretary|Chancellor|King|Queen|"
    r"Prince|Sheikh|Emir|General|Senator|Governor|Ambassador|Envoy|Mr|Mrs|Ms|Dr)\b)"
)
# a sentence opening with a definite description and a verb: 'The Kentucky senator has ...'
_DEFINITE_SUBJECT = re.compile(
    r"\s*((?:The|the)\s+(?:[\w.’'-]+\s+){0,4}?([A-Za-z]+))"
    r"(?=\s+(?:himself\s+|herself\s+|also\s+|then\s+|later\s+)?(?:has|had|is|was|[a-z]+ed|[a-z]+s|spoke|said|told|wrote|went|made|took|gave|came|"
    r"met|sought|held|kept|left|put|set|won|lost|saw|stood|sat|ran|began|brought)\b)"
)
# a sentence opening with a plural collective and a verb: 'The leaders of the two states agreed
# ...', that a later 'They said' means
_PLURAL_SUBJECT = re.compile(
    r"\s*((?:(?:The|Both|Some|Many|Several)\s+(?:[\w’'-]+\s+){0,3}?|"
    r"[A-Z][\w’'-]*\s+(?:[a-z][\w’'-]*\s+)?)([a-z]+s|people))"
    r"(?=(?:\s+(?:of|from|in)\s+[^,.;¤]{1,60}?)?\s+(?:have\s+|had\s+|also\s+)?"
    r"(?:[a-z]+ed|are|were|met|held|spoke|took|made|said|told)\b)"
)
# a sentence opening with a body's proper name and a verb: 'Hamas sent ...', 'The Houthis have'
_BODY_SUBJECT = re.compile(
    r"\s*((?:The\s+)?[A-Z][\w’'-]+)"
    r"(?=\s+(?:(?:has|had|have|also|then|later|not|yet|still|never|already|repeatedly)\s+){0,3}"
    r"(?:[a-z]+ed|sent|said|told|"
    r"wrote|met|held|made|took|gave|put|won|lost|began|is|was|are|were)\b)"
)
# a clause that opens a sentence before its main clause: 'Although the TTP declined ..., it said'
_SUBORDINATE = re.compile(r"\s*(?:Although|Though|Even\s+though|While|Because|Since)\s+")
# the finite verb that ends a clause's subject: 'The Polisario Front declined ...'
_CLAUSE_VERB = re.compile(
    r"(?<=\s)(?:has\s+|had\s+|have\s+|also\s+|then\s+|later\s+)?(?:[a-z]+ed|sent|said|told|"
    r"wrote|met|held|made|took|gave|put|won|lost|began|is|was|are|were)\b"
)
_SUBJECT_SPAN = 80  # the longest subject read before a clause's verb
_ROLE_WINDOW = 120  # a role written before a name: 'former intelligence chief Margit Lohk'


class Mentions(WalkState):
    """Collect a sentence's mentions (names, pronouns, the subjects of its statements)."""

    def _mentions(self, sent, drafts, claimed, zone_end) -> list[tuple[int, Subject, list[Draft]]]:
        m = self.mtext
        if self.reg.full_names is None:  # the first sentence: who the article names in full
            self.reg.full_names = full_name_surnames(self.text)
        lead = LEAD_ADVERBIAL.match(m, sent.start, sent.end)
        # 'Takal quoted Boehler as saying ...': the one quoted is in focus, not the channel
        channel = _QUOTED_AS.search(m, sent.start, sent.end)
        self.reg.begin_sentence(
            channel.end(1) if channel else lead.end() if lead else -1, m[sent.start : sent.end]
        )
        events: dict[int, tuple[int, Subject, list[Draft]]] = {}
        taken: list[tuple[int, int]] = []
        for d in drafts:
            if d.subject is not None:
                key = d.subject.start
                if key in events:
                    events[key][2].append(d)
                else:
                    events[key] = (key, d.subject, [d])
                taken.append((d.subject.start, d.subject.end))

        busy = Spans([*claimed, *taken])
        reported = Spans(claimed)
        self.inner_names = []

        def free(pos: int) -> bool:
            return pos >= zone_end and not busy.covers(pos) and m[pos] != MASK

        def inner(pos: int) -> bool:  # inside a reported clause: 'X said President Y will ...'
            return pos >= zone_end and reported.covers(pos) and m[pos] != MASK

        seg = m[sent.start : sent.end]
        # name runs: consecutive name tokens separated by spaces only
        run: list[re.Match] = []
        for t in [*re.finditer(r"\(ret\.?\)|[^\s,;:()\[\]¤\"“”«»]+", seg), None]:
            ok = t is not None and (is_name_token(t.group()) or bool(run and particle(t.group())))
            ok = ok and t.group().strip("‘’'").lower() not in STOP_CAPS
            if ok and run and seg[run[-1].end() : t.start()].strip():
                self._name_event(sent, 0, run, events, free, inner)
                run = []
            if ok:
                run.append(t)
                continue
            if run:
                self._name_event(sent, 0, run, events, free, inner)
            run = []
        dm = _DEFINITE_SUBJECT.match(m, max(sent.start, lead.end() if lead else 0), sent.end)
        if dm and free(dm.start(1)) and role_noun(dm.group(2)) in PERSON_NOUNS:
            # 'The deputy foreign minister spoke days after ...': the sentence's subject is
            # someone already named; a later 'he said' means them
            sub = Subject("nominal", dm.group(1), dm.start(1), dm.end(1), head=dm.group(2).lower())
            sub.only_known = True
            events.setdefault(dm.start(1), (dm.start(1), sub, []))
        pl = _PLURAL_SUBJECT.match(m, max(sent.start, lead.end() if lead else 0), sent.end)
        if pl and free(pl.start(1)) and role_noun(pl.group(2)):
            sub = Subject("group", pl.group(1), pl.start(1), pl.end(1), head=pl.group(2).lower())
            events.setdefault(pl.start(1), (pl.start(1), sub, []))
        bm = _BODY_SUBJECT.match(m, max(sent.start, lead.end() if lead else 0), sent.end)
        if bm and free(bm.start(1)) and self._body_name(bm.group(1)):
            # 'Hamas sent a delegation ...': a body in focus that a later 'the group' means
            sub = Subject("group", bm.group(1), bm.start(1), bm.end(1), head=bm.group(1).lower())
            events.setdefault(bm.start(1), (bm.start(1), sub, []))
        self._clause_bodies(sent, lead, events, free)
        for pm in re.finditer(r"\b([Hh]e|[Ss]he)\b", seg):
            pos = sent.start + pm.start()
            if free(pos):
                sub = Subject("pronoun", pm.group(1).lower(), pos, pos + len(pm.group(1)))
                fr = re.match(r"^\s*(?:A|An)\s+([^,¤]{3,140}),\s+(?:he|she)\b", seg)
                if fr and fr.end() == pm.end():
                    sub.role = fr.group(0).rsplit(",", 1)[0].strip()
                events.setdefault(pos, (pos, sub, []))
        return [events[k] for k in sorted(events)]

    def _clause_bodies(self, sent, lead, events, free) -> None:
        """A body of several words that opens the sentence, or a leading 'Although ...,'
        clause, as its subject ('The Polisario Front declined to comment.', 'Although
        Beijing's foreign ministry declined ...,'): a mention that a later 'it' means."""
        m = self.mtext
        starts = [max(sent.start, lead.end() if lead else 0)]
        if (sm := _SUBORDINATE.match(m, sent.start, sent.end)) is not None:
            starts.append(sm.end())
        for at in starts:
            vm = _CLAUSE_VERB.search(m, at, min(sent.end, at + _SUBJECT_SPAN))
            if vm is None or any(c in m[at : vm.start()] for c in ',;:¤"“”'):
                continue
            bm = _BODY_SUBJECT.match(m, at, sent.end)
            if at != starts[0] and bm and free(bm.start(1)) and self._body_name(bm.group(1)):
                # 'Although Hamas declined ...,': one word or an acronym, as above
                sub = Subject(
                    "group", bm.group(1), bm.start(1), bm.end(1), head=bm.group(1).lower()
                )
                events.setdefault(bm.start(1), (bm.start(1), sub, []))
                continue
            sub = parse_subject(m[at : vm.start()], at)
            if (
                sub is None
                or sub.kind != "group"
                or sub.start != at + len(m[at : vm.start()]) - len(m[at : vm.start()].lstrip())
                or not free(sub.start)
            ):
                continue
            events.setdefault(sub.start, (sub.start, sub, []))

    def _body_name(self, text: str) -> bool:
        """'Hamas', 'the Houthis', 'NATO' opening a sentence: no person the article names, no
        place and no title."""
        bare = re.sub(r"^[Tt]he\s+", "", text)
        low = bare.lower().rstrip("’'s")
        if bare != text or re.fullmatch(r"[A-Z][A-Z0-9]{1,5}", bare):
            return surname_key(low) not in self.reg.by_surname
        return not (
            surname_key(low) in (self.reg.full_names or ())
            or surname_key(low) in self.reg.by_surname
            or low in geo_names()
            or low in STOP_CAPS
            or low in TITLE_WORDS
            or role_noun(low)
        )

    def _name_event(self, sent, base, run, events, free, inner=None) -> None:
        m = self.mtext
        while run and run[-1].group().strip("‘’'").lower() in PARTICLES:
            run = run[:-1]  # 'the talks with von' ends no name; 'al-Thani' does
        while run and opening_participle(run[0].group()):
            run = run[1:]  # 'Welcoming Abe, Putin said
        if not run:
            return
        s = sent.start + base + run[0].start()
        e = sent.start + base + run[-1].end()
        tokens = [t.group().strip("‘’'") for t in run]
        title, name = name_parts(tokens)
        if not name or not free(s):
            if name and title and len(name) > 1 and inner is not None and inner(s):
                # a titled full name inside a reported clause is no mention (it takes no
                # focus), but it says who a later 'Morales' or 'the Bolivian president' is
                self.inner_names.append(
                    Subject("name", " ".join(tokens), s, e, title=title, name=name)
                )
            return
        last = last_tokens(m, sent.start, s, 2)  # the two words before the name, last first
        prev_w = last[0] if last else ""
        inside_org = (
            prev_w in ("for", "of", "and", "de") and len(last) > 1 and last[1][:1].isupper()
        )
        if not title and (
            inside_org
            or prev_w.lower() == "the"
            or prev_w
            in (
                "of",
                "in",
                "at",
                "to",
                "on",
                "daily",
                "weekly",
                "newspaper",
                "paper",
                "station",
                "channel",
            )
        ):
            return
        joined = " ".join(tokens).lower()
        if any(
            full.startswith(joined + " ")
            and m[e : e + len(full) - len(joined)].lower() == full[len(joined) :]
            for full in self.reg.bracketed.values()
        ):
            return  # 'Liberation Tigers' of 'the Liberation Tigers of Tamil Eelam (LTTE)': a body
        if any(t.lower() in _DIRECTIONS for t in name) and all(
            t.lower() in _DIRECTIONS or place_key(t) for t in name
        ):
            return  # 'the two South American neighbours', 'North Korean': places, no person
        raw = name[-1].lower().rstrip("’'s").rstrip(".")
        known = person_key(name) in self.reg.by_surname
        if len(name) == 1 and not title and not known:
            return
        # 'Port Ulme' is a place; 'Donald Trump' stays a person though 'with Trump' looked
        # like one: a full name is vetoed only when its first word is a place as well
        first = name[0].lower().rstrip("’'s")
        if len(name) >= 2 and raw in self.reg.places and first in self.reg.places and not known:
            return
        sub = Subject("name", " ".join(tokens), s, e, title=title, name=name)
        after, cut = head(m, e, sent.end)
        if (aged := _AGE.match(after)) is not None:  # 'Omar Haddad, 62, a former minister,'
            sub.age, after = aged.group(1), after[aged.end() - 1 :]
        # each pattern reads a bounded window; one that ran to a cut window's end is no match
        ap, of, cop = (
            None if r is None or (cut and r.end() == len(after)) else r
            for r in (_NAME_APPOS.match(after), _NAME_OF.match(after), _NAME_COP.match(after))
        )
        if ap and word_count(ap.group(1)) <= 25:
            sub.role = clean_role(ap.group(1))
        elif (
            cop
            and any(role_noun(w) for w in cop.group(1).split()[:4])
            and word_count(cop.group(1)) <= 15
        ):
            sub.role = cop.group(1)
        elif of:
            # 'of Russia and President Donald Trump of ...': the role stops at the next title
            role = _AND_TITLE.split(of.group(1), maxsplit=1)[0]
            sub.role = re.sub(r"\s+(?:for|of|and|in|on|the|de)$", "", role)
        else:
            before_end = rstrip_end(m, sent.start, s)  # the end of before.rstrip()
            if (
                before_end > sent.start
                and m[before_end - 1] == ","
                and after.lstrip().startswith(",")
            ):
                sub.role = role_np_at_end(tail(m, sent.start, before_end - 1)[0])
            if sub.role is None:
                window, lo = tail(m, sent.start, e, _ROLE_WINDOW)
                role_sub = core_at_end(window, lo, clipped=lo > sent.start)
                if role_sub is not None and role_sub.kind == "name" and role_sub.role:
                    sub.role = role_sub.role
        events.setdefault(s, (s, sub, []))
