"""The serving import graph stays free of training packages; versions pin only what they use.

The full serve-only install is checked in ``tests/deploy/test_serve_only.py`` (slow: it builds
``.venv-serve``); these run in the full environment, in seconds.
"""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from training.track import ENGINE_PACKAGES, pinned_requirements

ROOT = Path(__file__).resolve().parents[2]
TRAINING_ONLY = ("torch", "transformers", "sklearn", "scipy", "pyspark", "matplotlib", "pyarrow")

# Make every training-only package unimportable, then build the server as `parley serve` does.
BLOCKED_SERVER = textwrap.dedent(
    f"""
    import sys

    BLOCKED = {TRAINING_ONLY!r}

    class Block:
        def find_spec(self, name, path=None, target=None):
            if name.split(".")[0] in BLOCKED:
                raise ModuleNotFoundError(f"No module named {{name!r}} (blocked)", name=name)
            return None

    sys.meta_path.insert(0, Block())
    import parley.cli  # the `parley` entry point
    from serving.api.app import create_app
    from serving.api.settings import ServingSettings
    import parley_model.engines.onnx_engine, serving.api.server

    app = create_app(ServingSettings(torch_threads=2))
    assert "/readyz" in app.openapi()["paths"]
    loaded = sorted({{m.split(".")[0] for m in sys.modules}} & set(BLOCKED))
    assert not loaded, loaded
    print("ok")
    """
)


def test_server_builds_without_training_packages():
    out = subprocess.run(
        [sys.executable, "-c", BLOCKED_SERVER],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert out.returncode == 0, out.stderr[-3000:]
    assert out.stdout.strip().endswith("ok")


def test_torch_runtime_without_torch_is_a_clear_error(tmp_path):
    """Asking for torch where it is not installed names the fix instead of a bare ImportError."""
    code = textwrap.dedent(
        f"""
        import sys

        class Block:
            def find_spec(self, name, path=None, target=None):
                if name.split(".")[0] in ("torch", "transformers"):
                    raise ModuleNotFoundError(f"No module named {{name!r}}", name=name)
                return None

        sys.meta_path.insert(0, Block())
        from parley_model.engines import MissingRuntime
        from parley_model.engines.torch_engine import TorchEngine
        try:
            TorchEngine({str(tmp_path)!r})
        except MissingRuntime as exc:
            print(exc)
        """
    )
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120
    )
    assert out.returncode == 0, out.stderr[-3000:]
    assert "torch runtime needs torch and transformers" in out.stdout
    assert "train' extra" in out.stdout


@pytest.mark.parametrize("engine", ["onnx-int8", "onnx"])
def test_onnx_versions_do_not_require_torch(engine):
    names = {r.split("==")[0] for r in pinned_requirements(engine)}
    assert {"onnxruntime", "tokenizers", "mlflow-skinny", "numpy", "pandas"} <= names
    assert not names & {"torch", "transformers", "scikit-learn", "onnx", "mlflow"}


def test_each_engine_pins_exact_versions():
    for engine in ENGINE_PACKAGES:
        reqs = pinned_requirements(engine)
        assert all("==" in r for r in reqs), reqs
    assert "torch" in {r.split("==")[0] for r in pinned_requirements("torch")}
    with pytest.raises(ValueError, match="unknown engine"):
        pinned_requirements("tensorflow")


def test_logged_tfidf_model_lists_only_its_runtime(tfidf_model_uri):
    """What MLflow itself reports for a logged TF-IDF version: scikit-learn, no torch/ONNX."""
    import mlflow

    path = mlflow.pyfunc.get_model_dependencies(tfidf_model_uri)
    names = {line.split("==")[0] for line in Path(path).read_text().split()}
    assert {"scikit-learn", "mlflow-skinny", "numpy", "pandas"} <= names
    assert not names & {"torch", "transformers", "onnxruntime", "tokenizers"}
