"""Files and folders to documents: the format is chosen by extension, else sniffed.

Supported: ``.txt`` (any encoding :func:`veille.ingest.decode` reads), ``.html``/``.htm``,
RSS/Atom (``.xml``, ``.rss``, ``.atom``), ``.jsonl``/``.ndjson``, ``.csv``/``.tsv``, folders
(recursively, hidden files skipped) and ``-`` for JSON Lines on standard input.

Whatever goes wrong while reading one input (an undecodable file, a date that overflows, a
feed nested too deeply, an I/O error) is a :class:`ReadError` for that input, and reading
goes on with the next one; inside a JSONL or CSV file, with the next record.
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import BinaryIO

from veille.ingest import (
    MAX_BYTES,
    RawDocument,
    ReadError,
    check_readable,
    decode,
    failure_reason,
    read_bytes,
)

log = logging.getLogger(__name__)

Item = RawDocument | ReadError

SUFFIXES = {
    ".txt": "text",
    ".text": "text",
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
    ".xml": "feed",
    ".rss": "feed",
    ".atom": "feed",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".csv": "csv",
    ".tsv": "csv",
}


def read_paths(
    paths: Iterable[str | Path], *, stdin: BinaryIO | None = None, max_bytes: int = MAX_BYTES
) -> Iterator[Item]:
    """Every document in ``paths`` (files, folders, ``-`` for JSONL on stdin), in order, and
    a :class:`ReadError` for each one that cannot be read. No input is read beyond
    ``max_bytes + 1`` bytes a document."""
    for path in paths:
        yield from guarded(_read_path(path, stdin, max_bytes), str(path))


def _read_path(path: str | Path, stdin: BinaryIO | None, max_bytes: int) -> Iterator[Item]:
    if str(path) == "-":
        from veille.ingest.records import read_jsonl

        yield from read_jsonl(stdin or sys.stdin.buffer, "-", max_bytes=max_bytes)
        return
    p = Path(path)
    if p.is_dir():
        files = iter_files(p)
        if not files:
            yield ReadError(str(p), "folder without files")
        for f in files:
            yield from read_file(f, max_bytes=max_bytes)
    else:
        yield from read_file(p, max_bytes=max_bytes)


def guarded(items: Iterator[Item], name: str) -> Iterator[Item]:
    """``items``; if producing them raises, a :class:`ReadError` for ``name`` in place of the
    exception (what that input had left is lost, the caller goes on with the next input)."""
    try:
        yield from items
    except Exception as exc:
        log.debug("reading %r failed", name, exc_info=True)
        yield ReadError(name, failure_reason(exc, name))


def iter_files(folder: Path) -> list[Path]:
    """The files under ``folder``, recursively, sorted; hidden files and folders skipped."""
    return sorted(
        f
        for f in folder.rglob("*")
        if f.is_file() and not any(part.startswith(".") for part in f.relative_to(folder).parts)
    )


def read_file(path: Path, *, max_bytes: int = MAX_BYTES) -> Iterator[Item]:
    """The documents of one file, whatever its format; a :class:`ReadError` for each one
    that cannot be read (never an exception)."""
    yield from guarded(_read_file(Path(path), max_bytes), str(path))


def _read_file(path: Path, max_bytes: int) -> Iterator[Item]:
    name = str(path)
    kind = SUFFIXES.get(path.suffix.lower())
    if kind in ("jsonl", "csv"):
        from veille.ingest.records import read_csv, read_jsonl

        check_readable(path)
        with path.open("rb") as stream:
            reader = read_jsonl if kind == "jsonl" else read_csv
            yield from reader(stream, name, max_bytes=max_bytes)
        return
    data = read_bytes(path, max_bytes)
    kind = kind or sniff(data)
    if kind == "html":
        from veille.ingest.html import read_html

        yield read_html(data, name, max_bytes=max_bytes)
    elif kind == "feed":
        from veille.ingest.feeds import read_feed

        yield from read_feed(data, name, max_bytes=max_bytes)
    elif kind == "jsonl":
        import io

        from veille.ingest.records import read_jsonl

        yield from read_jsonl(io.BytesIO(data), name, max_bytes=max_bytes)
    else:
        yield RawDocument(decode(data, name, max_bytes=max_bytes), {"path": name})


def sniff(data: bytes) -> str:
    """The format of a file without a known extension, from its first bytes."""
    head = data[:1024].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if head.startswith((b"<!doctype html", b"<html")):
        return "html"
    if head.startswith(b"<?xml") or head.startswith((b"<rss", b"<feed", b"<rdf")):
        return "html" if b"<html" in head else "feed"
    if head.startswith(b"{"):
        return "jsonl"
    return "text"
