"""Promotion gate: the challenger becomes champion only if it is not worse and behaves.

Both versions are scored on the frozen test split through the shared predict function. The
challenger must reach the champion's macro-F1 minus a margin and pass the behavioural checks.
The first model (no champion yet) needs only the behavioural checks. The margin and the
behavioural thresholds are process settings (``Settings.gate_*``, ``PARLEY_GATE_*``).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from inference.mlflow_env import PROJECT_ROOT, configure
from inference.predict import load_model, version_uri
from inference.settings import Settings
from parley_model.config import EngineConfig
from parley_model.labels import MODEL_NAME
from training import metrics as M
from training.behaviour import run_checks
from training.data import REAL_FILES, load_corpus
from training.split import SPLIT_DIR, read_ids


@dataclass
class GateDecision:
    promoted: bool
    challenger: str | None
    champion_before: str | None
    reasons: list[str] = field(default_factory=list)
    challenger_f1: float | None = None
    champion_f1: float | None = None
    behaviour: dict | None = None


def frozen_test_records():
    records = load_corpus([PROJECT_ROOT / f for f in REAL_FILES])
    ids = read_ids(SPLIT_DIR / "test_ids.txt")
    return [r for r in records if r.id in ids]


def test_macro_f1(uri: str, records, engine: EngineConfig | None = None) -> float:
    return model_macro_f1(load_model(uri, engine), records)


def model_macro_f1(model, records) -> float:  # noqa: ANN001 - a inference.predict.LoadedModel
    from training.train import score_records

    probs = score_records(model, records)
    return M.compute_metrics([r.label for r in records], probs)["macro_f1"]


def _alias_version(client, alias: str) -> str | None:
    from mlflow.exceptions import MlflowException

    try:
        return str(client.get_model_version_by_alias(MODEL_NAME, alias).version)
    except MlflowException:
        return None


def promote(
    settings: Settings | None = None,
    *,
    margin: float | None = None,
    min_clear: float | None = None,
    min_negation: float | None = None,
    min_paraphrase: float | None = None,
) -> GateDecision:
    """Decide and, when the gate passes, move `champion` (the old one becomes `previous`).

    The thresholds come from ``settings`` (read from the environment when the caller has none);
    an argument given here (e.g. ``parley promote --margin``) wins over its setting.
    """
    from mlflow import MlflowClient

    settings = settings or Settings.from_env()
    configure(settings)
    margin = settings.gate_margin if margin is None else margin
    min_clear = settings.gate_min_clear if min_clear is None else min_clear
    min_negation = settings.gate_min_negation if min_negation is None else min_negation
    min_paraphrase = settings.gate_min_paraphrase if min_paraphrase is None else min_paraphrase
    engine = settings.engine()
    client = MlflowClient()
    challenger = _alias_version(client, "challenger")
    champion = _alias_version(client, "champion")
    decision = GateDecision(False, challenger, champion)
    if challenger is None:
        decision.reasons.append("there is no challenger: run `parley train` first")
        return decision
    if challenger == champion:
        decision.reasons.append(f"version {challenger} is already the champion")
        return decision

    records = frozen_test_records()
    try:  # a broken version (corrupt or missing artifact) is refused, not a crash
        candidate = load_model(version_uri(MODEL_NAME, challenger), engine)
    except Exception as exc:
        decision.reasons.append(
            f"challenger version {challenger} cannot be loaded ({type(exc).__name__}: {exc}); "
            "retrain or re-register it"
        )
        _record(client, challenger, decision)
        return decision
    decision.challenger_f1 = model_macro_f1(candidate, records)
    report = run_checks(candidate)
    decision.behaviour = report.as_dict()
    ok, why = report.passes(min_clear, min_negation, min_paraphrase)
    decision.reasons.extend(why)
    if champion is not None:
        decision.champion_f1 = test_macro_f1(version_uri(MODEL_NAME, champion), records, engine)
        if decision.challenger_f1 < decision.champion_f1 - margin:
            ok = False
            decision.reasons.append(
                f"test macro-F1 {decision.challenger_f1:.3f} is below the champion's "
                f"{decision.champion_f1:.3f} (margin {margin:.3f})"
            )
    if ok:
        if champion is not None:
            client.set_registered_model_alias(MODEL_NAME, "previous", champion)
        client.set_registered_model_alias(MODEL_NAME, "champion", challenger)
        decision.promoted = True
        decision.reasons.append(
            "first model: behavioural checks pass"
            if champion is None
            else f"test macro-F1 {decision.challenger_f1:.3f} vs champion {decision.champion_f1:.3f} "
            f"(margin {margin:.3f}) and behavioural checks pass"
        )
    _record(client, challenger, decision)
    return decision


def _record(client, version: str, decision: GateDecision) -> None:  # noqa: ANN001 - MlflowClient
    """The gate's verdict, on the challenger version (shown by `parley status`)."""
    client.set_model_version_tag(
        MODEL_NAME,
        version,
        "gate",
        "passed" if decision.promoted else "refused: " + "; ".join(decision.reasons),
    )
