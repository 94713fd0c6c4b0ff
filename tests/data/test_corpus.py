"""Data checks on the checked-in corpus: schema, labels, duplicates, split leakage."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest

from parley_model.labels import LABELS
from training.behaviour import BEHAVIOUR_FILE, load_items
from training.data import REAL_FILES, load_corpus, normalize_text
from training.split import SPLIT_DIR, apply_frozen, read_ids

ROOT = Path(__file__).resolve().parents[2]
REAL = [ROOT / f for f in REAL_FILES]
EXPECTED = {  # file -> (statements, label counts), as copied from ../shared/data
    "real_statements.jsonl": (453, {"favor": 166, "against": 153, "neutral": 134}),
    "real_statements_2.jsonl": (607, {"favor": 222, "against": 200, "neutral": 185}),
}


def _votes(row: dict) -> list[str]:
    """The three labels: a dict (collector, annotators) in the first file, a list in the second."""
    votes = row["votes"]
    return list(votes.values()) if isinstance(votes, dict) else list(votes)


@pytest.mark.parametrize("path", REAL, ids=lambda p: p.name)
def test_real_corpus_schema_and_counts(path):
    records = load_corpus([path])  # validates schema, labels, duplicate ids and texts
    n, labels = EXPECTED[path.name]
    assert len(records) == n
    assert Counter(r.label for r in records) == labels
    raw = [json.loads(line) for line in path.read_text().splitlines()]
    for row in raw:  # provenance kept from ../shared
        assert {
            "speaker",
            "speaker_role",
            "source_url",
            "votes",
            "unanimous",
            "topic",
        } <= row.keys()
        votes = _votes(row)
        assert len(votes) == 3
        assert row["unanimous"] == (len(set(votes)) == 1)
        assert Counter(votes).most_common(1)[0][0] == row["label"]  # gold = majority of three


def test_real_files_share_no_page_or_speaker():
    first, second = (load_corpus([p]) for p in REAL)
    keys = {k for r in first for k in r.groups}
    assert not [r.id for r in second if set(r.groups) & keys]


def test_frozen_split_has_no_leakage_by_page_or_speaker():
    records = load_corpus(REAL)
    split = apply_frozen(records)
    assert not split.dropped
    assert len(split.test) == len(read_ids(SPLIT_DIR / "test_ids.txt"))
    owner: dict[str, str] = {}
    for name in ("train", "dev", "test"):
        for rec in getattr(split, name):
            for key in rec.groups:
                assert owner.setdefault(key, name) == name, (
                    f"{key} appears in {owner[key]} and {name}"
                )
    for part in (split.test, split.dev):
        labels = Counter(r.label for r in part)
        assert all(labels[label] >= 0.25 * len(part) for label in LABELS)


def test_split_sizes_and_old_test_ids_kept():
    """A test that can decide (>= 250) and a dev to choose on (>= 150); the first file's 91 test
    statements stay in test so that old and new figures can be compared once."""
    split = apply_frozen(load_corpus(REAL))
    assert len(split.test) >= 250
    assert len(split.dev) >= 150
    old = read_ids(SPLIT_DIR / "test_ids_v1.txt")
    assert len(old) == 91
    assert old <= {r.id for r in split.test}


def test_behavioural_set_is_valid_and_disjoint_from_training_data():
    items = load_items(BEHAVIOUR_FILE)
    assert {it["kind"] for it in items} == {"clear", "negation", "paraphrase"}
    assert all(it["label"] in LABELS for it in items)
    clear = Counter(it["label"] for it in items if it["kind"] == "clear")
    assert min(clear.values()) >= 8
    pairs = Counter((it["kind"], it["pair"]) for it in items if it["kind"] != "clear")
    assert set(pairs.values()) == {2}
    for (kind, pair), _ in pairs.items():
        labels = {it["label"] for it in items if it.get("pair") == pair}
        assert len(labels) == (2 if kind == "negation" else 1)
    training_texts = {normalize_text(r.text) for r in load_corpus(REAL)}
    for written in ("written_statements.jsonl", "written_teacher.jsonl", "news_statements.jsonl"):
        if (ROOT / "data" / written).exists():
            training_texts |= {
                normalize_text(r.text) for r in load_corpus([ROOT / "data" / written])
            }
    assert not [it["text"] for it in items if normalize_text(it["text"]) in training_texts]
