"""Data checks on the checked-in corpus: schema, labels, duplicates, split leakage."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

from serving.labels import LABELS
from training.behaviour import BEHAVIOUR_FILE, load_items
from training.data import load_corpus, normalize_text
from training.split import SPLIT_DIR, apply_frozen, read_ids

ROOT = Path(__file__).resolve().parents[2]
REAL = ROOT / "data" / "real_statements.jsonl"


def test_real_corpus_schema_and_counts():
    records = load_corpus([REAL])  # validates schema, labels, duplicate ids and texts
    assert len(records) == 453
    assert Counter(r.label for r in records) == {"favor": 166, "against": 153, "neutral": 134}
    raw = [json.loads(line) for line in REAL.read_text().splitlines()]
    for row in raw:  # provenance kept from ../shared
        assert {
            "speaker",
            "speaker_role",
            "source_url",
            "votes",
            "unanimous",
            "topic",
        } <= row.keys()
        assert row["unanimous"] == (len(set(row["votes"].values())) == 1)


def test_frozen_split_has_no_leakage_by_page_or_speaker():
    records = load_corpus([REAL])
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
    labels = Counter(r.label for r in split.test)
    assert all(labels[label] >= 0.25 * len(split.test) for label in LABELS)


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
    training_texts = {normalize_text(r.text) for r in load_corpus([REAL])}
    for written in ("written_statements.jsonl", "written_teacher.jsonl"):
        if (ROOT / "data" / written).exists():
            training_texts |= {
                normalize_text(r.text) for r in load_corpus([ROOT / "data" / written])
            }
    assert not [it["text"] for it in items if normalize_text(it["text"]) in training_texts]
