"""Leads and datelines: a statement written first, its speaker after it.

News leads put what was said first and who said it last: 'MOSCOW, August 17. /TASS/. The
summit was highly productive, US Secretary of State Marco Rubio said in remarks to a
journalist, who ...', '..., spokesperson Vikas Swarup said today, almost two weeks after ...',
or a whole sentence followed by 'This was stated by Deputy Minister X.' The words after the
verb are the setting (where, when, to whom), never the statement. This step runs before
reported speech so that its clause is claimed first. It also reads two quote frames that
lead paragraphs use: 'According to a statement from X, "..."' (a direct quote, not a reported
clause) and '..., adding, "..."' (the quote belongs to the sentence's speaker).
"""

from __future__ import annotations

import re
from bisect import bisect_left

from serving.article.clauses import role_lead_comma
from serving.article.quote_attribution import QuoteAttribution
from serving.article.quotes import CLOSERS, Cue, Sentence, word_count
from serving.article.records import Draft
from serving.article.scan import WINDOW, rstrip_end, trim, words_at_most
from serving.article.speaker_phrases import parse_after
from serving.article.vocabulary import STATEMENT_FROM, geo_names

# 'VIENNA — ', 'MOSCOW, August 17. /TASS/. ', 'WASHINGTON (AP) - ', 'New Delhi: '
_DATELINE = re.compile(
    r"\s*(?:[A-Z][A-Z .'’-]*[A-Z](?:,\s*[A-Z][a-z]+\.?\s+\d{1,2}\.?)?"
    r"(?:\s*/[A-Z-]+/\.?|\s*\(?(?:AP|AFP|Reuters|TASS|dpa)\)?)?\s*(?:—|–|-|:)?"
    r"|(?P<city>(?:[A-Z][a-z]+\s){0,2}[A-Z][a-z]+):)\s+(?=[A-Z“\"‘])"
)
# Words that may stand between the comma and the speaker's name: a role ('Kremlin
# spokesperson', "the State Department's spokesman"); any of these makes it a clause instead.
_CLAUSE_WORDS = {
    "that", "who", "which", "is", "are", "was", "were", "be", "been", "has", "have", "had",
    "will", "would", "can", "could", "may", "might", "should", "must", "it", "they", "he",
    "she", "we", "i", "you", "there", "and", "but", "or", "while", "as", "if", "when",
    "not", "this", "these", "those",
}  # fmt: skip
# What may follow the verb when the statement came first: the setting ('in a statement',
# 'today, almost two weeks after ...', 'on Sunday', 'late on Friday') or nothing.
# the clause that goes on after a mid-sentence attribution: '..., X said, would resume ...'
_CONTINUES = re.compile(
    r"(?:\s+(?:on\s+[A-Z][a-z]+|today|yesterday))?\s*,\s+(?=(?:would|will|was|were|is|are|had|"
    r"has|have|could|should|must|might|may|did|does|can|cannot|remained|remains)\b)"
)
_SETTING_WORDS = {
    "in", "on", "at", "during", "after", "before", "today", "yesterday", "tonight", "late",
    "earlier", "later", "recently", "last", "this", "when", "while", "via", "through", "from",
    "with", "without", "to", "again", "also", "repeatedly", "separately", "once", "early",
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "shortly",
    "according", "amid", "ahead", "following", "speaking", "citing", "referring",
}  # fmt: skip
# An opening that makes the words before the comma a setting, not a statement.
_ADVERBIAL = {
    "after", "before", "when", "while", "as", "although", "though", "despite", "following",
    "speaking", "asked", "in", "on", "at", "during", "since", "with", "without", "if",
    "because", "ahead", "earlier", "later", "last", "meanwhile", "however", "for", "by",
    "answering", "responding", "replying", "writing", "addressing", "commenting", "according",
}  # fmt: skip
_THAT_AFTER = re.compile(r"\s*(?:[^\s,.;:¤]+\s+){0,9}?that\s")
_STATED_BY = re.compile(
    r"\s*(?:This|That|It|These|Such)\s+(?:was|were|has\s+been|had\s+been|is)\s+"
    r"(?:stated|said|announced|declared|reported|confirmed|noted|stressed|emphasi[sz]ed|"
    r"underlined|pointed\s+out|voiced|expressed)\s+by\s+"
)
_PARTICIPLE = re.compile(r",\s*(?:and\s+)?(?:adding|saying|noting|stressing|explaining)\b")
_PARTICIPLE_QUOTE = re.compile(
    r",\s*(?:and\s+)?(?:adding|saying|noting|stressing|explaining|insisting|warning)\s*[,:]\s*$"
)


