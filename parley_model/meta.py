"""``meta.json``: the typed description of a model's artifact directory.

Training writes it (``ArtifactMeta.write``), the export gate adds the ONNX section, and the
pyfunc reads it to pick and load an engine. Keys that are measurements (agreement figures,
macro-F1 of each graph) are kept as extra fields of the ONNX variants.
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict

META_FILE = "meta.json"


class OnnxGraph(BaseModel):
    """One exported graph and the gate's verdict on it."""

    model_config = ConfigDict(extra="allow")

    path: str
    served: bool = False
    reason: str | None = None


class OnnxSection(BaseModel):
    model_config = ConfigDict(extra="allow")

    fp32: OnnxGraph | None = None
    int8: OnnxGraph | None = None
    error: str | None = None


class RuntimeChoice(BaseModel):
    engine: str
    reason: str


class ArtifactMeta(BaseModel):
    model_config = ConfigDict(extra="forbid")

    kind: Literal["transformer", "tfidf"]
    temperature: float = 1.0  # softmax temperature fitted on the dev split
    max_length: int = 256  # tokens the transformer reads; longer texts are cut (truncated=true)
    base_model: str | None = None
    # trained on news statements with their reporting frames (parley_model.frames): article mode
    # then gives it each statement with its frame
    article_frames: bool = False
    onnx: OnnxSection | None = None
    runtime_default: RuntimeChoice | None = None  # what PARLEY_RUNTIME=auto picks

    @classmethod
    def read(cls, artifact_dir: str | Path) -> ArtifactMeta:
        return cls.model_validate_json((Path(artifact_dir) / META_FILE).read_text())

    def write(self, artifact_dir: str | Path) -> Path:
        path = Path(artifact_dir) / META_FILE
        path.write_text(self.model_dump_json(indent=2, exclude_none=True))
        return path
