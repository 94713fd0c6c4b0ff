"""Writers for batch scoring's output file: CSV, JSONL and Parquet, one schema per file.

Both engines, resumed or not, stream their committed parts through these writers, so the bytes
of an output depend only on its rows.
"""

from __future__ import annotations

import json
import math
from abc import ABC, abstractmethod
from datetime import date, datetime, time
from decimal import Decimal
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv
import pyarrow.parquet as pq


def _json_default(value: Any) -> Any:
    if isinstance(value, (datetime, date, time)):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, bytes):
        return value.decode("utf-8", errors="replace")
    return str(value)


def _is_flat(typ: pa.DataType) -> bool:
    return not (pa.types.is_nested(typ) or pa.types.is_dictionary(typ))


class Sink(ABC):
    """Writes tables of one schema to one file, in order; one subclass per output format."""

    def __init__(self, path: Path, schema: pa.Schema):
        self.path = path
        self.schema = schema

    @abstractmethod
    def write(self, table: pa.Table) -> None: ...

    @abstractmethod
    def close(self) -> None: ...


# OWASP "CSV injection": a cell starting with one of these is a formula to a spreadsheet.
FORMULA_START = r"^[=+\-@\t\r]"


def neutralise_formulas(col: pa.ChunkedArray | pa.Array) -> pa.ChunkedArray | pa.Array:
    r"""Prefix ``'`` to each text value that starts with =, +, -, @, tab or carriage return
    (so ``\t=cmd`` too): spreadsheets then show it as text instead of running it."""
    risky = pc.fill_null(pc.match_substring_regex(col, FORMULA_START), False)
    if not pc.any(risky).as_py():
        return col
    return pc.if_else(risky, pc.binary_join_element_wise("'", col, ""), col)


class CsvSink(Sink):
    """CSV; nested values (lists, structs from Parquet) are written as JSON text. Text cells
    that a spreadsheet would run as formulas get a leading ``'`` unless ``escape_formulas`` is
    off (``parley score --csv-raw`` / ``PARLEY_CSV_RAW=1``)."""

    def __init__(self, path: Path, schema: pa.Schema, escape_formulas: bool = True):
        super().__init__(path, schema)
        self.escape_formulas = escape_formulas
        self._nested = [f.name for f in schema if not _is_flat(f.type)]
        flat = pa.schema(
            [pa.field(f.name, pa.string()) if f.name in self._nested else f for f in schema]
        )
        self._writer = pacsv.CSVWriter(str(path), flat)
        self._flat = flat

    def write(self, table: pa.Table) -> None:
        for name in self._nested:
            values = [
                None if v is None else json.dumps(v, default=_json_default, ensure_ascii=False)
                for v in table.column(name).to_pylist()
            ]
            idx = table.schema.get_field_index(name)
            table = table.set_column(idx, name, pa.array(values, type=pa.string()))
        table = table.cast(self._flat)
        if self.escape_formulas:
            for idx, f in enumerate(self._flat):
                if pa.types.is_string(f.type) or pa.types.is_large_string(f.type):
                    table = table.set_column(idx, f, neutralise_formulas(table.column(idx)))
        self._writer.write_table(table)

    def close(self) -> None:
        self._writer.close()


class JsonlSink(Sink):
    def __init__(self, path: Path, schema: pa.Schema):
        super().__init__(path, schema)
        self._fh = open(path, "w", encoding="utf-8", newline="\n")  # noqa: SIM115 - closed in close()

    def write(self, table: pa.Table) -> None:
        lines = []
        for row in table.to_pylist():
            for key, value in row.items():
                if isinstance(value, float) and not math.isfinite(value):
                    row[key] = None  # NaN/inf are not JSON
            lines.append(json.dumps(row, ensure_ascii=False, default=_json_default))
        if lines:
            self._fh.write("\n".join(lines) + "\n")

    def close(self) -> None:
        self._fh.close()


class ParquetSink(Sink):
    """Parquet in row groups of ``ROW_GROUP_ROWS`` whatever the chunking upstream, so the bytes
    depend only on the rows (both engines, resumed or not, write the same file)."""

    ROW_GROUP_ROWS = 20_000

    def __init__(self, path: Path, schema: pa.Schema):
        super().__init__(path, schema)
        self._writer = pq.ParquetWriter(str(path), schema)
        self._pending: list[pa.Table] = []
        self._rows = 0

    def write(self, table: pa.Table) -> None:
        self._pending.append(table)
        self._rows += table.num_rows
        if self._rows >= self.ROW_GROUP_ROWS:
            whole = pa.concat_tables(self._pending)
            full = (self._rows // self.ROW_GROUP_ROWS) * self.ROW_GROUP_ROWS
            for start in range(0, full, self.ROW_GROUP_ROWS):
                self._write_group(whole.slice(start, self.ROW_GROUP_ROWS))
            rest = whole.slice(full)
            self._pending, self._rows = [rest], rest.num_rows

    def _write_group(self, table: pa.Table) -> None:
        self._writer.write_table(table.combine_chunks(), row_group_size=self.ROW_GROUP_ROWS)

    def close(self) -> None:
        if self._rows:
            self._write_group(pa.concat_tables(self._pending))
        self._writer.close()


def open_sink(path: Path, fmt: str, schema: pa.Schema, escape_formulas: bool = True) -> Sink:
    if fmt == "csv":
        return CsvSink(path, schema, escape_formulas)
    return {"jsonl": JsonlSink, "parquet": ParquetSink}[fmt](path, schema)
