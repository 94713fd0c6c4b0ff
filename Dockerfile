# syntax=docker/dockerfile:1
# Parley, serve-only, CPU: serves models:/stance-classifier@champion (an ONNX version registered by
# the full environment) from the MLflow registry named by MLFLOW_TRACKING_URI. The image holds the
# `serve` extra only: no torch, transformers, scikit-learn or pyspark.
#
#   docker build -t parley-serve .
#   docker run --rm -p 8000:8000 -e MLFLOW_TRACKING_URI=http://mlflow:5000 \
#       -e PARLEY_API_KEY=... parley-serve
ARG PYTHON_IMAGE=python:3.11-slim-bookworm

# --- builder: install the serve extra into a venv, under the project's constraints -------------
FROM ${PYTHON_IMAGE} AS builder
ENV PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PIP_NO_CACHE_DIR=1 \
    PYTHONDONTWRITEBYTECODE=1
WORKDIR /src
RUN python -m venv /opt/parley
COPY pyproject.toml constraints.txt README.md ./
COPY parley_model ./parley_model
COPY inference ./inference
COPY serving ./serving
COPY training ./training
COPY parley ./parley
RUN /opt/parley/bin/pip install -c constraints.txt '.[serve]' \
 && /opt/parley/bin/python -c "import onnxruntime, tokenizers, mlflow, sqlalchemy, serving.api.server; \
from importlib.util import find_spec as f; \
assert not [m for m in ('torch', 'transformers', 'sklearn', 'pyspark') if f(m)]"

# --- runtime: the venv only, a non-root user --------------------------------------------------
FROM ${PYTHON_IMAGE} AS runtime
RUN groupadd --system --gid 10001 parley \
 && useradd --system --uid 10001 --gid 10001 --create-home --home-dir /home/parley parley
# Same path as in the builder: the venv's scripts name their interpreter by absolute path.
COPY --from=builder /opt/parley /opt/parley
# DL3064 takes TOKENIZERS_PARALLELISM for a secret; it is a thread switch.
# hadolint ignore=DL3064
ENV PATH=/opt/parley/bin:$PATH \
    PYTHONUNBUFFERED=1 \
    MLFLOW_DISABLE_TELEMETRY=true \
    DO_NOT_TRACK=true \
    HF_HUB_OFFLINE=1 \
    TOKENIZERS_PARALLELISM=false \
    OMP_WAIT_POLICY=PASSIVE \
    PARLEY_HOST=0.0.0.0 \
    PARLEY_PORT=8000 \
    PARLEY_MODEL_URI=models:/stance-classifier@champion
USER 10001:10001
WORKDIR /home/parley
EXPOSE 8000
# /readyz is 200 once the model has loaded and passed its smoke test (start-up takes seconds to
# a minute, depending on the registry); the slim image has no curl, so Python asks.
HEALTHCHECK --interval=15s --timeout=5s --start-period=120s --retries=3 \
    CMD ["python", "-c", "import os, urllib.request; urllib.request.urlopen('http://127.0.0.1:%s/readyz' % os.environ.get('PARLEY_PORT', '8000'), timeout=4)"]
# Without MLFLOW_TRACKING_URI the server would look for a SQLite store inside the venv: refuse.
CMD ["sh", "-c", "if [ -z \"$MLFLOW_TRACKING_URI\" ]; then echo 'set MLFLOW_TRACKING_URI to the MLflow tracking server (or a mounted sqlite:////path/mlflow.db)' >&2; exit 2; fi; exec parley serve"]
