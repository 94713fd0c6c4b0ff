"""`parley score --engine spark`: the same job on a Spark session, through ``spark_udf``.

The model runs in ``mlflow.pyfunc.spark_udf`` (the registered pyfunc, hence the same predict
code as the API); row validation, JSONL parsing and the output writers are the local engine's.

* Order: a row id is taken right after reading and the plan has no shuffle, so partitions
  written in order hold the rows in input order; assembly checks the ids really increase.
* Bad rows never reach the model: their text is replaced by a placeholder and the UDF's answer
  discarded (a Python UDF inside ``when`` is evaluated for every row anyway).
* Output: Spark writes Parquet parts to ``OUTPUT.parts/spark/``; the driver streams them into
  the single output file with the local engine's writers, so both engines share one schema.
* Settings reach the executors by value: the engine config travels in the UDF as MLflow's
  ``model_config`` (and ``spark_udf`` carries the driver's tracking URI in its closure), never
  through environment variables. MLflow applies ``model_config`` where executors load the
  driver's copy of the model (local mode, a shared NFS cache); on a cluster where it broadcasts
  the model as an archive, its loader drops the config and the engine's defaults apply.

Pitfalls handled: workers run this Python (``PYSPARK_PYTHON``, set by
``inference.settings.prepare_spark_process``); in local mode Spark binds to 127.0.0.1;
``spark.sql.execution.arrow.maxRecordsPerBatch`` (``Settings.spark_arrow_batch``) bounds the rows
per UDF call; the UDF returns a typed struct; internal column names start with ``__parley_``.
"""

from __future__ import annotations

import dataclasses
import logging
import time
from collections.abc import Iterator
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from inference.settings import Settings, prepare_spark_process
from parley_model.config import EngineConfig
from parley_model.labels import SCORE_COLUMNS
from serving.batch.prepare import Prepared, Summary, finish
from serving.batch.rows import text_error
from serving.batch.sources import JsonlSource, JsonTypes, is_blank, jsonl_chunk

log = logging.getLogger("parley.batch")

ROW, ERR, TEXT, PRED = "__parley_row", "__parley_error", "__parley_text", "__parley_pred"
PLACEHOLDER = "."  # stands in for an unscorable text; its prediction is discarded
RESULT_DDL = "label string, " + ", ".join(f"{c} double" for c in SCORE_COLUMNS)
RESULT_DDL += ", truncated boolean"


def build_session(
    master: str = "local[*]", app_name: str = "parley-score", settings: Settings | None = None
):
    """A SparkSession that runs this interpreter's Python and, locally, stays on 127.0.0.1.
    ``settings`` gives the rows per Arrow batch and the log level (default: the environment's)."""
    settings = settings if settings is not None else Settings.from_env()
    local = master.startswith("local")
    prepare_spark_process(local)
    from pyspark.sql import SparkSession

    builder = (
        SparkSession.builder.master(master)
        .appName(app_name)
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        .config("spark.sql.shuffle.partitions", "4")
        .config("spark.sql.execution.arrow.pyspark.enabled", "true")
        .config("spark.sql.execution.arrow.maxRecordsPerBatch", str(settings.spark_arrow_batch))
        .config("spark.log.level", settings.spark_log_level)
    )
    if local:
        builder = builder.config("spark.driver.host", "127.0.0.1").config(
            "spark.driver.bindAddress", "127.0.0.1"
        )
    return builder.getOrCreate()


def executor_engine(settings: Settings) -> EngineConfig:
    """The driver's engine config for the executors, with one torch thread per worker unless
    told otherwise (Spark runs one Python worker per core)."""
    engine = settings.engine()
    if engine.torch_threads == 0:
        engine = dataclasses.replace(engine, torch_threads=1)
    return engine


def _with_validation(batches: Iterator[pa.RecordBatch], text_column: str):
    """Add the error and the text the model sees (the same checks as the local engine)."""
    for batch in batches:
        errors = [text_error(v) for v in batch.column(text_column).to_pylist()]
        texts = batch.column(text_column).to_pylist()
        model_text = [PLACEHOLDER if e else t for e, t in zip(errors, texts, strict=True)]
        yield pa.RecordBatch.from_arrays(
            [*batch.columns, pa.array(errors, pa.string()), pa.array(model_text, pa.string())],
            names=[*batch.schema.names, ERR, TEXT],
        )


def _parse_jsonl(batches: Iterator[pa.RecordBatch], types: JsonTypes, text_column: str):
    """Lines -> typed columns + error + model text, with the local engine's parser."""
    for batch in batches:
        lines = batch.column("value").to_pylist()
        rows = batch.column(ROW).to_pylist()
        keep = [i for i, line in enumerate(lines) if line is not None and not is_blank(line)]
        chunk = jsonl_chunk([lines[i] for i in keep], types, text_column)
        errors = [
            pe or text_error(t) for pe, t in zip(chunk.parse_errors, chunk.texts, strict=True)
        ]
        model_text = [PLACEHOLDER if e else t for e, t in zip(errors, chunk.texts, strict=True)]
        yield pa.RecordBatch.from_arrays(
            [
                *(column.combine_chunks() for column in chunk.table.columns),
                pa.array([rows[i] for i in keep], pa.int64()),
                pa.array(errors, pa.string()),
                pa.array(model_text, pa.string()),
            ],
            names=[*chunk.table.schema.names, ROW, ERR, TEXT],
        )


