"""Text structure of a news article: paragraphs, quotations, sentences and speech cues.

Rule-based and offline by design (no model download): a quotation is found by its marks
(straight, curly, single curly, guillemets, German low-high), a sentence boundary is a
terminal mark outside any quotation, and a speech cue is a reporting verb ("said", "told",
"warned", ...) or a frame ("according to X", "in her view"). Who the cue belongs to is
decided in :mod:`serving.article.speakers`; this module only knows about text.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass

from serving.article.reporting_verbs import (
    BE_HEDGES,
    REPORTING_OBJECT_VERBS,
    REPORTING_THAT_VERBS,
    STANCE_PHRASE,
    STANCE_RE,
)
from serving.article.scan import Spans
from serving.article.vocabulary import MORE_FRAGMENT_VERBS, MORE_OBJECT_VERBS, MORE_THAT_VERBS

# Opening mark -> closing marks. Straight quotes open and close with the same character.
PAIRS: dict[str, tuple[str, ...]] = {
    '"': ('"',),
    "“": ("”", '"'),
    "‘": ("’",),
    "«": ("»",),
    "„": ("“", "”"),
    "‹": ("›",),
}
OPENERS = "".join(PAIRS)
CLOSERS = '"”’»“›'
MASK = "¤"  # stands in for quoted words; not a word character, never whitespace

ABBREVIATIONS = {
    "mr", "mrs", "ms", "dr", "prof", "gen", "col", "lt", "sgt", "st", "sen", "rep", "gov",
    "jr", "sr", "no", "vs", "etc", "ret", "capt", "adm", "maj", "cmdr", "rev", "hon", "jan",
    "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "u.s", "u.n",
    "e.g", "i.e", "approx", "dept", "fig", "inc", "ltd", "co", "corp",
}  # fmt: skip

SAY_VERBS = {"said", "says", "say", "saying"}
TELL_VERBS = {"told", "tells", "tell", "telling", "informed", "informs", "informing"}
# Reporting verbs that introduce a clause only with "that" (otherwise they attribute a quote).
THAT_VERBS = {
    "added", "adds", "adding", "warned", "warns", "warning", "argued", "argues", "arguing",
    "insisted", "insists", "noted", "notes", "noting", "stressed", "stresses", "wrote", "writes",
    "believes", "believed", "considers", "considered", "claimed", "claims", "contended",
    "contends", "acknowledged", "acknowledges", "conceded", "concedes", "explained", "explains",
    "suggested", "suggests", "predicted", "predicts", "maintained", "maintains", "replied",
    "replies", "recalled", "recalls", "underlined", "underlines", "emphasised", "emphasized",
    "emphasises", "emphasizes", "cautioned", "cautions", "observed", "observes", "declared",
    "declares", "admitted", "admits", "complained", "complains", "asserted", "asserts",
    "countered", "counters", "agreed", "agrees", "announced", "announces", "thinks", "thought",
    "feels", "felt", "stated", "states", "answered", "answers", "estimated", "estimates",
    "concluded", "concludes", "argue", "warn", "insist", "claim", "believe", "contend",
    "acknowledge", "suggest", "predict", "maintain", "stress", "note", "agree", "admit",
    "complain", "assert", "hoped", "hopes", "feared", "fears",
    "hinted", "hints", "indicated", "indicates", "reported", "reports",
} | MORE_THAT_VERBS | REPORTING_THAT_VERBS  # fmt: skip
# Verbs that take a quoted fragment as a complement: called it "...", described X as "...".
FRAGMENT_VERBS = {
    "called", "calls", "described", "describes", "accused", "accuses", "dismissed",
    "dismisses", "branded", "brands", "termed", "terms", "labelled", "labeled",
} | MORE_FRAGMENT_VERBS  # fmt: skip
# Reporting verbs whose position follows as an object or an infinitive, with no "that":
# 'accused the council of stalling', 'urged both sides to return', 'backed the plan'.
OBJECT_VERBS = {
    "urged", "urges", "urging", "vowed", "vows", "vowing", "pledged", "pledges", "pledging",
    "backed", "backs", "backing", "restated", "restates", "reiterated", "reiterates",
    "reiterating", "voiced", "voices", "voicing", "rejected", "rejects", "rejecting",
    "welcomed", "welcomes", "welcoming", "criticised", "criticized", "criticises",
    "criticizes", "criticising", "criticizing", "condemned", "condemns", "condemning",
    "proposed", "proposes", "proposing", "threatened", "threatens", "threatening",
    "signalled", "signaled", "signals", "signalling", "signaling", "promised", "promises",
    "promising", "denied", "denies", "denying", "confirmed", "confirms", "confirming",
    "defended", "defends", "defending", "questioned", "questions", "questioning",
    "demanded", "demands", "demanding", "endorsed", "endorses", "endorsing",
    "ruled out", "rules out", "ruling out", "brushed aside", "cast doubt", "casts doubt",
    "played down", "plays down", "downplayed", "downplays", "expressed", "expresses",
    "expressing", "appealed", "appeals", "appealing", "attacked", "attacks", "attacking",
    "blamed", "blames", "blaming", "praised", "praises", "praising", "hailed", "hails",
    "hailing", "opposed", "opposes", "opposing", "supported", "supports", "supporting",
} | MORE_OBJECT_VERBS | REPORTING_OBJECT_VERBS  # fmt: skip
CUE_VERBS = SAY_VERBS | TELL_VERBS | THAT_VERBS | FRAGMENT_VERBS | OBJECT_VERBS
# no cue inside a hyphenated adjective ('the Iran-backed Houthis', 'the so-called group')
_CUE_RE = re.compile(
    r"(?<![\w-])(?:(?P<puts>puts it|put it)|(?P<stance>"
    + STANCE_PHRASE
    + r")|(?P<verb>"
    + "|".join(sorted(CUE_VERBS, key=len, reverse=True))
    + r"))\b"
)
_ACCORDING_RE = re.compile(r"\b[Aa]ccording to\s+")
_VIEW_RE = re.compile(
    r"^\s*(?:[Ii]n|[Tt]o)\s+(?P<pron>his|her|their)\s+(?:view|opinion|mind|words)\s*,\s*"
)
# 'posts on Telegram that ...': where a present form that is also a noun is a verb
_ON_PLATFORM = re.compile(
    r"\s+on\s+(?:X|Twitter|Telegram|Facebook|Instagram|social\s+media|his|her|its|their)\b"
)
_BULLET = re.compile(r"[-•*–—]\s+")
# a form of 'be' that belongs to the cue after it: 'was quick to welcome', 'were among the few
# members that opposed ...' (the subject stands before the 'be')
_BE_HEDGE = re.compile(r"\b(?:was|were|is|are|been)\s+$")
_BE_AMONG = re.compile(
    r"\b(?:was|were|is|are|been)\s+(?:[a-z]+ly\s+)?among\s+the\s+(?:[\w-]+\s+){1,5}?"
    r"(?:that|who|which)\s+$"
)
_BE_LOOKBACK = 80
_VERB_NEXT = re.compile(r"\s+(?:(?:also|later|then|again|have|has|had|[a-z]+ly)\s+)*")
_HEADING_END = re.compile(r"[.!?…:][\"”’»)\]]*\s*$")


@dataclass
class Quote:
    """A quotation: ``start``/``end`` delimit its words (marks excluded), ``open`` is the mark."""

    open: int  # index of the opening mark
    start: int
    end: int
    close: int | None  # index of the closing mark; None when it runs to the paragraph's end
    paragraph: int
    continued: bool = False  # opens a paragraph that continues the previous paragraph's quote

    @property
    def outer_end(self) -> int:
        return self.close + 1 if self.close is not None else self.end


@dataclass
class Sentence:
    start: int
    end: int
    paragraph: int
    quotes: list[Quote]


@dataclass
class Paragraph:
    start: int
    end: int
    index: int
    heading: bool


def paragraphs(text: str) -> list[Paragraph]:
    """Blank-line separated blocks (single lines when the text has no blank line)."""
    sep = r"\n[ \t\r\f\v]*\n" if re.search(r"\n[ \t\r\f\v]*\n", text) else r"\n"
    out: list[Paragraph] = []
    pos = 0
    for m in [*re.finditer(sep, text), None]:
        end = m.start() if m else len(text)
        chunk = text[pos:end]
        lead = len(chunk) - len(chunk.lstrip())
        s, e = pos + lead, pos + len(chunk.rstrip())
        if e > s:
            body = text[s:e]
            # a bullet point is body text even without a final stop
            heading = (
                not _HEADING_END.search(body) and len(body.split()) < 30 and not _BULLET.match(body)
            )
            out.append(Paragraph(s, e, len(out), heading))
        if m:
            pos = m.end()
    return out


def _opens(text: str, i: int, lo: int) -> bool:
    ch = text[i]
    prev = text[i - 1] if i > lo else " "
    nxt = text[i + 1] if i + 1 < len(text) else " "
    if ch in "“«„‹":
        return True
    if ch == '"':
        return (prev.isspace() or prev in "([{—–-/:;,") and not nxt.isspace()
    if ch == "‘":
        return (prev.isspace() or prev in '([{—–-/:;,"“') and (nxt.isalnum() or nxt in '“"')
    return False


def _closes(text: str, i: int, opener: str, hi: int) -> bool:
    ch = text[i]
    if ch not in PAIRS[opener]:
        return False
    nxt = text[i + 1] if i + 1 < hi else " "
    if opener == "‘":  # an apostrophe inside a word (don’t, Velmora’s) is not a closing mark
        return not nxt.isalnum()
    if ch == '"':
        return not text[i - 1].isspace() or not nxt.isalnum()
    return True


def find_quotes(text: str, paras: list[Paragraph]) -> list[Quote]:
    """Quotations per paragraph; an open quote at a paragraph's end that the next paragraph
    re-opens is the classic multi-paragraph quote: the next paragraph's quote is ``continued``."""
    quotes: list[Quote] = []
    carry: str | None = None  # opener left open at the end of the previous paragraph
    for para in paras:
        lo, hi = para.start, para.end
        opener: str | None = None
        open_at = -1
        i = lo
        first = True
        while i < hi:
            ch = text[i]
            if opener is None:
                if ch in OPENERS and _opens(text, i, lo):
                    opener, open_at = ch, i
            elif _closes(text, i, opener, hi):
                quotes.append(_make_quote(text, open_at, i, i, para, carry == opener and first))
                first = False
                opener = None
            i += 1
        if opener is not None:
            quotes.append(_make_quote(text, open_at, hi, None, para, carry == opener and first))
        elif not first and quotes[-1].paragraph == para.index:
            _run_on(text, quotes, para)
        nxt_carry = opener
        carry = nxt_carry
    # A quote is "continued" only when it opens its paragraph.
    for q in quotes:
        if q.continued and text[paras[q.paragraph].start] not in OPENERS:
            q.continued = False
    return quotes


