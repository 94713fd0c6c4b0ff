"""Step 2 of the walk: reported speech.

'X said (that) ...', 'X told the paper that ...', 'according to X, ...', '..., according to
X.', 'in her view, ...', '..., the spokeswoman said on Monday.', 'urged both sides to ...':
each becomes a reported statement of its own, cut where a second speaker or the setting
('at a news conference') begins.
"""

from __future__ import annotations

import re
from bisect import bisect_left

from serving.article.according import according_to
from serving.article.clauses import (
    clause_end,
    fronted_end,
    middle_start,
    object_end,
    progressive_start,
)
from serving.article.complements import (
    ANNOUNCE_VERBS,
    ANNOUNCED,
    GERUND,
    GERUND_VERBS,
    NEED,
    NO_CLAUSE,
    NP_CLAUSE,
    NP_PAST_CLAUSE,
    PRONOUN_CLAUSE,
    SAID_WHEN,
    SETTING_LEAD,
    TELL_NP,
    TELL_THAT,
    TOLD_TO,
)
from serving.article.frames import as_frames, colon_frame
from serving.article.positions import noun_reports
from serving.article.quotes import SAY_VERBS, THAT_VERBS, word_count
from serving.article.records import Draft
from serving.article.relays import (
    RELAY_VERBS,
    is_medium,
    nested,
    position_holder,
    relayed_subject,
)
from serving.article.reported_objects import ObjectPositions
from serving.article.scan import (
    WINDOW,
    GrowingSpans,
    Spans,
    head,
    rstrip_end,
    tail,
    trim,
)
from serving.article.speaker_phrases import (
    Subject,
    clean_role,
    parse_after,
    parse_initial,
)
from serving.article.vocabulary import STANCE_NOUNS

# what may follow the speaker of '..., said X': the sentence's end, or a relative clause about
# the speaker ('..., said X, who has argued that ...') that reports on its own
_END_STOP = re.compile(r"\s*[.!?]?\s*|\s*,\s*who\s.*", re.DOTALL)
# or what describes the speaker to the sentence's end: '..., said X, a spokesman for the
# ministry.', '..., said a spokesman for the ministry.' (no quotation, no clause of its own)
_SPEAKER_TAIL = re.compile(
    r"(?:\s+(?:of|for|at|from|with)\s[^,.;:!?¤\"“”]{1,80})?"
    r"(?:\s*,\s*(?P<role>(?:a|an|the|his|her|its|their)\s[^;:!?¤\"“”]{1,160}?))?\s*[.!?]?\s*",
    re.DOTALL,
)
_CLAUSE_END = re.compile(r"[,\"”’»]\s*(?:(?:and|while)\s+)?$")
_AND_END = re.compile(r"\s(?:and|but)\s+(?:also\s+|later\s+|then\s+)?$")
_COORD = re.compile(
    r"(?:,\s*+|\s++)(?:(?:and|but)\s+(?:also\s+|later\s+|then\s+)?(?:"
    + "|".join(sorted((SAY_VERBS | THAT_VERBS) - {"saying", "adding"}, key=len, reverse=True))
    + r")\s+that\b|(?:adding|saying|noting|arguing|warning|insisting|stating|explaining|stressing"
    r"|declaring|suggesting|restating)\s+that\b)"
)
# What may stand between a reporting verb and its "that": 'said in an interview on Sunday that'.
_PREPS = {
    "in", "on", "at", "during", "last", "this", "after", "before", "yesterday", "today",
    "earlier", "later", "late", "early", "when", "while", "to", "from", "through", "over",
    "again", "also", "then", "repeatedly", "separately", "afterwards", "tonight", "for",
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "once",
}  # fmt: skip
# a trailing setting: where or how something was said, not part of what was said
_SETTING_WINDOW = 160
_SETTING = re.compile(
    r",\s++(?:at|in|during|on)\s++(?:a|an|the|his|her|their|its)\s++[^,.;¤]{0,80}?"
    r"(?:conference|interview|statement|briefing|speech|meeting|summit|session|address)\b"
    r"[^,;¤]*$"
)
# a subordinator that makes the clause after it a condition: 'until X confirms that ...'
_CONDITION = re.compile(r"\b(?:until|unless|if|once|provided)\s+$", re.IGNORECASE)
# ', as mediators pushed for an end to the war': a verb of position in a clause of the time
# when something else happened is the narrator's background, not a statement
_AS_WHILE = re.compile(r",\s*as\s+$")
# a verb of saying that is negated or refused, before a question word: no statement
_NEGATED = re.compile(
    r"(?:\b(?:not|never)|n[’']t|\b(?:declined|declines|declining|refused|refuses|refusing)"
    r"\s+to)\s*$"
)
_WH = re.compile(r"\s*(?:whether|what|when|how|if|who|which|why|where)\b")
# 'explained why the talks failed', 'underlined how much it matters': what was said, unlike
# 'whether' or 'when' (a question, often one left unanswered)
_HOW_WHY = re.compile(r"\s+(?=(?:how|why)\s+[a-z])")
_RELATIVE_BEFORE = re.compile(r"\b(?:which|who|whom)\s+$")
# 'X, whom Y has accused of stalling, said ...': the object of Y's verb is X, before it
_OBJECT_RELATIVE = re.compile(r",\s*whom\s+[^,;:¤]*$")


