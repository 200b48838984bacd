"""The inputs of a batch run, read in order and cut into partitions.

Inputs are local paths or fsspec URLs (``s3://…``, ``gs://…`` once their fsspec package is
installed), files or folders, each file JSONL, CSV, text (or HTML, RSS/Atom), plain or
compressed (``.gz``, ``.zst``). An uncompressed local file goes through the readers of
``veille ingest`` (:func:`veille.ingest.readers.read_file`); a compressed or remote one is
opened through fsspec and handed to the same record readers and decoder. Whatever cannot be
read is a :class:`~veille.ingest.ReadError`, recorded in the ``errors/`` table as by
``veille ingest``.

Partitions are cut in the client, ``size`` documents each, with the read errors met in
between. A partition's key hashes its content (positions, texts, metadata, errors) and the
pipeline version: the same input analysed by the same pipeline is the same partition, whose
files a second run finds and skips.
"""

from __future__ import annotations

import hashlib
import json
import logging
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from veille.ingest import MAX_BYTES, RawDocument, ReadError, decode, too_large
from veille.ingest.readers import SUFFIXES, guarded, iter_files, read_file, sniff
from veille.store.writer import ErrorRecord

log = logging.getLogger(__name__)

Item = RawDocument | ReadError
COMPRESSED = {".gz": "gzip", ".gzip": "gzip", ".zst": "zstd", ".zstd": "zstd"}


@dataclass
class Partition:
    """Documents to analyse together: ``(position in the input, text, metadata)`` each, and
    the read errors met among them."""

    index: int
    version: str
    documents: list[tuple[int, str, dict[str, Any]]] = field(default_factory=list)
    errors: list[ErrorRecord] = field(default_factory=list)
    skipped: int = 0  # repeated in the input: analysed once, in the first partition holding it

    @property
    def key(self) -> str:
        """The hash of the content and the pipeline version: the partition's file name."""
        digest = hashlib.sha256(self.version.encode() + b"\0")
        for n, text, meta in self.documents:
            record = [n, text, sorted(meta.items())]
            digest.update(json.dumps(record, ensure_ascii=False, default=str).encode() + b"\0")
        for e in self.errors:
            digest.update(json.dumps(list(e.__dict__.values()), default=str).encode() + b"\0")
        return digest.hexdigest()[:24]


def is_url(path: str) -> bool:
    return "://" in path


def compression(name: str) -> str | None:
    return COMPRESSED.get(Path(name).suffix.lower())


def read_inputs(inputs: Sequence[str], max_bytes: int = MAX_BYTES) -> Iterator[Item]:
    """Every document of ``inputs``, in order, and a ReadError for what cannot be read."""
    for source in inputs:
        yield from guarded(_read_input(str(source), max_bytes), str(source))


def _read_input(source: str, max_bytes: int) -> Iterator[Item]:
    if not is_url(source):
        path = Path(source)
        if not path.exists():
            yield ReadError(source, "no such file or folder")
            return
        files = iter_files(path) if path.is_dir() else [path]
        if path.is_dir() and not files:
            yield ReadError(source, "folder without files")
        for f in files:
            if compression(f.name):
                yield from guarded(_read_remote(str(f), max_bytes), str(f))
            else:
                yield from read_file(f, max_bytes=max_bytes)
        return
    import fsspec

    fs, root = fsspec.core.url_to_fs(source)
    names = sorted(fs.find(root)) if fs.isdir(root) else [root]
    if not names:
        yield ReadError(source, "folder without files")
    for name in names:
        url = fs.unstrip_protocol(name)
        yield from guarded(_read_remote(url, max_bytes), url)


def _kind(name: str) -> str | None:
    """The format of a file by its name, a compression suffix set aside."""
    inner = Path(name[: -len(Path(name).suffix)] if compression(name) else name)
    return SUFFIXES.get(inner.suffix.lower())


def _read_remote(url: str, max_bytes: int) -> Iterator[Item]:
    """One file through fsspec (decompressed as its suffix says), read by the record readers
    of ``veille ingest`` or decoded as one text."""
    import fsspec

    from veille.ingest.records import read_csv, read_jsonl

    kind = _kind(url)
    with fsspec.open(url, "rb", compression=compression(url)) as stream:
        if kind in ("jsonl", "csv"):
            reader = read_jsonl if kind == "jsonl" else read_csv
            yield from reader(stream, url, max_bytes=max_bytes)
            return
        data = stream.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise too_large(url, max_bytes)
    kind = kind or sniff(data)
    if kind == "jsonl":
        import io

        yield from read_jsonl(io.BytesIO(data), url, max_bytes=max_bytes)
    elif kind == "html":
        from veille.ingest.html import read_html

        yield read_html(data, url, max_bytes=max_bytes)
    elif kind == "feed":
        from veille.ingest.feeds import read_feed

        yield from read_feed(data, url, max_bytes=max_bytes)
    else:
        yield RawDocument(decode(data, url, max_bytes=max_bytes), {"path": url})


def partitions(items: Iterator[Item], version: str, size: int) -> Iterator[Partition]:
    """``items`` cut into partitions of ``size`` documents (the last one shorter), each
    document once: a text repeated in the input is analysed where it first appears."""
    from veille.ingest.corpus import _content_id, _read_error

    seen: set[str] = set()
    part = Partition(0, version)
    n = 0
    for item in items:
        cid = _content_id(item)
        if isinstance(item, ReadError) or cid is None:
            part.errors.append(_read_error(item))
            continue
        if cid in seen:
            part.skipped += 1
            continue
        seen.add(cid)
        part.documents.append((n, item.text, item.meta))
        n += 1
        if len(part.documents) >= size:
            yield part
            part = Partition(part.index + 1, version)
    if part.documents or part.errors or part.skipped or part.index == 0:
        yield part
