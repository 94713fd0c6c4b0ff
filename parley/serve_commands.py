"""`parley serve`, `score`, `analyze` and `status`: the commands that use a registered model.

Each command gets the parsed arguments and the process settings (built once in ``parley.cli``);
heavy packages are imported inside the command, not at start-up.
"""

from __future__ import annotations

import argparse
import json
import sys

from inference.settings import Settings
from parley_model.labels import MODEL_NAME


def cmd_serve(args: argparse.Namespace, settings: Settings) -> int:  # noqa: ARG001
    """The HTTP API; ``settings`` is the server's (``ServingSettings``, flags applied)."""
    from serving.api.server import run

    run(settings)
    return 0


def cmd_score(args: argparse.Namespace, settings: Settings) -> int:
    """Batch scoring of a CSV/JSONL/Parquet file (serving/batch/job.py does the work).

    ``settings`` carries --abstain-below, --csv-raw and --batch-size (see ``parley.cli``)."""
    from serving.batch.job import run_job
    from serving.batch.prepare import BatchJob
    from serving.batch.remote import batch_path

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


def cmd_analyze(args: argparse.Namespace, settings: Settings) -> int:
    """Article mode: who stands where; with --evaluate DIR, the extractor's measured figures."""
    from pathlib import Path

    from inference.predict import load_model

    if args.evaluate and args.compare_rules:
        from serving.article.stance_eval import format_run, run

        result = run(
            [args.evaluate], load_model(args.model, settings.engine()), test=args.with_test
        )
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
            report["stance"] = evaluate_stance(articles, load_model(args.model, settings.engine()))
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
    result = analyze(load_model(args.model, settings.engine()), text)
    print(json.dumps(result, ensure_ascii=False) if args.json else format_table(result))
    return 0


def cmd_status(args: argparse.Namespace, settings: Settings) -> int:  # noqa: ARG001
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
