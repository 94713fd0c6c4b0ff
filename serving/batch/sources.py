"""Streaming readers for batch scoring: CSV, JSONL and Parquet inputs, chosen by extension.

Readers yield fixed-size chunks (the unit of commit for ``--resume``), so memory stays flat
whatever the file size. Each chunk keeps every input row: a line that cannot be parsed becomes
a row with a ``parse_error`` instead of disappearing.

Type rules (documented in README.md):

* CSV has no types: every column is read as text (so an id like ``007`` keeps its zeros);
  an unquoted empty field is null, a quoted empty field ``""`` is the empty string.
* JSONL: a first pass finds every key (in first-seen order) and its type; a key whose values
  mix types (or hold objects/arrays) becomes a text column with JSON-encoded values.
* Parquet: the file's own schema.
"""

from __future__ import annotations

import json
from collections.abc import Container, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv
import pyarrow.parquet as pq

from serving.batch.formats import BatchError, detect_format

CSV_BLOCK_BYTES = 4 << 20
# A CSV record must fit in one read block; a larger record (one huge field) grows the block
# up to this, so that the row is read and scored like the same text in JSONL.
CSV_MAX_BLOCK_BYTES = 1 << 30
MISSING = object()  # a JSONL object without the text key


@dataclass
class Chunk:
    """One slice of input rows: the original columns, the raw text values, parse errors."""

    table: pa.Table
    texts: list[Any]
    parse_errors: list[str | None]

    @property
    def num_rows(self) -> int:
        return self.table.num_rows


def rebatch(batches: Iterable[pa.RecordBatch], rows: int) -> Iterator[pa.Table]:
    """Regroup record batches into tables of exactly ``rows`` rows (the last may be shorter)."""
    buf: list[pa.RecordBatch] = []
    size = 0
    for batch in batches:
        while batch.num_rows:
            take = min(rows - size, batch.num_rows)
            buf.append(batch.slice(0, take))
            size += take
            batch = batch.slice(take)
            if size == rows:
                yield pa.Table.from_batches(buf)
                buf, size = [], 0
    if size:
        yield pa.Table.from_batches(buf)


def _check_names(names: list[str], path: Path) -> None:
    dupes = sorted({n for n in names if names.count(n) > 1})
    if dupes:
        raise BatchError(f"{path}: duplicate column names {dupes}; rename them first")


class Source:
    """A readable input: its schema, row count, and chunks of exactly ``rows`` rows."""

    format: str

    def __init__(self, path: Path, text_column: str):
        self.path = path
        self.text_column = text_column
        self.schema: pa.Schema
        self.num_rows: int

    def _require_text(self) -> None:
        if self.text_column not in self.schema.names:
            raise BatchError(
                f"{self.path}: no column {self.text_column!r}; columns are "
                f"{self.schema.names} (choose one with --text-column)"
            )

    def iter_chunks(self, rows: int, done: Container[int] = ()) -> Iterator[Chunk | None]:
        """Yield one item per chunk of ``rows`` rows, in order; ``None`` for indices in ``done``."""
        raise NotImplementedError


