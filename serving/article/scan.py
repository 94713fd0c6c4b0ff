"""Bounded looks into a long text, and interval indexes: what keeps the extractor linear.

The extractor looks for a speaker in the words right before or after a reporting verb, a name
or a quotation. Handing it the whole sentence prefix each time cost the sentence's length once
per verb, which made one long sentence quadratic. These helpers hand it a window of at most
``WINDOW`` characters that starts on a token boundary, so that each look costs a bounded amount
(a speaker, a title and a role fit in a few dozen words), and they answer "is this offset inside
a quotation / a claimed span?" with a binary search instead of a scan of every span.
"""

from __future__ import annotations

import heapq
import re
from bisect import bisect_right
from collections.abc import Iterable
from itertools import islice

WINDOW = 240  # characters: the most a speaker phrase (title, name, role, particle) may take
_ALIGN = 48  # how far a window start may move to reach a token boundary


def tail_start(text: str, lo: int, hi: int, width: int = WINDOW) -> int:
    """Where the last ``width`` characters of ``text[lo:hi]`` start, moved forward to just after
    a whitespace character (so that tokens are the same as in the whole text); ``lo`` when the
    span is short. Cost: bounded by ``_ALIGN``, whatever the span's length."""
    if hi - lo <= width:
        return lo
    k = hi - width
    stop = min(hi, k + _ALIGN)
    while k < stop and not text[k - 1].isspace():
        k += 1
    return k if k < stop else hi - width


def tail(text: str, lo: int, hi: int, width: int = WINDOW) -> tuple[str, int]:
    """``(text[start:hi], start)`` for the window that :func:`tail_start` picks."""
    start = tail_start(text, lo, hi, width)
    return text[start:hi], start


def head(text: str, lo: int, hi: int, width: int = WINDOW) -> tuple[str, bool]:
    """``(text[lo:end], cut)``: at most ``width`` characters from ``lo``; ``cut`` when shortened."""
    end = min(hi, lo + width)
    return text[lo:end], end < hi


def trim(text: str, s: int, e: int) -> tuple[int, int]:
    """``(s, e)`` moved inward past whitespace at both ends."""
    while s < e and text[s].isspace():
        s += 1
    while e > s and text[e - 1].isspace():
        e -= 1
    return s, e


_WORD = re.compile(r"[^\W_]+(?:[’'-][^\W_]+)*")


def words_at_most(text: str, lo: int, hi: int, n: int) -> bool:
    """``word_count(text[lo:hi]) <= n``, reading no further than the (n+1)th word."""
    return sum(1 for _ in islice(_WORD.finditer(text, lo, hi), n + 1)) <= n


def rstrip_end(text: str, lo: int, hi: int, chars: str | None = None) -> int:
    """The end of ``text[lo:hi].rstrip(chars)`` as an offset, without copying the span."""
    k = hi
    if chars is None:
        while k > lo and text[k - 1].isspace():
            k -= 1
    else:
        while k > lo and text[k - 1] in chars:
            k -= 1
    return k


def last_tokens(text: str, lo: int, hi: int, n: int = 2) -> list[str]:
    """The last ``n`` whitespace-separated tokens of ``text[lo:hi]``, last first; scans back
    only over those tokens and the whitespace between them."""
    out: list[str] = []
    k = hi
    while len(out) < n:
        while k > lo and text[k - 1].isspace():
            k -= 1
        end = k
        while k > lo and not text[k - 1].isspace():
            k -= 1
        if k == end:
            break
        out.append(text[k:end])
    return out


