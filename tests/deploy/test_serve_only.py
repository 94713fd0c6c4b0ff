"""The serve-only install (``make serve-env`` → ``.venv-serve``) serves the ONNX champion.

The venv is built once by make (idempotent: kept until pyproject.toml or constraints.txt
change) and holds no torch, transformers, scikit-learn or pyspark. The champion was trained
and registered by the full environment; the serve-only server must give the same labels and
scores as the full environment's predict function, over HTTP.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import httpx
import pytest

from inference.predict import predict
from parley_model.labels import LABELS
from tests.servers import ROOT, ParleyServer

pytestmark = pytest.mark.slow

SERVE_VENV = ROOT / ".venv-serve"
CHAMPION = "models:/stance-classifier@champion"
TEXTS = [
    "We must keep every channel to Tehran open, even now.",
    "Negotiating with that regime only rewards its aggression.",
    "The foreign ministry will publish its schedule next week.",
]


@pytest.fixture(scope="module")
def serve_venv() -> Path:
    """``make serve-env``: builds .venv-serve on a fresh machine, a no-op when it is current."""
    out = subprocess.run(
        ["make", "-s", "serve-env"], cwd=ROOT, capture_output=True, text=True, timeout=1200
    )
    assert out.returncode == 0, out.stdout[-2000:] + out.stderr[-3000:]
    return SERVE_VENV


def serve_python(venv: Path, code: str, env: dict | None = None, timeout: float = 180):
    return subprocess.run(
        [str(venv / "bin" / "python"), "-c", code],
        cwd=ROOT,
        env={**os.environ, **(env or {})},
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def test_training_packages_are_absent(serve_venv):
    for module in ("torch", "transformers", "sklearn", "pyspark"):
        out = serve_python(serve_venv, f"import {module}")
        assert out.returncode != 0, f"{module} is importable in the serve-only venv"
        assert "ModuleNotFoundError" in out.stderr


def test_champion_requirements_leave_out_torch(serve_venv, trained_minilm):
    """MLflow's own reading of the registered version's requirements, in the serve-only env."""
    code = (
        "import mlflow, pathlib; "
        f"print(pathlib.Path(mlflow.pyfunc.get_model_dependencies({CHAMPION!r})).read_text())"
    )
    out = serve_python(serve_venv, code)
    assert out.returncode == 0, out.stderr[-3000:]
    names = {line.split("==")[0] for line in out.stdout.split()}
    assert {"onnxruntime", "tokenizers", "mlflow-skinny"} <= names, names
    assert not names & {"torch", "transformers", "scikit-learn", "pyspark"}, names


def test_serves_the_champion_like_the_full_env(serve_venv, champion):
    assert champion.runtime and champion.runtime["engine"].startswith("onnx"), champion.runtime
    expected = predict(champion, TEXTS)
    server = ParleyServer(
        # PARLEY_TORCH_THREADS must be ignored where there is no torch, not crash the start-up.
        dict(os.environ, PARLEY_MODEL_URI=CHAMPION, PARLEY_TORCH_THREADS="2"),
        program=str(serve_venv / "bin" / "parley"),
    )
    try:
        server.wait_ready(timeout=300)
        base = server.url
        info = httpx.get(f"{base}/v1/model", timeout=10).json()
        assert info["version"] == champion.version
        assert info["runtime"]["engine"] == champion.runtime["engine"]
        got = httpx.post(
            f"{base}/v1/predict",
            json={"statements": [{"text": t} for t in TEXTS]},
            timeout=60,
        )
        assert got.status_code == 200, got.text
        rows = got.json()["predictions"]
        assert [r["label"] for r in rows] == expected["label"].tolist()
        for row, (_, want) in zip(rows, expected.iterrows(), strict=True):
            for label in LABELS:
                assert row["scores"][label] == pytest.approx(want[f"score_{label}"], abs=1e-6)
        # No torch in the serving process either (it is not installed; nothing mapped).
        maps = Path(f"/proc/{server.pid}/maps").read_text()
        assert "/torch/" not in maps
    finally:
        log = server.stop()
    assert "Traceback" not in log, log[-3000:]


def test_torch_runtime_is_refused_with_the_fix(serve_venv, trained_minilm):
    """PARLEY_RUNTIME=torch cannot be honoured here: a clear error, not a bare ImportError.

    The runtime reaches the model the way every entry point passes it: the settings' engine
    config, handed to MLflow as ``model_config`` (the model reads no environment)."""
    code = (
        "from inference.predict import load_model; from inference.settings import Settings; "
        f"load_model({CHAMPION!r}, Settings.from_env().engine())"
    )
    out = serve_python(serve_venv, code, env={"PARLEY_RUNTIME": "torch"})
    assert out.returncode != 0
    last = out.stderr.strip().splitlines()[-1]
    assert "MissingRuntime" in last and "train' extra" in last, last


def test_make_serve_env_is_idempotent(serve_venv):
    stamp = serve_venv / ".installed"
    before = stamp.stat().st_mtime_ns
    out = subprocess.run(
        ["make", "-s", "--question", "serve-env"], cwd=ROOT, capture_output=True, timeout=60
    )
    assert out.returncode == 0, "make serve-env would rebuild an up-to-date venv"
    assert stamp.stat().st_mtime_ns == before
