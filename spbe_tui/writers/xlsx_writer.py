"""Score tables as a one-sheet XLSX workbook with typed cells.

Levels are integers; index values are written from their Decimal, so the file carries exactly
the half-up two-decimal text (e.g. 4.77) with a 0.00 number format, and no binary float is
formed on our side. Every text is a string cell: a name or justification that looks like a
formula ("=…") or an error ("#N/A") stays text and is never evaluated, except the stored UTC
times of a timestamp column (`at`, `…_at`), which become date-time cells a spreadsheet sorts
and filters as dates.

The sheet behaves as a table: the header row frozen, an autofilter over header and data, and
column widths from the content, bounded.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable, Sequence
from datetime import UTC, datetime
from decimal import Decimal
from typing import BinaryIO

from spbe_tui.i18n import say
from spbe_tui.services.scores import Cell

INDEX_FORMAT = "0.00"
# Stored times are UTC; a cell cannot carry a zone, so the format says it.
TIMESTAMP_FORMAT = 'yyyy-mm-dd hh:mm:ss "UTC"'
TIMESTAMP_WIDTH = len("2025-06-01 08:00:00 UTC")
MIN_WIDTH, MAX_WIDTH = 6, 60  # characters
# Widths are measured on the first rows only: the sheet is streamed, and its column widths are
# written before the first row.
MEASURED_ROWS = 500
# XML cannot hold most C0 controls; show them as their visible symbols (␛ and friends).
_XML_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def _xml_text(text: str) -> str:
    # An XML reader turns every CR into LF anyway; doing it here makes the file say what is read.
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return _XML_ILLEGAL.sub(lambda m: chr(0x2400 + ord(m.group())), text)


def is_timestamp_column(name: str) -> bool:
    return name == "at" or name.endswith("_at")


def _timestamp(text: str) -> datetime | None:
    """The stored ISO time as a naive UTC datetime; None for anything else (an empty cell)."""
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        return None
    return moment.astimezone(UTC).replace(tzinfo=None) if moment.tzinfo else moment


def _shown_width(value: Cell, timestamp: bool) -> int:
    if value is None:
        return 0
    if timestamp and isinstance(value, str) and value:
        return TIMESTAMP_WIDTH
    # A multi-line text wraps at its line breaks: its longest line is what needs room.
    return max(len(line) for line in str(value).split("\n"))


def column_widths(columns: Sequence[str], rows: Sequence[Sequence[Cell]]) -> list[int]:
    """Per column: its longest header or value (+2 for the filter button), within MIN_WIDTH–MAX_WIDTH."""
    stamps = [is_timestamp_column(name) for name in columns]
    widths = [len(name) + 2 for name in columns]
    for row in rows:
        for n, value in enumerate(row):
            widths[n] = max(widths[n], _shown_width(value, stamps[n]) + 2)
    return [min(MAX_WIDTH, max(MIN_WIDTH, width)) for width in widths]


def write_xlsx(
    handle: BinaryIO, sheet: str, columns: Sequence[str], rows: Iterable[Sequence[Cell]], log_head: str | None = None
) -> None:
    """`log_head` (N:HASH, the event log the scores were read at) goes in the document properties:
    Tags (keywords) holds it alone, to copy into `spbe-tui audit verify --head`; Comments
    (description) says what it is. Excel shows both under File > Info (Comments under "Show All
    Properties"), LibreOffice under File > Properties > Description, Windows Explorer in the
    file's details; a property, unlike a cell, leaves the sheet's rows as they are.
    """
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.cell.cell import ERROR_CODES
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    workbook = Workbook(write_only=True)
    if log_head is not None:
        workbook.properties.keywords = log_head
        workbook.properties.description = say("xlsx_log_head_description", head=log_head)
    worksheet = workbook.create_sheet(sheet)
    worksheet.freeze_panes = "A2"
    rows = iter(rows)
    first = list(itertools.islice(rows, MEASURED_ROWS))
    for n, width in enumerate(column_widths(columns, first), start=1):
        worksheet.column_dimensions[get_column_letter(n)].width = width
    stamps = [is_timestamp_column(name) for name in columns]

    def cell(value: Cell, timestamp: bool) -> object:
        # Plain values where openpyxl types them right (a long export has a million cells and a
        # cell object costs a third more); a cell object where it would not.
        if timestamp and isinstance(value, str):
            moment = _timestamp(value)
            if moment is not None:
                result = WriteOnlyCell(worksheet, value=moment)
                result.number_format = TIMESTAMP_FORMAT
                return result
        if isinstance(value, Decimal):
            # Set like WriteOnlyCell(value=) does: its stub leaves out Decimal, which Cell.value takes.
            result = WriteOnlyCell(worksheet)
            result.value = value
            result.number_format = INDEX_FORMAT
            return result
        if not isinstance(value, str):
            return value
        text = _xml_text(value)
        if not text.startswith("=") and text not in ERROR_CODES:
            return text
        result = WriteOnlyCell(worksheet, value=text)
        result.data_type = "s"  # set after the value: openpyxl reads "=…" as a formula, "#N/A" as an error
        return result

    header = []
    for name in columns:
        heading = WriteOnlyCell(worksheet, value=name)
        heading.font = Font(bold=True)
        header.append(heading)
    written = 1
    try:
        worksheet.append(header)
        for row in itertools.chain(first, rows):
            worksheet.append([cell(value, stamp) for value, stamp in zip(row, stamps, strict=True)])
            written += 1
    except BaseException:
        _abandon(worksheet)
        raise
    # The filter is written after the rows, so it can span exactly the ones there are.
    worksheet.auto_filter.ref = f"A1:{get_column_letter(max(1, len(columns)))}{written}"
    workbook.save(handle)


def _abandon(worksheet) -> None:
    """A write-only sheet streams its rows to openpyxl's own temporary file until save(); close
    that stream and remove the file now, rather than leave part of the scores in the temporary
    directory until the interpreter exits."""
    worksheet.close()
    writer = getattr(worksheet, "_writer", None)
    if writer is not None:
        writer.cleanup()
