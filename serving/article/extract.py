"""From an article to attributed statements: quotes and reported speech, each with its speaker.

The walk goes sentence by sentence, in order, so that pronouns ("she said") and descriptions
("the minister said") resolve against what the reader has seen so far:

1. quotes with an attribution after them ('"...," Marrek said. "..."'), before them with a
   colon ('he said: "..."'), or after a verb that takes a quoted fragment ('called it "..."');
2. reported speech: 'X said (that) ...', 'X told the paper that ...', 'according to X, ...',
   '..., according to X.', 'in her view, ...', '..., the spokeswoman said on Monday.';
3. a quote that opens a sentence without attribution belongs to the person in focus;
   a quote re-opened at the start of a paragraph continues the previous paragraph's speaker.

Each step is a module of its own (:mod:`serving.article.quote_attribution`,
:mod:`serving.article.reported_speech`, :mod:`serving.article.mentions`); this one walks the
paragraphs and sentences, resolves the mentions in order and groups the statements by speaker.
"""

from __future__ import annotations

import re

from serving.article.coreference import merge_ledes
from serving.article.group_coreference import bracketed_acronyms
from serving.article.headlines import Headlines
from serving.article.leads import Leads
from serving.article.mentions import Mentions
from serving.article.quotes import (
    Sentence,
    find_cues,
    find_quotes,
    masked,
    paragraphs,
    sentences,
)
from serving.article.records import Draft, Extraction, Speaker, Statement
from serving.article.reported_speech import ReportedSpeech
from serving.article.scan import Spans, blank, furniture
from serving.article.speakers import Entity, Registry
from serving.article.vocabulary import (
    ORG_WORDS,
    PERSON_NOUNS,
    STOP_CAPS,
    TITLE_WORDS,
    geo_names,
    lower_head,
)

__all__ = ["Extraction", "Speaker", "Statement", "extract"]

_POSSESSOR_RUN = re.compile(r"(?<![\w-])[\w-]++(?=(?:’s|'s)\s+[a-z])")
_LETTER = re.compile(r"[^\W\d_]")
_ZONE = re.compile(r"^\s*(?:Asked|Answering|Pressed|Questioned|Responding|Replying)\b[^,¤]*,")


def _places(mtext: str) -> set[str]:
    """Single capitalised words used as places or states ('in Varne', "Marland's")."""
    out = set()
    for m in re.finditer(
        r"\b(?:in|to|from|at|with|near|across|between|and|of)\s+([A-Z][\w’'-]+)\b(?!\s+[A-Z])",
        mtext,
    ):
        out.add(m.group(1).lower())
    # "Marland's policy": the possessor is the part of the word run from its first capital
    # that opens the run or follows a hyphen (one pass over each run, not one per capital)
    for m in _POSSESSOR_RUN.finditer(mtext):
        run = m.group()
        for i in range(len(run) - 1):
            if "A" <= run[i] <= "Z" and (i == 0 or run[i - 1] == "-"):
                out.add(run[i:].lower())
                break
    return out - _surnames(mtext)


# A place is never the surname in 'Abdul Basit', 'President Trump', 'Barrack, the US envoy,'
# or 'Orban himself': words written so anywhere in the article are people, not places.
_PLACE_PREFIX = {"new", "north", "south", "east", "west", "central", "upper", "lower", "greater",
                 "saint", "san", "santa", "los", "las", "el", "tel", "fort", "cape", "gulf"}  # fmt: skip
_GIVEN_SURNAME = re.compile(r"(?<![\w’'.-])([A-Z][\w’'.-]*+)\s++([A-Z][\w’'-]*+)(?!\s+[A-Z])")
_SURNAME_ROLE = re.compile(
    r"(?<![\w’'-])([A-Z][\w’'-]*+),\s+(?:the|a|an|[A-Z][\w-]*(?:’s|'s))\s+([^,.;¤]{0,80}?)(?=[,.;])"
)
_SURNAME_SELF = re.compile(r"(?<![\w’'-])([A-Z][\w’'-]*+)\s+(?:himself|herself)\b")


