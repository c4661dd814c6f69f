"""Checking the event log: what `spbe-tui audit verify` reports."""

from __future__ import annotations

from sqlite_utils import Database

from spbe_tui.storage.events import ChainBreak, verify_chain


def verify_log(db: Database) -> tuple[int, ChainBreak | None]:
    """How many entries were checked, and the first broken link if there is one."""
    return verify_chain(db)
