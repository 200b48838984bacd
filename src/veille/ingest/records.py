"""JSONL and CSV corpora: one document per line or row, ``text`` plus optional metadata
(``title``, ``date``, ``url``, ``source``, ``id``).

Lines are read with a bound: a line longer than ``max_bytes`` is skipped (and recorded) without
being loaded into memory, and a failure on one record is an error for that record only.
"""

from __future__ import annotations

import csv
import io
import json
import logging
from collections.abc import Iterator
from typing import BinaryIO

from veille.ingest import (
    MAX_BYTES,
    InputError,
    RawDocument,
    ReadError,
    check_text,
    failure_reason,
    megabytes,
)
from veille.ingest.meta import clean_meta

log = logging.getLogger(__name__)


def read_jsonl(
    stream: BinaryIO, path: str, *, max_bytes: int = MAX_BYTES
) -> Iterator[RawDocument | ReadError]:
    """Documents from JSON Lines, read line by line (a corpus can be larger than memory, a
    line cannot be larger than ``max_bytes``). A bad line is an error for that line only."""
    n = 0
    while True:
        raw = stream.readline(max_bytes + 1)
        if not raw:
            return
        n += 1
        where = f"line {n}"
        if len(raw) > max_bytes and not raw.endswith(b"\n"):
            _skip_line(stream)
            yield ReadError(path, _too_long(max_bytes), where)
            continue
        if not raw.strip():
            continue
        try:
            item = _jsonl_record(raw, path, where, max_bytes)
        except Exception as exc:  # one record's failure is that record's only
            log.debug("%r %s: cannot read", path, where, exc_info=True)
            item = ReadError(path, failure_reason(exc), where)
        yield item


def _jsonl_record(raw: bytes, path: str, where: str, max_bytes: int) -> RawDocument | ReadError:
    try:
        line = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        return ReadError(path, "not UTF-8: JSON Lines must be UTF-8", where)
    try:
        record = json.loads(line)
    except json.JSONDecodeError as exc:
        return ReadError(path, f"invalid JSON: {exc.msg} (column {exc.colno})", where)
    if not isinstance(record, dict):
        return ReadError(path, "a line must be a JSON object with a 'text' field", where)
    return _record(record, path, where, max_bytes)


def _too_long(max_bytes: int) -> str:
    return (
        f"line too long for one document (over {megabytes(max_bytes)}): skipped; split the "
        "document, or raise the limit with --max-bytes"
    )


def _skip_line(stream: BinaryIO) -> None:
    """Read to the end of the current line, a megabyte at a time."""
    while True:
        chunk = stream.readline(1 << 20)
        if not chunk or chunk.endswith(b"\n"):
            return


class _LineTooLong(Exception):
    """A CSV line over the limit (skipped, the reader goes on with the next line)."""


class _Lines:
    """The lines of a text stream for :mod:`csv`, each read with a bound: a longer line is
    skipped to its end and raises :class:`_LineTooLong` (the csv reader starts afresh on the
    next call)."""

    def __init__(self, text: io.TextIOBase, limit: int) -> None:
        self.text = text
        self.limit = limit
        self.n = 0  # physical lines read

    def __iter__(self) -> _Lines:
        return self

    def __next__(self) -> str:
        line = self.text.readline(self.limit + 1)
        if not line:
            raise StopIteration
        self.n += 1
        if len(line) > self.limit and not line.endswith(("\n", "\r")):
            while True:
                chunk = self.text.readline(1 << 20)
                if not chunk or chunk.endswith(("\n", "\r")):
                    break
            raise _LineTooLong
        return line


def read_csv(
    stream: BinaryIO, path: str, *, max_bytes: int = MAX_BYTES
) -> Iterator[RawDocument | ReadError]:
    """Documents from a CSV (or TSV) file with a header row naming a ``text`` column. The
    delimiter (``,`` ``;`` tab) and the encoding (UTF-8, else cp1252…) are detected. A line
    or a field longer than ``max_bytes`` is an error, never read whole."""
    head = stream.read(65536)
    encoding = _encoding(head, path)
    sample = head.decode(encoding, errors="replace")
    try:
        delimiter = csv.Sniffer().sniff(sample.split("\n", 1)[0], delimiters=",;\t").delimiter
    except csv.Error:
        delimiter = "\t" if path.lower().endswith(".tsv") else ","
    text = io.TextIOWrapper(
        io.BufferedReader(_Prepend(head, stream)), encoding=encoding, newline=""
    )
    lines = _Lines(text, max_bytes)
    csv.field_size_limit(max_bytes)
    reader = csv.DictReader(lines, delimiter=delimiter)
    try:
        fields = [f.strip().lower() for f in reader.fieldnames or []]
    except _LineTooLong:
        yield ReadError(path, "header line " + _too_long(max_bytes))
        return
    if "text" not in fields:
        yield ReadError(path, f"no 'text' column (columns: {', '.join(fields) or 'none'})")
        return
    reader.fieldnames = fields
    yield from _rows(reader, lines, path, max_bytes)


def _rows(
    reader: csv.DictReader, lines: _Lines, path: str, max_bytes: int
) -> Iterator[RawDocument | ReadError]:
    n = 1  # the header is row 1
    while True:
        try:
            row = next(reader)
        except StopIteration:
            return
        except _LineTooLong:
            n += 1
            yield ReadError(path, _too_long(max_bytes), f"row {n} (line {lines.n})")
            continue
        except (csv.Error, UnicodeDecodeError) as exc:
            where = f"row {n + 1}"
            yield ReadError(path, f"unreadable CSV, stopped there: {exc}", where)
            return
        n += 1
        try:
            item = _record(row, path, f"row {n}", max_bytes)
        except Exception as exc:  # one record's failure is that record's only
            log.debug("%r row %d: cannot read", path, n, exc_info=True)
            item = ReadError(path, failure_reason(exc), f"row {n}")
        yield item


def _record(record: dict, path: str, where: str, max_bytes: int) -> RawDocument | ReadError:
    try:
        text = check_text(record.get("text"), max_bytes=max_bytes)
    except InputError as exc:
        if record.get("text") is None:
            return ReadError(path, "no 'text' field", where)
        return ReadError(path, str(exc), where)
    meta = {"path": path, "location": where, **clean_meta(record)}
    return RawDocument(text, meta)


def _encoding(head: bytes, path: str) -> str:
    try:
        head.decode("utf-8")
        return "utf-8-sig"
    except UnicodeDecodeError as exc:
        if exc.start >= len(head) - 3:  # a character cut by the sample's end
            return "utf-8-sig"
    from charset_normalizer import from_bytes

    best = from_bytes(head, cp_isolation=["cp1252", "latin_1", "iso8859_15"]).best()
    encoding = best.encoding if best is not None else "cp1252"
    log.info("%s: decoded as %s", path, encoding)
    return encoding


class _Prepend(io.RawIOBase):
    """A binary stream that first gives back ``head`` (already read), then the rest."""

    def __init__(self, head: bytes, rest: BinaryIO) -> None:
        self._head = head
        self._rest = rest

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: memoryview) -> int:  # type: ignore[override]
        if self._head:
            n = min(len(buffer), len(self._head))
            buffer[:n] = self._head[:n]
            self._head = self._head[n:]
            return n
        data = self._rest.read(len(buffer))
        buffer[: len(data)] = data
        return len(data)
