"""Batch scoring of CSV, JSONL and Parquet files: local, remote (fsspec) and Spark."""
