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
import stat
from pathlib import Path

from veille.store.schema import MIGRATIONS, migrate
from veille.text.fold import search_key

log = logging.getLogger(__name__)

DEFAULT_DB = "veille.db"
BUSY_TIMEOUT = 30.0  # seconds a writer waits for another one to release the database
SQLITE_HEADER = b"SQLite format 3\x00"
# The columns of veille's documents table that tell it from another program's.
_DOCUMENT_COLUMNS = {"id", "text", "pipeline_version", "schema_version", "dispatch"}


class StoreError(RuntimeError):
    """The database cannot be opened or queried: the message says why and what to do."""


def _sql_fold(value: str | None) -> str | None:
    """The ``fold()`` SQL function: :func:`~veille.text.fold.search_key` (``Poutine`` ≈
    ``POUTINE``, ``Sergueï`` ≈ ``serguei``), NULL for NULL. Applied to both sides of a name
    search when it runs: nothing stored depends on it."""
    return None if value is None else search_key(value)


def _setup(conn: sqlite3.Connection, busy_timeout: float = BUSY_TIMEOUT) -> sqlite3.Connection:
    conn.row_factory = sqlite3.Row
    conn.execute(f"PRAGMA busy_timeout = {max(0, int(busy_timeout * 1000))}")
    conn.execute("PRAGMA foreign_keys = ON")
    conn.create_function("fold", 1, _sql_fold, deterministic=True)
    return conn


def connect(path: str | Path, *, busy_timeout: float = BUSY_TIMEOUT) -> sqlite3.Connection:
    """Open (creating if needed) the database at ``path`` for writing, in WAL mode, with the
    schema migrated. Transactions are explicit (``BEGIN IMMEDIATE`` … ``COMMIT``).

    Everything that would make the writes fail is checked first, before anything is written:
    :class:`StoreError` if the file is not a veille database (another program's SQLite
    file is never touched), if it or its folder is read-only, or if another writer keeps it
    locked for ``busy_timeout`` seconds.
    """
    path = Path(path)
    if path.parent and not path.parent.exists():
        raise StoreError(f"{path}: the folder {path.parent} does not exist")
    _check_writable(path)
    if _exists(path):
        check_veille(path)
    try:
        conn = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    except sqlite3.Error as exc:
        raise StoreError(f"{path}: cannot open the database: {exc}") from exc
    try:
        _setup(conn, busy_timeout)
        _check_lock(conn, path, busy_timeout)
        conn.execute("PRAGMA journal_mode = WAL")
        # WAL + NORMAL: a commit is atomic and the database consistent after a crash; only
        # the last transactions may be lost on power failure (not on a killed process).
        conn.execute("PRAGMA synchronous = NORMAL")
        migrate(conn)
    except StoreError:
        conn.close()
        raise
    except sqlite3.Error as exc:
        conn.close()
        raise StoreError(f"{path}: {_explain(exc)}") from exc
    return conn


def _exists(path: Path) -> bool:
    """Whether ``path`` holds something (an empty file is a database still to create)."""
    try:
        st = path.stat()
    except FileNotFoundError:
        return False
    except OSError as exc:
        raise StoreError(f"{path}: cannot open: {exc.strerror or exc}") from exc
    if stat.S_ISDIR(st.st_mode):
        raise StoreError(f"{path}: is a folder: give a database file, e.g. {path / DEFAULT_DB}")
    if not stat.S_ISREG(st.st_mode):
        raise StoreError(f"{path}: not a regular file, not a veille database")
    return st.st_size > 0


def _check_writable(path: Path) -> None:
    """Refuse a database veille could read but not write, before any work is done."""
    folder = path.parent if str(path.parent) else Path(".")
    if path.exists() and not os.access(path, os.W_OK):
        raise StoreError(
            f"{path}: the database is read-only: make it writable (chmod u+w) "
            "or ingest into another --db"
        )
    if not os.access(folder, os.W_OK):
        raise StoreError(
            f"{path}: the folder {folder} is read-only (the database needs its journal "
            "files beside it): ingest into a database in a writable folder"
        )


