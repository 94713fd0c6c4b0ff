"""Checks on the real-news development set (data/news): every article loads, and every
annotation follows the set's rules (schema, per-statement stance, split by hash, provenance)."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

from serving.article.evaluate import load_article, load_articles

NEWS = Path(__file__).resolve().parents[2] / "data" / "news"
STANCES = {"favor", "against", "neutral"}
PATHS = sorted(NEWS.glob("*.txt"))


def _split_by_hash(stem: str) -> str:
    return "test" if int(hashlib.sha256(stem.encode()).hexdigest(), 16) % 5 < 2 else "dev"


def test_every_article_loads_and_each_statement_occurs_once():
    articles = load_articles(NEWS)  # raises AnnotationError on a missing or repeated text
    assert len(articles) == len(PATHS) >= 21
    assert all(a.statements for a in articles)


@pytest.mark.parametrize("txt", PATHS, ids=lambda p: p.stem)
def test_annotation_rules(txt: Path):
    ann = json.loads(txt.with_suffix(".json").read_text(encoding="utf-8"))
    assert ann["split"] == _split_by_hash(txt.stem), "split must follow the hash rule"
    assert ann["source_url"].startswith("http")
    assert ann["relationship"] and ann["style"]
    persons = [s for s in ann["speakers"] if not s.get("group")]
    assert ann["speaker_count"] in (len(ann["speakers"]), len(persons))
    assert len(persons) >= 3, "at least three named persons speak in every article"
    for sp in ann["speakers"]:
        assert sp["stance"] in STANCES
        assert sp["statements"], f"{sp['name']} has no statement"
        for st in sp["statements"]:
            assert st["kind"] in {"direct", "reported"}
            assert st["stance"] in STANCES
            assert ("text" in st) != ("parts" in st)
        sides = {st["stance"] for st in sp["statements"]} - {"neutral"}
        if not sides:
            assert sp["stance"] == "neutral", f"{sp['name']}: no statement takes a side"
        else:
            assert sp["stance"] in sides | {"neutral"}, f"{sp['name']}: stance not in evidence"
    art = load_article(txt)
    assert art.split == ann["split"]


def test_test_split_is_big_enough():
    splits = [json.loads(p.with_suffix(".json").read_text())["split"] for p in PATHS]
    assert splits.count("test") >= 8