class CsvSource(Source):
    format = "csv"

    def __init__(self, path: Path, text_column: str):
        super().__init__(path, text_column)
        try:
            probe = pacsv.open_csv(path, read_options=pacsv.ReadOptions(block_size=1 << 16))
            names = list(probe.schema.names)
            probe.close()
        except pa.ArrowInvalid as exc:
            raise BatchError(f"{path}: cannot read CSV header: {exc}") from exc
        _check_names(names, path)
        self.schema = pa.schema([pa.field(n, pa.string()) for n in names])
        self._require_text()
        self._block = CSV_BLOCK_BYTES
        while True:  # the count pass also finds a block size that holds the largest record
            try:
                self.num_rows = sum(b.num_rows for b in self._batches(include=[text_column]))
                break
            except _Straddling:
                if self._block >= CSV_MAX_BLOCK_BYTES:
                    raise BatchError(
                        f"{path}: a record is larger than {CSV_MAX_BLOCK_BYTES >> 20} MiB; "
                        "split that field or use JSONL"
                    ) from None
                self._block *= 4

    def _batches(self, include: list[str] | None = None) -> Iterator[pa.RecordBatch]:
        """Raw batches: every column as bytes (UTF-8 is checked per row in ``iter_chunks``)."""
        convert = pacsv.ConvertOptions(
            column_types={n: pa.binary() for n in self.schema.names},
            null_values=[""],
            strings_can_be_null=True,
            quoted_strings_can_be_null=False,
            include_columns=include,
        )
        try:
            reader = pacsv.open_csv(
                self.path,
                read_options=pacsv.ReadOptions(block_size=self._block),
                parse_options=pacsv.ParseOptions(newlines_in_values=True),
                convert_options=convert,
            )
            yield from reader
        except pa.ArrowInvalid as exc:
            if "straddl" in str(exc):
                raise _Straddling(str(exc)) from exc
            raise BatchError(f"{self.path}: malformed CSV: {exc}") from exc

    def iter_chunks(self, rows: int, done: Container[int] = ()) -> Iterator[Chunk | None]:
        for i, table in enumerate(rebatch(self._batches(), rows)):
            if i in done:
                yield None
                continue
            table, errors = _utf8_columns(table)
            texts = table.column(self.text_column).to_pylist()
            yield Chunk(table, texts, errors)


class _Straddling(Exception):
    """A CSV record larger than the read block."""


def _utf8_columns(table: pa.Table) -> tuple[pa.Table, list[str | None]]:
    """Bytes columns as text; a row with a field that is not UTF-8 keeps its place with a
    ``parse_error`` (that field null, the others as read) instead of failing the file."""
    errors: list[str | None] = [None] * table.num_rows
    columns = []
    for name, col in zip(table.column_names, table.columns, strict=True):
        try:
            columns.append(pc.cast(col, pa.string()))
            continue
        except pa.ArrowInvalid:
            pass
        values = []
        for row, raw in enumerate(col.to_pylist()):
            try:
                values.append(None if raw is None else raw.decode("utf-8"))
            except UnicodeDecodeError as exc:
                values.append(None)
                errors[row] = errors[row] or (
                    f"column {name!r} is not UTF-8 (byte {raw[exc.start]:#04x} at offset "
                    f"{exc.start}); convert the file (e.g. iconv -f latin1 -t utf-8)"
                )
        columns.append(pa.array(values, type=pa.string()))
    return pa.table(columns, names=table.column_names), errors


class ParquetSource(Source):
    format = "parquet"

    def __init__(self, path: Path, text_column: str):
        super().__init__(path, text_column)
        try:
            self._file = pq.ParquetFile(path)
        except (pa.ArrowInvalid, OSError) as exc:
            raise BatchError(f"{path}: not a readable Parquet file: {exc}") from exc
        self.schema = self._file.schema_arrow.remove_metadata()
        _check_names(self.schema.names, path)
        self._require_text()
        self.num_rows = self._file.metadata.num_rows

    def iter_chunks(self, rows: int, done: Container[int] = ()) -> Iterator[Chunk | None]:
        batches = self._file.iter_batches(batch_size=min(rows, 65_536))
        for i, table in enumerate(rebatch(batches, rows)):
            if i in done:
                yield None
                continue
            table = table.replace_schema_metadata(None)
            texts = table.column(self.text_column).to_pylist()
            yield Chunk(table, texts, [None] * table.num_rows)


def _kind(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, int):
        return "int" if -(2**63) <= value < 2**63 else "other"
    if isinstance(value, float):
        return "float"
    if isinstance(value, str):
        return "str"
    return "other"


def _arrow_type(kinds: set[str]) -> tuple[pa.DataType, bool]:
    """Arrow type for a JSONL key, and whether non-text values are stored as JSON text."""
    if kinds == {"bool"}:
        return pa.bool_(), False
    if kinds == {"int"}:
        return pa.int64(), False
    if kinds and kinds <= {"int", "float"}:
        return pa.float64(), False
    return pa.string(), bool(kinds - {"str"})


_ASCII_SPACE = " \t\r\n\f\v"


