"""The corpus store: SQLite (WAL: one writer, readers query while it writes), named
migrations, full-text search (FTS5, accent-insensitive).

:func:`connect` opens a database for writing (creating and migrating it); :func:`open_read`
opens an existing one read-only. :mod:`veille.store.writer` stores analysed documents,
:mod:`veille.store.queries` answers questions with plain data.
"""

from __future__ import annotations

import logging
import os
import sqlite3
import unicodedata
from pathlib import Path

from veille.store.schema import MIGRATIONS, migrate

log = logging.getLogger(__name__)

DEFAULT_DB = "veille.db"
BUSY_TIMEOUT_MS = 30_000


class StoreError(RuntimeError):
    """The database cannot be opened or queried: the message says why and what to do."""


def default_db() -> Path:
    """``$VEILLE_DB`` if set, else ``./veille.db``."""
    return Path(os.environ.get("VEILLE_DB") or DEFAULT_DB)


def fold(value: str | None) -> str | None:
    """Lower case without accents: ``Poutine`` ≈ ``POUTINE``, ``Sergueï`` ≈ ``serguei``."""
    if value is None:
        return None
    decomposed = unicodedata.normalize("NFKD", value.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _setup(conn: sqlite3.Connection) -> sqlite3.Connection:
    conn.row_factory = sqlite3.Row
    conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    conn.execute("PRAGMA foreign_keys = ON")
    conn.create_function("fold", 1, fold, deterministic=True)
    return conn


def connect(path: str | Path) -> sqlite3.Connection:
    """Open (creating if needed) the database at ``path`` for writing, in WAL mode, with the
    schema migrated. Transactions are explicit (``BEGIN IMMEDIATE`` … ``COMMIT``)."""
    path = Path(path)
    if path.parent and not path.parent.exists():
        raise StoreError(f"{path}: the folder {path.parent} does not exist")
    try:
        conn = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
        _setup(conn)
        conn.execute("PRAGMA journal_mode = WAL")
        # WAL + NORMAL: a commit is atomic and the database consistent after a crash; only
        # the last transactions may be lost on power failure (not on a killed process).
        conn.execute("PRAGMA synchronous = NORMAL")
        migrate(conn)
    except sqlite3.DatabaseError as exc:
        raise StoreError(f"{path}: not a veille database or unreadable: {exc}") from exc
    return conn


def open_read(path: str | Path) -> sqlite3.Connection:
    """Open an existing database to query it (read-only; works while an ingest writes).
    A database made by an older veille is migrated first."""
    path = Path(path)
    if not path.is_file():
        raise StoreError(
            f"{path}: no such database: create it with `veille ingest PATH --db {path}`"
        )
    try:
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, isolation_level=None)
        _setup(conn)
        done = {row[0] for row in conn.execute("SELECT name FROM migrations")}
    except sqlite3.DatabaseError as exc:
        raise StoreError(f"{path}: not a veille database: {exc}") from exc
    if done < {name for name, _ in MIGRATIONS}:
        log.info("%s: made by an older veille, migrating it", path)
        conn.close()
        connect(path).close()
        return open_read(path)
    return conn
