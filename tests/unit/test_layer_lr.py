"""Layer-wise learning-rate decay: which rate each parameter of a real encoder trains at."""

from __future__ import annotations

import pytest

from training.config import load_config
from training.encoders import encoder_path
from training.finetune import load_classifier, parameter_groups


@pytest.fixture(scope="module")
def minilm():
    return load_classifier(str(encoder_path("minilm")))[1]


def _rates(model, decay: float) -> dict[str, float]:
    by_param = {}
    for group in parameter_groups(model, 1e-4, 0.01, decay):
        for p in group["params"]:
            by_param[id(p)] = (group["lr"], group["weight_decay"])
    return {n: by_param[id(p)] for n, p in model.named_parameters()}


def test_no_decay_keeps_one_rate_and_spares_biases(minilm):
    rates = _rates(minilm, 1.0)
    assert {lr for lr, _ in rates.values()} == {1e-4}
    assert all(wd == 0.0 for n, (_, wd) in rates.items() if n.endswith("bias"))
    assert all(wd == 0.01 for n, (_, wd) in rates.items() if n.endswith("query.weight"))


def test_decay_shrinks_the_rate_from_the_top_down(minilm):
    rates = _rates(minilm, 0.5)
    top = minilm.config.num_hidden_layers - 1
    head = [lr for n, (lr, _) in rates.items() if n.startswith("classifier")]
    assert head and set(head) == {1e-4}
    assert rates[f"bert.encoder.layer.{top}.attention.self.query.weight"][0] == pytest.approx(5e-5)
    assert rates["bert.encoder.layer.0.attention.self.query.weight"][0] == pytest.approx(
        1e-4 * 0.5 ** (top + 1)
    )
    emb = [lr for n, (lr, _) in rates.items() if "embeddings" in n]
    assert max(emb) == pytest.approx(1e-4 * 0.5 ** (top + 2))
    # every parameter is in exactly one group
    n_grouped = sum(len(g["params"]) for g in parameter_groups(minilm, 1e-4, 0.01, 0.5))
    assert n_grouped == len(list(minilm.parameters()))


def test_config_rejects_a_decay_above_one():
    with pytest.raises(ValueError, match="layer_lr_decay"):
        load_config(overrides=["layer_lr_decay=1.5"])
