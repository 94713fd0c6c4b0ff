"""Runtime selection from meta.json and PARLEY_RUNTIME (no model needed: files are real paths)."""

from __future__ import annotations

import pytest

from parley_model.engines import choose_runtime


def meta(fp32: bool, int8: bool) -> dict:
    return {
        "kind": "transformer",
        "onnx": {
            "fp32": {"path": "onnx/model.onnx", "served": fp32, "reason": "fp32 reason"},
            "int8": {"path": "onnx/model.int8.onnx", "served": int8, "reason": "int8 reason"},
        },
    }


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
    engine, reason = choose_runtime({"kind": "transformer"}, tmp_path, "auto")
    assert engine == "torch" and "not exported" in reason
    failed = {"kind": "transformer", "onnx": {"error": "RuntimeError: boom"}}
    assert "boom" in choose_runtime(failed, tmp_path, "auto")[1]


def test_missing_file_is_not_served(artifact):
    (artifact / "onnx" / "model.int8.onnx").unlink()
    with pytest.raises(ValueError, match="missing"):
        choose_runtime(meta(True, True), artifact, "onnx-int8")


def test_explicit_request_is_honoured_or_refused_clearly(artifact):
    assert choose_runtime(meta(True, True), artifact, "onnx") == ("onnx", "PARLEY_RUNTIME=onnx")
    assert choose_runtime(meta(False, False), artifact, "torch")[0] == "torch"
    with pytest.raises(ValueError, match="PARLEY_RUNTIME=onnx-int8.*int8 reason"):
        choose_runtime(meta(True, False), artifact, "onnx-int8")
    with pytest.raises(ValueError, match="must be one of"):
        choose_runtime(meta(True, True), artifact, "tensorrt")
