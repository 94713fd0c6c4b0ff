"""Fine-tune an offline sentence encoder (MiniLM by default; see encoders.py) for 3-way stance.

A plain torch loop: seeded shuffling, dynamic padding, AdamW with linear warmup/decay. After
each epoch the dev macro-F1 is measured and the best epoch's weights are kept, so the number
of epochs is chosen on dev only. Records that carry a teacher's scores (``teacher_scores`` in
the data file) are distilled: their loss mixes the hard label and the teacher's soft targets
(``distill_alpha`` is the weight of the soft part).
"""

from __future__ import annotations

import copy
import logging
import random
import re
import time
from pathlib import Path

import numpy as np

from parley_model.engines.torch_engine import TorchEngine
from parley_model.labels import LABELS
from parley_model.meta import ArtifactMeta
from training.config import TrainingConfig
from training.data import Record, has_frames
from training.encoders import encoder_name, encoder_path
from training.progress import epoch_bar

log = logging.getLogger(__name__)


def seed_everything(seed: int) -> None:
    import torch

    random.seed(seed)
    np.random.seed(seed)
    torch.manual_seed(seed)


def length_bucketed_batches(
    lengths: list[int], batch_size: int, rng: random.Random, bucketing: bool = True
) -> list[list[int]]:
    """Shuffled batches of similar lengths: less padding, so faster epochs on CPU.

    Shuffle, cut into pools of 50 batches, sort each pool by length, batch it, shuffle the batches.
    """
    order = list(range(len(lengths)))
    rng.shuffle(order)
    if not bucketing:
        return [order[k : k + batch_size] for k in range(0, len(order), batch_size)]
    pool = batch_size * 50
    batches = []
    for start in range(0, len(order), pool):
        chunk = sorted(order[start : start + pool], key=lambda i: lengths[i])
        batches += [chunk[k : k + batch_size] for k in range(0, len(chunk), batch_size)]
    rng.shuffle(batches)
    return batches


def _soft_target(rec: Record) -> list[float]:
    scores = rec.extra.get("teacher_scores")
    if scores is None:
        return [0.0] * len(LABELS)
    total = sum(float(scores[label]) for label in LABELS)
    return [float(scores[label]) / total for label in LABELS]


def _macro_f1(engine: TorchEngine, records: list[Record]) -> float:
    from sklearn.metrics import f1_score

    logits = engine.logits([r.text for r in records]).logits
    pred = [LABELS[i] for i in logits.argmax(axis=1)]
    return float(f1_score([r.label for r in records], pred, average="macro", labels=list(LABELS)))


def load_classifier(base: str, layers: int | None = None):
    """Tokenizer and a 3-way sequence classifier with the project's label order, from a local
    folder only (a stock encoder, or one that already carries the head); ``layers`` keeps the
    encoder's lower layers only (their weights load; the upper layers' are left out)."""
    from transformers import AutoConfig, AutoModelForSequenceClassification, AutoTokenizer

    tokenizer = AutoTokenizer.from_pretrained(base, local_files_only=True)
    extra = {}
    if layers is not None:
        depth = AutoConfig.from_pretrained(base, local_files_only=True).num_hidden_layers
        if layers > depth:
            raise ValueError(f"encoder_layers={layers}, but the encoder at {base} has {depth}")
        extra["num_hidden_layers"] = layers
    model = AutoModelForSequenceClassification.from_pretrained(
        base,
        local_files_only=True,
        num_labels=len(LABELS),
        id2label=dict(enumerate(LABELS)),
        label2id={label: i for i, label in enumerate(LABELS)},
        attn_implementation="eager",
        **extra,
    )
    return tokenizer, model


def pad_batch(seqs: list[list[int]], pad: int):
    """Token id lists as one right-padded ``input_ids`` tensor and its attention mask."""
    import torch

    width = max(len(s) for s in seqs)
    ids = torch.full((len(seqs), width), pad, dtype=torch.long)
    mask = torch.zeros((len(seqs), width), dtype=torch.long)
    for j, s in enumerate(seqs):
        ids[j, : len(s)] = torch.tensor(s)
        mask[j, : len(s)] = 1
    return ids, mask


def _start_from(cfg: TrainingConfig) -> Path:
    """The stock encoder, or the folder ``init_from`` names (checked, so a typo fails early)."""
    if cfg.init_from is None:
        return encoder_path(cfg.model)
    folder = Path(cfg.init_from)
    if not (folder / "config.json").exists():
        raise FileNotFoundError(
            f"init_from={cfg.init_from!r} is not a model folder (no config.json); "
            "make one with `python -m training.transfer`"
        )
    return folder


def _layer_depth(name: str, n_layers: int) -> int:
    """How far below the top a parameter sits: 0 for the head and pooler, i+1 below the top for
    encoder layer ``n_layers-1-i``, ``n_layers+1`` for the embeddings."""
    match = re.search(r"\.layer\.(\d+)\.", name)
    if match:
        return n_layers - int(match.group(1))
    if "embeddings" in name or "relative_attention_bias" in name:
        return n_layers + 1
    return 0


