"""The ONNX path of a registered MiniLM: export gate, selection, fidelity to torch, no torch import.

Uses the session's fine-tuned champion (``trained_minilm``), whose registration ran the export.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from parley_model.config import EngineConfig
from parley_model.engines import choose_runtime, load_engine
from parley_model.engines.batching import INT8_ROWS
from parley_model.engines.onnx_engine import OnnxEngine, int8_engine
from parley_model.meta import ArtifactMeta, OnnxGraph
from parley_model.pyfunc import scores_frame
from training.export_onnx import (
    FP32_FILE,
    INT8_FILE,
    INT8_MAX_F1_DROP,
    INT8_MIN_AGREEMENT,
    MIN_AGREEMENT,
    export_onnx,
    quantize,
)

pytestmark = pytest.mark.slow

ONNX = EngineConfig(runtime="onnx")
TORCH = EngineConfig(runtime="torch")
INT8 = EngineConfig(runtime="onnx-int8")

TEXTS = [
    "We have to keep the channels open, especially now.",
    "Talking to them only buys them time.",
    "The delegation arrives in Vienna on Monday.",
    "Sanctions alone will not end this; only negotiations can.",
    " ".join(
        ["Dialogue with adversaries has always been how wars end, and this one is no different."]
        * 40
    ),
    "No.",
]


@pytest.fixture(scope="module")
def int8_graph(champion_artifacts, tmp_path_factory) -> Path:
    """The champion's fp32 graph quantized to int8, whatever the gate decided about shipping it."""
    path = tmp_path_factory.mktemp("int8") / "model.int8.onnx"
    quantize(champion_artifacts / FP32_FILE, path)
    return path


def with_int8(champion_artifacts: Path, int8_graph: Path, target: Path, served: bool) -> Path:
    """An artifact folder like the champion's whose meta says the int8 graph is (not) served."""
    (target / "onnx").mkdir(parents=True)
    (target / "hf").symlink_to(champion_artifacts / "hf", target_is_directory=True)
    (target / FP32_FILE).symlink_to(champion_artifacts / FP32_FILE)
    (target / INT8_FILE).symlink_to(int8_graph)
    meta = ArtifactMeta.read(champion_artifacts)
    meta.onnx.int8 = OnnxGraph(path=INT8_FILE, served=served, reason="set by the test")
    meta.write(target)
    return target


def test_export_records_the_gate_and_ships_only_served_graphs(champion_artifacts, champion_meta):
    onnx = champion_meta.onnx
    assert onnx is not None and onnx.error is None
    fp32, int8 = onnx.fp32, onnx.int8
    # fp32 is a faithful copy of the torch model.
    assert fp32.served and fp32.agreement_dev >= MIN_AGREEMENT
    assert fp32.max_dprob_test < 1e-3 and fp32.max_dprob_dev < 1e-3
    # test is reported beside dev, never used to decide.
    for key in ("agreement_test", "max_dprob_test", "macro_f1_dev", "macro_f1_test"):
        assert key in fp32.model_extra and key in int8.model_extra
    assert int8.n_unlabeled > 100
    # The int8 verdict is the documented rule applied to the recorded dev/unlabeled figures.
    drop = fp32.macro_f1_dev - int8.macro_f1_dev
    rule = drop <= INT8_MAX_F1_DROP + 1e-12 and int8.agreement_fp32_unlabeled >= INT8_MIN_AGREEMENT
    assert int8.served is rule
    assert ("within" if drop <= INT8_MAX_F1_DROP + 1e-12 else "beyond") in int8.reason
    # Only the graphs that may be served travel with the version.
    for graph in (fp32, int8):
        assert (champion_artifacts / graph.path).is_file() is graph.served
    # The recorded default is what auto picks for this folder: int8 if it passed, else fp32.
    default = champion_meta.runtime_default
    assert default.engine == ("onnx-int8" if int8.served else "onnx")
    assert (default.engine, default.reason) == choose_runtime(
        champion_meta, champion_artifacts, "auto"
    )


