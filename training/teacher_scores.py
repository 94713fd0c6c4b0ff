"""Write the distillation file: the written corpus with an ensemble teacher's scores.

Each ``teacher_scores.jsonl`` comes from one ``python -m training.teacher`` run (one seed) trained
on the real corpora only, so every written statement is scored by teachers that never saw it
(out-of-fold). The scores of the runs are averaged per statement:

    python -m training.teacher_scores --written data/written_statements.jsonl \
        --scores runs/teacher-s13/teacher_scores.jsonl runs/teacher-s14/teacher_scores.jsonl \
        --out data/written_teacher.jsonl

A registered version trained on the real corpora only (e.g. the ``full`` profile) is a teacher
too: ``--model-scores models:/stance-classifier/N runs/full-vN.jsonl`` first writes its scores
of the written corpus in the same format, which ``--scores`` can then average with the others.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from parley_model.labels import LABELS


def read_scores(path: Path) -> dict[str, dict[str, float]]:
    rows = [json.loads(line) for line in path.read_text().splitlines() if line.strip()]
    return {row["id"]: row["teacher_scores"] for row in rows}


def average(runs: list[dict[str, dict[str, float]]], ids: list[str]) -> dict[str, dict]:
    """Mean of each label's score over the runs; every run must score every id."""
    out = {}
    for rid in ids:
        missing = [i for i, run in enumerate(runs) if rid not in run]
        if missing:
            raise ValueError(f"statement {rid} has no score in run(s) {missing}")
        out[rid] = {
            label: round(sum(run[rid][label] for run in runs) / len(runs), 5) for label in LABELS
        }
    return out


def write_model_scores(uri: str, records: list[dict], out: Path) -> None:
    """A registered version's calibrated scores of ``records`` as id -> teacher_scores lines."""
    from inference.mlflow_env import configure
    from inference.predict import load_model, predict

    configure()
    frame = predict(load_model(uri), [r["text"] for r in records])
    with out.open("w") as fh:
        for record, (_, row) in zip(records, frame.iterrows(), strict=True):
            scores = {label: round(float(row[f"score_{label}"]), 5) for label in LABELS}
            fh.write(json.dumps({"id": record["id"], "teacher_scores": scores}) + "\n")


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--written", required=True, type=Path)
    p.add_argument("--scores", nargs="+", type=Path, default=[])
    p.add_argument(
        "--model-scores",
        nargs=2,
        metavar=("MODEL_URI", "OUT"),
        help="score the written corpus with a registered version and write OUT (id, scores)",
    )
    p.add_argument("--out", required=True, type=Path)
    args = p.parse_args(argv)
    records = [json.loads(x) for x in args.written.read_text().splitlines() if x.strip()]
    if args.model_scores:
        uri, path = args.model_scores
        write_model_scores(uri, records, Path(path))
        args.scores.append(Path(path))
    if not args.scores:
        p.error("give --scores and/or --model-scores")
    scores = average([read_scores(path) for path in args.scores], [r["id"] for r in records])
    agree = 0
    with args.out.open("w") as fh:
        for record in records:
            teacher = scores[record["id"]]
            agree += max(teacher, key=teacher.get) == record["label"]
            fh.write(json.dumps(record | {"teacher_scores": teacher}) + "\n")
    print(
        f"{len(records)} statements, {len(args.scores)} teacher run(s); the ensemble agrees with "
        f"the written labels on {agree / len(records):.1%}; wrote {args.out}"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
