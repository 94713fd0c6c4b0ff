"""Checks on the real-news development set, half b (``data/news/b-*``).

Every article must load with the article evaluator (each statement text or part found exactly
once in its ``.txt``), carry its source and the per-statement stances, name at least three
people who speak, and sit in the split that the hash rule gives its file stem (test when
``sha256(stem) % 5 < 2``), so that no article can be moved between dev and test by hand.
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from pathlib import Path

import pytest

from serving.article.evaluate import load_article

NEWS = Path(__file__).resolve().parents[2] / "data" / "news"
STANCES = {"favor", "against", "neutral"}
TOP_KEYS = {
    "title",
    "style",
    "split",
    "speakers",
    "source_url",
    "relationship",
    "source_title",
    "published",
    "speaker_count",
}
ARTICLES = sorted(NEWS.glob("b-*.txt"))


def _split_of(stem: str) -> str:
    return "test" if int(hashlib.sha256(stem.encode()).hexdigest(), 16) % 5 < 2 else "dev"


def test_half_b_size_and_coverage():
    anns = [json.loads(p.with_suffix(".json").read_text(encoding="utf-8")) for p in ARTICLES]
    assert len(anns) >= 21
    assert len({a["relationship"] for a in anns}) >= 6
    assert Counter(a["split"] for a in anns)["test"] >= 8


@pytest.mark.parametrize("txt", ARTICLES, ids=[p.stem for p in ARTICLES])
def test_article_loads_and_follows_the_schema(txt: Path):
    ann = json.loads(txt.with_suffix(".json").read_text(encoding="utf-8"))
    assert ann.keys() >= TOP_KEYS
    assert ann["source_url"].startswith("http")
    assert ann["split"] == _split_of(txt.stem)
    assert ann["speaker_count"] == len(ann["speakers"])
    persons = [sp for sp in ann["speakers"] if not sp.get("group", False)]
    assert len(persons) >= 3, "at least three named people speak"
    for sp in ann["speakers"]:
        assert sp["stance"] in STANCES
        assert sp["statements"], sp["name"]
        for st in sp["statements"]:
            assert st["kind"] in {"direct", "reported"}
            assert st["stance"] in STANCES
            assert ("text" in st) != ("parts" in st)
    art = load_article(txt)  # raises when a statement is missing or ambiguous in the text
    assert len(art.statements) == sum(len(sp["statements"]) for sp in ann["speakers"])
    assert art.split == ann["split"]
