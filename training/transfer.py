"""Intermediate training on public stance corpora, before fine-tuning on the project's data.

The corpora in ``../shared/datasets`` (VAST, SemEval-2016 task 6, IBM claim stance,
PERSPECTRUM) label stance toward many targets, not toward diplomatic engagement. Recast as
favor/against/neutral and fed as (target, text) pairs, they teach an encoder what taking a side
looks like; the project's fine-tuning then starts from that encoder (``init_from`` in the
training config). The corpora are never copied into the project (several forbid
redistribution): this module takes their folder as an argument, and so do its tests.

    python -m training.transfer --datasets ../shared/datasets --model mpnet \
        --out models/encoders/mpnet-stance
"""

from __future__ import annotations

import argparse
import csv
import json
import logging
import random
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from parley_model.labels import LABELS
from training.encoders import ENCODER_DIR, encoder_path
from training.finetune import length_bucketed_batches, load_classifier, pad_batch, seed_everything
from training.progress import epoch_bar

log = logging.getLogger(__name__)

CORPORA = ("vast", "semeval", "ibm", "perspectrum")


@dataclass(frozen=True)
class PairRecord:
    target: str
    text: str
    label: str  # favor | against | neutral
    corpus: str


class CorpusMissing(FileNotFoundError):
    pass


def _need(path: Path) -> Path:
    if not path.exists():
        raise CorpusMissing(f"{path} does not exist: pass --datasets the shared datasets folder")
    return path


def load_vast(root: Path) -> list[PairRecord]:
    """VAST dev (the train split is not in the shared copy): NYT comments x noun-phrase topics."""
    mapping = {"pro": "favor", "con": "against", "neutral": "neutral"}
    with _need(root / "vast" / "vast_dev.csv").open(newline="", encoding="utf-8") as fh:
        return [
            PairRecord(
                row["new_topic"] or row["topic_str"],
                row["post"],
                mapping[row["vast_label"]],
                "vast",
            )
            for row in csv.DictReader(fh)
            if row["vast_label"] in mapping
        ]


def load_semeval(root: Path) -> list[PairRecord]:
    """SemEval-2016 task 6 training and trial tweets (tab-separated, latin-1)."""
    mapping = {"FAVOR": "favor", "AGAINST": "against", "NONE": "neutral"}
    out = []
    for name in ("trainingdata-all-annotations.txt", "trialdata-all-annotations.txt"):
        path = _need(root / "semeval2016_task6" / name)
        lines = path.read_text(encoding="latin-1").splitlines()
        for line in lines[1:]:
            cols = line.split("\t")
            if len(cols) >= 4 and cols[3].strip() in mapping:
                text = cols[2].replace("#SemST", "").strip()
                out.append(PairRecord(cols[1].strip(), text, mapping[cols[3].strip()], "semeval"))
    return out


def load_ibm(root: Path) -> list[PairRecord]:
    """IBM Debater claim stance, train split: Wikipedia claims toward debate motions (no neutral)."""
    mapping = {"PRO": "favor", "CON": "against"}
    path = _need(root / "ibm_claim_stance" / "claim_stance_dataset_v1.csv")
    with path.open(newline="", encoding="utf-8") as fh:
        return [
            PairRecord(
                row["topicText"],
                row["claims.claimCorrectedText"],
                mapping[row["claims.stance"]],
                "ibm",
            )
            for row in csv.DictReader(fh)
            if row["split"] == "train" and row["claims.stance"] in mapping
        ]


def load_perspectrum(root: Path) -> list[PairRecord]:
    """PERSPECTRUM train claims and their supporting/undermining perspectives (no neutral)."""
    base = root / "perspectrum"
    claims = json.loads(_need(base / "perspectrum_with_answers_v1.0.json").read_text())
    pool = {
        p["pId"]: p["text"]
        for p in json.loads(_need(base / "perspective_pool_v1.0.json").read_text())
    }
    split = json.loads(_need(base / "dataset_split_v1.0.json").read_text())
    mapping = {"SUPPORT": "favor", "UNDERMINE": "against"}
    out = []
    for claim in claims:
        if split.get(str(claim["cId"])) != "train":
            continue
        for cluster in claim["perspectives"]:
            label = mapping.get(cluster["stance_label_3"])
            for pid in cluster["pids"]:
                if label and pid in pool:
                    out.append(PairRecord(claim["text"], pool[pid], label, "perspectrum"))
    return out


LOADERS = {
    "vast": load_vast,
    "semeval": load_semeval,
    "ibm": load_ibm,
    "perspectrum": load_perspectrum,
}


def sample_corpora(root: Path, per_corpus: int, seed: int, corpora=CORPORA) -> list[PairRecord]:
    """Up to ``per_corpus`` records from each corpus, as even across its labels as it allows."""
    rng = random.Random(seed)
    picked: list[PairRecord] = []
    for name in corpora:
        records = LOADERS[name](root)
        by_label: dict[str, list[PairRecord]] = {}
        for rec in records:
            by_label.setdefault(rec.label, []).append(rec)
        for group in by_label.values():
            rng.shuffle(group)
        quota, taken = per_corpus // max(len(by_label), 1), []
        for group in by_label.values():
            taken += group[:quota]
        rest = [r for g in by_label.values() for r in g[quota:]]
        rng.shuffle(rest)
        taken += rest[: max(per_corpus - len(taken), 0)]
        picked += taken
        log.info("%s: %d of %d records", name, len(taken), len(records))
    rng.shuffle(picked)
    return picked


