"""Runtime selection from the typed meta.json and the requested runtime (no model needed)."""

from __future__ import annotations

import pytest

from inference.settings import Settings
from parley_model.config import EngineConfig
from parley_model.engines import choose_runtime, load_engine
from parley_model.meta import ArtifactMeta, OnnxGraph, OnnxSection


def meta(fp32: bool, int8: bool) -> ArtifactMeta:
    return ArtifactMeta(
        kind="transformer",
        onnx=OnnxSection(
            fp32=OnnxGraph(path="onnx/model.onnx", served=fp32, reason="fp32 reason"),
            int8=OnnxGraph(path="onnx/model.int8.onnx", served=int8, reason="int8 reason"),
        ),
    )


@pytest.fixture
def artifact(tmp_path):
    (tmp_path / "onnx").mkdir()
    (tmp_path / "onnx" / "model.onnx").write_bytes(b"x")
    (tmp_path / "onnx" / "model.int8.onnx").write_bytes(b"x")
    return tmp_path


def test_auto_prefers_int8_then_fp32_onnx_then_torch(artifact):
    assert choose_runtime(meta(True, True), artifact, "auto")[0] == "onnx-int8"
    engine, reason = choose_runtime(meta(True, False), artifact, "auto")
    assert engine == "onnx" and "int8 reason" in reason  # says why int8 is not served
    engine, reason = choose_runtime(meta(False, False), artifact, "auto")
    assert engine == "torch" and "fp32 reason" in reason


def test_auto_without_any_export_is_torch(tmp_path):
    engine, reason = choose_runtime(ArtifactMeta(kind="transformer"), tmp_path, "auto")
    assert engine == "torch" and "not exported" in reason
    failed = ArtifactMeta(kind="transformer", onnx=OnnxSection(error="RuntimeError: boom"))
    assert choose_runtime(failed, tmp_path, "auto") == (
        "torch",
        "auto: no ONNX graph served (RuntimeError: boom)",
    )


def test_missing_file_is_not_served(artifact):
    (artifact / "onnx" / "model.int8.onnx").unlink()
    with pytest.raises(ValueError, match="model.int8.onnx is missing"):
        choose_runtime(meta(True, True), artifact, "onnx-int8")
    assert choose_runtime(meta(True, True), artifact, "auto")[0] == "onnx"


def test_explicit_request_is_honoured_or_refused_clearly(artifact):
    assert choose_runtime(meta(True, True), artifact, "onnx") == ("onnx", "PARLEY_RUNTIME=onnx")
    assert choose_runtime(meta(False, False), artifact, "torch")[0] == "torch"
    with pytest.raises(ValueError, match="PARLEY_RUNTIME=onnx-int8.*int8 reason"):
        choose_runtime(meta(True, False), artifact, "onnx-int8")
    with pytest.raises(ValueError, match="must be one of"):
        choose_runtime(meta(True, True), artifact, "tensorrt")


def test_load_engine_takes_the_runtime_from_its_config(artifact):
    """The request reaches the choice through ``EngineConfig`` (built by ``Settings.engine()``)."""
    meta(True, False).write(artifact)
    for config in (EngineConfig(runtime="onnx-int8"), Settings(runtime="onnx-int8").engine()):
        with pytest.raises(ValueError, match="PARLEY_RUNTIME=onnx-int8 but this model version"):
            load_engine(artifact, config)


def test_settings_build_the_engine_config(monkeypatch):
    monkeypatch.setenv("PARLEY_RUNTIME", "Torch")
    monkeypatch.setenv("PARLEY_MAX_BATCH_TOKENS", "16")
    monkeypatch.setenv("PARLEY_BATCH_ROWS", "4")
    config = Settings.from_env().engine()
    assert config == EngineConfig(runtime="torch", max_batch_tokens=16, batch_rows=4)
    assert EngineConfig.from_mapping(config.as_dict() | {"unrelated": 1}) == config
    assert EngineConfig(max_batch_tokens=0).max_batch_tokens == EngineConfig().max_batch_tokens
    with pytest.raises(ValueError, match="max_batch_tokens must be an integer"):
        EngineConfig(max_batch_tokens="lots")
    with pytest.raises(ValueError, match="runtime must be one of"):
        EngineConfig(runtime="tensorrt")
