"""Engines behind one interface, and the choice of engine for a model version.

* ``transformer`` versions run in ONNX Runtime (int8, else fp32) when the version carries graphs
  that passed the export gate, else in torch; ``EngineConfig.runtime`` (``auto`` by default)
  can ask for one explicitly;
* ``tfidf`` versions run the scikit-learn pipeline.

A new engine is a module here with a class that has ``logits(texts) -> EngineOutput``, and a
branch in :func:`load_engine`.
"""

from __future__ import annotations

from pathlib import Path

from parley_model.config import RUNTIMES, EngineConfig
from parley_model.engines.base import Engine, EngineOutput, MissingRuntime
from parley_model.meta import ArtifactMeta

__all__ = ["Engine", "EngineOutput", "MissingRuntime", "choose_runtime", "load_engine"]


def choose_runtime(meta: ArtifactMeta, artifact_dir: Path, requested: str) -> tuple[str, str]:
    """Pick the engine for a transformer version: (``onnx-int8``|``onnx``|``torch``, why).

    ``auto`` takes the int8 graph when it passed its gate, else fp32 ONNX when it passed the
    fidelity gate, else torch. An explicit ONNX request that the version cannot honour is an
    error, not a silent fallback, so an operator never believes a runtime is in use that is not.
    """
    if requested not in RUNTIMES:
        raise ValueError(f"PARLEY_RUNTIME must be one of {', '.join(RUNTIMES)}; got {requested!r}")
    if requested == "torch":
        return "torch", "PARLEY_RUNTIME=torch"
    onnx = meta.onnx
    usable: dict[str, str | None] = {}
    for name, key in (("onnx-int8", "int8"), ("onnx", "fp32")):
        graph = getattr(onnx, key) if onnx else None
        if graph is None or not graph.served:
            why = (graph.reason if graph else None) or (onnx.error if onnx else None)
            usable[name] = why or "not exported"
        elif not (artifact_dir / graph.path).is_file():
            usable[name] = f"{Path(graph.path).name} is missing from the artifacts"
        else:
            usable[name] = None  # fine
    if usable["onnx"] is None or usable["onnx-int8"] is None:
        try:
            import onnxruntime  # noqa: F401
        except ImportError:
            usable = {k: "onnxruntime is not installed" for k in usable}
    if requested != "auto":
        if usable[requested] is not None:
            raise ValueError(
                f"PARLEY_RUNTIME={requested} but this model version cannot run it: "
                f"{usable[requested]}; use PARLEY_RUNTIME=auto or torch"
            )
        return requested, f"PARLEY_RUNTIME={requested}"
    if usable["onnx-int8"] is None:
        return "onnx-int8", "auto: int8 ONNX graph passed its gate"
    if usable["onnx"] is None:
        return (
            "onnx",
            f"auto: fp32 ONNX graph passed the fidelity gate (int8: {usable['onnx-int8']})",
        )
    return "torch", f"auto: no ONNX graph served ({usable['onnx']})"


def load_engine(
    artifact_dir: str | Path, config: EngineConfig | None = None
) -> tuple[Engine, ArtifactMeta]:
    """Load the engine that ``meta.json`` in ``artifact_dir`` describes, as ``config`` asks.

    The engine carries ``runtime`` = {engine, requested, reason}: which runtime and why.
    """
    config = config or EngineConfig()
    artifact_dir = Path(artifact_dir)
    meta = ArtifactMeta.read(artifact_dir)
    if meta.kind == "tfidf":
        from parley_model.engines.tfidf_engine import TfidfEngine

        engine = TfidfEngine(artifact_dir / "pipeline.joblib")
        engine.runtime = {"engine": "sklearn", "requested": None, "reason": "tfidf model"}
        return engine, meta
    choice, reason = choose_runtime(meta, artifact_dir, config.runtime)
    if choice == "torch":
        from parley_model.engines.torch_engine import TorchEngine

        try:
            engine = TorchEngine(
                artifact_dir / "hf",
                max_length=meta.max_length,
                batch_size=config.batch_rows,
                max_batch_tokens=config.max_batch_tokens,
                threads=config.torch_threads,
            )
        except MissingRuntime as exc:  # say why torch was chosen
            raise MissingRuntime(f"{exc} (runtime chosen: {reason})") from exc
    else:
        from parley_model.engines.onnx_engine import OnnxEngine, int8_engine

        assert meta.onnx is not None  # choose_runtime checked the graph is there
        if choice == "onnx-int8":
            engine = int8_engine(
                artifact_dir / meta.onnx.int8.path,  # type: ignore[union-attr]
                artifact_dir / "hf",
                max_length=meta.max_length,
                streams=config.ort_threads,
            )
        else:
            engine = OnnxEngine(
                artifact_dir / meta.onnx.fp32.path,  # type: ignore[union-attr]
                artifact_dir / "hf",
                max_length=meta.max_length,
                max_batch_tokens=config.max_batch_tokens,
                batch_size=config.batch_rows,
                threads=config.ort_threads,
                name=choice,
            )
    engine.runtime = {"engine": choice, "requested": config.runtime, "reason": reason}
    return engine, meta
