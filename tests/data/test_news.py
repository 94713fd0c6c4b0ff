"""Checks on the real-news development set (``data/news``): every article loads, and every
annotation follows the set's rules (schema, per-statement stance, split by hash, provenance).

Each statement text or part must occur exactly once in its ``.txt``; an article sits in the split
that the hash rule gives its file stem (test when ``sha256(stem) % 5 < 2``), so that no article
can be moved between dev and test by hand.
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from pathlib import Path

import pytest

from serving.article.evaluate import load_article, load_articles

NEWS = Path(__file__).resolve().parents[2] / "data" / "news"
STANCES = {"favor", "against", "neutral"}
TOP_KEYS = {"title", "style", "split", "speakers", "source_url", "relationship", "source_title"}
PATHS = sorted(NEWS.glob("*.txt"))


def _split_by_hash(stem: str) -> str:
    return "test" if int(hashlib.sha256(stem.encode()).hexdigest(), 16) % 5 < 2 else "dev"


def test_size_coverage_and_frozen_test():
    articles = load_articles(NEWS)  # raises AnnotationError on a missing or repeated text
    assert len(articles) == len(PATHS) >= 40
    assert all(a.statements for a in articles)
    anns = [json.loads(p.with_suffix(".json").read_text(encoding="utf-8")) for p in PATHS]
    assert len({a["relationship"] for a in anns}) >= 10
    assert Counter(a["split"] for a in anns)["test"] >= 15


@pytest.mark.parametrize("txt", PATHS, ids=lambda p: p.stem)
def test_annotation_rules(txt: Path):
    ann = json.loads(txt.with_suffix(".json").read_text(encoding="utf-8"))
    assert ann.keys() >= TOP_KEYS
    assert ann["split"] == _split_by_hash(txt.stem), "split must follow the hash rule"
    assert ann["source_url"].startswith("http")
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
    assert len(art.statements) == sum(len(sp["statements"]) for sp in ann["speakers"])
    assert art.split == ann["split"]


def test_the_shipped_news_training_statements_are_the_dev_articles_own():
    """``data/news_statements.jsonl`` (training data of the default) is exactly what the dev
    articles give today, and no test article's page appears in it."""
    from training.news_statements import SHIPPED_BATCHES, news_records, unique_records

    shipped_path = NEWS.parent / "news_statements.jsonl"
    shipped = [json.loads(line) for line in shipped_path.read_text(encoding="utf-8").splitlines()]
    expected = unique_records(news_records(NEWS, "all", batches=SHIPPED_BATCHES))
    assert shipped == expected, (
        "data/news_statements.jsonl is stale: python -m training.news_statements --half all "
        f"--batches {SHIPPED_BATCHES} --out data/news_statements.jsonl"
    )
    # the batches annotated later are not in the training file until the default is retrained
    assert all(r["id"].split("-")[1] in SHIPPED_BATCHES for r in shipped)
    anns = [json.loads(p.with_suffix(".json").read_text(encoding="utf-8")) for p in PATHS]
    test_pages = {a["source_url"] for a in anns if a["split"] == "test"}
    assert not {r["source_url"] for r in shipped} & test_pages