def _read(spark, p: Prepared):
    """The input as a DataFrame with a row id, the error and the model's text."""
    from pyspark.sql import functions as F
    from pyspark.sql.types import LongType, StringType, StructField, StructType

    source, path, text = p.source, str(p.job.input.resolve()), p.job.text_column
    extra = [StructField(ERR, StringType()), StructField(TEXT, StringType())]
    if isinstance(source, JsonlSource):
        lines = spark.read.text(path, lineSep="\n").withColumn(ROW, F.monotonically_increasing_id())
        lines = _spread(spark, lines, p.settings.spark_partitions)
        columns = _spark_schema(source.schema)
        out = StructType([*columns.fields, StructField(ROW, LongType()), *extra])
        types, col = source.types, text
        return lines.mapInArrow(lambda it: _parse_jsonl(it, types, col), out)
    if source.format == "csv":
        reader = spark.read.schema(_spark_schema(source.schema)).options(
            header=True, multiLine=True, quote='"', escape='"', mode="FAILFAST"
        )
        df = reader.csv(path)
    else:
        df = spark.read.parquet(path)
    df = df.withColumn(ROW, F.monotonically_increasing_id())
    df = _spread(spark, df, p.settings.spark_partitions)
    out = StructType([*df.schema.fields, *extra])
    return df.mapInArrow(lambda it: _with_validation(it, text), out)


def _spread(spark, df, partitions: int = 0):
    """Give every core a share: a multi-line CSV (or a small file) is read as a single partition.
    Range-partitioning on the row id keeps partitions in input order, and the local sort keeps
    rows in order inside each one; both happen before the UDF, which runs once. ``partitions``
    (``Settings.spark_partitions``) 0 means one per core."""
    wanted = partitions or spark.sparkContext.defaultParallelism
    have = df.rdd.getNumPartitions()
    log.info("spark: input read as %d partition(s); scoring on %d", have, max(have, wanted))
    if have >= wanted:
        return df
    return df.repartitionByRange(wanted, ROW).sortWithinPartitions(ROW)


def _spark_schema(schema: pa.Schema):
    from pyspark.sql.pandas.types import from_arrow_schema

    return from_arrow_schema(schema)


def _ordered_parts(directory: Path) -> list[Path]:
    """Spark's part files in partition order, checked to hold strictly increasing row ids."""
    parts = sorted(directory.glob("part-*.parquet"), key=lambda x: int(x.name.split("-")[1]))
    last = -1
    for part in parts:
        ids = pq.read_table(part, columns=[ROW]).column(ROW).to_numpy()
        if len(ids) and (ids[0] <= last or (ids[1:] <= ids[:-1]).any()):
            raise RuntimeError(f"Spark returned rows out of input order in {part}")
        last = ids[-1] if len(ids) else last
    return parts


def run_spark(p: Prepared, spark=None) -> Summary:
    """Score with Spark; reuse an active session (tests) or start one on ``--spark-master``."""
    import mlflow
    from pyspark.sql import SparkSession
    from pyspark.sql import functions as F

    t0 = time.monotonic()
    logging.getLogger("py4j").setLevel(logging.WARNING)
    spark = spark or SparkSession.getActiveSession()
    owned = spark is None
    if owned:
        spark = build_session(p.job.spark_master, settings=p.settings)
    try:
        udf = mlflow.pyfunc.spark_udf(
            spark,
            p.model_version,
            result_type=RESULT_DDL,
            env_manager="local",
            model_config=executor_engine(p.settings).as_dict(),
        )
        df = _read(spark, p)
        df = df.withColumn(PRED, udf(F.struct(F.col(TEXT).alias("text"))))
        ok = F.col(ERR).isNull()
        results = {
            "label": F.when(ok, F.col(f"{PRED}.label")),
            **{c: F.when(ok, F.col(f"{PRED}.{c}")) for c in SCORE_COLUMNS},
            "truncated": F.when(ok, F.col(f"{PRED}.truncated")),
            "model_version": F.lit(p.model_version),
            "error": F.col(ERR),
        }
        if "abstain" in p.names:  # inference.predict.add_abstain as a column expression
            top = F.greatest(*(F.col(f"{PRED}.{c}") for c in SCORE_COLUMNS))
            results["abstain"] = F.when(ok, top < F.lit(p.settings.abstain_below))
        originals = [F.col(f"`{name}`") for name in p.source.schema.names]
        named = [expr.alias(p.names[name]) for name, expr in results.items()]
        target = p.work.path / "spark"
        df.select(*originals, *named, F.col(ROW)).write.mode("overwrite").parquet(str(target))
    finally:
        if owned:
            spark.stop()
    parts = _ordered_parts(target)
    return finish(p, scored=p.source.num_rows, resumed_rows=0, t0=t0, parts=parts)
