"""The WAL checkpoint of a SQLite file, in a thread of its own.

By default the connection whose COMMIT brings the write-ahead log past 1,000 pages copies
the log into the database file and syncs it, inside that COMMIT. Outarde's connection runs
on the event loop (storage/sqlite_inline.py), so that copy would stop every ack and every
reply for as long as the disk takes. The loop's connection turns automatic checkpoints off
(``PRAGMA wal_autocheckpoint=0``) and this thread, with a connection of its own, checkpoints
the log every ``interval`` seconds while the loop goes on (sqlite3 releases the GIL).
PASSIVE never waits for a reader or a writer: what it cannot copy now it copies next time.
"""

from __future__ import annotations

import logging
import sqlite3
import threading

log = logging.getLogger("outarde.storage")
CHECKPOINT_INTERVAL = 0.5  # seconds between two checkpoints: the log holds that much writing


class WalCheckpointer:
    """Checkpoints the WAL of the database at ``path`` until ``stop``."""

    def __init__(self, path: str, interval: float = CHECKPOINT_INTERVAL) -> None:
        self.path = path
        self.interval = interval
        self.checkpoints = 0  # checkpoints done so far
        self._stopping = threading.Event()
        self._thread: threading.Thread | None = None

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def start(self) -> None:
        """Starts the thread unless it runs (again after ``stop``: an engine reopened)."""
        if self.running:
            return
        self._stopping.clear()
        self._thread = threading.Thread(target=self._run, name="sqlite-checkpoint", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        """Ends the thread after one last checkpoint (a clean log for the next process)."""
        self._stopping.set()
        if self._thread is not None and self._thread.is_alive():
            self._thread.join()

    def _run(self) -> None:
        try:
            connection = sqlite3.connect(self.path, timeout=0, check_same_thread=False)
        except sqlite3.Error as error:
            log.warning("sqlite checkpoint unavailable", extra={"error": type(error).__name__})
            return
        try:
            while not self._stopping.wait(self.interval):
                self._checkpoint(connection)
            self._checkpoint(connection)
        finally:
            connection.close()

    def _checkpoint(self, connection: sqlite3.Connection) -> None:
        try:
            connection.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchall()
        except sqlite3.Error as error:  # the next turn tries again; SQLite keeps the log
            log.warning("sqlite checkpoint failed", extra={"error": type(error).__name__})
            return
        self.checkpoints += 1
