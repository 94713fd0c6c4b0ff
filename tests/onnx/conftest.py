"""Fixtures for the ONNX tests: the champion's artifact folder, downloaded once."""

from __future__ import annotations

from pathlib import Path

import pytest

from parley_model.meta import ArtifactMeta


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
def champion_meta(champion_artifacts) -> ArtifactMeta:
    return ArtifactMeta.read(champion_artifacts)
