"""Everything the engine must not forget across restarts, in one SQLite database.

Objects are kept as the JSON the API returns (``data``), plus the few columns that queries need and
the private bookkeeping (``internal``) the API never shows. One connection, one lock: the engine's
writes are small and rare next to training, and SQLite in WAL mode keeps readers cheap.
"""

from __future__ import annotations

import json
import os
import secrets
import sqlite3
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from engine.space import SpaceReserve, is_disk_full

JSONObject = dict[str, Any]

SCHEMA = """
CREATE TABLE IF NOT EXISTS files (
    seq INTEGER PRIMARY KEY AUTOINCREMENT, id TEXT UNIQUE NOT NULL, purpose TEXT NOT NULL,
    data TEXT NOT NULL, internal TEXT NOT NULL DEFAULT '{}');
CREATE TABLE IF NOT EXISTS uploads (
    seq INTEGER PRIMARY KEY AUTOINCREMENT, id TEXT UNIQUE NOT NULL,
    data TEXT NOT NULL, internal TEXT NOT NULL DEFAULT '{}');
CREATE TABLE IF NOT EXISTS jobs (
    seq INTEGER PRIMARY KEY AUTOINCREMENT, id TEXT UNIQUE NOT NULL, status TEXT NOT NULL,
    data TEXT NOT NULL, internal TEXT NOT NULL DEFAULT '{}');
CREATE TABLE IF NOT EXISTS events (
    seq INTEGER PRIMARY KEY AUTOINCREMENT, id TEXT UNIQUE NOT NULL, job_id TEXT NOT NULL,
    data TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS events_by_job ON events (job_id, seq);
CREATE TABLE IF NOT EXISTS checkpoints (
    seq INTEGER PRIMARY KEY AUTOINCREMENT, id TEXT UNIQUE NOT NULL, job_id TEXT NOT NULL,
    data TEXT NOT NULL, internal TEXT NOT NULL DEFAULT '{}');
CREATE TABLE IF NOT EXISTS models (
    seq INTEGER PRIMARY KEY AUTOINCREMENT, id TEXT UNIQUE NOT NULL, job_id TEXT,
    data TEXT NOT NULL, internal TEXT NOT NULL DEFAULT '{}');
"""

TABLES = {"files", "uploads", "jobs", "events", "checkpoints", "models"}


def new_id(prefix: str) -> str:
    return prefix + secrets.token_hex(12)


def now() -> int:
    return int(time.time())


@dataclass
class Page:
    items: list[JSONObject]
    has_more: bool

    def as_list(self) -> JSONObject:
        return {
            "object": "list",
            "data": self.items,
            "has_more": self.has_more,
            "first_id": self.items[0]["id"] if self.items else None,
            "last_id": self.items[-1]["id"] if self.items else None,
        }


