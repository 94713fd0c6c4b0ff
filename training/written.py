"""Build the written corpus: merge the parts, apply the blind second labeling pass, dedupe.

``data/written/part-NN.jsonl`` hold the statements written for the project (first labels);
``data/written/pass2-part-NN.jsonl`` hold an independent annotator's labels for the same ids,
made blind to the first labels. Statements the two passes disagree on are dropped (counted in the
report); so are near-duplicates (cosine above ``MAX_COSINE`` on MiniLM embeddings; the later one goes).

Run: ``python -m training.written`` → ``data/written_statements.jsonl`` + ``data/written_report.json``.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import numpy as np

from inference.mlflow_env import PROJECT_ROOT
from parley_model.labels import LABELS

PARTS_DIR = PROJECT_ROOT / "data" / "written"
OUT = PROJECT_ROOT / "data" / "written_statements.jsonl"
REPORT = PROJECT_ROOT / "data" / "written_report.json"
HARD_KINDS = ("condition", "sarcasm", "downplay", "mixed", "negation", "reported-speech")
MAX_COSINE = 0.9
REGISTERS = {  # writers spelled some registers two ways
    "interview": "interview answer",
    "op-ed": "op-ed prose",
    "parliamentary-speech": "parliamentary speech",
    "think-tank-report": "think-tank report",
    "social-media": "social-media post",
    "translated-quote": "translated quote",
}


def cohen_kappa(a: list[str], b: list[str]) -> float:
    n = len(a)
    po = sum(x == y for x, y in zip(a, b, strict=True)) / n
    ca, cb = Counter(a), Counter(b)
    pe = sum(ca[label] * cb[label] for label in LABELS) / (n * n)
    return (po - pe) / (1 - pe) if pe < 1 else 1.0


def embed(texts: list[str]) -> np.ndarray:
    from training.experiments import _embed

    return _embed(texts)


def near_duplicates(emb: np.ndarray, threshold: float = MAX_COSINE) -> list[tuple[int, int, float]]:
    """Pairs (i < j) with cosine above ``threshold`` (embeddings are normalised)."""
    pairs = []
    for start in range(0, len(emb), 512):
        block = emb[start : start + 512] @ emb.T
        for bi, row in enumerate(block):
            i = start + bi
            for j in np.nonzero(row > threshold)[0]:
                if j > i:
                    pairs.append((i, int(j), float(row[j])))
    return pairs


def build(parts_dir: Path = PARTS_DIR, out: Path = OUT, report_path: Path = REPORT) -> dict:
    rows, second = [], {}
    for part in sorted(parts_dir.glob("part-*.jsonl")):
        rows += [json.loads(line) for line in part.read_text().splitlines() if line.strip()]
    for part in sorted(parts_dir.glob("pass2-part-*.jsonl")):
        for line in part.read_text().splitlines():
            if line.strip():
                obj = json.loads(line)
                second[obj["id"]] = obj["label"]
    labelled = [r for r in rows if r["id"] in second]
    first_l = [r["label"] for r in labelled]
    second_l = [second[r["id"]] for r in labelled]
    agree = [r for r in labelled if second[r["id"]] == r["label"]]
    by_kind = {}
    for kind in (None, *HARD_KINDS):
        sub = [r for r in labelled if r.get("hard_case") == kind]
        if sub:
            by_kind[kind or "clear"] = round(
                sum(second[r["id"]] == r["label"] for r in sub) / len(sub), 3
            )
    emb = embed([r["text"] for r in agree])
    dup_pairs = near_duplicates(emb)
    drop = {j for _, j, _ in dup_pairs}
    kept = [r for k, r in enumerate(agree) if k not in drop]
    for r in kept:
        r["written"] = True
        r["register"] = REGISTERS.get(r["register"], r["register"])
    out.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in kept))
    n = len(kept)
    report = {
        "written": len(rows),
        "second_pass_labelled": len(labelled),
        "agreement": round(len(agree) / max(len(labelled), 1), 4),
        "cohen_kappa": round(cohen_kappa(first_l, second_l), 4) if labelled else None,
        "agreement_by_kind": by_kind,
        "dropped_disagreements": len(labelled) - len(agree),
        "dropped_unlabelled": len(rows) - len(labelled),
        "dropped_near_duplicates": len(drop),
        "kept": n,
        "labels": {
            label: round(c / n, 4) for label, c in Counter(r["label"] for r in kept).items()
        },
        "hard_cases": round(sum(r.get("hard_case") is not None for r in kept) / n, 4),
        "hard_case_kinds": dict(Counter(r.get("hard_case") or "clear" for r in kept)),
        "relationships": len({r["relationship"] for r in kept}),
        "speaker_roles": len({r["speaker_role"] for r in kept}),
        "registers": dict(Counter(r["register"] for r in kept)),
        "words": {
            "min": min(len(r["text"].split()) for r in kept),
            "max": max(len(r["text"].split()) for r in kept),
            "mean": round(float(np.mean([len(r["text"].split()) for r in kept])), 1),
        },
    }
    report_path.write_text(json.dumps(report, indent=2) + "\n")
    return report


if __name__ == "__main__":
    print(json.dumps(build(), indent=2))