def _run_on(text: str, quotes: list[Quote], para: Paragraph) -> None:
    """'"First sentence." Second sentence."': a paragraph that ends on a closing mark no quote
    opened, after a quote that closed on a full stop, is one quote whose inner mark is a
    slip; the quote runs on to the last mark."""
    last = quotes[-1]
    end = para.end - 1
    if last.close is None or text[end] not in '"”' or last.close >= end:
        return
    if text[last.close - 1] not in ".!?" or _opens(text, end, para.start):
        return
    between = text[last.close + 1 : end]
    if any(ch in OPENERS or ch in CLOSERS for ch in between) or len(between.split()) < 3:
        return
    quotes[-1] = _make_quote(text, last.open, end, end, para, last.continued)


def _make_quote(
    text: str, open_at: int, end: int, close: int | None, para: Paragraph, continued: bool
) -> Quote:
    s = open_at + 1
    while s < end and text[s].isspace():
        s += 1
    e = end
    while e > s and text[e - 1].isspace():
        e -= 1
    return Quote(open_at, s, e, close, para.index, continued and open_at == para.start)


def masked(text: str, quotes: list[Quote]) -> str:
    """The text with every quotation's words replaced by MASK (marks and offsets kept)."""
    chars = list(text)
    for q in quotes:
        for k in range(q.open + 1, q.close if q.close is not None else q.end):
            if not chars[k].isspace():
                chars[k] = MASK
    return "".join(chars)


