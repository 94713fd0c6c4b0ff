"""Teacher for distillation: fine-tune a large encoder and score the written corpus.

Standalone on purpose (torch, transformers, numpy, scikit-learn only; no MLflow, no pydantic) so
that it runs unchanged on a GPU machine as well as here:

    python -m training.teacher --encoder models/encoders/all-mpnet-base-v2 \
        --written data/written_statements.jsonl --out runs/teacher [--device cuda]

It trains on the real-sourced train split plus the written corpus (hard labels), keeps the epoch
with the best dev macro-F1, fits a temperature on dev, reports dev and test metrics (test only
reported, never used), and writes ``teacher_scores.jsonl`` (id → calibrated scores) for the
written corpus, from which ``data/written_teacher.jsonl`` is made.
"""

from __future__ import annotations

import argparse
import copy
import json
import random
import time
from pathlib import Path

import numpy as np
from tqdm import tqdm

from training.data import REAL_FILES

LABELS = ("favor", "against", "neutral")
ROOT = Path(__file__).resolve().parent.parent


def read_jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text().splitlines() if line.strip()]


def batches(n: int, size: int, order: list[int]):
    for start in range(0, n, size):
        yield order[start : start + size]


def logits_for(model, tok, texts: list[str], device: str, bs: int = 128) -> np.ndarray:
    import torch

    out = []
    order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
    result = np.zeros((len(texts), len(LABELS)), dtype=np.float32)
    model.eval()
    with torch.inference_mode():
        for idx in batches(len(texts), bs, order):
            enc = tok(
                [texts[i] for i in idx],
                padding=True,
                truncation=True,
                max_length=256,
                return_tensors="pt",
            ).to(device)
            result[idx] = model(**enc).logits.float().cpu().numpy()
    del out
    return result


def macro_f1(logits: np.ndarray, labels: list[str]) -> float:
    from sklearn.metrics import f1_score

    pred = [LABELS[i] for i in logits.argmax(1)]
    return float(f1_score(labels, pred, average="macro", labels=list(LABELS)))


def fit_temperature(logits: np.ndarray, labels: list[str]) -> float:
    idx = np.array([LABELS.index(y) for y in labels])

    def nll(t: float) -> float:
        z = logits / t
        z = z - z.max(1, keepdims=True)
        logp = z - np.log(np.exp(z).sum(1, keepdims=True))
        return float(-logp[np.arange(len(idx)), idx].mean())

    return float(min(np.exp(np.linspace(np.log(0.05), np.log(20), 400)), key=nll))


def softmax(z: np.ndarray) -> np.ndarray:
    z = z - z.max(1, keepdims=True)
    e = np.exp(z)
    return e / e.sum(1, keepdims=True)