def train_intermediate(
    model_name: str,
    records: list[PairRecord],
    out_dir: Path,
    epochs: int = 1,
    learning_rate: float = 2e-5,
    batch_size: int = 16,
    max_length: int = 128,
    seed: int = 13,
    threads: int = 2,
    holdout: float = 0.05,
    progress=print,
) -> dict:
    """Fine-tune ``model_name`` on (target, text) pairs with a 3-way head; save it to ``out_dir``.

    The saved folder is a complete Hugging Face model with the project's label order, so the
    project's fine-tuning can start from it head and all. A small seeded holdout reports
    accuracy on the pairs, a sanity check only (not a project figure).
    """
    import torch
    from transformers import get_linear_schedule_with_warmup
    from transformers.utils import logging as hf_logging

    hf_logging.set_verbosity_error()
    torch.set_num_threads(threads)
    seed_everything(seed)
    tokenizer, model = load_classifier(str(encoder_path(model_name)))
    n_hold = int(len(records) * holdout)
    held, train = records[:n_hold], records[n_hold:]

    def encode(recs: list[PairRecord]) -> list[list[int]]:
        return tokenizer(
            [r.target for r in recs],
            [r.text for r in recs],
            truncation="only_second",
            max_length=max_length,
        )["input_ids"]

    enc, labels = encode(train), [LABELS.index(r.label) for r in train]
    rng = random.Random(seed)
    steps = (
        len(length_bucketed_batches([len(e) for e in enc], batch_size, random.Random(0))) * epochs
    )
    optim = torch.optim.AdamW(model.parameters(), lr=learning_rate, weight_decay=0.01)
    sched = get_linear_schedule_with_warmup(optim, int(0.1 * steps), steps)
    pad = tokenizer.pad_token_id or 0

    started = time.perf_counter()
    for epoch in range(1, epochs + 1):
        model.train()
        losses: list[float] = []
        order = length_bucketed_batches([len(e) for e in enc], batch_size, rng)
        bar = epoch_bar(order, len(order), epoch, epochs, show=None)
        for idx in bar:
            ids, mask = pad_batch([enc[i] for i in idx], pad)
            logits = model(input_ids=ids, attention_mask=mask).logits
            loss = torch.nn.functional.cross_entropy(logits, torch.tensor([labels[i] for i in idx]))
            loss.backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
            optim.step()
            sched.step()
            optim.zero_grad()
            losses.append(loss.item())
        bar.close()
        progress(
            f"epoch {epoch}/{epochs}: loss {np.mean(losses):.4f} ({time.perf_counter() - started:.0f}s)"
        )
    model.eval()
    accuracy = None
    if held:
        held_enc, right = encode(held), 0
        with torch.no_grad():
            for k in range(0, len(held), 32):
                ids, mask = pad_batch(held_enc[k : k + 32], pad)
                pred = model(input_ids=ids, attention_mask=mask).logits.argmax(-1).tolist()
                right += sum(
                    p == LABELS.index(r.label) for p, r in zip(pred, held[k : k + 32], strict=True)
                )
        accuracy = right / len(held)
    out_dir.mkdir(parents=True, exist_ok=True)
    model.save_pretrained(out_dir)
    tokenizer.save_pretrained(out_dir)
    summary = {
        "base_model": model_name,
        "records": len(train),
        "by_corpus": {c: sum(r.corpus == c for r in train) for c in CORPORA},
        "epochs": epochs,
        "learning_rate": learning_rate,
        "max_length": max_length,
        "seed": seed,
        "holdout_accuracy": accuracy,
        "train_seconds": round(time.perf_counter() - started, 1),
    }
    (out_dir / "intermediate.json").write_text(json.dumps(summary, indent=2) + "\n")
    return summary


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(
        prog="python -m training.transfer", description=__doc__.split("\n\n")[0]
    )
    ap.add_argument("--datasets", type=Path, required=True, help="the shared datasets folder")
    ap.add_argument("--model", choices=("minilm", "mpnet"), default="mpnet")
    ap.add_argument("--out", type=Path, help="default: models/encoders/<model>-stance")
    ap.add_argument("--per-corpus", type=int, default=1500)
    ap.add_argument("--corpora", nargs="+", choices=CORPORA, default=list(CORPORA))
    ap.add_argument("--epochs", type=int, default=1)
    ap.add_argument("--learning-rate", type=float, default=2e-5)
    ap.add_argument("--max-length", type=int, default=128)
    ap.add_argument("--seed", type=int, default=13)
    args = ap.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    try:
        records = sample_corpora(args.datasets, args.per_corpus, args.seed, args.corpora)
    except CorpusMissing as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    out = args.out or ENCODER_DIR / f"{args.model}-stance"
    summary = train_intermediate(
        args.model,
        records,
        out,
        args.epochs,
        args.learning_rate,
        max_length=args.max_length,
        seed=args.seed,
    )
    print(json.dumps(summary, indent=2))
    print(f"saved to {out}; fine-tune from it with `parley train --set init_from={out}`")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
