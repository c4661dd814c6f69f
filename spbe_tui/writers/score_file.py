"""Write a score table to a file in the chosen format, atomically."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from spbe_tui.i18n import say
from spbe_tui.services.scores import Cell, Progress, ScoreTable
from spbe_tui.writers.atomic import atomic_write

FORMATS = ("csv", "xlsx")


def _tracked(table: ScoreTable, progress: Progress | None) -> Iterator[tuple[Cell, ...]]:
    total = len(table.rows)
    for done, row in enumerate(table.rows, start=1):
        yield row
        if progress:
            progress(done, total)


def write_table(
    target: Path, table: ScoreTable, fmt: str, excel: bool = False, progress: Progress | None = None,
    log_head: str | None = None,
) -> None:
    """`excel` applies to CSV only (see write_csv), `log_head` to XLSX only (see write_xlsx)."""
    with atomic_write(target) as handle:
        write_table_to(handle, table, fmt, excel, progress, log_head)


def write_table_to(
    handle: BinaryIO, table: ScoreTable, fmt: str, excel: bool = False, progress: Progress | None = None,
    log_head: str | None = None,
) -> None:
    """The table into an open binary stream (a file being written, or standard output).

    A CSV file has nowhere to hold the log head `N:HASH` the table was read at; its summary line
    carries it. An XLSX file holds it in its document properties.
    """
    if fmt not in FORMATS:
        raise ValueError(say("atomic_unknown_format", format=fmt))
    rows = _tracked(table, progress)
    if fmt == "xlsx":
        from spbe_tui.writers.xlsx_writer import write_xlsx

        write_xlsx(handle, table.name, table.columns, rows, log_head)
    else:
        from spbe_tui.writers.csv_writer import write_csv

        write_csv(handle, table.columns, rows, excel)
