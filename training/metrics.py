"""Evaluation: macro-F1 (headline), per-class P/R/F1, accuracy, confusion, calibration (ECE)."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from sklearn.metrics import accuracy_score, confusion_matrix, precision_recall_fscore_support

from parley_model.labels import LABELS


def expected_calibration_error(probs: np.ndarray, y_true: np.ndarray, bins: int = 10) -> float:
    """Top-label ECE with equal-width confidence bins."""
    conf = probs.max(axis=1)
    correct = (probs.argmax(axis=1) == y_true).astype(float)
    edges = np.linspace(0, 1, bins + 1)
    ece = 0.0
    for lo, hi in zip(edges[:-1], edges[1:], strict=True):
        mask = (conf > lo) & (conf <= hi)
        if mask.any():
            ece += mask.mean() * abs(correct[mask].mean() - conf[mask].mean())
    return float(ece)


def reliability_table(probs: np.ndarray, y_true: np.ndarray, bins: int = 10) -> list[dict]:
    conf = probs.max(axis=1)
    correct = probs.argmax(axis=1) == y_true
    edges = np.linspace(0, 1, bins + 1)
    rows = []
    for lo, hi in zip(edges[:-1], edges[1:], strict=True):
        mask = (conf > lo) & (conf <= hi)
        rows.append(
            {
                "lo": float(lo),
                "hi": float(hi),
                "n": int(mask.sum()),
                "confidence": float(conf[mask].mean()) if mask.any() else None,
                "accuracy": float(correct[mask].mean()) if mask.any() else None,
            }
        )
    return rows


def compute_metrics(y_true: Sequence[str], probs: np.ndarray) -> dict:
    """All figures for one labeled set; ``probs`` columns follow LABELS order."""
    true_idx = np.array([LABELS.index(y) for y in y_true])
    pred_idx = probs.argmax(axis=1)
    p, r, f, support = precision_recall_fscore_support(
        true_idx, pred_idx, labels=range(len(LABELS)), zero_division=0
    )
    out = {
        "n": int(len(true_idx)),
        "macro_f1": float(np.mean(f)),
        "accuracy": float(accuracy_score(true_idx, pred_idx)) if len(true_idx) else 0.0,
        "ece": expected_calibration_error(probs, true_idx) if len(true_idx) else 0.0,
        "f1": {label: float(f[i]) for i, label in enumerate(LABELS)},
        "precision": {label: float(p[i]) for i, label in enumerate(LABELS)},
        "recall": {label: float(r[i]) for i, label in enumerate(LABELS)},
        "support": {label: int(support[i]) for i, label in enumerate(LABELS)},
        "confusion": confusion_matrix(true_idx, pred_idx, labels=range(len(LABELS))).tolist(),
    }
    return out


def flat(metrics: dict, prefix: str) -> dict[str, float]:
    """Scalars for MLflow: prefix_macro_f1, prefix_f1_favor, ..."""
    out = {f"{prefix}_{k}": float(metrics[k]) for k in ("macro_f1", "accuracy", "ece", "n")}
    for key in ("f1", "precision", "recall"):
        for label, value in metrics[key].items():
            out[f"{prefix}_{key}_{label}"] = float(value)
    return out


def format_report(metrics: dict, title: str) -> str:
    lines = [
        f"{title}: n={metrics['n']}  macro-F1={metrics['macro_f1']:.3f}  "
        f"accuracy={metrics['accuracy']:.3f}  ECE={metrics['ece']:.3f}",
        f"  {'label':<8} {'prec':>6} {'recall':>6} {'f1':>6} {'n':>4}",
    ]
    for label in LABELS:
        lines.append(
            f"  {label:<8} {metrics['precision'][label]:>6.3f} {metrics['recall'][label]:>6.3f} "
            f"{metrics['f1'][label]:>6.3f} {metrics['support'][label]:>4}"
        )
    lines.append("  confusion (rows true, cols predicted; " + " / ".join(LABELS) + "):")
    lines.extend("    " + " ".join(f"{v:>4}" for v in row) for row in metrics["confusion"])
    return "\n".join(lines)


def fit_temperature(logits: np.ndarray, y_true: Sequence[str]) -> float:
    """Temperature minimising dev negative log-likelihood (grid + refine; no gradients needed)."""
    idx = np.array([LABELS.index(y) for y in y_true])

    def nll(t: float) -> float:
        z = logits / t
        z = z - z.max(axis=1, keepdims=True)
        logp = z - np.log(np.exp(z).sum(axis=1, keepdims=True))
        return float(-logp[np.arange(len(idx)), idx].mean())

    grid = np.exp(np.linspace(np.log(0.05), np.log(20), 200))
    best = min(grid, key=nll)
    fine = np.linspace(best * 0.9, best * 1.1, 41)
    return float(min(fine, key=nll))
