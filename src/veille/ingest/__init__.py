"""Readers: bytes and files to :class:`RawDocument`, with clear errors for bad input.

:func:`decode` and :func:`read_text` read one text; :func:`veille.ingest.readers.read_paths`
reads files of every supported format and folders, yielding documents and
:class:`ReadError` records (a bad document never stops the others).

Every read is bounded: a document (a file, a JSONL line, a record's text) larger than
``max_bytes`` (default :data:`MAX_BYTES`) is refused after reading at most ``max_bytes + 1``
bytes of it, so ``/dev/zero``, an endless pipe or a wrong multi-gigabyte file fail fast.
"""

from __future__ import annotations

import logging
import stat
import sys
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

log = logging.getLogger(__name__)

MAX_BYTES = 10 * 1024 * 1024  # a dispatch is kilobytes; 10 MB is a wrong file, not an article
_CONTROL = frozenset(range(0, 32)) - {9, 10, 12, 13}
_UTF32_BOMS = {b"\xff\xfe\x00\x00": "utf-32-le", b"\x00\x00\xfe\xff": "utf-32-be"}


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


def megabytes(n: int) -> str:
    """``10 MB``, ``1.5 MB``, ``200 bytes``: a size limit as people write it."""
    if n < 1024 * 1024:
        return f"{n:,} bytes"
    return f"{n / (1024 * 1024):.3g} MB"


def too_large(name: str, max_bytes: int, size: int | None = None) -> InputError:
    """The error for a document over the size limit (``size`` when known)."""
    where = f"{name}: " if name else ""
    limit = megabytes(max_bytes)
    what = f"{megabytes(size)}, the limit is {limit}" if size is not None else f"over {limit}"
    return InputError(
        f"{where}too large for one document ({what}): split it into articles, "
        "or raise the limit with --max-bytes"
    )


def decode(data: bytes, name: str = "input", *, max_bytes: int = MAX_BYTES) -> str:
    """Decode the bytes of a text document: UTF-8 (with or without BOM), UTF-16 (with or
    without BOM), else the detected legacy encoding (cp1252, latin-1…). Raises
    :class:`InputError` for binary, undecodable, truncated, too large or empty input."""
    if len(data) > max_bytes:
        raise too_large(name, max_bytes, len(data))
    if not data.strip():
        raise InputError(f"{name}: empty input: there is no text to analyse")
    head = data[:8192]
    wide = _wide_encoding(head)
    if wide:
        text = _decode_wide(data, wide, name)
    elif b"\x00" in head or _looks_binary(head, len(head)):
        raise InputError(f"{name}: binary data, not text: give a UTF-8, UTF-16 or cp1252 text file")
    else:
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            text = _decode_legacy(data, name)
    if not text.strip():
        raise InputError(f"{name}: empty input: there is no text to analyse")
    return text


def _wide_encoding(head: bytes) -> str | None:
    """``utf-16``/``utf-32`` (a BOM), ``utf-16-le``/``utf-16-be`` (text without BOM: NUL
    bytes at nearly all odd, or all even, positions), else None."""
    for bom, encoding in _UTF32_BOMS.items():
        if head.startswith(bom):
            return encoding
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "utf-16"
    pairs = len(head) // 2
    if pairs < 2:
        return None
    even, odd = head[0 : 2 * pairs : 2].count(0), head[1 : 2 * pairs : 2].count(0)
    # Latin-script text in UTF-16: the high byte of almost every character is 0
    if odd >= 0.6 * pairs and even <= 0.05 * pairs:
        return "utf-16-le"
    if even >= 0.6 * pairs and odd <= 0.05 * pairs:
        return "utf-16-be"
    return None


def _decode_wide(data: bytes, encoding: str, name: str) -> str:
    unit = 4 if encoding.startswith("utf-32") else 2
    label = "UTF-32" if unit == 4 else "UTF-16"
    if len(data) % unit:
        raise InputError(f"{name}: {label} text with an odd number of bytes: the file is truncated")
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as exc:
        raise InputError(
            f"{name}: invalid {label} at byte {exc.start} ({exc.reason}): the file is damaged"
        ) from exc
    text = text.removeprefix("\ufeff")
    head = text[:4096]
    if _looks_binary(map(ord, head), len(head)):
        raise InputError(f"{name}: binary data, not text: give a UTF-8 or UTF-16 text file")
    if encoding in ("utf-16-le", "utf-16-be"):
        log.info("%r: decoded as %s (no byte order mark)", name, encoding)
    return text


