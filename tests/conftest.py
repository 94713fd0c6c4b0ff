"""Test-session set-up: a private MLflow store, and one trained model per session.

Every test runs against a temporary SQLite tracking/registry store (never the developer's
``mlflow.db``), with telemetry off and the hub offline.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
# One store per test session, removed at its end. The variable makes a second import of this
# module (``import tests.conftest``) reuse the store instead of making one nobody removes.
_STORE = Path(os.environ.get("PARLEY_TEST_STORE") or tempfile.mkdtemp(prefix="parley-test-mlflow-"))
os.environ["PARLEY_TEST_STORE"] = str(_STORE)

os.environ["MLFLOW_TRACKING_URI"] = f"sqlite:///{_STORE / 'mlflow.db'}"
os.environ["MLFLOW_DISABLE_TELEMETRY"] = "true"
os.environ["DO_NOT_TRACK"] = "true"
os.environ["HF_HUB_OFFLINE"] = "1"
os.environ["TRANSFORMERS_OFFLINE"] = "1"
os.environ["TOKENIZERS_PARALLELISM"] = "false"
os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")

# The session model: the default recipe (real + teacher-scored written corpus, distillation) on a
# seeded sample of the written corpus, so that it trains in about three minutes here.
TEST_EPOCHS = int(os.environ.get("PARLEY_TEST_EPOCHS", "3"))
TEST_SAMPLE = int(os.environ.get("PARLEY_TEST_SAMPLE", "600"))


def pytest_sessionfinish(session, exitstatus):  # noqa: ARG001
    shutil.rmtree(_STORE, ignore_errors=True)


@pytest.fixture(scope="session")
def mlflow_store() -> Path:
    from inference.mlflow_env import configure

    configure()
    return _STORE


@pytest.fixture(scope="session")
def trained_minilm(mlflow_store):
    """Fine-tune MiniLM once, register it, and make it champion (first model)."""
    from training.config import load_config
    from training.promote import promote
    from training.train import run_training

    cfg = load_config(
        overrides=[f"epochs={TEST_EPOCHS}", f"sample_extra={TEST_SAMPLE}", "experiment=tests"]
    )
    result = run_training(cfg, progress=lambda msg: print(msg, flush=True))
    # The behavioural thresholds are asserted in tests/model; here we only need a champion.
    decision = promote(min_clear=0.0, min_negation=0.0, min_paraphrase=0.0)
    assert decision.promoted, decision.reasons
    return result


@pytest.fixture(scope="session")
def champion(trained_minilm):
    """The champion, loaded through the shared loader."""
    from inference.predict import load_model

    return load_model("models:/stance-classifier@champion")


@pytest.fixture(scope="session")
def tfidf_model_uri(mlflow_store) -> str:
    """A TF-IDF baseline logged (not registered) in seconds: for tests that need any real model."""
    from training.config import load_config
    from training.train import run_training

    cfg = load_config(overrides=["model=tfidf", "experiment=tests-tfidf", "register_model=false"])
    return run_training(cfg, progress=lambda msg: None).model_uri
