"""The label set and the registered model's name, fixed by the labeling guide (docs/labeling-guide.md)."""

LABELS: tuple[str, ...] = ("favor", "against", "neutral")
SCORE_COLUMNS: tuple[str, ...] = tuple(f"score_{label}" for label in LABELS)
MODEL_NAME = "stance-classifier"
