"""Headlines, straps and captions: who said what in a line with no full stop.

Headline writing drops articles and "that" and often the verb: 'Harbour chief: talks must go
on', 'Marrek on the truce: "We are close"', 'UN envoy says talks could still go either way',
'WATCH: Marrek Slams Plan; Calls It a "Trap"'. A headline names its speaker by role or surname
before the body introduces the full name, so headlines are read after the body (the walk puts
them last) and a role resolves to the person the body gave that role, else to the person the
article opens on (the lede speaker).
"""

from __future__ import annotations

import re

from serving.article.quote_attribution import MIN_WORDS_UNATTRIBUTED
from serving.article.quotes import Cue, Paragraph, Sentence, word_count
from serving.article.records import Draft, WalkState
from serving.article.scan import trim
from serving.article.speaker_phrases import Subject, core_at_end, parse_subject
from serving.article.speakers import Entity
from serving.article.vocabulary import (
    BODY_NAMES,
    FUNCTION,
    INSTITUTIONS,
    PERSON_NOUNS,
    clean_token,
    is_name_token,
    lower_head,
    role_noun,
    surname_key,
)

_COLON = re.compile(r"\s*([^:¤\n]{2,80}?)\s*:\s++(?=\S)")
# 'Sri Lanka eager for early talks: Norway', 'Mozambique: Dialogue must come first – Nyusi':
# what was said, then a short speaker phrase (after a country label)
_SPEAKER_LAST = re.compile(
    r"\s*(?:[^:¤\n]{2,30}:\s*)?(?P<what>[^:¤\n]{12,200}?)\s*(?::|\s[–—-])\s*"
    r"(?P<who>[^:;,.¤\n\"“”‘’–—]{2,40}?)\s*"
)
_NAME_OPENS = re.compile(r"(?:[A-Z][\w’'-]*\s+){0,2}([A-Z][\w’'-]*)\b")
_TOPIC = re.compile(r"(.+?)\s+on\s+\S.*")  # 'Marrek on the truce: ...'
# "'...': Varne's position", "'...': the minister's message to the council"
_POSITION = re.compile(
    r"\s*:\s*([^:;,¤]{2,60}?)(?:’s|'s)\s+(?:position|stance|line|view|message|verdict|warning|"
    r"answer|reply|response|demand|condition|pledge|promise|vow)\b"
)
_LEAD_QUOTE = re.compile(r"\s*(['‘\"“])([^'‘’\"“”\n]{3,100})['’\"”]")
# 'WATCH: ', 'LIVE: ', 'Analysis: ', 'Photo: ' label a headline or a caption: no speaker
_LABEL = re.compile(
    r"\s*(?:[A-Z]{2,}|(?:Watch|Video|Listen|Live|Analysis|Opinion|Explainer|Factbox|Update|"
    r"Breaking|Exclusive|Photo|Photos|Photograph|Picture|Pictured|Image|Caption|Credit|Source|"
    r"File|Timeline|Interview|Podcast|Comment|Editorial|Map|Graphic|Published|Updated|Posted|"
    r"Date|Filed|Reporting|Editing)(?:[ \t]+[a-z]+)?)\s*:\s*"
)
# Present-tense verbs headline writers use for what someone said; matched case-insensitively
# in a Title Case headline ('Marrek Slams Plan'). 'as' verbs take 'X as Y'.
HEADLINE_VERBS = {
    "says", "warns", "urges", "calls", "slams", "blasts", "accuses", "rejects", "vows",
    "pledges", "hails", "welcomes", "backs", "insists", "denies", "confirms", "describes",
    "dismisses", "signals", "tells", "criticises", "criticizes", "condemns", "praises",
    "demands", "proposes", "promises", "questions", "defends", "claims",
}  # fmt: skip


def _plural(verb: str) -> str:
    if verb.endswith("ies"):
        return verb[:-3] + "y"
    return verb[:-2] if verb.endswith(("sses", "shes", "ches", "xes", "zes")) else verb[:-1]


