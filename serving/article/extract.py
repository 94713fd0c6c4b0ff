"""From an article to attributed statements: quotes and reported speech, each with its speaker.

The walk goes sentence by sentence, in order, so that pronouns ("she said") and descriptions
("the minister said") resolve against what the reader has seen so far:

1. quotes with an attribution after them ('"...," Marrek said. "..."'), before them with a
   colon ('he said: "..."'), or after a verb that takes a quoted fragment ('called it "..."');
2. reported speech: 'X said (that) ...', 'X told the paper that ...', 'according to X, ...',
   '..., according to X.', 'in her view, ...', '..., the spokeswoman said on Monday.';
3. a quote that opens a sentence without attribution belongs to the person in focus;
   a quote re-opened at the start of a paragraph continues the previous paragraph's speaker.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass, field
from itertools import islice

from serving.article.quotes import (
    FRAGMENT_VERBS,
    MASK,
    SAY_VERBS,
    TELL_VERBS,
    THAT_VERBS,
    Cue,
    Sentence,
    find_cues,
    find_quotes,
    masked,
    paragraphs,
    sentences,
    word_count,
)
from serving.article.scan import WINDOW, GrowingSpans, Spans, head, last_tokens, rstrip_end, tail
from serving.article.speakers import (
    ORG_WORDS,
    STOP_CAPS,
    Entity,
    Registry,
    Subject,
    _is_name_token,
    _role_noun,
    clean_role,
    core_at_end,
    parse_after,
    parse_initial,
    parse_subject,
    role_np_at_end,
    split_title,
)

MIN_WORDS_UNATTRIBUTED = 3
_APPOSITIVE = re.compile(r"\s*,\s*((?:who|a|an)\b[^,¤]*),")
_END_MARKS = re.compile(r"\s*[.!?;]?[\"”’»]?\s*")
_END_STOP = re.compile(r"\s*[.!?]?\s*")
_CLAUSE_END = re.compile(r"[,\"”’»]\s*(?:and\s+)?$")
_NAME_APPOS = re.compile(
    r",\s+((?:a|an|the|who|head|director|chief|former|[A-Z][\w-]*(?:’s|'s))\b[^¤]*?)(?:,|\.$|$)"
)
_NAME_OF = re.compile(
    r"\s+(of\s+(?:the\s+)?(?:[A-Z][\w’'-]*)(?:\s+(?:[A-Z][\w’'-]*|for|of|and|in|on|the|de))*)"
)
_NAME_COP = re.compile(
    r"\s+(?:is|was)\s+((?:a|an|the|[A-Z][\w-]*(?:’s|'s))\s+[^,.;:¤]*?)(?=\s+and\s|[,.;:]|$)"
)
_POSSESSOR_RUN = re.compile(r"(?<![\w-])[\w-]++(?=(?:’s|'s)\s+[a-z])")
_ROLE_WINDOW = 120  # a role written before a name: 'former intelligence chief Margit Lohk'
_LETTER = re.compile(r"[^\W\d_]")
_LONGEST_CUE = max(len(v) for v in FRAGMENT_VERBS)
_AND_BUT_END = re.compile(r"\b(?:and|but)\s+(?:[a-z]+\s+)?$")
_WORD = re.compile(r"[^\W_]+(?:[’'-][^\W_]+)*")


def _words_at_most(text: str, lo: int, hi: int, n: int) -> bool:
    """``word_count(text[lo:hi]) <= n``, reading no further than the (n+1)th word."""
    return sum(1 for _ in islice(_WORD.finditer(text, lo, hi), n + 1)) <= n


_COORD = re.compile(
    r"(?:,\s*+|\s++)(?:(?:and|but)\s+(?:also\s+|later\s+|then\s+)?(?:"
    + "|".join(sorted((SAY_VERBS | THAT_VERBS) - {"saying", "adding"}, key=len, reverse=True))
    + r")\s+that\b|(?:adding|saying|noting|arguing|warning|insisting)\s+that\b)"
)
# 'called the plan reckless and said ...': the object ends where a coordinated verb of saying starts
_OBJ_STOP = re.compile(
    r"\s++(?:and|but)\s++(?:also\s++|later\s++|then\s++)?(?:"
    + "|".join(sorted(SAY_VERBS | TELL_VERBS | THAT_VERBS, key=len, reverse=True))
    + r")\b"
)
# What may stand between a reporting verb and its "that": 'said in an interview on Sunday that'.
_PREPS = {
    "in", "on", "at", "during", "last", "this", "after", "before", "yesterday", "today",
    "earlier", "later", "late", "early", "when", "while", "to", "from", "through", "over",
    "again", "also", "then", "repeatedly", "separately", "afterwards", "tonight",
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "once",
}  # fmt: skip
# a trailing setting: where or how something was said, not part of what was said
_SETTING_WINDOW = 160
_SETTING = re.compile(
    r",\s++(?:at|in|during|on)\s++(?:a|an|the|his|her|their|its)\s++[^,.;¤]{0,80}?"
    r"(?:conference|interview|statement|briefing|speech|meeting|summit|session|address)\b"
    r"[^,;¤]*$"
)
_PRONOUN_CLAUSE = re.compile(r"\s+(?=(?:he|she|it|they|we|I|there)\s+[a-z’']+\b)")
_HEADLINE = re.compile(r"\s*([^:¤\n]{2,80}?)\s*:\s++(?=\S)")
_ZONE = re.compile(r"^\s*(?:Asked|Answering|Pressed|Questioned|Responding|Replying)\b[^,¤]*,")
_PARTICIPLE = re.compile(
    r"\s*,\s*(?:and\s+)?(adding|saying|noting|arguing|warning|insisting|explaining|stressing)\b(\s+that\b)?"
)


@dataclass
class Draft:
    kind: str  # direct | reported
    spans: list[tuple[int, int]]
    paragraph: int
    subject: Subject | None = None
    entity: Entity | None = None
    carry: bool = False
    continues: Draft | None = None
    same_as: Draft | None = None  # 'adding that ...' belongs to the quote's speaker

    @property
    def start(self) -> int:
        return min(s for s, _ in self.spans)

    @property
    def end(self) -> int:
        return max(e for _, e in self.spans)


@dataclass
class Statement:
    """One attributed statement: ``start``/``end`` are offsets into the article; a quote
    split by its attribution has several ``parts`` and ``text`` joins them."""

    text: str
    start: int
    end: int
    kind: str
    parts: list[tuple[int, int]]
    speaker: int  # index into Extraction.speakers


@dataclass
class Speaker:
    name: str
    role: str | None
    kind: str  # person | group
    statements: list[Statement] = field(default_factory=list)


@dataclass
class Extraction:
    speakers: list[Speaker]
    statements: list[Statement]


def _trim(text: str, s: int, e: int) -> tuple[int, int]:
    while s < e and text[s].isspace():
        s += 1
    while e > s and text[e - 1].isspace():
        e -= 1
    return s, e


_COMMA = re.compile(r"\s*,\s*")


def _trailing_role(rest: str) -> tuple[str, int] | None:
    r"""What ``re.match(r"\s*,\s*([^¤]+?)\s*[.,;]?\s*$", rest)`` gives as (group 1, its end),
    found with one scan: the lazy group ends where the trailing 'spaces, one mark, spaces'
    begins (the regex retried that tail at every offset)."""
    c = _COMMA.match(rest)
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
    return out


class _Walker:
    def __init__(self, text: str):
        self.text = text
        self.paras = paragraphs(text)
        self.quotes = find_quotes(text, self.paras)
        self.mtext = masked(text, self.quotes)
        self.reg = Registry(_places(self.mtext))
        self.in_heading = False
        self.drafts: list[Draft] = []
        self.open_draft: Draft | None = None  # a quote left open at the end of a paragraph
        self.answer_mode = False
        self.last_answer: Entity | None = None
        self.cue_starts: list[int] = []  # the current sentence's cue offsets, for bisection

    # -- step 1: quotations -------------------------------------------------------------------
    def _post_attribution(
        self, sent: Sentence, gap_s: int, gap_e: int, cues: list[Cue], used: set[int]
    ) -> tuple[int, Subject, int] | None:
        m = self.mtext
        for k in range(bisect_left(self.cue_starts, gap_s), len(cues)):
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
            if sub is None or not re.fullmatch(r"[\s,]*", m[gap_s : sub.start]):
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
                drafts.append(d)
                last_attr = d
                rest_end = nq.open if nq else sent.end
                pm = _PARTICIPLE.match(m[att_end:rest_end])
                if pm and (pm.group(2) or pm.group(1) == "saying"):
                    s, e = _trim(self.text, att_end + pm.end(), sent.end)
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
            if intro.endswith(":") or intro.endswith(","):
                ks = [
                    k
                    for k in range(bisect_left(starts, lead_s), bisect_left(starts, q.open))
                    if k not in used and cues[k].kind != "according to"
                ]
                # 'Marrek declared, "..."': the verb right before the comma, nothing else
                if intro.endswith(",") and ks and cues[ks[-1]].end != lead_s + len(intro) - 1:
                    ks = []
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
                and _words_at_most(m, cues[k].end, q.open, 8)
            ]
            if frag and word_count(self.text[q.start : q.end]) >= MIN_WORDS_UNATTRIBUTED:
                c = cues[frag[-1]]
                sub = self._subject_before(sent.start, c.start)
                if sub is not None:
                    used.add(frag[-1])
                    drafts.append(Draft("direct", [(q.start, q.end)], sent.paragraph, subject=sub))
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

    def _subject_before(self, s0: int, cue: int) -> Subject | None:
        """The subject of a verb at ``cue``: right before it, else the sentence's opening
        'Kastrav's ministry ... and' subject (each read in a bounded window)."""
        pre, lo = tail(self.mtext, s0, cue)
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

    # -- step 2: reported speech ----------------------------------------------------------------
    def _reported(self, sent, cues, used, drafts, claimed, zone_end) -> None:
        m, s0, s1 = self.mtext, sent.start, sent.end
        main: Draft | None = next((d for d in reversed(drafts) if d.subject or d.same_as), None)

        def add(sub: Subject | None, s: int, e: int, same: Draft | None = None) -> Draft | None:
            cut = _COORD.search(m[s:e])
            if cut:  # '..., but warned that ...' / '..., adding that ...' is a statement of its own
                e = s + cut.start()
            lo = max(s, e - _SETTING_WINDOW)
            st = _SETTING.search(m, lo, e)
            if st:  # '..., at a joint news conference with ...': where it was said, not what
                e = st.start()
            s, e = _trim(self.text, s, e)
            if e <= s or word_count(self.text[s:e]) < 3:
                return None
            d = Draft("reported", [(s, e)], sent.paragraph, subject=sub, same_as=same)
            drafts.append(d)
            claimed.append((s, e))
            return d

        covered, seen = GrowingSpans(), 0  # the claimed spans, asked at rising offsets
        for k, c in enumerate(cues):
            for a, b in claimed[seen:]:
                covered.add(a, b)
            seen = len(claimed)
            if k in used or c.start < zone_end or covered.covers(c.start):
                continue
            if c.kind == "according to":
                sub = parse_after(m[c.end : min(s1, c.end + WINDOW + 1)], c.end)
                if sub is None:
                    continue
                rest_s = sub.end
                ap = _APPOSITIVE.match(head(m, rest_s, s1)[0])
                if ap and (
                    ap.group(1).startswith("who")
                    or any(
                        w.lower().strip("’'s")
                        in (
                            "analyst",
                            "expert",
                            "fellow",
                            "director",
                            "professor",
                            "official",
                            "researcher",
                            "diplomat",
                            "minister",
                            "spokesman",
                            "spokeswoman",
                            "head",
                            "adviser",
                            "advisor",
                            "former",
                        )
                        for w in ap.group(1).split()
                    )
                ):
                    role = clean_role(ap.group(1))
                    if role and sub.kind == "name":
                        sub.role = role
                    rest_s += ap.end() - 1
                if _END_MARKS.fullmatch(m, rest_s, s1):
                    d = add(sub, s0, rstrip_end(m, s0, rstrip_end(m, s0, c.start), ","))
                else:
                    cm = _COMMA.match(m, rest_s, s1)
                    if not cm:
                        continue
                    d = add(sub, cm.end(), s1)
                if d:
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
            if c.word.endswith("ing"):
                if not _CLAUSE_END.search(pre) or main is None:
                    continue
                sub, same = None, main
            else:
                sub = self._subject_before(s0, c.start)
                if sub is None and pre_end > s0 and m[pre_end - 1] == "," and c.kind == "say":
                    # '..., said the minister.'
                    sub = parse_after(m[c.end : min(s1, c.end + WINDOW + 1)], c.end)
                    if sub is not None and _END_STOP.fullmatch(m, sub.end, s1):
                        d = add(sub, s0, rstrip_end(m, s0, pre_end, ","))
                        if d:
                            used.add(k)
                            main = d
                    continue
                if sub is None:
                    continue
            after, after_cut = head(m, c.end, s1)
            tm = re.match(r"^((?:\s+[^\s,.;:¤\"“”‘’«»]+){0,9}?)\s+that\s", after)
            if tm and c.kind != "tell" and tm.group(1).strip():
                first = tm.group(1).split()[0].lower()
                if first not in _PREPS and not first.endswith("ly"):
                    tm = None
            if tm:
                cs = c.end + tm.end()
            elif c.kind == "that" and _PRONOUN_CLAUSE.match(after):
                cs = c.end + _PRONOUN_CLAUSE.match(after).end()  # 'warned it would strike'
            elif c.kind in ("object", "fragment"):
                # 'urged both sides to return', 'accused the council of stalling'; a bare
                # 'called for ...' demand is left out, as the project's labeling guide does
                bm = re.match(r"\s+(?=[^\W\d_]|¤)", after)
                if bm and c.kind == "fragment" and after[bm.end() :].startswith("for "):
                    bm = None
                if not bm:
                    continue
                cs = c.end + bm.end()
                stop = _OBJ_STOP.search(m, cs, s1)
                ce = self._next_speaker(cues, k, cs, stop.start() if stop else s1)
                if _words_at_most(m, cs, ce, 3):  # 'called the plan reckless': a label, no position
                    continue
                d = add(sub, cs, ce, same)
                if d:
                    used.add(k)
                    main = d
                continue
            elif c.kind == "say" and sub is not None:
                lead_end = rstrip_end(m, s0, sub.start)  # the end of lead.rstrip()
                rest = re.match(r"[^,.;]*", after).group()
                complete = len(rest) < len(after) or not after_cut  # the window held it all
                short_tail = complete and (
                    not rest.strip()
                    or (
                        word_count(rest) <= 5
                        and rest.split()[0].lower() in _PREPS
                        and "¤" not in rest
                    )
                )
                if (
                    sub.start > s0
                    and zone_end <= s0
                    and lead_end > s0
                    and m[lead_end - 1] == ","
                    and not _words_at_most(m, s0, sub.start, 3)
                    and short_tail
                ):
                    d = add(sub, s0, rstrip_end(m, s0, lead_end, ","))  # '..., X said on Monday.'
                    if d:
                        used.add(k)
                        main = d
                    continue
                bm = re.match(r"\s*:\s*", after) or re.match(r"\s+(?=[^\W\d_])", after)
                if not bm:
                    continue
                cs = c.end + bm.end()
            else:
                continue
            d = add(sub, cs, self._next_speaker(cues, k, cs, s1), same)
            if d:
                used.add(k)
                main = d

    # -- step 3: mentions, in reading order ---------------------------------------------------------
    def _mentions(self, sent, drafts, claimed, zone_end) -> list[tuple[int, Subject, list[Draft]]]:
        m = self.mtext
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

        def free(pos: int) -> bool:
            return pos >= zone_end and not busy.covers(pos) and m[pos] != MASK

        seg = m[sent.start : sent.end]
        # name runs: consecutive name tokens separated by spaces only
        run: list[re.Match] = []
        for t in [*re.finditer(r"\(ret\.?\)|[^\s,;:()\[\]¤\"“”«»]+", seg), None]:
            ok = t is not None and _is_name_token(t.group())
            ok = ok and t.group().strip("‘’'").lower() not in STOP_CAPS
            if ok and run and seg[run[-1].end() : t.start()].strip():
                self._name_event(sent, 0, run, events, free)
                run = []
            if ok:
                run.append(t)
                continue
            if run:
                self._name_event(sent, 0, run, events, free)
            run = []
        for pm in re.finditer(r"\b([Hh]e|[Ss]he)\b", seg):
            pos = sent.start + pm.start()
            if free(pos):
                sub = Subject("pronoun", pm.group(1).lower(), pos, pos + len(pm.group(1)))
                fr = re.match(r"^\s*(?:A|An)\s+([^,¤]{3,140}),\s+(?:he|she)\b", seg)
                if fr and fr.end() == pm.end():
                    sub.role = fr.group(0).rsplit(",", 1)[0].strip()
                events.setdefault(pos, (pos, sub, []))
        return [events[k] for k in sorted(events)]

    def _name_event(self, sent, base, run, events, free) -> None:
        m = self.mtext
        s = sent.start + base + run[0].start()
        e = sent.start + base + run[-1].end()
        if not free(s):
            return
        tokens = [t.group().strip("‘’'") for t in run]
        title, name = split_title(tokens)
        if not name or any(t.lower().rstrip("’'s") in ORG_WORDS for t in tokens):
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
        surname = name[-1].lower().rstrip("’'s").rstrip(".")
        known = surname in self.reg.by_surname
        if len(name) == 1 and not title and not known:
            return
        if len(name) >= 2 and surname in self.reg.places and not known:
            return
        sub = Subject("name", " ".join(tokens), s, e, title=title, name=name)
        after, cut = head(m, e, sent.end)
        # each pattern reads a bounded window; one that ran to a cut window's end is no match
        ap, of, cop = (
            None if r is None or (cut and r.end() == len(after)) else r
            for r in (_NAME_APPOS.match(after), _NAME_OF.match(after), _NAME_COP.match(after))
        )
        if ap and word_count(ap.group(1)) <= 25:
            sub.role = clean_role(ap.group(1))
        elif (
            cop
            and any(_role_noun(w) for w in cop.group(1).split()[:4])
            and word_count(cop.group(1)) <= 15
        ):
            sub.role = cop.group(1)
        elif of:
            sub.role = re.sub(r"\s+(?:for|of|and|in|on|the|de)$", "", of.group(1))
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
        self._reported(sent, cues, used, drafts, claimed, zone_end)
        if self.in_heading:  # a headline or strap: only attributed statements count
            drafts = [d for d in drafts if not d.carry and d.continues is None]
            if not drafts:
                self._headline(sent, drafts, claimed)
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
        for _pos, sub, ds in self._mentions(sent, drafts, claimed, zone_end):
            ent = self.reg.resolve(sub, sent.paragraph)
            for d in ds:
                d.entity = ent
        for d in drafts:
            if d.same_as is not None:
                d.entity = d.same_as.entity
            if d.entity is not None:
                self.reg.speakers.add(d.entity.id)
        self.drafts.extend(drafts)
        return last if last is not None and last in drafts and last.kind == "direct" else None

    def _headline(self, sent: Sentence, drafts: list[Draft], claimed: list) -> None:
        """'Harbour chief: talks must go on' — a headline's speaker, a colon, what was said."""
        hm = _HEADLINE.match(self.mtext, sent.start, sent.end)
        if not hm:
            return
        sub = core_at_end(hm.group(1), hm.start(1), full=True)
        if sub is None or sub.kind == "pronoun" or sub.text.isupper():  # 'WATCH: ...' is a label
            return
        s, e = _trim(self.text, hm.end(), sent.end)
        q = next((q for q in sent.quotes if q.open >= hm.end()), None)
        kind = "direct" if q is not None and q.open == hm.end() else "reported"
        if kind == "direct":
            s, e = q.start, q.end
        if word_count(self.text[s:e]) < MIN_WORDS_UNATTRIBUTED:
            return
        if sub.kind == "name":  # a headline names by surname alone: take it as written
            # ('he and Marrek agreed' made 'Marrek' look like a place; a headline speaker is not)
            ent = self.reg.person(sub, sent.paragraph, place_ok=True)
            if ent is None:
                return
            drafts.append(Draft(kind, [(s, e)], sent.paragraph, entity=ent))
        elif sub.kind == "nominal":
            # read after the body, 'the minister' would fall back on the last speaker: only a
            # person whose role has the same head noun is meant
            head = (sub.head or "").rstrip("s")
            ent = next(
                (x for x in self.reg.entities if x.kind == "person" and head and head in x.heads),
                None,
            )
            if ent is None:
                return
            drafts.append(Draft(kind, [(s, e)], sent.paragraph, entity=ent))
        else:
            drafts.append(Draft(kind, [(s, e)], sent.paragraph, subject=sub))
        if kind == "reported":  # a claimed span hides the quotes inside it
            claimed.append((s, e))

    def _finish(self) -> Extraction:
        by_entity: dict[int, list[Draft]] = {}
        for d in self.drafts:
            if d.entity is not None:
                by_entity.setdefault(d.entity.id, []).append(d)
        mapping = self.reg.merge_ledes(by_entity)
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