def _looks_binary(codes: Iterable[int], length: int) -> bool:
    """Whether more than 1 % of ``length`` characters (or bytes), and more than 2, are
    control characters other than tab, line and page breaks: binary data, not text."""
    return sum(1 for c in codes if c in _CONTROL) > max(2, length // 100)


def _decode_legacy(data: bytes, name: str) -> str:
    from charset_normalizer import from_bytes

    best = from_bytes(
        data, cp_isolation=["cp1252", "latin_1", "iso8859_15", "mac_roman", "cp850", "utf_16"]
    ).best()
    if best is None:
        raise InputError(
            f"{name}: the bytes are in no known text encoding: convert the file to UTF-8"
        )
    log.info("%r: decoded as %s", name, best.encoding)
    return str(best)


def read_bytes(path: str | Path, max_bytes: int = MAX_BYTES) -> bytes:
    """The bytes of the file at ``path``, reading at most ``max_bytes + 1`` of them.

    Raises :class:`InputError` when it is missing, a folder, a device (``/dev/zero``…), not
    readable, or larger than ``max_bytes``. Pipes are read (``<(command)``), with the bound.
    """
    p = Path(path)
    size = check_readable(p)
    if size is not None and size > max_bytes:
        raise too_large(str(p), max_bytes, size)
    try:
        with p.open("rb") as f:
            data = f.read(max_bytes + 1)
    except OSError as exc:
        raise InputError(f"{p}: cannot read: {exc.strerror or exc}") from exc
    if len(data) > max_bytes:
        raise too_large(str(p), max_bytes)
    return data


def check_readable(path: str | Path) -> int | None:
    """The size of the file at ``path`` (None for a pipe); :class:`InputError` unless it is
    a file or a pipe (a folder, ``/dev/zero`` or another device is refused unread)."""
    p = Path(path)
    try:
        st = p.stat()
    except FileNotFoundError:
        raise InputError(f"{p}: no such file") from None
    except OSError as exc:
        raise InputError(f"{p}: cannot read: {exc.strerror or exc}") from exc
    if stat.S_ISDIR(st.st_mode):
        raise InputError(f"{p}: is a folder, give a file")
    if stat.S_ISFIFO(st.st_mode):
        return None
    if not stat.S_ISREG(st.st_mode):
        raise InputError(f"{p}: not a regular file ({_kind(st.st_mode)}): give a text file")
    return st.st_size


def _kind(mode: int) -> str:
    if stat.S_ISCHR(mode):
        return "a character device"
    if stat.S_ISBLK(mode):
        return "a block device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "a special file"


def read_text(path: str | Path, *, max_bytes: int = MAX_BYTES) -> RawDocument:
    """Read a text file (``-`` for standard input) into a :class:`RawDocument`, reading at
    most ``max_bytes + 1`` bytes (a larger input is refused, not read)."""
    if str(path) == "-":
        data = sys.stdin.buffer.read(max_bytes + 1)
        if len(data) > max_bytes:
            raise too_large("stdin", max_bytes)
        return RawDocument(decode(data, "stdin", max_bytes=max_bytes), {"path": "-"})
    data = read_bytes(path, max_bytes)
    return RawDocument(decode(data, str(path), max_bytes=max_bytes), {"path": str(path)})


def check_text(text: object, name: str = "", *, max_bytes: int = MAX_BYTES) -> str:
    """The text of a record (JSONL, CSV, feed item) if it is usable, else :class:`InputError`
    (whose message starts with ``name:`` when a name is given)."""
    where = f"{name}: " if name else ""
    if not isinstance(text, str):
        raise InputError(f"{where}'text' must be a string, not {type(text).__name__}")
    if not text.strip():
        raise InputError(f"{where}empty text: there is nothing to analyse")
    if len(text) > max_bytes:
        raise too_large(name, max_bytes)
    try:
        size = len(text.encode("utf-8"))
    except UnicodeEncodeError as exc:
        raise InputError(
            f"{where}invalid Unicode in the text (a lone surrogate at character {exc.start}): "
            "fix the program that wrote it"
        ) from None
    if size > max_bytes:
        raise too_large(name, max_bytes, size)
    head = text[:8192]
    if "\x00" in head or _looks_binary(map(ord, head), len(head)):
        raise InputError(f"{where}binary data, not text")
    return text


def failure_reason(exc: BaseException, name: str = "") -> str:
    """What to record when reading ``name`` raised ``exc``: the message of an
    :class:`InputError` (without the ``name:`` it starts with), else the kind of failure."""
    message = str(exc)
    prefix = f"{name}: "
    if isinstance(exc, InputError):
        return message[len(prefix) :] if name and message.startswith(prefix) else message
    if isinstance(exc, OSError):
        return f"cannot read: {exc.strerror or exc}"
    if isinstance(exc, UnicodeDecodeError):
        return f"cannot decode: {exc.reason} at byte {exc.start} ({exc.encoding})"
    if isinstance(exc, RecursionError):
        return "nested too deeply to be read (a malformed or hostile file)"
    if isinstance(exc, MemoryError):
        return "too large to read in memory: split it"
    return f"cannot read: {type(exc).__name__}: {message}"
