"""One training run: data → split → model → calibration → evaluation → MLflow → registry."""

from __future__ import annotations

import json
import logging
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from inference.mlflow_env import PROJECT_ROOT, configure, ensure_experiment
from inference.predict import LoadedModel, load_model, predict
from inference.settings import Settings
from parley_model.config import EngineConfig
from parley_model.engines import load_engine
from parley_model.labels import LABELS, SCORE_COLUMNS
from training import metrics as M
from training.config import TrainingConfig
from training.data import REAL_FILES, Record, file_digest, load_corpus
from training.encoders import encoder_name
from training.plots import confusion_plot, reliability_plot
from training.runs import mark_stale_runs, owner_tags, record_failure
from training.split import load_split
from training.track import log_model, register, versions

log = logging.getLogger(__name__)


@dataclass
class TrainResult:
    run_id: str
    version: str | None
    model_uri: str
    test: dict
    test_unanimous: dict
    train_seconds: float


def _resolve(path: str) -> Path:
    p = Path(path)
    return (
        p
        if p.is_absolute()
        else (Path.cwd() / p if (Path.cwd() / p).exists() else PROJECT_ROOT / p)
    )


def score_records(model: LoadedModel, records: list[Record]) -> np.ndarray:
    """Probabilities in LABELS order, through the shared predict function."""
    frame = predict(model, [r.text for r in records])
    return frame[list(SCORE_COLUMNS)].to_numpy()


def evaluate_split(model: LoadedModel, records: list[Record]) -> tuple[dict, dict, np.ndarray]:
    probs = score_records(model, records)
    labels = [r.label for r in records]
    unanimous = [i for i, r in enumerate(records) if r.unanimous is not False]
    full = M.compute_metrics(labels, probs)
    sub = M.compute_metrics([labels[i] for i in unanimous], probs[unanimous])
    return full, sub, probs


def sample_extra(records: list[Record], keep: set[Path], limit: int, seed: int) -> list[Record]:
    """Keep every record of the files in ``keep`` (the real-sourced corpora, which hold the frozen
    dev and test ids) and a seeded sample of about ``limit`` records (each file's share rounded) of
    the other files together, each file in proportion to its size, so that a smaller budget keeps
    the recipe's mix."""
    import random

    by_file: dict[str, list[Record]] = {}
    for rec in records:
        by_file.setdefault(rec.source_file.rsplit(":", 1)[0], []).append(rec)
    keep_files = {p.resolve() for p in keep}
    kept: list[Record] = []
    extra: list[list[Record]] = []
    for name, recs in by_file.items():
        if Path(name).resolve() in keep_files:
            kept += recs
        else:
            extra.append(recs)
    total = sum(len(recs) for recs in extra)
    for recs in extra:
        share = len(recs) if total <= limit else round(limit * len(recs) / total)
        kept += recs if share >= len(recs) else random.Random(seed).sample(recs, share)
    return kept


def run_training(
    cfg: TrainingConfig,
    extra_data: list[str] | None = None,
    progress=print,
    settings: Settings | None = None,
) -> TrainResult:
    """Train, evaluate, log and (optionally) register; a failed run is FAILED with its reason.

    ``settings``: the process settings (read from the environment when the caller has none);
    they give the tracking store, the progress bar and the engine that evaluates the model.
    """
    settings = settings or Settings.from_env()
    started: list[str] = []
    try:
        return _run_training(cfg, extra_data, progress, started, settings)
    except BaseException as exc:  # Ctrl-C and SystemExit too: the run must not stay RUNNING
        if started:
            record_failure(started[0], exc)
        raise