class Store:
    def __init__(self, path: Path, reserve: SpaceReserve | None = None) -> None:
        self._lock = threading.RLock()
        self._reserve = reserve
        # Training data and prompts live here: only the user may read it (SQLite gives its -wal and
        # -shm files the database's own mode).
        os.close(os.open(path, os.O_RDWR | os.O_CREAT, 0o600))
        os.chmod(path, 0o600)
        self._connection = sqlite3.connect(str(path), check_same_thread=False, isolation_level=None)
        self._connection.execute("PRAGMA journal_mode=WAL")
        self._connection.execute("PRAGMA synchronous=NORMAL")
        self._connection.executescript(SCHEMA)

    def close(self) -> None:
        with self._lock:
            self._connection.close()

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """All statements inside run as one; a transaction inside another joins the outer one."""
        with self._lock:
            if self._connection.in_transaction:  # ours: the lock keeps other threads out
                yield self._connection
                return
            self._connection.execute("BEGIN IMMEDIATE")
            try:
                yield self._connection
            except BaseException:
                self._connection.execute("ROLLBACK")
                raise
            self._connection.execute("COMMIT")

    # --- generic objects ---------------------------------------------------------------------------

    def insert(
        self, table: str, data: JSONObject, internal: JSONObject | None = None, **columns: Any
    ) -> None:
        assert table in TABLES
        names = ["id", "data", *columns]
        values: list[Any] = [data["id"], json.dumps(data, ensure_ascii=False), *columns.values()]
        if internal is not None:
            names.append("internal")
            values.append(json.dumps(internal, ensure_ascii=False))
        with self._lock:
            self._connection.execute(
                f"INSERT INTO {table} ({', '.join(names)}) VALUES ({', '.join('?' * len(names))})", values
            )

    def get(self, table: str, object_id: str) -> JSONObject | None:
        assert table in TABLES
        with self._lock:
            row = self._connection.execute(f"SELECT data FROM {table} WHERE id = ?", (object_id,)).fetchone()
        return json.loads(row[0]) if row else None

    def get_internal(self, table: str, object_id: str) -> JSONObject:
        assert table in TABLES and table != "events"
        with self._lock:
            row = self._connection.execute(
                f"SELECT internal FROM {table} WHERE id = ?", (object_id,)
            ).fetchone()
        return json.loads(row[0]) if row else {}

    def update(
        self,
        table: str,
        object_id: str,
        changes: JSONObject | None = None,
        internal_changes: JSONObject | None = None,
    ) -> JSONObject:
        """Merge ``changes`` into an object's data (and its private bookkeeping); returns the new data."""
        assert table in TABLES and table != "events"
        with self.transaction() as connection:
            row = connection.execute(
                f"SELECT data, internal FROM {table} WHERE id = ?", (object_id,)
            ).fetchone()
            if row is None:
                raise KeyError(object_id)
            data, internal = json.loads(row[0]), json.loads(row[1])
            data.update(changes or {})
            internal.update(internal_changes or {})
            extra = ", status = ?" if table == "jobs" else ""
            values: list[Any] = [
                json.dumps(data, ensure_ascii=False),
                json.dumps(internal, ensure_ascii=False),
            ]
            if table == "jobs":
                values.append(data["status"])
            connection.execute(
                f"UPDATE {table} SET data = ?, internal = ?{extra} WHERE id = ?", [*values, object_id]
            )
        return data

    def delete(self, table: str, object_id: str) -> bool:
        """Delete one object; works on a full disk too (by giving back the space reserve)."""
        assert table in TABLES
        with self._lock:
            try:
                cursor = self._connection.execute(f"DELETE FROM {table} WHERE id = ?", (object_id,))
            except sqlite3.OperationalError as error:
                if not (is_disk_full(error) and self._reserve is not None and self._reserve.release()):
                    raise
                cursor = self._connection.execute(f"DELETE FROM {table} WHERE id = ?", (object_id,))
        return cursor.rowcount > 0

    def delete_metrics_after(self, job_id: str, step: int) -> int:
        """Remove a job's metrics events past ``step`` (steps a resume will train again)."""
        with self._lock:
            cursor = self._connection.execute(
                "DELETE FROM events WHERE job_id = ? AND json_extract(data, '$.type') = 'metrics' "
                "AND json_extract(data, '$.data.step') > ?",
                (job_id, step),
            )
        return cursor.rowcount

    def page(
        self,
        table: str,
        after: str | None,
        limit: int,
        where: str = "",
        parameters: tuple[Any, ...] = (),
        newest_first: bool = True,
    ) -> Page:
        """A page of objects in OpenAI's cursor style: ``after`` is the id of the last one seen."""
        assert table in TABLES
        clauses = [where] if where else []
        values: list[Any] = list(parameters)
        with self._lock:
            if after:
                row = self._connection.execute(f"SELECT seq FROM {table} WHERE id = ?", (after,)).fetchone()
                if row is None:
                    raise KeyError(after)
                clauses.append("seq < ?" if newest_first else "seq > ?")
                values.append(row[0])
            sql = f"SELECT data FROM {table}"
            if clauses:
                sql += " WHERE " + " AND ".join(f"({c})" for c in clauses)
            sql += f" ORDER BY seq {'DESC' if newest_first else 'ASC'} LIMIT ?"
            rows = self._connection.execute(sql, [*values, limit + 1]).fetchall()
        items = [json.loads(r[0]) for r in rows[:limit]]
        return Page(items, len(rows) > limit)

    def select(
        self, table: str, where: str = "", parameters: tuple[Any, ...] = ()
    ) -> list[tuple[JSONObject, JSONObject]]:
        """(data, internal) of every matching object, oldest first."""
        assert table in TABLES and table != "events"
        sql = f"SELECT data, internal FROM {table}" + (f" WHERE {where}" if where else "") + " ORDER BY seq"
        with self._lock:
            rows = self._connection.execute(sql, parameters).fetchall()
        return [(json.loads(r[0]), json.loads(r[1])) for r in rows]

    # --- events ------------------------------------------------------------------------------------

    def add_event(
        self,
        job_id: str,
        message: str,
        level: str = "info",
        kind: str = "message",
        data: JSONObject | None = None,
    ) -> JSONObject:
        event = {
            "id": new_id("ftevent-"),
            "object": "fine_tuning.job.event",
            "created_at": now(),
            "level": level,
            "message": message,
            "type": kind,
            "data": data or {},
        }
        with self._lock:
            self._connection.execute(
                "INSERT INTO events (id, job_id, data) VALUES (?, ?, ?)",
                (event["id"], job_id, json.dumps(event, ensure_ascii=False)),
            )
        return event

    def events_of(self, job_id: str) -> list[JSONObject]:
        """Every event of a job, oldest first."""
        with self._lock:
            rows = self._connection.execute(
                "SELECT data FROM events WHERE job_id = ? ORDER BY seq", (job_id,)
            ).fetchall()
        return [json.loads(r[0]) for r in rows]
