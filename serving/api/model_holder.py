"""The server's model holder: what is served now, and hot reload that follows a registry alias.

A reload loads the new version beside the live one, smoke-tests it through the shared predict
function, and only then swaps one reference. Requests already accepted keep the model object
they were given (see ``serving.api.micro_batcher``). If anything fails, the old model keeps serving and
the error is kept for ``GET /v1/model`` and logged.

With a model cache (``inference.model_cache``), each good load is copied locally, and a first
load that finds the registry down serves that copy (``source: cache``) instead of nothing.
"""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass, field
from datetime import UTC, datetime

import numpy as np

from inference.model_cache import ModelCache
from inference.predict import LoadedModel, load_model, predict, resolve
from inference.registry import is_unavailable
from parley_model.config import EngineConfig
from parley_model.labels import LABELS, SCORE_COLUMNS

log = logging.getLogger(__name__)
SMOKE_TEXTS = ("Both governments should keep talking.", "Talks with them are pointless.")


def _now() -> str:
    return datetime.now(UTC).isoformat()


@dataclass
class Served:
    """A loaded model plus what /v1/model reports about it (swapped together, atomically)."""

    model: LoadedModel
    labels: list[str]
    kind: str | None = None
    training_metrics: dict[str, float] = field(default_factory=dict)
    source: str = "mlflow"  # or "cache": read from PARLEY_MODEL_CACHE_DIR
    cached_at: str | None = None


@dataclass
class ReloadResult:
    outcome: str  # "loaded" | "unchanged" | "failed"
    version: str | None = None
    error: str | None = None