def sentences(text: str, mtext: str, para: Paragraph, quotes: list[Quote]) -> list[Sentence]:
    """Split a paragraph at terminal marks that lie outside quotations (``quotes``: the
    paragraph's, in order)."""
    inside = Spans((q.open + 1, q.close if q.close is not None else q.end) for q in quotes)
    opens = [q.open for q in quotes]
    bounds = [para.start]
    # Hard-wrapped prose (some line in the paragraph starts in lower case) breaks lines
    # anywhere, so there a line break is no boundary.
    wrapped = re.search(r"\n[ \t]*[a-z]", text[para.start : para.end]) is not None
    for m in re.finditer(r"\s+", mtext[para.start : para.end]):
        ws = para.start + m.start()
        nxt = para.start + m.end()
        j = ws - 1
        while j > para.start and text[j] in CLOSERS + ")]":
            j -= 1
        # a line break before a capital or a bullet ends a sentence: a headline over a byline,
        # a caption line, one bullet point and the next
        line_end = (
            not wrapped and "\n" in m.group() and (text[nxt].isupper() or text[nxt] in "-•*–—")
        )
        if text[j] not in ".!?…" and not line_end:
            continue
        # Inside a quotation (between its marks) there is no boundary.
        if inside.covers(ws):
            continue
        if text[j] == ".":
            word = re.search(r"([\w.]+)\.$", text[max(para.start, j - 12) : j + 1])
            token = word.group(1).lower() if word else ""
            # an abbreviation, or initials ('J.D. Warren', 'A. K. Menon')
            if token in ABBREVIATIONS or re.fullmatch(r"[a-z](?:\.[a-z])*", token):
                continue
        first = text[nxt]
        if not (first.isupper() or first.isdigit() or first in OPENERS or line_end):
            continue
        bounds.append(nxt)
    bounds.append(para.end)
    out = []
    for s, e in zip(bounds, bounds[1:], strict=False):
        while e > s and mtext[e - 1].isspace():  # blanked furniture ends no sentence
            e -= 1
        if (bullet := _BULLET.match(mtext, s, e)) is not None:
            s = bullet.end()  # '- the talks would resume, X said': the mark is no word of it
        qs = quotes[bisect_left(opens, s) : bisect_left(opens, e)]
        out.append(Sentence(s, e, para.index, qs))
    return out


