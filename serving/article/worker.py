"""One article-extraction worker process: JSON lines in (``{"text"}``), JSON lines out.

Started by :class:`serving.article.pool.ArticlePool` as ``python -m serving.article.worker``.
It imports only the rule-based extractor (no model, no torch), lowers its own CPU priority by
``--nice N`` (the pool passes ``Settings.article_nice``) so that ordinary requests win the
cores, and exits when its standard input closes (the server stopped or died). Answers are ``{"ok": <extraction>}`` or ``{"error": "<what failed>"}``.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from dataclasses import asdict

from serving.article.extract import Extraction, Speaker, Statement, extract


def to_dict(ext: Extraction) -> dict:
    return {"speakers": [asdict(sp) for sp in ext.speakers]}


def from_dict(data: dict) -> Extraction:
    """The inverse of :func:`to_dict`: statements are shared by their speaker and the list."""
    speakers = []
    statements = []
    for sp in data["speakers"]:
        sts = [
            Statement(
                st["text"],
                st["start"],
                st["end"],
                st["kind"],
                [tuple(p) for p in st["parts"]],
                st["speaker"],
            )
            for st in sp["statements"]
        ]
        speakers.append(Speaker(sp["name"], sp["role"], sp["kind"], sts))
        statements.extend(sts)
    statements.sort(key=lambda s: s.start)
    return Extraction(speakers, statements)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m serving.article.worker")
    parser.add_argument("--nice", type=int, default=0, help="lower the CPU priority by this")
    args = parser.parse_args(argv)
    if args.nice:
        os.nice(args.nice)
    out = sys.stdout.buffer
    for line in sys.stdin.buffer:
        try:
            answer = {"ok": to_dict(extract(json.loads(line)["text"]))}
        except Exception as exc:  # one bad article must not end the worker
            answer = {"error": f"{type(exc).__name__}: {exc}"}
        out.write(json.dumps(answer).encode() + b"\n")
        out.flush()


if __name__ == "__main__":
    main()
