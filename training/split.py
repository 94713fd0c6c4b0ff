"""Grouped, deterministic train/dev/test split with a frozen test set.

Statements that share a source page or a speaker form one group (connected components over
both keys), and a group never straddles two splits. The split is written to
``data/splits/{test,dev}_ids.txt`` once; later runs reuse it, so every model version is compared
on the same test statements. New records go to train unless they share a group with test or dev.
"""

from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass
from pathlib import Path

from training.data import REAL_FILES, Record

log = logging.getLogger(__name__)
SPLIT_DIR = Path(__file__).resolve().parent.parent / "data" / "splits"


@dataclass
class Split:
    train: list[Record]
    dev: list[Record]
    test: list[Record]
    dropped: list[Record]  # share a group with the frozen test split but are not in it

    def sizes(self) -> dict[str, int]:
        return {"train": len(self.train), "dev": len(self.dev), "test": len(self.test)}


def components(records: list[Record]) -> list[list[Record]]:
    """Connected components of records linked by any shared group key (union-find)."""
    parent = list(range(len(records)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    owner: dict[str, int] = {}
    for i, rec in enumerate(records):
        for key in rec.groups:
            if key in owner:
                parent[find(i)] = find(owner[key])
            else:
                owner[key] = i
    comps: dict[int, list[Record]] = {}
    for i, rec in enumerate(records):
        comps.setdefault(find(i), []).append(rec)
    return list(comps.values())


def make_split(
    records: list[Record], test_frac: float = 0.2, dev_frac: float = 0.15, seed: int = 13
) -> Split:
    """Assign whole groups, in a seeded hash order, to test, then dev, then train."""
    comps = components(records)

    def order_key(comp: list[Record]) -> str:
        anchor = min(r.id for r in comp)
        return hashlib.sha256(f"{seed}:{anchor}".encode()).hexdigest()

    comps.sort(key=order_key)
    n = len(records)
    test, dev, train = [], [], []
    for comp in comps:
        if len(test) < test_frac * n:
            test.extend(comp)
        elif len(dev) < dev_frac * n:
            dev.extend(comp)
        else:
            train.extend(comp)
    return Split(train=train, dev=dev, test=test, dropped=[])


def write_frozen(split: Split, directory: Path = SPLIT_DIR) -> None:
    directory.mkdir(parents=True, exist_ok=True)
    for name in ("test", "dev"):
        ids = sorted(r.id for r in getattr(split, name))
        (directory / f"{name}_ids.txt").write_text("\n".join(ids) + "\n")


def read_ids(path: Path) -> set[str]:
    return {line.strip() for line in path.read_text().splitlines() if line.strip()}


def apply_frozen(records: list[Record], directory: Path = SPLIT_DIR) -> Split:
    """Reuse the frozen test/dev ids; route new records so no group straddles splits."""
    test_ids = read_ids(directory / "test_ids.txt")
    dev_ids = read_ids(directory / "dev_ids.txt")
    by_id = {r.id for r in records}
    missing = sorted(test_ids - by_id)
    if missing:
        raise ValueError(
            f"the frozen test split names {len(missing)} ids not in the data (e.g. {missing[:3]}); "
            "the real-sourced corpora ("
            + ", ".join(REAL_FILES)
            + ") must be part of every training run"
        )
    test_keys = {k for r in records if r.id in test_ids for k in r.groups}
    dev_keys = {k for r in records if r.id in dev_ids for k in r.groups}
    split = Split(train=[], dev=[], test=[], dropped=[])
    for rec in records:
        keys = set(rec.groups)
        if rec.id in test_ids:
            split.test.append(rec)
        elif rec.id in dev_ids:
            split.dev.append(rec)
        elif keys & test_keys:
            split.dropped.append(rec)
        elif keys & dev_keys:
            split.dev.append(rec)
        else:
            split.train.append(rec)
    if split.dropped:
        log.warning(
            "%d new records share a page or speaker with the frozen test split and are left out",
            len(split.dropped),
        )
    return split


def load_split(records: list[Record], directory: Path = SPLIT_DIR, seed: int = 13) -> Split:
    """The frozen split when it exists, else a fresh one (written so that it freezes)."""
    if (directory / "test_ids.txt").exists() and (directory / "dev_ids.txt").exists():
        return apply_frozen(records, directory)
    split = make_split(records, seed=seed)
    write_frozen(split, directory)
    log.info("wrote a new frozen split to %s", directory)
    return split


def extend_frozen(
    records: list[Record],
    new_files: set[str],
    test_size: int,
    dev_size: int,
    seed: int,
    directory: Path = SPLIT_DIR,
) -> Split:
    """Grow the frozen test and dev splits with whole groups drawn from newly added files.

    The ids already frozen stay where they are (old figures stay comparable). Groups made only of
    records from ``new_files`` and linked to no frozen group are ordered by a seeded hash and go
    to test until it holds ``test_size`` statements, then to dev until ``dev_size``; the rest is
    train. Written (synthetic) data must not be passed in: test and dev are real statements only.
    """
    current = apply_frozen(records, directory)
    frozen_keys = {k for r in current.test + current.dev for k in r.groups}
    test, dev = list(current.test), list(current.dev)
    candidates = []
    for comp in components(current.train):
        from_new = all(r.source_file.rsplit(":", 1)[0] in new_files for r in comp)
        if from_new and not {k for r in comp for k in r.groups} & frozen_keys:
            candidates.append(comp)
    candidates.sort(
        key=lambda comp: hashlib.sha256(f"{seed}:{min(r.id for r in comp)}".encode()).hexdigest()
    )
    moved: set[str] = set()
    for comp in candidates:
        if len(test) < test_size:
            test.extend(comp)
        elif len(dev) < dev_size:
            dev.extend(comp)
        else:
            break
        moved |= {r.id for r in comp}
    train = [r for r in current.train if r.id not in moved]
    return Split(train=train, dev=dev, test=test, dropped=current.dropped)


def main(argv: list[str] | None = None) -> None:
    """Grow the frozen split with a new real-sourced file (run once per new file)."""
    import argparse
    from collections import Counter

    from training.data import load_corpus

    p = argparse.ArgumentParser(prog="python -m training.split", description=main.__doc__)
    p.add_argument("--data", nargs="+", required=True, help="every real-sourced file, old first")
    p.add_argument("--new", nargs="+", required=True, help="the newly added file(s)")
    p.add_argument("--test-size", type=int, required=True)
    p.add_argument("--dev-size", type=int, required=True)
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--write", action="store_true", help="write data/splits (else only report)")
    args = p.parse_args(argv)
    records = load_corpus(args.data)
    split = extend_frozen(records, set(args.new), args.test_size, args.dev_size, args.seed)
    for name in ("train", "dev", "test"):
        part = getattr(split, name)
        labels = Counter(r.label for r in part)
        print(f"{name:<5} {len(part):>4}  " + "  ".join(f"{k} {labels[k]}" for k in sorted(labels)))
    if args.write:
        write_frozen(split)
        print(f"wrote {SPLIT_DIR}")


if __name__ == "__main__":
    main()
