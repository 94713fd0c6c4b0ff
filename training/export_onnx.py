"""Export a fine-tuned classifier to ONNX (fp32 and int8) as artifacts of the same version.

Runs at registration, after temperature calibration and before ``log_model``:

1. ``torch.onnx.export`` of the model loaded with eager attention, batch and sequence axes
   dynamic; 2. ONNX Runtime's transformer optimizer fuses BERT blocks (attention, GELU,
   skip-layer-norm) into ``onnx/model.onnx``; 3. ``quantize_dynamic`` (int8 weights,
   activations quantised per tensor at run time) writes ``onnx/model.int8.onnx``.

A fidelity gate decides what may be served, by running the same engines that serve
(``TorchEngine`` vs ``OnnxEngine``). It decides on dev and on a large unlabeled sample
of the training texts (labels unused), never on test, which is only reported:

* fp32 is served only if its labels agree with torch on at least ``MIN_AGREEMENT`` of the dev
  statements;
* int8 is served only if fp32 is, its dev macro-F1 is at most ``INT8_MAX_F1_DROP`` below fp32's,
  and its labels agree with fp32's on at least ``INT8_MIN_AGREEMENT`` of the unlabeled sample.

The measured agreement, macro-F1 and max |delta probability| go into ``meta.json`` and MLflow
metrics ``onnx_*``. If anything fails, the ONNX files are removed and the version registers on
torch, with the reason in ``meta.json`` and the run's tags.
"""

from __future__ import annotations

import logging
import random
import shutil
import tempfile
import time
import warnings
from contextlib import contextmanager
from pathlib import Path

import numpy as np

from parley_model.engines import choose_runtime
from parley_model.engines.torch_engine import TorchEngine
from parley_model.meta import ArtifactMeta, OnnxSection, RuntimeChoice
from parley_model.pyfunc import softmax
from training.data import Record

log = logging.getLogger(__name__)

ONNX_DIR = "onnx"
FP32_FILE = f"{ONNX_DIR}/model.onnx"
INT8_FILE = f"{ONNX_DIR}/model.int8.onnx"
OPSET = 17
MIN_AGREEMENT = 0.995
INT8_MAX_F1_DROP = 0.01
INT8_MIN_AGREEMENT = 0.99
UNLABELED_SAMPLE = 2000  # training texts compared fp32 vs int8 (a seeded sample)


@contextmanager
def _quiet():
    """Silence the exporters' tracer/deprecation chatter without touching global logging."""
    root = logging.getLogger()
    null = logging.NullHandler()
    root.addHandler(null)  # keeps logging.warning() from calling basicConfig() on the root
    previous = logging.root.manager.disable
    logging.disable(logging.WARNING)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            yield
    finally:
        logging.disable(previous)
        root.removeHandler(null)


def export_graph(hf_dir: Path, out_path: Path) -> dict:
    """Trace the classifier to ONNX with dynamic batch/sequence axes; return its config."""
    import torch
    from transformers import AutoModelForSequenceClassification, AutoTokenizer

    tokenizer = AutoTokenizer.from_pretrained(str(hf_dir), local_files_only=True)
    model = AutoModelForSequenceClassification.from_pretrained(
        str(hf_dir), local_files_only=True, attn_implementation="eager"
    ).eval()

    class Logits(torch.nn.Module):
        """Plain (input_ids, attention_mask) -> logits, the ONNX signature the engine feeds."""

        def __init__(self, inner):
            super().__init__()
            self.inner = inner

        def forward(self, input_ids, attention_mask):
            return self.inner(input_ids=input_ids, attention_mask=attention_mask).logits

    # Two rows of different length, so the traced graph contains the padding-mask path.
    sample = tokenizer(
        ["Both sides should keep talking.", "No."], padding=True, return_tensors="pt"
    )
    with torch.inference_mode():
        torch.onnx.export(
            Logits(model),
            (sample["input_ids"], sample["attention_mask"]),
            str(out_path),
            input_names=["input_ids", "attention_mask"],
            output_names=["logits"],
            dynamic_axes={
                "input_ids": {0: "batch", 1: "sequence"},
                "attention_mask": {0: "batch", 1: "sequence"},
                "logits": {0: "batch"},
            },
            opset_version=OPSET,
            dynamo=False,  # the TorchScript exporter: no onnxscript dependency, proven on BERT
        )
    return model.config.to_dict()


def fuse(raw_path: Path, out_path: Path, config: dict) -> dict[str, int]:
    """ORT transformer fusion for BERT-type encoders; other types keep the raw graph."""
    from onnxruntime.transformers import optimizer

    if config.get("model_type") != "bert":
        shutil.copyfile(raw_path, out_path)
        return {}
    opt = optimizer.optimize_model(
        str(raw_path),
        model_type="bert",
        num_heads=int(config["num_attention_heads"]),
        hidden_size=int(config["hidden_size"]),
        opt_level=1,
        use_gpu=False,
    )
    opt.save_model_to_file(str(out_path))
    return {k: int(v) for k, v in opt.get_fused_operator_statistics().items() if v}


