"""The quality experiments' variants by name (`parley experiment NAME`); no heavy imports, so
the CLI can offer the names as choices. What each one does: training/experiments.py."""

from __future__ import annotations

# The real-sourced corpora: the same files as training.data.REAL_FILES (kept literal here so that
# this module imports nothing heavy; tests/unit/test_config_metrics.py checks they match).
REAL = ["data/real_statements.jsonl", "data/real_statements_2.jsonl"]
WRITTEN = "data/written_statements.jsonl"
TEACHER = "data/written_teacher.jsonl"

VARIANTS: dict[str, dict] = {
    "tfidf-real": {"model": "tfidf", "data": REAL},
    "tfidf-all": {"model": "tfidf", "data": [*REAL, WRITTEN]},
    "embed-lr-real": {"model": "embed-lr", "data": REAL},
    "embed-lr-all": {"model": "embed-lr", "data": [*REAL, WRITTEN]},
    "minilm-real": {"model": "minilm", "data": REAL, "epochs": 10},
    "minilm-all": {"model": "minilm", "data": [*REAL, WRITTEN], "epochs": 3},
    "mpnet-real": {"model": "mpnet", "data": REAL, "epochs": 4, "learning_rate": 3e-5},
    "mpnet-all": {"model": "mpnet", "data": [*REAL, WRITTEN], "epochs": 3, "learning_rate": 3e-5},
    "minilm-distill": {"model": "minilm", "data": [*REAL, TEACHER], "epochs": 3},
}