class ModelHolder:
    def __init__(
        self,
        uri: str,
        on_swap=None,
        on_attempt=None,
        cache: ModelCache | None = None,
        engine: EngineConfig | None = None,
    ):
        """``on_swap(served)`` runs after each swap; ``on_attempt(outcome)`` after each load;
        ``engine`` is how every model it loads runs (``Settings.engine()``)."""
        self.uri = uri
        self.engine = engine or EngineConfig()
        self.cache = cache
        self.current: Served | None = None
        self.last_error: dict | None = None  # {"message", "at", "version"}
        self._failed_version: str | None = None
        self._load_lock = threading.Lock()  # one load at a time (poll and admin)
        self._on_swap = on_swap
        self._on_attempt = on_attempt

    @property
    def model(self) -> LoadedModel | None:
        served = self.current
        return served.model if served else None

    def refresh(self, retry_failed: bool = False, force: bool = False) -> ReloadResult:
        """Load the version ``uri`` points at if it differs from the one being served.

        The poller does not retry a version that failed until the alias moves;
        ``retry_failed`` (POST /admin/reload) does, and ``force`` reloads even the same version.
        """
        with self._load_lock:
            serving = self.current.model.version if self.current else None
            try:
                target = resolve(self.uri).get("version")
            except Exception as exc:
                if self.current is None and self.cache is not None and is_unavailable(exc):
                    return self._from_cache(exc)
                cached = self.current is not None and self.current.source == "cache"
                prefix = "registry unavailable, serving the cached copy: " if cached else ""
                return self._failed(None, exc, prefix)
            if not force:
                if self.current is not None and (target is None or target == serving):
                    self.last_error = None  # e.g. the alias was moved back after a failure
                    return ReloadResult("unchanged", serving)
                if (
                    not retry_failed
                    and target is not None
                    and target == self._failed_version
                    and self.last_error
                ):
                    return ReloadResult("failed", target, self.last_error["message"])
            try:
                served = self._load()
            except Exception as exc:
                if self.current is None and self.cache is not None and is_unavailable(exc):
                    return self._from_cache(exc)
                return self._failed(target, exc)
            self._swap(served, serving)
            self._save_to_cache(served)
            return ReloadResult("loaded", served.model.version)

    def _swap(self, served: Served, was: str | None) -> None:
        self.current = served  # the atomic swap: one reference assignment
        self.last_error, self._failed_version = None, None
        model = served.model
        log.info(
            "serving %s version %s from %s (was %s)",
            model.name or model.uri,
            model.version,
            served.source,
            was,
        )
        if self._on_swap is not None:
            self._on_swap(served)
        self._count("loaded")

    def _save_to_cache(self, served: Served) -> None:
        """Keep a local copy of a good load; a failure here must never cost the model."""
        if self.cache is None:
            return
        try:
            self.cache.save(
                served.model,
                {
                    "labels": served.labels,
                    "kind": served.kind,
                    "training_metrics": served.training_metrics,
                },
            )
        except Exception as exc:
            log.warning("could not cache the model in %s: %s", self.cache.root, exc)

    def _from_cache(self, registry_error: Exception) -> ReloadResult:
        """The registry is down and nothing is served yet: serve the last cached copy."""
        why = f"{type(registry_error).__name__}: {registry_error}"
        if self.cache is None or self.cache.entry(self.uri) is None:
            return self._failed(
                None, RuntimeError(f"registry unavailable ({why}); no cached model")
            )
        try:
            model, entry = self.cache.load(self.uri, self.engine)
            served = self._check(model, read_metrics=False)  # the registry is down
        except Exception as exc:
            return self._failed(entry_version(self.cache, self.uri), exc)
        served.source, served.cached_at = "cache", entry.get("cached_at")
        served.labels = list(entry.get("labels") or served.labels)
        served.kind = entry.get("kind") or served.kind
        served.training_metrics = dict(entry.get("training_metrics") or {})
        self._swap(served, None)
        log.warning(
            "the registry is unreachable (%s): serving cached version %s of %s, saved %s",
            why,
            model.version,
            self.uri,
            served.cached_at,
        )
        # Kept visible in /v1/model until the registry answers again.
        self.last_error = {
            "message": f"registry unavailable, serving the cached copy: {why}",
            "at": _now(),
            "version": model.version,
        }
        return ReloadResult("loaded", model.version)

    def _count(self, outcome: str) -> None:
        if self._on_attempt is not None:
            self._on_attempt(outcome)

    def _failed(self, version: str | None, exc: Exception, prefix: str = "") -> ReloadResult:
        message = f"{prefix}{type(exc).__name__}: {exc}"
        self.last_error = {"message": message, "at": _now(), "version": version}
        self._failed_version = version
        still = self.current.model.version if self.current else None
        log.error(
            "could not load %s (version %s): %s; %s",
            self.uri,
            version,
            message,
            f"still serving version {still}" if self.current else "no model is being served",
        )
        self._count("failed")
        return ReloadResult("failed", version, message)

    def _load(self) -> Served:
        return self._check(load_model(self.uri, self.engine))

    def _check(self, model: LoadedModel, read_metrics: bool = True) -> Served:
        """Smoke-test a loaded model through the shared predict; describe it for /v1/model."""
        smoke = predict(model, list(SMOKE_TEXTS))
        scores = smoke[list(SCORE_COLUMNS)].to_numpy(dtype=float)
        if len(smoke) != len(SMOKE_TEXTS) or not np.allclose(scores.sum(axis=1), 1.0, atol=1e-3):
            raise RuntimeError(f"smoke prediction is malformed: {smoke.to_dict('records')}")
        if not set(smoke["label"]) <= set(LABELS):
            raise RuntimeError(f"smoke prediction has unknown labels {set(smoke['label'])}")
        meta = getattr(model.pyfunc, "metadata", None)
        extra = (getattr(meta, "metadata", None) or {}) if meta else {}
        if model.run_id is None and meta is not None:
            model.run_id = getattr(meta, "run_id", None)
        return Served(
            model=model,
            labels=list(extra.get("labels") or LABELS),
            kind=extra.get("kind"),
            training_metrics=_run_metrics(model.run_id) if read_metrics else {},
        )


def entry_version(cache: ModelCache, uri: str) -> str | None:
    entry = cache.entry(uri)
    return entry.get("version") if entry else None


def _run_metrics(run_id: str | None) -> dict[str, float]:
    """The training run's final metrics (test/dev scores, temperature...); {} if unreadable."""
    if not run_id:
        return {}
    try:
        from mlflow import MlflowClient

        return dict(sorted(MlflowClient().get_run(run_id).data.metrics.items()))
    except Exception as exc:  # the model still serves; only the report is poorer
        log.warning("could not read the metrics of run %s: %s", run_id, exc)
        return {}
