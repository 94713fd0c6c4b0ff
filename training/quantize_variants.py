"""Int8 variants of a registered version's ONNX graph, measured against its fp32 graph.

The registration gate (``training.export_onnx``) tries one recipe, dynamic int8 on every
quantisable op. When that recipe is refused (as for mpnet), this experiment measures the others
that ONNX Runtime's quantisation tool offers, on the same figures the gate decides on (dev
macro-F1 and label agreement with fp32 on a seeded sample of training texts; test is only
reported) plus statements/s, and writes one JSON line per variant:

* ``dynamic``: the gate's recipe (MatMul and the fused Attention op, per-channel weights);
* ``dynamic-matmul``: dynamic int8 on MatMul only, the fused attention kept in fp32;
* ``static-*``: static QDQ int8 (per-channel weights, activation ranges calibrated once on
  training texts, so a score no longer depends on its batch mates), calibrated with MinMax,
  Percentile or Entropy.

    python -m training.quantize_variants --model models:/stance-classifier/3 --out runs/quant-v3
"""

from __future__ import annotations

import argparse
import contextlib
import json
import random
import tempfile
import time
from pathlib import Path

import numpy as np

from parley_model.engines.onnx_engine import OnnxEngine, int8_engine
from training.data import REAL_FILES, load_corpus, load_jsonl
from training.export_onnx import FP32_FILE, UNLABELED_SAMPLE, _macro_f1, compare, export_graph
from training.split import load_split

CALIBRATION_TEXTS = 256
WRITTEN_FILE = "data/written_statements.jsonl"


def artifact_dir_of(model_uri: str, into: Path) -> Path:
    """Download a registered version and return the directory that holds its meta.json."""
    import mlflow

    local = Path(mlflow.artifacts.download_artifacts(artifact_uri=model_uri, dst_path=str(into)))
    return next(p.parent for p in local.rglob("meta.json"))


class _Reader:
    """Feeds the calibration statements one at a time, padded to one width (the histogram
    calibrators stack every feed's activations, so their shapes must agree)."""

    def __init__(self, engine: OnnxEngine, texts: list[str]):
        encoded = [
            ids[: engine.max_length - 1] + [engine.sep_id] if len(ids) > engine.max_length else ids
            for ids in engine.encode(texts)
        ]
        width = max(len(ids) for ids in encoded)
        self._feeds = iter(self._feed(engine, ids, width) for ids in encoded)

    @staticmethod
    def _feed(engine: OnnxEngine, ids: list[int], width: int) -> dict[str, np.ndarray]:
        row = np.full((1, width), engine.pad_id, dtype=np.int64)
        mask = np.zeros((1, width), dtype=np.int64)
        row[0, : len(ids)], mask[0, : len(ids)] = ids, 1
        feed = {"input_ids": row, "attention_mask": mask}
        if "token_type_ids" in engine.inputs:
            feed["token_type_ids"] = np.zeros_like(row)
        return feed

    def get_next(self):
        return next(self._feeds, None)


def quantize_variant(name: str, fp32: Path, out: Path, calibration: list[str], engine) -> None:
    import onnx
    from onnxruntime.quantization import (
        CalibrationMethod,
        QuantType,
        quantize_dynamic,
    )

    extra = {"DefaultTensorType": onnx.TensorProto.FLOAT}
    if name.startswith("dynamic"):
        ops = ["MatMul"] if name == "dynamic-matmul" else None
        quantize_dynamic(
            str(fp32), str(out), weight_type=QuantType.QInt8, per_channel=True,
            op_types_to_quantize=ops, extra_options=extra,
        )  # fmt: skip
        return
    method = {
        "static-minmax": CalibrationMethod.MinMax,
        "static-percentile": CalibrationMethod.Percentile,
        "static-entropy": CalibrationMethod.Entropy,
    }[name]
    # The fused graph's contrib ops defeat shape inference, and without tensor types the
    # quantiser skips most tensors: static int8 starts from the plain (unfused) export.
    from onnxruntime.quantization.shape_inference import quant_pre_process

    raw = out.with_suffix(".raw.onnx")
    export_graph(fp32.parent.parent / "hf", raw)
    inferred = out.with_suffix(".inferred.onnx")
    # the pre-processor and the calibrator leave temporary files in the cwd
    with contextlib.chdir(out.parent):
        quant_pre_process(str(raw), str(inferred), skip_symbolic_shape=True)
        _static(str(inferred), str(out), _Reader(engine, calibration), method, extra)


