"""The label set, fixed by the project's labeling guide (docs/labeling-guide.md)."""

LABELS: tuple[str, ...] = ("favor", "against", "neutral")
SCORE_COLUMNS: tuple[str, ...] = tuple(f"score_{label}" for label in LABELS)
MODEL_NAME = "stance-classifier"