def quantize(fp32_path: Path, out_path: Path) -> None:
    """Dynamic int8 quantisation (weights int8 per channel; activations per tensor at run time).

    Activation scales are computed per tensor, so in a batch an int8 score would move with its
    batch mates; the int8 graph therefore runs one statement per pass (``INT8_ROWS``), both
    here in the gate and when served.
    """
    import onnx
    from onnxruntime.quantization import QuantType, quantize_dynamic

    quantize_dynamic(
        str(fp32_path),
        str(out_path),
        weight_type=QuantType.QInt8,
        # Per-channel weight scales keep int8 scores closer to fp32's than per-tensor scales do,
        # at the same speed (README, Speed).
        per_channel=True,
        # The fused graph's com.microsoft ops carry no type info for some tensors.
        extra_options={"DefaultTensorType": onnx.TensorProto.FLOAT},
    )


def _macro_f1(labels: list[str], logits: np.ndarray) -> float:
    from training.metrics import compute_metrics

    return float(compute_metrics(labels, softmax(logits.astype(np.float64)))["macro_f1"])


def compare(reference: np.ndarray, candidate: np.ndarray, temperature: float) -> dict:
    """Label agreement and max |delta probability| (as served, i.e. with the temperature)."""
    p_ref = softmax(reference.astype(np.float64), temperature)
    p_new = softmax(candidate.astype(np.float64), temperature)
    return {
        "agreement": float((reference.argmax(1) == candidate.argmax(1)).mean()),
        "max_dprob": float(np.abs(p_ref - p_new).max()),
    }


def fidelity(
    artifact_dir: Path, meta: ArtifactMeta, splits: dict[str, list[Record]], unlabeled: list[str]
) -> dict:
    """Torch vs ONNX fp32 vs ONNX int8 on each split: agreement, max |dprob|, macro-F1; and
    int8 vs fp32 label agreement on the unlabeled texts."""
    from parley_model.engines.onnx_engine import OnnxEngine, int8_engine

    hf = artifact_dir / "hf"
    max_length = meta.max_length
    temperature = meta.temperature
    engines = {
        "torch": TorchEngine(hf, max_length=max_length),
        "fp32": OnnxEngine(artifact_dir / FP32_FILE, hf, max_length=max_length),
        "int8": int8_engine(artifact_dir / INT8_FILE, hf, max_length=max_length),
    }
    report: dict[str, dict] = {"torch": {}, "fp32": {}, "int8": {}}
    for split, records in splits.items():
        texts, labels = [r.text for r in records], [r.label for r in records]
        logits = {name: engine.logits(texts).logits for name, engine in engines.items()}
        report["torch"][f"macro_f1_{split}"] = _macro_f1(labels, logits["torch"])
        for name in ("fp32", "int8"):
            diff = compare(logits["torch"], logits[name], temperature)
            report[name] |= {f"{k}_{split}": v for k, v in diff.items()}
            report[name][f"macro_f1_{split}"] = _macro_f1(labels, logits[name])
        report["int8"][f"agreement_fp32_{split}"] = float(
            (logits["fp32"].argmax(1) == logits["int8"].argmax(1)).mean()
        )
    if unlabeled:
        fp32, int8 = (engines[name].logits(unlabeled).logits for name in ("fp32", "int8"))
        diff = compare(fp32, int8, temperature)
        report["int8"] |= {
            "agreement_fp32_unlabeled": diff["agreement"],
            "max_dprob_fp32_unlabeled": diff["max_dprob"],
            "n_unlabeled": len(unlabeled),
        }
    return report


def gate(report: dict) -> tuple[tuple[bool, str], tuple[bool, str]]:
    """(fp32 served, why), (int8 served, why) from the dev and unlabeled figures (never test)."""
    agreement = report["fp32"]["agreement_dev"]
    fp32_ok = agreement >= MIN_AGREEMENT
    fp32_why = (
        f"label agreement with torch {agreement:.2%} on dev "
        f"{'>=' if fp32_ok else '<'} {MIN_AGREEMENT:.1%}"
    )
    int8 = report["int8"]
    drop = report["fp32"]["macro_f1_dev"] - int8["macro_f1_dev"]
    agree = int8.get("agreement_fp32_unlabeled", 0.0)
    f1_ok = drop <= INT8_MAX_F1_DROP + 1e-12
    agree_ok = agree >= INT8_MIN_AGREEMENT
    int8_ok = fp32_ok and f1_ok and agree_ok
    if not fp32_ok:
        int8_why = "fp32 export failed the fidelity gate"
    else:
        int8_why = (
            f"dev macro-F1 {int8['macro_f1_dev']:.4f} vs fp32 "
            f"{report['fp32']['macro_f1_dev']:.4f} (drop {drop:+.4f}, "
            f"{'within' if f1_ok else 'beyond'} {INT8_MAX_F1_DROP}); label agreement with fp32 "
            f"{agree:.2%} on {int8.get('n_unlabeled', 0)} unlabeled training texts "
            f"({'>=' if agree_ok else '<'} {INT8_MIN_AGREEMENT:.0%})"
        )
    return (fp32_ok, fp32_why), (int8_ok, int8_why)


