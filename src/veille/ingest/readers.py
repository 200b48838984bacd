"""Files and folders to documents: the format is chosen by extension, else sniffed.

Supported: ``.txt`` (any encoding :func:`veille.ingest.decode` reads), ``.html``/``.htm``,
RSS/Atom (``.xml``, ``.rss``, ``.atom``), ``.jsonl``/``.ndjson``, ``.csv``/``.tsv``, folders
(recursively, hidden files skipped) and ``-`` for JSON Lines on standard input.
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import BinaryIO

from veille.ingest import InputError, RawDocument, ReadError, decode

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


def read_paths(paths: Iterable[str | Path], *, stdin: BinaryIO | None = None) -> Iterator[Item]:
    """Every document in ``paths`` (files, folders, ``-`` for JSONL on stdin), in order, and
    a :class:`ReadError` for each one that cannot be read."""
    for path in paths:
        if str(path) == "-":
            from veille.ingest.records import read_jsonl

            yield from read_jsonl(stdin or sys.stdin.buffer, "-")
            continue
        p = Path(path)
        if p.is_dir():
            files = iter_files(p)
            if not files:
                yield ReadError(str(p), "folder without files")
            for f in files:
                yield from read_file(f)
        else:
            yield from read_file(p)


def iter_files(folder: Path) -> list[Path]:
    """The files under ``folder``, recursively, sorted; hidden files and folders skipped."""
    return sorted(
        f
        for f in folder.rglob("*")
        if f.is_file() and not any(part.startswith(".") for part in f.relative_to(folder).parts)
    )


def read_file(path: Path) -> Iterator[Item]:
    """The documents of one file, whatever its format."""
    name = str(path)
    if not path.exists():
        yield ReadError(name, "no such file")
        return
    try:
        kind = SUFFIXES.get(path.suffix.lower())
        if kind in ("jsonl", "csv"):
            from veille.ingest.records import read_csv, read_jsonl

            with path.open("rb") as stream:
                yield from (read_jsonl if kind == "jsonl" else read_csv)(stream, name)
            return
        data = path.read_bytes()
    except OSError as exc:
        yield ReadError(name, f"cannot read: {exc.strerror or exc}")
        return
    kind = kind or sniff(data)
    try:
        if kind == "html":
            from veille.ingest.html import read_html

            yield read_html(data, name)
        elif kind == "feed":
            from veille.ingest.feeds import read_feed

            yield from read_feed(data, name)
        elif kind == "jsonl":
            import io

            from veille.ingest.records import read_jsonl

            yield from read_jsonl(io.BytesIO(data), name)
        else:
            yield RawDocument(decode(data, name), {"path": name})
    except InputError as exc:
        yield ReadError(name, _reason(str(exc), name))


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


def _reason(message: str, name: str) -> str:
    """The message without the path it starts with (the error record has the path)."""
    prefix = f"{name}: "
    return message[len(prefix) :] if message.startswith(prefix) else message
