"""Turn a source declaration into something an engine can stage.

CSV, JSON/NDJSON and Parquet become a :class:`~tessera.engines.base.FileScan` the engine reads
itself (no Python per row). Excel sheets (python-calamine, a Rust reader) and SQL queries
(SQLAlchemy, any dialect it knows) become Arrow tables of text columns. Every failure to read
is one :class:`~tessera.errors.SourceReadError` line naming the file.
"""

from __future__ import annotations

import codecs
import datetime as dt
import math
from pathlib import Path
from typing import Any

import pyarrow as pa

from tessera.config import SourceConfig
from tessera.engines.base import ROW_COLUMN, FileScan
from tessera.errors import SourceReadError

_CHUNK = 1 << 20


def open_source(src: SourceConfig, folder: Path, scratch: Path) -> FileScan | pa.Table:
    """A native scan or an Arrow table for ``src``; ``scratch`` holds temporary files."""
    if src.format == "sql":
        return read_sql(src)
    path = source_path(src, folder)
    if src.format == "csv":
        if src.encoding not in ("utf-8", "utf-8-sig"):
            path = transcode_to_utf8(path, src.encoding, scratch)
        return FileScan("csv", path, delimiter=src.delimiter or sniff_delimiter(path))
    if src.format in ("json", "ndjson"):
        fmt = "newline_delimited" if src.format == "ndjson" else "auto"
        return FileScan("json", path, options={"json_format": fmt})
    if src.format == "parquet":
        return FileScan("parquet", path)
    return read_excel(path, src.sheet)


def source_path(src: SourceConfig, folder: Path) -> Path:
    """The source's file, resolved against the workspace folder; it must exist."""
    assert src.path is not None
    path = Path(src.path)
    if not path.is_absolute():
        path = folder / path
    if not path.is_file():
        raise SourceReadError(f"{path}: file not found")
    return path


_DELIMITERS = (",", ";", "\t", "|")


def sniff_delimiter(path: Path) -> str:
    """The candidate delimiter that splits the header line into the most columns."""
    try:
        with path.open(encoding="utf-8", errors="replace", newline="") as f:
            header = f.readline()
    except OSError as exc:
        raise SourceReadError(f"{path}: cannot be read ({exc.strerror or exc})") from None
    unquoted = "".join(part for i, part in enumerate(header.split('"')) if i % 2 == 0)
    counts = {d: unquoted.count(d) for d in _DELIMITERS}
    best = max(_DELIMITERS, key=lambda d: counts[d])
    return best if counts[best] else ","


def transcode_to_utf8(path: Path, encoding: str, scratch: Path) -> Path:
    """Stream a file in another encoding into a UTF-8 copy under ``scratch``."""
    out = scratch / (path.name + ".utf8")
    decoder = codecs.getincrementaldecoder(encoding)(errors="strict")
    offset = 0
    try:
        with path.open("rb") as fin, out.open("w", encoding="utf-8", newline="") as fout:
            while chunk := fin.read(_CHUNK):
                fout.write(decoder.decode(chunk))
                offset += len(chunk)
            fout.write(decoder.decode(b"", final=True))
    except UnicodeDecodeError as exc:
        raise SourceReadError(
            f"{path}: not valid {encoding} at byte {offset + exc.start} "
            "(check the source's 'encoding')"
        ) from None
    except OSError as exc:
        raise SourceReadError(f"{path}: cannot be read ({exc.strerror or exc})") from None
    return out


def _cell_text(value: Any) -> str | None:
    """Excel cells as the text a person typed: 3331234567.0 -> '3331234567', dates ISO."""
    if value is None:
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        if math.isfinite(value) and value.is_integer() and abs(value) < 1e16:
            return str(int(value))
        return repr(value)
    if isinstance(value, dt.datetime):
        return value.isoformat(sep=" ")
    if isinstance(value, (dt.date, dt.time)):
        return value.isoformat()
    if isinstance(value, dt.timedelta):
        return str(value)
    text = str(value)
    return text if text != "" else None


def read_excel(path: Path, sheet: str | int) -> pa.Table:
    """One sheet of an .xlsx workbook as text columns; the first row is the header."""
    import python_calamine as calamine

    try:
        book = calamine.CalamineWorkbook.from_path(str(path))
    except Exception as exc:  # calamine raises its own hierarchy for broken files
        raise SourceReadError(f"{path}: cannot be read as an Excel workbook ({exc})") from None
    try:
        ws = (
            book.get_sheet_by_name(sheet)
            if isinstance(sheet, str)
            else (book.get_sheet_by_index(sheet))
        )
    except Exception:
        raise SourceReadError(
            f"{path}: no sheet {sheet!r} (sheets: {', '.join(book.sheet_names)})"
        ) from None
    rows = ws.to_python(skip_empty_area=False)
    if not rows:
        raise SourceReadError(f"{path}: sheet {sheet!r} is empty (no header row)")
    header = [(_cell_text(h) or f"column_{i + 1}").strip() for i, h in enumerate(rows[0])]
    _check_unique(header, path)
    columns: dict[str, list[str | None]] = {h: [] for h in header}
    numbers: list[int] = []
    for idx, row in enumerate(rows[1:], start=2):
        cells = [_cell_text(v) for v in row]
        if not any(c is not None and c.strip() for c in cells):
            continue  # a blank line in a sheet is layout, not a record
        numbers.append(idx)
        for h, cell in zip(header, cells + [None] * (len(header) - len(cells)), strict=False):
            columns[h].append(cell)
    arrays = {ROW_COLUMN: pa.array(numbers, pa.int64())}
    arrays.update({h: pa.array(v, pa.string()) for h, v in columns.items()})
    return pa.table(arrays)


def _check_unique(header: list[str], path: Path) -> None:
    seen: set[str] = set()
    for h in header:
        if h in seen:
            raise SourceReadError(f"{path}: column '{h}' appears twice in the header")
        seen.add(h)


def read_sql(src: SourceConfig) -> pa.Table:
    """Run the source's query through SQLAlchemy and return text columns."""
    import sqlalchemy as sa

    assert src.url and src.query
    where = describe_url(src.url)
    try:
        engine = sa.create_engine(src.url)
    except Exception as exc:
        raise SourceReadError(f"{where}: cannot connect ({_one_line(exc)})") from None
    try:
        with engine.connect() as con:
            result = con.execute(sa.text(src.query))
            names = [str(k) for k in list(result.keys())]
            _check_unique(names, Path(where))
            cols: list[list[str | None]] = [[] for _ in names]
            for row in result:
                for i, v in enumerate(row):
                    cols[i].append(_cell_text(v))
    except SourceReadError:
        raise
    except Exception as exc:
        raise SourceReadError(f"{where}: query failed ({_one_line(exc)})") from None
    finally:
        engine.dispose()
    n = len(cols[0]) if cols else 0
    arrays = {ROW_COLUMN: pa.array(range(1, n + 1), pa.int64())}
    arrays.update({name: pa.array(c, pa.string()) for name, c in zip(names, cols, strict=True)})
    return pa.table(arrays)


def describe_url(url: str) -> str:
    """A database URL fit for messages and logs: the password hidden."""
    import sqlalchemy as sa

    try:
        return sa.engine.make_url(url).render_as_string(hide_password=True)
    except Exception:
        return "the SQL source"


def _one_line(exc: BaseException) -> str:
    lines = str(exc).strip().splitlines()
    return lines[0] if lines else type(exc).__name__