def _surnames(mtext: str) -> set[str]:
    out = set()
    for m in _GIVEN_SURNAME.finditer(mtext):
        first = m.group(1).rstrip(".").lower()
        if (
            first in TITLE_WORDS
            or first not in STOP_CAPS | ORG_WORDS | _PLACE_PREFIX
            and first not in geo_names()
        ):
            out.add(lower_head(m.group(2)))
            before = mtext[max(0, m.start() - 40) : m.start()].split()
            if before and before[-1].lower().rstrip(".") in TITLE_WORDS - {"state", "security"}:
                out.add(lower_head(m.group(1)))  # 'Minister Phumtham Wechayachai', later 'Phumtham'
    for m in _SURNAME_ROLE.finditer(mtext):
        if any(lower_head(w) in PERSON_NOUNS for w in m.group(2).split()):
            out.add(m.group(1).lower())
    out.update(m.group(1).lower() for m in _SURNAME_SELF.finditer(mtext))
    return out - geo_names()  # 'Euronews Serbia': a country stays a place


class _Walker(Leads, ReportedSpeech, Mentions, Headlines):
    """One article's walk: the three steps per sentence, then the speakers and statements."""

    def __init__(self, text: str):
        self.text = text
        self.paras = paragraphs(text)
        # bylines, credits and story links are no statements: their quotes are dropped and
        # their words blanked in the masked text that every step reads
        skip = furniture(text)
        held = Spans(skip)
        self.quotes = [q for q in find_quotes(text, self.paras) if not held.covers(q.open)]
        self.mtext, bracketed = bracketed_acronyms(blank(masked(text, self.quotes), skip))
        self.reg = Registry(_places(self.mtext))
        self.reg.bracketed = bracketed  # 'the Alliance of Sahel States (AES)', then 'the AES'
        self.in_heading = False
        self.drafts: list[Draft] = []
        self.open_draft: Draft | None = None  # a quote left open at the end of a paragraph
        self.inner_names = []
        self.answer_mode = False
        self.last_answer: Entity | None = None
        self.cue_starts: list[int] = []  # the current sentence's cue offsets, for bisection

    # -- the walk ---------------------------------------------------------------------------------
    def run(self) -> Extraction:
        prev_question = False
        by_para: dict[int, list] = {}
        for q in self.quotes:
            by_para.setdefault(q.paragraph, []).append(q)
        # headlines and straps name their speakers by surname ('Marrek: ...') before the body
        # introduces them: they are read last, once the body has named everyone
        order = [p for p in self.paras if not p.heading] + [p for p in self.paras if p.heading]
        for para in order:
            self.in_heading = para.heading
            pq = by_para.get(para.index, [])
            # quoted words are masked, so a letter left in the masked paragraph is outside quotes
            quote_only = bool(pq) and not _LETTER.search(self.mtext, para.start, para.end)
            # Q&A layout: an unquoted question, then the interviewee's quoted answer.
            self.answer_mode = quote_only and prev_question
            n_before = len(self.drafts)
            prev_attr: Draft | None = None
            for sent in sentences(self.text, self.mtext, para, pq):
                prev_attr = self._sentence(sent, prev_attr)
            if quote_only:
                ents = [d.entity for d in self.drafts[n_before:] if d.entity is not None]
                if ents:
                    self.last_answer = ents[-1]
            prev_question = not pq and self.text[para.start : para.end].rstrip().endswith("?")
            if not any(q.close is None for q in pq):
                self.open_draft = None
        return self._finish()

    def _sentence(self, sent: Sentence, prev_attr: Draft | None) -> Draft | None:
        m = self.mtext
        cues = find_cues(m, sent)
        self.cue_starts = [c.start for c in cues]
        zm = _ZONE.match(m[sent.start : sent.end])
        zone_end = sent.start + zm.end() if zm else sent.start
        used: set[int] = set()
        drafts: list[Draft] = []
        claimed: list[tuple[int, int]] = []
        last = self._quotes(sent, cues, used, drafts, prev_attr)
        self._back_reference(sent, cues)
        if prev_attr is not None and self._new_line(sent):
            self._own_line(sent, prev_attr, drafts)
        self._leads(sent, cues, used, drafts, claimed, zone_end)
        self._reported(sent, cues, used, drafts, claimed, zone_end)
        if self.in_heading:  # a headline or strap: only attributed statements count
            self._heading(sent, cues, drafts, claimed)
            last = None
        # a quote inside a reported clause is part of it, not a statement of its own
        inside = Spans(claimed)
        drafts = [d for d in drafts if d.kind == "reported" or not inside.contains(d.start, d.end)]
        for d in drafts:
            if d.carry:
                d.entity = (
                    self.last_answer
                    if self.answer_mode and self.last_answer is not None
                    else self.reg.top(sent.paragraph, d.start)
                )
                if d.entity is not None:
                    self.reg.mention(d.entity, d.start, sent.paragraph)
            elif d.continues is not None:
                d.entity = d.continues.entity
        events = self._mentions(sent, drafts, claimed, zone_end)
        for sub in self.inner_names:  # known from now on, with their title, but not in focus
            ent = self.reg.person(sub, sent.paragraph)
            if ent is not None and ent.role is None:
                self.reg.set_role(ent, " ".join(sub.title), from_title=True)
        for _pos, sub, ds in events:
            ent = self.reg.resolve(sub, sent.paragraph)
            for d in ds:
                d.entity = ent
        for d in drafts:
            if d.same_as is not None:
                d.entity = d.same_as.entity
            if d.entity is not None:
                self.reg.speakers.add(d.entity.id)
        self.drafts.extend(drafts)
        self.prev_sentence = sent
        return last if last is not None and last in drafts and last.kind == "direct" else None

    def _new_line(self, sent: Sentence) -> bool:
        prev = self.prev_sentence
        return prev is not None and "\n" in self.text[prev.end : sent.start]

    def _own_line(self, sent: Sentence, prev_attr: Draft, drafts: list[Draft]) -> None:
        """A quote on a line of its own after the speaker's attributed quote is a statement of
        its own (same speaker), not the end of the one before."""
        mine = [sp for sp in prev_attr.spans if sent.start <= sp[0] < sent.end]
        if not mine or len(mine) == len(prev_attr.spans):
            return
        prev_attr.spans = [sp for sp in prev_attr.spans if sp not in mine]
        d = Draft("direct", mine, sent.paragraph, continues=prev_attr)
        drafts.append(d)
        if self.open_draft is prev_attr:
            self.open_draft = d

    def _finish(self) -> Extraction:
        by_entity: dict[int, list[Draft]] = {}
        for d in self.drafts:
            if d.entity is not None:
                by_entity.setdefault(d.entity.id, []).append(d)
        mapping = merge_ledes(self.reg.entities, by_entity)
        merged: dict[int, list[Draft]] = {}
        for eid, ds in by_entity.items():
            merged.setdefault(mapping.get(eid, eid), []).extend(ds)
        order = sorted(merged, key=lambda eid: min(d.start for d in merged[eid]))
        speakers: list[Speaker] = []
        statements: list[Statement] = []
        for eid in order:
            ent = self.reg.entities[eid]
            sp = Speaker(ent.name, ent.role, "group" if ent.kind == "group" else "person")
            for d in sorted(merged[eid], key=lambda d: d.start):
                parts = sorted(set(d.spans))
                text = " ".join(self.text[s:e].strip() for s, e in parts)
                st = Statement(text, parts[0][0], parts[-1][1], d.kind, parts, len(speakers))
                sp.statements.append(st)
            speakers.append(sp)
        for sp in speakers:
            statements.extend(sp.statements)
        statements.sort(key=lambda s: s.start)
        return Extraction(speakers, statements)


def extract(text: str) -> Extraction:
    """Find the attributed statements of an article and group them by speaker."""
    return _Walker(text).run()