class Leads(QuoteAttribution):
    """Statements whose attribution follows them, and the quote frames of lead paragraphs."""

    prev_sentence: Sentence | None = None  # the sentence before, in the same paragraph

    def _leads(self, sent: Sentence, cues: list[Cue], used: set[int], drafts, claimed, zone_end):
        """Run before reported speech: claim fronted statements and read the quote frames."""
        if zone_end <= sent.start:
            self._stated_by(sent, drafts, claimed)
            self._fronted(sent, cues, used, drafts, claimed)
            self._according_quote(sent, cues, used, drafts)
        self._participle_quote(sent, drafts)

    def _statement_start(self, sent: Sentence) -> int:
        dm = _DATELINE.match(self.mtext, sent.start, sent.end)
        if dm and (not dm.group("city") or dm.group("city").lower() in geo_names()):
            return dm.end()
        return sent.start

    def _inner_speaker(self, sent: Sentence, cues: list[Cue], s: int, e: int) -> bool:
        """The fronted words open with a speaker of their own and a verb of saying ('Haddad
        said that ...', 'On Monday the ministry warned ...'): nested reporting, where the
        statement belongs to the innermost speaker and the outer one only relays it."""
        for c in cues:
            if not s <= c.start < e or c.kind not in ("say", "that", "tell"):
                continue
            if c.word.endswith("ing"):
                continue
            sub = self._subject_before(sent.start, c.start)
            if sub is not None and sub.start >= s and words_at_most(self.mtext, s, sub.start, 3):
                return True
        return False

    def _fronted(self, sent: Sentence, cues: list[Cue], used: set[int], drafts, claimed) -> None:
        m, text = self.mtext, self.text
        for k in range(len(cues) - 1, -1, -1):  # the sentence's last verb of saying
            c = cues[k]
            if k in used and not any(d.kind == "direct" for d in drafts):
                continue
            if c.kind not in ("say", "that", "tell") or c.word.endswith("ing"):
                continue
            sub = self._subject_before(sent.start, c.start)
            if sub is None:
                continue
            comma = text.rfind(",", sent.start, sub.start)
            if comma < 0:
                return
            comma = role_lead_comma(m, sent.start, comma, sub.start)
            gap = m[comma + 1 : sub.start]
            if any(w.lower() in _CLAUSE_WORDS for w in gap.split()) or not words_at_most(
                m, comma + 1, sub.start, 8
            ):
                return
            if bisect_left(self.cue_starts, comma) < k:  # another verb between: not a lead
                return
            if not self._setting_after(c, sent.end):
                return
            s = self._statement_start(sent)
            if self._inner_speaker(sent, cues[:k], s, comma):
                return  # 'X said that ..., state media reported': the statement is X's
            e = comma
            if m[comma] != ",":  # the comma closes a quote: '... “peace mission,” he wrote'
                if comma + 1 >= len(text) or text[comma + 1] not in CLOSERS:
                    return
                e = comma + 2
            s, e = trim(text, s, e)
            if sub.role and m[s:e].strip(" ,") == sub.role.strip():
                return  # 'The head of the delegation, Omar Haddad, told ...': the name's role
            first = m[s:e].split(maxsplit=1)[0].lower() if e > s else ""
            if first in _ADVERBIAL and "," not in m[s:e]:
                return
            # 'The talks with Hamas, Haddad said, would resume in May.': the clause goes on
            # after the attribution, and both parts are the statement
            cm = _CONTINUES.match(m, c.end, sent.end)
            tail_span = (
                trim(text, cm.end(), rstrip_end(m, cm.end(), sent.end, " .!?")) if cm else None
            )
            more = word_count(text[tail_span[0] : tail_span[1]]) if tail_span else 0
            if word_count(text[s:e]) + more < 4:
                return
            # a quotation attributed by this verb ends the statement: it is part of it, when
            # the statement's own words come before it ('... the minister's “peace mission,”')
            inside = [d for d in drafts if d.start < e and d.end > s]
            if any(d.subject is None or d.subject.start != sub.start for d in inside):
                return
            q = next((q for q in sent.quotes if s <= q.open < e), None)
            if q is not None:
                lead = m[s : q.open].rstrip()
                if word_count(lead) < 3 or lead.endswith((":", ",")):
                    return
            for d in inside:
                drafts.remove(d)
            d = Draft("reported", [(s, e)], sent.paragraph, subject=sub)
            if tail_span and tail_span[1] > tail_span[0]:
                d.spans.append(tail_span)
                claimed.append(tail_span)
            drafts.append(d)
            claimed.append((s, e))
            used.add(k)
            return

    def _setting_after(self, c: Cue, end: int) -> bool:
        """Only the setting follows the verb: no clause, no quote, no colon."""
        m = self.mtext
        rest = m[c.end : end]
        pm = _PARTICIPLE.search(rest)
        if pm:  # '..., adding, "..."' is a statement of its own, read after this one
            rest = rest[: pm.start()]
        rest = rest.rstrip().rstrip(".!?" + CLOSERS).rstrip()
        if not rest.strip():
            return True
        if "¤" in rest or ":" in rest:
            return False
        if _THAT_AFTER.match(rest):
            return False
        first = rest.split(maxsplit=1)[0].lower().strip(",")
        if c.kind == "tell":  # 'he told the families', 'told reporters on Monday'
            head = rest.split(",", 1)[0]
            return len(head.split()) <= 8 and " that " not in head
        return first in _SETTING_WORDS or rest.lstrip().startswith(",")

    def _stated_by(self, sent: Sentence, drafts, claimed) -> None:
        """'Moscow will not extend the treaty. This was stated by Deputy Minister X.'"""
        prev = self.prev_sentence
        sm = _STATED_BY.match(self.mtext, sent.start, sent.end)
        if not sm or prev is None or prev.paragraph != sent.paragraph:
            return
        sub = parse_after(self.mtext[sm.end() : min(sent.end, sm.end() + WINDOW + 1)], sm.end())
        if sub is None or sub.kind == "pronoun":
            return
        if self.mtext[sub.end : sent.end].strip(" .,"):
            return
        s, e = trim(self.text, self._statement_start(prev), prev.end)
        if any(d.start < e and d.end > s for d in self.drafts) or word_count(self.text[s:e]) < 4:
            return
        drafts.append(Draft("reported", [(s, e)], sent.paragraph, subject=sub))
        claimed.append((sent.start, sent.end))

    def _according_quote(self, sent: Sentence, cues: list[Cue], used: set[int], drafts) -> None:
        """'According to a statement from X, "..."': the quote is X's own words."""
        m = self.mtext
        for k, c in enumerate(cues):
            if k in used or c.kind != "according to":
                continue
            if m[self._statement_start(sent) : c.start].strip():
                return
            pos = c.end
            fm = STATEMENT_FROM.match(m, pos, sent.end)
            if fm:
                pos = fm.end()
            sub = parse_after(m[pos : min(sent.end, pos + WINDOW + 1)], pos)
            if sub is None:
                return
            comma = re.compile(r"\s*,\s*").match(m, sub.end, sent.end)
            q = next((q for q in sent.quotes if q.open >= sub.end), None)
            if not comma or q is None or q.open != comma.end():
                return
            if m[q.outer_end : sent.end].strip(" .!?"):
                return
            used.add(k)
            drafts.append(Draft("direct", [(q.start, q.end)], sent.paragraph, subject=sub))
            return

    def _participle_quote(self, sent: Sentence, drafts) -> None:
        """'..., he told the families, adding, "..."': the quote is the sentence speaker's."""
        main = next((d for d in reversed(drafts) if d.subject is not None), None)
        if main is None:
            return
        if not sent.quotes:
            return
        q = sent.quotes[-1]  # the quote that ends the sentence
        if q.open < main.end or any(d.start <= q.start < d.end for d in drafts):
            return
        if not _PARTICIPLE_QUOTE.search(self.mtext, max(main.end, q.open - 40), q.open):
            return
        if self.mtext[q.outer_end : sent.end].strip(" .!?"):
            return
        drafts.append(Draft("direct", [(q.start, q.end)], sent.paragraph, same_as=main))