def _static(inferred: str, out: str, reader: _Reader, method, extra: dict) -> None:
    from onnxruntime.quantization import QuantFormat, QuantType, quantize_static

    quantize_static(
        inferred, out, reader,
        quant_format=QuantFormat.QDQ, op_types_to_quantize=["MatMul"], per_channel=True,
        activation_type=QuantType.QUInt8, weight_type=QuantType.QInt8,
        calibrate_method=method, extra_options=extra | {"CalibMovingAverage": True},
    )  # fmt: skip


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--model", required=True, help="a registered version, models:/NAME/N")
    parser.add_argument("--out", required=True, type=Path)
    parser.add_argument(
        "--variants",
        default="dynamic,dynamic-matmul,static-minmax,static-percentile,static-entropy",
    )
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    split = load_split(load_corpus(REAL_FILES))
    train_texts = [r.text for r in split.train]
    # labels unused: the real training split and the written corpus, as at registration
    pool = train_texts + [r.text for r in load_jsonl(WRITTEN_FILE)]
    unlabeled = random.Random(0).sample(pool, min(UNLABELED_SAMPLE, len(pool)))
    calibration = random.Random(1).sample(train_texts, min(CALIBRATION_TEXTS, len(train_texts)))
    with tempfile.TemporaryDirectory() as tmp:
        art = artifact_dir_of(args.model, Path(tmp))
        meta = json.loads((art / "meta.json").read_text())  # older versions' keys too
        max_length, temperature = meta.get("max_length", 256), meta.get("temperature", 1.0)
        hf, fp32_path = art / "hf", art / FP32_FILE
        fp32 = OnnxEngine(fp32_path, hf, max_length=max_length)
        ref = {
            "dev": fp32.logits([r.text for r in split.dev]).logits,
            "test": fp32.logits([r.text for r in split.test]).logits,
            "unlabeled": fp32.logits(unlabeled).logits,
        }
        results = args.out / "variants.jsonl"
        for name in args.variants.split(","):
            path = Path(tmp) / f"{name}.onnx"
            started = time.perf_counter()
            try:
                quantize_variant(name, fp32_path, path, calibration, fp32)
            except Exception as exc:  # one variant failing must not stop the others
                row = {"variant": name, "error": f"{type(exc).__name__}: {exc}"}
                print(json.dumps(row), flush=True)
                with results.open("a") as fh:
                    fh.write(json.dumps(row) + "\n")
                continue
            seconds = time.perf_counter() - started
            if name.startswith("dynamic"):  # per-tensor activation scales: one row per pass
                engine = int8_engine(path, hf, max_length=max_length)
            else:
                engine = OnnxEngine(path, hf, max_length=max_length, name=name)
            started = time.perf_counter()
            got = {k: engine.logits(texts).logits for k, texts in (
                ("dev", [r.text for r in split.dev]), ("test", [r.text for r in split.test]),
                ("unlabeled", unlabeled),
            )}  # fmt: skip
            rate = (len(split.dev) + len(split.test) + len(unlabeled)) / (
                time.perf_counter() - started
            )
            row = {
                "variant": name,
                "model": args.model,
                "quantize_seconds": round(seconds, 1),
                "statements_per_s": round(rate, 1),
                "fp32_macro_f1_dev": _macro_f1([r.label for r in split.dev], ref["dev"]),
                "macro_f1_dev": _macro_f1([r.label for r in split.dev], got["dev"]),
                "macro_f1_test_reported_only": _macro_f1(
                    [r.label for r in split.test], got["test"]
                ),
                "fp32_macro_f1_test_reported_only": _macro_f1(
                    [r.label for r in split.test], ref["test"]
                ),
                "agreement_fp32_unlabeled": compare(
                    ref["unlabeled"], got["unlabeled"], temperature
                )["agreement"],
                "max_dprob_fp32_unlabeled": compare(
                    ref["unlabeled"], got["unlabeled"], temperature
                )["max_dprob"],
                "size_mb": round(path.stat().st_size / 2**20, 1),
            }
            print(json.dumps(row), flush=True)
            with results.open("a") as fh:
                fh.write(json.dumps(row) + "\n")


if __name__ == "__main__":
    main()