# 'Ben-Dor and Kaplan reject talks': the verb after a joint of two speakers
_PLURAL_VERBS = {_plural(v) for v in HEADLINE_VERBS}
_AS_VERBS = {"greets", "hails", "sees", "views", "describes", "brands", "dismisses", "labels"}
_VERB = re.compile(r"\b([A-Za-z]+)\b")
# Role words a headline uses for the same post ('watchdog chief' for a director-general).
_SAME_POST = {
    "chief": {"head", "director", "leader", "chairman", "chairwoman", "chair", "secretary"},
    "head": {"chief", "director", "leader", "chairman", "chairwoman", "chair"},
    "envoy": {"ambassador", "diplomat", "representative", "negotiator", "mediator"},
    "diplomat": {"envoy", "ambassador", "minister", "secretary"},
    "leader": {"head", "chief", "president", "premier", "chairman"},
    "spokesperson": {"spokesman", "spokeswoman"},
    "spokesman": {"spokesperson", "spokeswoman"},
    "spokeswoman": {"spokesperson", "spokesman"},
}
_LEDE_PARAGRAPHS = 3  # the lede speaker is one the body quotes within its first paragraphs


def _bare_np(seg: str, base: int) -> Subject | None:
    """A headline's speaker phrase without a determiner: 'UN nuclear watchdog chief',
    'US envoy', "Iran's parliament speaker" (a role noun last, a few modifiers before it)."""
    toks = list(re.finditer(r"[^\s,;:()¤\"“”‘’«»]+", seg))
    if not toks or len(toks) > 6 or seg[toks[-1].end() :].strip():
        return None
    words = [clean_token(t.group()) for t in toks]
    if any(w.lower() in FUNCTION for w in words):
        return None
    head = role_noun(words[-1])
    if head is None:
        return None
    start, end = base + toks[0].start(), base + toks[-1].end()
    text = seg[toks[0].start() : toks[-1].end()]
    plural = head.endswith("s") and head.rstrip("s") in PERSON_NOUNS | INSTITUTIONS
    if head in INSTITUTIONS or plural:
        return Subject("group", text, start, end, head=head)
    return Subject("nominal", text, start, end, head=head)


def headline_subject(seg: str, base: int) -> Subject | None:
    """The speaker phrase that makes up ``seg`` (a name, a role, a group)."""
    lm = _LABEL.match(seg)
    if lm:
        seg, base = seg[lm.end() :], base + lm.end()
    lead = len(seg) - len(seg.lstrip())
    seg, base = seg.strip(), base + lead
    if not seg:
        return None
    sub = core_at_end(seg, base, full=True)
    if sub is None or sub.kind == "pronoun":
        sub = _bare_np(seg, base)
    return sub


def _title_case(text: str) -> bool:
    words = [w for w in re.findall(r"[^\W\d_][\w’'-]*", text) if len(w) > 3]
    return len(words) >= 3 and sum(w[0].isupper() for w in words) >= 0.75 * len(words)