def test_gate_figures_are_mlflow_metrics(trained_minilm, champion_meta):
    from mlflow import MlflowClient

    run = MlflowClient().get_run(trained_minilm.run_id)
    metrics, tags = run.data.metrics, run.data.tags
    assert metrics["onnx_fp32_agreement_test"] == pytest.approx(
        champion_meta.onnx.fp32.agreement_test
    )
    assert metrics["onnx_int8_served"] == float(champion_meta.onnx.int8.served)
    for key in ("onnx_int8_macro_f1_test", "onnx_int8_max_dprob_dev"):
        assert key in metrics
    assert tags["onnx.runtime_default"] == champion_meta.runtime_default.engine


def test_load_model_serves_the_onnx_runtime_by_default(champion, champion_meta):
    assert champion.runtime["engine"] == champion_meta.runtime_default.engine
    assert champion.runtime["engine"].startswith("onnx")  # fp32 always passes (first test)
    assert champion.runtime["requested"] == "auto" and champion.runtime["reason"]


def test_onnx_fp32_matches_torch_and_keeps_input_order(champion_artifacts):
    torch_engine, _ = load_engine(champion_artifacts, TORCH)
    onnx_engine, _ = load_engine(champion_artifacts, ONNX)
    assert torch_engine.runtime["engine"] == "torch"
    assert onnx_engine.runtime["engine"] == "onnx"
    texts = TEXTS + TEXTS[::-1]  # duplicates, in another order, in other batches
    ref, got = torch_engine.logits(texts), onnx_engine.logits(texts)
    assert got.logits.shape == (len(texts), 3)
    np.testing.assert_allclose(got.logits, ref.logits, atol=2e-3)
    assert got.truncated.tolist() == ref.truncated.tolist()
    assert got.truncated[4] and not got.truncated[0]
    # Row i is text i, whatever its batch: scoring one at a time gives the same numbers.
    alone = np.vstack([onnx_engine.logits([t]).logits for t in texts])
    np.testing.assert_allclose(alone, got.logits, atol=1e-4)
    assert onnx_engine.logits([]).logits.shape == (0, 3)


def test_token_budget_changes_batches_not_results(champion_artifacts):
    wide, _ = load_engine(champion_artifacts, ONNX)
    narrow, _ = load_engine(champion_artifacts, EngineConfig(runtime="onnx", max_batch_tokens=16))
    assert wide.max_batch_tokens == EngineConfig().max_batch_tokens
    assert narrow.max_batch_tokens == 16  # one row per batch
    np.testing.assert_allclose(narrow.logits(TEXTS).logits, wide.logits(TEXTS).logits, atol=1e-4)


def test_int8_that_passed_its_gate_is_served(champion_artifacts, int8_graph, tmp_path):
    folder = with_int8(champion_artifacts, int8_graph, tmp_path / "stance", served=True)
    assert choose_runtime(ArtifactMeta.read(folder), folder, "auto")[0] == "onnx-int8"
    engine, meta = load_engine(folder, INT8)
    assert engine.runtime == {
        "engine": "onnx-int8",
        "requested": "onnx-int8",
        "reason": "PARLEY_RUNTIME=onnx-int8",
    }
    assert meta.onnx.int8.served
    assert engine.model_path.name == "model.int8.onnx"
    assert engine.batch_size == INT8_ROWS  # served one statement per pass
    assert engine.logits(TEXTS).logits.shape == (len(TEXTS), 3)


def test_int8_that_failed_its_gate_is_refused(champion_artifacts, int8_graph, tmp_path):
    folder = with_int8(champion_artifacts, int8_graph, tmp_path / "stance", served=False)
    engine, reason = choose_runtime(ArtifactMeta.read(folder), folder, "auto")
    assert engine == "onnx" and "set by the test" in reason  # auto falls back to fp32, says why
    with pytest.raises(ValueError, match="cannot run it: set by the test"):
        load_engine(folder, INT8)