@dataclass
class Cue:
    """A reporting verb or frame inside a sentence (offsets into the article)."""

    start: int
    end: int
    word: str  # the verb, lower-cased; "according to" / "view" for frames

    @property
    def kind(self) -> str:
        if self.word in ("according to", "view", "puts it"):
            return self.word
        if self.word in SAY_VERBS:
            return "say"
        if self.word in TELL_VERBS:
            return "tell"
        if self.word in FRAGMENT_VERBS:
            return "fragment"
        if self.word in OBJECT_VERBS or STANCE_RE.fullmatch(self.word):
            return "object"
        return "that"


def find_cues(mtext: str, sent: Sentence) -> list[Cue]:
    """Reporting verbs and frames outside quotations, in order."""
    seg = mtext[sent.start : sent.end]
    cues = []
    for m in _CUE_RE.finditer(seg):
        word = "puts it" if m.group("puts") else (m.group("stance") or m.group("verb")).lower()
        if word in ("posts", "tweets") and not _ON_PLATFORM.match(seg, m.end()):
            continue  # 'his posts drew criticism': a plural noun, not 'posts on Telegram'
        start = m.start()
        lead = seg[max(0, start - _BE_LOOKBACK) : start]
        be = _BE_AMONG.search(lead) if word != "puts it" else None
        if be is None and word.startswith(BE_HEDGES):
            be = _BE_HEDGE.search(lead)
        if be is not None:
            start -= len(lead) - be.start()
        cues.append(Cue(sent.start + start, sent.start + m.end(), word))
    # a plural noun read as a verb right before the real verb: 'Gulf states also said ...',
    # 'member states have warned ...' ('states' is no verb when a verb follows it)
    cues = [c for i, c in enumerate(cues) if not (
        c.word.endswith("s") and " " not in c.word and i + 1 < len(cues)
        and not cues[i + 1].word.split()[0].endswith("ing")  # 'voices backing for'
        and _VERB_NEXT.fullmatch(mtext, c.end, cues[i + 1].start))]  # fmt: skip
    for m in _ACCORDING_RE.finditer(seg):
        cues.append(Cue(sent.start + m.start(), sent.start + m.end(), "according to"))
    m = _VIEW_RE.match(seg)
    if m:
        cues.append(Cue(sent.start + m.start("pron"), sent.start + m.end(), "view"))
    return sorted(cues, key=lambda c: c.start)


def word_count(text: str) -> int:
    return len(re.findall(r"[^\W_]+(?:[’'-][^\W_]+)*", text))
