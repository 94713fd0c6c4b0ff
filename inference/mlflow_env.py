"""MLflow set-up shared by the CLI, the server, training and the tests.

Nothing here runs at import: call :func:`configure` first thing in an entry point.
"""

from __future__ import annotations

from pathlib import Path

from inference.settings import PROJECT_ROOT, Settings, default_tracking_uri, prepare_process

__all__ = ["PROJECT_ROOT", "configure", "default_tracking_uri", "ensure_experiment"]


def configure(settings: Settings | None = None) -> str:
    """Telemetry off, hubs offline, MLflow pointed at the tracking store; return its URI."""
    return prepare_process(settings or Settings.from_env())


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
