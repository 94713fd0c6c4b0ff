"""Fixtures for the page tests: Debian's Chromium driven by Playwright, real servers on 127.0.0.1.

The browser is the system one (``/usr/bin/chromium``, from ``apt-get install chromium``); nothing
is downloaded. Every test gets a fresh profile directory, removed afterwards.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

import pytest

from tests.helpers import register
from tests.servers import LiveServer, settings

CHROMIUM = os.environ.get("PARLEY_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",  # containers often have a tiny /dev/shm
]
API_KEY = "page-test-key"


@pytest.fixture(scope="module")
def chromium():
    """A Playwright driver for the system Chromium (skips, saying why, when there is none).

    Module scope: Playwright's sync API keeps an event loop running in this thread while it is
    started, and later tests that call ``asyncio.run`` must not find it.
    """
    if not Path(CHROMIUM).is_file():
        pytest.skip(
            f"no browser at {CHROMIUM}: install Debian's chromium and chromium-driver "
            "(`make test` does it as root with apt-get) or set PARLEY_CHROMIUM"
        )
    sync_api = pytest.importorskip(
        "playwright.sync_api", reason="playwright is not installed (pip install -e '.[dev]')"
    )
    with sync_api.sync_playwright() as pw:
        yield pw.chromium


@pytest.fixture
def browser_page(chromium):
    """A page in a fresh Chromium profile, desktop-sized; closed and removed after the test."""
    profile = tempfile.mkdtemp(prefix="parley-chromium-")
    context = chromium.launch_persistent_context(
        profile,
        executable_path=CHROMIUM,
        headless=True,
        args=CHROMIUM_ARGS,
        viewport={"width": 1280, "height": 900},
        timeout=120_000,  # a busy shared machine can take long to start a browser
    )
    context.set_default_timeout(60_000)
    try:
        page = context.pages[0] if context.pages else context.new_page()
        yield page
    finally:
        context.close()
        shutil.rmtree(profile, ignore_errors=True)


@pytest.fixture(scope="module")
def page_model(tfidf_model_uri) -> str:
    """The TF-IDF model registered under a test-only name: a registry URI with an alias.

    A fixed name (the test store is private to the session), so that the screenshots do not
    change from run to run.
    """
    name = "parley-page-demo"
    register(tfidf_model_uri, name, alias="live")
    return f"models:/{name}@live"


@pytest.fixture(scope="session")
def api_key() -> str:
    return API_KEY


@pytest.fixture(scope="module")
def keyed_server(page_model):
    """A real server that needs an API key, its model loaded."""
    server = LiveServer(settings(page_model, api_key=API_KEY)).start()
    server.wait_ready()
    yield server
    server.stop()


@pytest.fixture(scope="module")
def open_server(page_model):
    """A real server without a key whose statements may be at most 300 characters long."""
    server = LiveServer(settings(page_model, max_text_chars=300)).start()
    server.wait_ready()
    yield server
    server.stop()