class Headlines(WalkState):
    """Attributed statements in a headline, a strap or a caption."""

    drafts: list[Draft]  # the body's statements, read before the headlines
    paras: list[Paragraph]

    def _heading(self, sent: Sentence, cues: list[Cue], drafts: list[Draft], claimed) -> None:
        """Keep the heading's attributed statements; where there is none, try the headline
        forms; give a role-named speaker the person the body gave that role."""
        drafts[:] = [d for d in drafts if not d.carry and d.continues is None]
        if not drafts:
            self._headline(sent, drafts, claimed) or self._headline_verb(
                sent, cues, drafts, claimed
            )
        kept = []
        for d in drafts:
            sub = d.subject
            if sub is not None and sub.kind == "nominal":
                ent = self._headline_person(sub)
                if ent is None:
                    continue
                d.entity, d.subject = ent, None
            kept.append(d)
        drafts[:] = kept

    def _headline(self, sent: Sentence, drafts: list[Draft], claimed: list) -> bool:
        """'Harbour chief: talks must go on', 'Marrek on the truce: "We are close"'."""
        if self._quote_then_position(sent, drafts) or self._speaker_last(sent, drafts, claimed):
            return True
        hm = _COLON.match(self.mtext, sent.start, sent.end)
        if not hm:
            return False
        phrase, base = hm.group(1), hm.start(1)
        tm = _TOPIC.fullmatch(phrase)
        sub = headline_subject(tm.group(1), base) if tm else None
        if sub is None:
            sub = core_at_end(phrase, base, full=True) or _bare_np(phrase, base)
        # 'WATCH: ...', 'Photo: Jane Doe/AFP' are labels; 'IAEA: ...' after the body spelt
        # out 'the International Atomic Energy Agency (IAEA)' names that body
        known = sub is not None and sub.text.strip() in self.reg.by_initials
        if sub is None or sub.kind == "pronoun" or (sub.text.isupper() and not known):
            return False
        if not known and _LABEL.fullmatch(self.mtext, hm.start(), hm.end()):
            return False
        if sub.kind == "group" and not self._body_known(sub) and self._person_opens(hm.end()):
            return False  # 'The Windsor Framework: Sunak and EU seal deal' names a topic
        s, e = trim(self.text, hm.end(), sent.end)
        q = next((q for q in sent.quotes if q.open >= hm.end()), None)
        kind = "direct" if q is not None and q.open == hm.end() else "reported"
        if kind == "direct":
            s, e = q.start, q.end
        if word_count(self.text[s:e]) < MIN_WORDS_UNATTRIBUTED:
            return False
        if sub.kind == "name":  # a headline names by surname alone: take it as written
            # ('he and Marrek agreed' made 'Marrek' look like a place; a headline speaker is not)
            ent = self.reg.person(sub, sent.paragraph, place_ok=True)
            if ent is None:
                return False
            drafts.append(Draft(kind, [(s, e)], sent.paragraph, entity=ent))
        else:
            drafts.append(Draft(kind, [(s, e)], sent.paragraph, subject=sub))
        if kind == "reported":  # a claimed span hides the quotes inside it
            claimed.append((s, e))
        return True

    def _body_known(self, sub: Subject) -> bool:
        """A group a headline names: a body by its kind ('The foreign ministry', 'Analysts'),
        a name the vocabulary knows, or one the body of the article names."""
        name = re.sub(r"^[Tt]he\s+", "", sub.text).lower().replace("’", "'")
        head = lower_head(sub.text.split()[-1])
        if role_noun(head) or head in INSTITUTIONS or name in BODY_NAMES or sub.text.isupper():
            return True
        return any(re.sub(r"^the\s+", "", e.name.lower()) == name for e in self.reg.entities)

    def _person_opens(self, pos: int) -> bool:
        """The words at ``pos`` open with a person the body names ('Rishi Sunak and EU ...')."""
        run = _NAME_OPENS.match(self.mtext, pos)
        return run is not None and surname_key(run.group(1)) in self.reg.by_surname

    def _speaker_last(self, sent: Sentence, drafts: list[Draft], claimed: list) -> bool:
        """'Sri Lanka eager for early talks: Norway', 'Reconciliation reached: Erdogan': the
        speaker after the colon, when it is a person the body names or a country or body."""
        tm = _SPEAKER_LAST.fullmatch(self.mtext, sent.start, sent.end)
        if not tm or _LABEL.match(self.mtext, sent.start, sent.end):
            return False
        sub = headline_subject(tm.group("who"), tm.start("who"))
        if sub is None or sub.kind not in ("name", "group"):
            return False
        known = len(self.reg.entities)
        if sub.kind == "name":
            ent = self.reg.person(sub, sent.paragraph, place_ok=True)
            if ent is None or (ent.id >= known and ent.kind != "group"):
                return False  # a name the body never gave, or a topic ('Brexit: Windsor')
        s, e = trim(self.text, tm.start("what"), tm.end("what"))
        if word_count(self.text[s:e]) < MIN_WORDS_UNATTRIBUTED:
            return False
        if sub.kind == "name":
            drafts.append(Draft("reported", [(s, e)], sent.paragraph, entity=ent))
        else:
            drafts.append(Draft("reported", [(s, e)], sent.paragraph, subject=sub))
        claimed.append((s, e))
        return True

    def _quote_then_position(self, sent: Sentence, drafts: list[Draft]) -> bool:
        """ "'No talks without a treaty': Varne's position after the vote" — the quote is the
        position of the possessor (straight single quotes too, which are no quote elsewhere)."""
        qm = _LEAD_QUOTE.match(self.text, sent.start, sent.end)
        if not qm:
            return False
        pm = _POSITION.match(self.text, qm.end(), sent.end)
        if not pm or word_count(qm.group(2)) < MIN_WORDS_UNATTRIBUTED:
            return False
        sub = headline_subject(pm.group(1), pm.start(1))
        if sub is None or sub.kind == "pronoun":
            return False
        span = [(qm.start(1), qm.end())]
        if sub.kind == "name":
            ent = self.reg.person(sub, sent.paragraph, place_ok=True)
            if ent is None:
                return False
            drafts.append(Draft("reported", span, sent.paragraph, entity=ent))
        else:
            drafts.append(Draft("reported", span, sent.paragraph, subject=sub))
        return True

    def _headline_verb(self, sent: Sentence, cues: list[Cue], drafts: list[Draft], claimed) -> bool:
        """'UN envoy says talks could go either way' (a role with no article before the verb),
        'Marrek Slams Plan' (a Title Case verb), 'Marrek greets Orev as a partner'."""
        m = self.mtext
        title = _title_case(self.text[sent.start : sent.end])
        verbs: list[tuple[int, int]] = [(c.start, c.end) for c in cues if c.kind in ("say", "that")]
        plural: set[int] = set()
        for vm in _VERB.finditer(m, sent.start, sent.end):
            w = vm.group(1)
            low = w.lower()
            if (title and w[0].isupper() and low in HEADLINE_VERBS) or (
                low in HEADLINE_VERBS | _AS_VERBS
                and w.islower()
                and (low not in _AS_VERBS or re.search(r"\sas\s", m[vm.end() : sent.end]))
            ):
                verbs.append((vm.start(), vm.end()))
            elif low in _PLURAL_VERBS and w.islower():
                plural.add(vm.start())
                verbs.append((vm.start(), vm.end()))
        for vs, ve in sorted(set(verbs)):
            seg_s = max(sent.start, *(m.rfind(ch, sent.start, vs) + 1 for ch in ";,"))
            seg = m[seg_s:vs]
            sub = parse_subject(seg, seg_s) if not title else None
            if sub is None or m[seg_s : sub.start].strip(" :"):
                sub = headline_subject(seg, seg_s)
            if sub is None or sub.kind == "pronoun" or sub.text.isupper():
                continue
            if vs in plural and sub.head != "and":
                continue
            if sub.kind == "name" and not all(is_name_token(t) for t in sub.name):
                continue
            s, e = trim(self.text, ve, sent.end)
            if m.startswith("that ", s):
                s += 5
            if word_count(self.text[s:e]) < MIN_WORDS_UNATTRIBUTED:
                continue
            if sub.kind == "name":
                ent = self.reg.person(sub, sent.paragraph, place_ok=True)
                if ent is None:
                    continue
                drafts.append(Draft("reported", [(s, e)], sent.paragraph, entity=ent))
            else:
                drafts.append(Draft("reported", [(s, e)], sent.paragraph, subject=sub))
            claimed.append((s, e))
            return True
        return False

    def _headline_person(self, sub: Subject) -> Entity | None:
        """The person a headline's role ('UN envoy', 'parliament speaker') stands for: the
        speaker whose role has that head noun (or one for the same post), else the person the
        body's first statements belong to."""
        head = lower_head(sub.head or "").rstrip("s") if sub.head else ""
        words = {lower_head(w) for w in sub.text.split()} - FUNCTION
        persons = [x for x in self.reg.entities if x.kind == "person" and x.id in self.reg.speakers]
        for wanted in ({head}, _SAME_POST.get(head, set())):
            for x in persons:
                if x.heads & wanted:
                    return x
        for x in persons:  # 'parliament speaker' for the speaker of parliament
            role = {lower_head(w) for w in (x.role or "").split()}
            if head in role and len(words & role) >= 2:
                return x
        heads = {p.index for p in self.paras if p.heading}  # headlines read so far are no lede
        body = sorted(
            (d for d in self.drafts if d.entity is not None and d.paragraph not in heads),
            key=lambda d: d.start,
        )
        for d in body[:1]:
            ent = d.entity
            if d.paragraph <= _LEDE_PARAGRAPHS and ent.kind in ("person", "nominal"):
                return ent
        return None
