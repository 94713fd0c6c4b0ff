"""Annotated statements of the real-news dev articles as labeled training records.

``data/news`` holds real news articles, rewritten and annotated with every attributed statement
and its stance (see ``data/news/README.md``). Its statements are the text article mode scores:
short reported clauses and quotes, unlike the long statements of the real corpora. This module
turns the statements of some dev articles into training records; the test articles are never
read, and the dev articles it leaves out stay a clean dev set for the article-mode stance rule.

    python -m training.news_statements --news data/news --half train --out runs/news_train.jsonl
    python -m training.news_statements --half all --batches abcdefghijklmnopq \\
        --out data/news_statements.jsonl  # the shipped file

``--half train`` takes the dev articles whose name hashes to even, ``--half holdout`` the others,
``--half all`` every dev article. Records carry the speaker and the article's address, so the
frozen split leaves out any statement whose speaker or page is in the real test split.

``--frames`` writes each statement behind its reporting frame (``parley_model.frames``:
"rejected: these allegations"; fields ``statement`` and ``frame`` keep the two apart): a model
trained on such records says so in its ``meta.json`` and article mode then gives it the frames.
The shipped file has none (on the dev folds frames did not clearly help: README, What helps).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from pathlib import Path

from parley_model.frames import framed_text, reporting_frame
from parley_model.labels import LABELS
from training.data import normalize_text

MIN_WORDS = 4  # shorter partial quotes ("daydream") carry no stance without their sentence
HALVES = ("train", "holdout", "all")
# The annotation batches ("halves A-Q", the first letter of a file name) the shipped file, and
# so the default model, is built from. A later batch joins it only when the default is
# retrained and its figures measured again (README, "Real-news statements").
SHIPPED_BATCHES = "abcdefghijklmnopq"


class NewsDataError(ValueError):
    pass


def article_half(stem: str) -> str:
    """A fixed, name-based half of the dev articles: 'train' or 'holdout'."""
    return "train" if int(hashlib.sha256(stem.encode()).hexdigest(), 16) % 2 == 0 else "holdout"


def statement_text(stmt: dict) -> str:
    parts = stmt.get("parts") or [stmt.get("text", "")]
    return " ".join(p.strip() for p in parts if p and p.strip())


def news_records(
    news_dir: str | Path, half: str = "train", frames: bool = False, batches: str | None = None
) -> list[dict]:
    """Records ``{id, text, label, speaker, source_url, topic, kind}`` from the dev articles of
    ``half`` (of the annotation ``batches`` only, by the first letter of the file name, when
    given); statements with no stance or under ``MIN_WORDS`` words are skipped. With ``frames``
    the text is the statement behind its reporting frame, and the record also holds
    ``statement`` and ``frame``."""
    if half not in HALVES:
        raise NewsDataError(f"half must be one of {HALVES}, got {half!r}")
    folder = Path(news_dir)
    files = sorted(folder.glob("*.json"))
    if not files:
        raise NewsDataError(f"{folder}: no annotated articles (NAME.json) found")
    records: list[dict] = []
    for path in files:
        ann = json.loads(path.read_text(encoding="utf-8"))
        if ann.get("split") != "dev":
            continue  # the test articles are never read for training
        if half != "all" and article_half(path.stem) != half:
            continue
        if batches is not None and path.stem[:1] not in batches:
            continue
        article = path.with_suffix(".txt").read_text(encoding="utf-8") if frames else ""
        n = 0
        for speaker in ann["speakers"]:
            for stmt in speaker.get("statements", []):
                text = statement_text(stmt)
                label = stmt.get("stance")
                if label not in LABELS or len(text.split()) < MIN_WORDS:
                    continue
                n += 1
                record = {
                    "id": f"news-{path.stem}-{n:02d}",
                    "text": text,
                    "label": label,
                    "speaker": speaker["name"],
                    "source_url": ann.get("source_url"),
                    "topic": ann.get("relationship"),
                    "kind": stmt.get("kind"),
                }
                if frames:
                    frame = reporting_frame(article, _offset(article, stmt, path))
                    record |= {"text": framed_text(frame, text), "statement": text, "frame": frame}
                records.append(record)
    return records


def _offset(article: str, stmt: dict, path: Path) -> int:
    """Where the statement (its first part) starts in the article text."""
    first = (stmt.get("parts") or [stmt.get("text", "")])[0]
    at = article.find(first) if first else -1
    if at < 0:
        raise NewsDataError(f"{path.name}: statement not found in its .txt: {first[:60]!r}")
    return at


def unique_records(records: list[dict]) -> list[dict]:
    """One record per text, under the loader's own duplicate rule (it refuses duplicate texts):
    the first occurrence keeps its place, a later repeat is dropped."""
    return list({normalize_text(r["text"]): r for r in reversed(records)}.values())[::-1]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m training.news_statements", description=__doc__)
    ap.add_argument("--news", default="data/news", help="folder of NAME.txt + NAME.json")
    ap.add_argument("--half", default="train", choices=HALVES)
    ap.add_argument("--out", required=True, help="JSONL file to write")
    ap.add_argument("--batches", default=None, metavar="LETTERS",
                    help="only the annotation batches whose file names start with these letters "
                    f"(the shipped file: {SHIPPED_BATCHES}); default every batch")  # fmt: skip
    ap.add_argument(
        "--frames", action="store_true", help="each statement behind its reporting frame"
    )
    args = ap.parse_args(argv)
    try:
        records = news_records(args.news, args.half, frames=args.frames, batches=args.batches)
    except NewsDataError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    unique = unique_records(records)
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in unique))
    counts = {lab: sum(r["label"] == lab for r in unique) for lab in LABELS}
    print(f"{len(unique)} statements from the {args.half} dev articles -> {out} {counts}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
