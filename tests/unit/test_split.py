"""Grouped split: no page or speaker straddles two splits; the frozen split routes new data."""

from __future__ import annotations

from training.data import Record
from training.split import apply_frozen, components, make_split, write_frozen


def rec(i, speaker=None, url=None, label="favor"):
    return Record(id=f"r{i}", text=f"text {i}", label=label, speaker=speaker, source_url=url)


def test_components_link_by_page_or_speaker():
    rs = [rec(1, "A", "u1"), rec(2, "B", "u1"), rec(3, "B", "u2"), rec(4, "C", "u3")]
    comps = sorted(sorted(r.id for r in c) for c in components(rs))
    assert comps == [["r1", "r2", "r3"], ["r4"]]


def test_split_is_deterministic_and_grouped():
    rs = [rec(i, speaker=f"s{i // 2}", url=f"u{i // 3}") for i in range(200)]
    a, b = make_split(rs, seed=3), make_split(rs, seed=3)
    assert [r.id for r in a.test] == [r.id for r in b.test]
    assert make_split(rs, seed=4).test != a.test
    owner = {}
    for name in ("train", "dev", "test"):
        for r in getattr(a, name):
            for key in r.groups:
                assert owner.setdefault(key, name) == name, f"{key} in two splits"
    assert 0.15 < len(a.test) / 200 < 0.3


def test_frozen_split_routes_new_records(tmp_path):
    base = [rec(i, speaker=f"s{i}", url=f"u{i}") for i in range(40)]
    split = make_split(base, seed=1)
    write_frozen(split, tmp_path)
    test_speaker = split.test[0].speaker
    dev_speaker = split.dev[0].speaker
    new = [rec(100, speaker=test_speaker), rec(101, speaker=dev_speaker), rec(102, speaker="fresh")]
    again = apply_frozen(base + new, tmp_path)
    assert {r.id for r in again.test} == {r.id for r in split.test}
    assert [r.id for r in again.dropped] == ["r100"]
    assert "r101" in {r.id for r in again.dev}
    assert "r102" in {r.id for r in again.train}
