"""MLflow configuration shared by the CLI, the server and the tests.

Nothing here runs at import: call :func:`configure` first thing in an entry point.
"""

from __future__ import annotations

import os
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent


def default_tracking_uri(root: Path = PROJECT_ROOT) -> str:
    """Embedded SQLite store under the project (absolute URI, four slashes)."""
    return f"sqlite:///{(root / 'mlflow.db').resolve()}"


def configure() -> str:
    """Disable telemetry, pick the tracking URI (env `MLFLOW_TRACKING_URI` wins); return it."""
    os.environ.setdefault("MLFLOW_DISABLE_TELEMETRY", "true")
    os.environ.setdefault("DO_NOT_TRACK", "true")
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
    uri = os.environ.get("MLFLOW_TRACKING_URI") or default_tracking_uri()
    os.environ["MLFLOW_TRACKING_URI"] = uri
    import mlflow

    mlflow.set_tracking_uri(uri)
    mlflow.set_registry_uri(os.environ.get("MLFLOW_REGISTRY_URI") or uri)
    return uri


def ensure_experiment(name: str) -> str:
    """Create the experiment with an explicit artifact location when it is new; return its id."""
    import mlflow

    exp = mlflow.get_experiment_by_name(name)
    if exp is not None:
        return exp.experiment_id
    uri = mlflow.get_tracking_uri()
    location = None  # a remote tracking server chooses its own artifact store
    if uri.startswith("sqlite:///"):  # artifacts beside the database, never in the CWD
        location = (Path(uri.removeprefix("sqlite:///")).parent / "mlruns").resolve().as_uri()
    return mlflow.create_experiment(name, artifact_location=location)
