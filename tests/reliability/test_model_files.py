"""Loading a model leaves no copy of it behind: MLflow downloads a model that lives behind a
tracking server into a temporary folder it never removes (one copy per load, per process start
and per reload); a model stored on this disk is loaded where it is, without a copy; and a server
stopped with SIGTERM removes its copy before it exits."""

from __future__ import annotations

import gc
import tempfile
from pathlib import Path

from inference.model_cache import local_model_dir
from inference.predict import load_model, predict
from tests.registry_server import MODEL_NAME, using_tracking
from tests.servers import ParleyServer

TEXTS = ["We must keep talking to them.", "Talks only reward the regime."]


def test_a_model_from_the_tracking_server_is_removed_with_the_model(registry):
    with using_tracking(registry.server.url):
        model = load_model(f"models:/{MODEL_NAME}@champion")
        files = local_model_dir(model)
        assert files is not None and files.is_dir()
        assert Path(tempfile.gettempdir()) in files.parents
        assert registry.server.root not in files.parents  # a download, not the server's store
        expected = predict(model, TEXTS)

        again = load_model(f"models:/{MODEL_NAME}@champion")  # a reload: its own folder
        assert local_model_dir(again) != files
        del model
        gc.collect()
        assert not files.exists()
        assert predict(again, TEXTS).equals(expected)  # the other copy is untouched

        second = local_model_dir(again)
        del again
        gc.collect()
        assert second is not None and not second.exists()


def test_a_model_on_this_disk_is_loaded_in_place(tfidf_model_uri, mlflow_store):
    model = load_model(tfidf_model_uri)
    files = local_model_dir(model)
    assert files is not None and mlflow_store in files.parents
    del model
    gc.collect()
    assert files.is_dir()  # the store's own files are never removed


def test_a_server_stopped_by_sigterm_removes_its_copy(registry, tmp_path):
    scratch = tmp_path / "tmp"  # the server's TMPDIR: nothing else writes here
    scratch.mkdir()
    env = registry.env(TMPDIR=str(scratch), PARLEY_ACCESS_LOG="false")
    server = ParleyServer(env, tmp_path / "serve.log")
    try:
        server.wait_ready()
        assert [p.name[:13] for p in scratch.iterdir()] == ["parley-model-"]
    finally:
        server.stop()  # SIGTERM to the process group
    assert server.proc.returncode == 143, server.output[-2000:]
    assert not any(scratch.iterdir()), sorted(p.name for p in scratch.iterdir())
