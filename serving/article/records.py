"""What the extractor produces, and the working records it builds them from.

:class:`Extraction` (speakers, each with their :class:`Statement` s) is the extractor's answer;
:class:`Draft` is a statement found during the walk and not yet given its final speaker;
:class:`WalkState` names what the walk's steps (quotations, reported speech, mentions) share.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from serving.article.speaker_phrases import Subject
from serving.article.speakers import Entity, Registry


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


class WalkState:
    """The walk's state that every step reads (set in the walker's constructor)."""

    text: str  # the article
    mtext: str  # the article with quoted words masked
    reg: Registry
    open_draft: Draft | None  # a quote left open at the end of a paragraph
    inner_names: list  # titled full names inside the sentence's reported clauses (Subjects)
    cue_starts: list[int]  # the current sentence's cue offsets, for bisection
