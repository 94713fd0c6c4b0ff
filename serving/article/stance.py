"""A speaker's overall stance from their scored statements: the candidate rules and the chosen one.

Every rule is a small pure function over one speaker's scored statements (each a mapping with
``"scores": {"favor", "against", "neutral"}`` from the calibrated model) and returns
``(stance, confidence)``. ``stance`` is ``favor``, ``against``, ``neutral`` or, for the rules
that can see it, ``mixed``: both sides are argued and neither dominates. :func:`decide` wraps
the chosen rule and adds the mean scores and the per-side evidence counts, so a speaker's mixed
evidence stays visible even when one side wins.

The rules (README, Article mode, has the measured table):

* ``any_side`` — the earlier rule: ``neutral`` only when every statement's argmax is neutral,
  otherwise the side with the higher mean score. One descriptive sentence leaning a little
  towards a side decides.
* ``mean_argmax`` — the argmax of the mean scores. Descriptions outvote the statement that
  takes a side.
* ``side_vote`` — only statements that take a side count: ``max(favor, against) >= tau`` and
  above their neutral score. None → ``neutral``; otherwise each side's weight is the sum of its
  statements' side probabilities, and the heavier side wins unless both sides have statements
  and the winner holds less than ``dominance`` of the total weight → ``mixed``.
* ``net_lean`` — the mean of ``favor - against`` weighted by ``1 - neutral``; inside
  ``[-dead_zone, dead_zone]`` → ``neutral``.

``mixed`` is not a label of the guide. Where a three-way label is needed (scoring against the
annotations) it counts as ``neutral``: the guide's rule 6 — when no label dominates, neutral.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

from parley_model.labels import LABELS

SIDES: tuple[str, str] = ("favor", "against")
STANCES: tuple[str, ...] = ("favor", "against", "neutral", "mixed")

Scored = Sequence[Mapping]


def _scores(row: Mapping) -> tuple[float, float, float]:
    s = row["scores"]
    return float(s["favor"]), float(s["against"]), float(s["neutral"])


def _require(scored: Scored) -> None:
    if not scored:
        raise ValueError("a speaker needs at least one scored statement")


def mean_scores(scored: Scored) -> dict[str, float]:
    """The mean of each label's score over the statements (rounded to 4 places)."""
    _require(scored)
    rows = [_scores(r) for r in scored]
    return {lab: round(sum(r[i] for r in rows) / len(rows), 4) for i, lab in enumerate(LABELS)}


def takes_side(row: Mapping, tau: float) -> str | None:
    """``favor``/``against`` when the statement takes that side clearly, else ``None``.

    Clearly: the side's score is at least ``tau`` and above the statement's neutral score.
    """
    f, a, n = _scores(row)
    side, p = ("favor", f) if f >= a else ("against", a)
    return side if p >= tau and p > n else None


def evidence(scored: Scored, tau: float) -> dict[str, int]:
    """How many statements take each side (see :func:`takes_side`) and how many take none."""
    out = {"favor": 0, "against": 0, "none": 0}
    for row in scored:
        out[takes_side(row, tau) or "none"] += 1
    return out


def rule_any_side(scored: Scored) -> tuple[str, float]:
    """``neutral`` only when every statement's argmax is neutral; else the higher side mean."""
    means = mean_scores(scored)
    if all(max(r["scores"], key=r["scores"].get) == "neutral" for r in scored):
        return "neutral", means["neutral"]
    side = max(SIDES, key=lambda lab: means[lab])
    return side, means[side]


def rule_mean_argmax(scored: Scored) -> tuple[str, float]:
    """The label with the highest mean score."""
    means = mean_scores(scored)
    label = max(("favor", "against", "neutral"), key=lambda lab: means[lab])
    return label, means[label]


