"""Checks of the written corpus (data/written_statements.jsonl), as the data card promises."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest

from training.data import REAL_FILES, load_corpus, normalize_text
from training.written import HARD_KINDS, MAX_COSINE, embed, near_duplicates

ROOT = Path(__file__).resolve().parents[2]
WRITTEN = ROOT / "data" / "written_statements.jsonl"


def test_the_corpus_is_checked_in():
    assert WRITTEN.is_file(), f"{WRITTEN} is missing; rebuild it with `python -m training.written`"


@pytest.fixture(scope="module")
def rows() -> list[dict]:
    # The corpus is checked in: a missing file fails every test here, it never skips them.
    assert WRITTEN.is_file(), f"{WRITTEN} is missing; rebuild it with `python -m training.written`"
    return [json.loads(line) for line in WRITTEN.read_text().splitlines() if line.strip()]


def test_schema_and_validation(rows):
    records = load_corpus([WRITTEN])  # ids, labels, non-empty, no duplicate texts
    assert len(records) == len(rows) >= 3000
    for r in rows:
        assert r["written"] is True and r["id"].startswith("wr-")
        assert r["hard_case"] in (None, *HARD_KINDS)
        assert r["relationship"] and r["speaker_role"] and r["register"]
        assert 8 <= len(r["text"].split()) <= 80


def test_balance_coverage_and_hard_cases(rows):
    n = len(rows)
    labels = Counter(r["label"] for r in rows)
    assert min(labels.values()) / n >= 0.28, labels
    hard = Counter(r["hard_case"] for r in rows if r["hard_case"])
    assert sum(hard.values()) / n >= 0.25
    assert set(hard) == set(HARD_KINDS)
    assert len({r["relationship"] for r in rows}) >= 40
    assert len({r["speaker_role"] for r in rows}) >= 100
    assert len({r["register"] for r in rows}) >= 6


def test_disjoint_from_real_and_behavioural_data(rows):
    texts = {normalize_text(r["text"]) for r in rows}
    others = [ROOT / f for f in REAL_FILES] + [ROOT / "data" / "behavioural.jsonl"]
    for path in others:
        other = {normalize_text(json.loads(line)["text"]) for line in path.read_text().splitlines()}
        assert not texts & other


def test_no_near_duplicates(rows):
    emb = embed([r["text"] for r in rows])
    pairs = near_duplicates(emb, MAX_COSINE)
    assert not pairs, [(rows[i]["id"], rows[j]["id"], round(s, 3)) for i, j, s in pairs[:5]]
