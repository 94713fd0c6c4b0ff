"""Step 1 of the walk: quotations and who said them.

A quote is attributed by the words after it ('"...," Marrek said.'), by a verb and a colon or
comma before it ('he said: "..."'), or by a verb that takes a quoted fragment ('called it
"..."'). A quote that opens a sentence with no attribution is left to the person in focus
(``carry``); one re-opened at the start of a paragraph continues the previous speaker.
"""

from __future__ import annotations

import re
from bisect import bisect_left

from serving.article.frames import back_reference
from serving.article.quotes import FRAGMENT_VERBS, Cue, Sentence, word_count
from serving.article.records import Draft, WalkState
from serving.article.relays import relayed_subject
from serving.article.scan import head, rstrip_end, tail, trim, words_at_most
from serving.article.speaker_phrases import (
    Subject,
    clean_role,
    core_at_end,
    parse_after,
    parse_initial,
    parse_subject,
)

MIN_WORDS_UNATTRIBUTED = 3
_LONGEST_CUE = max(len(v) for v in FRAGMENT_VERBS)
_AND_BUT_END = re.compile(r"\b(?:and|but)\s+(?:[a-z]+\s+)?$")
_PARTICIPLE = re.compile(
    r"\s*,\s*(?:and\s+)?(adding|saying|noting|arguing|warning|insisting|explaining|stressing)\b(\s+that\b)?"
)
COMMA = re.compile(r"\s*,\s*")
_THAT_AFTER = re.compile(r"\s+that\s")


def _titled_appositive(m: str, gap_s: int, sub: Subject) -> bool:
    """'"...," the Emir of Kuwait, Sheikh Nawaf Al-Salem, said.': the name follows its role in
    apposition; the role (already the name's) is all that stands before it."""
    if sub.kind != "name" or not sub.role:
        return False
    before = m[gap_s : sub.start].strip()
    return before.endswith(",") and before[:-1].strip() == sub.role.strip()


def _trailing_role(rest: str) -> tuple[str, int] | None:
    r"""What ``re.match(r"\s*,\s*([^¤]+?)\s*[.,;]?\s*$", rest)`` gives as (group 1, its end),
    found with one scan: the lazy group ends where the trailing 'spaces, one mark, spaces'
    begins (the regex retried that tail at every offset)."""
    c = COMMA.match(rest)
    if not c or "¤" in rest[c.end() :]:
        return None
    start = c.end()
    if start == len(rest):  # nothing after the comma: the group takes back one space
        if rest[start - 1].isspace():
            return rest[start - 1 : start], start
        return None
    end = len(rest.rstrip())
    if rest[end - 1] in ".,;":
        end = len(rest[: end - 1].rstrip())
    end = max(end, start + 1)
    return rest[start:end], end