def _check_lock(conn: sqlite3.Connection, path: Path, busy_timeout: float) -> None:
    """Take the write lock once and give it back: a read-only database or a writer holding
    the lock shows now, not after hours of analysis. Waits ``busy_timeout`` seconds for the
    lock, saying so."""
    try:
        conn.execute("PRAGMA busy_timeout = 0")
        try:
            conn.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as exc:
            if not _locked(exc) or busy_timeout <= 0:
                raise
            log.warning(
                "%s: locked by another writer, waiting up to %g s for it", path, busy_timeout
            )
            conn.execute(f"PRAGMA busy_timeout = {int(busy_timeout * 1000)}")
            conn.execute("BEGIN IMMEDIATE")
        conn.execute("ROLLBACK")
    except sqlite3.OperationalError as exc:
        if _locked(exc):
            raise StoreError(
                f"{path}: the database is locked by another writer (is another veille ingest "
                f"running?): waited {busy_timeout:g} s; try again when it is done"
            ) from exc
        raise StoreError(f"{path}: {_explain(exc)}") from exc
    finally:
        conn.execute(f"PRAGMA busy_timeout = {max(0, int(busy_timeout * 1000))}")


def _locked(exc: sqlite3.Error) -> bool:
    return "locked" in str(exc) or "busy" in str(exc)


def _explain(exc: sqlite3.Error) -> str:
    message = str(exc)
    if "readonly" in message or "read-only" in message:
        return (
            f"the database is read-only ({message}): make it and its folder writable, "
            "or ingest into another --db"
        )
    if _locked(exc):
        return f"the database is locked by another writer ({message}): try again when it is done"
    return f"not a veille database or unreadable: {message}"


def check_veille(path: str | Path) -> None:
    """Raise :class:`StoreError` unless the file at ``path`` is a veille database (or an
    empty SQLite file). Reads only: a file refused here is left exactly as it was."""
    path = Path(path)
    try:
        with path.open("rb") as f:
            header = f.read(len(SQLITE_HEADER))
    except OSError as exc:
        raise StoreError(f"{path}: cannot read: {exc.strerror or exc}") from exc
    if header != SQLITE_HEADER:
        raise StoreError(
            f"{path}: not a SQLite database, so not a veille one: "
            "give the path of a veille database, or of a new one, with --db"
        )
    try:
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
        try:
            problem = _not_veille(conn)
        finally:
            conn.close()
    except sqlite3.Error as exc:
        raise StoreError(f"{path}: unreadable SQLite database: {exc}") from exc
    if problem:
        raise StoreError(
            f"{path}: another program's database, not a veille one ({problem}): "
            "veille leaves it untouched; give another --db"
        )


def _not_veille(conn: sqlite3.Connection) -> str | None:
    """Why the database of ``conn`` is not veille's, or None (veille's, or empty)."""
    objects = {
        name
        for (name,) in conn.execute("SELECT name FROM sqlite_master WHERE name NOT LIKE 'sqlite_%'")
    }
    if not objects:
        return None
    if "migrations" not in objects:
        return f"it has tables ({_few(objects)}) and no veille migrations"
    columns = {row[1] for row in conn.execute("PRAGMA table_info(migrations)")}
    if not {"name", "applied_at"} <= columns:
        return f"its migrations table has columns {_few(columns)}"
    done = {name for (name,) in conn.execute("SELECT name FROM migrations")}
    known = {name for name, _ in MIGRATIONS}
    newer = {n for n in done - known if n[:4].isdigit() and n[4:5] == "_"}
    if done - known - newer:
        return f"its migrations are {_few(done - known)}, not veille's"
    if not done and objects - {"migrations"}:
        return f"it has tables ({_few(objects - {'migrations'})}) veille did not make"
    if "0001_initial" in done:
        cols = {row[1] for row in conn.execute("PRAGMA table_info(documents)")}
        if not cols >= _DOCUMENT_COLUMNS:
            return "its documents table is not veille's"
    if newer:
        return f"made by a newer veille (migrations {_few(newer)}): upgrade veille to use it"
    return None


def _few(names: set[str]) -> str:
    shown = sorted(names)[:5]
    return ", ".join(shown) + (", …" if len(names) > 5 else "")


def open_read(path: str | Path) -> sqlite3.Connection:
    """Open an existing database to query it (read-only; works while an ingest writes).
    A database made by an older veille is migrated first; nothing is ever written to a
    database that is not veille's."""
    path = Path(path)
    if not path.is_file():
        raise StoreError(
            f"{path}: no such database: create it with `veille ingest PATH --db {path}`"
        )
    if path.stat().st_size == 0:
        raise StoreError(f"{path}: an empty file, not a veille database yet: ingest into it")
    check_veille(path)
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
