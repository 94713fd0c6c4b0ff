"""The server's model holder: what is loaded now, and the error of the last load if any."""

from __future__ import annotations

import logging
import threading

from serving.predict import LoadedModel, load_model, predict

log = logging.getLogger(__name__)
SMOKE_TEXT = "Both governments should keep talking."


class ModelHolder:
    def __init__(self, uri: str):
        self.uri = uri
        self.model: LoadedModel | None = None
        self.last_error: str | None = None
        self._lock = threading.Lock()

    def load(self) -> LoadedModel:
        """Load and smoke-test a model, then swap it in atomically."""
        try:
            model = load_model(self.uri)
            predict(model, [SMOKE_TEXT])
        except Exception as exc:
            self.last_error = f"{type(exc).__name__}: {exc}"
            log.error("could not load %s: %s", self.uri, self.last_error)
            raise
        with self._lock:
            self.model = model
            self.last_error = None
        log.info("serving %s version %s", model.name or model.uri, model.version)
        return model