def test_int8_row_by_row_scores_do_not_depend_on_batch_mates(champion_artifacts, int8_graph):
    """Why int8 runs one statement per pass: batched, its per-tensor activation scales let a
    statement's scores move with its neighbours; row by row they are the statement's own."""
    texts = TEXTS + TEXTS[::-1]
    rowwise = OnnxEngine(int8_graph, champion_artifacts / "hf", batch_size=INT8_ROWS)
    alone = np.vstack([rowwise.logits([t]).logits for t in texts])
    np.testing.assert_allclose(rowwise.logits(texts).logits, alone, atol=1e-6)
    served = int8_engine(int8_graph, champion_artifacts / "hf", streams=2)  # passes side by side
    assert served.batch_size == INT8_ROWS and served.streams == 2
    np.testing.assert_allclose(served.logits(texts).logits, alone, atol=1e-6)  # order kept
    batched = OnnxEngine(int8_graph, champion_artifacts / "hf", max_batch_tokens=4096)
    assert np.abs(batched.logits(texts).logits - alone).max() > 1e-6  # the effect is real


def _fresh_predict(env: dict) -> dict:
    """Load the champion and predict in a new interpreter; report what got imported."""
    code = (
        "import json, sys\n"
        "from inference.mlflow_env import configure\n"
        "from inference.settings import Settings\n"
        "settings = Settings.from_env()\n"
        "configure(settings)\n"
        "from inference.predict import load_model, predict\n"
        "m = load_model('models:/stance-classifier@champion', settings.engine())\n"
        f"f = predict(m, {TEXTS!r})\n"
        "print(json.dumps({'torch': 'torch' in sys.modules,\n"
        "  'transformers': 'transformers' in sys.modules, 'runtime': m.runtime,\n"
        "  'scores': f[['score_favor', 'score_against', 'score_neutral']].values.tolist(),\n"
        "  'truncated': f['truncated'].tolist()}))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code],
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert out.returncode == 0, out.stderr[-3000:]
    return json.loads(out.stdout.strip().splitlines()[-1])


def test_fresh_process_on_onnx_never_imports_torch(trained_minilm, champion_meta):
    got = _fresh_predict({"PARLEY_RUNTIME": "auto"})
    assert got["runtime"]["engine"] == champion_meta.runtime_default.engine
    assert got["runtime"]["engine"].startswith("onnx")
    assert got["torch"] is False and got["transformers"] is False
    assert np.allclose(np.sum(got["scores"], axis=1), 1.0)
    assert got["truncated"][4] is True


def test_env_switches_back_to_torch(trained_minilm, champion_artifacts):
    got = _fresh_predict({"PARLEY_RUNTIME": "torch"})
    assert got["runtime"]["engine"] == "torch" and got["torch"] is True
    assert got["runtime"]["requested"] == "torch"
    engine, meta = load_engine(champion_artifacts, TORCH)
    expected = scores_frame(engine.logits(TEXTS), meta.temperature)
    np.testing.assert_allclose(
        got["scores"], expected[["score_favor", "score_against", "score_neutral"]], atol=1e-5
    )


def test_failed_export_leaves_a_torch_only_version(champion_artifacts, tmp_path):
    art = tmp_path / "stance"
    shutil.copytree(champion_artifacts / "hf", art / "hf")
    before = ArtifactMeta.read(champion_artifacts)
    before.model_copy(update={"onnx": None, "runtime_default": None}).write(art)
    (art / "hf" / "config.json").write_text("{ not json")  # the exporter cannot load the model
    messages = []
    section = export_onnx(art, dev=[object()], test=[object()], progress=messages.append)
    assert section["error"] and not (art / "onnx").exists()
    written = ArtifactMeta.read(art)
    assert written.onnx.error == section["error"]
    assert written.runtime_default.engine == "torch"
    assert written.runtime_default.reason == f"auto: no ONNX graph served ({section['error']})"
    assert written.temperature == before.temperature  # the rest of meta.json is kept
    assert messages == [f"ONNX export failed ({section['error']}); this version serves on torch"]


def test_tfidf_models_report_their_runtime(tfidf_model_uri):
    from inference.predict import load_model

    model = load_model(tfidf_model_uri)
    assert model.runtime == {"engine": "sklearn", "requested": None, "reason": "tfidf model"}