class ReportedSpeech(ObjectPositions):
    """Find a sentence's reported statements (after its quotations were attributed)."""

    def _reported(self, sent, cues, used, drafts, claimed, zone_end) -> None:
        m, s0, s1 = self.mtext, sent.start, sent.end
        main: Draft | None = next((d for d in reversed(drafts) if d.subject or d.same_as), None)

        def add(
            sub: Subject | None, s: int, e: int, same: Draft | None = None, obj: bool = False
        ) -> Draft | None:
            cut = _COORD.search(m[s:e])
            if cut:  # '..., but warned that ...' / '..., adding that ...' is a statement of its own
                e = s + cut.start()
            e = object_end(m, s, e) if obj else clause_end(m, s, e)
            lo = max(s, e - _SETTING_WINDOW)
            st = _SETTING.search(m, lo, e)
            if st:  # '..., at a joint news conference with ...': where it was said, not what
                e = st.start()
            s, e = trim(self.text, s, e)
            # an object of a verb of position may be short ('rejected these allegations')
            if e <= s or word_count(self.text[s:e]) < (2 if obj else 3):
                return None
            d = Draft("reported", [(s, e)], sent.paragraph, subject=sub, same_as=same)
            drafts.append(d)
            claimed.append((s, e))
            return d

        # 'As X put it, A.', 'A, as X said.': read first, so that a verb inside A ('as the paper
        # reported, X invited ...') is part of A unless it opens a nested report of its own
        for sub, cs, ce in as_frames(m, max(s0, zone_end), s1, cues):
            if not nested(self.mtext, cues, bisect_left(self.cue_starts, cs) - 1, cs):
                main = add(sub, cs, self._clause_stop(cues, -1, cs, ce)) or main
        covered, seen = GrowingSpans(), 0  # the claimed spans, asked at rising offsets
        first_claim = len(claimed)  # the spans this sentence's cues claim come after it
        for k, c in enumerate(cues):
            for a, b in claimed[seen:]:
                covered.add(a, b)
            seen = len(claimed)
            if k in used or c.start < zone_end or covered.covers(c.start):
                continue
            if c.kind == "according to":
                found = according_to(m, cues, k, s0, s1, len(claimed) > first_claim)
                if found is not None and (d := add(*found)):
                    used.add(k)
                    main = d
                continue
            if c.kind == "view":
                pron = m[c.start : c.start + 5].split()[0].lower()
                if pron == "their":
                    continue
                sub = Subject(
                    "pronoun", "he" if pron == "his" else "she", c.start, c.start + len(pron)
                )
                d = add(sub, c.end, s1)
                if d:
                    used.add(k)
                    main = d
                continue
            if c.kind == "puts it":
                continue
            pre, pre_s = tail(m, s0, c.start)
            pre_end = rstrip_end(m, s0, c.start)  # the end of pre.rstrip()
            same = None
            ing = c.word.split()[0].endswith("ing")
            rel = relayed_subject(pre, pre_s) if c.kind in ("say", "tell") else None
            prog = progressive_start(m, s0, c.start) if ing and rel is None else None
            if rel is not None:
                # '..., AFP quoted X as saying.', 'recalled X saying that ...': X's words
                after, after_cut = head(m, c.end, s1)
                fe = fronted_end(m, s0, rel[1], after, after_cut) if zone_end <= s0 else None
                if fe is not None:
                    free = not any(s0 <= a < fe for a, _ in claimed[first_claim:])
                    if free and (d := add(rel[0], s0, fe)):
                        used.add(k)
                        main = d
                    continue
                sub = rel[0]
            elif (
                c.kind == "that"
                and k + 1 < len(cues)
                and cues[k + 1].kind in ("say", "tell")
                and (nr := relayed_subject(*tail(m, s0, cues[k + 1].start))) is not None
                and nr[2] == c.start
            ):
                continue  # 'recalled X saying ...': read at 'saying', as X's words
            elif prog is not None:  # 'are coming out against ...': a finite verb
                sub = self._subject_before(s0, prog)
                if sub is None:
                    continue
            elif ing:
                if not _CLAUSE_END.search(pre):
                    continue
                if main is not None:
                    sub, same = None, main
                else:  # 'Iran has declined the talks, stating that ...': the sentence's subject
                    sub = parse_initial(head(m, max(s0, zone_end), c.start)[0], max(s0, zone_end))
                    if sub is None:
                        continue
            else:
                sub = self._subject_before(s0, c.start)
                if sub is None and _AND_END.search(pre) and main is not None:
                    sub, same = None, main  # 'called Varne a "failed state" and said ...'
                elif sub is None and (mid := middle_start(m, s0, c.start)) is not None:
                    sub = self._subject_before(s0, mid)  # 'X on Friday accused ...'
                if (
                    sub is None
                    and same is None
                    and pre_end > s0
                    and m[pre_end - 1] == ","
                    and c.kind == "say"
                ):
                    # '..., said the minister.'
                    sub = parse_after(m[c.end : min(s1, c.end + WINDOW + 1)], c.end)
                    tail_m = None if sub is None else _SPEAKER_TAIL.fullmatch(m, sub.end, s1)
                    if tail_m and tail_m.group("role") and sub.kind == "name" and not sub.role:
                        sub.role = clean_role(tail_m.group("role"))
                    if sub is not None and (tail_m or _END_STOP.fullmatch(m, sub.end, s1)):
                        d = add(sub, s0, rstrip_end(m, s0, pre_end, ","))
                        if d:
                            used.add(k)
                            main = d
                    continue
                if sub is None and same is None:
                    continue
            if sub is not None and _CONDITION.search(m, max(s0, sub.start - 12), sub.start):
                continue  # 'until Israel confirms that ...': a condition, not a statement
            if (
                sub is not None
                and c.kind == "object"
                and _AS_WHILE.search(m, max(s0, sub.start - 8), sub.start)
            ):
                continue
            after, after_cut = head(m, c.end, s1)
            tm = re.match(r"^((?:\s+[^\s,.;:¤\"“”‘’«»]+){0,12}?)\s+that(?:\s|,\s)", after)
            if tm is None and c.kind == "tell":
                tm = TELL_THAT.match(after)  # 'told relatives, who had come ..., that ...'

            if tm and c.kind != "tell" and tm.group(1).strip():
                first = tm.group(1).split()[0].lower()
                # 'said in an interview that'; after an object verb the words are its object
                # ('threatened to put tariffs on any country that ...')
                words = tm.group(1).split()
                stance = words[-1].lower() in STANCE_NOUNS and len(words) <= 3
                if c.kind in ("object", "that") and stance:
                    pass  # 'voiced fear that ...', 'echoed the view that ...': the clause
                elif len(words) == 1 and first in ("on", "to", "with", "about", "for", "in"):
                    tm = None  # 'agreed on that meeting': 'that' is the preposition's object
                elif (first not in _PREPS and not first.endswith("ly")) or c.kind in (
                    "object",
                    "fragment",
                ):
                    tm = None
            if tm is None and c.kind == "tell" and sub is not None and TOLD_TO.match(after):
                cs = c.end + TOLD_TO.match(after).end()  # 'told Tehran to halt the strikes'
                ce = object_end(m, cs, self._clause_stop(cues, k, cs, s1))
                d = add(sub, cs, ce, same, obj=True)
                if d:
                    used.add(k)
                    main = d
                continue
            if tm:
                cs = c.end + tm.end()
            elif c.kind == "that" and PRONOUN_CLAUSE.match(after):
                cs = c.end + PRONOUN_CLAUSE.match(after).end()  # 'warned it would strike'
            elif c.kind == "that" and sub is not None and (lead := SETTING_LEAD.match(after)):
                rest = after[lead.end() :]  # 'stated in an interview there was ...'
                cl = PRONOUN_CLAUSE.match(rest) or NP_CLAUSE.match(rest)
                if cl is None:
                    continue
                cs = c.end + lead.end() + cl.end()
            elif c.kind == "that" and sub is not None and NP_CLAUSE.match(after):
                cs = c.end + NP_CLAUSE.match(after).end()  # 'insisted the sanctions must go'
            elif c.kind == "that" and sub is not None and NP_PAST_CLAUSE.match(after):
                cs = c.end + NP_PAST_CLAUSE.match(after).end()  # 'alleges the North abducted'
            elif c.kind == "tell" and sub is not None and TELL_NP.match(after):
                cs = c.end + TELL_NP.match(after).end()  # 'told lawmakers the talks would ...'
            elif c.kind == "that" and (
                (c.word in GERUND_VERBS and GERUND.match(after))
                or (c.word in ANNOUNCE_VERBS and ANNOUNCED.match(after))
            ):
                if same is None and _AND_END.search(pre):
                    continue  # 'X ordered A and announced B': whose is B is not read here
                span = self._object_span(cues, k, c, after, s1)  # 'suggested holding talks'
                if span is not None and (d := add(sub, *span, same, obj=True)):
                    used.add(k)
                    main = d
                continue
            elif c.kind == "that" and sub is not None and NEED.match(after):
                cs = c.end + NEED.match(after).end()  # 'stressed the need for a solution'
            elif c.kind in ("object", "fragment"):
                if sub is not None and _OBJECT_RELATIVE.search(
                    m, max(s0, sub.start - 60), sub.start
                ):
                    continue  # 'X, whom Y has accused of stalling, said': the object is X
                span = self._object_span(cues, k, c, after, s1)
                if span is None:
                    continue
                d = add(sub, *span, same, obj=True)
                if d:
                    used.add(k)
                    main = d
                continue
            elif (
                c.kind in ("say", "that", "tell")
                and sub is not None
                and zone_end <= s0
                and (fe := fronted_end(m, s0, sub.start, after, after_cut, c.kind == "tell"))
                is not None
            ):
                if any(s0 <= a < fe for a, _ in claimed[first_claim:]) or any(
                    d.subject is not None and s0 <= d.subject.start < fe for d in drafts
                ):
                    continue  # 'X said that ..., state media reported': the statement is X's
                d = add(sub, s0, fe)  # '..., spokesman X said on Monday.'
                if d:
                    used.add(k)
                    main = d
                continue
            elif c.kind == "that" and sub is not None and (hw := _HOW_WHY.match(after)):
                cs = c.end + hw.end()  # 'underlined how much it matters that ...'
            elif c.kind == "that" and sub is not None and re.match(r"\s*:\s*(?!¤)", after):
                cs = c.end + re.match(r"\s*:\s*", after).end()  # 'he added: the talks ...'
            elif c.kind == "say" and sub is not None:
                bm = re.match(r"\s*:\s*", after) or SAID_WHEN.match(after)
                if not bm or NO_CLAUSE.match(after):
                    continue  # 'has said little in public': no words reported
                cs = c.end + bm.end()
            else:
                continue
            if _NEGATED.search(pre) and (c.kind in ("say", "tell") or _WH.match(m, cs, s1)):
                continue  # 'did not say whether ...', 'declined to say when ...': nothing said
            relay = c.word in RELAY_VERBS or (sub is not None and is_medium(sub))
            if c.kind in ("say", "that", "tell") and nested(self.mtext, cues, k, cs, (), relay):
                continue  # 'X said Y had told him that ...': the statement is Y's (read next)
            ce = self._clause_stop(cues, k, cs, s1)
            if sub is not None and _RELATIVE_BEFORE.search(m, max(s0, sub.start - 8), sub.start):
                comma = m.find(",", cs, ce)  # 'the talks, which X said were useful, ended'
                ce = comma if comma >= 0 else ce
            if sub is not None:  # 'media reports suggest that X wants talks': X's position
                sub = position_holder(m, sub, cs, ce) or sub
            d = add(sub, cs, ce, same)
            if d:
                used.add(k)
                main = d
        if not claimed and (cf := colon_frame(m, max(s0, zone_end), s1)):
            add(*cf)  # 'X was blunt: ...', 'X drew a red line: ...'
        # "X's claim that ...", 'remarks by X that ...', 'quoted X as saying ...'
        for sub, cs, end in noun_reports(m, s0, s1):
            if Spans(claimed).covers(cs):
                continue
            k = bisect_left(self.cue_starts, cs) - 1
            ce = self._clause_stop(cues, k, cs, s1 if end is None else end)
            if sub.start < zone_end:  # 'Asked about remarks by X that A, Y said': A ends at a comma
                comma = m.find(",", cs, ce)
                ce = comma if comma >= 0 else ce
            add(sub, cs, ce)