class QuoteAttribution(WalkState):
    """Attribute a sentence's quotations; the speaker lookups that reported speech shares."""

    def _post_attribution(
        self, sent: Sentence, gap_s: int, gap_e: int, cues: list[Cue], used: set[int]
    ) -> tuple[int, Subject, int] | None:
        m = self.mtext
        first = bisect_left(self.cue_starts, gap_s)
        for k in range(first, len(cues)):  # '"...," media reports quoted X as saying.'
            c = cues[k]
            if c.start >= gap_e or word_count(m[gap_s : c.start]) > 30:
                break
            if c.kind == "say" and k not in used:
                rel = relayed_subject(m[gap_s : c.start], gap_s)
                if rel is not None and re.fullmatch(r"[\s,]*", m[gap_s : rel[1]]):
                    return k, rel[0], c.end  # X's words, the outlet only relays them
        for k in range(first, len(cues)):
            c = cues[k]
            if c.start >= gap_e:
                break
            if k in used or c.kind == "according to":
                continue
            pre = m[gap_s : c.start]
            if word_count(pre) > 30:
                return None
            if re.fullmatch(r"[\s,]*", pre):  # inverted: '..." said Tomas Vell, a senior fellow'
                tail_end = gap_e
                sub = parse_after(m[c.end : tail_end], c.end)
                if sub is None:
                    return None
                att_end = sub.end
                rest = m[sub.end : tail_end]
                r = _trailing_role(rest)
                if r and sub.kind == "name" and not _PARTICIPLE.match(rest):
                    role = clean_role(r[0])
                    if role:
                        sub.role = role
                        att_end = sub.end + r[1]
                return k, sub, att_end
            sub = parse_subject(pre, gap_s)
            if sub is None or not (
                re.fullmatch(r"[\s,]*", m[gap_s : sub.start]) or _titled_appositive(m, gap_s, sub)
            ):
                sub2 = core_at_end(
                    pre.strip(" ,"), gap_s + len(pre) - len(pre.lstrip(" ,")), full=True
                )
                if sub2 is None:
                    return None
                sub = sub2
            return k, sub, c.end
        return None

    def _quotes(self, sent, cues, used, drafts, prev_attr: Draft | None) -> Draft | None:
        """Attribute the sentence's quotes; return the draft a following quote may continue."""
        m, qs = self.mtext, sent.quotes
        opens = [q.open for q in qs]
        starts = self.cue_starts
        consumed: set[int] = set()
        last_attr = None
        first_word = (
            sent.start + len(m[sent.start : sent.end]) - len(m[sent.start : sent.end].lstrip())
        )
        for i, q in enumerate(qs):
            if id(q) in consumed:
                continue
            if q.continued and self.open_draft is not None:
                d = Draft("direct", [(q.start, q.end)], sent.paragraph, continues=self.open_draft)
                drafts.append(d)
                if q.close is None:
                    self.open_draft = d
                last_attr = d
                continue
            nq = qs[i + 1] if i + 1 < len(qs) else None
            att = self._post_attribution(sent, q.outer_end, nq.open if nq else sent.end, cues, used)
            if att:
                k, sub, att_end = att
                used.add(k)
                d = Draft("direct", [(q.start, q.end)], sent.paragraph, subject=sub)
                if i == 0 and self._runs_into(first_word, q.open, starts):
                    # 'The trip is part of his "peace mission," X wrote': the sentence up to
                    # the quote's end is what was said, the quoted words a part of it
                    d = Draft("reported", [(first_word, q.outer_end)], sent.paragraph, subject=sub)
                drafts.append(d)
                last_attr = d
                rest_end = nq.open if nq else sent.end
                pm = _PARTICIPLE.match(m[att_end:rest_end])
                if pm and (pm.group(2) or pm.group(1) == "saying"):
                    s, e = trim(self.text, att_end + pm.end(), sent.end)
                    if word_count(self.text[s:e]) >= 3:
                        drafts.append(Draft("reported", [(s, e)], sent.paragraph, same_as=d))
                        lo = bisect_left(starts, att_end)
                        used.update(range(lo, bisect_left(starts, att_end + pm.end())))
                        consumed.update(
                            id(x) for x in qs[bisect_left(opens, s) : bisect_left(opens, e)]
                        )
                elif nq is not None:
                    between = m[att_end : nq.open]
                    if len(between) <= 80 and not re.search(r"[.!?;¤]", between):
                        d.spans.append((nq.start, nq.end))
                        consumed.add(id(nq))
                        if nq.close is None:
                            self.open_draft = d
                if q.close is None:
                    self.open_draft = d
                continue
            lead_s = qs[i - 1].outer_end if i > 0 else sent.start
            before = m[lead_s : q.open]
            intro = before.rstrip()
            bare = self._bare_intro(sent, q, lead_s + len(intro))
            if intro.endswith(":") or intro.endswith(",") or bare:
                ks = [
                    k
                    for k in range(bisect_left(starts, lead_s), bisect_left(starts, q.open))
                    if k not in used and cues[k].kind != "according to"
                ]
                # 'Marrek declared, "..."': the verb right before the comma, nothing else
                if intro.endswith(",") and ks and cues[ks[-1]].end != lead_s + len(intro) - 1:
                    ks = []
                if (
                    bare
                    and ks
                    and (
                        cues[ks[-1]].end != lead_s + len(intro)
                        or cues[ks[-1]].kind not in ("say", "that")
                    )
                ):
                    ks = []  # 'X says "..."', 'X wrote "..."', not 'X welcomed "The ... Accord"'

                if ks:
                    c = cues[ks[-1]]
                    sub = self._subject_before(sent.start, c.start)
                    if sub is not None:
                        used.add(ks[-1])
                        d = Draft("direct", [(q.start, q.end)], sent.paragraph, subject=sub)
                        drafts.append(d)
                        last_attr = d
                        if q.close is None:
                            self.open_draft = d
                        continue
            frag = [
                k
                for k in range(
                    bisect_left(starts, lead_s - _LONGEST_CUE), bisect_left(starts, q.open + 1)
                )
                if k not in used
                and cues[k].kind == "fragment"
                and lead_s <= cues[k].end <= q.open
                and words_at_most(m, cues[k].end, q.open, 8)
            ]
            if frag and word_count(self.text[q.start : q.end]) >= MIN_WORDS_UNATTRIBUTED:
                c = cues[frag[-1]]
                sub = self._subject_before(sent.start, c.start)
                if sub is not None:
                    used.add(frag[-1])
                    span = (q.start, q.end)
                    if _THAT_AFTER.match(m, q.outer_end, sent.end):
                        # 'calls it a "slap in the face" that the embassy ...': the label and
                        # the clause it judges are one statement
                        span = trim(self.text, c.end, rstrip_end(m, c.end, sent.end))
                    kind = "direct" if span[0] == q.start else "reported"
                    drafts.append(Draft(kind, [span], sent.paragraph, subject=sub))
                    consumed.update(id(x) for x in qs[i + 1 :] if x.open < span[1])
                    continue
            if first_word >= q.open:
                outside = "".join(
                    m[a:b] for a, b in self._gaps(sent, [(x.open, x.outer_end) for x in qs])
                )
                only_quotes = not re.search(r"[^\W\d_]", outside)
                if only_quotes and prev_attr is not None:
                    prev_attr.spans.append((q.start, q.end))
                    if q.close is None:
                        self.open_draft = prev_attr
                    last_attr = prev_attr
                    continue
                if word_count(self.text[q.start : q.end]) >= MIN_WORDS_UNATTRIBUTED:
                    d = Draft("direct", [(q.start, q.end)], sent.paragraph, carry=True)
                    drafts.append(d)
                    if q.close is None:
                        self.open_draft = d
                    last_attr = d
        return last_attr

    def _bare_intro(self, sent: Sentence, q, intro_end: int) -> bool:
        """'X says "The talks will resume."': a verb of saying right before a quote with no
        mark between, where the quote is a whole sentence (a capital first, nothing but the
        full stop after it), not a fragment ('said "daydream" was the word')."""
        if intro_end <= sent.start or self.mtext[intro_end - 1] in ",:":
            return False
        first = self.text[q.start : q.start + 1]
        rest = self.mtext[q.outer_end : sent.end]
        return first.isupper() and not rest.strip(" .!?" + '"”’»')

    def _back_reference(self, sent: Sentence, cues: list[Cue]) -> None:
        """'"...". That was how X described the plan.': the quote left to the person in focus
        in the sentence before belongs to X."""
        prev = self.prev_sentence
        if prev is None or prev.paragraph != sent.paragraph:
            return
        carried = [d for d in self.drafts[-3:] if d.carry and d.start >= prev.start]
        if not carried:
            return
        sub = back_reference(self.mtext, sent.start, sent.end, cues)
        ent = self.reg.resolve(sub, sent.paragraph) if sub is not None else None
        if ent is not None:
            for d in carried:
                d.entity = ent
            self.reg.speakers.add(ent.id)

    def _runs_into(self, lo: int, hi: int, starts: list[int]) -> bool:
        """The sentence's unquoted words from ``lo`` run straight into a quote at ``hi`` (no
        colon or comma before it, no verb of saying among them, three words at least)."""
        lead = self.mtext[lo:hi].rstrip()
        if not lead or lead[-1] in ",:;¤–—-" or words_at_most(self.mtext, lo, hi, 2):
            return False
        return bisect_left(starts, hi) == bisect_left(starts, lo)

    def _subject_before(self, s0: int, cue: int) -> Subject | None:
        """The subject of a verb at ``cue``: right before it, else the sentence's opening
        'Kastrav's ministry ... and' subject (each read in a bounded window)."""
        pre, lo = tail(self.mtext, s0, cue)
        rel = relayed_subject(pre, lo)
        if rel is not None:  # 'AFP quoted X as saying: "..."': X, not the outlet
            return rel[0]
        sub = parse_subject(pre, lo)
        if sub is None and _AND_BUT_END.search(pre):
            sub = parse_initial(head(self.mtext, s0, cue)[0], s0)
        return sub

    def _next_speaker(self, cues: list[Cue], k: int, cs: int, ce: int) -> int:
        """Where a reported clause ends when a second speaker takes over after a comma:
        'X said the talks were useful, Y said they were a waste of time'."""
        for j in range(k + 1, min(len(cues), k + 5)):  # a bounded look-ahead
            c = cues[j]
            if c.start >= ce:
                break
            if c.kind not in ("say", "that", "object"):
                continue
            pre, lo = tail(self.mtext, cs, c.start)
            comma = pre.rfind(",")
            if comma < 0:
                continue
            sub = parse_subject(pre[comma + 1 :], lo + comma + 1)
            if (
                sub is not None
                and sub.kind in ("name", "group")
                and not self.mtext[lo + comma + 1 : sub.start].strip()
            ):
                return lo + comma
        return ce

    @staticmethod
    def _gaps(sent: Sentence, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
        out, pos = [], sent.start
        for s, e in sorted(spans):
            out.append((pos, s))
            pos = max(pos, e)
        out.append((pos, sent.end))
        return out
