"""Fixtures for the ONNX tests: the champion's artifact folder, downloaded once."""

from __future__ import annotations

import json
from pathlib import Path

import pytest


@pytest.fixture(scope="session")
def champion_artifacts(trained_minilm, tmp_path_factory) -> Path:
    """Local copy of the registered version's ``artifacts/stance`` folder (meta.json, hf/, onnx/)."""
    import mlflow

    target = tmp_path_factory.mktemp("champion")
    local = mlflow.artifacts.download_artifacts(
        artifact_uri=trained_minilm.model_uri, dst_path=str(target)
    )
    return Path(local) / "artifacts" / "stance"


@pytest.fixture(scope="session")
def champion_meta(champion_artifacts) -> dict:
    return json.loads((champion_artifacts / "meta.json").read_text())