def export_onnx(
    artifact_dir: Path,
    dev: list[Record],
    test: list[Record],
    unlabeled: list[str] = (),
    progress=print,
) -> dict:
    """Export, gate and record; never raises (a failed export leaves a torch-only version).

    ``unlabeled``: texts (e.g. the training split, labels unused) on which int8 must agree with
    fp32; a seeded sample of ``UNLABELED_SAMPLE`` of them is used.

    Returns the ``onnx`` section written into ``meta.json``.
    """
    artifact_dir = Path(artifact_dir)
    meta = ArtifactMeta.read(artifact_dir)
    onnx_dir = artifact_dir / ONNX_DIR
    started = time.perf_counter()
    try:
        if meta.kind != "transformer":
            raise ValueError(f"only transformer models are exported, not {meta.kind!r}")
        if not dev or not test:
            raise ValueError("the dev or test split is empty: the fidelity gate cannot run")
        onnx_dir.mkdir(exist_ok=True)
        with _quiet(), tempfile.TemporaryDirectory() as tmp:
            raw = Path(tmp) / "raw.onnx"
            config = export_graph(artifact_dir / "hf", raw)
            fused = fuse(raw, artifact_dir / FP32_FILE, config)
            quantize(artifact_dir / FP32_FILE, artifact_dir / INT8_FILE)
        export_seconds = time.perf_counter() - started
        sample = list(unlabeled)
        if len(sample) > UNLABELED_SAMPLE:
            sample = random.Random(0).sample(sample, UNLABELED_SAMPLE)
        report = fidelity(artifact_dir, meta, {"test": test, "dev": dev}, sample)
        (fp32_ok, fp32_why), (int8_ok, int8_why) = gate(report)
        section = {
            "opset": OPSET,
            "fused_ops": fused,
            "export_seconds": round(export_seconds, 2),
            "torch": report["torch"],
            "fp32": {"path": FP32_FILE, "served": fp32_ok, "reason": fp32_why} | report["fp32"],
            "int8": {"path": INT8_FILE, "served": int8_ok, "reason": int8_why} | report["int8"],
            "error": None,
        }
        for key, ok in (("int8", int8_ok), ("fp32", fp32_ok)):
            if not ok:  # a graph that may not be served does not travel with the version
                (artifact_dir / section[key]["path"]).unlink(missing_ok=True)
    except Exception as exc:  # the model must still register, on torch
        shutil.rmtree(onnx_dir, ignore_errors=True)
        log.warning("ONNX export failed", exc_info=True)
        section = {"error": f"{type(exc).__name__}: {exc}"}
    meta.onnx = OnnxSection.model_validate(section)
    engine, reason = choose_runtime(meta, artifact_dir, "auto")
    meta.runtime_default = RuntimeChoice(engine=engine, reason=reason)
    meta.write(artifact_dir)
    _log_mlflow(section, engine, reason)
    if section.get("error"):
        progress(f"ONNX export failed ({section['error']}); this version serves on torch")
    else:
        progress(
            f"ONNX: fp32 {'served' if section['fp32']['served'] else 'NOT served'} "
            f"({section['fp32']['reason']}; max |dprob| {section['fp32']['max_dprob_dev']:.1e}); "
            f"int8 {'served' if section['int8']['served'] else 'NOT served'} "
            f"({section['int8']['reason']}; max |dprob| vs fp32 "
            f"{section['int8'].get('max_dprob_fp32_unlabeled', float('nan')):.3f}); "
            f"default runtime: {engine}"
        )
    return section


def _log_mlflow(section: dict, engine: str, reason: str) -> None:
    """Gate figures as metrics (onnx_fp32_agreement_test, ...) and the decision as tags."""
    import mlflow

    if mlflow.active_run() is None:
        return
    tags = {"onnx.runtime_default": engine, "onnx.runtime_reason": reason[:5000]}
    if section.get("error"):
        tags["onnx.error"] = section["error"][:5000]
    else:
        metrics = {"onnx_export_seconds": section["export_seconds"]}
        for variant in ("torch", "fp32", "int8"):
            for key, value in section[variant].items():
                if isinstance(value, (int, float)) and not isinstance(value, bool):
                    metrics[f"onnx_{variant}_{key}"] = float(value)
            if variant != "torch":
                metrics[f"onnx_{variant}_served"] = float(section[variant]["served"])
        mlflow.log_metrics(metrics)
    mlflow.set_tags(tags)
