"""The file formats batch scoring reads and writes (by extension), and the error a job raises.

The bottom of ``serving.batch``: it imports nothing else of the package, so every other module
(sources, sinks, work directories, the engines) can use it.
"""

from __future__ import annotations

from pathlib import Path

FORMATS = {".csv": "csv", ".jsonl": "jsonl", ".parquet": "parquet"}


class BatchError(ValueError):
    """A batch job cannot run as asked (bad path, format, columns, or resume state)."""


def detect_format(path: str | Path) -> str:
    suffix = Path(path).suffix.lower()
    if suffix not in FORMATS:
        raise BatchError(
            f"{path}: unsupported format {suffix or '(no extension)'!r}; "
            "use a .csv, .jsonl or .parquet file"
        )
    return FORMATS[suffix]
