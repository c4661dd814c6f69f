"""Score tables as a one-sheet XLSX workbook with typed cells.

Levels are integers; index values are written from their Decimal, so the file carries exactly
the half-up two-decimal text (e.g. 4.77) with a 0.00 number format, and no binary float is
formed on our side. Every text is a string cell: a name or justification that looks like a
formula ("=…") or an error ("#N/A") stays text and is never evaluated.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import BinaryIO

from spbe_tui.services.scores import Cell

INDEX_FORMAT = "0.00"
# XML cannot hold most C0 controls; show them as their visible symbols (␛ and friends).
_XML_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def _xml_text(text: str) -> str:
    # An XML reader turns every CR into LF anyway; doing it here makes the file say what is read.
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return _XML_ILLEGAL.sub(lambda m: chr(0x2400 + ord(m.group())), text)


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

    workbook = Workbook(write_only=True)
    if log_head is not None:
        workbook.properties.keywords = log_head
        workbook.properties.description = (f"spbe-tui event log head {log_head}: check the log still extends it "
                                           f"with `spbe-tui audit verify --head {log_head}`")
    worksheet = workbook.create_sheet(sheet)
    worksheet.freeze_panes = "A2"

    def cell(value: Cell) -> object:
        # Plain values where openpyxl types them right (a long export has a million cells and a
        # cell object costs a third more); a cell object where it would not.
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
    try:
        worksheet.append(header)
        for row in rows:
            worksheet.append([cell(value) for value in row])
    except BaseException:
        _abandon(worksheet)
        raise
    workbook.save(handle)


def _abandon(worksheet) -> None:
    """A write-only sheet streams its rows to openpyxl's own temporary file until save(); close
    that stream and remove the file now, rather than leave part of the scores in the temporary
    directory until the interpreter exits."""
    worksheet.close()
    writer = getattr(worksheet, "_writer", None)
    if writer is not None:
        writer.cleanup()
