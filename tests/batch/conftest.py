"""Fixtures for batch scoring: one Spark session, the TF-IDF model loaded (data: rows.py)."""

from __future__ import annotations

import pytest


@pytest.fixture(scope="session")
def spark(mlflow_store):
    """One local[2] Spark session for the whole test session (started lazily)."""
    from serving.batch.spark import build_session

    session = build_session("local[2]", app_name="parley-tests")
    yield session
    session.stop()


@pytest.fixture(scope="session")
def tfidf_loaded(tfidf_model_uri):
    from inference.predict import load_model

    return load_model(tfidf_model_uri)
