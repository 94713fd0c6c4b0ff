"""Roles written around a speaker's name: 'the mayor of Port Ulme, Anneli Sarv, said', a
relative clause ('X, who heads the delegation, said') and the cleaning of an appositive role.
Read by :mod:`serving.article.speaker_phrases` and :mod:`serving.article.mentions`."""

from __future__ import annotations

import re

from serving.article.scan import tail_start
from serving.article.vocabulary import role_noun

_WHO = re.compile(r"\b(?:who|which)\b")


def relative(s: str) -> tuple[str, str] | None:
    """``(head, rest)`` for '<head>, who <rest>' ending ``s``: the leftmost 'who'/'which' after
    the last comma or mask with whitespace before it (the head holds no line break)."""
    after = max(s.rfind(","), s.rfind("¤"))
    newline = s.find("\n")
    for w in _WHO.finditer(s, after + 1):
        j = w.start()
        i = j
        while i > 0 and s[i - 1].isspace():
            i -= 1
        if i == j:
            continue
        ends = [i]
        if i > 0 and s[i - 1] == ",":  # ', who': the comma belongs to the separator
            h = i - 1
            while h > 0 and s[h - 1].isspace():
                h -= 1
            ends.insert(0, h)
        for h in ends:
            if h == 0:
                continue
            if 0 <= newline < h:
                return None
            return s[:h], s[w.end() :]
    return None


def role_np_at_end(head: str) -> str | None:
    """'The mayor of Port Ulme' in 'The mayor of Port Ulme, Anneli Sarv, said'."""
    head = head[tail_start(head, 0, len(head)) :]
    seg = re.split(r"[,;:]", head)[-1].strip()
    if not seg or "¤" in seg:
        return None
    m = re.search(
        r"(?:^|\s)((?:the|The|a|A|an|An|[A-Z][\w-]*(?:’s|'s))\s+(?:[\w’'-]+\s+){0,12}?[\w’'-]+)$",
        seg,
    )
    cand = m.group(1) if m else seg
    if len(cand.split()) > 14:
        return None
    if any(role_noun(w) for w in cand.split()):
        return cand
    return None


def clean_role(seg: str) -> str | None:
    seg = seg.strip().rstrip(".,")
    seg = re.sub(r"^(?:who|which)\s+", "", seg)
    if not seg or "¤" in seg or len(seg.split()) > 25:
        return None
    lw = seg.split()[0].lower()
    if lw in ("speaking", "writing", "asked", "adding", "saying", "noting", "citing"):
        return None
    return seg
