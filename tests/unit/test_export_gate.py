"""The ONNX fidelity gate decides on dev and on unlabeled agreement, never on test."""

from __future__ import annotations

import pytest

from training.export_onnx import gate


def report(fp32_dev_agree=1.0, f1_dev=(0.70, 0.70), f1_test=(0.70, 0.70), unlabeled=0.995):
    return {
        "fp32": {
            "agreement_dev": fp32_dev_agree,
            "macro_f1_dev": f1_dev[0],
            "macro_f1_test": f1_test[0],
        },
        "int8": {
            "macro_f1_dev": f1_dev[1],
            "macro_f1_test": f1_test[1],
            "agreement_fp32_unlabeled": unlabeled,
            "n_unlabeled": 2000,
        },
    }


def test_faithful_int8_is_served():
    (fp32_ok, _), (int8_ok, why) = gate(report())
    assert fp32_ok and int8_ok
    assert "2000 unlabeled" in why


@pytest.mark.parametrize(
    "kwargs",
    [
        {"f1_dev": (0.70, 0.68)},  # loses more than 0.01 on dev
        {"unlabeled": 0.985},  # disagrees with fp32 on more than 1 % of unlabeled texts
        {"fp32_dev_agree": 0.99},  # fp32 itself is not faithful to torch
    ],
)
def test_int8_is_refused(kwargs):
    (_, _), (int8_ok, _) = gate(report(**kwargs))
    assert not int8_ok


def test_test_figures_do_not_decide():
    (_, _), (ok_bad_test, _) = gate(report(f1_test=(0.80, 0.60)))
    (_, _), (ok_good_test, _) = gate(report(f1_dev=(0.70, 0.65), f1_test=(0.60, 0.80)))
    assert ok_bad_test and not ok_good_test