def rule_side_vote(scored: Scored, tau: float = 0.5, dominance: float = 0.5) -> tuple[str, float]:
    """A confidence-weighted vote of the statements that take a side.

    Confidence: for a side, its share of the side weight times the mean probability of its
    statements; for ``neutral``, one minus the highest side score of any statement (how far the
    strongest lean stayed from a sure side); for ``mixed``, how balanced the two weights are
    (1 = equal).
    """
    if not 0.0 <= tau <= 1.0 or not 0.5 <= dominance <= 1.0:
        raise ValueError(f"need 0 <= tau <= 1 and 0.5 <= dominance <= 1, got {tau}, {dominance}")
    _require(scored)
    weight = {"favor": 0.0, "against": 0.0}
    count = {"favor": 0, "against": 0}
    for row in scored:
        side = takes_side(row, tau)
        if side:
            weight[side] += float(row["scores"][side])
            count[side] += 1
    total = weight["favor"] + weight["against"]
    if total == 0.0:
        return "neutral", round(1.0 - max(max(_scores(r)[:2]) for r in scored), 4)
    win = max(SIDES, key=lambda lab: weight[lab])
    share = weight[win] / total
    both = count["favor"] > 0 and count["against"] > 0
    if both and (share < dominance or weight["favor"] == weight["against"]):
        return "mixed", round(1.0 - abs(weight["favor"] - weight["against"]) / total, 4)
    return win, round(share * weight[win] / count[win], 4)


def rule_net_lean(scored: Scored, dead_zone: float = 0.2) -> tuple[str, float]:
    """The ``1 - neutral``-weighted mean of ``favor - against``; a dead zone around 0 → neutral.

    Confidence: the lean's size for a side; the mean neutral score for ``neutral``.
    """
    if not 0.0 <= dead_zone < 1.0:
        raise ValueError(f"need 0 <= dead_zone < 1, got {dead_zone}")
    _require(scored)
    num = den = 0.0
    for row in scored:
        f, a, n = _scores(row)
        num += (1.0 - n) * (f - a)
        den += 1.0 - n
    lean = num / den if den > 0 else 0.0
    if abs(lean) <= dead_zone:
        return "neutral", mean_scores(scored)["neutral"]
    return ("favor" if lean > 0 else "against"), round(abs(lean), 4)


Rule = Callable[[Scored], tuple[str, float]]


@dataclass(frozen=True)
class Candidate:
    """One rule with its parameters fixed; ``name`` is how tables and the output call it."""

    name: str
    func: Callable[..., tuple[str, float]]
    params: dict = field(default_factory=dict)

    def __call__(self, scored: Scored) -> tuple[str, float]:
        return self.func(scored, **self.params)

    @property
    def label(self) -> str:
        args = ", ".join(f"{k}={v:g}" for k, v in self.params.items())
        return f"{self.name}({args})" if args else self.name


def candidates() -> list[Candidate]:
    """The alternatives compared on the dev articles (each parameter on a small grid)."""
    out = [Candidate("any_side", rule_any_side), Candidate("mean_argmax", rule_mean_argmax)]
    for tau in (0.35, 0.4, 0.45, 0.5, 0.6, 0.7):
        for dom in (0.5, 0.6, 0.7):
            out.append(Candidate("side_vote", rule_side_vote, {"tau": tau, "dominance": dom}))
    for dz in (0.05, 0.1, 0.2, 0.3, 0.4):
        out.append(Candidate("net_lean", rule_net_lean, {"dead_zone": dz}))
    return out


# The rule article mode uses, chosen on the dev articles (README, Article mode).
CHOSEN = Candidate("side_vote", rule_side_vote, {"tau": 0.6, "dominance": 0.5})


def as_three_way(stance: str) -> str:
    """The stance as a guide label: ``mixed`` counts as ``neutral`` (guide rule 6)."""
    return "neutral" if stance == "mixed" else stance


def decide(scored: Scored, rule: Candidate = CHOSEN) -> dict:
    """A speaker's overall stance under ``rule``, with the evidence behind it.

    Returns ``{"stance", "confidence", "scores", "n_statements", "evidence", "rule"}``:
    ``scores`` are the mean scores; ``evidence`` counts the statements that take each side
    (and those that take none) by the side-taking test with the rule's ``tau`` (the chosen
    rule's when the rule has none), so a speaker who argues both ways shows it.
    """
    stance, confidence = rule(scored)
    tau = rule.params.get("tau", CHOSEN.params["tau"])
    return {
        "stance": stance,
        "confidence": round(float(confidence), 4),
        "scores": mean_scores(scored),
        "n_statements": len(scored),
        "evidence": evidence(scored, tau),
        "rule": rule.label,
    }
