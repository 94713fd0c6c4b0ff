"""Labeled statements: one schema, validated on load, with errors that name file and line."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field, replace
from pathlib import Path

from parley_model.labels import LABELS
from parley_model.text import unpaired_surrogate

PROVENANCE_FIELDS = ("topic", "speaker", "speaker_role", "date", "source_url")
# The real-sourced corpora, relative to the project root: dev and test are drawn from them only.
REAL_FILES = ("data/real_statements.jsonl", "data/real_statements_2.jsonl")


class DataError(ValueError):
    """A labeled file breaks the schema; the message names the file and line."""


@dataclass(frozen=True)
class Record:
    id: str
    text: str
    label: str
    unanimous: bool | None = None
    speaker: str | None = None
    source_url: str | None = None
    source_file: str = ""
    extra: dict = field(default_factory=dict, compare=False, hash=False)

    @property
    def groups(self) -> list[str]:
        """Keys that must not straddle two splits: the source page and the speaker."""
        keys = []
        if self.source_url:
            keys.append("page:" + self.source_url.strip().lower().rstrip("/"))
        if self.speaker:
            keys.append("speaker:" + " ".join(self.speaker.lower().split()))
        return keys or ["id:" + self.id]


def has_frames(records: list[Record]) -> bool:
    """Whether any record is a statement behind its reporting frame (``training.news_statements
    --frames``): the model trained on them records it (``article_frames`` in ``meta.json``)."""
    return any("frame" in r.extra for r in records)


def normalize_text(text: str) -> str:
    """The form under which two texts count as duplicates."""
    return " ".join(text.lower().split())


def _parse_line(raw: str, where: str, require_id: bool) -> Record:
    try:
        obj = json.loads(raw)
    except json.JSONDecodeError as exc:
        raise DataError(f"{where}: not valid JSON ({exc.msg})") from None
    if not isinstance(obj, dict):
        raise DataError(f"{where}: expected a JSON object, got {type(obj).__name__}")
    text = obj.get("text")
    if not isinstance(text, str) or not text.strip():
        raise DataError(f"{where}: 'text' must be a non-empty string")
    if (bad := unpaired_surrogate(text)) is not None:
        raise DataError(
            f"{where}: 'text' has an unpaired surrogate (a lone \\ud800-style escape) at character {bad}"
        )
    label = obj.get("label")
    if label not in LABELS:
        raise DataError(f"{where}: unknown label {label!r}; expected one of {', '.join(LABELS)}")
    rid = obj.get("id")
    if not require_id:  # evaluation files: any id, or none
        rid = str(rid) if rid is not None else "h-" + hashlib.sha1(text.encode()).hexdigest()[:12]
    if not isinstance(rid, str) or not rid.strip():
        raise DataError(f"{where}: 'id' must be a non-empty string")
    unanimous = obj.get("unanimous")
    if unanimous is not None and not isinstance(unanimous, bool):
        raise DataError(f"{where}: 'unanimous' must be true or false")
    known = {"id", "text", "label", "unanimous", "speaker", "source_url"}
    return Record(
        id=rid,
        text=text.strip(),
        label=label,
        unanimous=unanimous,
        speaker=obj.get("speaker") or None,
        source_url=obj.get("source_url") or None,
        extra={k: v for k, v in obj.items() if k not in known},
    )


def load_jsonl(path: str | Path, require_id: bool = True) -> list[Record]:
    """Read and validate one JSONL file (blank lines are skipped)."""
    path = Path(path)
    if not path.is_file():
        raise DataError(f"{path}: no such file")
    records = []
    with path.open("rb") as handle:  # bytes: a bad byte is reported with its line, not a trace
        for lineno, data in enumerate(handle, start=1):
            try:
                raw = data.decode("utf-8")
            except UnicodeDecodeError as exc:
                raise DataError(
                    f"{path}:{lineno}: not valid UTF-8 (byte {data[exc.start]:#04x} at column "
                    f"{exc.start + 1}); save the file as UTF-8"
                ) from None
            if not raw.strip():
                continue
            rec = _parse_line(raw, f"{path}:{lineno}", require_id)
            records.append(replace(rec, source_file=f"{path}:{lineno}"))
    if not records:
        raise DataError(f"{path}: no records")
    return records


def check_unique(records: list[Record]) -> None:
    """Duplicate ids or texts anywhere in the combined corpus are errors."""
    seen_ids: dict[str, str] = {}
    seen_texts: dict[str, str] = {}
    for rec in records:
        if rec.id in seen_ids:
            raise DataError(
                f"{rec.source_file}: duplicate id {rec.id!r} (first at {seen_ids[rec.id]})"
            )
        seen_ids[rec.id] = rec.source_file
        key = normalize_text(rec.text)
        if key in seen_texts:
            raise DataError(f"{rec.source_file}: duplicate text (first at {seen_texts[key]})")
        seen_texts[key] = rec.source_file


def load_corpus(paths: list[str | Path]) -> list[Record]:
    """Load several files through the same validation; duplicates across files are errors too."""
    records: list[Record] = []
    for path in paths:
        records.extend(load_jsonl(path))
    check_unique(records)
    return records


def file_digest(path: str | Path) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()
