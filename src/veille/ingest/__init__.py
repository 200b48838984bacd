"""Readers: bytes and files to :class:`RawDocument`, with clear errors for bad input.

:func:`decode` and :func:`read_text` read one text; :func:`veille.ingest.readers.read_paths`
reads files of every supported format and folders, yielding documents and
:class:`ReadError` records (a bad document never stops the others).
"""

from __future__ import annotations

import logging
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

log = logging.getLogger(__name__)

MAX_BYTES = 50 * 1024 * 1024  # a dispatch is kilobytes; 50 MB is a wrong file, not an article
_CONTROL = frozenset(range(0, 32)) - {9, 10, 12, 13}


class InputError(ValueError):
    """A document cannot be read: the message says what is wrong and what to do."""


@dataclass
class RawDocument:
    """A text to analyse and what its container says about it.

    ``meta`` keys (all optional): ``path``, ``location`` (``line 12``, ``item 3``, ``row 4``),
    ``title``, ``date`` (YYYY-MM-DD), ``url``, ``source``, ``author``, ``site``, ``id`` (the
    caller's own identifier).
    """

    text: str
    meta: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class ReadError:
    """A document that could not be read: where it is and why."""

    path: str
    reason: str
    location: str = ""


def decode(data: bytes, name: str = "input") -> str:
    """Decode the bytes of a text document: UTF-8 (with or without BOM), else the detected
    legacy encoding (cp1252, latin-1…). Raises :class:`InputError` for binary, undecodable or
    empty input."""
    if len(data) > MAX_BYTES:
        raise InputError(
            f"{name}: {len(data) / 1e6:.0f} MB is too large for one dispatch "
            f"(limit {MAX_BYTES // 1_000_000} MB): split it into articles"
        )
    if not data.strip():
        raise InputError(f"{name}: empty input: there is no text to analyse")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        text = data.decode("utf-16")
    elif b"\x00" in data[:8192] or _looks_binary(data[:8192]):
        raise InputError(f"{name}: binary data, not text: give a UTF-8 or cp1252 text file")
    else:
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            text = _decode_legacy(data, name)
    if not text.strip():
        raise InputError(f"{name}: empty input: there is no text to analyse")
    return text


def _looks_binary(head: bytes) -> bool:
    controls = sum(1 for b in head if b in _CONTROL)
    return controls > max(2, len(head) // 100)


def _decode_legacy(data: bytes, name: str) -> str:
    from charset_normalizer import from_bytes

    best = from_bytes(
        data, cp_isolation=["cp1252", "latin_1", "iso8859_15", "mac_roman", "cp850", "utf_16"]
    ).best()
    if best is None:
        raise InputError(
            f"{name}: the bytes are in no known text encoding: convert the file to UTF-8"
        )
    log.info("%s: decoded as %s", name, best.encoding)
    return str(best)


def read_text(path: str | Path) -> RawDocument:
    """Read a text file (``-`` for standard input) into a :class:`RawDocument`."""
    if str(path) == "-":
        data = sys.stdin.buffer.read()
        return RawDocument(decode(data, "stdin"), {"path": "-"})
    p = Path(path)
    if not p.exists():
        raise InputError(f"{p}: no such file")
    if p.is_dir():
        raise InputError(f"{p}: is a folder, give a file")
    try:
        data = p.read_bytes()
    except OSError as exc:
        raise InputError(f"{p}: cannot read: {exc.strerror}") from exc
    return RawDocument(decode(data, str(p)), {"path": str(p)})


def check_text(text: object, name: str = "") -> str:
    """The text of a record (JSONL, CSV, feed item) if it is usable, else :class:`InputError`
    (whose message starts with ``name:`` when a name is given)."""
    where = f"{name}: " if name else ""
    if not isinstance(text, str):
        raise InputError(f"{where}'text' must be a string, not {type(text).__name__}")
    if not text.strip():
        raise InputError(f"{where}empty text: there is nothing to analyse")
    if len(text) > MAX_BYTES:
        raise InputError(f"{where}text too large for one dispatch: split it into articles")
    head = text[:8192]
    if "\x00" in head or sum(1 for c in head if ord(c) in _CONTROL) > max(2, len(head) // 100):
        raise InputError(f"{where}binary data, not text")
    return text