def _run_training(
    cfg: TrainingConfig,
    extra_data: list[str] | None,
    progress,
    started: list[str],
    settings: Settings,
) -> TrainResult:
    import mlflow

    configure(settings)
    files = [_resolve(p) for p in [*cfg.data, *(extra_data or [])]]
    records = load_corpus(files)
    if cfg.sample_extra:
        real = {_resolve(p) for p in REAL_FILES}
        records = sample_extra(records, real, cfg.sample_extra, cfg.seed)
    split = load_split(records, seed=cfg.split_seed)
    progress(
        f"data: {len(records)} statements from {len(files)} file(s); split {split.sizes()}"
        + (
            f"; {len(split.dropped)} left out (share a page/speaker with test)"
            if split.dropped
            else ""
        )
    )
    experiment_id = ensure_experiment(cfg.experiment)
    mlflow.set_experiment(experiment_id=experiment_id)
    for stale in mark_stale_runs(experiment_id):
        progress(f"run {stale} was left RUNNING by a training process that died: marked FAILED")
    kind = "tfidf" if cfg.model == "tfidf" else "transformer"
    with (
        mlflow.start_run(run_name=f"train-{cfg.model}", tags=owner_tags()) as run,
        tempfile.TemporaryDirectory() as tmp,
    ):
        started.append(run.info.run_id)
        tmp = Path(tmp)
        mlflow.log_params(
            {k: (json.dumps(v) if isinstance(v, list) else v) for k, v in cfg.model_dump().items()}
        )
        mlflow.log_params({f"data_{i}_sha256": file_digest(f) for i, f in enumerate(files)})
        mlflow.log_params({f"data_{i}_file": f.name for i, f in enumerate(files)})
        mlflow.log_params(
            {f"n_{k}": v for k, v in split.sizes().items()} | {"n_dropped": len(split.dropped)}
        )
        mlflow.set_tags({f"version.{k}": v for k, v in versions().items()} | {"model_kind": kind})

        train_started = time.perf_counter()
        artifact_dir = tmp / "stance"
        if cfg.model in ("minilm", "mpnet"):
            from training.finetune import train_transformer

            info = train_transformer(
                cfg,
                split.train,
                split.dev,
                artifact_dir,
                progress=progress,
                show_bar=settings.progress,
            )
        else:
            from training.baseline import train_baseline

            info = train_baseline(cfg, split.train, split.dev, artifact_dir)
        train_seconds = time.perf_counter() - train_started
        mlflow.log_params(info["params"])
        mlflow.log_metrics(info["dev_curve"] | {"train_seconds": train_seconds})

        temperature = 1.0
        if cfg.calibrate:  # on dev, never on test
            engine, meta = load_engine(artifact_dir, EngineConfig(runtime="torch"))  # no ONNX yet
            dev_logits = engine.logits([r.text for r in split.dev]).logits
            temperature = M.fit_temperature(dev_logits, [r.label for r in split.dev])
            meta.temperature = temperature
            meta.write(artifact_dir)
            del engine
        mlflow.log_metric("temperature", temperature)
        if kind == "transformer":  # ONNX fp32/int8 beside the torch weights, behind a gate
            from training.export_onnx import export_onnx

            export_onnx(
                artifact_dir,
                split.dev,
                split.test,
                unlabeled=[r.text for r in split.train],
                progress=progress,
            )

        progress("logging the model to MLflow ...")
        model_info = log_model(artifact_dir, kind)
        model = load_model(model_info.model_uri, settings.engine())
        test, test_u, probs = evaluate_split(model, split.test)
        dev, _, _ = evaluate_split(model, split.dev)
        true_idx = np.array([LABELS.index(r.label) for r in split.test])
        logits = np.log(np.clip(probs, 1e-12, 1)) * temperature  # undo T to report raw ECE
        raw_probs = np.exp(logits - logits.max(1, keepdims=True))
        raw_probs /= raw_probs.sum(1, keepdims=True)
        mlflow.log_metrics(
            M.flat(test, "test")
            | M.flat(test_u, "test_unanimous")
            | M.flat(dev, "dev")
            | {"test_ece_uncalibrated": M.expected_calibration_error(raw_probs, true_idx)}
        )
        plots = tmp / "plots"
        plots.mkdir()
        confusion_plot(test, plots / "confusion_test.png", f"{cfg.model}: test confusion")
        reliability_plot(
            M.reliability_table(probs, true_idx),
            plots / "reliability_test.png",
            f"{cfg.model}: test reliability (ECE {test['ece']:.3f}, T={temperature:.2f})",
        )
        (plots / "metrics.json").write_text(
            json.dumps({"test": test, "test_unanimous": test_u, "dev": dev}, indent=2)
        )
        (plots / "MODEL_CARD.md").write_text(
            model_card(cfg, split.sizes(), test, test_u, dev, temperature, info)
        )
        mlflow.log_artifacts(str(plots), artifact_path="evaluation")

        version = None
        if cfg.register_model:
            version = register(
                model_info.model_uri,
                {
                    "test_macro_f1": f"{test['macro_f1']:.4f}",
                    "model_kind": kind,
                },
            )
        return TrainResult(
            run.info.run_id, version, model_info.model_uri, test, test_u, train_seconds
        )


def model_card(
    cfg: TrainingConfig,
    sizes: dict,
    test: dict,
    test_u: dict,
    dev: dict,
    temperature: float,
    info: dict,
) -> str:
    """A short model card generated from the run (SetFit-style)."""
    rows = "\n".join(
        f"| {label} | {test['precision'][label]:.3f} | {test['recall'][label]:.3f} | "
        f"{test['f1'][label]:.3f} | {test['support'][label]} |"
        for label in LABELS
    )
    if cfg.model == "tfidf":
        base = "TF-IDF + logistic regression"
    else:
        name = encoder_name(cfg.model, cfg.encoder_layers)
        base = f"{name.removeprefix('sentence-transformers/')} fine-tuned"
    return f"""# stance-classifier ({cfg.model})

Stance toward diplomatic engagement (favor / against / neutral), as defined by
Parley's labeling guide (docs/labeling-guide.md in the repository).

- Model: {base}; chosen on dev: {json.dumps(info["params"])}; softmax temperature {temperature:.3f} (fitted on dev).
- Data: {", ".join(cfg.data)}; split sizes {sizes} (grouped by source page and speaker; frozen test ids).
- Test macro-F1 **{test["macro_f1"]:.3f}** (n={test["n"]}), accuracy {test["accuracy"]:.3f}, ECE {test["ece"]:.3f};
  unanimous subset macro-F1 {test_u["macro_f1"]:.3f} (n={test_u["n"]}); dev macro-F1 {dev["macro_f1"]:.3f}.

| label | precision | recall | F1 | n |
|---|---|---|---|---|
{rows}

Limits: trained on a few hundred paraphrased real statements; figures on ~90 test statements
carry roughly ±0.05 of sampling noise. English only.
"""
