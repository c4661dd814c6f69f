"""The errors every layer raises for a problem the user can act on; the CLI prints each as one
line and the apps as a notification, never as a traceback."""

from __future__ import annotations

from typing import Any


class SpbeError(Exception):
    """A user-facing error: its message says what is wrong and where."""


class Conflict(SpbeError):
    """Someone changed a versioned record (a decision, a team level) since it was read; nothing
    was overwritten. `current` holds what is stored now."""

    def __init__(self, message: str, current: Any):
        super().__init__(message)
        self.current = current


class StorageError(SpbeError):
    """The database could not do what was asked (disk full, read-only, locked, damaged); the
    message says why in words. Nothing was half-written: the transaction was rolled back."""
