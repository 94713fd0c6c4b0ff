"""The fine-tuned encoder + classification head in torch: CPU inference with dynamic padding."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from parley_model.config import DEFAULT_MAX_BATCH_TOKENS
from parley_model.engines.base import EngineOutput, MissingRuntime
from parley_model.engines.batching import run_batched
from parley_model.labels import LABELS


class TorchEngine:
    """A fine-tuned sequence classifier run in torch (training uses it around a live model too)."""

    name = "torch"
    # Class-level defaults so an engine wrapped around a live model (training) batches the same.
    max_batch_tokens: int = DEFAULT_MAX_BATCH_TOKENS
    batch_size: int = 0  # row cap per batch; 0 = the token budget alone decides

    def __init__(
        self,
        model_dir: str | Path,
        max_length: int = 256,
        batch_size: int = 0,
        max_batch_tokens: int = DEFAULT_MAX_BATCH_TOKENS,
        threads: int = 0,
    ):
        try:
            import torch
            from transformers import AutoModelForSequenceClassification, AutoTokenizer
        except ImportError as exc:
            raise MissingRuntime(
                f"the torch runtime needs torch and transformers, which this environment lacks "
                f"({exc}); the serve-only install serves ONNX graphs only: use "
                "PARLEY_RUNTIME=auto with a version that carries one, or install the 'train' extra"
            ) from exc

        if threads > 0:
            torch.set_num_threads(threads)
        self.torch = torch
        self.tokenizer = AutoTokenizer.from_pretrained(str(model_dir), local_files_only=True)
        self.model = AutoModelForSequenceClassification.from_pretrained(
            str(model_dir), local_files_only=True
        ).eval()
        self.max_length = max_length
        self.batch_size = batch_size
        self.max_batch_tokens = max_batch_tokens
        id2label = {int(k): v for k, v in self.model.config.id2label.items()}
        # Column order of the head, mapped onto LABELS order.
        self.order = [next(i for i, name in id2label.items() if name == label) for label in LABELS]

    def _forward(self, input_ids: np.ndarray, mask: np.ndarray) -> np.ndarray:
        logits = self.model(
            input_ids=self.torch.from_numpy(input_ids),
            attention_mask=self.torch.from_numpy(mask),
        ).logits
        return logits.float().numpy()[:, self.order]

    def logits(self, texts: list[str]) -> EngineOutput:
        if not texts:
            return EngineOutput(np.zeros((0, len(LABELS)), np.float32), np.zeros(0, dtype=bool))
        enc = self.tokenizer(list(texts), add_special_tokens=True, truncation=False)["input_ids"]
        with self.torch.inference_mode():
            return run_batched(
                enc,
                self._forward,
                max_length=self.max_length,
                max_tokens=self.max_batch_tokens,
                max_rows=self.batch_size,
                sep_id=self.tokenizer.sep_token_id,
                pad_id=self.tokenizer.pad_token_id or 0,
            )