def is_blank(line: bytes | str) -> bool:
    """Blank JSONL lines are not rows (ASCII whitespace, the same test on bytes and str)."""
    return not (
        line.strip(_ASCII_SPACE.encode()) if isinstance(line, bytes) else line.strip(_ASCII_SPACE)
    )


def parse_line(raw: bytes | str) -> tuple[dict | None, str | None]:
    """One JSONL line -> (object, None) or (None, why it is not a row we can read)."""
    if isinstance(raw, bytes):  # the same text whichever engine split the lines
        raw = raw.removeprefix(b"\xef\xbb\xbf").rstrip(b"\r\n")
    else:
        raw = raw.removeprefix("\ufeff").rstrip("\r\n")
    try:
        obj = json.loads(raw)
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        return None, f"invalid JSON: {exc}"
    if not isinstance(obj, dict):
        return None, f"not a JSON object (got {type(obj).__name__})"
    if ("\\u" in raw if isinstance(raw, str) else b"\\u" in raw) and _has_surrogate(obj):
        return None, "invalid text: a lone surrogate escape such as \\ud800 (not valid Unicode)"
    return obj, None


def _has_surrogate(obj: dict) -> bool:
    """A lone surrogate (valid JSON escape, invalid Unicode) cannot be stored or scored."""
    try:
        json.dumps(obj, ensure_ascii=False).encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


JsonTypes = dict[str, tuple[pa.DataType, bool]]


def _jsonl_column(typ: pa.DataType, as_json: bool, values: list[Any]) -> pa.Array:
    if as_json:
        values = [v if v is None or isinstance(v, str) else json.dumps(v) for v in values]
    elif typ == pa.float64():
        values = [None if v is None else float(v) for v in values]
    return pa.array(values, type=typ)


def jsonl_chunk(lines: list[bytes | str], types: JsonTypes, text_column: str) -> Chunk:
    """Parse JSONL lines into a chunk of the given column types (shared by both engines)."""
    parsed = [parse_line(line) for line in lines]
    objs = [obj for obj, _ in parsed]
    table = pa.table(
        {
            key: _jsonl_column(typ, as_json, [None if o is None else o.get(key) for o in objs])
            for key, (typ, as_json) in types.items()
        }
    )
    texts = [None if obj is None else obj.get(text_column, MISSING) for obj in objs]
    return Chunk(table, texts, [err for _, err in parsed])


class JsonlSource(Source):
    """JSON Lines, one object per non-blank line; blank lines are not rows."""

    format = "jsonl"

    def __init__(self, path: Path, text_column: str):
        super().__init__(path, text_column)
        kinds: dict[str, set[str]] = {}
        count = 0
        for raw in self._lines():
            count += 1
            obj, _ = parse_line(raw)
            for key, value in (obj or {}).items():
                kind = _kind(value)
                kinds.setdefault(key, set())
                if kind:
                    kinds[key].add(kind)
        self.num_rows = count
        self.types: JsonTypes = {key: _arrow_type(k) for key, k in kinds.items()}
        self.schema = pa.schema([pa.field(key, t) for key, (t, _) in self.types.items()])
        self._require_text()

    def _lines(self) -> Iterator[bytes]:
        with open(self.path, "rb") as fh:
            for raw in fh:
                if not is_blank(raw):
                    yield raw

    def iter_chunks(self, rows: int, done: Container[int] = ()) -> Iterator[Chunk | None]:
        buf: list[bytes] = []
        index = 0
        for raw in self._lines():
            buf.append(raw)
            if len(buf) == rows:
                yield None if index in done else jsonl_chunk(buf, self.types, self.text_column)
                buf, index = [], index + 1
        if buf:
            yield None if index in done else jsonl_chunk(buf, self.types, self.text_column)


def open_source(path: str | Path, text_column: str) -> Source:
    path = Path(path)
    fmt = detect_format(path)
    if not path.is_file():
        raise BatchError(f"{path}: no such file")
    cls = {"csv": CsvSource, "jsonl": JsonlSource, "parquet": ParquetSource}[fmt]
    return cls(path, text_column)
