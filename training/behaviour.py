"""Behavioural checks of a model on a small checked-in set written for the project.

``data/behavioural.jsonl`` holds three kinds of items:
* ``clear``: unambiguous favor / against / neutral statements, each must get its label;
* ``negation``: pairs (same ``pair`` id) where negating the main clause flips the label. Two
  figures: the strict flip rate (both members get their annotated label) and the direction rate
  (each member scores its annotated label higher than its partner does: the negation moves the
  model the right way, even when a small model does not cross the decision boundary);
* ``paraphrase``: pairs that say the same thing in other words and must keep the label.
"""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from inference.mlflow_env import PROJECT_ROOT
from inference.predict import LoadedModel, predict

BEHAVIOUR_FILE = PROJECT_ROOT / "data" / "behavioural.jsonl"


@dataclass
class BehaviourReport:
    clear_accuracy: float
    negation_flip_rate: float
    negation_direction_rate: float
    paraphrase_consistency: float
    failures: list[str] = field(default_factory=list)

    def passes(
        self, min_clear: float, min_negation: float, min_paraphrase: float
    ) -> tuple[bool, list[str]]:
        reasons = []
        if self.clear_accuracy < min_clear:
            reasons.append(
                f"clear cases right {self.clear_accuracy:.0%} < required {min_clear:.0%}"
            )
        if self.negation_direction_rate < min_negation:
            reasons.append(
                f"negation pairs moved the right way {self.negation_direction_rate:.0%} < required {min_negation:.0%}"
            )
        if self.paraphrase_consistency < min_paraphrase:
            reasons.append(
                f"paraphrase pairs consistent {self.paraphrase_consistency:.0%} < required {min_paraphrase:.0%}"
            )
        return not reasons, reasons

    def as_dict(self) -> dict:
        return {
            "clear_accuracy": self.clear_accuracy,
            "negation_flip_rate": self.negation_flip_rate,
            "negation_direction_rate": self.negation_direction_rate,
            "paraphrase_consistency": self.paraphrase_consistency,
        }


def load_items(path: Path = BEHAVIOUR_FILE) -> list[dict]:
    return [json.loads(line) for line in path.read_text().splitlines() if line.strip()]


def run_checks(model: LoadedModel, path: Path = BEHAVIOUR_FILE) -> BehaviourReport:
    items = load_items(path)
    frame = predict(model, [it["text"] for it in items])
    labels = frame["label"].tolist()
    for it, (_, row) in zip(items, frame.iterrows(), strict=True):
        it["scores"] = {
            label: float(row[f"score_{label}"]) for label in ("favor", "against", "neutral")
        }
    failures = []
    clear_ok = clear_n = 0
    pairs: dict[tuple[str, str], list[tuple[dict, str]]] = defaultdict(list)
    for item, got in zip(items, labels, strict=True):
        if item["kind"] == "clear":
            clear_n += 1
            clear_ok += got == item["label"]
            if got != item["label"]:
                failures.append(f"clear: expected {item['label']}, got {got}: {item['text']}")
        else:
            pairs[(item["kind"], item["pair"])].append((item, got))
    neg_ok = neg_n = neg_dir = para_ok = para_n = 0
    for (kind, pair_id), members in pairs.items():
        if kind == "negation":
            neg_n += 1
            ok = all(got == it["label"] for it, got in members)
            neg_ok += ok
            (a, _), (b, _) = members
            neg_dir += (
                a["scores"][a["label"]] > b["scores"][a["label"]]
                and b["scores"][b["label"]] > a["scores"][b["label"]]
            )
            if not ok:
                failures.append(
                    f"negation {pair_id}: "
                    + " | ".join(f"{it['label']}→{got}" for it, got in members)
                )
        else:
            para_n += 1
            ok = len({got for _, got in members}) == 1 and members[0][1] == members[0][0]["label"]
            para_ok += ok
            if not ok:
                failures.append(
                    f"paraphrase {pair_id}: expected {members[0][0]['label']}, got "
                    + ", ".join(g for _, g in members)
                )
    return BehaviourReport(
        clear_accuracy=clear_ok / max(clear_n, 1),
        negation_flip_rate=neg_ok / max(neg_n, 1),
        negation_direction_rate=neg_dir / max(neg_n, 1),
        paraphrase_consistency=para_ok / max(para_n, 1),
        failures=failures,
    )