class Spans:
    """A fixed set of half-open spans ``[a, b)``: which cover an offset, which contain a span.
    Sorted starts and a running maximum of the ends make each question a binary search."""

    def __init__(self, spans: Iterable[tuple[int, int]]):
        pairs = sorted(spans)
        self.starts = [a for a, _ in pairs]
        self.reach: list[int] = []
        best = -1
        for _, b in pairs:
            best = max(best, b)
            self.reach.append(best)

    def covers(self, pos: int) -> bool:
        """Some span has ``a <= pos < b``."""
        i = bisect_right(self.starts, pos)
        return i > 0 and self.reach[i - 1] > pos

    def contains(self, s: int, e: int) -> bool:
        """Some span has ``a <= s`` and ``e <= b``."""
        i = bisect_right(self.starts, s)
        return i > 0 and self.reach[i - 1] >= e


class GrowingSpans:
    """Spans added as a walk goes forward, asked about offsets that never decrease."""

    def __init__(self) -> None:
        self._pending: list[tuple[int, int]] = []
        self._reach = -1

    def add(self, a: int, b: int) -> None:
        heapq.heappush(self._pending, (a, b))

    def covers(self, pos: int) -> bool:
        """Some span added so far has ``a <= pos < b`` (``pos`` not below earlier questions)."""
        while self._pending and self._pending[0][0] <= pos:
            self._reach = max(self._reach, heapq.heappop(self._pending)[1])
        return pos < self._reach


# Lines that are the page's furniture, never a statement: bylines ('By Jane Doe and John Roe',
# 'Jane Doe | Reuters'), wire credits ('(Reporting by ...; Editing by ...)'), contributor notes
# ('X contributed to this report'), and links to other stories ('Read more: ...', 'Related:').
# A name in them is no speaker, and a verb in a linked headline belongs to another story.
_FURNITURE = re.compile(
    r"^[ \t]*(?:"
    r"By[ \t]+[A-Z][\w.’'-]*(?:[ \t]+(?:[A-Z][\w.’'-]*|and|&)|,[ \t]*[A-Z][\w.’'-]*)*"
    r"(?:[ \t]*[,|–—-][ \t]*[A-Z][\w.’' -]*)?[ \t]*$"
    r"|[A-Z][\w.’'-]*(?:[ \t]+[A-Z][\w.’'-]*){1,3}[ \t]*\|[ \t]*[A-Z][\w.’' -]*$"
    r"|\(?(?:Additional[ \t]+)?(?:[Rr]eporting|Writing|Editing|Edited|Compiled|Written|"
    r"Produced|Research|Graphics?)[ \t]+by\b[^\n]*$"
    r"|[^\n.!?]{0,120}\bcontributed[ \t]+(?:to[ \t]+this[ \t]+(?:report|story|article)|"
    r"(?:additional[ \t]+)?reporting)\b[^\n]*$"
    r"|(?:Read[ \t]+more|READ[ \t]+MORE|Read[ \t]+also|READ[ \t]+ALSO|Also[ \t]+read|"
    r"ALSO[ \t]+READ|See[ \t]+also|SEE[ \t]+ALSO|Related|RELATED|More[ \t]+on[ \t]+this|"
    r"Recommended|RECOMMENDED)[ \t]*:[^\n]*$"
    r")",
    re.MULTILINE,
)


# a US lawmaker's party and state after the name: 'Sen. Marco Rubio (R-Fla.) said'
_AFFILIATION = re.compile(r"(?<=[\w.]) \((?:R|D|I)(?:-[A-Z][\w.]*(?: ?[A-Z][\w.]*)?)?\)")


def furniture(text: str) -> list[tuple[int, int]]:
    """The spans of the lines that are page furniture (bylines, credits, story links) and of
    the party labels after lawmakers' names, which stand between a name and its verb."""
    spans = [(m.start(), m.end()) for m in _FURNITURE.finditer(text)]
    return spans + [(m.start() + 1, m.end()) for m in _AFFILIATION.finditer(text)]


def blank(text: str, spans: list[tuple[int, int]]) -> str:
    """``text`` with the characters of ``spans`` turned to spaces (offsets kept)."""
    if not spans:
        return text
    chars = list(text)
    for s, e in spans:
        for k in range(s, e):
            if not chars[k].isspace():
                chars[k] = " "
    return "".join(chars)
