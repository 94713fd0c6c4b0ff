"""`parley train`, `promote`, `evaluate` and `experiment`: the commands that make and judge models.

Each command gets the parsed arguments and the process settings (built once in ``parley.cli``);
heavy packages are imported inside the command, not at start-up.
"""

from __future__ import annotations

import argparse
import json

from inference.settings import Settings


def describe_variant(spec: dict) -> str:
    """One line for `parley experiment --help`: the encoder, its data files and epochs."""
    data = " + ".join(d.rsplit("/", 1)[-1].removesuffix(".jsonl") for d in spec["data"])
    epochs = f", {spec['epochs']} epochs" if "epochs" in spec else ""
    return f"{spec['model']} on {data}{epochs}"


def cmd_train(args: argparse.Namespace, settings: Settings) -> int:
    from training.config import load_config
    from training.metrics import format_report
    from training.train import run_training

    overrides = list(args.set or [])
    if args.model:
        overrides.append(f"model={args.model}")
    if args.epochs:
        overrides.append(f"epochs={args.epochs}")
    cfg = load_config(args.config, overrides)
    result = run_training(cfg, extra_data=args.data, settings=settings)
    print(f"run id:  {result.run_id}")
    print(f"model:   {result.model_uri}")
    if result.version:
        print(f"registered: stance-classifier version {result.version} (alias: challenger)")
    print(f"training time: {result.train_seconds:.0f}s")
    print(format_report(result.test, "test split"))
    print(format_report(result.test_unanimous, "test split, unanimous subset"))
    return 0


def cmd_promote(args: argparse.Namespace, settings: Settings) -> int:  # noqa: ARG001 - one signature
    from training.promote import promote

    decision = promote(settings)  # --margin, else PARLEY_GATE_MARGIN; thresholds PARLEY_GATE_MIN_*
    verdict = "PROMOTED" if decision.promoted else "NOT PROMOTED"
    print(
        f"{verdict}: challenger v{decision.challenger}, champion before: "
        f"{'v' + decision.champion_before if decision.champion_before else 'none'}"
    )
    if decision.challenger_f1 is not None:
        print(
            f"  challenger test macro-F1 {decision.challenger_f1:.3f}"
            + (f", champion {decision.champion_f1:.3f}" if decision.champion_f1 is not None else "")
        )
    if decision.behaviour:
        print("  behaviour: " + ", ".join(f"{k} {v:.0%}" for k, v in decision.behaviour.items()))
    for reason in decision.reasons:
        print(f"  - {reason}")
    return 0 if decision.promoted else 1


def cmd_evaluate(args: argparse.Namespace, settings: Settings) -> int:
    from inference.predict import load_model
    from training.data import load_jsonl
    from training.metrics import format_report
    from training.train import evaluate_split

    records = load_jsonl(args.data, require_id=False)
    model = load_model(args.model, settings.engine())
    full, unanimous, _ = evaluate_split(model, records)
    if args.json:
        print(
            json.dumps(
                full
                | {
                    "model": model.describe() | {"uri": args.model},
                    "unanimous": {k: unanimous[k] for k in ("n", "macro_f1", "accuracy")},
                }
            )
        )
    else:
        print(f"model: {args.model} (version {model.version})")
        print(format_report(full, args.data))
    return 0


def cmd_experiment(args: argparse.Namespace, settings: Settings) -> int:
    from training.experiments import run_experiment

    out = run_experiment(args.name, overrides=args.set, settings=settings)
    t, u = out["test"], out["test_unanimous"]
    print(
        f"| {out['variant']} | {t['macro_f1']:.3f} | {u['macro_f1']:.3f} | {t['accuracy']:.3f} "
        f"| {out['train_seconds']:.0f}s |"
    )
    return 0