def main(argv: list[str] | None = None) -> dict:
    import torch
    from transformers import (
        AutoModelForSequenceClassification,
        AutoTokenizer,
        get_linear_schedule_with_warmup,
    )

    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--encoder", required=True)
    p.add_argument("--real", nargs="+", default=[str(ROOT / f) for f in REAL_FILES])
    p.add_argument("--splits", default=str(ROOT / "data" / "splits"))
    p.add_argument("--written", default=None)
    p.add_argument(
        "--soft",
        default=None,
        help="teacher_scores.jsonl: distil the written records towards these scores",
    )
    p.add_argument("--alpha", type=float, default=0.5, help="weight of the soft targets")
    p.add_argument("--sample", type=int, default=0, help="use a seeded sample of N written records")
    p.add_argument("--no-score", action="store_true", help="do not score the written corpus")
    p.add_argument(
        "--score",
        nargs="*",
        default=[],
        help="JSONL files (id, text) to score without training on them; also the written corpus "
        "when --written is not given",
    )
    p.add_argument("--out", required=True)
    p.add_argument("--epochs", type=int, default=4)
    p.add_argument("--lr", type=float, default=3e-5)
    p.add_argument("--batch-size", type=int, default=16)
    p.add_argument("--seed", type=int, default=13)
    p.add_argument("--device", default="cuda" if torch.cuda.is_available() else "cpu")
    args = p.parse_args(argv)

    random.seed(args.seed)
    np.random.seed(args.seed)
    torch.manual_seed(args.seed)
    real = [row for path in args.real for row in read_jsonl(Path(path))]
    test_ids = set(Path(args.splits, "test_ids.txt").read_text().split())
    dev_ids = set(Path(args.splits, "dev_ids.txt").read_text().split())
    test = [r for r in real if r["id"] in test_ids]
    dev = [r for r in real if r["id"] in dev_ids]
    train = [r for r in real if r["id"] not in test_ids | dev_ids]
    written = read_jsonl(Path(args.written)) if args.written else []
    if args.sample and len(written) > args.sample:
        written = random.Random(args.seed).sample(written, args.sample)
    train_all = train + written
    soft = {}
    if args.soft:
        for row in read_jsonl(Path(args.soft)):
            soft[row["id"]] = [row["teacher_scores"][label] for label in LABELS]
    soft_t = torch.tensor(
        [soft.get(r["id"], [0.0, 0.0, 0.0]) for r in train_all], device=args.device
    )
    has_soft = torch.tensor([r["id"] in soft for r in train_all], device=args.device)

    tok = AutoTokenizer.from_pretrained(args.encoder, local_files_only=True)
    model = AutoModelForSequenceClassification.from_pretrained(
        args.encoder,
        local_files_only=True,
        num_labels=3,
        dtype=torch.float32,
        id2label=dict(enumerate(LABELS)),
        label2id={x: i for i, x in enumerate(LABELS)},
    ).to(args.device)
    steps = (len(train_all) + args.batch_size - 1) // args.batch_size * args.epochs
    optim = torch.optim.AdamW(model.parameters(), lr=args.lr, weight_decay=0.01)
    sched = get_linear_schedule_with_warmup(optim, int(0.1 * steps), steps)
    best = (-1.0, 0, None)
    started = time.time()
    for epoch in range(1, args.epochs + 1):
        model.train()
        order = list(range(len(train_all)))
        random.shuffle(order)
        epoch_batches = list(batches(len(order), args.batch_size, order))
        desc = f"epoch {epoch}/{args.epochs}"
        for idx in tqdm(epoch_batches, desc=desc, unit="batch", dynamic_ncols=True):
            enc = tok(
                [train_all[i]["text"] for i in idx],
                padding=True,
                truncation=True,
                max_length=256,
                return_tensors="pt",
            ).to(args.device)
            y = torch.tensor([LABELS.index(train_all[i]["label"]) for i in idx], device=args.device)
            logits = model(**enc).logits
            hard = torch.nn.functional.cross_entropy(logits, y, reduction="none")
            soft_ce = -(soft_t[idx] * torch.log_softmax(logits, -1)).sum(-1)
            alpha = torch.where(has_soft[idx], args.alpha, 0.0)
            loss = ((1 - alpha) * hard + alpha * soft_ce).mean()
            loss.backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
            optim.step()
            sched.step()
            optim.zero_grad()
        f1 = macro_f1(
            logits_for(model, tok, [r["text"] for r in dev], args.device), [r["label"] for r in dev]
        )
        print(f"epoch {epoch}: dev macro-F1 {f1:.3f} ({time.time() - started:.0f}s)", flush=True)
        if f1 > best[0]:
            best = (f1, epoch, copy.deepcopy(model.state_dict()))
    model.load_state_dict(best[2])
    dev_logits = logits_for(model, tok, [r["text"] for r in dev], args.device)
    t = fit_temperature(dev_logits, [r["label"] for r in dev])
    test_logits = logits_for(model, tok, [r["text"] for r in test], args.device)
    una = [i for i, r in enumerate(test) if r.get("unanimous", True)]
    report = {
        "encoder": args.encoder,
        "n_train": len(train_all),
        "best_epoch": best[1],
        "temperature": t,
        "dev_macro_f1": best[0],
        "test_macro_f1": macro_f1(test_logits, [r["label"] for r in test]),
        "test_unanimous_macro_f1": macro_f1(test_logits[una], [test[i]["label"] for i in una]),
        "seconds": time.time() - started,
        "device": args.device,
    }
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    dev_probs = softmax(dev_logits / t)
    test_probs = softmax(test_logits / t)
    with (out / "predictions.jsonl").open("w") as fh:  # for error analysis (dev) and reports
        for split, rows, probs in (("dev", dev, dev_probs), ("test", test, test_probs)):
            for r, pr in zip(rows, probs, strict=True):
                scores = {label: round(float(v), 5) for label, v in zip(LABELS, pr, strict=True)}
                fh.write(json.dumps({"id": r["id"], "split": split, "scores": scores}) + "\n")
    to_score = [row for path in args.score for row in read_jsonl(Path(path))]
    if written and not args.no_score:
        to_score = written + to_score
    if to_score:
        probs = softmax(logits_for(model, tok, [r["text"] for r in to_score], args.device) / t)
        with (out / "teacher_scores.jsonl").open("w") as fh:
            for r, pr in zip(to_score, probs, strict=True):
                fh.write(
                    json.dumps(
                        {
                            "id": r["id"],
                            "teacher_scores": {
                                label: round(float(v), 5)
                                for label, v in zip(LABELS, pr, strict=True)
                            },
                        }
                    )
                    + "\n"
                )
        labelled = [(i, r) for i, r in zip(probs.argmax(1), to_score, strict=True) if "label" in r]
        if labelled:
            report["scored_agreement_with_labels"] = float(
                np.mean([LABELS[i] == r["label"] for i, r in labelled])
            )
    (out / "teacher_report.json").write_text(json.dumps(report, indent=2))
    print(json.dumps(report, indent=2))
    return report


if __name__ == "__main__":
    main()