def parameter_groups(model, lr: float, weight_decay: float, layer_decay: float) -> list[dict]:
    """AdamW groups: no weight decay on biases and LayerNorm weights; with ``layer_decay`` < 1,
    a rate that shrinks by that factor per layer from the top (layer-wise decay)."""
    no_decay = ("bias", "LayerNorm.weight")
    n_layers = getattr(model.config, "num_hidden_layers", 0)
    groups: dict[tuple[int, bool], dict] = {}
    for name, param in model.named_parameters():
        depth = _layer_depth(name, n_layers) if layer_decay < 1 else 0
        decays = not name.endswith(no_decay)
        group = groups.setdefault(
            (depth, decays),
            {
                "params": [],
                "weight_decay": weight_decay if decays else 0.0,
                "lr": lr * layer_decay**depth,
            },
        )
        group["params"].append(param)
    return list(groups.values())


def train_transformer(
    cfg: TrainingConfig,
    train: list[Record],
    dev: list[Record],
    out_dir: Path,
    progress=print,
    show_bar: bool | None = None,
) -> dict:
    """Fine-tune the encoder on ``train``, keep the epoch with the best dev macro-F1, save it.

    ``show_bar`` is ``Settings.progress``: the per-epoch bar (None = only on a terminal).
    """
    import torch
    from transformers import get_linear_schedule_with_warmup
    from transformers.utils import logging as hf_logging

    hf_logging.set_verbosity_error()
    hf_logging.disable_progress_bar()
    torch.set_num_threads(cfg.threads)
    seed_everything(cfg.seed)
    tokenizer, model = load_classifier(str(_start_from(cfg)), cfg.encoder_layers)
    enc = tokenizer([r.text for r in train], truncation=True, max_length=cfg.max_length)[
        "input_ids"
    ]
    labels = [LABELS.index(r.label) for r in train]
    soft = torch.tensor([_soft_target(r) for r in train], dtype=torch.float32)
    has_soft = torch.tensor([r.extra.get("teacher_scores") is not None for r in train])
    steps_per_epoch = len(
        length_bucketed_batches(
            [len(ids) for ids in enc], cfg.batch_size, random.Random(0), cfg.length_bucketing
        )
    )
    total = steps_per_epoch * cfg.epochs
    groups = parameter_groups(model, cfg.learning_rate, cfg.weight_decay, cfg.layer_lr_decay)
    optim = torch.optim.AdamW(groups)
    sched = get_linear_schedule_with_warmup(optim, int(cfg.warmup_ratio * total), total)
    rng = random.Random(cfg.seed)
    pad = tokenizer.pad_token_id or 0

    # An engine over the live model measures dev with the same code that serves.
    engine = TorchEngine.__new__(TorchEngine)
    engine.torch, engine.tokenizer, engine.model = torch, tokenizer, model
    engine.max_length, engine.batch_size, engine.order = (
        cfg.max_length,
        32,
        list(range(len(LABELS))),
    )

    best = {"dev_macro_f1": -1.0, "epoch": 0, "state": None}
    curve: dict[str, float] = {}
    started = time.perf_counter()
    for epoch in range(1, cfg.epochs + 1):
        model.train()
        losses = []
        order = length_bucketed_batches(
            [len(ids) for ids in enc], cfg.batch_size, rng, cfg.length_bucketing
        )
        bar = epoch_bar(order, len(order), epoch, cfg.epochs, show=show_bar)
        for idx in bar:
            ids, mask = pad_batch([enc[i] for i in idx], pad)
            logits = model(input_ids=ids, attention_mask=mask).logits
            hard = torch.nn.functional.cross_entropy(
                logits, torch.tensor([labels[i] for i in idx]), reduction="none"
            )
            soft_ce = -(soft[idx] * torch.log_softmax(logits, dim=-1)).sum(-1)
            alpha = torch.where(has_soft[idx], cfg.distill_alpha, 0.0)
            loss = ((1 - alpha) * hard + alpha * soft_ce).mean()
            loss.backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
            optim.step()
            sched.step()
            optim.zero_grad()
            losses.append(loss.item())
            if len(losses) % 10 == 0:
                bar.set_postfix(loss=f"{np.mean(losses[-10:]):.3f}", refresh=False)
        bar.close()
        model.eval()
        dev_f1 = _macro_f1(engine, dev)
        curve[f"train_loss_epoch{epoch}"] = float(np.mean(losses))
        curve[f"dev_macro_f1_epoch{epoch}"] = dev_f1
        progress(
            f"epoch {epoch}/{cfg.epochs}: loss {np.mean(losses):.4f}  dev macro-F1 {dev_f1:.3f}  "
            f"({time.perf_counter() - started:.0f}s)"
        )
        if dev_f1 > best["dev_macro_f1"]:
            best = {
                "dev_macro_f1": dev_f1,
                "epoch": epoch,
                "state": copy.deepcopy(model.state_dict()),
            }
    model.load_state_dict(best["state"])
    model.eval()
    out_dir.mkdir(parents=True, exist_ok=True)
    model.save_pretrained(out_dir / "hf")
    tokenizer.save_pretrained(out_dir / "hf")
    ArtifactMeta(
        kind="transformer",
        max_length=cfg.max_length,
        base_model=encoder_name(cfg.model, cfg.encoder_layers),
        article_frames=has_frames(train),
    ).write(out_dir)
    return {
        "params": {"best_epoch": best["epoch"]},
        "dev_curve": curve,
        "train_seconds": time.perf_counter() - started,
    }
