"""JSONL and CSV corpora: one document per line or row, ``text`` plus optional metadata
(``title``, ``date``, ``url``, ``source``, ``id``)."""

from __future__ import annotations

import csv
import io
import json
import logging
from collections.abc import Iterator
from typing import BinaryIO

from veille.ingest import MAX_BYTES, InputError, RawDocument, ReadError, check_text
from veille.ingest.meta import clean_meta

log = logging.getLogger(__name__)


def read_jsonl(stream: BinaryIO, path: str) -> Iterator[RawDocument | ReadError]:
    """Documents from JSON Lines, read line by line (a corpus can be larger than memory).
    A bad line is an error for that line only."""
    for n, raw in enumerate(stream, 1):
        if not raw.strip():
            continue
        where = f"line {n}"
        try:
            line = raw.decode("utf-8-sig")
        except UnicodeDecodeError:
            yield ReadError(path, "not UTF-8: JSON Lines must be UTF-8", where)
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            yield ReadError(path, f"invalid JSON: {exc.msg} (column {exc.colno})", where)
            continue
        if not isinstance(record, dict):
            yield ReadError(path, "a line must be a JSON object with a 'text' field", where)
            continue
        yield _record(record, path, where)


def read_csv(stream: BinaryIO, path: str) -> Iterator[RawDocument | ReadError]:
    """Documents from a CSV (or TSV) file with a header row naming a ``text`` column. The
    delimiter (``,`` ``;`` tab) and the encoding (UTF-8, else cp1252…) are detected."""
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
    csv.field_size_limit(MAX_BYTES)
    reader = csv.DictReader(text, delimiter=delimiter)
    try:
        fields = [f.strip().lower() for f in reader.fieldnames or []]
        if "text" not in fields:
            yield ReadError(path, f"no 'text' column (columns: {', '.join(fields) or 'none'})")
            return
        reader.fieldnames = fields
        for n, row in enumerate(reader, 2):
            yield _record(row, path, f"row {n}")
    except (csv.Error, UnicodeDecodeError) as exc:
        yield ReadError(path, f"unreadable CSV, stopped there: {exc}", f"row {reader.line_num}")


def _record(record: dict, path: str, where: str) -> RawDocument | ReadError:
    try:
        text = check_text(record.get("text"))
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
