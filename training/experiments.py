"""Reproducible quality experiments, one command each: `parley experiment NAME`.

Every variant is measured on the frozen real-sourced test split (never on written data), logged
to the MLflow experiment ``parley-experiments`` and not registered. Model choices inside each
variant are made on dev only.
"""

from __future__ import annotations

import time
from collections.abc import Callable

import numpy as np

from inference.mlflow_env import configure, ensure_experiment
from inference.settings import Settings
from parley_model.labels import LABELS
from training import metrics as M
from training.config import TrainingConfig, load_config
from training.data import Record, load_corpus
from training.split import load_split
from training.variants import REAL, TEACHER, VARIANTS, WRITTEN  # noqa: F401 - re-exported

EXPERIMENT = "parley-experiments"


def _embed(texts: list[str], batch_size: int = 64) -> np.ndarray:
    """Mean-pooled, normalised all-MiniLM-L6-v2 sentence embeddings (frozen encoder)."""
    import torch
    from transformers import AutoModel, AutoTokenizer
    from transformers.utils import logging as hf_logging

    from training.encoders import minilm_path

    hf_logging.disable_progress_bar()

    path = str(minilm_path())
    tok = AutoTokenizer.from_pretrained(path, local_files_only=True)
    model = AutoModel.from_pretrained(path, local_files_only=True).eval()
    # batches of similar length pad less; the rows go back to the input order at the end
    order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
    out = []
    with torch.inference_mode():
        for i in range(0, len(order), batch_size):
            enc = tok(
                [texts[j] for j in order[i : i + batch_size]],
                padding=True,
                truncation=True,
                max_length=256,
                return_tensors="pt",
            )
            hidden = model(**enc).last_hidden_state
            mask = enc["attention_mask"].unsqueeze(-1).float()
            emb = (hidden * mask).sum(1) / mask.sum(1)
            out.append(torch.nn.functional.normalize(emb, dim=-1).numpy())
    emb = np.concatenate(out) if out else np.zeros((0, model.config.hidden_size), np.float32)
    restored = np.empty_like(emb)
    restored[order] = emb
    return restored


def run_embed_lr(
    cfg: TrainingConfig, train: list[Record], dev: list[Record], test: list[Record]
) -> dict:
    """Frozen encoder + logistic regression; C picked on dev macro-F1."""
    from sklearn.linear_model import LogisticRegression
    from sklearn.metrics import f1_score

    started = time.perf_counter()
    x_tr, x_dev, x_te = (_embed([r.text for r in rs]) for rs in (train, dev, test))
    y_tr, y_dev = [r.label for r in train], [r.label for r in dev]
    best = None
    for c in (0.25, 1.0, 4.0, 16.0, 64.0):
        clf = LogisticRegression(C=c, max_iter=5000).fit(x_tr, y_tr)
        f1 = f1_score(y_dev, clf.predict(x_dev), average="macro")
        if best is None or f1 > best[0]:
            best = (f1, c, clf)
    clf = best[2]
    order = [list(clf.classes_).index(label) for label in LABELS]
    probs = clf.predict_proba(x_te)[:, order]
    return {"probs": probs, "params": {"best_c": best[1]}, "seconds": time.perf_counter() - started}


def run_experiment(
    name: str,
    overrides: list[str] | None = None,
    progress: Callable = print,
    settings: Settings | None = None,
) -> dict:
    """Run one variant; return test and unanimous-subset metrics."""
    import mlflow

    if name not in VARIANTS:
        raise ValueError(f"unknown experiment {name!r}; choose from {', '.join(VARIANTS)}")
    spec = dict(VARIANTS[name])
    settings = settings or Settings.from_env()
    configure(settings)
    if spec["model"] == "embed-lr":
        cfg = load_config(
            overrides=[f"data={spec['data']!r}".replace("'", '"'), *(overrides or [])]
        )
        records = load_corpus(cfg.data)
        split = load_split(records, seed=cfg.split_seed)
        mlflow.set_experiment(experiment_id=ensure_experiment(EXPERIMENT))
        with mlflow.start_run(run_name=name):
            out = run_embed_lr(cfg, split.train, split.dev, split.test)
            labels = [r.label for r in split.test]
            unanimous = [i for i, r in enumerate(split.test) if r.unanimous is not False]
            test = M.compute_metrics(labels, out["probs"])
            test_u = M.compute_metrics([labels[i] for i in unanimous], out["probs"][unanimous])
            mlflow.log_params(out["params"] | {"variant": name, "data": ",".join(cfg.data)})
            mlflow.log_metrics(
                M.flat(test, "test")
                | M.flat(test_u, "test_unanimous")
                | {"train_seconds": out["seconds"]}
            )
            return {
                "variant": name,
                "test": test,
                "test_unanimous": test_u,
                "train_seconds": out["seconds"],
            }

    from training.train import run_training

    model = spec.pop("model")
    items = [f"model={model}", f"experiment={EXPERIMENT}", "register_model=false"]
    items += [f"{k}={v!r}".replace("'", '"') for k, v in spec.items()]
    cfg = load_config(overrides=items + list(overrides or []))
    result = run_training(cfg, progress=progress, settings=settings)
    import mlflow as _mlflow

    _mlflow.MlflowClient().set_tag(result.run_id, "variant", name)
    return {
        "variant": name,
        "test": result.test,
        "test_unanimous": result.test_unanimous,
        "train_seconds": result.train_seconds,
    }
