"""Registry faults: bounded MLflow HTTP calls, and "the registry is down" told from "not found".

A registry that answers "no such model or alias" is up: the server waits for the model to be
registered (``/readyz`` 503). A registry that does not answer at all (connection refused,
timeout, a 5xx) is down: at start-up the server exits with a clear message, or serves the last
model it cached (``PARLEY_MODEL_CACHE_DIR``); while serving, the loaded model keeps answering.
"""

from __future__ import annotations

from inference.predict import _REGISTRY_URI, resolve


class RegistryUnavailable(RuntimeError):
    """The MLflow tracking server / registry could not be reached."""


def is_unavailable(exc: BaseException) -> bool:
    """True when the registry gave no answer (connection, timeout, 5xx), not a 4xx answer."""
    from mlflow.exceptions import MlflowException

    if isinstance(exc, MlflowException):
        try:
            return exc.get_http_status_code() >= 500
        except Exception:  # an error code MLflow cannot map
            return True
    import requests

    return isinstance(
        exc, (requests.ConnectionError, requests.Timeout, ConnectionError, TimeoutError)
    )


def is_registry_uri(uri: str) -> bool:
    """``models:/name@alias`` or ``models:/name/3`` (not a logged-model id such as models:/m-1)."""
    return bool(_REGISTRY_URI.match(uri))


def check_reachable(uri: str) -> Exception | None:
    """Ask the registry where ``uri`` points once; the error if it did not answer, else None.

    Only registry URIs (``models:/name@alias``, ``models:/name/3``) are checked; other URIs are
    loaded, or fail, in the background as usual.
    """
    if not is_registry_uri(uri):
        return None
    try:
        resolve(uri)
    except Exception as exc:
        return exc if is_unavailable(exc) else None
    return None


def tracking_uri() -> str:
    import mlflow

    return mlflow.get_registry_uri() or mlflow.get_tracking_uri()
