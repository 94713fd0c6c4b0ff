"""Error analysis on the dev split: where a model goes wrong, by class, source file and area.

    python -m training.error_analysis --model models:/stance-classifier@champion [--split dev]
    python -m training.error_analysis --predictions runs/teacher/predictions.jsonl

The breakdowns are those that model choices are made on: per gold class, where each class's
errors go (the confusion matrix), per source file and per area (the id prefix, e.g. ``r2-eu``),
unanimous vs. disputed statements, and the errors that moved towards ``favor``. Test is never
analysed by default: looking at test errors would invite tuning on it.
"""

from __future__ import annotations

import argparse
import json
from collections import defaultdict
from pathlib import Path

import numpy as np

from inference.mlflow_env import PROJECT_ROOT
from parley_model.labels import LABELS
from training import metrics as M
from training.data import REAL_FILES, Record, load_corpus
from training.split import apply_frozen


def area(record: Record) -> str:
    """``tr-ru-012`` -> ``tr-ru``; the collection area of a real statement."""
    return "-".join(record.id.split("-")[:2])


def breakdown(records: list[Record], probs: np.ndarray) -> dict:
    """Macro-F1 and error shape overall and per group; probs columns in LABELS order."""
    pred = probs.argmax(axis=1)
    gold = np.array([LABELS.index(r.label) for r in records])
    groups: dict[str, dict[str, list[int]]] = defaultdict(lambda: defaultdict(list))
    for i, rec in enumerate(records):
        groups["file"][Path(rec.source_file.rsplit(":", 1)[0]).name].append(i)
        groups["area"][area(rec)].append(i)
        groups["agreement"]["unanimous" if rec.unanimous is not False else "disputed"].append(i)
    overall = M.compute_metrics([r.label for r in records], probs)
    out: dict = {
        "n": len(records),
        "macro_f1": overall["macro_f1"],
        "f1": overall["f1"],
        "confusion": {
            gold_label: {LABELS[j]: int(((gold == g) & (pred == j)).sum()) for j in range(3)}
            for g, gold_label in enumerate(LABELS)
        },
        "to_favor": {
            label: int(((gold == LABELS.index(label)) & (pred == 0)).sum())
            for label in ("against", "neutral")
        },
        "predicted_share": {LABELS[j]: float((pred == j).mean()) for j in range(3)},
        "gold_share": {LABELS[j]: float((gold == j).mean()) for j in range(3)},
    }
    for kind, members in groups.items():
        out[kind] = {}
        for name, idx in sorted(members.items()):
            sub = M.compute_metrics([records[i].label for i in idx], probs[idx])
            out[kind][name] = {
                "n": len(idx),
                "macro_f1": round(sub["macro_f1"], 3),
                "accuracy": round(sub["accuracy"], 3),
                "against_to_favor": int(sum(1 for i in idx if gold[i] == 1 and pred[i] == 0)),
                "neutral_to_favor": int(sum(1 for i in idx if gold[i] == 2 and pred[i] == 0)),
            }
    return out


def format_breakdown(report: dict) -> str:
    lines = [
        f"n {report['n']}  macro-F1 {report['macro_f1']:.3f}  "
        + "  ".join(f"F1 {k} {v:.3f}" for k, v in report["f1"].items()),
        "confusion (rows gold, columns predicted favor/against/neutral):",
    ]
    for gold_label, row in report["confusion"].items():
        lines.append(f"  {gold_label:<8} " + " ".join(f"{row[p]:>4}" for p in LABELS))
    share = report["predicted_share"]
    lines.append(
        "predicted share: "
        + ", ".join(f"{k} {v:.0%}" for k, v in share.items())
        + "  (gold: "
        + ", ".join(f"{k} {v:.0%}" for k, v in report["gold_share"].items())
        + ")"
    )
    for kind in ("file", "area", "agreement"):
        lines.append(f"by {kind}:")
        for name, row in report[kind].items():
            lines.append(
                f"  {name:<26} n {row['n']:>4}  macro-F1 {row['macro_f1']:.3f}  "
                f"against->favor {row['against_to_favor']:>3}  "
                f"neutral->favor {row['neutral_to_favor']:>3}"
            )
    return "\n".join(lines)


