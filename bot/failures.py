"""What a failure means for the person (an outage, or a fault of ours) and how it is logged.

Only a database that cannot be reached is an outage (« momentanément indisponible »: try
again later). A query the database refuses is a fault of ours: the internal-error reply.
Logs name the error and where it happened, never the statement or its parameters.
"""

from __future__ import annotations

import logging
import traceback
from pathlib import Path

from sqlalchemy.exc import DBAPIError, OperationalError, StatementError

# asyncpg's errors for a lost or refused connection (named, so the core imports no driver)
_CONNECTION_ERRORS = {
    "ConnectionDoesNotExistError",
    "ConnectionFailureError",
    "CannotConnectNowError",
    "TooManyConnectionsError",
    "ConnectionRejectionError",
}
# what SQLite and the drivers say when the database is busy or out of reach (SQLite reports a
# missing table as an OperationalError too: that one is ours)
_OUT_OF_REACH = (
    "locked",
    "busy",
    "unable to open",
    "disk i/o",
    "connection",
    "could not connect",
    "server closed",
    "timed out",
    "timeout",
)
_PROJECT = Path(__file__).resolve().parents[1]
MESSAGE_LIMIT = 300


def is_outage(error: BaseException) -> bool:
    """True when the database (or the network to it) cannot be reached right now."""
    if isinstance(error, ConnectionError | TimeoutError):
        return True
    if isinstance(error, DBAPIError):
        if error.connection_invalidated or _is_connection_error(error.orig):
            return True
        said = str(error.orig).lower()
        return isinstance(error, OperationalError) and any(w in said for w in _OUT_OF_REACH)
    return isinstance(error, OSError)


def _is_connection_error(original: BaseException | None) -> bool:
    seen = 0
    while original is not None and seen < 5:  # the driver's error, and what caused it
        if isinstance(original, OSError) or type(original).__name__ in _CONNECTION_ERRORS:
            return True
        original, seen = original.__cause__, seen + 1
    return False


def summary(error: BaseException) -> dict[str, str]:
    """The error's kind, its message without any SQL statement or parameters, and the last
    place of the project's own code (above storage/) it went through."""
    message = str(error.orig if isinstance(error, StatementError) and error.orig else error)
    frames = [  # the project's own code above the database layer
        frame
        for frame in traceback.extract_tb(error.__traceback__)
        if frame.filename.startswith(str(_PROJECT))
        and not frame.filename.startswith((str(_PROJECT / ".venv"), str(_PROJECT / "storage")))
    ]
    where = ""
    if frames:
        last = frames[-1]
        where = f"{Path(last.filename).relative_to(_PROJECT)}:{last.lineno} in {last.name}"
    return {
        "error": type(error).__name__,
        "detail": message.split("\n[SQL:")[0][:MESSAGE_LIMIT],
        "where": where,
    }


def log_failure(log: logging.Logger, what: str, error: BaseException, **extra: object) -> None:
    """Log ``error`` under ``what``: a statement error without its SQL, anything else whole."""
    if isinstance(error, StatementError):
        log.error(what, extra={**extra, **summary(error)})
    else:
        log.error(what, exc_info=error, extra=extra)
