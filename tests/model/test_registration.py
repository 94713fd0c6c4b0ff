"""A registered version is a models-from-code pyfunc that ships only ``parley_model`` as code."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

import parley_model
from inference.predict import load_model, predict
from parley_model.config import EngineConfig

pytestmark = pytest.mark.slow

PACKAGE = Path(parley_model.__file__).resolve().parent


def python_files(root: Path) -> set[str]:
    return {str(p.relative_to(root)) for p in root.rglob("*.py") if "__pycache__" not in p.parts}


@pytest.fixture(scope="module")
def version_dir(trained_minilm, tmp_path_factory) -> Path:
    import mlflow

    return Path(
        mlflow.artifacts.download_artifacts(
            f"models:/stance-classifier/{trained_minilm.version}",
            dst_path=str(tmp_path_factory.mktemp("version")),
        )
    )


def test_version_stores_the_model_file_and_only_the_model_package(version_dir):
    flavor = yaml.safe_load((version_dir / "MLmodel").read_text())["flavors"]["python_function"]
    assert flavor["loader_module"] == "mlflow.pyfunc.loaders.code_model"  # from code, no pickle
    assert not list(version_dir.rglob("*.pkl"))
    assert (version_dir / "model_code.py").read_text() == (PACKAGE / "model_code.py").read_text()
    code = version_dir / flavor["code"]
    assert [p.name for p in code.iterdir()] == ["parley_model"]
    assert python_files(code / "parley_model") == python_files(PACKAGE)
    # Every engine knob is logged, so a loader's EngineConfig is not dropped by MLflow.
    assert flavor["config"] == EngineConfig().as_dict()


def test_registered_version_loads_and_predicts(trained_minilm):
    uri = f"models:/stance-classifier/{trained_minilm.version}"
    model = load_model(uri, EngineConfig(runtime="torch", batch_rows=2))
    assert model.version == trained_minilm.version
    assert model.runtime == {
        "engine": "torch",
        "requested": "torch",
        "reason": "PARLEY_RUNTIME=torch",
    }
    assert model.pyfunc.unwrap_python_model().engine.batch_size == 2
    frame = predict(model, ["We must keep talking to them.", "Cut all ties with them now."])
    # the session model is small (a sample of the extra data): its exact labels on two short
    # texts move with the data, so this checks the direction; tests/model/test_behaviour.py
    # holds the behavioural thresholds
    assert frame["label"][0] == "favor"
    assert frame["score_against"][1] > frame["score_against"][0]
    assert frame["score_favor"][0] > frame["score_favor"][1]