def written_vs_teacher(written: list[dict], scores: dict[str, list[float]]) -> dict:
    """Where the written labels and a teacher trained on real statements only disagree.

    By written label and by hard-case kind: the share of agreement, and which label the teacher
    gives instead. A kind where the teacher (which learned from real statements) keeps moving one
    label to another is a convention the written corpus teaches and real statements contradict.
    """
    rows: dict[str, dict[str, dict[str, int]]] = {"label": {}, "hard_case": {}}
    for rec in written:
        if rec["id"] not in scores:
            continue
        said = LABELS[int(np.argmax(scores[rec["id"]]))]
        for kind, key in (("label", rec["label"]), ("hard_case", rec.get("hard_case") or "clear")):
            cell = rows[kind].setdefault(key, {"n": 0, "agree": 0} | {x: 0 for x in LABELS})
            cell["n"] += 1
            cell["agree"] += said == rec["label"]
            if said != rec["label"]:
                cell[f"{rec['label']}->{said}"] = cell.get(f"{rec['label']}->{said}", 0) + 1
    return rows


def format_written_vs_teacher(rows: dict) -> str:
    lines = []
    for kind, table in rows.items():
        lines.append(f"by written {kind}:")
        for key, cell in sorted(table.items()):
            moves = {k: v for k, v in cell.items() if "->" in k and v}
            top = ", ".join(f"{k} {v}" for k, v in sorted(moves.items(), key=lambda kv: -kv[1]))
            lines.append(
                f"  {key:<16} n {cell['n']:>4}  agree {cell['agree'] / cell['n']:.0%}  {top}"
            )
    return "\n".join(lines)


def split_records(split: str) -> list[Record]:
    """The real statements of one frozen split (``dev`` or ``test``)."""
    records = load_corpus([PROJECT_ROOT / f for f in REAL_FILES])
    return getattr(apply_frozen(records), split)


def main(argv: list[str] | None = None) -> dict:
    p = argparse.ArgumentParser(prog="python -m training.error_analysis", description=__doc__)
    src = p.add_mutually_exclusive_group(required=True)
    src.add_argument("--model", help="a model URI scored through the shared predict function")
    src.add_argument(
        "--predictions", help="a JSONL of {id, scores: {favor, against, neutral}} (teacher.py)"
    )
    src.add_argument(
        "--written-vs-teacher",
        metavar="SCORES",
        help="teacher_scores.jsonl of a teacher that never saw the written corpus: compare its "
        "labels with the written labels by label and hard-case kind",
    )
    p.add_argument("--split", default="dev", choices=["dev", "test"])
    p.add_argument("--json", action="store_true")
    args = p.parse_args(argv)
    if args.written_vs_teacher:
        scored = [json.loads(x) for x in Path(args.written_vs_teacher).read_text().splitlines()]
        scores = {r["id"]: [r["teacher_scores"][label] for label in LABELS] for r in scored if r}
        path = PROJECT_ROOT / "data" / "written_statements.jsonl"
        written = [json.loads(x) for x in path.read_text().splitlines() if x.strip()]
        rows = written_vs_teacher(written, scores)
        print(json.dumps(rows, indent=2) if args.json else format_written_vs_teacher(rows))
        return rows
    records = split_records(args.split)
    if args.model:
        from inference.mlflow_env import configure
        from inference.predict import load_model
        from inference.settings import Settings
        from training.train import score_records

        settings = Settings.from_env()
        configure(settings)
        probs = score_records(load_model(args.model, settings.engine()), records)
    else:
        rows = [json.loads(x) for x in Path(args.predictions).read_text().splitlines() if x]
        scores = {r["id"]: [r["scores"][label] for label in LABELS] for r in rows}
        missing = [r.id for r in records if r.id not in scores]
        if missing:
            raise SystemExit(f"{args.predictions}: no scores for {len(missing)} {args.split} ids")
        probs = np.array([scores[r.id] for r in records])
    report = breakdown(records, probs)
    print(json.dumps(report, indent=2) if args.json else format_breakdown(report))
    return report


if __name__ == "__main__":
    main()
