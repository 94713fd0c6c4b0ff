"""ONNX Runtime engine: the exported fine-tuned classifier, without torch or transformers.

Same interface as the torch engine (``logits(texts) -> EngineOutput``) and the same
length-aware batching (``parley_model.engines.batching``), so the two runtimes
differ only in the forward pass. Tokenisation uses the ``tokenizers`` library directly on
the saved ``tokenizer.json`` (what the transformers fast tokenizer wraps), which keeps
torch out of the process: a server on this path loads in less memory and starts faster.

Threads (``EngineConfig.ort_threads``, 0 = one per core): fp32 uses that many
intra-op threads inside each forward pass; int8 runs one statement per pass (``INT8_ROWS``), so
it instead runs that many single-threaded passes side by side, which is faster than splitting a
one-row pass across threads. Intra-op spinning is off: on a small shared CPU, busy-waiting
threads steal the cores that the HTTP server and other processes need.
"""

from __future__ import annotations

import json
import os
import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import numpy as np

from parley_model.config import DEFAULT_MAX_BATCH_TOKENS
from parley_model.engines.base import EngineOutput
from parley_model.engines.batching import INT8_ROWS, run_batched
from parley_model.labels import LABELS


def session_options(threads: int = 0):
    """SessionOptions for CPU serving: N intra-op threads (0 = ORT's default, one per core), no
    spinning, one inter-op thread."""
    import onnxruntime as ort

    so = ort.SessionOptions()
    so.intra_op_num_threads = threads
    so.inter_op_num_threads = 1
    so.execution_mode = ort.ExecutionMode.ORT_SEQUENTIAL
    so.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
    so.add_session_config_entry("session.intra_op.allow_spinning", "0")
    so.add_session_config_entry("session.inter_op.allow_spinning", "0")
    so.log_severity_level = 3  # errors only
    return so


def _special_id(tokenizer, hf_dir: Path, key: str, fallback: str) -> int | None:
    """Token id of a special token named in tokenizer_config.json (e.g. sep_token)."""
    token = fallback
    config = hf_dir / "tokenizer_config.json"
    if config.is_file():
        value = json.loads(config.read_text()).get(key)
        if isinstance(value, dict):  # {"content": "[SEP]", ...}
            value = value.get("content")
        if isinstance(value, str):
            token = value
    return tokenizer.token_to_id(token)


class OnnxEngine:
    """An ONNX graph with inputs ``input_ids``/``attention_mask`` and output ``logits``."""

    def __init__(
        self,
        model_path: str | Path,
        hf_dir: str | Path,
        max_length: int = 256,
        max_batch_tokens: int = DEFAULT_MAX_BATCH_TOKENS,
        batch_size: int = 0,
        threads: int = 0,
        name: str = "onnx",
        streams: int = 1,
    ):
        import onnxruntime as ort
        from tokenizers import Tokenizer

        hf_dir = Path(hf_dir)
        self.name = name
        self.model_path = Path(model_path)
        self.tokenizer = Tokenizer.from_file(str(hf_dir / "tokenizer.json"))
        self.tokenizer.no_truncation()  # we cut (and flag) long texts ourselves
        self.tokenizer.no_padding()  # padding is per batch
        self.sep_id = _special_id(self.tokenizer, hf_dir, "sep_token", "[SEP]")
        self.pad_id = _special_id(self.tokenizer, hf_dir, "pad_token", "[PAD]") or 0
        self.max_length = max_length
        self.max_batch_tokens = max_batch_tokens
        self.batch_size = batch_size  # row cap per batch; 0 = the token budget alone decides
        self.streams = max(1, streams)  # forward passes run side by side (ORT releases the GIL)
        self._pool: ThreadPoolExecutor | None = None
        self._pool_lock = threading.Lock()
        self.session = ort.InferenceSession(
            str(self.model_path), session_options(threads), providers=["CPUExecutionProvider"]
        )
        self.inputs = {i.name for i in self.session.get_inputs()}
        missing = {"input_ids", "attention_mask"} - self.inputs
        if missing:
            raise ValueError(f"{self.model_path} lacks inputs {sorted(missing)}")
        config = json.loads((hf_dir / "config.json").read_text())
        id2label = {int(k): v for k, v in config["id2label"].items()}
        self.order = [next(i for i, n in id2label.items() if n == label) for label in LABELS]

    def _forward(self, input_ids: np.ndarray, mask: np.ndarray) -> np.ndarray:
        feed = {"input_ids": input_ids, "attention_mask": mask}
        if "token_type_ids" in self.inputs:
            feed["token_type_ids"] = np.zeros_like(input_ids)
        (logits,) = self.session.run(["logits"], feed)
        return logits[:, self.order]

    def encode(self, texts: list[str]) -> list[list[int]]:
        """Token ids with special tokens, untruncated (same ids as the HF fast tokenizer)."""
        return [e.ids for e in self.tokenizer.encode_batch(list(texts), add_special_tokens=True)]

    def _mapper(self):
        """``map`` for one stream; else a lazily started pool's (no threads at import or load)."""
        if self.streams == 1:
            return map
        with self._pool_lock:
            if self._pool is None:
                self._pool = ThreadPoolExecutor(self.streams, thread_name_prefix="parley-ort")
        return self._pool.map

    def logits(self, texts: list[str]) -> EngineOutput:
        if not texts:
            return EngineOutput(np.zeros((0, len(LABELS)), np.float32), np.zeros(0, dtype=bool))
        return run_batched(
            self.encode(texts),
            self._forward,
            max_length=self.max_length,
            max_tokens=self.max_batch_tokens,
            max_rows=self.batch_size,
            sep_id=self.sep_id,
            pad_id=self.pad_id,
            mapper=self._mapper(),
        )


def available_cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


def int8_engine(
    model_path: str | Path,
    hf_dir: str | Path,
    max_length: int = 256,
    streams: int = 0,
    name: str = "onnx-int8",
) -> OnnxEngine:
    """The int8 graph as served everywhere (and gated at export): one statement per pass, so a
    score never depends on batch mates, and ``streams`` (0 = one per core) single-threaded passes side by side."""
    streams = streams or available_cores()
    return OnnxEngine(
        model_path,
        hf_dir,
        max_length=max_length,
        batch_size=INT8_ROWS,
        threads=1,
        name=name,
        streams=streams,
    )
